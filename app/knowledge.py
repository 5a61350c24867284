"""Opens the knowledge base the settings describe; loading the starter pack is a step of its own."""
from __future__ import annotations

import sys
from pathlib import Path

from app.data_lock import store_url
from app.settings import Settings, get_settings
from kb.library import KnowledgeBase

STARTER_DIR = Path(__file__).parent / "starter"


def open_kb(settings: Settings | None = None) -> KnowledgeBase:
    """The library of the settings' data dir: embedded (held by this process), or through the Chroma
    server of the `ipabs serve` holding that data dir, or the IPABS_CHROMA_URL server. Opening never
    adds anything: the starter pack is loaded by `load_starter_pack` (`ipabs starter`, `ipabs serve`)."""
    settings = settings or get_settings()
    url = settings.chroma_url or store_url(settings.data_dir, _command())
    return KnowledgeBase.open(settings.data_dir, settings.embedding, url, settings.e5_source)


def _command() -> str:
    """What this process is, for the message another process gets while this one holds the data dir."""
    args = [a for a in sys.argv[1:3] if not a.startswith("-")]
    return " ".join(["ipabs", *args]) if Path(sys.argv[0]).name == "ipabs" else Path(sys.argv[0]).name


def starter_notes() -> list[Path]:
    """The starter pack: the notes in app/starter (its README describes them and is not one)."""
    return sorted(p for p in STARTER_DIR.glob("*.md") if p.name != "README.md")


def load_starter_pack(kb: KnowledgeBase, settings: Settings) -> bool:
    """Load the starter pack into an empty library when the settings allow it (IPABS_STARTER_PACK);
    True when it was loaded. A library that holds anything is left as it is."""
    if not settings.starter_pack or kb.documents():
        return False
    from app.ingestion import ingest_paths

    ingest_paths(kb, starter_notes(), {}, settings.max_file_bytes)
    return True
