"""e5 query vectors straight from the OpenVINO encoder and the tokenizer file: no torch import on the ask path."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

QUERY_PREFIX = "query: "    # e5's prompts (config_sentence_transformers.json)
PASSAGE_PREFIX = "passage: "
MAX_TOKENS = 512            # the tokenizer's model_max_length


class E5QueryEncoder:
    """Tokenize, run the encoder, mean-pool over the tokens, normalise: what the sentence-transformers
    pipeline of the rebuilt model does for one query (cosine >= 0.9999 against it, tests/kb)."""

    def __init__(self, model_dir: Path) -> None:
        import openvino as ov

        self._tokenize = _tokenizer(Path(model_dir))
        real = Path(model_dir).resolve()   # the cache key includes the path: one blob for every linked data dir
        xml = real / "openvino" / "model.xml"
        core = ov.Core()
        # The compiled blob is cached beside the model: the next process loads it instead of compiling.
        core.set_property({"CACHE_DIR": str(real / "openvino" / "cache")})
        self._compiled = core.compile_model(str(xml), "CPU", {"PERFORMANCE_HINT": "LATENCY"})
        self._lock = threading.Lock()   # one infer request: one query at a time

    @staticmethod
    def available(model_dir: Path) -> bool:
        return (Path(model_dir) / "openvino" / "model.xml").is_file() and (Path(model_dir) / "tokenizer.json").is_file()

    def encode(self, text: str, prefix: str = QUERY_PREFIX) -> list[float]:
        """The unit vector of `text` as a query, or as a passage with `prefix=PASSAGE_PREFIX`."""
        ids = np.array([self._tokenize(prefix + text)], dtype=np.int64)
        mask = np.ones_like(ids)
        with self._lock:
            hidden = self._compiled({"input_ids": ids, "attention_mask": mask})[0]
        pooled = np.asarray(hidden, dtype=np.float32)[0].mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).tolist()


def _tokenizer(model_dir: Path):
    """text -> ids: the fast-loading QueryTokenizer, or tokenizer.json itself where its cache cannot be
    written (a read-only model dir)."""
    from kb.query_tokenizer import QueryTokenizer

    try:
        return QueryTokenizer(model_dir, MAX_TOKENS).encode
    except OSError:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        return lambda text: tokenizer.encode(text).ids
