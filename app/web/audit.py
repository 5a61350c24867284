"""The audit log: one JSON line per action, with the knowledge-base state and rule-pack versions used."""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

_LOCK = threading.Lock()   # one line at a time, so concurrent handlers never interleave
MAX_TEXT = 2000            # a value longer than this is cut (a 1 MB user name must not fill the log)
MAX_NAME = 100
# A model's raw output is the evidence of what was removed and why: kept whole up to a bound of its own
# (700 tokens of Chinese JSON run to ~3,000 characters).
MAX_BY_KEY = {"raw_output": 20000}


def kb_state(kb) -> dict:
    """The library an action saw: enough to tell later whether it is still the same one."""
    docs = kb.documents()
    return {"generation": kb.generation(), "documents": len(docs), "embedding": kb.model_key,
            "library_sha256": library_hash(docs)}


def library_hash(records: dict) -> str:
    """A hash of the exact library state: every document version (its id is its content hash) and the
    version links that decide which one is in force. Equal hashes mean an answer can be reproduced."""
    import hashlib

    rows = sorted(f"{d}|{r.effective_from}|{r.effective_to}|{r.superseded_by}|{r.doc_type}" for d, r in records.items())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:32]


@dataclass
class AuditRead:
    entries: list[dict]          # newest first
    damaged: list[int]           # line numbers (1-based) that are not a whole JSON record


class AuditLog:
    """Appends `{"ts", "user", "role", "action", "kb": {...}, "packs": [...], **details}` to a JSONL file.

    A write that is cut short (a kill mid-write) leaves a partial last line; the next record then starts
    on a fresh line, so only the damaged record is lost, and the reader skips and reports it."""

    def __init__(self, path: Path, kb_state: Callable[[], dict], pack_versions: Callable[[], list[dict]]):
        self.path = path
        self._kb_state = kb_state
        self._pack_versions = pack_versions

    def record(self, user: Any, action: str, **details: Any) -> dict:
        line = {
            "ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "user": _clip(str(getattr(user, "name", user)), MAX_NAME),
            "role": _clip(str(getattr(user, "role", "")), MAX_NAME),
            "action": action,
            **_clipped(details),
            "kb": _safely(self._kb_state, {}),
            "packs": _safely(self._pack_versions, []),
        }
        data = (json.dumps(line, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if _ends_mid_line(fd):
                    data = b"\n" + data        # close a torn record instead of gluing ours onto it
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        return line

    def read(self, n: int = 200) -> AuditRead:
        """The last `n` whole entries, newest first, and the line numbers of damaged lines anywhere."""
        if not self.path.exists():
            return AuditRead([], [])
        entries, damaged = [], []
        with self.path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    entry = json.loads(raw.decode("utf-8"))
                    if not isinstance(entry, dict):
                        raise ValueError
                except ValueError:
                    damaged.append(number)
                    continue
                entries.append(entry)
                if len(entries) > n:
                    entries.pop(0)
        return AuditRead(entries[::-1], damaged)

    def tail(self, n: int = 200) -> list[dict]:
        """The last `n` entries, newest first (damaged lines skipped)."""
        return self.read(n).entries


def _ends_mid_line(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _clipped(value: Any, depth: int = 0, key: str = "") -> Any:
    """Every string in a record bounded; lists and mappings too (at most 200 items, 4 levels)."""
    if isinstance(value, str):
        return _clip(value, MAX_BY_KEY.get(key, MAX_TEXT))
    if depth > 4:
        return _clip(str(value))
    if isinstance(value, dict):
        return {_clip(str(k), MAX_NAME): _clipped(v, depth + 1, str(k)) for k, v in list(value.items())[:200]}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        return [_clipped(v, depth + 1) for v in items[:200]] + ([f"… {len(items) - 200} more"] if len(items) > 200 else [])
    return value


def _safely(fn: Callable[[], Any], default: Any) -> Any:
    # The log must never be what breaks an action: a failing state probe is recorded as an error.
    try:
        return fn()
    except Exception as err:  # noqa: BLE001
        return {"error": f"{type(err).__name__}: {err}"} if isinstance(default, dict) else [{"error": str(err)}]
