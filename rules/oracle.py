"""The Python evaluator's check: the test oracle the durable_rules engine must agree with.

Not used by the checker. It decides every rule in Python (Kleene logic in `rules.evaluate`),
maps outcomes to statuses by severity and computes the verdict with `verdict_of`; the
differential tests run deals through both and require identical reports.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from rules import derived
from rules.deal import Deal
from rules.evaluate import UNKNOWN, evaluate
from rules.explain import make_finding, make_subsidy, scope_finding, trace_criteria, trace_rule
from rules.findings import Report, Status, sort_findings
from rules.packs import Pack


def status_of(severity: str, value: bool | None) -> Status:
    if value is None:
        return "not_evaluable"
    if value:
        return "pass"
    return "fail" if severity == "blocking" else "warn"


def check(packs: Iterable[Pack], deal: Deal, as_of: dt.date | None = None) -> Report:
    """The report the engine must produce for `deal` against `packs`."""
    packs = list(packs)
    day = derived.as_of_date(deal, as_of)
    facts = derived.build_facts(deal, day)
    terms = deal.deal
    model, venue = (terms.model, terms.venue) if terms else (None, None)
    findings, subsidies, not_applicable = [], [], []
    for pack in packs:
        for rule in pack.rules_in_scope(day, model, venue):
            unstated = rule.scope_unknown(model, venue)
            if unstated:  # it may not apply: undecided, whatever its condition says
                findings.append(scope_finding(rule, unstated))
                continue
            guard, value, trace = trace_rule(rule, facts)
            if guard is False:
                not_applicable.append(rule.id)
            else:
                findings.append(make_finding(rule, status_of(rule.severity, value), trace, facts))
        for prog in pack.programmes_in_force(day):
            criteria = trace_criteria(prog, facts)
            truths = [t for t, _ in criteria]
            eligible = False if False in truths else (None if None in truths else True)
            amount = None
            if eligible and prog.amount is not None:
                value = evaluate(prog.amount.tree, facts, None, prog.amount.source)
                amount = None if value is UNKNOWN else round(float(value), 2)
            subsidies.append(make_subsidy(prog, eligible, criteria, amount, facts))
    return Report(deal_id=deal.id, deal_name=deal.name or (terms.name if terms else None), as_of=day,
                  packs=[{"name": p.name, "version": p.version} for p in packs],
                  findings=sort_findings(findings), subsidies=subsidies,
                  not_applicable=sorted(not_applicable))
