"""What tests and benchmarks share: where ../shared is (IPABS_SHARED_DIR, else beside the repo), a free port."""
from __future__ import annotations

import socket
from pathlib import Path

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
