"""The Chroma server's log stays bounded: warnings only, and a log grown past its limit is moved aside at start."""
from __future__ import annotations

from app import data_lock


def test_a_log_past_its_limit_is_moved_aside_and_a_small_one_kept(tmp_path):
    log = tmp_path / data_lock.SERVER_LOG
    log.write_bytes(b"x" * 11)
    data_lock._rotate(log, limit=10)
    assert not log.exists() and (tmp_path / f"{data_lock.SERVER_LOG}.1").read_bytes() == b"x" * 11
    log.write_bytes(b"y" * 10)
    data_lock._rotate(log, limit=10)
    assert log.read_bytes() == b"y" * 10


def test_the_server_logs_warnings_only_unless_told_otherwise(tmp_path, monkeypatch):
    seen = {}

    class Started(Exception):
        pass

    def popen(args, **kwargs):
        seen.update(kwargs["env"])
        raise Started

    monkeypatch.delenv("RUST_LOG", raising=False)
    monkeypatch.setattr(data_lock.subprocess, "Popen", popen)
    try:
        data_lock._start_chroma(tmp_path, 1)
    except Started:
        pass
    assert seen["RUST_LOG"] == "warn"
