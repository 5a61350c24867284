"""The knowledge base: stores parsed documents (dedupe, versions) and keeps the lexical index in step."""
from __future__ import annotations

import hashlib
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from errors import NotFound
from ingest.document import Chunk, IngestError, ParsedDocument
from kb.connection import connect
from kb.filters import Filters
from kb.passage import Passage, chunk_metadata
from kb.records import DocumentRecord, supersede, today, unlink, unsourced_takeover
from kb.store import ChromaStore, StoredChunk

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings   # ~0.4 s to import: only kb.embeddings needs it at run time

    from kb.captions import CaptionIndex
    from kb.lexical import LexicalIndex

_EMBED_BATCH = 64   # one embed call per 64 chunks: the e5 encoder splits it over its streams

# An ask embeds its question for the search and again to quote across languages: the last few questions'
# vectors are kept for that second use (asks in flight at once), not as a cache of past questions.
QUERY_VECTORS_KEPT = 4


@dataclass
class AddResult:
    status: str              # added | unchanged | superseded
    doc_id: str
    title: str
    chunks: int
    supersedes: list[str]    # doc_ids of the versions this one followed


def indexed_text(title: str, article: str, text: str) -> str:
    """What is embedded and indexed: the title and label give a bare article its context."""
    head = f"{title} {article}".strip()
    return f"{head}\n{text}" if head and not text.startswith(head) else text


def _chunk_fields(chunk: Chunk) -> dict:
    return {"article": chunk.article, "path": chunk.path, "seq": chunk.seq, "part": chunk.part, "page": chunk.page}


class KnowledgeBase:
    """Documents in Chroma, a derived BM25 index on disk, one embedding model."""

    def __init__(self, store: ChromaStore, embeddings: Embeddings, index_root: Path):
        self.store = store
        self.embeddings = embeddings
        self.index_root = index_root / store.model_key
        # Beside the lexical indexes (which sweep their own folder of older builds), per model like them.
        self.caption_root = index_root.parent / "captions" / store.model_key
        # The captions' vectors do not depend on the library: beside the model, shared by the libraries that share it.
        self.caption_vectors_root = index_root.parent / "models" / "caption-vectors" / store.model_key
        self._lexical: tuple[str, LexicalIndex] | None = None
        # language -> (records as read, fingerprint, index)
        self._captions: dict[str, tuple[dict, str, CaptionIndex]] = {}
        self._allowed: tuple[dict, tuple, frozenset[str]] | None = None   # (records, filters key, ids)
        self._lock = threading.Lock()
        self._pinned = threading.local()
        self._query_vectors: dict[str, list[float]] = {}   # the last questions' vectors (search, then quotes)

    @classmethod
    def open(cls, data_dir: Path, embedding: str = "e5", chroma_url: str = "", e5_source: str = "") -> "KnowledgeBase":
        """The library in `data_dir` (or on a Chroma server), as it is: opening adds nothing.

        Args:
            data_dir: the data directory (embedded Chroma, lexical index, rebuilt model).
            embedding: "e5", "e5-engine", "minilm" or a sentence-transformers model folder
                (kb.embeddings.make_embeddings); each model has its own collection.
            chroma_url: "http://host:port[/database]" for a Chroma server; "" for the embedded store.
            e5_source: a local copy of multilingual-e5-small to use instead of the rebuild.
        Returns:
            the KnowledgeBase, the only door to the store.
        Raises:
            StoreUnavailable: the Chroma server cannot be reached (checked before models load).
        """
        from kb.embeddings import make_embeddings

        from kb import jieba_lookup

        client = connect(data_dir, chroma_url)   # first: an unreachable server fails before models load
        jieba_lookup.install()   # jieba's words from disk: no second of dictionary loading before the first question
        choice = make_embeddings(embedding, data_dir, e5_source)
        store = ChromaStore(client, choice.key)
        return cls(store, choice.embeddings, data_dir / "lexical")

    # -- writing -------------------------------------------------------------------------------
    def add(self, doc: ParsedDocument, progress: Callable[[int], None] | None = None) -> AddResult:
        """Store a parsed document; the same bytes again change nothing.

        Args:
            doc: a document from `ingest.parse_file`.
            progress: `progress(n)` hears each batch of n chunks as it is embedded.
        Returns:
            AddResult: status "added", "unchanged" (these bytes are stored already) or "superseded"
            (a new version of a stored title, which takes over from its effective date), with the
            doc_id, title, chunk count and the doc_ids of the versions it followed.
        """
        records = self.store.documents()
        if doc.doc_id in records:
            stored = records[doc.doc_id]
            # The same bytes stored by an earlier release may lack what ingest now reads from them (the
            # source's own status, the end date it names): the record catches up, the chunks stay.
            caught_up = replace(stored, source_status=doc.source_status, source_completeness=doc.source_completeness,
                                effective_to=stored.effective_to or doc.effective_to,
                                stated_source=stored.stated_source or doc.stated_source)
            if caught_up != stored:
                self.store.save_records([caught_up])
            return AddResult("unchanged", doc.doc_id, stored.title, stored.chunks, [])
        record = DocumentRecord(
            **doc.metadata(), chunks=len(doc.chunks),
            added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        displaced = unsourced_takeover(record, list(records.values()))
        if displaced is not None:   # refused before anything is written
            raise IngestError(doc.source_path, (
                f"it would supersede {displaced.title} ({displaced.doc_id[:12]}), whose source is on record "
                f"({displaced.stated_source[:80]}), but it states no source of its own: give one "
                "(front matter `official_text:`, `ipabs ingest --source`, or the Library's Source field) to store it "
                "as the newer version"))
        self.store.delete_chunks_of(doc.doc_id)   # leftovers of an interrupted earlier attempt
        texts = [indexed_text(doc.title, c.article, c.text) for c in doc.chunks]
        vectors = self._embed(texts, progress)
        self.store.add_chunks(
            [c.chunk_id for c in doc.chunks], [c.text for c in doc.chunks], vectors,
            [chunk_metadata(_chunk_fields(c), record) for c in doc.chunks],
        )
        changed = supersede(record, list(records.values()))
        self.store.save_records(changed)   # the commit point
        older = [r.doc_id for r in changed if r.doc_id != doc.doc_id and r.superseded_by]
        return AddResult("superseded" if older else "added", doc.doc_id, doc.title, len(doc.chunks), older)

    def _embed(self, texts: list[str], progress: Callable[[int], None] | None) -> list[list[float]]:
        """Vectors of `texts` in their order, embedded shortest first: each batch then holds texts of
        similar length, so little of it is padding (a document's articles range from one line to pages)."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), _EMBED_BATCH):
            batch = order[start:start + _EMBED_BATCH]
            for i, vector in zip(batch, self.embeddings.embed_documents([texts[i] for i in batch])):
                vectors[i] = vector
            if progress:
                progress(len(batch))
        return vectors

    def delete(self, doc_id: str) -> DocumentRecord:
        """Remove a version; the version it superseded takes over again (in every process sharing the store)."""
        records = self.store.documents()
        if doc_id not in records:
            raise NotFound(f"no document {doc_id}")
        removed = records[doc_id]
        self.store.delete_document(doc_id, unlink(removed, [r for d, r in records.items() if d != doc_id]))
        return removed

    # -- reading -------------------------------------------------------------------------------
    def documents(self) -> dict[str, DocumentRecord]:
        """Every committed version; inside `pinned()` the records read when it began (no store round trip)."""
        pinned = getattr(self._pinned, "records", None)
        return pinned if pinned is not None else self.store.documents()

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """One consistent view of the registry for one operation (an ask reads it a handful of times)."""
        if getattr(self._pinned, "records", None) is not None:
            yield
            return
        self._pinned.records = self.store.documents()
        try:
            yield
        finally:
            self._pinned.records = None

    def find_document(self, prefix: str) -> DocumentRecord:
        """A document by its id or an unambiguous id prefix."""
        matches = [r for d, r in self.documents().items() if d.startswith(prefix)]
        if len(matches) != 1:
            raise NotFound(f"{'no' if not matches else 'more than one'} document matches {prefix!r}")
        return matches[0]

    def generation(self) -> str:
        """Changes whenever the library changes (any process)."""
        return self.store.generation()

    @property
    def model_key(self) -> str:
        return self.store.model_key

    # -- passages: chunks joined with their records ----------------------------------------------
    def _join(self, chunks: list[StoredChunk], records: dict[str, DocumentRecord] | None = None) -> list[Passage]:
        records = records if records is not None else self.documents()
        return [Passage.join(c.chunk_id, c.text, c.metadata, records[c.metadata["doc_id"]])
                for c in chunks if c.metadata.get("doc_id") in records]

    def chunks_of(self, doc_id: str) -> list[Passage]:
        """A document's passages in reading order."""
        return self._join(self.store.chunks_where({"doc_id": doc_id}))

    def article_passages(self, doc_id: str, article: str) -> list[Passage]:
        """The passages of one article (label such as 第四十二条 or Article 6) of one document."""
        return self._join(self.store.chunks_where({"$and": [{"doc_id": doc_id}, {"article": article}]}))

    def passages(self, chunk_ids: list[str]) -> list[Passage]:
        return self._join(self.store.get_chunks(chunk_ids))

    def iter_passages(self) -> Iterator[Passage]:
        records = self.documents()
        for chunk in self.store.iter_chunks():
            yield from self._join([chunk], records)

    def allowed_docs(self, filters: Filters) -> frozenset[str]:
        """The ids of the documents the filters allow; remembered for the registry as read (at 1,300
        documents, working it out again took ~10 ms of every ask)."""
        records, on = self.documents(), today()
        key = filters.key(on)
        cached = self._allowed
        if cached and cached[0] is records and cached[1] == key:
            return cached[2]
        allowed = frozenset(d for d, r in records.items() if filters.allows(r, on))
        self._allowed = (records, key, allowed)
        return allowed

    def dense_search(self, query: str, k: int, filters: Filters, allowed: set[str] | None = None
                     ) -> list[tuple[Passage, float]]:
        """The `k` passages nearest the query among the allowed documents, with cosine similarities."""
        records = self.documents()
        allowed = self.allowed_docs(filters) if allowed is None else allowed
        vector = self.query_vector(query)
        committed = sum(r.chunks for r in records.values())
        # The first fetch's size; should orphans of an interrupted ingest take places, the store fetches more.
        excluded = sum(r.chunks for d, r in records.items() if d not in allowed)
        hits = self.store.dense_search(vector, k, filters.where(records), allowed, committed, excluded)
        return [(p, 1.0 - h.distance) for p, h in zip(self._join(hits, records), hits)]

    def similarities(self, query: str, texts: list[str]) -> dict[str, float]:
        """Each text's cosine similarity to the query under the library's embedding: how a quote is
        chosen when the question and the text are in different languages (kb.quotes)."""
        from kb.embeddings import similarities

        return similarities(self.embeddings, query, texts, self.query_vector(query))

    def query_vector(self, query: str) -> list[float]:
        """The query's vector, embedded once for the search and the quotes of one ask (~20 ms each time)."""
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = self.embeddings.embed_query(query)
            with self._lock:
                if len(self._query_vectors) >= QUERY_VECTORS_KEPT:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
                self._query_vectors[query] = vector
        return vector

    def lexical_search(self, query: str, k: int, allowed: set[str], weak: str = "", weak_weight: float = 1.0,
                       english: str = "", gloss_weight: float = 0.0) -> list[tuple[str, float]]:
        """BM25 (chunk id, score) pairs among the allowed documents, best first; the words of `weak`
        count `weak_weight` times, the English words `english` matched against the chunks' English
        glosses (kb.lexical_glosses) `gloss_weight` times."""
        return self.lexical().search(query, k, allowed, weak, weak_weight, english, gloss_weight)

    def lexical_shares(self, tokens: set[str]) -> dict[str, float]:
        """The fraction of indexed chunks that contain each lexical token (0.0: none)."""
        return self.lexical().shares(tokens)

    # -- backups ---------------------------------------------------------------------------------
    def export(self, path: Path):
        from kb.backup import export_kb

        return export_kb(self.store, path)

    def import_archive(self, path: Path):
        from kb.backup import import_kb

        return import_kb(self.store, path)

    def repair(self) -> int:
        return self.store.repair()

    def stats(self) -> dict:
        docs = self.documents()
        return {
            "documents": len(docs),
            "chunks": sum(r.chunks for r in docs.values()),
            "in_force": sum(1 for r in docs.values() if r.in_force(today())),
            "embedding": self.store.model_key,
            "generation": self.store.generation(),
            "by_doc_type": _count(r.doc_type or "other" for r in docs.values()),
            "by_jurisdiction": _count(r.jurisdiction or "?" for r in docs.values()),
        }

    def lexical(self) -> "LexicalIndex":
        """The BM25 index of the committed chunks, rebuilt only when the set of documents changed."""
        with self._lock:
            docs = self.documents()
            fingerprint = hashlib.sha256("\n".join(sorted(docs)).encode()).hexdigest()[:16]
            if self._lexical and self._lexical[0] == fingerprint:
                return self._lexical[1]
            from kb.lexical import LexicalIndex

            folder = self.index_root / fingerprint
            index = LexicalIndex.load(folder)
            if index is None:
                passages = list(self.iter_passages())
                index = LexicalIndex.build(
                    [p.chunk_id for p in passages], [p.doc_id for p in passages],
                    [indexed_text(p.title, p.article, p.text) for p in passages],
                )
                index.save(folder)
                for stale in self.index_root.iterdir():
                    if stale != folder and not stale.name.startswith("."):
                        shutil.rmtree(stale, ignore_errors=True)
            self._lexical = (fingerprint, index)
            return index

    def captions(self, language: str = "en") -> "CaptionIndex":
        """The captions in `language` of the stored articles (kb.captions), made again only when the captioned documents
        or that language's captions change, then read from disk by every process. Their vectors are embedded once per
        model on this machine (kb.captions.CaptionVectors)."""
        from kb.captions import CAPTION_LANGUAGES, CaptionIndex, CaptionVectors, captions_of, captions_stamp

        with self._lock:
            docs = self.documents()
            known = self._captions.get(language)
            if known and known[0] is docs:
                return known[2]
            # Only the captioned documents count: an upload of anything else leaves the index as it is.
            captioned = sorted(d for d, r in docs.items() if captions_of(r, language))
            fingerprint = hashlib.sha256("\n".join([captions_stamp(language), *captioned]).encode()).hexdigest()[:16]
            if known and known[1] == fingerprint:
                self._captions[language] = (docs, fingerprint, known[2])
                return known[2]
            folder = self.caption_root / language / fingerprint
            index = CaptionIndex.load(folder)
            if index is None:
                vectors = CaptionVectors(self.caption_vectors_root, language)
                index = CaptionIndex.build([p for d in captioned for p in self.chunks_of(d)],
                                           lambda texts: vectors.embed(texts, self.embeddings.embed_documents), language)
                index.save(folder)
                # Older builds of this language, and indexes of the layout before there were languages.
                for stale in [*folder.parent.iterdir(), *self.caption_root.iterdir()]:
                    if stale != folder and stale.name not in CAPTION_LANGUAGES and not stale.name.startswith("."):
                        shutil.rmtree(stale, ignore_errors=True)
            self._captions[language] = (docs, fingerprint, index)
            return index


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))
