"""The starter pack is an explicit step (`ipabs starter`, `serve`): opening a library never fills it."""
from __future__ import annotations

import re

import pytest

from app.knowledge import load_starter_pack, open_kb, starter_notes
from app.settings import Settings
from rules.packs import load_packs


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


def test_every_rule_a_starter_note_names_is_in_the_rule_packs():
    """A note telling a reader that a rule checks something must name a rule a check runs: an id of the packs, or a
    family of them (CN-A-03 for CN-A-03a-d). The notes once named US-R-01, which no pack has."""
    ids = {item.id for pack in load_packs() for item in pack.items}
    named = {(rule, note.name) for note in starter_notes()
             for rule in re.findall(r"(?<![\w-])((?:CN|EU|US)-[A-Z]+-\d+[a-z]?)(?![\w-])", note.read_text("utf-8"))}
    assert named, "the notes name no rules"
    unknown = sorted((rule, note) for rule, note in named
                     if rule not in ids and not any(re.fullmatch(re.escape(rule) + "[a-z]", i) for i in ids))
    assert not unknown, unknown
