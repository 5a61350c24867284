"""Find the verbatim text of a legal basis (instrument + article) by metadata, not by similarity."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kb.library import KnowledgeBase
from kb.store import DocumentRecord
from kb.versions import instrument_name

_ARTICLE = re.compile(
    r"^(第[零〇一二三四五六七八九十百千两\d]+条(?:之[一二三四五六七八九十]+)?"
    r"|Article\s+\d+[a-z]?|Art\.\s*\d+[a-z]?|§\s*[\d.]+|Section\s+[\d.]+|Rule\s+[\d.]+|[\d]+(?:\.\d+)*)",
    re.IGNORECASE,
)


@dataclass
class BasisText:
    instrument: str
    article: str
    found: bool
    note: str = ""          # why nothing was found
    title: str = ""
    doc_id: str = ""
    chunk_id: str = ""
    text: str = ""
    page: int | None = None
    version: str = ""
    effective_from: str = ""
    effective_to: str = ""


def article_label(article: str) -> str:
    """`第四十二条第二款` -> `第四十二条`; `Article 6(3)(a)` -> `Article 6`."""
    match = _ARTICLE.match(article.strip())
    if not match:
        return article.strip()
    label = match.group(1)
    return re.sub(r"^Art\.\s*", "Article ", label, flags=re.IGNORECASE)


def _candidates(records: list[DocumentRecord], instrument: str) -> list[DocumentRecord]:
    wanted = instrument_name(instrument)
    # "依照专利法" names 专利法: the longest tail of the name that is a stored instrument wins.
    for start in range(len(wanted) - 1):
        exact = [r for r in records if instrument_name(r.title) == wanted[start:]]
        if exact:
            return exact
    return sorted((r for r in records if wanted and wanted in instrument_name(r.title)), key=lambda r: len(r.title))


def lookup_basis(kb: KnowledgeBase, instrument: str, article: str, as_of: str = "",
                 doc_types: frozenset[str] = frozenset()) -> BasisText:
    """The article's stored text in the version in force on `as_of` (today when empty); `doc_types`,
    when given, are the only readable types."""
    on = as_of or date.today().isoformat()
    records = [r for r in kb.documents().values() if not doc_types or r.doc_type in doc_types]
    docs = _candidates(records, instrument)
    if not docs:
        return BasisText(instrument, article, False, note=f"{instrument} is not in the library")
    docs.sort(key=lambda r: (not r.in_force(on), r.effective_from), reverse=False)
    label = article_label(article)
    for record in docs:
        chunks = kb.store.chunks_where({"$and": [{"doc_id": record.doc_id}, {"article": label}]})
        if chunks:
            meta = chunks[0].metadata
            return BasisText(
                instrument, article, True, title=record.title, doc_id=record.doc_id, chunk_id=chunks[0].chunk_id,
                text="\n".join(c.text for c in chunks), page=meta.get("page"), version=record.version,
                effective_from=record.effective_from, effective_to=record.effective_to,
            )
    return BasisText(instrument, article, False, title=docs[0].title, doc_id=docs[0].doc_id,
                     note=f"{docs[0].title} is in the library, but its text has no {label}")
