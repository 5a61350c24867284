"""Runs every rule's own test cases (deal fragments in the packs) through the real engine."""
from __future__ import annotations

from dataclasses import dataclass

from rules.deal import DealError, validate_deal
from rules.engine import Checker
from rules.packs import Case, Pack, Programme, load_packs


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    case: str
    ok: bool
    expected: str
    got: str


def _expected(case: Case) -> str:
    if case.expect is not None:
        return case.expect
    parts = [f"eligible={case.eligible}"]
    if case.amount is not None:
        parts.append(f"amount={case.amount:g}")
    return " ".join(parts)


def run_case(checker: Checker, pack: Pack, item, case: Case) -> CaseResult:
    expected = _expected(case)
    try:
        deal = validate_deal({"id": f"{item.id} {case.name}", **case.deal})
    except DealError as exc:
        return CaseResult(item.id, case.name, False, expected, f"invalid deal fragment: {exc}")
    report = checker.check(deal, as_of=case.as_of, packs=[pack.name])
    if isinstance(item, Programme):
        result = next((s for s in report.subsidies if s.programme == item.id), None)
        if result is None:
            return CaseResult(item.id, case.name, False, expected, "programme not in force")
        got = f"eligible={result.eligible}"
        ok = result.eligible == case.eligible
        if case.amount is not None:
            got += f" amount={result.estimated_amount if result.estimated_amount is None else format(result.estimated_amount, 'g')}"
            ok = ok and result.estimated_amount is not None and abs(result.estimated_amount - case.amount) < 0.01
        return CaseResult(item.id, case.name, ok, expected, got)
    finding = report.finding(item.id)
    if finding is not None:
        got = finding.status
    elif item.id in report.not_applicable:
        got = "not_applicable"
    else:
        got = "not in force / model or venue filtered"
    return CaseResult(item.id, case.name, got == expected, expected, got)


def run_all(packs: list[Pack] | None = None, checker: Checker | None = None) -> list[CaseResult]:
    packs = packs if packs is not None else load_packs()
    checker = checker or Checker(packs)
    return [run_case(checker, pack, item, case)
            for pack in packs for item in pack.items for case in item.tests]
