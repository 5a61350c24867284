"""A passage: one stored chunk joined with its document's registry record (built by KnowledgeBase)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from kb.records import DocumentRecord

# What a chunk's metadata in Chroma holds: the chunk's own fields, and the document fields that never
# change once it is stored and that Chroma's `where` filters on. Everything else is in the record.
CHUNK_FIELDS = ("doc_id", "article", "path", "page", "seq", "part")
FILTER_FIELDS = ("jurisdiction", "doc_type")


def chunk_metadata(chunk_fields: dict[str, Any], record: DocumentRecord) -> dict[str, Any]:
    """The metadata stored with a chunk; `page` is left out when unknown (Chroma takes no None)."""
    meta = {k: chunk_fields[k] for k in CHUNK_FIELDS if chunk_fields.get(k) is not None}
    meta.update({k: getattr(record, k) for k in FILTER_FIELDS})
    meta["doc_id"] = record.doc_id
    return meta


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    text: str
    article: str
    path: str
    page: int | None
    seq: int
    record: DocumentRecord

    @classmethod
    def join(cls, chunk_id: str, text: str, meta: dict[str, Any], record: DocumentRecord) -> "Passage":
        page = meta.get("page")
        return cls(chunk_id, text, meta.get("article", ""), meta.get("path", ""),
                   int(page) if page is not None else None, int(meta.get("seq", 0)), record)

    @property
    def doc_id(self) -> str:
        return self.record.doc_id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def doc_type(self) -> str:
        return self.record.doc_type

    @property
    def metadata(self) -> dict[str, Any]:
        """Chunk and document fields in one dict (for callers that print or filter them)."""
        meta = asdict(self.record)
        meta.update(article=self.article, path=self.path, seq=self.seq)
        if self.page is not None:
            meta["page"] = self.page
        return meta


def one_per_article(passages: list[Passage]) -> list[Passage]:
    """Passages of one article (the chunks of a long one) as one passage at the place of the first, their
    texts in the article's order; a blank line with "…" stands where chunks between them are left out.
    Cited apart, one article read as two provisions ("Article 20" twice)."""
    groups: dict[tuple[str, str], list[Passage]] = {}
    for p in passages:
        groups.setdefault((p.doc_id, p.article) if p.article else (p.chunk_id, ""), []).append(p)
    merged = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        parts = sorted(group, key=lambda p: p.seq)
        text = parts[0].text
        for before, part in zip(parts, parts[1:]):
            text += ("\n\n" if part.seq == before.seq + 1 else "\n\n…\n\n") + part.text
        merged.append(replace(group[0], text=text, page=parts[0].page))
    return merged
