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
    ruleset = checker._ruleset.name
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


def _sample(name: str):
    """A sample deal, read without the deal file reader (which issue 15 is splitting off)."""
    import yaml
    return validate_deal(yaml.safe_load(sample_path(name).read_text(encoding="utf-8")))


def _definition(checker) -> dict:
    return lang.get_host().get_ruleset(checker._ruleset.name).get_definition()


def test_conditions_are_durable_patterns(checker):
    """CN-S-04b `deal.investor_count <= 200` is a durable pattern on the deal fact: true is
    `$lte 200`, false `$gt 200`; the Python evaluator is not asked."""
    rules = [json.dumps(r, ensure_ascii=False) for r in _definition(checker).values()]
    mine = [r for r in rules if '"CN-S-04b"' in r]
    assert any('{"$lte": {"deal__investor_count": 200}}' in r for r in mine)
    assert any('{"$gt": {"deal__investor_count": 200}}' in r for r in mine)
    # all(ip in pool.ip : ...) is the deal joined with none of its IP-right facts failing
    cn_ip_02 = [r for r in rules if '"CN-IP-02"' in r]
    assert any('$not' in r and '"coll": "pool__ip"' in r for r in cn_ip_02)


def test_engine_decides_without_the_python_evaluator(checker, monkeypatch):
    """With the evaluator's decisions replaced by nonsense, statuses and the verdict still come
    out right: they are the engine's. (The explanation trace is still read by walking the
    expression, which this leaves alone.)"""
    from rules import engine as engine_module
    from rules.evaluate import Trace

    monkeypatch.setattr(engine_module, "trace_rule",
                        lambda rule, facts: (None, None, Trace(missing=["(not traced)"])))
    report = checker.check(validate_deal({"deal": {"investor_count": 201}}))
    assert report.finding("CN-S-04b").status == "fail"
    assert report.verdict == "blocked"
    assert checker.check(validate_deal({"deal": {"investor_count": 200}})).finding("CN-S-04b").status == "pass"


def test_chained_conclusions_are_facts(checker):
    """Forward chaining: outcome -> finding -> verdict, criterion -> eligibility -> award."""
    rules = [json.dumps(r, ensure_ascii=False) for r in _definition(checker).values()]
    assert any('"t": "finding"' in r and '"status": "fail"' in r for r in rules)   # verdict rule
    assert any('"t": "eligibility"' in r for r in rules)                           # award rule
    import yaml
    data = yaml.safe_load(sample_path("pledge-loan-nanshan-5").read_text(encoding="utf-8"))
    data["subsidy"]["financing_in_programme_period"] = True    # confirmed by the programme office (§14)
    report = checker.check(validate_deal(data), packs=["cn-subsidy"])
    award = next(s for s in report.subsidies if s.programme == "SUB-SZNS-2025")
    from rules import oracle
    expected = next(s for s in oracle.check(checker.packs, validate_deal(data)).subsidies if s.programme == "SUB-SZNS-2025")
    assert award.eligible is True and award.estimated_amount > 0
    assert award.estimated_amount == pytest.approx(expected.estimated_amount)


def test_rule_ids_must_be_unique_across_a_checkers_packs(tmp_path):
    one = make_pack(tmp_path, [minimal_rule()], name="pack-one")
    two = make_pack(tmp_path, [minimal_rule()], name="pack-two")
    with pytest.raises(ValueError, match="repeat across packs"):
        Checker([one, two])


@pytest.mark.parametrize("share", [1e-05, 5e-324, 3e-07, 0.0499999, 0.05])
def test_numbers_python_writes_with_an_exponent_are_compared_right(checker, share):
    """durable_rules misreads `1e-05` (an exponent with no decimal point): CN-R-01a (retention
    >= 5 %) must still fail below 5 % (blocking on SSE/SZSE, RULEBOOK §14) and pass at 5 %."""
    from rules import oracle
    deal = validate_deal({"deal": {"venue": "SZSE"}, "risk_retention": {"pct_of_issue": share}})
    assert checker.check(deal).finding("CN-R-01a").status == ("pass" if share >= 0.05 else "fail")
    assert checker.check(deal).to_dict() == oracle.check(checker.packs, deal).to_dict()


def test_numbers_too_large_for_the_engine_are_refused_naming_the_field(checker):
    """Integers beyond int64 crash durable_rules (segfault): refused with the field named."""
    from rules.deal import DealError
    with pytest.raises(DealError, match=r"deal\.investor_count: .*too large"):
        checker.check(validate_deal({"deal": {"investor_count": 10**30}}))
    assert checker.check(validate_deal({"deal": {"investor_count": 10**14}})).finding("CN-S-04b").status == "fail"
    assert live_sessions() == 0


def test_alpha_stack_of_durable_rules_is_not_overflowed(checker):
    """Found by the differential fuzz: with every pattern hanging off `t == 'deal'`, this deal
    made more than 64 alpha nodes pending at once; durable_rules then corrupted memory
    (munmap_chunk) or refused the facts (error 303). Patterns now start with a bucket test."""
    import yaml
    from rules import oracle
    deal = yaml.safe_load(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee").read_text(encoding="utf-8"))
    deal["manager"]["has_am_licence"] = False
    report = checker.check(validate_deal(deal))
    assert report.verdict == "blocked" and report.finding("CN-O-01").status == "fail"
    assert report.to_dict() == oracle.check(checker.packs, validate_deal(deal)).to_dict()


def test_a_condition_that_multiplies_out_too_far_is_refused(tmp_path):
    """The false side of nine `or`ed (model and all(...)) terms is 2**9 = 512 durable rules."""
    parts = [f"(deal.venue == 'V{i}' and all(c in pool.claims : c.amount > {i}))" for i in range(9)]
    rule = minimal_rule(condition=" or ".join(parts))
    with pytest.raises(ValueError, match="T-01: the condition needs 512 durable rules"):
        Checker([make_pack(tmp_path, [rule], name="too-wide")])
    assert not lang._rulesets  # nothing half-built left for durable to register later


def test_too_many_patterns_for_the_alpha_stack_are_refused(tmp_path):
    rules = [minimal_rule(id=f"T-{i:03d}", condition=f"deal.investor_count <= {i}") for i in range(420)]
    with pytest.raises(ValueError, match="buckets"):
        Checker([make_pack(tmp_path, rules, name="too-many")])
    assert not lang._rulesets
