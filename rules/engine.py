"""The checker: durable_rules decides every rule, chains the conclusions and gives the verdict.

A Checker's packs are compiled once into one durable ruleset (`rules.patterns`): each rule's
condition (and `when` guard) becomes patterns over the deal fact and its item facts that
conclude `out(rule, T)` or `out(rule, F)`. A check asserts the deal (`rules.facts`) with one
`rule` fact per rule in scope under a fresh session id, then runs three phases, each started by
a marker fact once the previous one has settled (so `none(...)` only ever looks at finished
facts):

    A  data -> guard(rule, F), out(rule, T|F), out(criterion, T|F)
    B  rule & no false guard & out T -> pass; out F -> fail (blocking) or warn; no out at all ->
       not_evaluable (its missing fields named); false guard -> not applicable; a rule scoped
       to models/venues the deal does not state -> not_evaluable (deal.model/deal.venue named);
       a criterion with no out -> out(criterion, U)
    C  programme: a false criterion -> ineligible; else an unknown one -> undetermined; else
       eligible -> award (the amount term); findings -> verdict blocked | blocked_unverified |
       conditional | clear

The actions write the findings; what a finding read and which fields were missing come from
`rules.explain`. The session's state is deleted afterwards. Two quirks of durable_rules shape
this: a match that needs `none(...)` is confirmed only when the session's next fact arrives (so
each phase is followed by tick facts until one fires nothing), and its alpha network is walked
with a fixed 64-node stack (so patterns hang off bucket tests, see BUCKET).

durable_rules is a C engine with process-global state and is not thread-safe, so every call into
it happens under one module-level lock; its host is created without the background dispatch
timers it normally starts; exceptions raised inside actions (which durable_rules would swallow)
are collected and re-raised; and a check asserts that every rule in scope produced exactly one
finding or a not-applicable mark, every programme one result, and one verdict.
"""
from __future__ import annotations

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field
from typing import Iterable

from durable import engine as durable_engine
from durable import lang

from rules import derived
from rules.deal import Deal
from rules.evaluate import UNKNOWN
from rules.explain import EngineError, make_finding, make_subsidy, scope_finding, trace_criteria, trace_rule
from rules.facts import durable_facts
from rules.findings import Finding, Report, SubsidyResult, sort_findings
from rules.packs import Pack, Programme, Rule, load_packs
from rules.patterns import FALSE, Chained, Compiler, Conj, with_base

__all__ = ["Checker", "EngineError", "live_sessions"]

_LOCK = threading.RLock()
_SESSIONS: dict[str, "_Session"] = {}   # live sessions by sid (0 outside a check)
_SID = itertools.count(1)
_RULESETS: dict[tuple, "_Ruleset"] = {}  # pack identities -> compiled ruleset (durable cannot unregister)
m, c = lang.m, lang.c


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
class _Session:
    facts: dict
    rules: dict[str, Rule]
    programmes: dict[str, Programme]
    amount_keys: dict[str, str]
    outcomes: dict[str, set[str]] = field(default_factory=dict)   # rule/criterion id -> T/F/U
    findings: dict[str, Finding] = field(default_factory=dict)
    not_applicable: list[str] = field(default_factory=list)
    subsidies: dict[str, SubsidyResult] = field(default_factory=dict)
    verdicts: set[str] = field(default_factory=set)
    errors: list[BaseException] = field(default_factory=list)
    actions: int = 0
    sid: str = ""
    ruleset: str = ""
    ticks: int = 0
    terms: dict = field(default_factory=dict)   # deal-level values computed in Python, by fact key
    unstated: dict[str, list[str]] = field(default_factory=dict)  # rule id -> scope fields the deal omits


def _guarded(action):
    """Run an action for each match; errors are kept for the check to re-raise. Facts an action
    returns are asserted together once every match is done (one call into the engine)."""
    def run(closure) -> None:
        matches = closure.m if isinstance(closure.m, list) else [closure]
        concluded: list[dict] = []
        for match in matches:
            session = _SESSIONS[match.r.sid]
            session.actions += 1
            try:
                concluded += action(closure, match, session) or []
            except BaseException as exc:  # durable_rules would swallow it into the state
                session.errors.append(exc)
        if concluded and not session.errors:
            try:
                _assert(closure.host, session.ruleset, [{**f, "sid": session.sid} for f in concluded])
            except BaseException as exc:  # noqa: BLE001 - re-raised by the check
                session.errors.append(exc)
    run.__name__ = action.__name__
    return run


def _conclude(closure, fact: dict) -> None:
    """Assert a conclusion; the same conclusion reached twice (two items fail) is one fact."""
    try:
        closure.assert_fact(dict(fact))  # durable writes the session id into the dict it gets
    except durable_engine.MessageObservedException:
        pass
    except durable_engine.MessageNotHandledException:  # no rule consumes it (a pass finding)
        pass


def _assert(host, name: str, facts) -> None:
    """Assert facts; durable reports facts no rule looks at as 'not handled', which is fine."""
    try:
        host.assert_facts(name, facts) if isinstance(facts, list) else host.assert_fact(name, facts)
    except durable_engine.MessageNotHandledException:
        pass


# ---------------------------------------------------------------- phase A: conditions


def _emit(formula, rule_id: str, conclusion: dict, session_note: str | None) -> None:
    """One durable rule per alternative of `formula` (a pattern or a list of Conj)."""
    alternatives = formula if isinstance(formula, list) else ([] if formula == FALSE else [Conj(formula)])
    if len(alternatives) > MAX_ALTERNATIVES:
        raise ValueError(f"{rule_id}: the condition needs {len(alternatives)} durable rules (more than "
                         f"{MAX_ALTERNATIVES}); split it into simpler rules")

    def concluded(closure, match, session) -> None:
        if session_note:
            session.outcomes.setdefault(rule_id, set()).add(session_note)
        _conclude(closure, conclusion)
    concluded.__name__ = f"{conclusion['t']}_{rule_id}_{conclusion['v']}"
    for alt in alternatives:
        parts = [c.r << ((m.t == "rule") & (m.r == rule_id)), with_base(_bucketed(m.t == "deal"), alt.deal)]
        for el in alt.elements:
            if isinstance(el, Chained):  # decided by its own rule, matched here as a `q` fact
                qid = f"{rule_id}#{el.conj.elements[0].coll}#{abs(hash(el))}"
                if qid not in _emitted:
                    _emitted.add(qid)
                    _emit([el.conj], rule_id, {"t": "q", "q": qid, "v": "T"}, None)
                parts.append((m.t == "q") & (m.q == qid))
                continue
            item = with_base(_bucketed((m.t == "item") & (m.coll == el.coll)), el.pattern)
            parts.append(lang.none(item) if el.kind == "none" else item)
        lang.when_all(*parts)(_guarded(concluded))


# `a or b` over several lists multiplies out (the false side of five `or`ed quantifiers is 32
# rules); past this the pack should be written differently.
MAX_ALTERNATIVES = 256
_emitted: set[str] = set()   # chained quantifiers already given their rule (per compile)
# durable_rules walks its alpha network with a fixed stack of 64 nodes (ERR_MAX_STACK_SIZE, 303):
# a deal fact tested by a few hundred patterns right after `t == 'deal'` overflows it. Each
# pattern therefore starts with a bucket test (`b7 == true`, every fact has them all), so no
# node has more than BUCKET children plus the buckets themselves.
BUCKET = 24
_patterns = itertools.count()


def _bucketed(base):
    return base & (getattr(m, f"b{next(_patterns) // BUCKET}") == True)  # noqa: E712 - a durable pattern


# ---------------------------------------------------------------- phases B and C: chaining


def _phase(name: str):
    return c.ph << ((m.t == "phase") & (m.n == name))


def _no_false_guard():
    return lang.none((m.t == "guard") & (m.r == c.r.r))


def _status_rule(status: str, rule_pattern, *conditions) -> None:
    def decided(closure, match, session) -> None:
        rule = session.rules[match.r.r]
        _, _, trace = trace_rule(rule, session.facts)
        if status == "not_evaluable" and not trace.missing:  # never a silent non-match
            raise EngineError(f"{rule.id}: the engine matched neither true nor false, yet no field is missing")
        if match.r.r in session.findings:
            raise EngineError(f"{match.r.r}: two findings")
        finding = session.findings[match.r.r] = make_finding(rule, status, trace, session.facts)
        return [{"t": "finding", "r": match.r.r, "status": status, "sev": rule.severity,
                 "footing": finding.footing}]
    decided.__name__ = f"finding_{status}"
    lang.when_all(lang.cap(1000), _phase("B"), c.r << rule_pattern, _no_false_guard(), *conditions)(
        _guarded(decided))


def _out(value: str | None = None):
    pattern = (m.t == "out") & (m.r == c.r.r)
    return pattern if value is None else pattern & (m.v == value)


def _chaining_rules() -> None:
    # A tick (see _settle) must be a fact some rule looks at, or durable drops it unprocessed.
    lang.when_all(c.k << (m.t == "tick"), m.t == "no such fact")(lambda closure: None)
    def is_rule(scope: str = "known"):  # a fresh pattern object each time: `c.x << p` sets an alias on p itself
        return (m.t == "rule") & (m.kind == "rule") & (m.scope == scope)

    # a rule scoped to models/venues the deal does not state may not apply: undecided, whatever
    # its guard and condition concluded (so never a confident fail)
    def scope_unknown(closure, match, session) -> list[dict]:
        rule = session.rules[match.r.r]
        if match.r.r in session.findings:
            raise EngineError(f"{match.r.r}: two findings")
        session.findings[match.r.r] = scope_finding(rule, session.unstated[rule.id])
        return [{"t": "finding", "r": match.r.r, "status": "not_evaluable", "sev": rule.severity}]
    lang.when_all(lang.cap(1000), _phase("B"), c.r << is_rule("unknown"))(_guarded(scope_unknown))

    def not_applicable(closure, match, session) -> None:
        session.not_applicable.append(match.r.r)
    lang.when_all(lang.cap(1000), _phase("B"), c.r << is_rule(),
                  c.g << ((m.t == "guard") & (m.r == c.r.r)))(_guarded(not_applicable))
    _status_rule("fail", is_rule() & (m.sev == "blocking"), c.o << _out("F"))
    _status_rule("warn", is_rule() & (m.sev != "blocking"), c.o << _out("F"))
    _status_rule("pass", is_rule(), c.o << _out("T"))
    _status_rule("not_evaluable", is_rule(), lang.none(_out()))

    def unknown(closure, match, session) -> list[dict]:
        session.outcomes.setdefault(match.r.r, set()).add("U")
        return [{"t": "out", "r": match.r.r, "v": "U", "p": match.r.p}]
    lang.when_all(lang.cap(1000), _phase("B"), c.r << ((m.t == "rule") & (m.kind == "criterion")),
                  lang.none(_out()))(_guarded(unknown))

    # phase C: programme eligibility from its criteria, then the award
    def crit(value: str):
        return (m.t == "out") & (m.p == c.r.r) & (m.v == value)
    for verdict, conditions in (("F", [crit("F")]),
                                ("U", [lang.none(crit("F")), crit("U")]),
                                ("T", [lang.none(crit("F")), lang.none(crit("U"))])):
        def eligibility(closure, match, session, verdict=verdict) -> None:
            _conclude(closure, {"t": "eligibility", "p": match.r.r, "v": verdict})
        eligibility.__name__ = f"eligibility_{verdict}"
        lang.when_all(_phase("C"), c.r << ((m.t == "rule") & (m.kind == "programme")), *conditions)(
            _guarded(eligibility))

    def award(closure, match, session) -> None:
        prog = session.programmes[match.r.p]
        eligible = {"T": True, "F": False, "U": None}[match.r.v]
        key = session.amount_keys.get(prog.id)
        value = session.terms.get(key, UNKNOWN) if key else UNKNOWN
        amount = round(float(value), 2) if eligible and value is not UNKNOWN and value is not None else None
        if prog.id in session.subsidies:
            raise EngineError(f"{prog.id}: two results")
        criteria = [({"T": True, "F": False}.get(_single(session, f"{prog.id}#{i}")), trace)
                    for i, (_, trace) in enumerate(trace_criteria(prog, session.facts))]
        session.subsidies[prog.id] = make_subsidy(prog, eligible, criteria, amount, session.facts)
    lang.when_all(c.r << (m.t == "eligibility"))(_guarded(award))

    # phase C: the verdict from the findings (a failure blocks in law only on a verified legal text)
    def fail():
        return (m.t == "finding") & (m.status == "fail")

    def fail_in_law():
        return (m.t == "finding") & (m.status == "fail") & (m.footing == "law")

    def conditional():
        return (m.t == "finding") & (((m.status == "warn") & (m.sev == "warning"))
                                     | ((m.status == "not_evaluable") & (m.sev != "info")))
    for verdict, conditions in (("blocked", [c.f << fail_in_law()]),
                                ("blocked_unverified", [lang.none(fail_in_law()), c.f << fail()]),
                                ("conditional", [lang.none(fail()), c.f << conditional()]),
                                ("clear", [lang.none(fail()), lang.none(conditional())])):
        def decide(closure, match, session, verdict=verdict) -> None:
            session.verdicts.add(verdict)
        decide.__name__ = f"verdict_{verdict}"
        lang.when_all(lang.cap(1000), c.r << ((m.t == "phase") & (m.n == "C")), *conditions)(_guarded(decide))


def _single(session: _Session, item_id: str) -> str:
    values = session.outcomes.get(item_id, set())
    if len(values) != 1:
        raise EngineError(f"{item_id}: outcomes {sorted(values)}, expected exactly one")
    return next(iter(values))


# ---------------------------------------------------------------- compiling packs


@dataclass
class _Ruleset:
    name: str
    compiler: Compiler
    amount_keys: dict[str, str]


def _compile(packs: list[Pack], name: str) -> _Ruleset:
    compiler = Compiler()
    amount_keys: dict[str, str] = {}
    global _patterns
    _emitted.clear()
    _patterns = itertools.count()
    with lang.ruleset(name):
        for pack in packs:
            for rule in pack.rules:
                if rule.when is not None:
                    guard = compiler.compile(rule.when.tree, rule.when.source, rule.id)
                    _emit(guard.false, rule.id, {"t": "guard", "r": rule.id, "v": "F"}, None)
                cond = compiler.compile(rule.condition.tree, rule.condition.source, rule.id)
                for value, formula in (("T", cond.true), ("F", cond.false)):
                    _emit(formula, rule.id, {"t": "out", "r": rule.id, "v": value}, value)
            for prog in pack.programmes:
                for i, crit in enumerate(prog.criteria):
                    cid = f"{prog.id}#{i}"
                    test = compiler.compile(crit.test.tree, crit.test.source, prog.id)
                    for value, formula in (("T", test.true), ("F", test.false)):
                        _emit(formula, cid, {"t": "out", "r": cid, "v": value, "p": prog.id}, value)
                if prog.amount is not None:
                    amount_keys[prog.id] = compiler.term_value(prog.amount.tree, prog.amount.source,
                                                               prog.id).key
        _chaining_rules()
    buckets = next(_patterns) // BUCKET + 1
    if buckets + BUCKET > 56:
        raise ValueError(f"{name}: {buckets * BUCKET} patterns need {buckets} buckets; durable_rules' "
                         "alpha stack (64) allows about 32 buckets of 24: split the packs")
    compiler.plan.buckets = buckets
    return _Ruleset(name, compiler, amount_keys)


def _ruleset_for(packs: list[Pack]) -> _Ruleset:
    """Register a pack set's durable ruleset once per process (durable cannot unregister)."""
    key = tuple(id(p) for p in packs)
    if key not in _RULESETS:
        ids = [item.id for p in packs for item in p.items]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rule ids repeat across packs: {sorted({i for i in ids if ids.count(i) > 1})}")
        name = f"ipabs_{len(_RULESETS)}_" + "_".join(f"{p.name}_{p.version}" for p in packs)
        name = name.replace(".", "_").replace("-", "_")
        try:
            _RULESETS[key] = _compile(packs, name)
        except BaseException:
            lang._rulesets.pop(name, None)  # noqa: SLF001 - or the next get_host() registers it half-built
            raise
        _RULESETS[key].packs = packs  # holding the packs keeps their ids from being reused
        _host()  # registers the ruleset defined above
    return _RULESETS[key]


def _settle(host, name: str, sid: str, session: _Session) -> None:
    """Let the phase run to the end. durable_rules confirms a match that needs `none(...)` only
    when the session's next fact arrives, so tick facts are asserted until one fires nothing."""
    while True:
        before = session.actions
        session.ticks += 1
        _assert(host, name, {"sid": sid, "t": "tick", "n": session.ticks})
        if session.actions == before or session.errors:
            return


def live_sessions() -> int:
    """Sessions currently open in the engine (0 between checks)."""
    with _LOCK:
        return len(_SESSIONS)


# ---------------------------------------------------------------- the checker


class Checker:
    """Runs deals through the packs (default: the built-in packs, loaded once by `load_packs`)."""

    def __init__(self, packs: Iterable[Pack] | None = None):
        self.packs = list(packs) if packs is not None else load_packs()
        with _LOCK:
            self._ruleset = _ruleset_for(self.packs)

    @classmethod
    def default(cls) -> "Checker":
        """A checker over the built-in packs; cheap, since packs and rulesets are each built once."""
        return cls()

    def pack_names(self) -> list[str]:
        return [p.name for p in self.packs]

    def _select(self, names: Iterable[str] | None) -> list[Pack]:
        if names is None:
            return self.packs
        wanted = list(names)
        unknown = [n for n in wanted if n not in self.pack_names()]
        if unknown:
            raise ValueError(f"unknown pack(s) {unknown}; available: {self.pack_names()}")
        return [p for p in self.packs if p.name in wanted]

    def check(self, deal: Deal, as_of: dt.date | str | None = None,
              packs: Iterable[str] | None = None) -> Report:
        """Check a deal against the packs in force on `as_of` (default: the deal's own date).

        Args:
            deal: a validated deal (`rules.deal_io.load_deal_file` or `parse_deal`).
            as_of: the date the law is applied at (a date or ISO text "YYYY-MM-DD"); None uses the
                deal's as_of, else its issue or establishment date, else today.
            packs: names of the packs to use (e.g. ["cn-ipabs"]); None uses all of the checker's packs.
        Returns:
            the rules.findings.Report: one finding per rule in scope (pass, fail, warn or
            not_evaluable, with its basis and the facts it read), the subsidies, the rules not
            applicable and why, and the verdict (blocked, blocked_unverified, conditional or clear).
        Raises:
            ValueError: an unknown pack name, or `as_of` text that is not an ISO date.
        """
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        day = derived.as_of_date(deal, as_of)
        facts = derived.build_facts(deal, day)
        terms = deal.deal
        model, venue = (terms.model, terms.venue) if terms else (None, None)
        selected = self._select(packs)
        rules = {r.id: r for p in selected for r in p.rules_in_scope(day, model, venue)}
        programmes = {g.id: g for p in selected for g in p.programmes_in_force(day)}
        unstated = {r.id: fields for r in rules.values() if (fields := r.scope_unknown(model, venue))}
        session = self._run(_Session(facts, rules, programmes, self._ruleset.amount_keys, unstated=unstated))
        order = list(programmes)
        return Report(
            deal_id=deal.id, deal_name=deal.name or (terms.name if terms else None), as_of=day,
            packs=[{"name": p.name, "version": p.version} for p in selected],
            findings=sort_findings(list(session.findings.values())),
            subsidies=[session.subsidies[i] for i in order],
            not_applicable=sorted(session.not_applicable),
            verdict=next(iter(session.verdicts)))

    def _run(self, session: _Session) -> _Session:
        """Assert the deal and the rules in scope under a fresh session; run phases A, B, C."""
        rule_facts = [{"t": "rule", "kind": "rule", "r": r.id, "sev": r.severity,
                       "scope": "unknown" if r.id in session.unstated else "known"}
                      for r in session.rules.values()]
        for prog in session.programmes.values():
            rule_facts.append({"t": "rule", "kind": "programme", "r": prog.id})
            rule_facts += [{"t": "rule", "kind": "criterion", "r": f"{prog.id}#{i}", "p": prog.id}
                           for i in range(len(prog.criteria))]
        with _LOCK:
            host = _host()
            sid = f"check-{next(_SID)}"
            name = self._ruleset.name
            data = durable_facts(session.facts, self._ruleset.compiler.plan, sid, session.terms)
            _SESSIONS[sid] = session
            session.sid, session.ruleset = sid, name
            try:
                _assert(host, name, data + [{**f, "sid": sid} for f in rule_facts])
                _settle(host, name, sid, session)
                for phase in ("B", "C"):
                    if not session.errors:
                        _assert(host, name, {"sid": sid, "t": "phase", "n": phase})
                        _settle(host, name, sid, session)
            finally:
                host.delete_state(name, sid)
                del _SESSIONS[sid]
        if session.errors:
            raise session.errors[0]
        decided = set(session.findings) | set(session.not_applicable)
        if len(session.not_applicable) != len(set(session.not_applicable)) or decided != set(session.rules):
            raise EngineError(f"rules without exactly one finding: {sorted(set(session.rules) ^ decided)}")
        if set(session.subsidies) != set(session.programmes):
            raise EngineError(f"programmes without a result: {sorted(set(session.programmes) - set(session.subsidies))}")
        if len(session.verdicts) != 1:
            raise EngineError(f"verdicts {sorted(session.verdicts)}, expected exactly one")
        return session
