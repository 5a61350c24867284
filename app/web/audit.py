"""The audit log: one JSON line per action, with the knowledge-base state and rule-pack versions used."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

_LOCK = threading.Lock()   # one line at a time, so concurrent handlers never interleave


class AuditLog:
    """Appends `{"ts", "user", "role", "action", "kb": {...}, "packs": [...], **details}` to a JSONL file."""

    def __init__(self, path: Path, kb_state: Callable[[], dict], pack_versions: Callable[[], list[dict]]):
        self.path = path
        self._kb_state = kb_state
        self._pack_versions = pack_versions

    def record(self, user: Any, action: str, **details: Any) -> dict:
        line = {
            "ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "user": getattr(user, "name", str(user)),
            "role": getattr(user, "role", ""),
            "action": action,
            **details,
            "kb": _safely(self._kb_state, {}),
            "packs": _safely(self._pack_versions, []),
        }
        text = json.dumps(line, ensure_ascii=False, default=str)
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        return line

    def tail(self, n: int = 200) -> list[dict]:
        """The last `n` entries, newest first."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()[-n:]
        return [json.loads(line) for line in reversed(lines) if line.strip()]


def _safely(fn: Callable[[], Any], default: Any) -> Any:
    # The log must never be what breaks an action: a failing state probe is recorded as an error.
    try:
        return fn()
    except Exception as err:  # noqa: BLE001
        return {"error": f"{type(err).__name__}: {err}"} if isinstance(default, dict) else [{"error": str(err)}]
