"""CLI fixtures: a fresh data dir per test, settings read again from the environment."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from app.settings import get_settings


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("IPABS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IPABS_EMBEDDING", "e5-engine")
    monkeypatch.setenv("IPABS_STARTER_PACK", "false")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def run(cli_env):
    from app.cli import main

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke
