"""`ipabs users` writes hashed passwords; `ipabs serve --help` documents the roles."""
from __future__ import annotations

import yaml
from click.testing import CliRunner

from app.cli import main
from app.settings import get_settings
from app.web.auth import Users


def _run(*args, input=None, env=None):
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)
    finally:
        get_settings.cache_clear()


def test_users_add_list_remove(tmp_path):
    path = tmp_path / "users.yaml"
    env = {"IPABS_USERS": str(path), "IPABS_DATA_DIR": str(tmp_path / "data")}
    result = _run("users", "add", "bob", "--role", "editor", "--password-stdin", input="s3cret-pass\n", env=env)
    assert result.exit_code == 0, result.output
    stored = yaml.safe_load(path.read_text())
    assert stored["bob"]["role"] == "editor" and stored["bob"]["password_hash"].startswith("$2")
    assert Users(path).authenticate("bob", "s3cret-pass")

    assert "bob\teditor" in _run("users", "list", env=env).output
    assert _run("users", "remove", "bob", env=env).exit_code == 0
    assert Users(path).names() == []


def test_users_add_prompts_twice_and_rejects_short_passwords(tmp_path):
    env = {"IPABS_USERS": str(tmp_path / "u.json")}
    result = _run("users", "add", "c", "--role", "viewer", input="short\nshort\n", env=env)
    assert result.exit_code != 0 and "at least 8" in result.output
    result = _run("users", "add", "c", "--role", "viewer", input="long-enough\nlong-enough\n", env=env)
    assert result.exit_code == 0 and Users(tmp_path / "u.json").user("c").role == "viewer"


def test_users_needs_a_file(tmp_path):
    """An empty IPABS_USERS means no users file (never the current directory)."""
    result = _run("users", "list", env={"IPABS_USERS": ""})
    assert result.exit_code != 0 and "set IPABS_USERS to the users file" in result.output


def test_serve_refuses_a_broken_users_file(tmp_path):
    bad = tmp_path / "users.yaml"
    bad.write_text("eve: {role: root}\n")
    result = _run("serve", "--port", "1", env={"IPABS_USERS": str(bad), "IPABS_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code != 0 and "password_hash" in result.output


def test_serve_help_names_the_roles():
    out = _run("serve", "--help").output
    for word in ("--host", "--port", "viewer", "arranger", "editor", "admin", "IPABS_USERS"):
        assert word in out
