"""Runs law cases against a set of packs (the real ones, or a mutated copy) through the real engine."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from rules.deal import Deal, DealError
from rules.deal_io import load_deal_file
from rules.engine import Checker
from rules.packs import Pack, Programme
from rules.samples import sample_path
from rules.whatif import apply_changes
from tests.rules.law.cases import LawCase

AMOUNT_TOLERANCE = 0.005  # yuan: amounts are reported to the fen (0.01)


@lru_cache(maxsize=None)
def _sample(name: str) -> Deal:
    return load_deal_file(sample_path(name))


def deal_for(case: LawCase) -> Deal:
    return apply_changes(_sample(case.sample), list(case.changes)) if case.changes else _sample(case.sample)


def outcome(checker: Checker, pack: Pack, case: LawCase) -> str:
    """What the checker says about the case's rule: a status, or `eligible=… amount=…`; `refused`
    when the changed deal states facts that cannot all be true (no rule reads it)."""
    item = next(i for i in pack.items if i.id == case.rule)
    as_of = dt.date.fromisoformat(case.as_of) if case.as_of else None
    try:
        deal = deal_for(case)
    except DealError:
        return "refused"
    report = checker.check(deal, as_of=as_of, packs=[pack.name])
    if isinstance(item, Programme):
        result = next((s for s in report.subsidies if s.programme == item.id), None)
        if result is None:
            return "not in force"
        if result.eligible and result.estimated_amount is not None and "amount=" in case.expect:
            expected = float(case.expect.split("amount=")[1])
            shown = case.expect.split("amount=")[1] if abs(result.estimated_amount - expected) <= AMOUNT_TOLERANCE \
                else repr(result.estimated_amount)
            return f"eligible={result.eligible} amount={shown}"
        return f"eligible={result.eligible}"
    finding = report.finding(item.id)
    if finding is not None:
        return finding.status
    return "not_applicable" if item.id in report.not_applicable else "not in force / filtered"


def pack_of(packs: list[Pack], rule_id: str) -> Pack:
    return next(p for p in packs if any(i.id == rule_id for i in p.items))
