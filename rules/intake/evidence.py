"""What intake reads and what it hands back: text lines with their file and page, values with their evidence."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# DOCX table rows reach intake as 'cell | cell | cell' (ingest.loaders.load_docx); tables in PDFs,
# scans and plain text are columns set apart by whitespace.
_CELL_BAR = " | "
_CLAUSE_END = re.compile(r"[，；;。！？]|,(?!\d{3})")


@dataclass(frozen=True)
class TextLine:
    """One line of a document: the file it came from, its 1-based page (None where pages do not exist)."""

    file: str
    page: int | None
    text: str

    def cells(self) -> list[str]:
        """The line as table cells: split at ' | ' when it has them, else at runs of whitespace."""
        parts = self.text.split(_CELL_BAR) if _CELL_BAR in self.text else self.text.split()
        return [p.strip() for p in parts if p.strip()]

    def clauses(self) -> list[str]:
        """The line cut at clause punctuation (a comma inside 45,000 is not a clause end)."""
        return [c.strip() for c in _CLAUSE_END.split(self.text) if c.strip()]


@dataclass(frozen=True)
class Evidence:
    """Where a value was read: file, page and the verbatim line."""

    file: str
    page: int | None
    text: str

    @classmethod
    def of(cls, line: TextLine) -> "Evidence":
        return cls(line.file, line.page, line.text.strip())

    def cite(self) -> str:
        page = f", p. {self.page}" if self.page else ""
        return f"{self.file}{page}: {self.text}"


@dataclass(frozen=True)
class Found:
    """One extracted value for one deal field path ('deal.tranches[0].size', 'pool.ip[1].reg_no')."""

    path: str
    value: Any
    evidence: Evidence
