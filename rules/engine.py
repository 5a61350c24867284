"""The checker: packs compiled once to durable_rules rulesets; each check is one fresh session.

How durable_rules does the work. A check filters the rules that apply (in force on the as-of
date, the deal's model and venue, the rule's `when` guard), evaluates their conditions over the
deal's facts (our own expression language), and asserts one fact per applicable rule
`{sid, rule, outcome}` (outcome = true | false | missing) into the pack's ruleset under a fresh
session id. Each pack is compiled to one durable ruleset whose rules decide the status from the
pack's own data: "outcome false and the rule is one of the pack's blocking rules" -> fail;
"false and a warning/info rule" -> warn; "true" -> pass; "missing" -> not_evaluable; and for
subsidy programmes eligible / ineligible / undetermined. The rule ids of each group are compiled
into the durable pattern, so a fact for an unknown rule matches nothing. The actions write the
findings (status, explanation with the deal's values, basis, remediation). Each durable rule
takes its matches in one batch (`cap`), which keeps the per-action overhead of the Python host
to a handful of calls per check instead of one per rule. The session's state is deleted
afterwards.

durable_rules is a C engine with process-global state and is not thread-safe, so every call into
it happens under one module-level lock; its host is created without the two background dispatch
timers it normally starts; exceptions raised inside actions (which durable_rules would otherwise
swallow into the session state) are collected and re-raised; and a check asserts that every
applicable rule produced exactly one finding.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import threading
from dataclasses import dataclass, field
from typing import Iterable

from durable import engine as durable_engine
from durable import lang

from rules import derived
from rules.evaluate import UNKNOWN, Trace, evaluate
from rules.template import render_template
from rules.deal import Deal
from rules.findings import Finding, Report, SubsidyResult, sort_findings
from rules.packs import Pack, Programme, Rule, load_packs

_LOCK = threading.RLock()
_SESSIONS: dict[str, "_Session"] = {}   # live sessions by sid (normally 0 outside a check)
_SID = itertools.count(1)
_REGISTERED: dict[tuple, tuple[str, Pack]] = {}  # pack identity -> (durable ruleset name, pack)
# status -> (which items, the outcome fact it matches); the durable ruleset is built from this.
STATUS_RULES = {
    "fail": (lambda item: isinstance(item, Rule) and item.severity == "blocking", "false"),
    "warn": (lambda item: isinstance(item, Rule) and item.severity != "blocking", "false"),
    "pass": (lambda item: isinstance(item, Rule), "true"),
    "not_evaluable": (lambda item: isinstance(item, Rule), "missing"),
    "eligible": (lambda item: isinstance(item, Programme), "true"),
    "ineligible": (lambda item: isinstance(item, Programme), "false"),
    "undetermined": (lambda item: isinstance(item, Programme), "missing"),
}


class EngineError(RuntimeError):
    """The engine broke an invariant (a rule without exactly one finding, an action error)."""


class _QuietHost(durable_engine.Host):
    """A durable_rules host without the background dispatch/timer threads: they would call
    into the C engine outside our lock, and nothing here uses durable timers."""

    def _run(self) -> None:
        pass


def _host() -> durable_engine.Host:
    # lang.get_host() would create a Host with timers; install ours first (under the lock).
    if lang._main_host is None:  # noqa: SLF001 - durable.lang exposes no setter
        lang._main_host = _QuietHost()  # noqa: SLF001
    return lang.get_host()


@dataclass
class Outcome:
    """A rule's evaluated condition before durable_rules turns it into a finding."""
    item: Rule | Programme
    outcome: str
    trace: Trace
    extra: dict = field(default_factory=dict)


@dataclass
class _Session:
    facts: dict
    outcomes: dict[str, Outcome]
    findings: list[Finding] = field(default_factory=list)
    subsidies: list[SubsidyResult] = field(default_factory=list)
    fired: dict[str, int] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)


# ---------------------------------------------------------------- evaluation (pure Python)


def _truth(value, where: str) -> bool | None:
    if value is UNKNOWN:
        return None
    if not isinstance(value, bool):
        raise EngineError(f"{where}: condition gave {value!r}, not true/false")
    return value


def evaluate_rule(rule: Rule, facts: dict) -> Outcome:
    trace = Trace()
    if rule.when is not None:
        guard = _truth(evaluate(rule.when.tree, facts, trace, rule.when.source), rule.id)
        if guard is False:
            return Outcome(rule, "not_applicable", trace)
    value = _truth(evaluate(rule.condition.tree, facts, trace, rule.condition.source), rule.id)
    if value is None:
        return Outcome(rule, "missing", trace)
    return Outcome(rule, "true" if value else "false", trace)


def evaluate_programme(prog: Programme, facts: dict) -> Outcome:
    trace = Trace()
    results = []
    for crit in prog.criteria:
        sub = Trace()
        results.append((crit, _truth(evaluate(crit.test.tree, facts, sub, crit.test.source), prog.id), sub))
        trace.reads.update(sub.reads)
        for m in sub.missing:
            trace.miss(m)
    truths = [r for _, r, _ in results]
    eligible = False if False in truths else (None if None in truths else True)
    amount = None
    if eligible and prog.amount is not None:
        value = evaluate(prog.amount.tree, facts, trace, prog.amount.source)
        amount = None if value is UNKNOWN else round(float(value), 2)
    outcome = {True: "true", False: "false", None: "missing"}[eligible]
    return Outcome(prog, outcome, trace, {"criteria": results, "amount": amount})


# ---------------------------------------------------------------- actions (run by durable_rules)


def _finding(rule: Rule, status: str, out: Outcome, facts: dict) -> Finding:
    if status == "not_evaluable":
        explanation = "Cannot be decided: missing " + ", ".join(out.trace.missing) + "."
    else:
        explanation = render_template(rule.explain_pass if status == "pass" else rule.explain_fail, facts)
    return Finding(
        rule_id=rule.id, status=status, severity=rule.severity, title=rule.title["en"],
        title_zh=rule.title["zh"], pack=rule.pack, explanation=explanation,
        basis=list(rule.basis_dicts),
        remediation="" if status == "pass" else render_template(rule.remediation, facts),
        facts=_scalars(out.trace.reads), missing=list(out.trace.missing))


def _scalars(reads: dict) -> dict:
    """Trace reads are scalars: only dates need converting for JSON (fast path per finding)."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in reads.items()}


def _subsidy(prog: Programme, out: Outcome, facts: dict) -> SubsidyResult:
    reasons = []
    for crit, truth, sub in out.extra["criteria"]:
        text = render_template(crit.reason, facts)
        if truth is None:
            reasons.append(f"unknown: {text} (missing {', '.join(sub.missing)})")
        else:
            reasons.append(f"{'met' if truth else 'not met'}: {text}")
    if prog.amount_note:
        reasons.append(f"note: {prog.amount_note}")
    eligible = {"true": True, "false": False, "missing": None}[out.outcome]
    return SubsidyResult(prog.id, eligible, reasons, out.extra["amount"], prog.currency, prog.source,
                         prog.title["en"], prog.as_of.isoformat())


def _make_action(status: str, items: dict[str, Rule | Programme]):
    """The durable action for one status: it turns each matched fact into a finding (or a
    subsidy result) in its check's session."""
    def action(c) -> None:
        for fact in c.m:  # `cap` hands over every match of this check at once
            session = _SESSIONS[fact.sid]
            try:
                item = items[fact.rule]
                session.fired[item.id] = session.fired.get(item.id, 0) + 1
                out = session.outcomes[item.id]
                if isinstance(item, Programme):
                    session.subsidies.append(_subsidy(item, out, session.facts))
                else:
                    session.findings.append(_finding(item, status, out, session.facts))
            except BaseException as exc:  # durable_rules would swallow it into the state
                session.errors.append(exc)
    action.__name__ = f"on_{status}"
    return action


def _one_of(ids: list[str]):
    """A durable pattern matching a fact whose `rule` is any of `ids`."""
    return functools.reduce(operator.or_, [lang.m.rule == i for i in ids])


def _compile(pack: Pack, name: str) -> None:
    items = {item.id: item for item in pack.items}
    with lang.ruleset(name):
        for status, (belongs, outcome) in STATUS_RULES.items():
            ids = [item.id for item in pack.items if belongs(item)]
            if ids:
                lang.when_all(lang.cap(len(pack.items)), _one_of(ids) & (lang.m.outcome == outcome))(
                    _make_action(status, items))


def _ruleset_for(pack: Pack) -> str:
    """Register a pack's durable ruleset once per process (durable cannot unregister)."""
    key = (pack.name, pack.version, str(pack.path), id(pack))
    if key not in _REGISTERED:
        name = f"ipabs_{pack.name}_{pack.version}_{len(_REGISTERED)}".replace(".", "_").replace("-", "_")
        _compile(pack, name)
        _host()  # registers the rulesets defined above
        _REGISTERED[key] = (name, pack)  # holding the pack keeps its id from being reused
    return _REGISTERED[key][0]


def live_sessions() -> int:
    """Sessions currently open in the engine (0 between checks)."""
    with _LOCK:
        return len(_SESSIONS)


# ---------------------------------------------------------------- the checker


class Checker:
    """Runs deals through the packs. `Checker.default()` is the cached, process-wide instance."""

    _default: "Checker | None" = None

    def __init__(self, packs: Iterable[Pack] | None = None):
        self.packs = list(packs) if packs is not None else load_packs()
        with _LOCK:
            self._rulesets = {p.name: _ruleset_for(p) for p in self.packs}

    @classmethod
    def default(cls) -> "Checker":
        with _LOCK:
            if cls._default is None:
                cls._default = cls()
            return cls._default

    def pack_names(self) -> list[str]:
        return [p.name for p in self.packs]

    def _select(self, names: Iterable[str] | None) -> list[Pack]:
        if names is None:
            return self.packs
        wanted = list(names)
        unknown = [n for n in wanted if n not in self._rulesets]
        if unknown:
            raise ValueError(f"unknown pack(s) {unknown}; available: {self.pack_names()}")
        return [p for p in self.packs if p.name in wanted]

    def check(self, deal: Deal, as_of: dt.date | str | None = None,
              packs: Iterable[str] | None = None) -> Report:
        """Check a deal against the packs in force on `as_of` (default: the deal's own date)."""
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        day = derived.as_of_date(deal, as_of)
        facts = derived.build_facts(deal, day)
        terms = deal.deal
        model, venue = (terms.model, terms.venue) if terms else (None, None)
        selected = self._select(packs)
        plan: list[tuple[Pack, list[Outcome]]] = []
        not_applicable: list[str] = []
        for pack in selected:
            outcomes = []
            for rule in pack.rules:
                if rule.in_force(day) and rule.applies_to(model, venue):
                    out = evaluate_rule(rule, facts)
                    if out.outcome == "not_applicable":  # its `when` guard is false
                        not_applicable.append(rule.id)
                    else:
                        outcomes.append(out)
            for prog in pack.programmes:
                if prog.in_force(day):
                    outcomes.append(evaluate_programme(prog, facts))
            plan.append((pack, outcomes))
        session = self._run(facts, plan)
        order = {p.id: i for i, p in enumerate(prog for pack in selected for prog in pack.programmes)}
        return Report(
            deal_id=deal.id, deal_name=deal.name or (terms.name if terms else None), as_of=day,
            packs=[{"name": p.name, "version": p.version} for p in selected],
            findings=sort_findings(session.findings),
            subsidies=sorted(session.subsidies, key=lambda r: order[r.programme]),
            not_applicable=sorted(not_applicable))

    def _run(self, facts: dict, plan: list[tuple[Pack, list[Outcome]]]) -> _Session:
        """Assert the outcomes into durable_rules under a fresh session and collect findings."""
        outcomes = {o.item.id: o for _, items in plan for o in items}
        session = _Session(facts, outcomes)
        with _LOCK:
            host = _host()
            sid = f"check-{next(_SID)}"
            _SESSIONS[sid] = session
            asserted: list[str] = []
            try:
                for pack, items in plan:
                    if not items:
                        continue
                    name = self._rulesets[pack.name]
                    asserted.append(name)
                    host.assert_facts(name, [{"sid": sid, "rule": o.item.id, "outcome": o.outcome}
                                             for o in items])
            finally:
                for name in asserted:
                    host.delete_state(name, sid)
                del _SESSIONS[sid]
        if session.errors:
            raise session.errors[0]
        wrong = {i: n for i, n in session.fired.items() if n != 1}
        silent = [i for i in outcomes if i not in session.fired]
        if wrong or silent:
            raise EngineError(f"rules without exactly one finding: fired {wrong}, silent {silent}")
        return session
