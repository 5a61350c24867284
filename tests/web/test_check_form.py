"""The Check tab's form: edits keep the loaded file's comments, set the name the report shows, read amounts."""
from __future__ import annotations

import pytest

from app.web.check_tab import FORM_FIELDS, form_changes, form_values
from app.web.deals import edit_deal_text, parse_deal
from app.web.forms import amount_field
from rules.deal import DealError
from rules.engine import Checker
from rules.samples import sample_path

SAMPLE = sample_path("pledge-loan-nanshan-5")


def _values(**typed) -> list:
    return [typed.get(f.path, "") for f in FORM_FIELDS]


def test_an_edit_keeps_every_comment_and_line_of_the_file():
    text = SAMPLE.read_text(encoding="utf-8")
    edited = edit_deal_text(text, form_changes(_values(**{"deal.venue": "SSE"})))
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    assert comments and all(c in edited for c in comments)
    assert "  venue: SSE" in edited
    changed = [(a, b) for a, b in zip(text.splitlines(), edited.splitlines()) if a != b]
    assert changed == [("  venue: SZSE", "  venue: SSE")]


def test_the_name_field_is_the_name_the_report_carries():
    edited = edit_deal_text(SAMPLE.read_text(encoding="utf-8"), form_changes(_values(name="新的项目名称")))
    report = Checker.default().check(parse_deal(edited))
    assert report.deal_name == "新的项目名称"
    assert form_values(parse_deal(edited))[0] == "新的项目名称"


@pytest.mark.parametrize("typed", ["733,000,000", "7.33亿", "7.33 亿元", "73300万", "RMB 733000000", "人民币7.33亿元"])
def test_amounts_are_read_in_the_ways_people_write_them(typed):
    assert amount_field("Issue size", typed) == 733_000_000


def test_the_form_shows_amounts_with_separators_and_rejects_nonsense():
    shown = form_values(parse_deal(SAMPLE.read_text(encoding="utf-8")))
    assert shown[[f.path for f in FORM_FIELDS].index("deal.issue_size")] == "206,000,000"
    with pytest.raises(ValueError, match="Issue size"):
        form_changes(_values(**{"deal.issue_size": "lots"}))


def test_a_bad_edit_raises_and_a_json_deal_stays_json():
    with pytest.raises(DealError, match="deal.venue"):
        edit_deal_text("id: x\n", {"deal.venue": "MOON"})
    assert edit_deal_text('{"id": "x"}', {"deal.issue_size": 5}).lstrip().startswith("{")


def test_form_fields_have_help_and_choices_come_from_the_deal_model():
    from rules.labels import field_choices

    assert all(f.help for f in FORM_FIELDS)
    assert "SZSE" in field_choices("deal.venue") and "pledge_loan" in field_choices("deal.model")
