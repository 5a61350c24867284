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


# ---------------------------------------------------------------- stated shares against the amounts
# RULEBOOK §1: a claim's `amount` is its future cash flow, and `obligor_share_future_cf` is its obligor's
# share of the pool's future cash flow, the same on each of the obligor's claims. RULEBOOK §14 and CN-C-01,
# CN-C-03, CN-A-03b read one share per obligor (rules.derived.obligors): a stated share that disagrees
# with the amounts, or two shares for one obligor, cannot both be read, so the deal is refused at load.


def _pool(*claims) -> dict:
    return {"pool": {"claims": [{"obligor": name, "amount": amount, "obligor_share_future_cf": share}
                                for name, amount, share in claims]}}


def test_a_stated_share_within_half_a_point_of_its_amounts_is_accepted_beyond_it_refused():
    # A owes 30 of 100: 30 %. Shares written to the whole percent are half a point off at most (SHARE_ROUNDING).
    assert _problems(_pool(("A", 30, 0.305), ("B", 70, 0.695))) == []
    assert _problems(_pool(("A", 30, 0.295), ("B", 70, 0.705))) == []
    assert _problems(_pool(("A", 30, 0.306), ("B", 70, 0.70))) == [
        "pool.claims[0].obligor_share_future_cf: 30.6 % is stated, but the amounts give 30 % (obligor A's claims "
        "30 yuan of the pool's 100 yuan); a claim's amount is its future cash flow, so the share is what the "
        "amounts give: correct the share or the amounts"]
    assert _problems(_pool(("A", 30, 0.294), ("B", 70, 0.70)))[0].startswith(
        "pool.claims[0].obligor_share_future_cf: 29.4 % is stated, but the amounts give 30 %")


def test_the_reviewers_85_15_deal_is_refused_naming_each_claim_and_both_shares():
    # CN-C-03 printed "top five 113.57%" for it: each obligor counted its larger share.
    problems = _problems(_pool(("core", 40, 0.85), ("core", 35, 0.85), ("dishonest", 30, 0.15)))
    assert [p.split(":")[0] for p in problems] == [f"pool.claims[{i}].obligor_share_future_cf" for i in range(3)]
    assert "85 % is stated, but the amounts give 71.4 % (obligor core's claims 75 yuan of the pool's 105 yuan)" in problems[0]
    assert "15 % is stated, but the amounts give 28.6 % (obligor dishonest's claims 30 yuan" in problems[2]


def test_an_obligors_share_is_its_claims_added_up_and_unnamed_claims_stand_alone():
    assert _problems(_pool(("A", 10, 0.2), ("A", 10, 0.2), ("B", 80, 0.8))) == []
    assert _problems(_pool((None, 10, 0.1), (None, 90, 0.9))) == []
    assert _problems(_pool((None, 10, 0.2), (None, 90, 0.8)))[0].startswith(
        "pool.claims[0].obligor_share_future_cf: 20 % is stated, but the amounts give 10 % (this claim 10 yuan")


def test_shares_are_not_held_to_amounts_that_are_missing_or_all_zero():
    claims = [{"obligor": "A", "amount": 30, "obligor_share_future_cf": 0.9}, {"obligor": "B", "obligor_share_future_cf": 0.1}]
    assert _problems({"pool": {"claims": claims}}) == []
    assert _problems(_pool(("A", 0, 0.9), ("B", 0, 0.1))) == []


def test_one_obligor_stating_two_shares_is_refused_naming_the_obligor_the_claims_and_both_shares():
    assert _problems(_shares(("A", 0.3), ("A", 0.3), ("B", 0.7))) == []
    assert _problems(_shares(("A", 0.3), ("B", 0.6), ("A", 0.31))) == [
        "pool.claims[2].obligor_share_future_cf: obligor A has 30 % on pool.claims[0] but 31 % here; an obligor "
        "has one share of the pool's future cash flow, the same on each of its claims: state one share"]


def test_derived_shares_are_the_amounts_once_the_stated_shares_agree_with_them():
    from rules.derived import obligors
    # the reviewers' deal was read as 85 % + 28.6 % = "top five 113.57 %"; an agreeing one reads 71.4 % + 28.6 %
    claims = [{"obligor": "core", "amount": 40, "obligor_share_future_cf": 0.71},
              {"obligor": "core", "amount": 35, "obligor_share_future_cf": 0.71},
              {"obligor": "dishonest", "amount": 30, "obligor_share_future_cf": 0.29}]
    assert _problems({"pool": {"claims": claims}}) == []
    assert [(o["name"], round(o["share"], 4)) for o in obligors(claims)] == [("core", 0.7143), ("dishonest", 0.2857)]
    assert sum(o["share"] for o in obligors(claims)) == pytest.approx(1.0)
