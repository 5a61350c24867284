"""Deal files: every problem reported at once, in plain words, never a traceback."""
from __future__ import annotations

import json

import pytest

from rules.deal import DealError, deal_schema, load_deal

BAD = """\
id: bad
deal:
  model: leasing
  venu: SZSE
  establishment_date: 2023-02-30
  raised_size: -5
  investor_count: many
pool:
  ip:
    - ip_type: invntion
      anual_fee_paid: true
"""


def test_bad_deal_reports_every_problem_at_once(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(DealError) as info:
        load_deal(path)
    problems = info.value.problems
    assert len(problems) == 6
    text = str(info.value)
    assert text.count("\n") == 5  # one line per problem
    assert "deal.venu: unknown field — did you mean 'venue'?" in text
    assert "pool.ip[0].anual_fee_paid: unknown field — did you mean 'annual_fee_paid'?" in text
    assert "deal.establishment_date: '2023-02-30' is not a valid date" in text
    assert "deal.raised_size: -5 is out of range" in text
    assert any(p.startswith("deal.investor_count:") for p in problems)
    assert any(p.startswith("pool.ip[0].ip_type: 'invntion' is not allowed") for p in problems)
    assert "Traceback" not in text


def test_unknown_field_without_close_match_has_no_suggestion():
    with pytest.raises(DealError) as info:
        load_deal("id: x\nzzzz: 1\n")
    assert info.value.problems == ["zzzz: unknown field"]


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(DealError) as info:
        load_deal("id: x\ndeal: {venue: SZSE\n")
    assert "not valid YAML at line" in str(info.value)


def test_json_text_and_json_file(tmp_path):
    data = {"id": "j", "deal": {"venue": "SSE", "establishment_date": "2024-02-08"}}
    assert load_deal(json.dumps(data)).deal.venue == "SSE"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_deal(path).id == "j"
    with pytest.raises(DealError) as info:
        load_deal(json.dumps({"deal": {"raised_size": "x", "venue": "LSE"}}))
    assert len(info.value.problems) == 2


def test_missing_file_and_non_mapping():
    with pytest.raises(DealError, match="no such deal file"):
        load_deal("/nonexistent/deal.yaml")
    with pytest.raises(DealError, match="must be a mapping"):
        load_deal("- just\n- a list\n")


def test_everything_is_optional_and_schema_forbids_extras():
    deal = load_deal("id: empty\n")
    assert deal.deal is None and deal.pool is None
    schema = deal_schema()
    assert schema["additionalProperties"] is False
    assert "pool" in schema["properties"]
