"""What tests and benchmarks share: where ../shared is (IPABS_SHARED_DIR, else beside the repo), a free port."""
from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Callable

from app.settings import Settings

SHARED: Path = Settings().shared_dir
CORPUS: Path = SHARED / "corpus"
EVAL: Path = SHARED / "eval"


def missing(path: Path) -> str:
    """Why a test or benchmark cannot run without `path`: which file, where ../shared was looked for."""
    return f"{path} not found: ../shared is looked for at {SHARED} (set IPABS_SHARED_DIR to its folder)"


def require(path: Path) -> Path:
    """`path` if it exists, else a clear error naming it (for benchmarks, which must not run on nothing)."""
    if not path.exists():
        raise FileNotFoundError(missing(path))
    return path


def free_port() -> int:
    """A loopback port nobody listens on now, for a server a test or benchmark starts (Chroma, ipabs, llama.cpp)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process: subprocess.Popen, up: Callable[[], bool], timeout_s: float, poll_s: float) -> bool:
    """Poll `up()` until it holds (True), the process exits or `timeout_s` passes (False)."""
    deadline = time.monotonic() + timeout_s
    while not up():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(poll_s)
    return True


def stop_process(process: subprocess.Popen | None) -> None:
    """Terminate a server we started; kill it if it is still there after 10 s."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
