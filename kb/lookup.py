"""Find the verbatim text of a legal basis (instrument + article) by metadata, not by similarity."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.library import KnowledgeBase
from kb.passage import Passage
from kb.records import CHINESE_INSTRUMENT_ENDS, DocumentRecord, instrument_name, today

_ARTICLE = re.compile(
    r"^(第[零〇一二三四五六七八九十百千两\d]+条(?:之[一二三四五六七八九十]+)?"
    r"|Article\s+\d+[a-z]?|Art\.\s*\d+[a-z]?|§\s*[\d.]+|Section\s+[\d.]+|Rule\s+[\d.]+|[\d]+(?:\.\d+)*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BasisText:
    """A cited article as the library holds it: `passage` is its first chunk carrying the whole article's
    text (None when not found); `record` is the document looked in, found or not."""

    instrument: str
    article: str
    passage: Passage | None = None
    record: DocumentRecord | None = None
    note: str = ""          # why nothing was found, or that this is not the version in force on the date
    # The version's state on the date asked (in_force, superseded, not_yet_in_force, no_longer_in_force):
    # anything but in_force means the version in force then is not in the library and this is the nearest.
    state: str = ""

    @property
    def found(self) -> bool:
        return self.passage is not None

    @property
    def text(self) -> str:
        return self.passage.text if self.passage else ""

    @property
    def doc_id(self) -> str:
        return self.record.doc_id if self.record else ""

    @property
    def title(self) -> str:
        return self.record.title if self.record else ""


def article_label(article: str) -> str:
    """`第四十二条第二款` -> `第四十二条`; `Article 6(3)(a)` -> `Article 6`."""
    match = _ARTICLE.match(article.strip())
    if not match:
        return article.strip()
    label = match.group(1)
    return re.sub(r"^Art\.\s*", "Article ", label, flags=re.IGNORECASE)


_SHORT_NAME = re.compile(rf"(.{{2,}}?)({CHINESE_INSTRUMENT_ENDS})")


def instrument_candidates(records: list[DocumentRecord], instrument: str) -> list[DocumentRecord]:
    """The records whose instrument is the one named (the longest matching tail of the name wins)."""
    wanted = instrument_name(instrument)
    # "依照专利法" names 专利法: the longest tail of the name that is a stored instrument wins.
    for start in range(len(wanted) - 1):
        exact = [r for r in records if instrument_name(r.title) == wanted[start:]]
        if exact:
            return exact
    containing = sorted((r for r in records if wanted and wanted in instrument_name(r.title)), key=lambda r: len(r.title))
    if containing:
        return containing
    # A short name leaves out words of the title: "担保制度解释" for "…有关担保制度的解释", "融资租赁解释" for
    # "…审理融资租赁合同纠纷案件适用法律问题的解释". Its stem stands in the name, which ends as the short name does.
    short = _SHORT_NAME.fullmatch(wanted)
    if not short:
        return []
    stem, end = short.groups()
    return sorted((r for r in records if stem in (name := instrument_name(r.title)) and name.endswith(end)),
                  key=lambda r: len(r.title))


def lookup_basis(kb: KnowledgeBase, instrument: str, article: str, as_of: str = "",
                 doc_types: frozenset[str] = frozenset(), records: list[DocumentRecord] | None = None) -> BasisText:
    """The article's stored text in the version in force on `as_of` (today when empty), else in the
    nearest version (its `state` says so). `doc_types`, when given, are the only readable types; `records`, when
    given, the only documents looked in (a search's allowed law)."""
    on = as_of or today()
    if records is None:
        records = list(kb.documents().values())
    records = [r for r in records if not doc_types or r.doc_type in doc_types]
    docs = instrument_candidates(records, instrument)
    if not docs:
        return BasisText(instrument, article, note=f"{instrument} is not in the library")
    docs = nearest_first(docs, on)
    label = article_label(article)
    for record in docs:
        passages = kb.article_passages(record.doc_id, label)
        if passages:
            whole = replace(passages[0], text="\n".join(p.text for p in passages))
            note = "" if record.in_force(on) else (f"the version in force on {on} is not in the library; "
                                                   f"this is the nearest stored version")
            return BasisText(instrument, article, whole, record, note, record.state(on))
    return BasisText(instrument, article, record=docs[0], note=f"{docs[0].title} is in the library, but its text has no {label}")


def nearest_first(records: list[DocumentRecord], on: str) -> list[DocumentRecord]:
    """The version in force on `on` first; then the versions that start after it, soonest first; then
    those that ended before it, latest first."""
    ended = sorted(records, key=lambda r: r.effective_to or r.effective_from, reverse=True)
    def key(r: DocumentRecord) -> tuple:
        later = bool(r.effective_from) and r.effective_from > on
        return (not r.in_force(on), not later, r.effective_from if later else "")
    return sorted(ended, key=key)
