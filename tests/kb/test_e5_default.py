"""The default `e5` embedding (what users run, and what the not-found gates are calibrated on) through the kb."""
from __future__ import annotations

import pytest

from kb.answer import ask
from kb.embeddings import RebuiltE5Embeddings
from kb.library import KnowledgeBase
from kb.retriever import Retriever
from tests.kb.conftest import EU_REG, PATENT_2020, TRADEMARK

pytestmark = pytest.mark.slow   # the session's first `e5` builds the model (about a minute), unless `make run` did


def test_default_e5_cites_the_governing_article_and_says_not_found_off_topic(e5_data_dir):
    kb = KnowledgeBase.open(e5_data_dir, "e5")
    assert isinstance(kb.embeddings, RebuiltE5Embeddings)   # the rebuilt model, not the C engine most tests use
    for doc in (PATENT_2020, TRADEMARK, EU_REG):
        kb.add(doc)
    retriever = Retriever(kb)
    zh = ask(retriever, "外观设计专利权的期限是多少年？")
    assert zh.found and (zh.citations[0].article, zh.citations[0].doc_id) == ("第四十二条", PATENT_2020.doc_id)
    assert "十五年" in zh.citations[0].quote
    en = ask(retriever, "Who must retain a material net economic interest in a securitisation?")
    assert en.found and (en.citations[0].article, en.citations[0].doc_id) == ("Article 6", EU_REG.doc_id)
    for off_topic in ("如何办理离婚手续", "How do I bake sourdough bread?"):
        answer = ask(retriever, off_topic)
        assert not answer.found and not answer.citations, off_topic
