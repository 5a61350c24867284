"""Every area's bad-input error is a UserError naming file, field and reason, shown by one catch in the CLI."""
from __future__ import annotations

import pytest

from errors import NotFound, UserError
from ingest import IngestError
from kb.backup import BackupError
from rules.deal import DealError
from rules.intake.draft import NotADealDocument
from rules.packs import PackError


@pytest.mark.parametrize("error, file, text", [
    (IngestError("law.pdf", "no text found"), "law.pdf", "law.pdf: no text found"),
    (BackupError("backup.tar.gz", "not an ipabs backup"), "backup.tar.gz", "backup.tar.gz: not an ipabs backup"),
    (DealError(["deal.venue: not one of SZSE, SSE"], "deal.yaml"), "deal.yaml", "deal.venue: not one of SZSE, SSE"),
    (PackError("cn-ipabs.yaml CN-S-01: unknown field"), "", "cn-ipabs.yaml CN-S-01: unknown field"),
    (NotADealDocument("names no securitisation plan"), "", "names no securitisation plan"),
])
def test_each_area_error_is_a_user_error_with_its_own_wording(error, file, text):
    assert isinstance(error, UserError) and error.file == file and str(error) == text and error.reason


def test_a_user_error_names_file_field_and_reason_in_that_order():
    error = UserError("must be a date (YYYY-MM-DD)", "deal.yaml", "deal.issue_date")
    assert str(error) == "deal.yaml: deal.issue_date: must be a date (YYYY-MM-DD)"
    assert error.explain() == f"Error: {error}" and error.exit_code == 1
    assert isinstance(NotFound("no document abc"), LookupError)


def test_the_cli_shows_a_bad_deal_once_as_its_problems_with_status_2(run, tmp_path):
    deal = tmp_path / "deal.yaml"
    deal.write_text("id: x\ndeal:\n  venue: MOON\n", encoding="utf-8")
    result = run("check", str(deal))
    assert result.exit_code == 2 and "the deal has 1 problem(s):" in result.output and "deal.venue" in result.output
    assert "Traceback" not in result.output


def test_the_cli_says_a_rule_is_not_found_as_a_message(run):
    result = run("rules", "show", "NO-SUCH-RULE")
    assert result.exit_code == 1 and "Error: no rule 'NO-SUCH-RULE'" in result.output and "Traceback" not in result.output
