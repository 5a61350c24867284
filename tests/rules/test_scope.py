"""A rule scoped to deal models/venues is undecided, never failed, on a deal that does not state them.

Pins the reviewer's case: a licence-fee deal drafted without `deal.model` was reported blocked by
CN-P-01a (IP pledges registered, 民法典第四百四十四条第一款), a rule only for pledge-loan deals.
Both the durable_rules engine and the Python oracle are checked.
"""
from __future__ import annotations

import pytest

from rules import oracle
from rules.deal import validate_deal
from rules.engine import Checker
from rules.packs import load_pack

from tests.rules.conftest import minimal_rule, write_pack

# one IP right with no pledge registration: fails CN-P-01a whenever that rule applies
UNREGISTERED = {"ip": [{"reg_no": "ZL1"}]}


def _deal(**terms):
    return validate_deal({"id": "licence-fee draft", "deal": {"name": "licence fee", **terms},
                          "pool": UNREGISTERED})


def _both(checker, deal, packs=None):
    selected = [p for p in checker.packs if packs is None or p.name in packs]
    return checker.check(deal, packs=packs), oracle.check(selected, deal)


def test_unstated_model_makes_a_model_scoped_rule_not_evaluable_not_blocked(checker):
    for report in _both(checker, _deal()):
        finding = report.finding("CN-P-01a")
        assert finding.status == "not_evaluable"
        assert finding.missing == ["deal.model"]
        assert "deal.model" in finding.explanation and "pledge_loan" in finding.explanation
        assert "State deal.model" in finding.remediation
        assert report.verdict == "conditional"
        assert not [f.rule_id for f in report.findings if f.status == "fail"]


def test_pledge_loan_still_fails_the_pledge_registration_rule(checker):
    for report in _both(checker, _deal(model="pledge_loan")):
        assert report.finding("CN-P-01a").status == "fail"
        assert report.verdict == "blocked"


def test_licence_fee_deal_is_outside_the_pledge_registration_rule(checker):
    for report in _both(checker, _deal(model="license_fee")):
        assert report.finding("CN-P-01a") is None
        assert report.verdict != "blocked"


@pytest.fixture(scope="module")
def scoped(tmp_path_factory):
    """A pack with an unscoped rule, a model-scoped one and a venue-scoped one (all blocking)."""
    base = dict(severity="blocking",
                tests=[{"expect": "pass", "deal": {"deal": {"investor_count": 10, "model": "bill", "venue": "SSE"}}},
                       {"expect": "fail", "deal": {"deal": {"investor_count": 300, "model": "bill", "venue": "SSE"}}}])
    rules = [minimal_rule(id="T-ALL", **base),
             minimal_rule(id="T-MODEL", applies_to={"models": ["bill"]}, **base),
             minimal_rule(id="T-VENUE", applies_to={"venues": ["SSE"]}, **base)]
    pack = load_pack(write_pack(tmp_path_factory.mktemp("scope"), rules))
    return Checker([pack])


@pytest.mark.parametrize("terms, expected", [
    ({}, {"T-ALL": "fail", "T-MODEL": ("deal.model",), "T-VENUE": ("deal.venue",)}),
    ({"model": "bill"}, {"T-ALL": "fail", "T-MODEL": "fail", "T-VENUE": ("deal.venue",)}),
    ({"venue": "SSE"}, {"T-ALL": "fail", "T-MODEL": ("deal.model",), "T-VENUE": "fail"}),
    ({"model": "bill", "venue": "SSE"}, {"T-ALL": "fail", "T-MODEL": "fail", "T-VENUE": "fail"}),
    # a stated model the rule is not for takes it out of scope even if the venue is unstated
    ({"model": "leasing"}, {"T-ALL": "fail", "T-MODEL": None, "T-VENUE": ("deal.venue",)}),
])
def test_each_unstated_scope_field_is_named(scoped, terms, expected):
    deal = validate_deal({"id": "d", "deal": {"investor_count": 300, **terms}})
    for report in _both(scoped, deal):
        for rule_id, want in expected.items():
            finding = report.finding(rule_id)
            if want is None:
                assert finding is None, rule_id
            elif isinstance(want, tuple):
                assert (finding.status, tuple(finding.missing)) == ("not_evaluable", want), rule_id
            else:
                assert finding.status == want, rule_id
        assert report.verdict == "blocked"  # T-ALL, unscoped, still blocks as before
