"""Derived facts against hand-computed cases: IP terms and PRC working days."""
from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import CalendarGap, working_days_between
from rules.deal import validate_deal
from rules.derived import build_facts, ip_expiry

D = dt.date


@pytest.mark.parametrize("ip,expected", [
    # invention: 20 years from filing, last day = day before the anniversary
    ({"ip_type": "invention", "filing_date": D(2015, 1, 1)}, D(2034, 12, 31)),
    ({"ip_type": "invention", "filing_date": D(2016, 3, 2), "pta_days": 100}, D(2036, 3, 1) + dt.timedelta(days=100)),
    ({"ip_type": "utility", "filing_date": D(2017, 6, 12)}, D(2027, 6, 11)),
    # designs filed before 2021-06-01 keep 10 years; from that day 15 years
    ({"ip_type": "design", "filing_date": D(2021, 5, 31)}, D(2031, 5, 30)),
    ({"ip_type": "design", "filing_date": D(2021, 6, 1)}, D(2036, 5, 31)),
    # trademark: 10 years from registration, plus 10 per renewal
    ({"ip_type": "trademark", "grant_date": D(2019, 3, 7)}, D(2029, 3, 6)),
    ({"ip_type": "trademark", "grant_date": D(2009, 3, 7), "renewals": 1}, D(2029, 3, 6)),
    # copyright: natural person = death year + 50 to 31 Dec; legal-person work = publication + 50
    ({"ip_type": "copyright", "copyright_author_death_year": 1990}, D(2040, 12, 31)),
    ({"ip_type": "copyright", "is_legal_person_work": True, "first_publication_date": D(2016, 7, 1)}, D(2066, 12, 31)),
    ({"ip_type": "software", "is_legal_person_work": True, "first_publication_date": D(2015, 3, 1)}, D(2065, 12, 31)),
    # leap-day filing: 2014 has no 29 Feb, so 28 Feb is the anniversary (2024 does have one)
    ({"ip_type": "utility", "filing_date": D(2004, 2, 29)}, D(2014, 2, 27)),
    ({"ip_type": "invention", "filing_date": D(2004, 2, 29)}, D(2024, 2, 28)),
])
def test_ip_expiry(ip, expected):
    assert ip_expiry(ip) == expected


@pytest.mark.parametrize("ip", [
    {"ip_type": "invention"},
    {"ip_type": "trademark"},
    {"ip_type": "copyright"},  # natural person, death year unknown
    {"ip_type": "copyright", "is_legal_person_work": True},
])
def test_ip_expiry_unknown_without_its_facts(ip):
    assert ip_expiry(ip) is None


def test_working_days_across_spring_festival_2024():
    # 2024-02-04 (Sun) and 2024-02-18 (Sun) were make-up workdays; 10–17 Feb were holidays.
    assert working_days_between(D(2024, 2, 2), D(2024, 2, 4)) == 1      # Sat no, Sun yes
    assert working_days_between(D(2024, 2, 8), D(2024, 2, 19)) == 3     # 9th, 18th, 19th
    assert working_days_between(D(2024, 2, 9), D(2024, 2, 17)) == 0     # the whole holiday
    assert working_days_between(D(2024, 2, 8), D(2024, 2, 8)) == 0
    assert working_days_between(D(2024, 2, 19), D(2024, 2, 8)) == -3


def test_working_days_spring_festival_2019_makeup_weekend():
    # 2019: 2 and 3 Feb were make-up workdays, 4–10 Feb holiday.
    assert working_days_between(D(2019, 2, 1), D(2019, 2, 13)) == 5
    assert working_days_between(D(2019, 2, 1), D(2019, 2, 14)) == 6


def test_calendar_gap_is_reported_not_guessed():
    with pytest.raises(CalendarGap):
        working_days_between(D(2099, 1, 1), D(2099, 1, 10))


def test_build_facts_shares_retention_and_buffer():
    deal = validate_deal({
        "deal": {"legal_final_maturity": "2026-01-01", "issue_size": 100,
                 "tranches": [{"size": 95, "holder": "market"}, {"size": 5, "holder": "originator"}]},
        "pool": {"claims": [{"obligor": "A", "amount": 60}, {"obligor": "B", "amount": 30},
                            {"obligor": "A", "amount": 10}],
                 "ip": [{"ip_type": "utility", "filing_date": "2017-01-10"},
                        {"ip_type": "invention", "filing_date": "2017-01-10"}]},
    })
    facts = build_facts(deal, D(2024, 1, 1))
    derived = facts["derived"]
    assert derived["top1_obligor_share"] == pytest.approx(0.7)
    assert derived["top5_obligor_share"] == pytest.approx(1.0)
    assert derived["retention_pct"] == pytest.approx(0.05)
    assert derived["min_ip_expiry"] == D(2027, 1, 9)
    assert derived["ip_buffer_days"] == (D(2027, 1, 9) - D(2026, 1, 1)).days
    assert facts["pool"]["ip"][1]["expiry_date"] == D(2037, 1, 9)


def test_stated_obligor_share_is_not_summed_per_claim():
    deal = validate_deal({"pool": {"claims": [
        {"obligor": "A", "obligor_share_future_cf": 1.0}, {"obligor": "A", "obligor_share_future_cf": 1.0}]}})
    assert build_facts(deal, D(2024, 1, 1))["derived"]["top1_obligor_share"] == 1.0


def test_derived_field_list_matches_what_is_computed():
    from rules.derived import DERIVED_FIELDS
    facts = build_facts(validate_deal({}), D(2024, 1, 1))
    assert set(facts["derived"]) == {f.split("[")[0] for f in DERIVED_FIELDS}  # obligors[].share: an item field


# ---------------------------------------------------------------- RULEBOOK §14 additions


def test_deadline_on_a_rest_day_rolls_to_the_next_working_day():
    from rules.calendar import roll_to_workday
    # 民法典第二百零三条: 30 April 2023 is a Sunday inside the 29 April–3 May break.
    assert roll_to_workday(dt.date(2023, 4, 30)) == dt.date(2023, 5, 4)
    assert roll_to_workday(dt.date(2020, 2, 15)) == dt.date(2020, 2, 17)   # a Saturday
    assert roll_to_workday(dt.date(2023, 4, 23)) == dt.date(2023, 4, 23)   # a Sunday make-up workday stays


def test_nth_working_day_counts_make_up_workdays_and_skips_holidays():
    from rules.calendar import add_working_days, working_days_between
    assert add_working_days(dt.date(2019, 2, 1), 5) == dt.date(2019, 2, 13)
    for start in (dt.date(2019, 2, 1), dt.date(2022, 4, 14), dt.date(2024, 9, 27)):
        for n in range(0, 12):
            assert working_days_between(start, add_working_days(start, n)) == n


def test_obligor_shares_add_up_one_obligors_claims():
    from rules.derived import obligors
    found = obligors([{"obligor": "A", "amount": 10, "obligor_is_dishonest": True}, {"obligor": "A", "amount": 10},
                      {"obligor": "B", "amount": 80, "obligor_is_dishonest": False}])
    assert found == [{"name": "B", "share": 0.8, "is_dishonest": False, "is_lgfv": None},
                     {"name": "A", "share": 0.2, "is_dishonest": True, "is_lgfv": None}]
    # a stated share is the obligor's share, not added up over its claims
    stated = obligors([{"obligor": "A", "obligor_share_future_cf": 0.3}, {"obligor": "A", "obligor_share_future_cf": 0.3}])
    assert stated[0]["share"] == 0.3
    assert obligors([{"obligor": "A"}])[0]["share"] is None


def test_each_ip_right_knows_the_claims_it_secures():
    deal = validate_deal({"pool": {"claims": [{"id": "L1", "last_due_date": "2024-01-01", "ip_reg_nos": ["P1"]},
                                              {"id": "L2", "last_due_date": "2025-01-01", "ip_reg_nos": ["P1", "P2"]},
                                              {"id": "L3", "ip_reg_nos": ["P3"]}],
                                   "ip": [{"reg_no": "P1"}, {"reg_no": "P2"}, {"reg_no": "P3"}, {"reg_no": "P4"}]}})
    ips = build_facts(deal, dt.date(2023, 1, 1))["pool"]["ip"]
    assert [(ip["linked_claims"], ip["linked_last_due"]) for ip in ips] == [
        (["L1", "L2"], dt.date(2025, 1, 1)), (["L2"], dt.date(2025, 1, 1)), (["L3"], None), (None, None)]
