"""Explains a decided rule: what its condition read (the trace) and the finding or subsidy result it makes.

The engine decides the status; this module only writes it up. The trace is recorded by walking
the expression the way `rules.evaluate` does (same short-circuits, so a finding lists the fields
that mattered and, when it cannot be decided, the fields that are missing).
"""
from __future__ import annotations

import datetime as dt

from rules.cited import cited_bases
from rules.evaluate import UNKNOWN, Trace, evaluate
from rules.findings import Finding, Status, SubsidyResult
from rules.footing import footing_of
from rules.packs import Programme, Rule
from rules.template import render_template


class EngineError(RuntimeError):
    """The engine broke an invariant (a rule without exactly one finding, an action error, a
    condition that is not true/false)."""


def truth(value, where: str) -> bool | None:
    """A condition's value as true/false/None (unknown); anything else is a broken rule."""
    if value is UNKNOWN:
        return None
    if not isinstance(value, bool):
        raise EngineError(f"{where}: condition gave {value!r}, not true/false")
    return value


def trace_rule(rule: Rule, facts: dict) -> tuple[bool | None, bool | None, Trace]:
    """(guard, condition, trace): the `when` guard (None when there is none or it is unknown),
    the condition (not evaluated when the guard is false) and what both read."""
    trace = Trace()
    guard = None
    if rule.when is not None:
        guard = truth(evaluate(rule.when.tree, facts, trace, rule.when.source), rule.id)
        if guard is False:
            return guard, None, trace
    return guard, truth(evaluate(rule.condition.tree, facts, trace, rule.condition.source), rule.id), trace


def trace_criteria(prog: Programme, facts: dict) -> list[tuple[bool | None, Trace]]:
    """Each criterion's value and trace."""
    out = []
    for crit in prog.criteria:
        trace = Trace()
        out.append((truth(evaluate(crit.test.tree, facts, trace, crit.test.source), prog.id), trace))
    return out


def make_finding(rule: Rule, status: Status, trace: Trace, facts: dict) -> Finding:
    if status == "not_evaluable":
        explanation = "Cannot be decided: missing " + ", ".join(trace.missing) + "."
    else:
        explanation = render_template(rule.explain_pass if status == "pass" else rule.explain_fail, facts)
    basis = cited_bases(rule, status, facts)
    return Finding(
        rule_id=rule.id, status=status, severity=rule.severity, title=rule.title["en"],
        title_zh=rule.title["zh"], pack=rule.pack, explanation=explanation, basis=basis,
        remediation="" if status == "pass" else render_template(rule.remediation, facts),
        facts=_scalars(trace.reads), missing=list(trace.missing), footing=footing_of(basis))


def scope_finding(rule: Rule, missing: list[str]) -> Finding:
    """The finding of a rule scoped to deal models/venues the deal does not state (`missing`):
    it may not apply at all, so it is not evaluable, and the user is told what to state."""
    scope = "; ".join(f"{name} {', '.join(values)}" for name, values in
                      (("models", rule.models), ("venues", rule.venues)) if values)
    return Finding(
        rule_id=rule.id, status="not_evaluable", severity=rule.severity, title=rule.title["en"],
        title_zh=rule.title["zh"], pack=rule.pack,
        explanation=f"Cannot be decided: missing {', '.join(missing)}; this rule applies only to "
                    f"deals with {scope}.",
        basis=list(rule.basis_dicts),
        remediation=f"State {' and '.join(missing)} in the deal so the checker can tell whether "
                    "this rule applies.",
        facts={}, missing=list(missing), footing=footing_of(list(rule.basis_dicts)))


def _scalars(reads: dict) -> dict:
    """Trace reads are scalars: only dates need converting for JSON."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in reads.items()}


def make_subsidy(prog: Programme, eligible: bool | None, criteria: list[tuple[bool | None, Trace]],
                 amount: float | None, facts: dict) -> SubsidyResult:
    """`criteria`: each criterion's decided truth and the trace of what it read."""
    reasons = []
    for crit, (met, trace) in zip(prog.criteria, criteria):
        text = render_template(crit.reason, facts)
        if met is None:
            reasons.append(f"unknown: {text} (missing {', '.join(trace.missing)})")
        else:
            reasons.append(f"{'met' if met else 'not met'}: {text}")
    if prog.amount_note:
        reasons.append(f"note: {prog.amount_note}")
    return SubsidyResult(prog.id, eligible, reasons, amount, prog.currency, prog.source,
                         prog.title["en"], prog.as_of.isoformat(), prog.source_kind)
