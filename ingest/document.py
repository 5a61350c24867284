"""The values ingest hands to whoever stores them: a parsed document and its chunks."""
from __future__ import annotations

from dataclasses import dataclass, field

from errors import UserError


class IngestError(UserError):
    """A file that could not be ingested; `str()` reads `file: reason`."""

    exit_code = 2   # like a bad deal file: the input was refused whole
    consequence = "nothing was written"

    def __init__(self, file: str, reason: str):
        super().__init__(reason, file, message=f"{file}: {reason}")


@dataclass(frozen=True)
class Chunk:
    """One legal unit (an article, or one piece of an over-long article) with its citation data."""

    chunk_id: str          # f"{doc_id}:{seq:04d}", stable for the same bytes
    seq: int               # position in the document, from 0
    text: str              # the unit's own text, heading included ("第四十二条 发明专利权的期限为…")
    article: str           # citation label: "第四十二条", "Article 6", "§ 246.4", "3.2"; "" for preamble text
    path: str              # "第五章 专利权的期限、终止和无效 > 第四十二条"
    page: int | None = None  # 1-based page where the unit starts (PDF); None where pages do not exist
    part: int = 0          # 0 for a whole article; 1, 2, … for the pieces of a split article
    article_no: int | None = None  # the article's number as an integer (第四十二条 -> 42, Article 6 -> 6)


@dataclass
class ParsedDocument:
    """A whole document, ready to store: its metadata and every chunk, in order."""

    doc_id: str            # first 16 hex chars of sha256: identity is the content
    sha256: str            # of the file's bytes
    title: str
    jurisdiction: str      # "CN", "CN-GD", "EU", "US", "ADGM", … ("" when unknown)
    doc_type: str          # law | regulation | judicial_interpretation | departmental_rule | local_regulation | policy | digest | deal | note | other
    issuer: str
    effective_from: str    # ISO date "2021-06-01" or ""
    effective_to: str      # ISO date or "" (still in force)
    version: str           # e.g. "2020-10-17"; "" when unknown
    language: str          # "zh" | "en"
    source_path: str
    chunks: list[Chunk] = field(default_factory=list)
    source_status: str = ""  # the status the source declares of itself ("SUPERSEDED — …"), as written
    source_completeness: str = ""  # how much of the instrument the source holds, as it says ("PARTIAL — Arts 1–6 …")
    stated_source: str = ""  # where the text comes from, as its file or uploader states it ("yes — verbatim copy of …")

    def metadata(self) -> dict[str, str]:
        """The document-level fields every chunk carries into the store."""
        return {
            "doc_id": self.doc_id,
            "sha256": self.sha256,
            "title": self.title,
            "jurisdiction": self.jurisdiction,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "version": self.version,
            "language": self.language,
            "source_path": self.source_path,
            "source_status": self.source_status,
            "source_completeness": self.source_completeness,
            "stated_source": self.stated_source,
        }
