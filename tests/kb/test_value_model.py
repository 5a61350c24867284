"""Document fields live in the registry record only: versions stay true, filters run in Chroma, old archives import."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from kb.answer import ask
from kb.connection import connect
from kb.library import KnowledgeBase
from kb.lookup import lookup_basis
from kb.retriever import Filters, Retriever
from kb.store import ChromaStore
from tests.kb.conftest import PATENT_2008, PATENT_2020, TRADEMARK, make_doc


def test_chunks_keep_only_their_own_and_filter_fields(kb):
    kb.add(PATENT_2020)
    stored = kb.store.chunks.get(include=["metadatas"])["metadatas"]
    assert stored and all(set(m) <= {"doc_id", "article", "path", "page", "seq", "part", "jurisdiction", "doc_type"}
                          for m in stored)


def test_a_superseded_version_is_cited_as_superseded(kb):
    kb.add(PATENT_2008)
    before = ask(Retriever(kb), "外观设计专利权的期限", filters=Filters(as_of="2015-01-01"))
    assert before.citations[0].to_json()["status"] == "in_force"
    kb.add(PATENT_2020)   # a later version: only the registry record of 2008 changes
    after = ask(Retriever(kb), "外观设计专利权的期限", filters=Filters(as_of="2015-01-01")).citations[0].to_json()
    assert after["doc_id"] == PATENT_2008.doc_id
    assert (after["status"], after["state_on_as_of"]) == ("superseded", "in_force")
    assert (after["effective_to"], after["superseded_by"]) == ("2021-06-01", PATENT_2020.doc_id)


def test_deleting_the_version_in_force_brings_the_previous_one_back(new_kb):
    kb, other = new_kb(), new_kb()   # two app instances sharing one store
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    assert other.documents()[PATENT_2008.doc_id].superseded_by == PATENT_2020.doc_id
    kb.delete(PATENT_2020.doc_id)
    for instance in (kb, other):
        old = instance.documents()[PATENT_2008.doc_id]
        assert (old.superseded_by, old.effective_to) == ("", "")
        answer = ask(Retriever(instance), "外观设计专利权的期限是多少年？")
        assert answer.found and answer.citations[0].doc_id == PATENT_2008.doc_id
        assert answer.citations[0].to_json()["status"] == "in_force"


def test_deleting_a_middle_version_links_its_neighbours(kb):
    middle = make_doc("中华人民共和国专利法（2015年修正）", ["第四十二条 发明专利权的期限为二十年。"],
                      effective_from="2015-06-01", version="2015")
    for doc in (PATENT_2008, middle, PATENT_2020):
        kb.add(doc)
    assert kb.documents()[PATENT_2008.doc_id].effective_to == "2015-06-01"
    kb.delete(middle.doc_id)
    old = kb.documents()[PATENT_2008.doc_id]
    assert (old.superseded_by, old.effective_to) == (PATENT_2020.doc_id, "2021-06-01")


@pytest.fixture
def fake_kb(tmp_path) -> KnowledgeBase:
    """A real embedded Chroma with LangChain's deterministic test vectors: 600 documents embed in a second."""
    store = ChromaStore(connect(tmp_path), "fake-384")
    return KnowledgeBase(store, DeterministicFakeEmbedding(size=384), tmp_path / "lexical")


def _many_documents(kb: KnowledgeBase, n: int = 600, rare_every: int = 10) -> set[str]:
    rare = set()
    for i in range(n):
        doc_type = "policy" if i % rare_every == 0 else "law"
        doc = make_doc(f"测试文件{i}号", [f"第一条 第{i}号文件规定知识产权证券化的事项{i}。"], doc_type=doc_type)
        kb.add(doc)
        if doc_type == "policy":
            rare.add(doc.doc_id)
    return rare


def test_dense_search_returns_k_hits_under_a_narrow_filter(fake_kb):
    rare = _many_documents(fake_kb)
    assert len(rare) == 60
    retriever = Retriever(fake_kb)
    by_type = retriever.search("知识产权证券化", k=20, filters=Filters(doc_type="policy"), mode="dense")
    by_ids = retriever.search("知识产权证券化", k=20, filters=Filters(doc_ids=rare), mode="dense")
    by_allow_list = retriever.search("知识产权证券化", k=20, filters=Filters(doc_types=frozenset({"policy"})), mode="dense")
    for hits in (by_type, by_ids, by_allow_list):
        assert len(hits) == 20 and {h.passage.doc_id for h in hits} <= rare


def test_readable_types_keep_deal_documents_from_every_path(kb):
    deal = make_doc("某知识产权资产支持专项计划说明书", ["第一条 发明专利权的期限为二十年，本计划以专利许可费为基础资产。"],
                    doc_type="deal")
    kb.add(deal)
    kb.add(PATENT_2020)
    viewer = Filters(doc_types=frozenset({"law", "regulation", "note"}))
    for mode in ("dense", "lexical", "hybrid"):
        hits = Retriever(kb).search("发明专利权的期限 专利许可费", k=10, filters=viewer, mode=mode)
        assert hits and deal.doc_id not in {h.passage.doc_id for h in hits}
    assert deal.doc_id not in {c.doc_id for c in ask(Retriever(kb), "专利许可费基础资产", filters=viewer).citations}
    assert not lookup_basis(kb, "某知识产权资产支持专项计划说明书", "第一条", doc_types=viewer.doc_types).found
    assert lookup_basis(kb, "某知识产权资产支持专项计划说明书", "第一条").found


def _old_archive(path, records: list[dict], chunks: list[dict], dims: int) -> None:
    """An archive as ipabs wrote it before this change: every chunk carries copies of its document's fields."""
    members = {"records.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode(),
               "chunks.jsonl": "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in chunks).encode()}
    manifest = {"format": "ipabs-kb-archive", "format_version": 1, "embedding": "e5-small", "dimensions": dims,
                "documents": len(records), "chunks": len(chunks), "created_at": "2026-11-01T00:00:00+00:00",
                "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}}
    with tarfile.open(path, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_an_old_archive_with_document_fields_in_chunks_still_imports(kb, tmp_path):
    from dataclasses import asdict

    from kb.backup import encode_vector

    source = kb
    source.add(TRADEMARK)
    record = asdict(source.documents()[TRADEMARK.doc_id])
    got = source.store.chunks.get(include=["documents", "metadatas", "embeddings"])
    # The old layout: the document's fields copied into the chunk (here stale: an old title and no end date).
    chunks = [{"id": cid, "text": text, "embedding_f32": encode_vector(vec),
               "metadata": {**meta, "title": "过时的标题", "effective_to": "", "superseded_by": "", "sha256": record["sha256"]}}
              for cid, text, meta, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])]
    archive = tmp_path / "old.tar.gz"
    _old_archive(archive, [record], chunks, len(got["embeddings"][0]))
    source.delete(TRADEMARK.doc_id)
    result = source.import_archive(archive)
    assert (result.documents, result.chunks) == (1, 1)
    meta = source.store.chunks.get(include=["metadatas"])["metadatas"][0]
    assert "title" not in meta and meta["doc_type"] == "law"
    answer = ask(Retriever(source), "注册商标的有效期是多久？")
    assert answer.found and answer.citations[0].title == "中华人民共和国商标法"


def test_dense_search_fetches_only_k_when_nothing_is_filtered_and_more_when_versions_are(kb):
    """The first fetch is k plus the chunks a filter may drop: k rows for an unfiltered question, and still
    k hits (none superseded) when older versions must be skipped."""
    calls = []
    query = kb.store.chunks.query

    def counting(*args, **kwargs):
        calls.append(kwargs["n_results"])
        return query(*args, **kwargs)

    kb.store.chunks.query = counting
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    kb.add(TRADEMARK)
    everything = kb.dense_search("专利权的期限", 2, Filters(any_date=True))
    assert calls == [2] and len(everything) == 2
    calls.clear()
    in_force = kb.dense_search("专利权的期限", 2, Filters())
    assert calls == [2 + len(PATENT_2008.chunks)]
    assert len(in_force) == 2 and PATENT_2008.doc_id not in {p.doc_id for p, _ in in_force}
