"""A note ranked high for a question brings in the article of law it cites for the point asked (Retriever.NOTE_BRIDGE):
notes are written in a user's words, the articles they cite in the statute's."""
from __future__ import annotations

from kb.answer import ask, compose_answer
from kb.retriever import Retriever, SearchResult
from tests.kb.conftest import EU_REG, TRADEMARK, make_doc

CIVIL_CODE = make_doc("中华人民共和国民法典 第三编 合同", [
    "第五百四十五条 债权人可以将债权的全部或者部分转让给第三人，但是有下列情形之一的除外：（一）根据债权性质不得转让；"
    "（二）按照当事人约定不得转让；（三）依照法律规定不得转让。",
    "第五百四十六条 债权人转让债权，未通知债务人的，该转让对债务人不发生效力。债权转让的通知不得撤销，但是经受让人同意的除外。",
    "第七百六十二条 保理合同的内容一般包括业务类型、服务范围、服务期限、基础交易合同和应收账款信息、保理融资款或者服务报酬及其支付方式等"
    "条款。保理合同应当采用书面形式。",
    "第七百六十四条 保理人向应收账款债务人发出应收账款转让通知的，应当表明保理人身份并附有必要凭证。",
])
# Its heading shares the question's words with its first sentence, which cites 545: the second answers (546).
NOTE = make_doc("知识产权证券化合规要点（ipabs 入门笔记）", [
    "第十条 应收账款转让给专项计划的条件。法律或者约定禁止转让的应收账款不能卖（《民法典》第五百四十五条）。"
    "卖了以后要告诉付款方，付款方收到消息之前，这笔买卖对他不算数（《民法典》第五百四十六条）。",
    "第十一条 专利年费晚交怎么办。晚交有滞纳金，期满仍不交，专利权终止（另见《中华人民共和国商标法》第三十九条）。",
], doc_type="note")
QUESTION = "应收账款转让给专项计划以后，要不要通知付款方？"


def _retriever(kb, *docs) -> Retriever:
    for doc in (CIVIL_CODE, NOTE, *docs):
        kb.add(doc)
    return Retriever(kb)


def _law(hits) -> list[str]:
    return [h.passage.article for h in hits if not h.passage.record.is_commentary]


def test_the_article_a_leading_note_cites_for_the_point_asked_ranks_first_among_the_law(kb):
    retriever = _retriever(kb)
    hits = retriever.search(QUESTION, k=6)
    assert _law(hits)[0] == "第五百四十六条", _law(hits)
    bridged = [h for h in hits if h.cited_by]
    assert bridged and all(h.cited_by == NOTE.chunks[0].chunk_id for h in bridged)
    # Of the two articles the note cites, the one that speaks to the question's words (转让, 通知 in 546 over 545).
    assert bridged[0].passage.article == "第五百四十六条"
    retriever.NOTE_BRIDGE = 0
    assert not any(h.cited_by for h in retriever.search(QUESTION, k=6))


def test_the_answer_quotes_the_cited_article_before_the_note(kb):
    answer = ask(_retriever(kb), QUESTION)
    assert answer.found
    assert (answer.citations[0].article, answer.citations[0].commentary) == ("第五百四十六条", False)


def test_an_article_of_another_jurisdiction_than_the_one_asked_about_counts_less(kb):
    # The note cites PRC law; a question about the EU rules keeps the EU article ahead of it.
    retriever = _retriever(kb, EU_REG)
    question = "Under the EU securitisation rules, must the originator keep part of the risk when it sells receivables?"
    law = [h for h in retriever.search(question, k=6) if not h.passage.record.is_commentary]
    assert law[0].passage.record.country == "EU", [(h.passage.article, h.cited_by) for h in law]


def test_an_article_that_shares_no_word_with_the_question_is_not_brought_in(kb):
    # The fee note cites the trademark term (注册商标的有效期为十年), which says nothing of fees paid late.
    hits = _retriever(kb, TRADEMARK).search("专利年费晚交了会怎样？", k=8)
    assert not any(h.cited_by for h in hits), [(h.passage.article, h.cited_by) for h in hits]


def test_an_article_a_note_ranked_answers_only_as_far_as_the_searches_agree(kb):
    # A note's article is no article the question names: close words with no single search leading with it are
    # still no answer (kb.answer._no_search_agrees; a sourdough question was answered with the patent term so).
    hits = _retriever(kb).search(QUESTION, k=6)
    assert hits[0].passage.record.is_commentary or hits[0].cited_by
    other = (CIVIL_CODE.doc_id, "第七百六十二条")
    words_only = SearchResult(hits)
    words_only.best_dense, words_only.best_lexical, words_only.indexed_chunks = 0.88, hits.best_lexical, hits.indexed_chunks
    words_only.leaders = (other, other)
    answer = compose_answer(QUESTION, words_only, referenced=[h.passage for h in hits if h.cited_by])
    assert not answer.found and answer.searches_agreeing == 0
