"""Chroma as the single source of truth: a chunk collection and a document registry per embedding model.

A document is visible only once its registry record exists, and that record is written after every
chunk is stored: an interrupted ingest leaves orphan chunks that no query sees and `repair()` removes.
A generation token, renewed on every change, lets other processes notice that the library changed.
With a Chroma server, an unreachable server is a `StoreUnavailable` error, and the store reconnects on
the next call once the server is back.
"""
from __future__ import annotations

import functools
import inspect
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterator

import chromadb
import httpx
from chromadb.errors import NotFoundError

from kb.connection import StoreUnavailable, ensure_database, server_address
from kb.records import DocumentRecord

_GENERATION_ID = "__generation__"
_BATCH = 1000
# Chroma's `$in` filter slows down with hundreds of ids (800 ms at 400 ids vs 150 ms post-filtering):
# above this many ids the ids are checked after the query instead, fetching more until k are found.
_IN_FILTER_LIMIT = 50
# HNSW beam width at query time: 100 (Chroma's default) lost ~0.013 Recall@10 on ObliQA dev vs exact search.
_EF_SEARCH = 200
# Chroma writes the HNSW graph to disk once `sync_threshold` items have come in since the last write; the items
# added since are put into the graph again by each process that opens the store, and that graph differs from process
# to process (chroma-core/chroma#2675). The same question then found different passages in different processes: an
# audit question was answered in some runs and refused in others, and on the corpus library with 89 such items
# (the starter pack, ingested last) 5 processes gave 4 different top-60 lists for the same 36 query vectors. With 1
# every write leaves the graph on disk whole and the 5 processes agreed; writing 20,000 vectors in batches of 1,000
# took 38 s against 36 s at 100 (one run each on the loaded machine; embedding them takes minutes).
_SYNC_THRESHOLD = 1
_HNSW = {"ef_search": _EF_SEARCH, "sync_threshold": _SYNC_THRESHOLD}


@dataclass
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    distance: float = 0.0


def _new_generation() -> dict[str, str]:
    return {"token": uuid.uuid4().hex}


def _guarded(method: Callable) -> Callable:
    """A store call that turns a lost server connection into StoreUnavailable (generators too)."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(self: "ChromaStore", *args, **kwargs):
            with self._reaching():
                yield from method(self, *args, **kwargs)
        return generator

    @functools.wraps(method)
    def call(self: "ChromaStore", *args, **kwargs):
        with self._reaching():
            return method(self, *args, **kwargs)
    return call


class ChromaStore:
    """Chunks and the document registry of one embedding model."""

    def __init__(self, client: chromadb.ClientAPI, model_key: str):
        self.client = client
        self.model_key = model_key
        self.address = server_address(client)   # None for the embedded store
        self.url = self.address.url if self.address else ""
        self._cache: tuple[str, dict[str, DocumentRecord]] | None = None
        self._stale = False
        with self._reaching():
            self._open_collections()

    def _open_collections(self) -> None:
        self.chunks = self.client.get_or_create_collection(
            f"ipabs-chunks-{self.model_key}", embedding_function=None,
            configuration={"hnsw": {"space": "cosine", **_HNSW}},
        )
        stored = self.chunks.configuration.get("hnsw", {})
        if any(stored.get(name) != value for name, value in _HNSW.items()):
            self.chunks.modify(configuration={"hnsw": dict(_HNSW)})
            self._write_graph()
        # The registry holds no vectors worth searching; Chroma still wants one, so it gets [0.0].
        self.registry = self.client.get_or_create_collection(f"ipabs-docs-{self.model_key}", embedding_function=None)
        self._stale = False

    def _write_graph(self) -> None:
        """Have Chroma write the whole graph to disk now (a store made by an older release keeps up to 999 items
        out of it until its next write): one chunk written again as it is, so the new threshold applies."""
        got = self.chunks.get(limit=1, include=["embeddings", "metadatas", "documents"])
        if got["ids"]:
            self.chunks.upsert(ids=got["ids"], embeddings=got["embeddings"], metadatas=got["metadatas"],
                               documents=got["documents"])

    @contextmanager
    def _reaching(self) -> Iterator[None]:
        """Run store calls; after an outage, fetch the database and collections again first (the server
        may have come back restored from a backup, or empty)."""
        try:
            if self._stale:
                if self.address:
                    ensure_database(self.address)
                self._open_collections()
            yield
        except httpx.TransportError as err:
            self._stale = True
            raise StoreUnavailable(self.url, err) from err
        except NotFoundError:
            # A server that restarted empty between two calls: our collection handles are gone. Say so,
            # and fetch them again on the next call.
            self._stale = True
            raise

    # -- registry ------------------------------------------------------------------------------
    @_guarded
    def generation(self) -> str:
        got = self.registry.get(ids=[_GENERATION_ID], include=["metadatas"])
        return got["metadatas"][0]["token"] if got["ids"] else ""

    @_guarded
    def _bump(self) -> None:
        self.registry.upsert(ids=[_GENERATION_ID], embeddings=[[0.0]], metadatas=[_new_generation()])

    @_guarded
    def documents(self) -> dict[str, DocumentRecord]:
        """Every committed document version, read again only when the generation changed."""
        generation = self.generation()
        if self._cache and self._cache[0] == generation:
            return self._cache[1]
        records: dict[str, DocumentRecord] = {}
        for offset in range(0, self.registry.count(), _BATCH):
            got = self.registry.get(include=["metadatas"], limit=_BATCH, offset=offset)
            for rid, meta in zip(got["ids"], got["metadatas"]):
                if rid != _GENERATION_ID:
                    records[rid] = DocumentRecord.from_metadata(meta)
        self._cache = (generation, records)
        return records

    @_guarded
    def save_records(self, records: list[DocumentRecord]) -> None:
        """Commit point: the records (new or updated) and a new generation token in one write, so a
        crash can never commit documents that other processes' caches would not notice."""
        if not records:
            return
        self.registry.upsert(
            ids=[*(r.doc_id for r in records), _GENERATION_ID],
            embeddings=[[0.0]] * (len(records) + 1),
            metadatas=[*(asdict(r) for r in records), _new_generation()],
        )

    # -- chunks --------------------------------------------------------------------------------
    @_guarded
    def add_chunks(self, ids: list[str], texts: list[str], embeddings: list[list[float]], metadatas: list[dict]) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self.chunks.upsert(ids=ids[start:end], documents=texts[start:end],
                               embeddings=embeddings[start:end], metadatas=metadatas[start:end])

    @_guarded
    def delete_document(self, doc_id: str, relinked: list[DocumentRecord] = ()) -> None:
        """Hide the document first (registry) and write the versions it no longer supersedes with a new
        generation, so every process sharing the store sees both at once; then drop its chunks."""
        self.registry.delete(ids=[doc_id])
        if relinked:
            self.save_records(list(relinked))
        else:
            self._bump()
        self.chunks.delete(where={"doc_id": doc_id})

    @_guarded
    def delete_chunks_of(self, doc_id: str) -> None:
        self.chunks.delete(where={"doc_id": doc_id})

    @_guarded
    def chunks_with_vectors(self, doc_id: str) -> tuple[list[StoredChunk], list[list[float]]]:
        """A document's chunks and their stored vectors (for backups)."""
        got = self.chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas", "embeddings"])
        chunks = [StoredChunk(c, t, m) for c, t, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return chunks, list(got["embeddings"])

    @_guarded
    def vector_dimensions(self) -> int | None:
        """Length of the stored vectors, or None while the store is empty."""
        got = self.chunks.get(limit=1, include=["embeddings"])
        return len(got["embeddings"][0]) if got["ids"] else None

    @_guarded
    def repair(self) -> int:
        """Remove orphan chunks left by an interrupted ingest; returns how many."""
        known = set(self.documents())
        orphans = [cid for cid, meta in self._iter_metadata() if meta.get("doc_id") not in known]
        for start in range(0, len(orphans), _BATCH):
            self.chunks.delete(ids=orphans[start:start + _BATCH])
        return len(orphans)

    @_guarded
    def _iter_metadata(self) -> Iterator[tuple[str, dict]]:
        for offset in range(0, self.chunks.count(), _BATCH):
            got = self.chunks.get(include=["metadatas"], limit=_BATCH, offset=offset)
            yield from zip(got["ids"], got["metadatas"])

    @_guarded
    def iter_chunks(self) -> Iterator[StoredChunk]:
        """Every chunk of a committed document (for rebuilding derived indexes)."""
        known = set(self.documents())
        for offset in range(0, self.chunks.count(), _BATCH):
            got = self.chunks.get(include=["documents", "metadatas"], limit=_BATCH, offset=offset)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                if meta.get("doc_id") in known:
                    yield StoredChunk(cid, text, meta)

    @_guarded
    def get_chunks(self, ids: list[str]) -> list[StoredChunk]:
        if not ids:
            return []
        got = self.chunks.get(ids=ids, include=["documents", "metadatas"])
        by_id = {cid: StoredChunk(cid, t, m) for cid, t, m in zip(got["ids"], got["documents"], got["metadatas"])}
        return [by_id[i] for i in ids if i in by_id]

    @_guarded
    def chunks_where(self, where: dict) -> list[StoredChunk]:
        got = self.chunks.get(where=where, include=["documents", "metadatas"])
        found = [StoredChunk(c, t, m) for c, t, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(found, key=lambda c: c.metadata.get("seq", 0))

    @_guarded
    def dense_search(self, vector: list[float], k: int, where: dict | None, allowed_docs: set[str],
                     total: int | None = None, excluded: int | None = None) -> list[StoredChunk]:
        """The `k` nearest chunks that match `where` and belong to `allowed_docs` (or all there are).

        `where` carries the filters Chroma can apply (document type, jurisdiction, few doc ids); the
        rest (dates, many ids) is checked here, and the query fetches more until `k` pass. `total`, the
        committed chunk count when the caller knows it, saves a round trip; `excluded`, how many stored
        chunks at most lie outside `allowed_docs`, bounds the first fetch (k + excluded always leaves k)."""
        total = self.chunks.count() if total is None else total
        if not total or not allowed_docs or k <= 0:
            return []
        if len(allowed_docs) <= _IN_FILTER_LIMIT:
            where = _and(where, {"doc_id": {"$in": sorted(allowed_docs)}})
        # Twice k, or fewer when few chunks can be filtered out: with nothing filtered (the usual
        # question) Chroma returns exactly k rows instead of 2k texts and metadata.
        n = min(total, k * 2, k + excluded if excluded is not None else k * 2)
        while True:
            got = self.chunks.query(query_embeddings=[vector], n_results=n, where=where,
                                    include=["documents", "metadatas", "distances"])
            hits = [StoredChunk(c, t, m, d) for c, t, m, d in
                    zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])]
            kept = [h for h in hits if h.metadata.get("doc_id") in allowed_docs]
            if len(kept) >= k or len(hits) < n or n >= total:
                return kept[:k]
            n = min(total, n * 4)


def _and(*clauses: dict | None) -> dict | None:
    """Chroma's `$and` of the non-empty clauses (it wants at least two, so one stands alone)."""
    present = [c for c in clauses if c]
    if not present:
        return None
    return present[0] if len(present) == 1 else {"$and": present}
