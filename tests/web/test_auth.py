"""Users file, password hashing and role checks (no server)."""
from __future__ import annotations

import json
import stat

import pytest
import yaml

from app.web.auth import ACTIONS, ROLES, Forbidden, Users, hash_password, require, verify_password


def test_hash_is_bcrypt_and_verifies():
    hashed = hash_password("correct horse")
    assert hashed.startswith("$2") and "correct horse" not in hashed
    assert verify_password("correct horse", hashed)
    assert not verify_password("wrong horse", hashed)


def test_malformed_hash_never_matches():
    assert not verify_password("x", "not-a-bcrypt-hash")


def test_overlong_password_is_refused():
    with pytest.raises(ValueError):
        hash_password("x" * 73)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_users_file_round_trip(tmp_path, suffix):
    path = tmp_path / f"users{suffix}"
    Users(path).add("alice", "pw-alice-123", "arranger")
    text = path.read_text()
    data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    assert data["alice"]["role"] == "arranger" and "pw-alice-123" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    users = Users(path)
    assert users.enabled and users.names() == ["alice"]
    assert users.authenticate("alice", "pw-alice-123")
    assert not users.authenticate("alice", "nope")
    assert not users.authenticate("mallory", "pw-alice-123")
    assert users.user("alice").role == "arranger"
    assert users.user("mallory") is None


def test_bad_role_in_file_is_rejected(tmp_path):
    path = tmp_path / "users.yaml"
    path.write_text(yaml.safe_dump({"eve": {"password_hash": hash_password("pw"), "role": "root"}}))
    with pytest.raises(ValueError, match="role"):
        Users(path)


def test_without_users_file_everyone_is_local_admin():
    users = Users(None)
    assert not users.enabled
    user = require(users, None, "library.write")
    assert user.role == "admin"


@pytest.mark.parametrize("role,allowed", [
    ("viewer", {"ask"}),
    ("arranger", {"ask", "check", "rules"}),
    ("editor", {"ask", "check", "rules", "library.read", "library.write"}),
    ("admin", set(ACTIONS)),
])
def test_roles_are_cumulative(tmp_path, role, allowed):
    users = Users(tmp_path / "users.yaml")
    users.add("u", "pw-u-12345", role)
    for action in ACTIONS:
        if action in allowed:
            assert require(users, "u", action).name == "u"
        else:
            with pytest.raises(Forbidden, match="Not allowed"):
                require(users, "u", action)


def test_unknown_or_anonymous_user_is_refused_when_login_is_on(tmp_path):
    users = Users(tmp_path / "users.yaml")
    users.add("u", "pw-u-12345", "admin")
    for name in (None, "", "ghost"):
        with pytest.raises(Forbidden):
            require(users, name, "ask")


def test_every_action_names_a_role():
    assert set(ACTIONS.values()) <= set(ROLES)
