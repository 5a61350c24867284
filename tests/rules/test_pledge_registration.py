"""CN-P-01a/01b on a pledge with a registration date but no registration number (民法典第四百四十四条第一款:
the pledge is created when it is registered; 著作权质权登记办法第五条、第十一条: the register records the day, the
certificate carries the number). A stated registration date is a registration, unconfirmed without its number:
CN-P-01a asks for the number instead of calling the pledge unregistered. Engine and oracle alike."""
from __future__ import annotations

from rules import oracle
from rules.deal import validate_deal


def _pledge(**ip) -> object:
    return validate_deal({"deal": {"model": "pledge_loan", "establishment_date": "2022-04-14"},
                          "pool": {"ip": [{"reg_no": "ZL1", **ip}]}})


def _both(checker, deal):
    return checker.check(deal), oracle.check(checker.packs, deal)


def test_a_registration_date_without_its_number_asks_for_the_number_naming_the_field(checker):
    for report in _both(checker, _pledge(pledge_reg_date="2022-03-30")):
        finding = report.finding("CN-P-01a")
        assert finding.status == "not_evaluable"
        assert finding.missing == ["pool.ip[0].pledge_reg_no"]
        assert "pool.ip[0].pledge_reg_no" in finding.explanation
        assert "unregistered" not in finding.explanation
        assert report.finding("CN-P-01b").status == "pass"   # registered by establishment


def test_a_right_with_neither_number_nor_date_is_unregistered(checker):
    for report in _both(checker, _pledge(pledge_application_date="2022-03-25")):
        finding = report.finding("CN-P-01a")
        assert finding.status == "fail"
        assert "Pledges without registration: ZL1" in finding.explanation


def test_a_dated_registration_without_its_number_is_held_to_establishment_day_and_not_a_day_later(checker):
    for day, status in (("2022-04-14", "pass"), ("2022-04-15", "fail")):
        for report in _both(checker, _pledge(pledge_reg_date=day)):
            assert report.finding("CN-P-01b").status == status, day
