"""Turns a deal's facts into durable_rules facts: one deal fact plus one fact per list item.

The deal fact holds every scalar of the deal (and `derived`, `as_of`) under flattened keys
(`deal.issue_size` -> `deal__issue_size`); each item of a list the rules quantify over
(tranches, claims, IP rights, obligors, loans, ...) becomes its own fact with `coll` (the list),
`i` (its position) and its fields under `v__...`, so rules join items to the deal. Dates are
day numbers (ordinals) so the engine can compare them; a missing value is an absent field; every
list field also carries its length. Terms (values only Python can compute) are evaluated here,
before assertion, with the same closures the Python evaluator uses.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from rules.evaluate import UNKNOWN, Env, Trace, compile_node
from rules.expr import ExprError
from rules.patterns import ITEM, Plan, Term, key_of, len_key


def scalar(value: Any) -> Any:
    """A value as durable stores it: dates as day numbers, lists item by item."""
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, (list, tuple)):
        return [scalar(v) for v in value]
    return value


def _flatten(value: Any, prefix: str, out: dict, lists: dict | None = None) -> None:
    if value is None:
        return
    if isinstance(value, dict):
        if prefix:
            out[key_of(prefix)] = True  # the record is present (`present(eu)`), whatever it holds
        for name, inner in value.items():
            _flatten(inner, f"{prefix}.{name}" if prefix else str(name), out, lists)
        return
    key = key_of(prefix)
    if isinstance(value, list):
        out[len_key(key)] = len(value)
        if any(isinstance(v, (dict, list)) for v in value):
            if lists is not None:
                lists[key] = value
            out[key] = True  # present; its items are facts of their own
            return
        value = [v for v in value if v is not None]
    out[key] = scalar(value)


def _put(fact: dict, key: str, value: Any) -> None:
    if value is UNKNOWN or value is None:
        return
    if isinstance(value, list):
        fact[len_key(key)] = len(value)
        if any(isinstance(v, (dict, list)) for v in value):
            return
    fact[key] = scalar(value)


def _evaluate(term: Term, facts: dict, scope: dict | None = None) -> Any:
    env = Env(facts, Trace(), term.source)
    if scope:
        env.scope.update(scope)
    try:
        return compile_node(term.node)(env)
    except ExprError:  # the Python evaluator reports it if (and only if) its evaluation gets there
        return UNKNOWN


def durable_facts(facts: dict, plan: Plan, sid: str) -> list[dict]:
    """The deal fact and item facts for one check, with the plan's terms computed."""
    deal: dict = {"sid": sid, "t": "deal"}
    lists: dict[str, list] = {}
    _flatten(facts, "", deal, lists)
    for term in plan.terms.values():
        if term.coll is None:
            _put(deal, term.key, _evaluate(term, facts))
    out = [deal]
    for coll, path in plan.collections.items():
        items = lists.get(coll)
        if items is None:
            continue
        outer = {k: deal[k] for key in plan.outer.get(coll, ()) for k in (key, len_key(key)) if k in deal}
        item_terms = [t for t in plan.terms.values() if t.coll == coll]
        for i, item in enumerate(items):
            fact = {"sid": sid, "t": "item", "coll": coll, "i": i, **outer}
            if isinstance(item, dict):
                _flatten(item, ITEM, fact)
            else:
                _put(fact, ITEM, item)
            for term in item_terms:
                _put(fact, term.key, _evaluate(term, facts, {term.var: (item, f"{path}[{i}]")}))
            out.append(fact)
    return out
