"""The `ipabs check / rules / schema` commands through click's runner."""
from __future__ import annotations

import json

from click.testing import CliRunner

from app.cli import main
from rules.samples import sample_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_markdown_and_json():
    result = run("check", str(sample_path("supply-chain-iqiyi--over-200-investors")))
    assert result.exit_code == 0
    assert "FAIL · CN-S-04b" in result.output
    data = json.loads(run("check", str(sample_path("pledge-loan-nanshan-5")), "--format", "json").output)
    assert data["verdict"] == "clear"


def test_check_pack_and_as_of_options():
    result = run("check", str(sample_path("pledge-loan-nanshan-5")), "--format", "json",
                 "--pack", "cn-subsidy", "--as-of", "2025-04-01")
    data = json.loads(result.output)
    assert data["as_of"] == "2025-04-01" and [p["name"] for p in data["packs"]] == ["cn-subsidy"]
    assert run("check", str(sample_path("pledge-loan-nanshan-5")), "--as-of", "2025-13-01").exit_code == 2


def test_check_with_set_prints_changes():
    result = run("check", str(sample_path("pledge-loan-nanshan-5")),
                 "--set", "pool.ip[0].annual_fee_paid=false", "--set", "deal.raised_size=1e8")
    assert result.exit_code == 0
    assert "What-if: verdict clear → blocked" in result.output
    assert "**CN-IP-02**" in result.output and "**CN-S-07**" in result.output


def test_bad_deal_file_prints_every_problem_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deal:\n  venu: SZSE\n  raised_size: -1\n  issue_date: 2023-02-30\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 2
    assert "3 problem(s)" in result.output
    assert "did you mean 'venue'" in result.output
    assert "Traceback" not in result.output


def test_rules_list_show_test_and_schema():
    listed = run("rules", "list", "--json")
    rows = json.loads(listed.output)
    assert len([r for r in rows if r["pack"] == "cn-ipabs"]) >= 60
    shown = run("rules", "show", "cn-ip-04")
    assert "derived.max_claim_due <= derived.min_ip_expiry" in shown.output
    assert run("rules", "show", "XX-1").exit_code == 1
    tested = run("rules", "test")
    assert tested.exit_code == 0 and "cases passed" in tested.output
    schema = json.loads(run("schema", "deal").output)
    assert schema["title"] == "Deal"
