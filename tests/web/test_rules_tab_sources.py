"""The Rules tab marks a subsidy programme read from a repost as the reports do (S3-5)."""
from __future__ import annotations

from app.web.render import esc
from app.web.rules_tab import programme_html
from rules.labels import SOURCE_KIND_MARK
from rules.packs import load_packs


def test_a_programme_read_from_a_repost_is_marked_and_an_official_one_is_not():
    programmes = [p for pack in load_packs() for p in pack.programmes]
    reposts = [p for p in programmes if p.source_kind == "repost"]
    officials = [p for p in programmes if p.source_kind == "official"]
    assert reposts and officials
    mark = esc(SOURCE_KIND_MARK["repost"])
    assert all(mark in programme_html(p) for p in reposts)
    assert not any(mark in programme_html(p) for p in officials)
