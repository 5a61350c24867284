"""Batch ingestion: one file's unforeseen failure is reported against that file and the batch goes on."""
from __future__ import annotations

from app import ingestion
from kb.library import KnowledgeBase


def test_an_unexpected_error_on_one_file_does_not_stop_the_batch(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-boom.md").write_text("# 甲法\n\n第一条 甲。\n", encoding="utf-8")
    (folder / "b-good.md").write_text("# 乙法\n\n第一条 专利权人应当缴纳年费。\n", encoding="utf-8")
    real_parse = ingestion.parse_file

    def parse_with_a_bug(path, *args, **kwargs):   # fault injection: stands for a parser bug not yet found
        if path.name == "a-boom.md":
            raise RuntimeError("simulated parser bug")
        return real_parse(path, *args, **kwargs)

    monkeypatch.setattr(ingestion, "parse_file", parse_with_a_bug)
    kb = KnowledgeBase.open(tmp_path / "data", "e5-engine")
    summary = ingestion.ingest_paths(kb, [folder], {})
    assert [r.status for r in summary.results] == ["failed", "added"]
    assert "RuntimeError: simulated parser bug" in summary.results[0].detail
    assert [r.title for r in kb.documents().values()] == ["乙法"]
