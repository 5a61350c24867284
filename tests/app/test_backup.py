"""`ipabs kb export / import` round trip against real embedded Chroma stores, and archives that must be refused."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pytest

from app.settings import get_settings
from kb.answer import ask
from kb.library import KnowledgeBase
from kb.retriever import Filters, Retriever

from .test_kb_cli import PATENT

PATENT_2020 = PATENT.replace("测试摘录", "2020年修正")
PATENT_2025 = PATENT.replace("测试摘录", "2025年修正").replace("2021-06-01 施行", "2026-01-01 施行")
TRADEMARK = """---
title: "中华人民共和国商标法（测试摘录）"
issuer: "全国人民代表大会常务委员会"
date: "2019-04-23 修正（2019-11-01 施行）"
language: zh-CN
---

# 中华人民共和国商标法

第三十九条 注册商标的有效期为十年，自核准注册之日起计算。

第四十条 注册商标有效期满，需要继续使用的，商标注册人应当在期满前十二个月内办理续展手续。
"""
RETENTION = """---
title: "Securitisation Retention Rules (test extract)"
issuer: "Test Authority"
date: "2019-01-01"
language: en
---

# Securitisation Retention Rules

Article 6 The originator of a securitisation shall retain a material net economic interest of not less than 5 %.

Article 7 The originator shall make the underlying exposure data available to investors every quarter.
"""
QUESTIONS = [  # (question, as_of)
    ("外观设计专利权的期限是多久？", ""),
    ("外观设计专利权的期限是多久？", "2023-01-01"),   # the superseded version was in force then
    ("注册商标的有效期是多久？", ""),
    ("How much must the originator of a securitisation retain?", ""),
]


@pytest.fixture
def use_data_dir(cli_env, monkeypatch):
    """Point IPABS_DATA_DIR at a named folder of the test's tmp dir."""

    def switch(name: str) -> Path:
        monkeypatch.setenv("IPABS_DATA_DIR", str(cli_env / name))
        get_settings.cache_clear()
        return cli_env / name

    return switch


def _corpus(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def _open(data_dir: Path) -> KnowledgeBase:
    return KnowledgeBase.open(data_dir, "e5-engine")


def _stored(kb: KnowledgeBase) -> dict[str, tuple[str, dict, np.ndarray]]:
    got = kb.store.chunks.get(include=["documents", "metadatas", "embeddings"])
    return {cid: (text, meta, np.asarray(vec)) for cid, text, meta, vec in
            zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])}


def _answers(kb: KnowledgeBase) -> list[dict]:
    retriever = Retriever(kb)
    return [ask(retriever, q, filters=Filters(as_of=as_of)).to_json() for q, as_of in QUESTIONS]


def _fingerprint(kb: KnowledgeBase) -> tuple:
    """What a failed or repeated import must leave exactly as it was."""
    return kb.store.generation(), sorted(kb.documents()), kb.store.chunks.count(), kb.store.registry.count()


def _exported(run, use_data_dir, cli_env) -> tuple[Path, Path]:
    """Source data dir with four documents (two versions of the patent law) and its archive."""
    source = use_data_dir("source")
    corpus = _corpus(cli_env / "corpus", patent=PATENT_2020, patent2025=PATENT_2025,
                     trademark=TRADEMARK, retention=RETENTION)
    assert run("ingest", str(corpus)).exit_code == 0
    archive = cli_env / "kb.tar.gz"
    result = run("kb", "export", str(archive))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"exported 4 documents, 12 chunks (e5-small) to {archive}"
    return source, archive


def test_export_never_replaces_an_existing_archive_unasked(run, use_data_dir, cli_env):
    # A newcomer found `kb export` overwriting the archive it was given: the likeliest way to lose the only good backup.
    _, archive = _exported(run, use_data_dir, cli_env)
    kept = archive.read_bytes()
    refused = run("kb", "export", str(archive))
    assert refused.exit_code != 0 and "exists: nothing was written" in refused.output and archive.read_bytes() == kept
    assert run("kb", "export", str(archive), "--overwrite").exit_code == 0


def test_export_import_round_trip_keeps_documents_chunks_vectors_and_answers(run, use_data_dir, cli_env):
    source, archive = _exported(run, use_data_dir, cli_env)
    target = use_data_dir("target")
    result = run("kb", "import", str(archive))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"imported 4 documents, 12 chunks from {archive}; 0 already present"

    before, after = _open(source), _open(target)
    assert after.documents() == before.documents()
    superseded = [r for r in after.documents().values() if r.superseded_by]
    assert len(superseded) == 1 and superseded[0].effective_to == "2026-01-01"
    old, new = _stored(before), _stored(after)
    assert sorted(new) == sorted(old)
    for cid, (text, meta, vector) in old.items():
        assert new[cid][0] == text and new[cid][1] == meta, cid
        # Chroma normalises every vector it is given in cosine space; normalising an already unit
        # float32 vector again moves some components by one ulp (~1e-9), so "equal" means that close.
        assert np.abs(new[cid][2] - vector).max() < 1e-7, f"vector of {cid} changed"
    answers = _answers(after)
    assert answers == _answers(before)
    assert answers[0]["citations"][0]["effective_from"] == "2026-01-01"
    assert answers[1]["citations"][0]["effective_from"] == "2021-06-01"
    assert all(a["found"] for a in answers)

    unchanged = _fingerprint(after)
    again = run("kb", "import", str(archive))
    assert again.exit_code == 0
    assert again.output.strip() == f"imported 0 documents, 0 chunks from {archive}; 4 already present"
    assert _fingerprint(_open(target)) == unchanged


def test_import_supersedes_the_targets_own_older_version(run, use_data_dir, cli_env):
    use_data_dir("source")
    assert run("ingest", str(_corpus(cli_env / "new", patent2025=PATENT_2025))).exit_code == 0
    archive = cli_env / "new.tar.gz"
    assert run("kb", "export", str(archive)).exit_code == 0
    target = use_data_dir("target")
    assert run("ingest", str(_corpus(cli_env / "old", patent=PATENT_2020))).exit_code == 0
    result = run("kb", "import", str(archive))
    assert "imported 1 documents, 3 chunks" in result.output and "1 older versions superseded" in result.output
    records = sorted(_open(target).documents().values(), key=lambda r: r.effective_from)
    assert [r.effective_from for r in records] == ["2021-06-01", "2026-01-01"]
    assert records[0].superseded_by == records[1].doc_id and records[0].effective_to == "2026-01-01"
    assert not records[1].superseded_by


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def _pack(path: Path, members: dict[str, bytes], rehash: bool = True) -> Path:
    """Write `members` as an archive; with `rehash`, the manifest's checksums fit the edited members."""
    manifest = json.loads(members["manifest.json"])
    if rehash:
        manifest["sha256"] = {n: hashlib.sha256(members[n]).hexdigest() for n in ("records.jsonl", "chunks.jsonl")}
    members = {**members, "manifest.json": json.dumps(manifest).encode()}
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _bad_archives(archive: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (a damaged copy of `archive`, what the error must say)."""
    good = _members(archive)
    raw = archive.read_bytes()
    (folder / "truncated.tar.gz").write_bytes(raw[: len(raw) // 2])
    (folder / "notes.tar.gz").write_text("not an archive")

    def variant(name: str, rehash: bool = True, **members: bytes) -> Path:
        return _pack(folder / f"{name}.tar.gz", {**good, **members}, rehash)

    def manifest(**changes) -> bytes:
        return json.dumps({**json.loads(good["manifest.json"]), **changes}).encode()

    records = [json.loads(line) for line in good["records.jsonl"].splitlines()]
    records[0]["chunks"] += 1
    one_more = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)
    chunk_lines = good["chunks.jsonl"].splitlines(keepends=True)
    no_chunks = {k: v for k, v in good.items() if k != "chunks.jsonl"}
    return {
        "truncated": (folder / "truncated.tar.gz", "truncated"),
        "not an archive": (folder / "notes.tar.gz", "not a readable .tar.gz archive"),
        "wrong model": (variant("model", **{"manifest.json": manifest(embedding="minilm-l6")}),
                        "embedding model 'minilm-l6', this knowledge base uses 'e5-small'"),
        "format version": (variant("version", **{"manifest.json": manifest(format_version=99)}),
                           "archive format version 99"),
        "manifest count": (variant("count", **{"manifest.json": manifest(chunks=11)}),
                           "manifest.json says 11 chunks, chunks.jsonl holds 12"),
        "record count": (variant("record", **{"records.jsonl": one_more}), "chunks, the archive holds"),
        "missing chunk": (variant("dropped", **{"chunks.jsonl": b"".join(chunk_lines[:-1])}),
                          "chunks, the archive holds"),
        "edited, checksum not": (variant("edited", False, **{"chunks.jsonl": good["chunks.jsonl"].replace(
            "十年".encode(), "九年".encode())}), "chunks.jsonl does not match the checksum"),
        "no chunks member": (_pack(folder / "member.tar.gz", no_chunks, rehash=False),
                             "the archive has no chunks.jsonl"),
    }


def test_bad_archives_are_refused_whole_and_leave_the_target_unchanged(run, use_data_dir, cli_env):
    _, archive = _exported(run, use_data_dir, cli_env)
    target = use_data_dir("target")
    assert run("ingest", str(_corpus(cli_env / "own", trademark=TRADEMARK))).exit_code == 0
    before = _fingerprint(_open(target))
    for name, (bad, expected) in _bad_archives(archive, cli_env).items():
        result = run("kb", "import", str(bad))
        assert result.exit_code == 1, f"{name}: {result.output}"
        message = result.output.strip()
        assert message.startswith(f"Error: {bad}: ") and "\n" not in message, f"{name}: {message}"
        assert expected in message, f"{name}: {message}"
        assert _fingerprint(_open(target)) == before, f"{name} changed the target"
    assert "imported 3 documents, 9 chunks" in run("kb", "import", str(archive)).output


def test_export_of_an_empty_knowledge_base_imports_as_nothing(run, use_data_dir, cli_env):
    use_data_dir("empty")
    archive = cli_env / "empty.tar.gz"
    exported = run("kb", "export", str(archive)).output.strip()
    assert exported == f"exported 0 documents, 0 chunks (e5-small) to {archive}"
    use_data_dir("target")
    imported = run("kb", "import", str(archive)).output.strip()
    assert imported == f"imported 0 documents, 0 chunks from {archive}; 0 already present"


def test_import_replaces_the_leftovers_of_an_interrupted_attempt(run, use_data_dir, cli_env):
    source, archive = _exported(run, use_data_dir, cli_env)
    doc_id = min(_open(source).documents())
    target = use_data_dir("target")
    # What an import or ingest killed before its commit leaves: chunks of a document with no record.
    _open(target).store.add_chunks([f"{doc_id}:0099"], ["left over"], [[0.1] * 384], [{"doc_id": doc_id, "seq": 99}])
    assert run("kb", "import", str(archive)).exit_code == 0
    kb = _open(target)
    assert kb.store.chunks.count() == sum(r.chunks for r in kb.documents().values()) == 12
    assert [c.metadata["seq"] for c in kb.chunks_of(doc_id)] == list(range(kb.documents()[doc_id].chunks))
