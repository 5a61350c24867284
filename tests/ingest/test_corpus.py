"""Every law text in ../shared/corpus parses; spot checks on the articles retrieval depends on."""
from __future__ import annotations

import pytest

from ingest import iter_files, parse_file
from tests.shared import CORPUS, missing

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not CORPUS.is_dir(), reason=missing(CORPUS))]


@pytest.fixture(scope="module")
def documents():
    return {path.name: parse_file(path) for path in iter_files([CORPUS]) if path.suffix == ".md"}


def test_every_corpus_file_parses_into_chunks(documents):
    assert documents
    for name, document in documents.items():
        assert document.chunks, name
        assert document.title and document.language in ("zh", "en"), name
        assert all(len(c.text) <= 2000 for c in document.chunks), name
        assert [c.seq for c in document.chunks] == list(range(len(document.chunks))), name


def test_patent_law_article_42(documents):
    law = next(d for name, d in documents.items() if "专利法-2020" in name)
    chunk = next(c for c in law.chunks if c.article == "第四十二条")
    assert chunk.text.startswith("第四十二条 发明专利权的期限为二十年")
    assert chunk.path.startswith("第五章") and chunk.article_no == 42
    assert (law.doc_type, law.jurisdiction, law.effective_from) == ("law", "CN", "2021-06-01")


def test_chinese_laws_have_one_chunk_per_article(documents):
    for name, document in documents.items():
        if name.startswith(("CN-L-", "CN-R-", "CN-J-", "CN-M-", "CN-LOCAL-")):
            labels = [c.article for c in document.chunks if c.article and c.part <= 1]
            assert len(labels) == len(set(labels)), name  # no article cut in two by a stray heading
            assert all(label.startswith("第") and label.endswith("条") for label in labels), name


def test_eu_excerpt_articles(documents):
    eu = next(d for name, d in documents.items() if name.startswith("EU-"))
    labels = {c.article for c in eu.chunks}
    assert {"Article 6", "Article 18", "Article 22"} <= labels
    first = next(c for c in eu.chunks if c.article == "Article 6")
    assert first.text.startswith("Article 6\n\nRisk retention\n\n1.")   # headings stand apart from the text
    assert (eu.jurisdiction, eu.language, eu.doc_type) == ("EU", "en", "regulation")


def test_regulators_normative_documents_and_self_regulatory_rules_are_typed_as_such(documents):
    # The CSRC's 2014 ABS rules (部门规范性文件) were typed "policy", beside the IP strategy papers; the
    # exchanges' and AMAC's rules "other" or "departmental_rule".
    types = {name: d.doc_type for name, d in documents.items()}
    assert {n for n, t in types.items() if t == "policy"} == {n for n in types if n.startswith("CN-P-")}
    assert {t for n, t in types.items() if n.startswith("CN-M-")} == {"departmental_rule"}
    assert {n for n, t in types.items() if t == "self_regulatory_rule"} == {n for n in types if n.startswith("CN-SRO-")}
