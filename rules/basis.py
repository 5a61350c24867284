"""The verbatim texts of a report's legal bases and the library state they came from, handed in as data
(the rules package never reads the knowledge base; `app` resolves the texts and passes them here)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def source_line(quote: dict) -> str:
    """Where a quoted article comes from (a `BasisQuote.to_dict()`): title, version, dates, page, id."""
    return " · ".join(x for x in [
        quote.get("title", ""), f"version {quote['version']}" if quote.get("version") else "",
        f"in force {quote.get('effective_from') or '…'} → {quote.get('effective_to') or 'now'}",
        f"p. {quote['page']}" if quote.get("page") else "", f"id {quote['doc_id']}" if quote.get("doc_id") else "",
    ] if x)


@dataclass(frozen=True)
class BasisQuote:
    """One cited article as the library holds it, or why the library does not hold it."""
    instrument: str
    article: str
    found: bool
    text: str = ""
    note: str = ""                 # why nothing was found
    title: str = ""
    doc_id: str = ""
    version: str = ""
    effective_from: str = ""
    effective_to: str = ""
    page: int | None = None
    # False: only another version than the one in force on the day looked up for is held (the deal date, or for a
    # basis cited in the version governing its right, that `governing_on` day: app.basis looks it up on it)
    in_force_on_as_of: bool = True

    def version_warning(self, as_of: str, governing_on: str = "") -> str:
        """Empty when the quoted version was in force on the date whose law governs (`governing_on`, the
        right's own date, else `as_of`, the deal date); otherwise which version is quoted instead."""
        if governing_on:
            if not self.found or self.in_force_on_as_of:
                return ""
            span = f"from {self.effective_from or '…'}" + (f" to {self.effective_to}" if self.effective_to else "")
            return (f"version in force {span} — the version in force on {governing_on}, which governs the right this "
                    f"basis is cited for, is not in the library: the text below is for reference only, not the basis "
                    f"of this result · 适用于该权利的版本（{governing_on}时有效）不在知识库中；下列为"
                    f"{self.effective_from or '其他'}起施行的版本，仅供参考，并非本结论的依据")
        if not self.found or self.in_force_on_as_of:
            return ""
        if self.effective_from and self.effective_from > as_of:
            # Not yet in force on the deal date: what governed then may be an earlier version or another
            # instrument altogether (民法典 replaced 合同法/物权法 on 2021-01-01), so no "version" is promised.
            return (f"in force only from {self.effective_from}, after the deal date ({as_of}) — the law in force "
                    f"on the deal date (an earlier version or a predecessor instrument) is not in the library · "
                    f"所引条文自{self.effective_from}起施行，晚于交易日；交易日适用的法律（旧版本或前身法律）不在知识库中")
        span = f"from {self.effective_from or '…'}" + (f" to {self.effective_to}" if self.effective_to else "")
        return (f"version in force {span} — the version in force on the deal date ({as_of}) is not in the library "
                f"· 所引为{self.effective_from or '其他'}起施行的版本，交易日适用的版本不在知识库中")

    def to_dict(self) -> dict:
        return {"found": self.found, "text": self.text, "note": self.note, "title": self.title,
                "doc_id": self.doc_id, "version": self.version, "effective_from": self.effective_from,
                "effective_to": self.effective_to, "page": self.page, "in_force_on_as_of": self.in_force_on_as_of}


@dataclass(frozen=True)
class LibraryState:
    """Which library the basis texts were read from: a hash over every document id and version, and
    the documents actually quoted."""
    state_hash: str
    documents: int
    quoted: tuple[dict, ...] = ()   # {"doc_id", "title", "version", "effective_from"}
    error: str = ""                 # the library could not be read (the report says so)

    def to_dict(self) -> dict:
        return {"state_hash": self.state_hash, "documents": self.documents, "quoted": list(self.quoted),
                "error": self.error}


def basis_key(basis: dict) -> tuple[str, ...]:
    """How a cited basis is looked up: (instrument, article), and the day whose version governs when that is not the
    report's (`governing_on`: a design filed before 2021-06-01 keeps the earlier Patent Law's term)."""
    key = (basis.get("instrument", ""), basis.get("article", ""))
    return (*key, basis["governing_on"]) if basis.get("governing_on") else key


@dataclass
class ReportContext:
    """What a rendering adds to the checker's Report: basis texts, library state, who ran it and when."""
    bases: dict[tuple[str, ...], BasisQuote] = field(default_factory=dict)   # by basis_key
    library: LibraryState | None = None
    run_by: str = ""
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    deal: object | None = None      # the rules.deal.Deal checked, to name the IP right or claim a fact is about
    # fact path -> where the documents state it ({"value", "file", "page", "text"}), from a draft's intake sidecar
    evidence: dict[str, tuple[dict, ...]] = field(default_factory=dict)
    # values intake could not confirm that the deal still holds ({"path", "value", "kept", "reason", "file", "page",
    # "text"}, as the sidecar's `to_confirm`): the report lists them and its verdict line says it rests on them
    unconfirmed: tuple[dict, ...] = ()

    def quote(self, basis: dict) -> BasisQuote | None:
        return self.bases.get(basis_key(basis))

    def sources(self, path: str, value) -> tuple[dict, ...]:
        """The documents that state `value` for `path`; none when the deal now holds another value
        (edited after intake), so a source is never shown for a value it does not say."""
        return tuple(s for s in self.evidence.get(path, ()) if _same_value(s.get("value"), value))


def _same_value(stated, held) -> bool:
    if isinstance(held, (dt.date, dt.datetime)):
        held = held.isoformat()
    numbers = (int, float)
    if isinstance(stated, numbers) and isinstance(held, numbers) and not isinstance(stated, bool) \
            and not isinstance(held, bool):
        return float(stated) == float(held)
    return stated == held
