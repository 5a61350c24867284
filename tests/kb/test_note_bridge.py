"""A note ranked high for a question brings in the article of law it cites for the point asked (Retriever.NOTE_BRIDGE):
notes are written in a user's words, the articles they cite in the statute's."""
from __future__ import annotations

from kb.answer import compose_answer
from kb.retriever import Hit, Retriever, SearchResult
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


def _library(kb, *docs) -> Retriever:
    for doc in (CIVIL_CODE, NOTE, *docs):
        kb.add(doc)
    return Retriever(kb)


def _passage(kb, doc, article):
    return next(p for p in kb.iter_passages() if p.doc_id == doc.doc_id and p.article == article)


def _cite(retriever, question, note_article, head_articles=(), weight=lambda passage: 1.0, note_doc=NOTE):
    """What the note ranked first (fused 0.04) brings into a head of these articles of the Civil Code (0.02 each)."""
    kb = retriever.kb
    note = _passage(kb, note_doc, note_article)
    head = [(_passage(kb, CIVIL_CODE, a).chunk_id, 0.02) for a in head_articles]
    passages = {note.chunk_id: note, **{cid: _passage(kb, CIVIL_CODE, a) for (cid, _), a in zip(head, head_articles)}}
    law = [r for r in kb.documents().values() if not r.is_commentary]
    ranked, cited_by = retriever._articles_notes_cite(question, head + [(note.chunk_id, 0.02)],
                                                      {note.chunk_id: 0.04, **dict(head)}, passages, law, weight)
    return [(passages[cid].article, score) for cid, score in ranked], {passages[c].article: n for c, n in cited_by.items()}


def test_a_leading_note_brings_in_the_article_its_answering_sentence_cites(kb):
    ranked, cited_by = _cite(_library(kb), QUESTION, "第十条", ["第七百六十四条"])
    # At the note's own score; not 545, which the note's heading and first sentence share the question's words with.
    assert ranked[0] == ("第五百四十六条", 0.04) and "第五百四十五条" not in dict(ranked)
    assert cited_by["第五百四十六条"].article == "第十条"
    weighed = _cite(Retriever(kb), QUESTION, "第十条", ["第七百六十四条"], weight=lambda passage: 0.25)[0]
    assert dict(weighed)["第五百四十六条"] == 0.01   # another jurisdiction, an instrument not named


def test_an_article_the_searches_found_too_is_lifted_not_credited_to_the_note(kb):
    ranked, cited_by = _cite(_library(kb), QUESTION, "第十条", ["第七百六十四条", "第五百四十六条"])
    assert ranked[0] == ("第五百四十六条", 0.04) and not cited_by


def test_an_article_that_shares_no_word_with_the_question_is_not_brought_in(kb):
    # The fee note cites the trademark term (注册商标的有效期为十年), which says nothing of fees paid late.
    ranked, cited_by = _cite(_library(kb, TRADEMARK), "专利年费晚交了会怎样？", "第十一条")
    assert not cited_by and "第三十九条" not in dict(ranked)


# Its answering sentence is on factoring contracts, and cites 545 in passing.
FACTORING_NOTE = make_doc("保理要点（ipabs 入门笔记）", [
    "第一条 保理怎么签。保理合同要写成书面的，写明应收账款信息和保理融资款，能不能转让另看（《民法典》第五百四十五条）。",
], doc_type="note")


def test_an_article_far_less_on_the_question_than_the_law_found_is_not_brought_in(kb):
    # 762 (found) holds the question's 保理合同, 书面形式, 应收账款; 545, cited in passing, only 转让 and 债权.
    retriever = _library(kb, FACTORING_NOTE)
    question = "保理合同必须采用书面形式吗？要写明哪些应收账款信息，能转让吗？"
    ranked, cited_by = _cite(retriever, question, "第一条", ["第七百六十二条"], note_doc=FACTORING_NOTE)
    assert not cited_by and "第五百四十五条" not in dict(ranked)
    retriever.BRIDGE_COVERAGE = 0.0   # the check off: the same note brings it in
    assert "第五百四十五条" in _cite(retriever, question, "第一条", ["第七百六十二条"], note_doc=FACTORING_NOTE)[1]


def test_the_search_brings_the_articles_in_only_when_on(kb):
    retriever = _library(kb)
    retriever.NOTE_BRIDGE = 0
    calls = []
    retriever._articles_notes_cite = lambda *args: calls.append(args)
    retriever.search(QUESTION, k=6)
    assert not calls


def test_an_article_of_another_jurisdiction_than_the_one_asked_about_counts_less(kb):
    # The note cites PRC law; a question about the EU rules keeps the EU article ahead of it.
    retriever = _library(kb, EU_REG)
    question = "Under the EU securitisation rules, must the originator keep part of the risk when it sells receivables?"
    law = [h for h in retriever.search(question, k=6) if not h.passage.record.is_commentary]
    assert law[0].passage.record.country == "EU", [h.passage.article for h in law]


def _found_through_note(retriever, best_dense: float) -> SearchResult:
    """The search's hits, as if 546 had been found only through the note's citation and every single search led with
    764, with this best similarity (kb.answer.evidence: a Chinese question's meaning carries it at 0.90, close words
    between 0.875 and that)."""
    found = retriever.search(QUESTION, k=6)
    note = _passage(retriever.kb, NOTE, "第十条")
    hits = SearchResult([Hit(h.passage, h.score, cited_by=note) if h.passage.article == "第五百四十六条" else h
                         for h in sorted(found, key=lambda h: h.passage.article != "第五百四十六条")])
    hits.best_dense, hits.best_lexical, hits.indexed_chunks = best_dense, found.best_lexical, found.indexed_chunks
    hits.leaders = ((CIVIL_CODE.doc_id, "第七百六十四条"),) * 2
    return hits


def test_the_answer_quotes_the_article_first_and_names_the_note_it_was_found_through(kb):
    hits = _found_through_note(_library(kb), 0.95)
    answer = compose_answer(QUESTION, hits, referenced=[hits[0].passage])
    assert answer.found and (answer.citations[0].article, answer.citations[0].commentary) == ("第五百四十六条", False)
    assert any("知识产权证券化合规要点" in notice and "第十条" in notice for notice in answer.notices), answer.notices
    # A short article is quoted whole: the notice rule and its proviso.
    assert answer.citations[0].quote.endswith("但是经受让人同意的除外。")
    assert answer.searches_agreeing == 0   # no single search leads with it: the heading says so


def test_an_article_a_note_found_answers_only_as_far_as_the_searches_agree(kb):
    # A note's article is no article the question names: close words with no single search leading with it are
    # still no answer (kb.answer._no_search_agrees; a sourdough question was answered with the patent term so).
    hits = _found_through_note(_library(kb), 0.88)
    answer = compose_answer(QUESTION, hits, referenced=[hits[0].passage])
    assert not answer.found and answer.searches_agreeing == 0


def test_a_note_found_by_words_alone_is_no_yardstick_for_an_article_found_by_meaning_alone(kb):
    # questions_fresh9 f9-022: an English note led a Chinese question through its translated terms (no similarity
    # measured), and the answer said no law was found, though the governing article stood second, found by meaning.
    retriever = _library(kb)
    note, article = _passage(kb, NOTE, "第十条"), _passage(kb, CIVIL_CODE, "第五百四十六条")
    question = "把钱款卖给计划以后，欠钱的一方得先知道吗？"   # few of the article's words
    found = retriever.search(question, k=6)

    def answered(note_hit: Hit):
        hits = SearchResult([note_hit, Hit(article, 1 / 62, 0.80, None)])
        hits.best_dense, hits.best_lexical, hits.indexed_chunks = 0.95, 3.0, found.indexed_chunks
        return compose_answer(question, hits)

    by_words = answered(Hit(note, 1 / 61, None, 3.0))
    assert by_words.found and [c.article for c in by_words.citations if not c.commentary] == ["第五百四十六条"]
    # A note found by meaning too is measured with the article on it: far closer, it answers alone, as commentary.
    by_meaning = answered(Hit(note, 1 / 61, 0.95, 3.0))
    assert by_meaning.found and all(c.commentary for c in by_meaning.citations)
