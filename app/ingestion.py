"""Ingests a batch of files: parse each (ingest), store it (kb), report per file; one bad file stops nothing."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ingest import parse_file
from ingest.pipeline import DEFAULT_MAX_BYTES
from ingest.document import IngestError
from kb.connection import StoreUnavailable
from kb.library import KnowledgeBase

STATUSES = ("added", "unchanged", "superseded", "skipped", "failed")


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
        # "superseded" counts files added as newer versions of a stored instrument (the older ones are superseded)
        counts = self.counts()
        return ", ".join(f"{n} {s}" for s, n in counts.items() if n or s != "skipped") + \
            (" (newer versions added)" if counts["superseded"] else "")


def walk(paths: list[Path], follow_links: bool = False) -> list[tuple[Path, str]]:
    """Every file under `paths` as (path, "") in order, or (path, why it is skipped).

    Folders are walked without leaving them: a symbolic link that points outside the folder it was
    found in, a dangling link, a link to a folder, and anything that is not a regular file (a device,
    a FIFO, a socket) is reported, not read, unless `follow_links` allows links to leave the tree.
    A path named directly is read as given."""
    found: list[tuple[Path, str]] = []
    for given in map(Path, paths):
        if not given.is_dir():
            found.append((given, _not_regular(given)))
            continue
        root = given.resolve()
        for folder, dirs, files in os.walk(given, followlinks=False):
            dirs.sort()
            for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
                path = Path(folder) / name
                found.append((path, _skip_reason(path, root, follow_links)))
    return found


def _skip_reason(path: Path, root: Path, follow_links: bool) -> str:
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return f"skipped: dangling symbolic link (to {os.readlink(path)})"
        if target.is_dir():
            return "skipped: symbolic link to a folder (not followed)"
        if not follow_links and root not in target.parents:
            return f"skipped: symbolic link to {target}, outside {root} (not followed)"
    return _not_regular(path)


def _not_regular(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return f"skipped: cannot be read ({err.strerror})"
    if not stat.S_ISREG(mode):
        kind = ("a device" if stat.S_ISBLK(mode) or stat.S_ISCHR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        return f"skipped: {kind}, not a file"
    return ""


def ingest_files(
    kb: KnowledgeBase,
    paths: list[Path],
    overrides: dict,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
    on_chunks: Callable[[Path, int], None] | None = None,
    on_page: Callable[[Path, int, int, int], None] | None = None,
) -> Iterator[FileResult]:
    """Ingest every file under `paths`, yielding each file's result as it is stored (or skipped, or
    failed: one bad file stops nothing). `on_chunks(path, n)` hears each embedded batch,
    `on_page(path, done, total, page)` each page of a scanned PDF as OCR reads it. Raises
    StoreUnavailable when the library cannot be reached, since every later file would fail alike."""
    for path, skipped in walk([Path(p) for p in paths], follow_links):
        if skipped:
            yield FileResult(str(path), "skipped", skipped.removeprefix("skipped: "))
            continue
        try:
            pages = (lambda done, total, page, path=path: on_page(path, done, total, page)) if on_page else None
            parsed = parse_file(path, overrides, max_bytes=max_bytes, on_page=pages)
            if not parsed.chunks:
                raise IngestError(str(path), "no text found")
            added = kb.add(parsed, progress=(lambda n, path=path: on_chunks(path, n)) if on_chunks else None)
            result = FileResult(str(path), added.status, f"{added.title} ({added.chunks} chunks)", added.doc_id)
        except IngestError as err:
            result = FileResult(str(path), "failed", err.reason)
        except StoreUnavailable:
            raise
        except Exception as err:   # an unforeseen failure on one file must not lose the rest of the batch
            result = FileResult(str(path), "failed", f"unexpected error ({type(err).__name__}: {err})"[:300])
        yield result


def ingest_paths(
    kb: KnowledgeBase,
    paths: list[Path],
    overrides: dict,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[FileResult], None] | None = None,
    on_chunks: Callable[[int], None] | None = None,
    follow_links: bool = False,
    on_page: Callable[[Path, int, int, int], None] | None = None,
) -> BatchSummary:
    """`ingest_files` collected into a summary (the CLI's batch): `on_file` hears each result as it comes."""
    summary = BatchSummary()
    counted = (lambda _path, n: on_chunks(n)) if on_chunks else None
    for result in ingest_files(kb, paths, overrides, max_bytes, follow_links, counted, on_page):
        summary.results.append(result)
        if on_file:
            on_file(result)
    return summary
