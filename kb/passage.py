"""A passage: one stored chunk joined with its document's registry record (built by KnowledgeBase)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
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
