"""The checker as the web app uses it: deal text in (never a server path), report dict and downloads out."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any

import yaml

from app.web.forms import date_field
from app.web.uploads import safe_filename
from rules.report import FORMATS

# One limit for a deal however it arrives (pasted, uploaded, edited through the form): a deal is a
# few kilobytes; 8 MB of pasted YAML took 36 s and 1 GB of memory to refuse.
MAX_DEAL_BYTES = 2 * 1024 * 1024


def parse_deal(text: str):
    """A Deal from pasted/uploaded YAML or JSON text; raises rules.deal.DealError listing every problem.

    The web app only ever hands it text, never a path on the server.
    """
    from rules.deal import DealError
    from rules.deal_io import parse_text, validate_deal

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


def _typed(value: Any) -> Any:
    """A form value as YAML should hold it: ISO dates as dates, whole numbers as integers."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value   # validation names the field and the bad date
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def edit_deal_text(text: str, values: dict[str, Any]) -> str:
    """The deal text with `values` (field path -> value) set in place, keeping the file's comments, key
    order and layout (ruamel.yaml round trip); a JSON deal stays JSON. Raises DealError when the
    result is not a valid deal, so a bad edit never replaces the text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from rules.whatif import set_path

    is_json = (text or "").lstrip().startswith("{")
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096   # never re-wrap long lines of the user's file
    rt.indent(mapping=2, sequence=4, offset=2)   # the samples' list style
    data = (json.loads(text) if is_json else rt.load(text or "")) or CommentedMap()
    for path, value in values.items():
        set_path(data, path, _typed(value))
    if is_json:
        out = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        buffer = io.StringIO()
        rt.dump(data, buffer)
        out = buffer.getvalue()
    parse_deal(out)   # DealError lists every problem of the edited deal
    return out


def apply_what_if(deal, lines: list[str]):
    from rules.whatif import apply_changes

    return apply_changes(deal, lines)


def report_context(open_kb, report, user, deal):
    """Basis texts from the library (only the document types `user` may read) and sign-off data, for every
    view and download."""
    from app.basis import report_context as resolve

    return resolve(open_kb, report, f"{user.name} (web)", deal, user.doc_types)


def report_data(report, context) -> dict:
    """The report as the views render it: the JSON report, basis texts and readable facts included."""
    from rules.report import to_json_dict

    return to_json_dict(report, context)


def what_changed(before, after) -> list:
    """The what-if changes, computed once by rules.whatif for the CLI and the web alike."""
    from rules.whatif import diff_reports

    return diff_reports(before, after)


def samples() -> dict[str, tuple[Path, str]]:
    """Sample deals by name: (file, what the sample shows)."""
    from rules.samples import list_samples

    return {s.name: (Path(s.path), s.about) for s in list_samples()}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def write_downloads(report, data_dir: Path, deal_text: str = "", context=None) -> dict[str, Path]:
    """The report as Markdown, HTML and JSON files under data_dir/reports (served only from there),
    with the deal text beside them so the audit log's entry can be reproduced. `context`
    (rules.basis.ReportContext) carries the basis texts and sign-off data."""
    from rules.report import render

    # A random suffix: two checks of one deal in the same second must not share (or overwrite) files.
    stamp = f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    stem = safe_filename(re.sub(r"[^\w.-]+", "_", str(report.deal_id)))[:60] or "deal"
    folder = data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt in FORMATS:
        path = folder / f"{stem}-{stamp}.{fmt}"
        path.write_text(render(report, fmt, context), encoding="utf-8")
        paths[fmt] = path
    if deal_text:
        (folder / f"{stem}-{stamp}.deal.txt").write_text(deal_text, encoding="utf-8")
    return paths


def write_pdf(html_path: Path) -> Path:
    """The PDF printed from a report's HTML download, beside it (raises app.pdf.PdfError)."""
    from app.pdf import html_to_pdf

    pdf = html_path.with_suffix(".pdf")
    pdf.write_bytes(html_to_pdf(html_path.read_text(encoding="utf-8")))
    return pdf


def valid_as_of(text: str) -> str:
    return date_field("As of", text)   # ValueError for a bad date, shown as a field problem
