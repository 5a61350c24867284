"""The evidence gate across languages: an English question over a library of Chinese law alone."""
from __future__ import annotations

import pytest

from app.ingestion import ingest_paths
from kb.answer import ask
from kb.retriever import Retriever
from tests.shared import CORPUS, require


@pytest.mark.corpus
@pytest.mark.slow
def test_english_questions_over_chinese_law_alone_are_answered_and_off_topic_still_refused(kb):
    # Its English questions' dense similarities sit below the English floors (about 0.79 here); until an
    # English document was added beside it, such a library answered them "not found".
    assert ingest_paths(kb, [require(CORPUS) / "CN-L-商标法-2019.md"], {}).counts()["failed"] == 0
    retriever = Retriever(kb)
    answer = ask(retriever, "Does a trademark licence have to be recorded to bind third parties?")
    assert answer.found and any(c.article == "第四十三条" for c in answer.citations), answer.answer
    assert ask(retriever, "How long does a registered trademark last?").found
    for off_topic in ("How do I reset my home router password?", "What is the penalty for speeding in California?",
                      "Who won the 2018 FIFA World Cup?"):
        assert not ask(retriever, off_topic).found, off_topic
