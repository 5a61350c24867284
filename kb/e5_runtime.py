"""Run the rebuilt multilingual-e5-small (kb.e5_rebuild builds it): torch, bf16 or an OpenVINO encoder."""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

import numpy as np

Backend = Literal["auto", "torch", "bf16", "openvino"]
OPENVINO_DIR = "openvino"  # the encoder as OpenVINO IR, converted once beside the weights


def cpu_has_native_bf16() -> bool:
    """True if the CPU advertises bf16 dot-product instructions (AVX512-BF16 or AMX-BF16)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _fp32_token_embeddings(module: Any, _inputs: Any, features: dict[str, Any]) -> dict[str, Any]:
    """Forward hook: hand fp32 token embeddings to Pooling/Normalize so outputs are exact unit vectors."""
    features["token_embeddings"] = features["token_embeddings"].float()
    return features


def load_e5(model_dir: Path, backend: Backend = "auto", threads: int | None = None) -> Any:
    """Load the rebuilt model as a SentenceTransformer. "auto" = the OpenVINO encoder when the package is
    installed (fastest here), else a bf16 torch encoder on bf16-capable CPUs, else fp32 torch."""
    import torch
    from sentence_transformers import SentenceTransformer

    if threads:
        torch.set_num_threads(threads)
    if backend == "auto":
        backend = "openvino" if _has_openvino() else "bf16" if cpu_has_native_bf16() else "torch"
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    model.eval()
    if backend == "openvino":
        model[0].forward = OpenVinoEncoder(ensure_openvino_ir(model_dir, model[0].auto_model), threads)
    elif backend == "bf16":
        model[0].auto_model.to(torch.bfloat16)
        model[0].register_forward_hook(_fp32_token_embeddings)
    elif backend != "torch":
        raise ValueError(f"unknown backend {backend!r}")
    return model


def _has_openvino() -> bool:
    try:
        import openvino  # noqa: F401
    except ImportError:
        return False
    return True


def ensure_openvino_ir(model_dir: Path, encoder: Any) -> Path:
    """Convert the torch encoder to OpenVINO IR in `model_dir/openvino` once (atomic), return the .xml path."""
    target = Path(model_dir) / OPENVINO_DIR
    xml = target / "model.xml"
    if xml.is_file():
        return xml
    import openvino as ov
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    example = {"input_ids": torch.ones((2, 16), dtype=torch.long), "attention_mask": torch.ones((2, 16), dtype=torch.long)}
    shapes = [("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)]
    with torch.no_grad():
        converted = ov.convert_model(LastHiddenState(encoder), example_input=example, input=shapes)
    work = Path(tempfile.mkdtemp(prefix=f".{OPENVINO_DIR}.build-", dir=model_dir))
    try:
        # fp32 weights on disk: the CPU plugin picks bf16 or fp32 compute itself; fp16 storage would round twice
        ov.save_model(converted, str(work / "model.xml"), compress_to_fp16=False)
        shutil.rmtree(target, ignore_errors=True)   # a folder without model.xml is a broken earlier attempt
        os.replace(work, target)
    except OSError:
        if not xml.is_file():  # a concurrent converter did not finish either
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return xml


class OpenVinoEncoder:
    """Stands in for the ST Transformer module's forward: token embeddings from an OpenVINO compiled model.

    Throughput mode: the CPU plugin runs one single-threaded stream per core (bf16 compute where the CPU
    has it). A batch from sentence-transformers (sorted by characters, which mixes Chinese and English
    token counts) is re-sorted by token count and cut into sub-batches, each trimmed to its own longest
    row, that the streams run side by side: 1.27x the one-request latency mode on 2 cores. Each calling
    thread has its own request queue, so concurrent callers (web workers) never share state."""

    SUB_BATCH = 16

    def __init__(self, xml: Path, threads: int | None = None, precision: str | None = None) -> None:
        import openvino as ov

        config: dict[str, Any] = {"PERFORMANCE_HINT": "THROUGHPUT"}
        if threads:
            config["INFERENCE_NUM_THREADS"] = threads
        if precision:   # "f32" or "bf16"; unset = the plugin's choice for this CPU
            config["INFERENCE_PRECISION_HINT"] = precision
        self._compiled = ov.Core().compile_model(str(xml), "CPU", config)
        self._hidden_size = self._compiled.output(0).get_partial_shape()[-1].get_length()
        self._local = threading.local()

    def _queue(self) -> Any:
        queue = getattr(self._local, "queue", None)
        if queue is None:
            import openvino as ov

            queue = self._local.queue = ov.AsyncInferQueue(self._compiled)
        return queue

    def __call__(self, features: dict[str, Any], **_: Any) -> dict[str, Any]:
        import torch

        ids = features["input_ids"].numpy().astype(np.int64)
        mask = features["attention_mask"].numpy().astype(np.int64)
        lengths = mask.sum(axis=1)
        order = np.argsort(-lengths, kind="stable")
        hidden = np.zeros((*ids.shape, self._hidden_size), dtype=np.float32)
        queue = self._queue()

        def collect(request: Any, rows: np.ndarray) -> None:
            out = request.get_output_tensor(0).data
            hidden[rows, : out.shape[1]] = out   # columns past a sub-batch's longest row stay 0: masked anyway

        queue.set_callback(collect)
        for start in range(0, len(order), self.SUB_BATCH):
            rows = order[start:start + self.SUB_BATCH]
            width = int(lengths[rows].max())   # XLM-R pads on the right, so the first `width` columns hold every token
            queue.start_async({"input_ids": ids[rows, :width], "attention_mask": mask[rows, :width]}, rows)
        queue.wait_all()
        features["token_embeddings"] = torch.from_numpy(hidden)
        return features
