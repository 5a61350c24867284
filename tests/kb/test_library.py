"""The knowledge base against a real Chroma, embedded and server: dedupe, versions, deletion, crash leftovers."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from kb.library import KnowledgeBase
from kb.retriever import Filters, Retriever
from tests.kb.conftest import EU_REG, PATENT_2008, PATENT_2020, TRADEMARK, make_doc


def test_same_bytes_twice_is_a_no_op(kb):
    assert kb.add(TRADEMARK).status == "added"
    generation = kb.store.generation()
    assert kb.add(TRADEMARK).status == "unchanged"
    assert kb.store.generation() == generation
    assert kb.stats()["chunks"] == 1


def test_new_version_supersedes_old_and_as_of_picks_the_version_in_force(kb):
    kb.add(PATENT_2008)
    result = kb.add(PATENT_2020)
    assert result.status == "superseded" and result.supersedes == [PATENT_2008.doc_id]
    old = kb.documents()[PATENT_2008.doc_id]
    assert old.effective_to == "2021-06-01" and old.superseded_by == PATENT_2020.doc_id
    retriever = Retriever(kb)
    today = retriever.search("外观设计专利权的期限", k=1)
    assert today[0].metadata["doc_id"] == PATENT_2020.doc_id
    past = retriever.search("外观设计专利权的期限", k=1, filters=Filters(as_of="2015-01-01"))
    assert past[0].metadata["doc_id"] == PATENT_2008.doc_id


def test_an_older_version_added_later_does_not_take_over(kb):
    kb.add(PATENT_2020)
    kb.add(PATENT_2008)
    docs = kb.documents()
    assert docs[PATENT_2008.doc_id].superseded_by == PATENT_2020.doc_id
    assert docs[PATENT_2020.doc_id].in_force("2026-01-01")
    assert not docs[PATENT_2008.doc_id].in_force("2026-01-01")


def test_a_version_added_between_two_ends_the_older_one_where_it_begins(kb):
    # Found by a newcomer: with 2008 and a 2027 version stored, the 2020 one added (or restored by kb import) left the
    # 2008 text ending on 2027-01-01, so both were cited as governing today.
    later = make_doc("中华人民共和国专利法（2027年测试修正）", ["第四十二条 外观设计专利权的期限为二十五年。"],
                     effective_from="2027-01-01", version="2026-10-01")
    for doc in (PATENT_2008, later, PATENT_2020):
        kb.add(doc)
    docs = kb.documents()
    assert docs[PATENT_2008.doc_id].effective_to == "2021-06-01"
    assert docs[PATENT_2008.doc_id].superseded_by == PATENT_2020.doc_id
    assert docs[PATENT_2020.doc_id].effective_to == "2027-01-01" and docs[PATENT_2020.doc_id].superseded_by == later.doc_id
    assert [d for d in (PATENT_2008, PATENT_2020, later) if docs[d.doc_id].in_force("2026-11-28")] == [PATENT_2020]


def test_filters_by_jurisdiction_doc_type_and_document(kb):
    for doc in (PATENT_2020, TRADEMARK, EU_REG):
        kb.add(doc)
    retriever = Retriever(kb)
    eu = retriever.search("retention of economic interest", k=5, filters=Filters(jurisdiction="EU"))
    assert {h.metadata["doc_id"] for h in eu} == {EU_REG.doc_id}
    laws = retriever.search("期限", k=5, filters=Filters(doc_type="law"))
    assert EU_REG.doc_id not in {h.metadata["doc_id"] for h in laws}
    only = retriever.search("期限", k=5, filters=Filters(doc_ids={TRADEMARK.doc_id}))
    assert {h.metadata["doc_id"] for h in only} == {TRADEMARK.doc_id}


def test_delete_removes_document_and_its_chunks(kb):
    kb.add(TRADEMARK)
    kb.add(PATENT_2020)
    kb.delete(TRADEMARK.doc_id)
    assert TRADEMARK.doc_id not in kb.documents()
    assert kb.store.chunks.count() == len(PATENT_2020.chunks)
    hits = Retriever(kb).search("注册商标的有效期", k=5, mode="lexical")
    assert TRADEMARK.doc_id not in {h.metadata["doc_id"] for h in hits}


def test_chunks_without_a_registry_record_are_invisible_and_repaired(kb):
    """What an ingest killed before its commit point leaves behind."""
    kb.add(PATENT_2020)
    orphan = make_doc("半途而废的文件", ["第一条 这段文字的文件从未提交。"])
    vectors = kb.embeddings.embed_documents([c.text for c in orphan.chunks])
    kb.store.add_chunks([c.chunk_id for c in orphan.chunks], [c.text for c in orphan.chunks], vectors,
                        [{"doc_id": orphan.doc_id, "title": orphan.title, "article": "第一条"}])
    for mode in ("dense", "lexical", "hybrid"):
        hits = Retriever(kb).search("从未提交的文件", k=5, mode=mode)
        assert orphan.doc_id not in {h.metadata["doc_id"] for h in hits}, mode
    assert kb.store.repair() == 1
    assert kb.store.chunks.count() == len(PATENT_2020.chunks)


def test_a_second_instance_sees_changes_and_rebuilds_its_lexical_index(new_kb):
    first = new_kb()
    second = new_kb()
    first.add(TRADEMARK)
    assert second.lexical().search("注册商标", 5)
    first.add(PATENT_2020)
    ids = {cid for cid, _ in second.lexical().search("专利权人 年费", 5)}
    assert f"{PATENT_2020.doc_id}:0001" in ids


def test_lexical_index_is_saved_and_reused(kb):
    kb.add(TRADEMARK)
    kb.lexical()
    folders = [p for p in kb.index_root.iterdir() if not p.name.startswith(".")]
    assert len(folders) == 1
    saved = folders[0].stat()
    fresh = KnowledgeBase(kb.store, kb.embeddings, kb.index_root.parent)
    assert fresh.lexical().ids == kb.lexical().ids
    # Reused, not rebuilt: a rebuild writes a new folder in place of the saved one (LexicalIndex.save).
    again = folders[0].stat()
    assert (again.st_ino, again.st_mtime_ns) == (saved.st_ino, saved.st_mtime_ns)


def test_each_chunk_keeps_its_own_vector_when_embedded_shortest_first(kb):
    """Chunks are embedded in order of length, not of the document: each vector must still land on its chunk."""
    from kb.library import indexed_text

    articles = [f"第{n}条 " + "出质人应当办理出质登记。" * reps for n, reps in
                zip("一二三四五六七八九十", [9, 1, 5, 2, 8, 3, 7, 4, 6, 1])]
    doc = make_doc("中华人民共和国长短条例", articles)
    kb.add(doc)
    chunks, vectors = kb.store.chunks_with_vectors(doc.doc_id)
    assert len(chunks) == len(articles)
    for chunk, vector in zip(chunks, vectors):
        own = kb.embeddings.embed_documents([indexed_text(doc.title, chunk.metadata["article"], chunk.text)])[0]
        assert sum(a * b for a, b in zip(own, vector)) > 0.999, chunk.chunk_id


def test_allowed_documents_follow_every_change_of_the_library_and_of_the_filters(kb):
    """allowed_docs is remembered per registry read: a new version, a deletion, another date or filter
    must each give the new answer, never the remembered one."""
    kb.add(PATENT_2008)
    assert kb.allowed_docs(Filters()) == {PATENT_2008.doc_id}
    kb.add(PATENT_2020)
    assert kb.allowed_docs(Filters()) == {PATENT_2020.doc_id}
    assert kb.allowed_docs(Filters(as_of="2015-01-01")) == {PATENT_2008.doc_id}
    assert kb.allowed_docs(Filters(doc_type="regulation")) == set()
    kb.delete(PATENT_2020.doc_id)
    assert kb.allowed_docs(Filters()) == {PATENT_2008.doc_id}


def _outside_the_written_graph(data_dir: Path) -> int:
    """How many logged chunk writes the HNSW graph on disk does not hold yet (read from Chroma's own tables):
    each process that opens the store inserts those again, each into a graph of its own."""
    with closing(sqlite3.connect(next(data_dir.rglob("chroma.sqlite3")))) as con:
        (collection,) = con.execute("SELECT id FROM collections WHERE name LIKE 'ipabs-chunks-%'").fetchone()
        written = con.execute("SELECT m.seq_id FROM max_seq_id m JOIN segments s ON s.id = m.segment_id "
                              "WHERE s.scope = 'VECTOR' AND s.collection = ?", (collection,)).fetchone()
        (logged,) = con.execute("SELECT max(seq_id) FROM embeddings_queue WHERE topic LIKE ?",
                                (f"%{collection}",)).fetchone()
    return (logged or 0) - (written[0] if written else 0)


def test_every_process_searches_the_same_vector_graph(tmp_path):
    """Chunks Chroma has not yet written to the graph on disk are put into a fresh graph by each process that opens
    the store, and those graphs differ (chroma-core/chroma#2675): the same question found different passages in
    different processes. Every write leaves the whole graph on disk, and a store an older release made (Chroma's
    default, 1,000 items between writes) has its graph written when it is opened."""
    kb = KnowledgeBase.open(tmp_path / "new", "e5-engine", "")
    kb.add(TRADEMARK)
    kb.add(PATENT_2020)
    assert _outside_the_written_graph(tmp_path / "new") == 0

    old = tmp_path / "old"   # written by another process, as an older release configured the store
    subprocess.run([sys.executable, "-c", f"""
import kb.store
kb.store._HNSW["sync_threshold"] = 1000
from kb.library import KnowledgeBase
from tests.kb.conftest import PATENT_2008
KnowledgeBase.open(__import__("pathlib").Path({str(old)!r}), "e5-engine", "").add(PATENT_2008)
"""], check=True, cwd=Path(__file__).resolve().parents[2])
    assert _outside_the_written_graph(old) > 0
    reopened = KnowledgeBase.open(old, "e5-engine", "")
    assert _outside_the_written_graph(old) == 0
    assert Retriever(reopened).search("外观设计专利权的期限", k=1)[0].metadata["doc_id"] == PATENT_2008.doc_id
