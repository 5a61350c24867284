"""Evaluates parsed rule expressions over a deal's facts, with missing data as a value.

Missing data is not an error: reading an absent field gives UNKNOWN and records the field path;
`and`/`or`/`not` use Kleene three-valued logic, so a condition is UNKNOWN only when the missing
fields actually matter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from rules import calendar as cal
from rules.expr import Attr, Binary, Call, Comp, Const, ExprError, Index, ListLit, Name, Unary
from rules.functions import FUNCTIONS


class _Unknown:
    """The value of anything that depends on a missing field."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # guard against accidental truthiness tests
        raise TypeError("UNKNOWN has no truth value; use Kleene logic")


UNKNOWN = _Unknown()

@dataclass
class Trace:
    """What an evaluation read: field values (by path) and the paths that were missing."""
    reads: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def miss(self, path: str) -> None:
        if path not in self.missing:
            self.missing.append(path)


_ABSENT = object()  # a path that does not resolve


class Env:
    """Evaluation state: the facts, the trace being written, and comprehension bindings."""
    __slots__ = ("facts", "trace", "scope", "source")

    def __init__(self, facts: dict, trace: Trace, source: str = ""):
        self.facts, self.trace, self.source = facts, trace, source
        self.scope: dict[str, tuple[Any, str]] = {}


# Expressions are compiled once into nested Python closures (no `eval`): evaluating a rule is
# then a chain of plain function calls, several times faster than walking the tree each time.
_COMPILED: dict[int, tuple[Any, Callable]] = {}


def compile_node(node) -> Callable[[Env], Any]:
    """The closure for a parse tree, built once per tree (trees are cached by `parse`)."""
    hit = _COMPILED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    fn = _compile(node)
    _COMPILED[id(node)] = (node, fn)  # keeping the node alive keeps its id unique
    return fn


def _as_bool(value, env: Env, pos: int | None = None) -> bool:
    if value is True or value is False:
        return value
    raise ExprError(f"expected true/false, got {value!r}", env.source, pos)


def _compile_ref(node) -> Callable[[Env], tuple[Any, str]]:
    """A reference compiles to fn(env) -> (value or _ABSENT, field path)."""
    names: list[str] = []
    root = node
    while isinstance(root, Attr):
        names.append(root.name)
        root = root.obj
    if isinstance(root, Name):  # the common case: var.a.b or deal.a.b, path suffix precomputed
        key, chain = root.id, tuple(reversed(names))
        suffix = "".join("." + n for n in chain)

        def ref(env: Env):
            bound = env.scope.get(key)
            value, path = bound if bound is not None else (env.facts.get(key, _ABSENT), key)
            for name in chain:
                value = value.get(name, _ABSENT) if isinstance(value, dict) else _ABSENT
            return (_ABSENT if value is None else value), path + suffix
        return ref
    if isinstance(node, Attr):
        base = _compile_ref(node.obj)

        def attr(env: Env):
            value, path = base(env)
            value = value.get(node.name, _ABSENT) if isinstance(value, dict) else _ABSENT
            return (_ABSENT if value is None else value), f"{path}.{node.name}"
        return attr
    if isinstance(node, Index):
        base, index = _compile_ref(node.obj), _compile(node.index)

        def item(env: Env):
            value, path = base(env)
            i = index(env)
            ok = isinstance(value, list) and isinstance(i, int) and 0 <= i < len(value)
            value = value[i] if ok else _ABSENT
            return (_ABSENT if value is None else value), f"{path}[{i}]"
        return item
    raise ExprError("not a field reference")


def _compile(node) -> Callable[[Env], Any]:
    kind = type(node)
    if kind is Const:
        value = node.value
        return lambda env: value
    if kind in (Name, Attr, Index):
        ref = _compile_ref(node)

        def read(env: Env):
            value, path = ref(env)
            if value is _ABSENT:
                env.trace.miss(path)
                return UNKNOWN
            if not isinstance(value, (dict, list)):
                env.trace.reads[path] = value
            return value
        return read
    if kind is ListLit:
        items = [_compile(i) for i in node.items]
        return lambda env: [f(env) for f in items]
    if kind is Unary:
        operand = _compile(node.operand)
        if node.op == "not":
            return lambda env: UNKNOWN if (v := operand(env)) is UNKNOWN else not _as_bool(v, env)
        return lambda env: UNKNOWN if (v := operand(env)) is UNKNOWN else _negate(v, env)
    if kind is Binary:
        return _compile_binary(node)
    if kind is Call:
        return _compile_call(node)
    if kind is Comp:
        return _compile_comp(node)
    raise ExprError(f"cannot evaluate {node!r}")


def _compile_binary(node: Binary) -> Callable[[Env], Any]:
    left, right, op, pos = _compile(node.left), _compile(node.right), node.op, node.pos
    if op in ("and", "or"):  # Kleene: a decisive side wins even if the other is unknown
        decisive = op == "or"

        def logic(env: Env):
            a = left(env)
            if a is not UNKNOWN and _as_bool(a, env, pos) == decisive:
                return decisive
            b = right(env)
            if b is not UNKNOWN and _as_bool(b, env, pos) == decisive:
                return decisive
            return UNKNOWN if (a is UNKNOWN or b is UNKNOWN) else not decisive
        return logic
    if op == "in":
        def contains(env: Env):
            a, b = left(env), right(env)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            if not isinstance(b, (list, str)):
                raise ExprError(f"'in' needs a list on the right, got {b!r}", env.source, pos)
            if isinstance(b, str) and not isinstance(a, str):   # found by fuzzing: "{deal in name}"
                raise ExprError(f"'in' a text needs a text on the left, got {a!r}", env.source, pos)
            return a in b
        return contains
    fn = _OPS[op]

    def arith(env: Env):
        a, b = left(env), right(env)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        try:
            return fn(a, b)
        except TypeError:
            raise ExprError(f"cannot apply {op!r} to {a!r} and {b!r}", env.source, pos) from None
        except ZeroDivisionError:
            raise ExprError("division by zero", env.source, pos) from None
        except OverflowError:  # a date pushed past the year 9999, a float too large
            raise ExprError(f"{op!r} of {a!r} and {b!r} is out of range", env.source, pos) from None
    return arith


def _compile_call(node: Call) -> Callable[[Env], Any]:
    name, pos = node.fn, node.pos
    is_ref = [isinstance(a, (Name, Attr, Index)) for a in node.args]
    if name == "present":
        if is_ref[0]:
            ref = _compile_ref(node.args[0])
            return lambda env: ref(env)[0] is not _ABSENT
        arg = _compile(node.args[0])
        return lambda env: arg(env) not in (None, UNKNOWN)
    if name == "coalesce":
        first = _compile_ref(node.args[0]) if is_ref[0] else None
        first_value = _compile(node.args[0])
        fallback = _compile(node.args[1])

        def coalesce(env: Env):
            value = first(env)[0] if first else first_value(env)
            if value is _ABSENT or value is None or value is UNKNOWN:
                return fallback(env)
            if first and not isinstance(value, (dict, list)):
                env.trace.reads[first(env)[1]] = value
            return value
        return coalesce
    if name == "choose":
        cond, yes, no = (_compile(a) for a in node.args)

        def choose(env: Env):
            c = cond(env)
            if c is UNKNOWN:
                return UNKNOWN
            return yes(env) if _as_bool(c, env, pos) else no(env)
        return choose
    args = [_compile(a) for a in node.args]
    impl = FUNCTIONS[name][0]

    def call(env: Env):
        values = [a(env) for a in args]
        if any(v is UNKNOWN for v in values):
            return UNKNOWN
        if name in ("min", "max") and len(values) == 1 and not isinstance(values[0], list):
            raise ExprError(f"{name}() of one value needs a list", env.source, pos)
        try:
            return impl(*values)
        except cal.CalendarGap as gap:
            env.trace.miss(str(gap))
            return UNKNOWN
        except (TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise ExprError(f"{name}(): {exc}", env.source, pos) from None
    return call


def _compile_comp(node: Comp) -> Callable[[Env], Any]:
    items_ref = _compile_ref(node.iterable)
    body = _compile(node.body)
    extra = _compile(node.extra) if node.extra is not None else None
    var, fn, pos = node.var, node.fn, node.pos

    def comp(env: Env):
        items, path = items_ref(env)
        if items is _ABSENT:
            env.trace.miss(path)
            return UNKNOWN
        if not isinstance(items, list):
            raise ExprError(f"{fn}() needs a list, {path} is {type(items).__name__}", env.source, pos)
        saved = env.scope.get(var)
        values, extras = [], []
        try:
            for i, item in enumerate(items):
                env.scope[var] = (item, f"{path}[{i}]")
                values.append(body(env))
                if extra is not None:
                    extras.append(extra(env))
        finally:
            if saved is None:
                env.scope.pop(var, None)
            else:
                env.scope[var] = saved
        unknown = any(v is UNKNOWN for v in values)
        if fn == "all":
            if any(v is not UNKNOWN and not _as_bool(v, env, pos) for v in values):
                return False
            return UNKNOWN if unknown else True
        if fn == "any":
            if any(v is not UNKNOWN and _as_bool(v, env, pos) for v in values):
                return True
            return UNKNOWN if unknown else False
        if fn == "pick":  # labels of the items whose predicate is true (for explanations)
            return [e for v, e in zip(values, extras) if v is True]
        if unknown:
            return UNKNOWN
        if fn == "map":
            return values
        if fn == "count":
            return sum(1 for v in values if _as_bool(v, env, pos))
        if fn != "sum" and not values:  # min/max of nothing: there is no value to compare against
            env.trace.miss(f"{path} (empty)")
            return UNKNOWN
        try:
            return sum(values) if fn == "sum" else min(values) if fn == "min" else max(values)
        except TypeError as exc:  # items that do not add up or compare (dicts, mixed types)
            raise ExprError(f"{fn}() over {path}: {exc}", env.source, pos) from None
    return comp


def _negate(value, env: Env):
    try:
        return -value
    except TypeError:
        raise ExprError(f"cannot negate {value!r}", env.source) from None


def _sub(a, b):
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return (a - b).days  # date - date = days
    if isinstance(a, dt.date):
        return a - dt.timedelta(days=b)
    return a - b


def _add(a, b):
    if isinstance(a, dt.date) and isinstance(b, (int, float)):
        return a + dt.timedelta(days=b)
    return a + b


_OPS: dict[str, Callable] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "+": _add, "-": _sub, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
}


def evaluate(node, facts: dict, trace: Trace | None = None, source: str = ""):
    """Evaluate a parsed expression; returns a value or UNKNOWN (see `trace.missing`)."""
    return compile_node(node)(Env(facts, trace if trace is not None else Trace(), source))
