"""Audit lines: one JSON object per action with who, what, when, the kb state and the pack versions."""
from __future__ import annotations

import json
import threading

from app.web.audit import AuditLog
from app.web.auth import User


def _log(tmp_path, kb_state=lambda: {"generation": "g1", "documents": 3}):
    return AuditLog(tmp_path / "audit.jsonl", kb_state, lambda: [{"name": "cn-ipabs", "version": "2026.1"}])


def test_line_has_who_what_when_and_state(tmp_path):
    log = _log(tmp_path)
    log.record(User("ann", "arranger"), "check", deal_id="d1", verdict="blocked")
    (line,) = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    entry = json.loads(line)
    assert entry["user"] == "ann" and entry["role"] == "arranger" and entry["action"] == "check"
    assert entry["deal_id"] == "d1" and entry["verdict"] == "blocked"
    assert entry["kb"] == {"generation": "g1", "documents": 3}
    assert entry["packs"] == [{"name": "cn-ipabs", "version": "2026.1"}]
    assert entry["ts"].endswith("+00:00")


def test_a_failing_state_probe_does_not_lose_the_line(tmp_path):
    def broken():
        raise RuntimeError("chroma down")
    log = _log(tmp_path, broken)
    log.record(User("ann", "editor"), "delete", doc_id="x")
    entry = log.tail(1)[0]
    assert entry["action"] == "delete" and "chroma down" in entry["kb"]["error"]


def test_concurrent_writers_never_interleave(tmp_path):
    log = _log(tmp_path)
    threads = [threading.Thread(target=lambda i=i: [log.record(User(f"u{i}", "viewer"), "ask", question="q" * 500)
                                                    for _ in range(20)]) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 80 and all(json.loads(line)["action"] == "ask" for line in lines)


def test_tail_is_newest_first(tmp_path):
    log = _log(tmp_path)
    for n in range(3):
        log.record(User("a", "admin"), "ask", n=n)
    assert [e["n"] for e in log.tail(2)] == [2, 1]
