"""Where ../shared is for tests and benchmarks: the app's own setting (IPABS_SHARED_DIR, else beside the repo)."""
from __future__ import annotations

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
