"""One embedding model's knowledge base as a single .tar.gz archive: export, validate, import."""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterator

import numpy as np

from errors import UserError
from kb.passage import chunk_metadata
from kb.records import DocumentRecord, instrument_name, supersede
from kb.store import ChromaStore

FORMAT = "ipabs-kb-archive"
FORMAT_VERSION = 1
MANIFEST, RECORDS, CHUNKS = "manifest.json", "records.jsonl", "chunks.jsonl"
# Chunks per Chroma write and per commit of the documents they complete.
_WRITE_BATCH = 500
# What a damaged gzip or tar stream raises while being read.
_READ_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error)


class BackupError(UserError):
    """An archive that cannot be written or read; `str()` reads `file: reason`."""

    def __init__(self, file: str | Path, reason: str):
        super().__init__(reason, str(file), message=f"{file}: {reason}")


@dataclass
class Manifest:
    format: str
    format_version: int
    embedding: str           # the model key: vectors of another model cannot share a collection
    dimensions: int          # 0 when the archive holds no chunks
    documents: int
    chunks: int
    created_at: str
    sha256: dict[str, str] = field(default_factory=dict)   # of records.jsonl and chunks.jsonl


@dataclass
class ImportResult:
    documents: int           # documents written
    chunks: int              # chunks written
    skipped: int             # documents the target already held (same doc_id)
    relinked: int            # target versions now superseded by an imported one


@dataclass
class Archive:
    """A validated archive's manifest and records (its chunks are streamed when written)."""

    manifest: Manifest
    records: list[DocumentRecord]


# -- export ----------------------------------------------------------------------------------------
def encode_vector(vector) -> str:
    """Base64 of little-endian float32: Chroma keeps vectors as float32, so this loses nothing."""
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def decode_vector(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text, validate=True), dtype="<f4")


def export_kb(store: ChromaStore, path: Path) -> Manifest:
    """Write every committed document of `store` to `path` (replaced atomically); returns the manifest."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(path, "no such folder")
    records = sorted(store.documents().values(), key=lambda r: (r.title, r.effective_from, r.doc_id))
    with tempfile.TemporaryDirectory(prefix=".ipabs-export-", dir=path.parent) as tmp:
        members = Path(tmp)
        with open(members / RECORDS, "w", encoding="utf-8") as out:
            for record in records:
                out.write(_jsonl(asdict(record)))
        dimensions, total = 0, 0
        with open(members / CHUNKS, "w", encoding="utf-8") as out:
            for record in records:
                for line in _chunk_lines(store, record, path):
                    dimensions = dimensions or len(decode_vector(line["embedding_f32"]))
                    out.write(_jsonl(line))
                    total += 1
        manifest = Manifest(
            FORMAT, FORMAT_VERSION, store.model_key, dimensions, len(records), total,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
            {RECORDS: _sha256_of(members / RECORDS), CHUNKS: _sha256_of(members / CHUNKS)},
        )
        partial = members / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(asdict(manifest), ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))   # first, so a reader meets it before the data
            tar.add(members / RECORDS, RECORDS, filter=_anonymous)
            tar.add(members / CHUNKS, CHUNKS, filter=_anonymous)
        os.replace(partial, path)
    return manifest


def _chunk_lines(store: ChromaStore, record: DocumentRecord, path: Path) -> list[dict]:
    chunks, vectors = store.chunks_with_vectors(record.doc_id)
    if len(chunks) != record.chunks:
        # A document deleted or re-ingested while the export ran; a second attempt sees a settled library.
        raise BackupError(path, f"document {record.doc_id} has {len(chunks)} chunks stored but its record "
                                f"says {record.chunks} (did the library change during the export? try again)")
    lines = [{"id": c.chunk_id, "text": c.text, "metadata": chunk_metadata(c.metadata, record),
              "embedding_f32": encode_vector(vec)}
             for c, vec in zip(chunks, vectors)]
    return sorted(lines, key=lambda line: (line["metadata"].get("seq", 0), line["id"]))


def _anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _jsonl(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False) + "\n"


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- validation ------------------------------------------------------------------------------------
def read_archive(path: Path, model_key: str) -> Archive:
    """Read the whole archive and check it against itself and the target model; raises BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(path, "no such file")
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest = _read_manifest(tar, path)
            if manifest.embedding != model_key:
                raise BackupError(path, f"the archive holds vectors of embedding model {manifest.embedding!r}, this "
                                        f"knowledge base uses {model_key!r} (set IPABS_EMBEDDING to match)")
            records = _read_records(tar, path, manifest)
            _check_chunks(tar, path, manifest, records)
    except _READ_ERRORS as err:
        raise BackupError(path, f"not a readable .tar.gz archive, or a truncated one ({err})") from None
    return Archive(manifest, records)


def _member(tar: tarfile.TarFile, path: Path, name: str) -> IO[bytes]:
    try:
        stream = tar.extractfile(tar.getmember(name))
    except KeyError:
        stream = None
    if stream is None:
        raise BackupError(path, f"the archive has no {name}")
    return stream


def _lines(tar: tarfile.TarFile, path: Path, name: str, expected_sha256: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) of a JSONL member, whose checksum is verified once it is read to the end."""
    digest = hashlib.sha256()
    for number, raw in enumerate(_member(tar, path, name), start=1):
        digest.update(raw)
        try:
            value = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BackupError(path, f"{name} line {number} is not JSON") from None
        if not isinstance(value, dict):
            raise BackupError(path, f"{name} line {number} is not a JSON object")
        yield number, value
    if digest.hexdigest() != expected_sha256:
        raise BackupError(path, f"{name} does not match the checksum in {MANIFEST} (damaged or edited)")


def _read_manifest(tar: tarfile.TarFile, path: Path) -> Manifest:
    try:
        raw = json.loads(_member(tar, path, MANIFEST).read())
        manifest = Manifest(**raw)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
        raise BackupError(path, f"{MANIFEST} is not a valid manifest") from None
    if manifest.format != FORMAT:
        raise BackupError(path, f"not an ipabs knowledge-base archive (format {manifest.format!r})")
    if manifest.format_version != FORMAT_VERSION:
        raise BackupError(path, f"archive format version {manifest.format_version}, "
                                f"this ipabs reads version {FORMAT_VERSION}")
    if not isinstance(manifest.sha256, dict) or not {RECORDS, CHUNKS} <= set(manifest.sha256):
        raise BackupError(path, f"{MANIFEST} lacks the checksums of {RECORDS} and {CHUNKS}")
    return manifest


def _read_records(tar: tarfile.TarFile, path: Path, manifest: Manifest) -> list[DocumentRecord]:
    records: dict[str, DocumentRecord] = {}
    for number, value in _lines(tar, path, RECORDS, manifest.sha256[RECORDS]):
        try:
            record = DocumentRecord.from_metadata(value)
        except TypeError:
            raise BackupError(path, f"{RECORDS} line {number} lacks doc_id, sha256 or title") from None
        if not record.doc_id or not isinstance(record.chunks, int) or record.doc_id in records:
            raise BackupError(path, f"{RECORDS} line {number} has an empty or repeated doc_id or a bad chunk count")
        records[record.doc_id] = record
    if len(records) != manifest.documents:
        raise BackupError(path, f"{MANIFEST} says {manifest.documents} documents, {RECORDS} holds {len(records)}")
    return list(records.values())


def _check_chunks(tar: tarfile.TarFile, path: Path, manifest: Manifest, records: list[DocumentRecord]) -> None:
    """Every chunk line well formed, of a listed document, with a vector of the archive's size; counts agree."""
    counts = {r.doc_id: 0 for r in records}
    seen: set[str] = set()
    for number, value in _lines(tar, path, CHUNKS, manifest.sha256[CHUNKS]):
        problem = _chunk_problem(value, counts, seen, manifest.dimensions)
        if problem:
            raise BackupError(path, f"{CHUNKS} line {number}: {problem}")
        seen.add(value["id"])
        counts[value["metadata"]["doc_id"]] += 1
    for record in records:
        if counts[record.doc_id] != record.chunks:
            raise BackupError(path, f"document {record.doc_id} should have {record.chunks} chunks, "
                                    f"the archive holds {counts[record.doc_id]}")
    if len(seen) != manifest.chunks:
        raise BackupError(path, f"{MANIFEST} says {manifest.chunks} chunks, {CHUNKS} holds {len(seen)}")


def _chunk_problem(value: dict, counts: dict[str, int], seen: set[str], dimensions: int) -> str:
    """Why a chunk line cannot be imported, or "" when it can."""
    cid, text, meta, vector = (value.get(k) for k in ("id", "text", "metadata", "embedding_f32"))
    if not isinstance(cid, str) or not cid or not isinstance(text, str) or not isinstance(meta, dict):
        return "needs a string id and text and a metadata object"
    if cid in seen:
        return f"chunk {cid} appears twice"
    if meta.get("doc_id") not in counts:
        return f"chunk {cid} belongs to no document of {RECORDS}"
    if not all(isinstance(v, (str, int, float, bool)) for v in meta.values()):
        return f"chunk {cid} has metadata that is not a string, number or boolean"
    try:
        size = len(decode_vector(vector)) if isinstance(vector, str) else -1
    except (binascii.Error, ValueError):
        size = -1
    if size != dimensions:
        return f"chunk {cid} has no vector of {dimensions} float32 values"
    return ""


# -- import ----------------------------------------------------------------------------------------
def import_kb(store: ChromaStore, path: Path) -> ImportResult:
    """Add the archive's documents that `store` lacks: chunks first, each record once its chunks are in."""
    path = Path(path)
    scan = read_archive(path, store.model_key)
    existing = store.documents()
    incoming = [r for r in scan.records if r.doc_id not in existing]
    if incoming:
        _check_dimensions(store, path, scan.manifest.dimensions)
    final, relinked = _link_versions(incoming, existing)
    for doc_id in final:   # leftovers of an interrupted ingest or import: never visible, now replaced
        store.delete_chunks_of(doc_id)
    try:
        with tarfile.open(path, "r:gz") as tar:
            written = _write_chunks(store, tar, path, scan.manifest, final)
    except _READ_ERRORS as err:   # the file changed since it was validated
        raise BackupError(path, f"could not be read a second time ({err})") from None
    store.save_records(relinked)
    return ImportResult(len(final), written, len(scan.records) - len(incoming), len(relinked))


def _check_dimensions(store: ChromaStore, path: Path, dimensions: int) -> None:
    stored = store.vector_dimensions()
    if stored is not None and stored != dimensions:
        raise BackupError(path, f"the archive's vectors have {dimensions} dimensions, "
                                f"the knowledge base's have {stored}")


def _link_versions(incoming: list[DocumentRecord], existing: dict[str, DocumentRecord]
                   ) -> tuple[dict[str, DocumentRecord], list[DocumentRecord]]:
    """The records to write, and the target's own versions an imported one now supersedes.

    Archive records keep their version links; only where the target holds another version of the
    same instrument is the chain recomputed, as adding the document would have done.
    """
    final = {r.doc_id: r for r in incoming}
    target_names = {instrument_name(r.title) for r in existing.values()}
    merged = dict(existing)
    for record in incoming:
        if instrument_name(record.title) not in target_names:
            continue
        for changed in supersede(final[record.doc_id], list(merged.values())):
            merged[changed.doc_id] = changed
            if changed.doc_id in final:
                final[changed.doc_id] = changed
    relinked = [r for d, r in merged.items() if d in existing and r != existing[d]]
    return final, relinked


def _write_chunks(store: ChromaStore, tar: tarfile.TarFile, path: Path, manifest: Manifest,
                  final: dict[str, DocumentRecord]) -> int:
    """Write the chunks of the documents in `final`, committing each document once all of its are stored."""
    remaining = {d: r.chunks for d, r in final.items()}
    batch: list[dict] = []
    written = 0

    def flush() -> None:
        nonlocal written
        if batch:
            ids, texts = [c["id"] for c in batch], [c["text"] for c in batch]
            vectors = [decode_vector(c["embedding_f32"]).tolist() for c in batch]
            # Archives written before records were the only home of document fields carry copies of
            # them in every chunk: only the chunk's own and filter fields are kept, from the record.
            metadatas = [chunk_metadata(c["metadata"], final[c["metadata"]["doc_id"]]) for c in batch]
            store.add_chunks(ids, texts, vectors, metadatas)
        for chunk in batch:
            remaining[chunk["metadata"]["doc_id"]] -= 1
        done = [d for d, n in remaining.items() if n == 0]
        store.save_records([final[d] for d in done])   # the commit point of these documents
        for doc_id in done:
            del remaining[doc_id]
        written += len(batch)
        batch.clear()

    for _, chunk in _lines(tar, path, CHUNKS, manifest.sha256[CHUNKS]):
        if chunk["metadata"]["doc_id"] in remaining:
            batch.append(chunk)
            if len(batch) >= _WRITE_BATCH:
                flush()
    flush()
    return written
