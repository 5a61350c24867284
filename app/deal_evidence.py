"""Reads the evidence sidecar `ipabs intake` writes beside a deal file, so a report can name each fact's source."""
from __future__ import annotations

import json
from pathlib import Path


def sidecar_path(deal_file: Path | str) -> Path:
    """Where the evidence of `deal.yaml` lives: `deal.evidence.json` in the same folder."""
    deal_file = Path(deal_file)
    return deal_file.with_name(deal_file.stem + ".evidence.json")


def read_evidence(deal_file: Path | str) -> tuple[dict[str, tuple[dict, ...]], str]:
    """({fact path: ({"value", "file", "page", "text"}, …)}, problem) for the deal file's sidecar.
    No sidecar gives ({}, ""); an unreadable one gives ({}, why), so the report says it lists no sources."""
    path = sidecar_path(deal_file)
    if not path.is_file():
        return {}, ""
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))["fields"]
        evidence = {name: tuple({"value": s.get("value"), "file": str(s["file"]), "page": s.get("page"),
                                 "text": str(s["text"])} for s in entry["sources"])
                    for name, entry in fields.items()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as err:
        return {}, f"{path.name} cannot be read ({type(err).__name__}: {err}); the report names no sources"
    return evidence, ""
