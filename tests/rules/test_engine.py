"""The durable_rules engine: one finding per applicable rule, sessions cleaned, errors surfaced."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from durable import lang

from rules.deal import validate_deal
from rules.deal_io import load_deal_file
from rules.engine import Checker, EngineError, live_sessions
from rules.expr import ExprError
from rules.samples import sample_path

from .conftest import make_pack, minimal_rule


def test_every_applicable_rule_yields_exactly_one_finding(checker):
    report = checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5")))
    ids = [f.rule_id for f in report.findings]
    assert len(ids) == len(set(ids))
    cn = next(p for p in checker.packs if p.name == "cn-ipabs")
    applicable = [r.id for r in cn.rules if r.applies_to("pledge_loan", "SZSE") and r.in_force(report.as_of)]
    assert set(applicable) <= set(ids) | set(report.not_applicable)
    assert "CN-A-10a" not in ids  # leasing-only rule filtered by model
    assert "CN-C-01" not in ids   # in force only from 2024-03-29; the deal is judged on 2022-04-14
    assert "CN-C-01" in {f.rule_id for f in checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5")),
                                                         as_of="2024-06-01").findings}
    assert live_sessions() == 0


def test_missing_fields_give_not_evaluable_naming_them(checker):
    report = checker.check(validate_deal({"id": "thin", "deal": {"model": "pledge_loan"}}))
    finding = report.finding("CN-S-04b")
    assert finding.status == "not_evaluable"
    assert finding.missing == ["deal.investor_count"]
    assert "deal.investor_count" in finding.explanation
    assert all(f.status != "pass" for f in report.findings if f.missing)
    assert report.verdict == "conditional"


def test_findings_carry_basis_facts_and_remediation(checker):
    deal = validate_deal({"deal": {"investor_count": 230}})
    finding = checker.check(deal).finding("CN-S-04b")
    assert finding.status == "fail" and finding.severity == "blocking"
    assert finding.facts == {"deal.investor_count": 230}
    assert "230" in finding.explanation
    assert {"instrument": "证券法", "article": "第九条第二款", "verification": "V"} in finding.basis
    assert finding.remediation


def test_sessions_are_deleted_in_durable_rules(checker):
    checker.check(validate_deal({"deal": {"investor_count": 3}}))
    ruleset = checker._rulesets["cn-ipabs"]
    host = lang.get_host()
    # the last session id used was check-N; its state must be gone
    from rules import engine
    last = f"check-{next(engine._SID) - 1}"
    with pytest.raises(Exception):
        host.get_state(ruleset, last)
    assert live_sessions() == 0


def test_rules_in_force_only_on_the_as_of_date(tmp_path):
    rule = minimal_rule(effective_from=dt.date(2025, 1, 1))
    checker = Checker([make_pack(tmp_path, [rule], name="dated-pack")])
    deal = validate_deal({"deal": {"investor_count": 300}})
    assert checker.check(deal, as_of="2024-12-31").findings == []
    assert checker.check(deal, as_of=dt.date(2025, 1, 1)).finding("T-01").status == "warn"


def test_exception_inside_an_action_is_surfaced(tmp_path):
    # The fail explanation divides by zero: the error happens inside the durable action.
    rule = minimal_rule(explain={"pass": "ok", "fail": "{deal.investor_count / 0}"})
    checker = Checker([make_pack(tmp_path, [rule], name="broken-pack")])
    with pytest.raises(ExprError, match="division by zero"):
        checker.check(validate_deal({"deal": {"investor_count": 300}}))
    assert live_sessions() == 0
    # the engine keeps working afterwards
    assert checker.check(validate_deal({"deal": {"investor_count": 3}})).finding("T-01").status == "pass"


def test_non_boolean_condition_is_an_engine_error(tmp_path):
    checker = Checker([make_pack(tmp_path, [minimal_rule(condition="deal.investor_count + 1")], name="nonbool")])
    with pytest.raises(EngineError, match="not true/false"):
        checker.check(validate_deal({"deal": {"investor_count": 3}}))


def test_unknown_pack_name_is_refused(checker):
    with pytest.raises(ValueError, match="unknown pack"):
        checker.check(validate_deal({}), packs=["nope"])


def test_pack_selection(checker):
    report = checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5")), packs=["cn-subsidy"])
    assert [p["name"] for p in report.packs] == ["cn-subsidy"]
    assert all(f.pack == "cn-subsidy" for f in report.findings)
    nanshan = next(s for s in report.subsidies if s.programme == "SUB-SZNS-2025")
    assert nanshan.eligible is None and nanshan.estimated_amount is None  # programme period not confirmed (RULEBOOK §14)


def _fingerprint(report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True)


def test_eight_threads_match_serial_results(checker):
    from rules.samples import list_samples
    deals = [load_deal_file(s.path) for s in list_samples()]
    expected = [_fingerprint(checker.check(d)) for d in deals]
    results: list[list[str]] = [[] for _ in range(8)]
    errors: list[BaseException] = []

    def work(slot: int) -> None:
        try:
            for _ in range(5):
                for deal in deals:
                    results[slot].append(_fingerprint(checker.check(deal)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for slot in results:
        assert slot == expected * 5
    assert live_sessions() == 0


def test_no_background_durable_timers(checker):
    checker.check(validate_deal({"deal": {"investor_count": 3}}))
    from rules.engine import _QuietHost
    assert isinstance(lang.get_host(), _QuietHost)
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def test_durable_ruleset_is_compiled_from_the_pack(checker):
    """The status decision lives in durable_rules: the pack's blocking rule ids are in the
    pattern of the rule whose action writes `fail` findings."""
    cn = next(p for p in checker.packs if p.name == "cn-ipabs")
    definition = json.dumps(lang.get_host().get_ruleset(checker._rulesets["cn-ipabs"]).get_definition(),
                            ensure_ascii=False)
    blocking = [r.id for r in cn.rules if r.severity == "blocking"]
    warning = [r.id for r in cn.rules if r.severity == "warning"]
    assert all(f'"{i}"' in definition for i in blocking + warning)
    report = checker.check(validate_deal({"deal": {"investor_count": 230, "min_subscription": 10},
                                          "servicer": {"backup_servicer": False}}))
    assert report.finding("CN-S-04b").status == "fail"     # blocking group
    assert report.finding("CN-O-05b").status == "warn"     # info group
