"""The chat's follow-up "那外观设计呢？" after an invention patent's term, resolved, over the whole corpus: the design term's article."""
from __future__ import annotations

import pytest

from app.ingestion import ingest_paths
from kb.library import KnowledgeBase
from kb.retriever import Retriever
from tests.conftest import link_e5_models
from tests.shared import CORPUS, missing

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=missing(CORPUS)),
]


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory, e5_models) -> KnowledgeBase:
    kb = KnowledgeBase.open(link_e5_models(tmp_path_factory.mktemp("corpus"), e5_models), "e5")
    assert ingest_paths(kb, [CORPUS], {}).counts()["failed"] == 0
    return kb


def test_a_design_patents_term_is_among_the_first_seven(corpus_kb):
    # 专利法第四十二条 says 期限 ("外观设计专利权的期限为十五年") where the question says 保护期, and
    # the rules' design articles (实施细则第一百四十一条: 2个月内) share its other words. Of the first 20 fused hits,
    # the one stating the term asked after the word asked with rises (kb.limit_rank); looking at the first 10
    # only, 第四十二条 stays below the seventh hit.
    hits = Retriever(corpus_kb).search("外观设计专利的保护期多长？", k=7)
    assert any(h.passage.title.startswith("中华人民共和国专利法（") and h.passage.article == "第四十二条" for h in hits), \
        [(h.passage.title[:14], h.passage.article) for h in hits]
