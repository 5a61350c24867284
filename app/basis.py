"""Resolves a report's legal bases to the verbatim articles in the knowledge base, by metadata, in the
version in force on the deal's as-of date, and records which library state they came from."""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import replace

from ingest.numerals import NUMERAL_CHARS, cn_number
from kb.lookup import BasisText, lookup_basis
from rules.basis import BasisQuote, LibraryState, ReportContext, basis_key
from rules.findings import Report
from rules.labels import PRACTICE

log = logging.getLogger("ipabs.basis")


def cited(report: Report) -> list[tuple[str, ...]]:
    """Every (instrument, article) the report cites, once, in order of first citation; a basis cited in the version
    in force on another day than the report's (`governing_on`, rules.cited) as (instrument, article, that day)."""
    seen: dict[tuple[str, ...], None] = {}
    for finding in report.findings:
        for basis in finding.basis:
            seen.setdefault(basis_key(basis), None)
    return list(seen)


def resolve_bases(kb, report: Report, doc_types: frozenset[str] = frozenset()) -> dict[tuple[str, ...], BasisQuote]:
    """Each cited article from the library: found or not, and whether the version quoted was in force
    on the report's as-of date (kb.lookup prefers that version; it falls back to another one).
    `doc_types`, when given, are the only document types the reader may see."""
    only = {"doc_types": doc_types} if doc_types else {}
    out = {}
    for key in cited(report):
        instrument, article = key[:2]
        on = key[2] if len(key) > 2 else report.as_of.isoformat()
        if instrument == PRACTICE:   # market practice: no law, nothing to look up
            out[key] = BasisQuote(instrument, article, False, note="market practice, not a legal text")
            continue
        text = lookup_basis(kb, instrument, article, on, **only)
        if not text.found and text.doc_id:
            text = _listed_item(kb, text)
        text = _cited_revision(kb, text)
        passage, record = text.passage, text.record
        if passage is None or record is None:
            out[key] = BasisQuote(instrument, article, False, note=text.note, title=text.title, doc_id=text.doc_id)
            continue
        out[key] = BasisQuote(
            instrument, article, True, text=passage.text, note=text.note, title=record.title, doc_id=record.doc_id,
            version=record.version, effective_from=record.effective_from, effective_to=record.effective_to,
            page=passage.page, in_force_on_as_of=record.in_force(on))
    return out


# Instruments without numbered articles cite a list item (负面清单 第一项 = "（一）…") or a question of a
# Q&A (监管问答 问题一 = "一、…"). Their text is stored as plain paragraphs, so the item is cut out of the
# document by its own numbering: from its marker to the next item's marker.
_ITEM_CITE = re.compile(rf"^(?:第([{NUMERAL_CHARS}]+)项|问题([{NUMERAL_CHARS}]+))$")


def _item_marker(kind: str, number: int) -> re.Pattern:
    cn = _CN_NUMERALS[number] if number < len(_CN_NUMERALS) else str(number)
    return re.compile(rf"^[（(]{cn}[）)]" if kind == "项" else rf"^{cn}、", re.MULTILINE)


_CN_NUMERALS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]


def _listed_item(kb, missing: BasisText) -> BasisText:
    """The cited list item or Q&A question of the document lookup_basis named, or `missing` unchanged."""
    match = _ITEM_CITE.match(missing.article.strip())
    if not match:
        return missing
    kind, number = ("项", cn_number(match.group(1))) if match.group(1) else ("问题", cn_number(match.group(2)))
    if not number:
        return missing
    chunks = kb.chunks_of(missing.doc_id)
    body, starts = _document_text(chunks)
    start = _item_marker(kind, number).search(body)
    if not start:
        return missing
    end = _item_marker(kind, number + 1).search(body, start.end())
    item = body[start.start():end.start() if end else len(body)].strip()
    first = chunks[max(i for i, at in enumerate(starts) if at <= start.start())]   # its page
    return replace(missing, passage=replace(first, text=item), record=first.record, note="")


_REVISION_YEAR = re.compile(r"[（(]((?:19|20)\d\d)年?(?:修订|修正|版)?[）)]")


def _cited_revision(kb, text: BasisText) -> BasisText:
    """A citation that names its revision ("…指引（2024年修订）") is not answered with an older version: the
    2014 negative list's item 2 (financing platforms) is no quote for the 2024 list's item 2 (dishonest
    providers). Version names are dropped when matching instruments, so this is checked here."""
    year = _REVISION_YEAR.search(text.instrument)
    if not text.found or not year:
        return text
    held = text.record.effective_from or text.record.version or ""
    if held[:4] and held[:4] < year.group(1):
        return BasisText(text.instrument, text.article, record=text.record,
                         note=f"the library holds {text.title} (from {held}), not the {year.group(1)} revision cited")
    return text


def _document_text(chunks) -> tuple[str, list[int]]:
    """The document's text in order, with the headings that ingestion moved into the chunks' paths put
    back where they stood (a short question line such as "二、…？" is stored as a heading); and the offset at
    which each chunk starts."""
    lines, starts, shown, size = [], [], set(), 0
    for chunk in chunks:
        starts.append(size)
        for heading in filter(None, (chunk.path or "").split(" > ")):
            if heading not in shown and heading not in chunk.text:
                shown.add(heading)
                lines.append(heading)
                size += len(heading) + 1
        lines.append(chunk.text)
        size += len(chunk.text) + 1
    return "\n".join(lines), starts


def _readable(kb, doc_types: frozenset[str]) -> dict:
    return {d: r for d, r in kb.documents().items() if not doc_types or r.doc_type in doc_types}


def library_state(kb, bases: dict[tuple[str, ...], BasisQuote], doc_types: frozenset[str] = frozenset()) -> LibraryState:
    """A hash over every readable document id and its dates, so a report names the exact library it read."""
    records = _readable(kb, doc_types)
    lines = sorted(f"{r.doc_id}|{r.version}|{r.effective_from}|{r.effective_to}|{r.superseded_by}"
                   for r in records.values())
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    quoted_ids = sorted({q.doc_id for q in bases.values() if q.found})
    quoted = tuple({"doc_id": d, "title": records[d].title, "version": records[d].version,
                    "effective_from": records[d].effective_from} for d in quoted_ids if d in records)
    return LibraryState(digest, len(records), quoted)


def report_context(open_kb, report: Report, run_by: str, deal=None,
                   doc_types: frozenset[str] = frozenset()) -> ReportContext:
    """Basis texts and sign-off data for rendering `report`. `open_kb()` gives the knowledge base; when it
    cannot be opened or read the report still renders and says the texts are missing, and why."""
    try:
        kb = open_kb()
        bases = resolve_bases(kb, report, doc_types)
        library = library_state(kb, bases, doc_types)
    except Exception as err:  # noqa: BLE001 - a report without texts beats no report; it names the cause
        log.warning("basis texts unavailable: %s", err)
        return ReportContext(library=LibraryState("", 0, error=f"{type(err).__name__}: {err}"), run_by=run_by,
                             deal=deal)
    return ReportContext(bases=bases, library=library, run_by=run_by, deal=deal)
