"""Reads the evidence sidecar `ipabs intake` writes beside a deal file, so a report can name each fact's source
and the values intake could not confirm."""
from __future__ import annotations

import json
import re
from pathlib import Path

from rules.deal import Deal

_UNREADABLE = (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError)
_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")   # 'pool.ip[2].reg_no' -> pool, ip, 2, reg_no
_GONE = object()                               # the item a path names is no longer in the deal


def sidecar_path(deal_file: Path | str) -> Path:
    """Where the evidence of `deal.yaml` lives: `deal.evidence.json` in the same folder."""
    deal_file = Path(deal_file)
    return deal_file.with_name(deal_file.stem + ".evidence.json")


def _record(deal_file: Path | str) -> dict | None:
    path = sidecar_path(deal_file)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def read_evidence(deal_file: Path | str) -> tuple[dict[str, tuple[dict, ...]], str]:
    """({fact path: ({"value", "file", "page", "text"}, …)}, problem) for the deal file's sidecar.
    No sidecar gives ({}, ""); an unreadable one gives ({}, why), so the report says it lists no sources."""
    try:
        record = _record(deal_file)
        return (evidence_of(record), "") if record is not None else ({}, "")
    except _UNREADABLE as err:
        return {}, (f"{sidecar_path(deal_file).name} cannot be read ({type(err).__name__}: {err}); "
                    "the report names no sources and no values to confirm")


def evidence_of(record: dict) -> dict[str, tuple[dict, ...]]:
    """{fact path: ({"value", "file", "page", "text"}, …)} of an evidence record (`app.intake.evidence_record`)."""
    return {name: tuple({"value": s.get("value"), "file": str(s["file"]), "page": s.get("page"),
                         "text": str(s["text"])} for s in entry["sources"])
            for name, entry in record["fields"].items()}


def unconfirmed(deal_file: Path | str, deal: Deal) -> tuple[dict, ...]:
    """`still_held` for the deal file's sidecar; an unreadable sidecar gives none (`read_evidence` says why)."""
    try:
        return still_held(_record(deal_file) or {}, deal)
    except _UNREADABLE:
        return ()


def still_held(record: dict, deal: Deal) -> tuple[dict, ...]:
    """The values to confirm of an evidence record (`app.intake.evidence_record`, the sidecar) that `deal` still
    holds as intake left them: the doubtful value as written, or nothing where intake left the field empty. Once
    the user writes another value there, it is theirs and no longer listed."""
    doubts = [{"path": str(d["path"]), "value": d.get("value"), "kept": bool(d["kept"]), "reason": str(d["reason"]),
               "file": str(d["file"]), "page": d.get("page"), "text": str(d["text"])}
              for d in record.get("to_confirm") or ()]
    held = deal.model_dump(mode="json")
    return tuple(d for d in doubts if _value_at(held, d["path"]) == (d["value"] if d["kept"] else None))


def _value_at(data, path: str):
    """The value at a field path in a deal's data: None for a field not given, _GONE when the item it is in is gone."""
    node = data
    for index, key in _STEP.findall(path):
        if index and isinstance(node, list) and int(index) < len(node):
            node = node[int(index)]
        elif key and isinstance(node, dict):
            node = node.get(key)
        else:
            return _GONE
    return node
