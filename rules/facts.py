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
import math
from typing import Any

from rules.deal import DealError
from rules.evaluate import UNKNOWN, Env, Trace, compile_node
from rules.expr import ExprError
from rules.patterns import ITEM, Plan, Term, key_of, len_key


# durable_rules crashes (segfault) on integers beyond int64 and misreads floats Python writes
# with an exponent (1e+16 and up); no amount in yuan, count or share comes near 10^15.
LIMIT = 10**15


def _too_large(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= LIMIT


def scalar(value: Any) -> Any:
    """A value as durable stores it: dates as day numbers, lists item by item, and a float
    Python would write as `1e-05` moved one unit in the last place towards zero (durable reads
    an exponent only after a decimal point: `9.999999999999999e-06`)."""
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, float) and "e" in (text := repr(value)) and "." not in text:
        return math.nextafter(value, 0.0)
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
    if _too_large(value) or (isinstance(value, list) and any(_too_large(v) for v in value)):
        raise DealError([f"{prefix}: {value!r} is too large to check (the checker compares numbers "
                         f"below 10^15)"])
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
    if value is UNKNOWN or value is None or _too_large(value):  # too large: left unknown
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


def durable_facts(facts: dict, plan: Plan, sid: str, values: dict | None = None) -> list[dict]:
    """The deal fact and item facts for one check, with the plan's terms computed (deal-level
    term values are also written to `values`, by key)."""
    deal: dict = {"sid": sid, "t": "deal"}
    lists: dict[str, list] = {}
    _flatten(facts, "", deal, lists)
    for term in plan.terms.values():
        if term.coll is None:
            value = _evaluate(term, facts)
            _put(deal, term.key, value)
            if values is not None:
                values[term.key] = value
    flags = {f"b{i}": True for i in range(plan.buckets)}
    out = [{**{k: v for k, v in deal.items() if k in plan.keys or k in ("sid", "t")}, **flags}]
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
            out.append({**{k: v for k, v in fact.items() if k in plan.keys or k in ("sid", "t", "coll", "i")},
                        **flags})
    return out
