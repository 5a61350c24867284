"""Facts that cannot all be true are refused as deal problems, each naming its field, at the boundary
and one step beyond (newcomer tester S2-3)."""
from __future__ import annotations

import pytest

from rules.deal import DealError, validate_deal


def _problems(data: dict) -> list[str]:
    try:
        validate_deal(data)
    except DealError as exc:
        return exc.problems
    return []


def _terms(**fields) -> dict:
    return {"deal": {"establishment_date": "2019-03-22", "issue_date": "2019-03-22", **fields}}


def test_amac_filing_on_the_establishment_day_is_accepted_the_day_before_is_not():
    assert _problems(_terms(amac_filing_date="2019-03-22")) == []
    assert _problems(_terms(amac_filing_date="2019-03-21")) == [
        "deal.amac_filing_date: 2019-03-21 is before deal.establishment_date 2019-03-22; a plan is filed "
        "with AMAC after it is established: check both dates"]


def test_legal_final_maturity_before_the_later_of_issue_and_establishment_is_refused():
    assert _problems(_terms(legal_final_maturity="2019-03-22")) == []
    assert _problems(_terms(legal_final_maturity="2019-03-21"))[0].startswith(
        "deal.legal_final_maturity: 2019-03-21 is before deal.issue_date 2019-03-22;")
    later = {"deal": {"issue_date": "2019-03-20", "establishment_date": "2019-03-25", "legal_final_maturity": "2019-03-24"}}
    assert _problems(later)[0].startswith("deal.legal_final_maturity: 2019-03-24 is before deal.establishment_date 2019-03-25;")


def test_no_investor_for_money_raised_is_refused():
    assert _problems(_terms(investor_count=1, raised_size=100)) == []
    assert _problems(_terms(investor_count=0, raised_size=0)) == []     # nothing raised: nothing to contradict
    assert _problems(_terms(investor_count=0, raised_size=100)) == [
        "deal.investor_count: 0, yet deal.raised_size is 100 yuan; money raised was subscribed by someone: "
        "give the number of investors"]


def _claim(amount, *payments, **fields) -> dict:
    schedule = [{"date": f"2024-0{i + 1}-28", "amount": pay} for i, pay in enumerate(payments)]
    return {"pool": {"claims": [{"id": "C1", "amount": amount, "schedule": schedule, **fields}]}}


def test_a_schedule_may_cover_part_of_a_claim_but_not_more_than_its_rounding():
    assert _problems(_claim(100, 40)) == []          # part of the claim: allowed
    assert _problems(_claim(100, 60, 42)) == []      # 2 payments, each may be a yuan high
    assert _problems(_claim(100, 60, 42.01)) == [
        "pool.claims[0].schedule: the payments still due add up to 102.01 yuan, more than the claim's amount "
        "100 yuan (its future cash flow); a schedule may cover part of a claim, never more"]


def test_payments_already_made_do_not_count_against_the_future_cash_flow():
    assert _problems(_claim(100, 50, 100, payments_made=1)) == []
    assert _problems(_claim(100, 50, 102, payments_made=1)) != []


def _shares(*obligors_and_shares) -> dict:
    return {"pool": {"claims": [{"obligor": name, "obligor_share_future_cf": share}
                                for name, share in obligors_and_shares]}}


def test_shares_of_distinct_obligors_add_up_to_at_most_the_whole_pool():
    assert _problems(_shares(("A", 0.505), ("B", 0.505))) == []      # 2 shares, each half a point of rounding
    assert _problems(_shares(("A", 0.51), ("B", 0.505))) == [
        "pool.claims[].obligor_share_future_cf: the shares of 2 distinct obligors add up to 101.5 % "
        "(A 51 %, B 50.5 %), more than the whole pool's future cash flow"]
    assert "add up to 115 %" in _problems(_shares(("A", 0.15), ("B", 1.0)))[0]   # the tester's deal


def test_one_obligors_share_is_stated_on_each_of_its_claims_not_added_up():
    assert _problems(_shares(("A", 1.0), ("A", 1.0), ("A", 1.0))) == []
    assert _problems(_shares((None, 0.6), (None, 0.6))) != []   # two claims naming no obligor: two obligors


def test_contradictions_are_listed_with_the_field_errors_of_other_sections():
    data = {**_terms(amac_filing_date="2019-03-01"), "rating": {"tracking_interval_months": 0},
            "pool": {"claims": [{"obligor": "A", "obligor_share_future_cf": 0.9},
                                {"obligor": "B", "obligor_share_future_cf": 0.9}]}}
    problems = _problems(data)
    assert [p.split(":")[0] for p in problems] == [
        "rating.tracking_interval_months", "deal.amac_filing_date", "pool.claims[].obligor_share_future_cf"]


def test_a_section_with_a_field_error_is_not_also_checked_for_contradictions():
    problems = _problems(_terms(amac_filing_date="2019-03-01", venue="LSE"))
    assert len(problems) == 1 and problems[0].startswith("deal.venue:")


@pytest.mark.parametrize("change", ["deal.amac_filing_date=2019-03-01", "deal.investor_count=0"])
def test_what_if_changes_are_held_to_the_same_facts(change):
    from rules.deal_io import load_deal_file
    from rules.samples import SAMPLE_DIR
    from rules.whatif import apply_changes

    deal = load_deal_file(SAMPLE_DIR / "leasing-wenke-1.yaml")
    with pytest.raises(DealError, match=change.split("=")[0]):
        apply_changes(deal, [change])
