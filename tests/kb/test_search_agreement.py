"""How many of the hybrid search's single lists lead with the article an answer quotes first, and what the answer's
heading then claims: governing (two lists agree), the nearest to check (one), or no clear answer (none)."""
from __future__ import annotations

from kb.answer import compose_answer
from kb.retriever import Retriever, SearchResult
from tests.kb.conftest import PATENT_2020, TRADEMARK, make_doc

PATENT_NOTE = make_doc("Starter note on patents", [
    "Section 1. Annual fees. 专利权人应当自被授予专利权的当年开始缴纳年费 (Patent Law Art 43).",
], jurisdiction="CN", doc_type="note")
FEES = "专利权人从哪一年开始交年费？"
OTHER = (TRADEMARK.doc_id, "第三十九条")


def _library(kb):
    for doc in (PATENT_2020, TRADEMARK, PATENT_NOTE):
        kb.add(doc)
    return Retriever(kb)


def _with_leaders(hits: SearchResult, leaders: tuple, best_dense: float | None = None, heads: tuple = ()) -> SearchResult:
    """The search's hits as found, with the single lists' leaders and heads (and the best similarity) given."""
    changed = SearchResult(hits)
    changed.best_dense, changed.best_lexical, changed.indexed_chunks = hits.best_dense, hits.best_lexical, hits.indexed_chunks
    changed.leaders, changed.heads = leaders, heads
    if best_dense is not None:
        changed.best_dense = best_dense
    return changed


def test_each_list_of_a_hybrid_search_reports_its_leading_article_of_law(kb):
    retriever = _library(kb)
    hits = retriever.search(FEES, k=5)
    # A library of one language: the search by meaning and the search by words (no translated terms).
    assert hits.leaders == ((PATENT_2020.doc_id, "第四十三条"),) * 2
    assert all(doc_id != PATENT_NOTE.doc_id for doc_id, _ in hits.leaders)   # a note leads no list of law
    assert [head[0] for head in hits.heads] == list(hits.leaders)
    assert all(len(set(head)) == len(head) <= Retriever.HEAD_ARTICLES for head in hits.heads)
    assert retriever.search(FEES, k=5, mode="dense").leaders == ()


def test_close_words_with_no_search_leading_are_not_an_answer(kb):
    # kb.answer: a Chinese question is carried by the meaning alone at 0.90, by close words between 0.875 and it.
    hits = _library(kb).search(FEES, k=5)
    first = (PATENT_2020.doc_id, "第四十三条")
    words = compose_answer(FEES, _with_leaders(hits, (OTHER, OTHER), best_dense=0.88))
    assert not words.found and words.searches_agreeing == 0 and "字面相近" in words.answer
    assert (words.related[0].doc_id, words.related[0].article) == first   # still shown, as related
    meaning = compose_answer(FEES, _with_leaders(hits, (OTHER, OTHER), best_dense=0.95))
    assert meaning.found and meaning.answer.startswith("知识库中没有明确回答该问题的条文")
    led = compose_answer(FEES, _with_leaders(hits, (first, OTHER), best_dense=0.88))
    assert led.found and led.searches_agreeing == 1


def test_close_words_count_two_searches_holding_the_first_article_near_their_top(kb):
    # Second in one list and third in another is agreement enough (kb.answer.NEAR_LISTS); one list is not.
    hits = _library(kb).search(FEES, k=5)
    first = (PATENT_2020.doc_id, "第四十三条")
    near_both = compose_answer(FEES, _with_leaders(hits, (OTHER, OTHER), 0.88, heads=((OTHER, first), (OTHER, OTHER, first))))
    assert near_both.found and (near_both.searches_agreeing, near_both.searches_near) == (0, 2)
    assert near_both.answer.startswith("没有一种单独检索把下列第一条排在首位，但有两种检索把它排在前三位")
    near_one = compose_answer(FEES, _with_leaders(hits, (OTHER, OTHER), 0.88, heads=((OTHER, first), (OTHER,))))
    assert not near_one.found and "字面相近" in near_one.answer


def test_the_heading_says_how_far_the_searches_agree_on_the_first_article(kb):
    hits = _library(kb).search(FEES, k=5)
    first = (PATENT_2020.doc_id, "第四十三条")
    both = compose_answer(FEES, _with_leaders(hits, (first, first, OTHER)))
    one = compose_answer(FEES, _with_leaders(hits, (first, OTHER, OTHER)))
    none = compose_answer(FEES, _with_leaders(hits, (OTHER, OTHER, OTHER)))
    assert [a.searches_agreeing for a in (both, one, none)] == [2, 1, 0]
    assert all(a.found and (a.citations[0].doc_id, a.citations[0].article) == first for a in (both, one, none))
    assert both.answer.startswith("依据知识库中的条文")
    assert "不同检索方式对首条意见不一" in one.answer and not one.answer.startswith("依据")
    assert none.answer.startswith("知识库中没有明确回答该问题的条文") and none.to_json()["searches_agreeing"] == 0
    english = compose_answer("From which year must a patentee pay annual fees?", _with_leaders(hits, (OTHER, OTHER)))
    assert english.answer.startswith("No provision in the knowledge base clearly answers this")


def test_a_limit_stated_or_an_article_named_is_quoted_for_that_not_for_the_lists(kb):
    retriever = _library(kb)
    term = "外观设计专利权的期限是多少年？"
    stated = compose_answer(term, _with_leaders(retriever.search(term, k=5), (OTHER, OTHER, OTHER)))
    assert stated.searches_agreeing is None and stated.answer.startswith("依据知识库中的条文")
    assert (stated.citations[0].doc_id, stated.citations[0].article) == (PATENT_2020.doc_id, "第四十二条")
    named = [p for p in kb.iter_passages() if p.doc_id == PATENT_2020.doc_id and p.article == "第四十三条"]
    asked = compose_answer(FEES, _with_leaders(retriever.search(FEES, k=5), (OTHER, OTHER, OTHER)), named=named)
    assert asked.searches_agreeing is None and asked.answer.startswith("依据知识库中的条文")


def test_an_answer_across_languages_says_how_far_the_searches_agree(kb):
    # user12: every English answer over Chinese law had one heading, right (two searches leading) or not (none).
    hits = _library(kb).search(FEES, k=5)
    first = (PATENT_2020.doc_id, "第四十三条")
    question = "From which year must a patentee pay annual fees?"
    two = compose_answer(question, _with_leaders(hits, (first, first, OTHER)))
    one = compose_answer(question, _with_leaders(hits, (first, OTHER, OTHER)))
    assert "found across languages (an English question, Chinese law; two of the separate searches lead" in two.answer
    assert "found across languages (an English question, Chinese law; the separate searches differ" in one.answer
    # The English captions' two lists make up to five searches: the heading gives their count, not "two".
    four = compose_answer(question, _with_leaders(hits, (first, first, OTHER, first, first)))
    assert "Chinese law; four of the separate searches lead with the first" in four.answer
