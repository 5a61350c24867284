"""Report renderings: JSON shape, Markdown grouping, HTML escaping."""
from __future__ import annotations

import json

import pytest

from rules.deal import validate_deal
from rules.deal_io import load_deal_file
from rules.report import render
from rules.samples import sample_path


@pytest.fixture(scope="module")
def blocked(checker):
    return checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee")))


def test_json_shape(blocked):
    data = json.loads(render(blocked, "json"))
    assert set(data) >= {"deal_id", "as_of", "packs", "verdict", "findings", "subsidies"}
    assert data["verdict"] == "blocked"
    assert data["packs"][0] == {"name": "cn-ipabs", "version": "2026.1"}
    f = data["findings"][0]
    assert set(f) >= {"rule_id", "status", "severity", "title", "explanation", "basis", "remediation", "facts"}
    assert f["status"] == "fail"  # failures first
    assert set(data["subsidies"][0]) >= {"programme", "eligible", "reasons", "estimated_amount", "currency", "source"}


def test_markdown_groups_by_severity_failures_first(blocked):
    md = render(blocked, "md")
    assert md.index("## Blocking requirements") < md.index("## Warning requirements") < md.index("## Info requirements")
    blocking = md[md.index("## Blocking"):md.index("## Warning")]
    assert blocking.index("FAIL · CN-IP-02") < blocking.index("PASS ·")
    assert "《专利法》第四十三条 [V]" in md
    assert "**Verdict: BLOCKED**" in md


def test_html_escapes_deal_supplied_text(checker):
    evil = "<script>alert('x')</script>"
    deal = validate_deal({"id": evil, "name": evil, "originator": {"name": evil, "is_lgfv": True},
                          "pool": {"claims": [{"id": evil, "obligor": evil, "is_local_gov_debt": True}]}})
    html = render(checker.check(deal), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.startswith("<!doctype html>")


def test_unknown_format(blocked):
    with pytest.raises(ValueError):
        render(blocked, "pdf")
