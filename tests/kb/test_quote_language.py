"""A question in one language quotes the answering sentence of an article in the other, by meaning."""
from __future__ import annotations

import pytest

from app.ingestion import ingest_paths
from kb.answer import ask
from kb.quotes import answering_quote
from kb.retriever import Retriever
from tests.shared import CORPUS, require

ARTICLE = "第一条 甲方应当按月付款。\n\n乙方未经登记不得对抗善意第三人。"


def test_the_most_similar_sentence_is_quoted_when_a_similarity_is_given():
    # No shared words, not even through the glossary: by words alone the first sentence stands; by meaning,
    # the one the scores favour.
    question = "What happens if that step is skipped?"
    assert answering_quote(question, ARTICLE).startswith("第一条")
    scores = {"第一条 甲方应当按月付款。": 0.70, "乙方未经登记不得对抗善意第三人。": 0.82}
    assert answering_quote(question, ARTICLE, similarity=scores) == "乙方未经登记不得对抗善意第三人。"


@pytest.mark.corpus
@pytest.mark.slow
def test_an_english_question_quotes_the_answering_paragraph_of_a_chinese_article(kb):
    # 商标法第四十三条 has three paragraphs; only the last says an unrecorded licence cannot be set up
    # against a third party in good faith. Its first sentence (the licence contract) is no answer.
    corpus = require(CORPUS)
    laws = [corpus / "CN-L-商标法-2019.md", corpus / "EU-Reg-2017-2402-Securitisation-Art6-18-22-excerpt.md"]
    assert ingest_paths(kb, laws, {}).counts()["failed"] == 0
    answer = ask(Retriever(kb), "Does a trademark licence have to be recorded to bind third parties?")
    article = next(c for c in answer.citations if c.article == "第四十三条")
    assert "未经备案不得对抗善意第三人" in article.quote, answer.answer
