"""What every tab shares: settings, the knowledge base, users, the audit log and the permission guard."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import gradio as gr

from app.settings import Settings
from app.web.audit import AuditLog
from app.web.auth import Forbidden, User, Users, require


@dataclass
class WebContext:
    settings: Settings
    users: Users
    _packs_cache: list | None = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir.resolve()

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_file_mb * 1024 * 1024)

    @property
    def kb(self):
        from app.knowledge import shared_kb

        return shared_kb()

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.data_dir / "audit.jsonl", self.kb_state, self.pack_versions)

    def kb_state(self) -> dict:
        kb = self.kb
        return {"generation": kb.store.generation(), "documents": len(kb.documents()), "embedding": kb.store.model_key}

    def packs(self) -> list:
        """The rule packs (loaded once); empty while the rules package has none."""
        if self._packs_cache is None:
            from rules.packs import load_packs

            self._packs_cache = list(load_packs())
        return self._packs_cache

    def pack_versions(self) -> list[dict]:
        return [{"name": p.name, "version": p.version} for p in self.packs()]

    def guard(self, request: gr.Request | None, action: str) -> User:
        """The user behind `request` if allowed to do `action`; a refusal is logged and shown, never run."""
        username = getattr(request, "username", None) if request is not None else None
        try:
            return require(self.users, username, action)
        except Forbidden as err:
            self.audit.record(self.users.user(username) or User(username or "-", "-"), "denied", attempted=action)
            raise gr.Error(str(err), title="Not allowed · 无权限", print_exception=False) from None
