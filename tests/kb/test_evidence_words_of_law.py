"""Words shared carry an answer only when the question uses a word of law (kb.answer.evidence): the English
glosses of Chinese articles share everyday words ("training plan": 培训, 计划) with any question."""
from __future__ import annotations

from kb.answer import CALIBRATION_CHUNKS, DENSE_FLOOR, MIN_LEXICAL_SCORE, WORDS, evidence
from kb.glossary import translation
from kb.retriever import Hit, SearchResult
from tests.kb.conftest import PATENT_2020


def _found(kb, best_dense: float, best_lexical: float) -> SearchResult:
    """A search whose best similarity (`best_dense`) and BM25 score (`best_lexical`) were seen in the same
    language's passages; the Chinese article it returns is far off by meaning (0.70)."""
    kb.add(PATENT_2020)
    passage = next(p for p in kb.iter_passages() if p.article == "第四十三条")
    hits = SearchResult([Hit(passage, 0.03, 0.70, best_lexical)])
    hits.best_dense, hits.best_lexical, hits.indexed_chunks = best_dense, best_lexical, CALIBRATION_CHUNKS
    return hits


def test_close_words_answer_a_question_of_law(kb):
    hits = _found(kb, DENSE_FLOOR["en"], MIN_LEXICAL_SCORE)   # both at their floor
    assert evidence("When must a patentee start paying the annual fee?", hits) == WORDS


def test_the_same_closeness_answers_no_question_without_a_word_of_law(kb):
    question = "What's a sensible 12-week training plan for a first half-marathon?"
    assert translation(question) == ""
    assert evidence(question, _found(kb, DENSE_FLOOR["en"], MIN_LEXICAL_SCORE)) == ""
    assert translation("红烧肉怎么做才不油腻？") == ""
    assert translation("专利年费什么时候交？")   # 专利 is one
