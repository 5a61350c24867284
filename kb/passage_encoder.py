"""e5 passage vectors straight from the OpenVINO encoder and the tokenizer file: ingest without torch.

What the sentence-transformers pipeline of the rebuilt model does (prompt, truncation, mean pooling over
the prompt and text tokens, normalisation), minus the torch and transformers imports and the model load
that cost a one-off `ipabs ingest` seconds before the first chunk is embedded."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from kb.query_encoder import MAX_TOKENS, PASSAGE_PREFIX
# Rows per inference request: length-sorted sub-batches of 16 padded to their own longest row kept both
# CPU streams busy with the least padding (kb.e5_runtime.OpenVinoEncoder measured the same).
SUB_BATCH = 16


class E5PassageEncoder:
    """Tokenize, sort by token count, run length-matched sub-batches on the throughput streams side by
    side, mean-pool over each row's tokens, normalise (cosine >= 0.9999 against the model, tests/kb)."""

    def __init__(self, model_dir: Path) -> None:
        import openvino as ov
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        core = ov.Core()
        # The compiled blob is cached beside the model: the next process loads it instead of compiling. Its
        # key includes the model's path: the real one, or each linked data dir (tests) adds a 470 MB blob.
        real = Path(model_dir).resolve()
        core.set_property({"CACHE_DIR": str(real / "openvino" / "cache")})
        self._compiled = core.compile_model(str(real / "openvino" / "model.xml"), "CPU",
                                            {"PERFORMANCE_HINT": "THROUGHPUT"})
        self._local = threading.local()   # each calling thread its own request queue (web workers)

    def _queue(self):
        queue = getattr(self._local, "queue", None)
        if queue is None:
            import openvino as ov

            queue = self._local.queue = ov.AsyncInferQueue(self._compiled)
        return queue

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of `texts` as passages, one row each, in the order given."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        rows = [e.ids for e in self._tokenizer.encode_batch([PASSAGE_PREFIX + t for t in texts])]
        order = sorted(range(len(rows)), key=lambda i: -len(rows[i]))
        pooled: dict[int, np.ndarray] = {}

        def collect(request, batch: list[int]) -> None:
            hidden = request.get_output_tensor(0).data
            for j, i in enumerate(batch):
                pooled[i] = hidden[j, :len(rows[i])].astype(np.float32).mean(axis=0)

        queue = self._queue()
        queue.set_callback(collect)
        for start in range(0, len(order), SUB_BATCH):
            batch = order[start:start + SUB_BATCH]
            width = len(rows[batch[0]])   # the longest row of this length-sorted sub-batch
            ids = np.ones((len(batch), width), dtype=np.int64)   # 1 = <pad>; masked anyway
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for j, i in enumerate(batch):
                ids[j, :len(rows[i])] = rows[i]
                mask[j, :len(rows[i])] = 1
            queue.start_async({"input_ids": ids, "attention_mask": mask}, batch)
        queue.wait_all()
        vectors = np.stack([pooled[i] for i in range(len(rows))])
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
