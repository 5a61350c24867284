"""A real WebContext over a knowledge base in a temp data dir, for calling the Ask tab's handlers directly."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from app.knowledge import open_kb
from app.settings import Settings
from app.web.auth import Users
from app.web.context import WebContext


class _OwnKbContext(WebContext):
    """Until WebContext opens the knowledge base of its own settings (issue 15), this one does: the
    process-wide shared_kb() would open the library of the environment's data dir instead."""

    @cached_property
    def kb(self):
        return open_kb(self.settings)


def web_context(data_dir: Path, users: Path | None = None) -> WebContext:
    settings = Settings(data_dir=data_dir, embedding="e5-engine", starter_pack=False)
    return _OwnKbContext(settings, Users(users))
