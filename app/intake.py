"""Intake wiring: files read by ingest (OCR included) become text lines; rules.intake drafts the deal; the draft is written."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml

from app.deal_evidence import sidecar_path
from ingest.document import IngestError
from ingest.loaders import load_pdf
from ingest.ocr import PageProgress
from ingest.pipeline import DEFAULT_MAX_BYTES, load, read_bytes, without_controls
from rules.intake import NOT_FOUND_LABEL, Draft, TextLine, draft_deal
from rules.intake.gaps import grouped

# A document for intake is an offering circular, a term sheet or an IP list: the same formats as the library.
INTAKE_SUFFIXES = (".pdf", ".docx", ".txt", ".text", ".md", ".html", ".htm")


def read_lines(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, on_page: PageProgress | None = None) -> list[TextLine]:
    """One file's text lines with their pages (scanned pages through OCR). Raises IngestError."""
    data = read_bytes(path, max_bytes)
    if path.suffix.lower() == ".pdf":   # table rows on one line; the rest as the library reads it
        source = without_controls(_load_pdf_layout(data, path, max_bytes, on_page))
    else:
        source = without_controls(load(data, path, max_bytes, on_page))
    lines = [TextLine(path.name, line.page, line.text.strip()) for line in source.lines if line.text.strip()]
    lines = [piece for line in join_wrapped(lines) for piece in _bounded(line)]
    if not lines:
        raise IngestError(str(path), "no text found")
    return lines


# A printed line that ends like this closes its sentence or item; anything else at the right margin wraps.
_LINE_END = ("。", "；", ";", "：", ":", "！", "？", "）", ")")
FULL_LINE = 0.9   # a line at least this share of its page's widest line reaches the right margin
# A line that starts like this opens an item of its own, wherever the line before it ended.
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]\D|第[一二三四五六七八九十百\d]{1,6}[条章节]|ZL)")


def _width(text: str) -> int:
    """Printed width in half-width cells: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Extraction patterns look for a value near its label; a longer line (a hostile one-line file) is
# read in pieces of this size, so no pattern runs over megabytes from every position.
MAX_LINE_CHARS = 4000


def _bounded(line: TextLine) -> list[TextLine]:
    text = line.text
    return [TextLine(line.file, line.page, text[i:i + MAX_LINE_CHARS]) for i in range(0, len(text), MAX_LINE_CHARS)]


def join_wrapped(lines: list[TextLine]) -> list[TextLine]:
    """Paragraphs back from paged text (PDF, scans): a line that reaches the right margin, has no
    column gaps and does not end its sentence continues on the next line of the same page, and so does a line
    that leaves a bracket open (in any file: a text file wraps so too). Evidence
    then quotes the whole sentence, and a label is not cut from its value."""
    widest: dict[tuple[str, int | None], int] = {}
    for line in lines:
        key = (line.file, line.page)
        widest[key] = max(widest.get(key, 0), _width(line.text))
    out: list[TextLine] = []
    for line in lines:
        if out and _open_bracket(out[-1].text) and (out[-1].file, out[-1].page) == (line.file, line.page) \
                and not _ITEM_START.match(line.text):
            # A bracket left open goes on in the next line, wherever the line broke ("（实用新型，专利权人：" /
            # "上海微创光电有限公司，申请日2018年5月10日，…）"): the owner and dates in it stay with their patent.
            out[-1] = TextLine(line.file, out[-1].page, out[-1].text + line.text)
            continue
        if out and line.page is not None:
            previous = out[-1]
            if (previous.file, previous.page) == (line.file, line.page) \
                    and _width(previous.text) >= FULL_LINE * widest[(line.file, line.page)] \
                    and not previous.text.endswith(_LINE_END) and " " not in previous.text \
                    and " " not in line.text and not _ITEM_START.match(line.text):
                out[-1] = TextLine(line.file, previous.page, previous.text + line.text)
                continue
        out.append(line)
    return out


def _open_bracket(text: str) -> bool:
    """Does the text open more brackets than it closes?"""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _load_pdf_layout(data: bytes, path: Path, max_bytes: int, on_page: PageProgress | None):
    try:
        return load_pdf(data, str(path), max_bytes, on_page, layout=True)
    except IngestError:
        raise
    except (RecursionError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError(str(path), f"cannot parse PDF ({type(exc).__name__})") from None


def draft_from_files(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES,
                     on_page: PageProgress | None = None, deal_id: str = "draft") -> Draft:
    """Read every file (all must read) and draft one deal from them together."""
    lines: list[TextLine] = []
    for path in paths:
        lines.extend(read_lines(Path(path), max_bytes, on_page))
    return draft_deal(lines, deal_id)


# Headings of the two lists every view of a draft shows (CLI, YAML, web), in plain words.
TO_CONFIRM_LABEL = "To confirm — the documents state these, but they cannot be right as written · 请核对"
# Not "no document gave": the extractor may have missed a statement, so the list says what it did not find.
TO_ASK_LABEL = "To ask the originator — facts the checks need, not found in the documents read · 文件中未找到，需向原始权益人补充或核对原文"


def doubt_lines(draft: Draft) -> list[str]:
    """One line per value to confirm: the field, the value, what was done with it, why, and where it was read."""
    out = []
    for doubt in draft.doubts:
        page = f", p. {doubt.evidence.page}" if doubt.evidence.page else ""
        done = "kept as written" if doubt.kept else "left empty"
        out.append(f"{doubt.path} = {doubt.value} ({done}): {doubt.reason} "
                   f"[{doubt.evidence.file}{page}: {doubt.evidence.text}]")
    return out


def gap_groups(draft: Draft) -> list[tuple[str, tuple[str, ...]]]:
    """(whose, what to ask for): each IP right that lacks facts of its own, then what all of them lack."""
    rights = len((draft.deal.get("pool") or {}).get("ip") or [])
    shared, own = grouped(draft.gaps, rights)
    return [(gap.label, gap.asks) for gap in own] + ([(f"each of the {rights} rights", shared)] if shared else [])


def gap_lines(draft: Draft) -> list[str]:
    """`gap_groups` as text: one line for a single fact, else one line per fact under its right."""
    out = []
    for whose, asks in gap_groups(draft):
        out += [f"{whose}: {asks[0]}"] if len(asks) == 1 else [f"{whose}:", *(f"  - {ask}" for ask in asks)]
    return out


def review_lines(draft: Draft, prefix: str = "") -> list[str]:
    """The to-confirm and to-ask lists, each under its heading and left out when empty, every line after `prefix`
    (the CLI's summary and, as comments, the YAML's head)."""
    out = []
    for label, lines in ((TO_CONFIRM_LABEL, doubt_lines(draft)), (TO_ASK_LABEL, gap_lines(draft))):
        if lines:
            out += [f"{prefix}{label}:", *(f"{prefix}  {line}" for line in lines)]
    return out


def evidence_record(draft: Draft) -> dict:
    """The sidecar: for every field, its value and where each source states it; conflicts; the key fields
    not found. The key stays "missing" for readers of earlier sidecars; "missing_means" says what it holds."""
    def sources(items):
        return [{"value": _plain(f.value), "file": f.evidence.file, "page": f.evidence.page, "text": f.evidence.text}
                for f in items]
    return {
        "made_by": "ipabs intake",
        "made_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "fields": {path: {"value": _plain(items[0].value), "sources": sources(items)}
                   for path, items in draft.evidence.items()},
        "conflicts": {path: sources(items) for path, items in draft.conflicts.items()},
        "missing": draft.missing,
        "missing_means": NOT_FOUND_LABEL,
        "dropped": draft.dropped,
        "to_confirm": [{"path": d.path, "value": _plain(d.value), "kept": d.kept, "reason": d.reason,
                        "file": d.evidence.file, "page": d.evidence.page, "text": d.evidence.text} for d in draft.doubts],
        "to_ask": [{"right": gap.label, "facts": list(gap.asks)} for gap in draft.gaps],
    }


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def deal_yaml(draft: Draft, files: list[str], evidence_name: str) -> str:
    """The draft as the YAML `ipabs check` reads, headed by comments saying what it is and what is open."""
    head = ["# DRAFT made by `ipabs intake` from: " + ", ".join(files),
            f"# Every value below was read from those documents; {evidence_name} gives file, page and the",
            "# verbatim text for each. Confirm or edit before relying on a check of this draft."]
    if draft.conflicts:
        head.append("# Conflicts (left empty, the documents disagree):")
        for path, items in draft.conflicts.items():
            shown = "; ".join(f"{_plain(f.value)} ({f.evidence.file} p.{f.evidence.page or '-'})" for f in items)
            head.append(f"#   {path}: {shown}")
    head += review_lines(draft, "# ")
    if draft.missing:
        head.append(f"# {NOT_FOUND_LABEL}: " + ", ".join(draft.missing))
    body = yaml.safe_dump(draft.deal, allow_unicode=True, sort_keys=False, width=120)
    return "\n".join(head) + "\n" + body


def write_draft(draft: Draft, out: Path, files: list[str]) -> Path:
    """Write the deal YAML and its sidecar <stem>.evidence.json, each atomically (no half-written file)."""
    out = Path(out)
    sidecar = sidecar_path(out)
    _atomic_write(sidecar, json.dumps(evidence_record(draft), ensure_ascii=False, indent=1))
    _atomic_write(out, deal_yaml(draft, files, sidecar.name))
    return sidecar


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
