"""Document records: one stored version's fields, its instrument, its versions and its state on a date."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

_PREFIX = re.compile(r"^中华人民共和国")
# Only a bracket that names a version is dropped: "（2020年第四次修正）", "(试行)". A bracket that names
# a different instrument of a series, "解释（一）" vs "解释（二）", stays part of the name.
_VERSION_BRACKET = re.compile(r"[（(][^（）()]*(?:\d{4}|年|修正|修订|修改|试行|暂行)[^（）()]*[）)]")
# How the name of a Chinese law, regulation, rule or interpretation ends.
CHINESE_INSTRUMENT_ENDS = "法典|法|条例|细则|办法|规定|指引|解释|规则|指南|问答|纲要"

# A source's own completeness line that says it holds only part of the instrument.
_PARTIAL = re.compile(r"partial|excerpt|missing|incomplete|节选|摘录|部分", re.I)
# A source's own status line that says it is, or may be, no longer the law.
# A status that opens by declaring the version replaced ("SUPERSEDED (older version) — replaced by …").
_SUPERSEDED_FLATLY = re.compile(r"\s*(?:superseded|repealed|revoked|已被?(?:取代|废止|替代))", re.I)
_DOUBTED = re.compile(r"supersed|repeal|revoked|no longer in force|废止|失效|被修订|已修订", re.I)

# What a version is on a given day.
IN_FORCE, SUPERSEDED, NOT_YET, EXPIRED = "in_force", "superseded", "not_yet_in_force", "no_longer_in_force"
# Commentary: it explains the law and never stands in for it.
COMMENTARY_TYPES = frozenset({"note", "digest"})
# The national law and what carries it out, and the local or policy texts beneath them (立法法: a lower text that departs
# from a higher one yields to it), with their names in answers.
NATIONAL_TYPES = {"law": ("a law", "法律"), "regulation": ("an administrative regulation", "行政法规"),
                  "judicial_interpretation": ("a judicial interpretation", "司法解释"),
                  "departmental_rule": ("a ministry's rule", "部门规章或国务院部门规范性文件")}
SUBORDINATE_TYPES = {"local_regulation": ("a local regulation", "地方性法规或地方规定"), "policy": ("a policy document", "政策文件"),
                     "other": ("a document of no stated legal rank", "未注明效力层级的文件")}


def today() -> str:
    return date.today().isoformat()


@dataclass
class DocumentRecord:
    """One stored document version, as the registry keeps it: the only home of the document's fields."""

    doc_id: str
    sha256: str
    title: str
    jurisdiction: str = ""
    doc_type: str = ""
    issuer: str = ""
    effective_from: str = ""
    effective_to: str = ""
    version: str = ""
    language: str = ""
    source_path: str = ""
    chunks: int = 0
    added_at: str = ""
    superseded_by: str = ""
    source_status: str = ""   # the status the source file declares of itself, e.g. "SUPERSEDED — replaced by …"
    source_completeness: str = ""   # what the source file says it holds of the instrument, e.g. "PARTIAL — Arts 1–6 …"
    stated_source: str = ""   # where the text comes from, as the file (official_text:) or its uploader (--source) states it

    @property
    def country(self) -> str:
        """The jurisdiction's country or union code: "CN" for a Guangdong regulation ("CN-GD"), "" when unknown."""
        return self.jurisdiction.upper().split("-")[0]

    @property
    def partial_source(self) -> bool:
        """The source itself says it holds only part of the instrument (an excerpt, some articles)."""
        return bool(_PARTIAL.search(self.source_completeness))

    @property
    def doubted_by_source(self) -> bool:
        """The source itself says this version is, or may be, superseded or repealed."""
        return bool(_DOUBTED.search(self.source_status))

    @property
    def superseded_by_source(self) -> bool:
        """The source itself says flatly that this version is superseded or repealed (not "probably")."""
        return bool(_SUPERSEDED_FLATLY.match(self.source_status))

    def in_force(self, on: str) -> bool:
        """In force on ISO date `on`: effective_from <= on < effective_to; an undated version stops
        counting once a newer one supersedes it."""
        return self.state(on) == IN_FORCE

    def state(self, on: str = "") -> str:
        """IN_FORCE, SUPERSEDED, NOT_YET or EXPIRED on ISO date `on` (today when empty)."""
        on = on or today()
        if self.effective_from and self.effective_from > on:
            return NOT_YET
        if self.effective_to:
            if on < self.effective_to:
                return IN_FORCE
            return SUPERSEDED if self.superseded_by else EXPIRED
        return SUPERSEDED if self.superseded_by else IN_FORCE

    @property
    def is_commentary(self) -> bool:
        return self.doc_type in COMMENTARY_TYPES

    @property
    def instrument(self) -> str:
        return instrument_name(self.title)

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> "DocumentRecord":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in meta.items() if k in names})


def instrument_name(title: str) -> str:
    """`中华人民共和国专利法（2020年第四次修正）` -> `专利法`: the name shared by all versions."""
    name = _VERSION_BRACKET.sub("", _PREFIX.sub("", title.strip()))
    return re.sub(r"\s+", " ", name).strip().lower()


def _order_key(record: DocumentRecord) -> tuple[str, str, str]:
    return (record.effective_from or record.version, record.version, record.added_at)


def supersede(new: DocumentRecord, existing: list[DocumentRecord]) -> list[DocumentRecord]:
    """Records whose dates change because `new` joins their instrument, `new` included, oldest first.

    Each version ends where the next begins: its `effective_to` becomes the next one's
    `effective_from` (when known) and `superseded_by` names the next one. An end it already has stays only when
    it comes earlier: a version that lapsed before the next began keeps its own end, but one that ran to a
    later version (2027) ends where a version found between begins (2021), or two would be in force at once.
    """
    same = [r for r in existing if instrument_name(r.title) == instrument_name(new.title)]
    if not same:
        return [new]
    chain = sorted([*same, new], key=_order_key)
    changed: list[DocumentRecord] = []
    for older, newer in zip(chain, chain[1:]):
        updated = replace(
            older,
            superseded_by=newer.doc_id,
            effective_to=min(filter(None, (older.effective_to, newer.effective_from)), default=""),
        )
        if updated != older or older is new:
            changed.append(updated)
    if chain[-1] is new:
        changed.append(new)
    return changed


def unsourced_takeover(new: DocumentRecord, existing: list[DocumentRecord]) -> DocumentRecord | None:
    """The stored version `new` would supersede although it states no source and that version does: a file of unknown
    origin ("专利法（2026年第五次修正）" with a 50-year term, uploaded by anyone) must not end the force of a text whose
    origin is on record. None when `new` states its source, or supersedes nothing that states one."""
    if new.stated_source or new.is_commentary:
        return None
    same = [r for r in existing if instrument_name(r.title) == instrument_name(new.title) and not r.is_commentary]
    older = [r for r in same if _order_key(r) < _order_key(new) and r.stated_source]
    return max(older, key=_order_key, default=None)


def unlink(removed: DocumentRecord, existing: list[DocumentRecord]) -> list[DocumentRecord]:
    """Records whose links change because `removed` leaves the library: the version it superseded takes
    over again, up to the version after `removed` (if any), or open-ended."""
    changed = []
    successor = next((r for r in existing if r.doc_id == removed.superseded_by), None)
    for record in existing:
        if record.superseded_by != removed.doc_id or record.doc_id == removed.doc_id:
            continue
        # An end date equal to the removed version's start was set by supersession, not by the document.
        derived_end = record.effective_to == removed.effective_from
        end = record.effective_to
        if derived_end:
            end = successor.effective_from if successor else ""
        changed.append(replace(record, superseded_by=successor.doc_id if successor else "", effective_to=end))
    return changed
