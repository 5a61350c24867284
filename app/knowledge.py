"""Opens the knowledge base the settings describe, loading the starter pack on first run."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from app.settings import Settings, get_settings
from kb.library import KnowledgeBase

STARTER_DIR = Path(__file__).parent / "starter"


def open_kb(settings: Settings | None = None) -> KnowledgeBase:
    settings = settings or get_settings()
    kb = KnowledgeBase.open(settings.data_dir, settings.embedding, settings.chroma_url, settings.e5_source)
    if settings.starter_pack and not kb.documents():
        load_starter_pack(kb)
    return kb


@lru_cache(maxsize=1)
def shared_kb() -> KnowledgeBase:
    """One knowledge base per process (the model and the index are loaded once)."""
    return open_kb()


def load_starter_pack(kb: KnowledgeBase) -> None:
    from app.ingestion import ingest_paths

    notes = sorted(p for p in STARTER_DIR.glob("*.md") if p.name != "README.md")
    ingest_paths(kb, notes, {})
