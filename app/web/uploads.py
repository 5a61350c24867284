"""Upload checks before any parsing: allowed type, size, content sniff, a sanitised name inside the data dir."""
from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ingest import EXTENSIONS as ALLOWED_EXTENSIONS   # the web reads what the CLI reads
from rules.deal_io import EXTENSIONS as DEAL_EXTENSIONS   # and takes the deal files the CLI takes

_SNIFF_BYTES = 4096


@dataclass
class UploadCheck:
    name: str          # the sanitised file name
    ok: bool
    reason: str = ""


def safe_filename(name: str, fallback: str = "upload") -> str:
    """A file name with no directory part, no control or shell-special characters, and a bounded length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f<>:\"|?*'`$;&{}\[\]]", "_", base).strip(" .")
    base = re.sub(r"\s+", " ", base)
    if not base:
        return fallback
    stem, dot, ext = base.rpartition(".")
    if dot and stem and len(ext) <= 8:
        return f"{stem[:120]}.{ext}"
    return base[:128]


def _content_matches(path: Path, ext: str) -> bool:
    """A cheap look at the first bytes: a PDF says %PDF, a DOCX is a zip, text has no NUL bytes."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if ext == ".pdf":
        return head.lstrip()[:5] == b"%PDF-"
    if ext == ".docx":
        return head[:4] == b"PK\x03\x04"
    return b"\x00" not in head


def check_upload(path: Path, original_name: str, max_bytes: int,
                 allowed: tuple[str, ...] = ALLOWED_EXTENSIONS) -> UploadCheck:
    """Whether an uploaded file may be parsed; the reason when not."""
    given = re.split(r"[\\/]", original_name or "")[-1]
    suffix = Path(given).suffix if given.strip(" .") else ""
    if not given[: len(given) - len(suffix)].strip(" ."):
        where = " before its extension" if suffix else ""
        return UploadCheck(given[:128] or "(no name)", False,
                           f"the file name {given[:128]!r} is only dots{where}: rename the file and upload it again")
    if given.startswith(".") and given.count(".") == 1 and f".{given[1:].lower()}" in allowed:
        return UploadCheck(given, False, f"the file name {given!r} has no name before its extension: rename the file")
    name = safe_filename(original_name)
    ext = Path(name).suffix.lower()
    if ext not in allowed:
        return UploadCheck(name, False, f"type {ext or '(none)'} is not accepted (allowed: {' '.join(allowed)})")
    try:
        size = path.stat().st_size
    except OSError:
        return UploadCheck(name, False, "the upload was not received")
    if size > max_bytes:
        return UploadCheck(name, False, f"{size / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB limit")
    if size == 0:
        return UploadCheck(name, False, "the file is empty")
    if not _content_matches(path, ext):
        return UploadCheck(name, False, f"the content is not a {ext} file")
    return UploadCheck(name, True)


def stage(path: Path, name: str, data_dir: Path) -> Path:
    """Copy a checked upload into `data_dir/uploads/<batch>/<name>`, so the library's source stays inside the data dir."""
    batch = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    target = (data_dir / "uploads" / batch / safe_filename(name)).resolve()
    if data_dir.resolve() not in target.parents:
        raise ValueError(f"refusing to write outside the data directory: {name!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target
