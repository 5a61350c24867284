"""The starter pack is an explicit step (`ipabs starter`, `serve`): opening a library never fills it."""
from __future__ import annotations

import pytest

from app.knowledge import load_starter_pack, open_kb, starter_notes
from app.settings import Settings


@pytest.mark.slow   # embeds the six starter notes (minutes on two shared cores)
def test_opening_an_empty_library_adds_nothing_and_the_starter_step_fills_it_once(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", embedding="e5-engine", starter_pack=True)
    kb = open_kb(settings)
    assert kb.documents() == {}                      # opening is not loading (export/import rely on it)
    assert load_starter_pack(kb, settings) is True
    titles = sorted(r.source_path.rsplit("/", 1)[-1] for r in kb.documents().values())
    assert titles == sorted(p.name for p in starter_notes()) and "README.md" not in titles
    assert load_starter_pack(kb, settings) is False   # a library that holds anything is left alone


def test_the_starter_step_is_off_when_the_settings_say_so(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", embedding="e5-engine", starter_pack=False)
    kb = open_kb(settings)
    assert load_starter_pack(kb, settings) is False
    assert kb.documents() == {}


def test_the_starter_command_says_when_the_step_is_off(run):
    result = run("starter")   # cli_env sets IPABS_STARTER_PACK=false
    assert result.exit_code == 0 and "starter pack off" in result.output
