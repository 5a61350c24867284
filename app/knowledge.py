"""Opens the knowledge base the settings describe, loading the starter pack on first run."""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from app.data_lock import store_url
from app.settings import Settings, get_settings
from kb.library import KnowledgeBase

STARTER_DIR = Path(__file__).parent / "starter"


def open_kb(settings: Settings | None = None) -> KnowledgeBase:
    """The library of the settings' data dir: embedded (held by this process), or through the Chroma
    server of the `ipabs serve` holding that data dir, or the IPABS_CHROMA_URL server."""
    settings = settings or get_settings()
    url = settings.chroma_url or store_url(settings.data_dir, _command())
    kb = KnowledgeBase.open(settings.data_dir, settings.embedding, url, settings.e5_source)
    if settings.starter_pack and not kb.documents():
        load_starter_pack(kb)
    return kb


def _command() -> str:
    """What this process is, for the message another process gets while this one holds the data dir."""
    args = [a for a in sys.argv[1:3] if not a.startswith("-")]
    return " ".join(["ipabs", *args]) if Path(sys.argv[0]).name == "ipabs" else Path(sys.argv[0]).name


@lru_cache(maxsize=1)
def shared_kb() -> KnowledgeBase:
    """One knowledge base per process (the model and the index are loaded once)."""
    return open_kb()


def load_starter_pack(kb: KnowledgeBase) -> None:
    from app.ingestion import ingest_paths

    notes = sorted(p for p in STARTER_DIR.glob("*.md") if p.name != "README.md")
    ingest_paths(kb, notes, {})
