"""Compiles rule expressions into durable_rules patterns over deal and item facts (Kleene logic).

A boolean expression becomes two patterns, one that matches when it is true and one when it is
false; when neither matches, a field it needs is missing (three-valued logic, as in
`rules.evaluate`). Field references become fact fields (`deal.issue_size` -> `deal__issue_size`
on the deal fact, `ip.expiry_date` -> `v__expiry_date` on each item fact of `pool.ip`);
`all`/`any` over a list become a join of the deal fact with its item facts (`none(...)` for "no
item fails"). Values the pattern language cannot compute (arithmetic, function calls such as
`wd()` or `add_months()`, counts and sums) are *terms*: computed in Python before assertion and
asserted as fields of the fact they belong to, so the engine still does every comparison, every
`and`/`or`/`not` and every quantifier.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from durable import lang

from rules.expr import Attr, Binary, Call, Comp, Const, Index, ListLit, Name, Unary

ITEM = "v"            # item facts keep their own fields under v__...
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DURABLE_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
                ">": operator.gt, ">=": operator.ge}


def key_of(path: str) -> str:
    """The fact field for a dotted path: `deal.custodian.type` -> `deal__custodian__type`."""
    return path.replace(".", "__")


def len_key(key: str) -> str:
    """Every list field also carries its length (durable has no 'list is empty' test)."""
    return f"len__{key}"


# ---------------------------------------------------------------- single-fact patterns


@dataclass(frozen=True)
class Atom:
    """One test on one fact: ex/nex (field present/absent), cmp (field op constant), cmpk
    (field op field of the same fact), has (list contains constant), lacks (list present and
    does not contain constant)."""
    kind: str
    key: str
    op: str = ""
    arg: Any = None


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class Some:
    parts: tuple


TRUE, FALSE = All(()), Some(())


def conj(*ps):
    parts = []
    for p in ps:
        if p == FALSE:
            return FALSE
        parts.extend(p.parts if isinstance(p, All) else [p])
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def disj(*ps):
    parts = []
    for p in ps:
        if p == TRUE:
            return TRUE
        parts.extend(p.parts if isinstance(p, Some) else [p])
    return parts[0] if len(parts) == 1 else Some(tuple(parts))


def present(key: str) -> Atom:
    return Atom("ex", key)


def complement(p):
    """The pattern matching exactly when `p` does not (absent fields included)."""
    if isinstance(p, All):
        return disj(*(complement(q) for q in p.parts))
    if isinstance(p, Some):
        return conj(*(complement(q) for q in p.parts))
    if p.kind == "ex":
        return Atom("nex", p.key)
    if p.kind == "nex":
        return present(p.key)
    if p.kind == "cmp":
        return disj(Atom("nex", p.key), Atom("cmp", p.key, _NEGATE[p.op], p.arg))
    if p.kind == "cmpk":
        return disj(Atom("nex", p.key), Atom("nex", p.arg), Atom("cmpk", p.key, _NEGATE[p.op], p.arg))
    if p.kind == "has":
        return disj(Atom("nex", p.key), Atom("lacks", p.key, arg=p.arg))
    if p.kind == "lacks":
        return disj(Atom("nex", p.key), Atom("has", p.key, arg=p.arg))
    raise ValueError(p)


def realize(p, m=lang.m):
    """The durable_rules pattern object for `p` (never called with FALSE)."""
    if isinstance(p, (All, Some)):
        parts = [realize(q, m) for q in p.parts]
        return reduce(operator.and_ if isinstance(p, All) else operator.or_, parts)
    fact = getattr(m, p.key)
    if p.kind == "ex":
        return +fact
    if p.kind == "nex":
        return -fact
    if p.kind == "cmp":
        return _DURABLE_OPS[p.op](fact, p.arg)
    if p.kind == "cmpk":
        return _DURABLE_OPS[p.op](fact, getattr(m, p.arg))
    if p.kind == "has":
        return fact.anyItem(lang.item == p.arg)
    if p.kind == "lacks":  # allItems never matches an empty list, so the length says "empty"
        return (getattr(m, len_key(p.key)) == 0) | fact.allItems(lang.item != p.arg)
    raise ValueError(p)


def with_base(base, p):
    """`base & p` as a durable pattern (p may be TRUE)."""
    return base if p == TRUE else base & realize(p)


# ---------------------------------------------------------------- formulas over several facts


@dataclass(frozen=True)
class Element:
    """A pattern on the item facts of one list: `some` item matches, or `none` does."""
    kind: str          # some | none
    coll: str          # collection key, e.g. pool__ip
    pattern: Any


@dataclass(frozen=True)
class Chained:
    """A quantifier decided by rules of its own, which conclude a `q` fact this one matches.

    Used when one alternative needs two `some` items of the same list: durable_rules binds each
    fact to at most one pattern of a rule, so "some claim is X and some claim is Y" could not
    match a single claim that is both."""
    conj: "Conj"       # the quantifier's own alternative (deal pattern and its one element)


@dataclass(frozen=True)
class Conj:
    """A deal-fact pattern plus item elements (or chained quantifiers), all of which must hold:
    one durable rule."""
    deal: Any
    elements: tuple = ()


def _dnf(f) -> list[Conj]:
    if isinstance(f, list):
        return f
    return [] if f == FALSE else [Conj(f)]


def _join(x: Conj, y: Conj) -> Conj:
    elements, seen = list(x.elements), {e.coll for e in x.elements if isinstance(e, Element) and e.kind == "some"}
    for e in y.elements:
        if isinstance(e, Element) and e.kind == "some" and e.coll in seen:
            e = Chained(Conj(TRUE, (e,)))
        elif isinstance(e, Element) and e.kind == "some":
            seen.add(e.coll)
        if e not in elements:
            elements.append(e)
    return Conj(conj(x.deal, y.deal), tuple(elements))


def f_and(a, b):
    if not isinstance(a, list) and not isinstance(b, list):
        return conj(a, b)
    return [_join(x, y) for x in _dnf(a) for y in _dnf(b) if conj(x.deal, y.deal) != FALSE]


def f_or(a, b):
    if not isinstance(a, list) and not isinstance(b, list):
        return disj(a, b)
    return _dnf(a) + _dnf(b)


# ---------------------------------------------------------------- terms


@dataclass(frozen=True)
class Term:
    """A value computed in Python before assertion and asserted as fact field `key`."""
    key: str
    node: Any
    source: str
    coll: str | None = None    # None: on the deal fact; else on each item fact of coll
    var: str | None = None


@dataclass
class Plan:
    """What a compiled pack needs asserted: terms, item collections and outer copies."""
    terms: dict[Any, Term] = field(default_factory=dict)          # (node, scope) -> Term
    collections: dict[str, str] = field(default_factory=dict)     # coll key -> dotted path
    outer: dict[str, set[str]] = field(default_factory=dict)      # coll key -> deal keys copied in
    python_conditions: dict[str, list[str]] = field(default_factory=dict)  # item id -> sources
    keys: set[str] = field(default_factory=set)   # every fact field a pattern reads (the rest is not asserted)
    buckets: int = 0                              # bucket flags b0..b{n-1} every fact carries (rules.engine)


@dataclass(frozen=True)
class Compiled:
    """True and false formulas of one expression."""
    true: Any
    false: Any


def _free_names(node, bound=frozenset()) -> set[str]:
    if isinstance(node, Name):
        return set() if node.id in bound else {node.id}
    if isinstance(node, Comp):
        return _free_names(node.iterable, bound) | _free_names(node.body, bound | {node.var}) | (
            _free_names(node.extra, bound | {node.var}) if node.extra is not None else set())
    out: set[str] = set()
    for child in _children(node):
        out |= _free_names(child, bound)
    return out


def _children(node):
    if isinstance(node, Attr):
        return [node.obj]
    if isinstance(node, Index):
        return [node.obj, node.index]
    if isinstance(node, Unary):
        return [node.operand]
    if isinstance(node, Binary):
        return [node.left, node.right]
    if isinstance(node, Call):
        return list(node.args)
    if isinstance(node, ListLit):
        return list(node.items)
    return []


def _dotted(node) -> list[str] | None:
    """`a.b.c` as ['a', 'b', 'c']; None for anything that is not a plain attribute chain."""
    names = []
    while isinstance(node, Attr):
        names.append(node.name)
        node = node.obj
    if not isinstance(node, Name):
        return None
    return [node.id, *reversed(names)]


class Compiler:
    """Compiles the expressions of one pack set; collects the terms and collections they need."""

    def __init__(self):
        self.plan = Plan()
        self._where = ""
        self._source = ""

    def compile(self, node, source: str, where: str) -> Compiled:
        self._where, self._source = where, source
        t, f = self._bool(node, None)
        return Compiled(t, f)

    def term_value(self, node, source: str, where: str) -> Term:
        """A deal-level value (a subsidy amount) computed in Python and asserted as a fact."""
        self._where, self._source = where, source
        return self._term(node, None, boolean=False)

    # -- scopes: None is the deal fact; (var, coll) an item fact of collection coll

    def _key(self, node, scope) -> str | None:
        path = _dotted(node)
        if path is None:
            return None
        if scope is not None and path[0] == scope[0]:
            key = key_of(".".join([ITEM, *path[1:]]))
            self.plan.keys.update((key, len_key(key)))
            return key
        key = key_of(".".join(path))
        self.plan.keys.update((key, len_key(key)))
        if scope is not None:
            self.plan.outer.setdefault(scope[1], set()).add(key)
        return key

    def _term(self, node, scope, boolean: bool) -> Term:
        if boolean:
            self.plan.python_conditions.setdefault(self._where, []).append(self._source)
        inner = scope is not None and scope[0] in _free_names(node)
        own = scope if inner else None
        ident = (node, own)
        if ident not in self.plan.terms:
            self.plan.terms[ident] = Term(f"x{len(self.plan.terms)}", node, self._source,
                                          own[1] if own else None, own[0] if own else None)
        term = self.plan.terms[ident]
        self.plan.keys.update((term.key, len_key(term.key)))
        if scope is not None and not inner:
            self.plan.outer.setdefault(scope[1], set()).add(term.key)
        return term

    def _value(self, node, scope) -> tuple[str, Any]:
        """('const', value) or ('key', fact field) for an operand of a comparison."""
        if isinstance(node, Const):
            return "const", node.value
        key = self._key(node, scope)
        if key is not None:
            return "key", key
        return "key", self._term(node, scope, boolean=False).key

    def _bool(self, node, scope):
        if isinstance(node, Const) and isinstance(node.value, bool):
            return (TRUE, FALSE) if node.value else (FALSE, TRUE)
        if isinstance(node, Unary) and node.op == "not":
            t, f = self._bool(node.operand, scope)
            return f, t
        if isinstance(node, Binary) and node.op in ("and", "or"):
            (at, af), (bt, bf) = self._bool(node.left, scope), self._bool(node.right, scope)
            if node.op == "and":
                return f_and(at, bt), f_or(af, bf)
            return f_or(at, bt), f_and(af, bf)
        if isinstance(node, Binary) and node.op in _NEGATE:
            return self._compare(node, scope)
        if isinstance(node, Binary) and node.op == "in":
            return self._contains(node, scope)
        if isinstance(node, Call) and node.fn == "present":
            key = self._key(node.args[0], scope)
            if key is not None:
                return present(key), Atom("nex", key)
        if isinstance(node, Call) and node.fn == "coalesce" and isinstance(node.args[1], Const) \
                and isinstance(node.args[1].value, bool):  # coalesce(flag, false): absent counts as the default
            key = self._key(node.args[0], scope)
            if key is not None:
                yes, no, absent = Atom("cmp", key, "==", True), Atom("cmp", key, "==", False), Atom("nex", key)
                return (disj(yes, absent), no) if node.args[1].value else (yes, disj(no, absent))
        if isinstance(node, Comp) and node.fn in ("all", "any") and scope is None:
            compiled = self._quantifier(node)
            if compiled is not None:
                return compiled
        key = self._key(node, scope)
        if key is None:
            key = self._term(node, scope, boolean=True).key
        return Atom("cmp", key, "==", True), Atom("cmp", key, "==", False)

    def _compare(self, node: Binary, scope):
        (lk, lv), (rk, rv) = self._value(node.left, scope), self._value(node.right, scope)
        op = node.op
        if None in (lv, rv) or (lk == rk == "const"):  # null or constants: a Python condition
            key = self._term(node, scope, boolean=True).key
            return Atom("cmp", key, "==", True), Atom("cmp", key, "==", False)
        if lk == "const":
            (lk, lv), (rk, rv), op = (rk, rv), (lk, lv), _FLIP[op]
        if rk == "const":
            both = present(lv)
            return conj(both, Atom("cmp", lv, op, rv)), conj(both, Atom("cmp", lv, _NEGATE[op], rv))
        both = conj(present(lv), present(rv))
        return conj(both, Atom("cmpk", lv, op, rv)), conj(both, Atom("cmpk", lv, _NEGATE[op], rv))

    def _contains(self, node: Binary, scope):
        left, right = node.left, node.right
        if isinstance(right, ListLit) and all(isinstance(i, Const) and i.value is not None
                                              for i in right.items) and not isinstance(left, Const):
            kind, key = self._value(left, scope)
            values = [i.value for i in right.items]
            true = disj(*(Atom("cmp", key, "==", v) for v in values)) if values else FALSE
            false = conj(present(key), *(Atom("cmp", key, "!=", v) for v in values))
            return conj(present(key), true), false
        if isinstance(left, Const) and left.value is not None and _dotted(right) is not None:
            key = self._key(right, scope)
            return Atom("has", key, arg=left.value), Atom("lacks", key, arg=left.value)
        key = self._term(node, scope, boolean=True).key
        return Atom("cmp", key, "==", True), Atom("cmp", key, "==", False)

    def _quantifier(self, node: Comp):
        path = _dotted(node.iterable)
        if path is None:
            return None
        coll = key_of(".".join(path))
        self.plan.collections[coll] = ".".join(path)
        bt, bf = self._bool(node.body, (node.var, coll))
        if isinstance(bt, list) or isinstance(bf, list):
            raise AssertionError("item scopes compile to single-fact patterns")
        listed = present(len_key(coll))
        self.plan.keys.add(len_key(coll))
        if node.fn == "all":
            true = [Conj(listed, (Element("none", coll, complement(bt)),))]
            false = [Conj(listed, (Element("some", coll, bf),))] if bf != FALSE else FALSE
        else:
            true = [Conj(listed, (Element("some", coll, bt),))] if bt != FALSE else FALSE
            false = [Conj(listed, (Element("none", coll, complement(bf)),))]
        return true, false
