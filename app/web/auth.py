"""Users, roles and the server-side permission check every handler makes before doing its work."""
from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from ingest.metadata import DOC_TYPES

ROLES = ("viewer", "arranger", "editor", "admin")   # each role can do what the ones before it can
LOCAL_USER = "local"                                 # who acts when no users file is configured

# The least role an action needs. Reading the library is an editor's job too: it shows every
# uploaded deal document, which a viewer (Ask only) should not browse.
ACTIONS = {
    "ask": "viewer",
    "check": "arranger",
    "rules": "arranger",
    "library.read": "editor",
    "library.write": "editor",
    "audit": "admin",
}


# Who may read which stored documents, by document type (ingest.metadata.DOC_TYPES). Deal documents
# (term sheets, offering documents, agreements) are confidential to the people who work on deals;
# a viewer reads the law, policy and commentary. Applied in retrieval itself, server-side: search,
# answers, sources, basis lookups and report exports never see a type the role may not read.
CONFIDENTIAL_DOC_TYPES = frozenset({"deal"})
READS_CONFIDENTIAL = "arranger"     # the least role that reads confidential types


def readable_doc_types(role: str) -> frozenset[str]:
    """The document types `role` may read; an empty set means every type."""
    if ROLES.index(role) >= ROLES.index(READS_CONFIDENTIAL):
        return frozenset()
    return frozenset(DOC_TYPES) - CONFIDENTIAL_DOC_TYPES


def reading_model() -> list[tuple[str, str]]:
    """(role, what it reads) for every role, as the Library and the README show it."""
    return [(role, "every document type" if not readable_doc_types(role)
             else f"every type except {', '.join(sorted(CONFIDENTIAL_DOC_TYPES))}") for role in ROLES]


class Forbidden(Exception):
    """The signed-in user's role does not allow the action."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])

    @property
    def doc_types(self) -> frozenset[str]:
        """The document types this user may read (empty = all)."""
        return readable_doc_types(self.role)


def hash_password(password: str) -> str:
    # bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
    raw = password.encode()
    if len(raw) > 72:
        raise ValueError("passwords are limited to 72 bytes")
    return bcrypt.hashpw(raw, bcrypt.gensalt()).decode()


MAX_NAME_CHARS = 64
MAX_PASSWORD_BYTES = 72
_dummy_hash: bytes | None = None


def dummy_hash() -> bytes:
    """A hash at the cost real ones use, checked for unknown names so they take as long as known ones."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = bcrypt.hashpw(b"no such user", bcrypt.gensalt())
    return _dummy_hash


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:72], hashed.encode())
    except ValueError:   # a malformed hash in the file never lets anyone in
        return False


class Users:
    """The users file: `{name: {password_hash, role}}` as JSON or YAML (chosen by extension)."""

    def __init__(self, path: Path | None):
        if path is not None and Path(path).is_dir():
            # IPABS_USERS="" arrives as Path("."): fail closed instead of serving without login.
            raise ValueError(f"IPABS_USERS must name a users file, not the directory {str(path)!r}")
        self.path = path
        self._signature = self._stat()
        self._loaded = self._read() if path else {}

    def _stat(self) -> tuple | None:
        try:
            st = self.path.stat() if self.path else None
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino) if st else None

    @property
    def _entries(self) -> dict[str, dict]:
        """The users file as it is now: an edit (`ipabs users add/remove`) counts from the next request."""
        if self.path is not None and (signature := self._stat()) != self._signature:
            try:
                self._loaded = self._read()
                self._signature = signature
            except (ValueError, OSError, yaml.YAMLError) as err:
                # A file being edited by hand may not parse: keep the last good one, say why.
                logging.getLogger("ipabs.auth").error("users file not reloaded: %s", err)
        return self._loaded

    @property
    def enabled(self) -> bool:
        """Login is required whenever a users file is configured (even an empty one)."""
        return self.path is not None

    def _read(self) -> dict[str, dict]:
        assert self.path is not None
        if not self.path.exists():
            return {}
        text = self.path.read_text(encoding="utf-8")
        data = (json.loads(text) if self.path.suffix.lower() == ".json" else yaml.safe_load(text)) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{self.path}: expected a mapping of user names")
        for name, entry in data.items():
            if not isinstance(entry, dict) or entry.get("role") not in ROLES or not entry.get("password_hash"):
                raise ValueError(f"{self.path}: user {name!r} needs password_hash and a role in {ROLES}")
        return data

    def names(self) -> list[str]:
        return sorted(self._entries)

    def authenticate(self, name: str, password: str) -> bool:
        """Slow on purpose (bcrypt): call it off the event loop. Unknown names cost the same as known ones."""
        entry = self._entries.get(name) if len(name) <= MAX_NAME_CHARS else None
        if entry is None:
            bcrypt.checkpw(password.encode()[:MAX_PASSWORD_BYTES], dummy_hash())
            return False
        return verify_password(password, entry["password_hash"])

    def user(self, name: str | None) -> User | None:
        """The user behind a request; without a users file everyone is the local admin."""
        if not self.enabled:
            return User(LOCAL_USER, "admin")
        entry = self._entries.get(name or "")
        return User(name, entry["role"]) if entry and name else None

    def add(self, name: str, password: str, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if not name or any(c.isspace() for c in name):
            raise ValueError("a user name must be non-empty and contain no spaces")
        if len(name) > MAX_NAME_CHARS:
            raise ValueError(f"a user name has at most {MAX_NAME_CHARS} characters")
        entries = dict(self._entries)
        entries[name] = {"password_hash": hash_password(password), "role": role}
        self._write(entries)

    def remove(self, name: str) -> bool:
        entries = dict(self._entries)
        found = entries.pop(name, None) is not None
        if found:
            self._write(entries)
        return found

    def _write(self, entries: dict[str, dict]) -> None:
        assert self.path is not None
        self._loaded = entries
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = (json.dumps(entries, indent=2, ensure_ascii=False) if self.path.suffix.lower() == ".json"
                else yaml.safe_dump(entries, allow_unicode=True, sort_keys=True))
        # Written beside and renamed over: a crash never leaves a half-written users file; 0600 keeps hashes private.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        self._signature = self._stat()


def require(users: Users, username: str | None, action: str) -> User:
    """The user if their role allows `action`; raises Forbidden otherwise (also for unknown users)."""
    user = users.user(username)
    if user is None:
        raise Forbidden("Not signed in.")
    if not user.can(action):
        need = ACTIONS[action]
        raise Forbidden(f"Not allowed: {action} needs the {need} role; {user.name} is a {user.role}. "
                        f"无权限：此操作需要 {need} 角色。")
    return user
