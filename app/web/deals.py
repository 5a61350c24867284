"""The checker as the web app uses it: deal text in (never a server path), report dict and downloads out."""
from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import yaml

from app.web.forms import date_field

from app.web.uploads import safe_filename

FORMATS = {"md": "md", "html": "html", "json": "json"}
# One limit for a deal however it arrives (pasted, uploaded, edited through the form): a deal is a
# few kilobytes; 8 MB of pasted YAML took 36 s and 1 GB of memory to refuse.
MAX_DEAL_BYTES = 2 * 1024 * 1024


def parse_deal(text: str):
    """A Deal from pasted/uploaded YAML or JSON text; raises rules.deal.DealError listing every problem.

    `load_deal` would treat a short text ending in .yaml as a file path on the server; the web app
    only ever hands it text, so it goes through parse_text + validate_deal instead.
    """
    from rules.deal import DealError, parse_text, validate_deal

    if not (text or "").strip():
        raise DealError(["the deal is empty: paste YAML or JSON, upload a file, or pick a sample"])
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DEAL_BYTES:
        raise DealError([f"the deal is {size / 1048576:.1f} MB, over the {MAX_DEAL_BYTES / 1048576:.0f} MB limit "
                         "for a deal (pasted or uploaded)"])
    return validate_deal(parse_text(text))


def deal_yaml(deal) -> str:
    """The deal written back as YAML (only the fields that are set)."""
    data = deal.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@lru_cache(maxsize=1)
def checker():
    from rules.engine import Checker

    return Checker.default()


def run_check(deal, as_of: str = ""):
    return checker().check(deal, as_of=as_of or None)


def apply_what_if(deal, lines: list[str]):
    from rules.whatif import apply_changes

    return apply_changes(deal, lines)


def samples() -> dict[str, tuple[Path, str]]:
    """Sample deals by name: (file, what the sample shows)."""
    from rules.samples import list_samples

    return {s.name: (Path(s.path), s.about) for s in list_samples()}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def write_downloads(report, data_dir: Path, deal_text: str = "") -> dict[str, Path]:
    """The report as Markdown, HTML and JSON files under data_dir/reports (served only from there),
    with the deal text beside them so the audit log's entry can be reproduced."""
    from rules.report import render

    # A random suffix: two checks of one deal in the same second must not share (or overwrite) files.
    stamp = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    stem = safe_filename(re.sub(r"[^\w.-]+", "_", str(report.deal_id)))[:60] or "deal"
    folder = data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt in FORMATS:
        path = folder / f"{stem}-{stamp}.{fmt}"
        path.write_text(render(report, fmt), encoding="utf-8")
        paths[fmt] = path
    if deal_text:
        (folder / f"{stem}-{stamp}.deal.txt").write_text(deal_text, encoding="utf-8")
    return paths


def valid_as_of(text: str) -> str:
    return date_field("As of", text)   # ValueError for a bad date, shown as a field problem
