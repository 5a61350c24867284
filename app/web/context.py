"""What every tab shares: settings, and built from them the knowledge base, the checker, the audit log and the guard."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from functools import cached_property
from pathlib import Path

import gradio as gr

from app.settings import Settings
from app.web.audit import AuditLog, kb_state
from app.web.auth import Forbidden, User, Users, require


@dataclass
class WebContext:
    """The web app's state, one per server: everything is built from `settings`, on first use."""
    settings: Settings
    users: Users
    header: Any = field(default=None, repr=False)   # the page header component, once built

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir.resolve()

    @property
    def max_bytes(self) -> int:
        return self.settings.max_file_bytes

    @cached_property
    def kb(self):
        """The library of these settings, opened once (`server.launch` opens it before the first request)."""
        from app.knowledge import open_kb

        return open_kb(self.settings)

    @cached_property
    def checker(self):
        """The rules checker over the built-in packs (their rulesets are built once per process)."""
        from rules.engine import Checker

        return Checker(self.packs())

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.data_dir / "audit.jsonl", self.kb_state, self.pack_versions)

    def kb_state(self) -> dict:
        """The library an action saw: enough to tell later whether it is still the same one."""
        return kb_state(self.kb)

    def packs(self) -> list:
        """The rule packs (rules.packs loads and caches them once per process)."""
        from rules.packs import load_packs

        return load_packs()

    def pack_versions(self) -> list[dict]:
        return [{"name": p.name, "version": p.version} for p in self.packs()]

    def header_html(self, user: User | None) -> str:
        """The page header for `user`: who is signed in and what the library holds now."""
        if user is None:
            return header_html("", "", "not signed in")
        stats = self.kb.stats()
        return header_html(user.name if self.users.enabled else "", user.role,
                           f"{stats['documents']} documents · {stats['chunks']} chunks · {len(self.packs())} rule packs")

    def refresh_header(self, request: gr.Request):
        """The header again, after a change to the library (no reload needed)."""
        return self.header_html(self.users.user(getattr(request, "username", None)))

    def guard(self, request: gr.Request | None, action: str) -> User:
        """The user behind `request` if allowed to do `action`; a refusal is logged and shown, never run."""
        username = getattr(request, "username", None) if request is not None else None
        try:
            return require(self.users, username, action)
        except Forbidden as err:
            self.audit.record(self.users.user(username) or User(username or "-", "-"), "denied", attempted=action)
            raise gr.Error(str(err), title="Not allowed · 无权限", print_exception=False) from None


def header_html(name: str, role: str, kb_line: str) -> str:
    from app.web.render import esc

    who = (f'Signed in as <strong>{esc(name)}</strong> ({esc(role)}) · <a href="logout">Log out · 退出</a>'
           if name else "Local use · 本地使用")
    return (f'<div class="ipabs-header"><h1>ipabs · IP ABS regulatory desk · 知识产权证券化合规工作台</h1>'
            f'<div class="who">{who} · {kb_line}</div></div>')


