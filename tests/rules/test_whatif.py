"""What-if changes by field path and report diffs."""
from __future__ import annotations

import pytest

from rules.deal import DealError
from rules.deal_io import load_deal_file
from rules.samples import sample_path
from rules.whatif import apply_changes, diff_reports


@pytest.fixture(scope="module")
def base():
    return load_deal_file(sample_path("pledge-loan-nanshan-5"))


def test_apply_changes_paths_and_values(base):
    changed = apply_changes(base, ["pool.ip[0].annual_fee_paid=false", "deal.raised_size=1e8",
                                   "deal.establishment_date=2022-04-15", "eu.eu_investors=true"])
    assert changed.pool.ip[0].annual_fee_paid is False
    assert changed.deal.raised_size == 1e8
    assert str(changed.deal.establishment_date) == "2022-04-15"
    assert changed.eu.eu_investors is True
    assert base.pool.ip[0].annual_fee_paid is True  # the original is untouched


def test_bad_changes_are_all_reported(base):
    with pytest.raises(DealError) as info:
        apply_changes(base, ["pool.ip[99].annual_fee_paid=false", "nonsense"])
    assert len(info.value.problems) == 2
    with pytest.raises(DealError, match="did you mean 'raised_size'"):
        apply_changes(base, ["deal.raised_sise=1"])
    with pytest.raises(DealError, match="not a valid date"):
        apply_changes(base, ["deal.issue_date=2023-02-30"])


def test_diff_reports_shows_changed_findings(checker, base):
    before = checker.check(base)
    after = checker.check(apply_changes(base, ["pool.ip[0].annual_fee_paid=false", "deal.raised_size=1e8"]))
    changes = {c.rule_id: c for c in diff_reports(before, after)}
    assert changes["CN-IP-02"].before == "pass" and changes["CN-IP-02"].after == "fail"
    assert changes["CN-S-07"].after == "fail"
    assert diff_reports(before, checker.check(base)) == []


def test_a_hostile_change_is_one_short_problem_not_a_crash(base):
    with pytest.raises(DealError) as caught:
        apply_changes(base, ["deal.name=" + "[" * 5000])
    (problem,) = caught.value.problems
    assert len(problem) < 300 and "\n" not in problem
