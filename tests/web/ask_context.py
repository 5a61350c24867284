"""A real WebContext over a knowledge base in a temp data dir, for calling the Ask tab's handlers directly."""
from __future__ import annotations

from pathlib import Path

from app.settings import Settings
from app.web.auth import Users
from app.web.context import WebContext


def web_context(data_dir: Path, users: Path | None = None) -> WebContext:
    """The context `ipabs serve` would build for these settings (no users file: the local admin)."""
    settings = Settings(data_dir=data_dir, embedding="e5-engine", starter_pack=False)
    return WebContext(settings, Users(users))
