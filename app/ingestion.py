"""Ingests a batch of files: parse each (ingest), store it (kb), report per file; one bad file stops nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ingest import iter_files, parse_file
from ingest.document import IngestError
from kb.connection import StoreUnavailable
from kb.library import KnowledgeBase

STATUSES = ("added", "unchanged", "superseded", "failed")


@dataclass
class FileResult:
    path: str
    status: str               # one of STATUSES
    detail: str = ""          # the reason for a failure, or the title and chunk count
    doc_id: str = ""


@dataclass
class BatchSummary:
    results: list[FileResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.results if r.status == s) for s in STATUSES}

    def line(self) -> str:
        return ", ".join(f"{n} {s}" for s, n in self.counts().items())


def ingest_paths(
    kb: KnowledgeBase,
    paths: list[Path],
    overrides: dict,
    max_bytes: int = 50 * 1024 * 1024,
    on_file: Callable[[FileResult], None] | None = None,
    on_chunks: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Ingest every file under `paths`; `on_file` hears each result, `on_chunks` each embedded batch."""
    summary = BatchSummary()
    for path in iter_files([Path(p) for p in paths]):
        try:
            parsed = parse_file(path, overrides, max_bytes=max_bytes)
            if not parsed.chunks:
                raise IngestError(str(path), "no text found")
            added = kb.add(parsed, progress=on_chunks)
            result = FileResult(str(path), added.status, f"{added.title} ({added.chunks} chunks)", added.doc_id)
        except IngestError as err:
            result = FileResult(str(path), "failed", err.reason)
        except StoreUnavailable:
            raise   # the library is unreachable: every later file would fail the same way
        except Exception as err:   # an unforeseen failure on one file must not lose the rest of the batch
            result = FileResult(str(path), "failed", f"unexpected error ({type(err).__name__}: {err})"[:300])
        summary.results.append(result)
        if on_file:
            on_file(result)
    return summary
