"""A tiny, safe expression language for rule conditions: parser, static checker and evaluator.

Grammar (lowest to highest precedence)::

    expr     := or
    or       := and ('or' and)*
    and      := not ('and' not)*
    not      := 'not' not | compare
    compare  := sum (('=='|'!='|'<'|'<='|'>'|'>='|'in'|'not' 'in') sum)?
    sum      := product (('+'|'-') product)*
    product  := unary (('*'|'/') unary)*
    unary    := '-' unary | postfix
    postfix  := atom ('.' NAME | '[' expr ']')*
    atom     := NUMBER | STRING | true | false | null | NAME | NAME '(' args ')'
              | '(' expr ')' | '[' items ']'
    args     := expr (',' expr)*  |  NAME 'in' expr ':' expr (',' expr)?   # comprehension

Missing data is a value, not an error: reading an absent field gives UNKNOWN and records the
field path; `and`/`or`/`not` use Kleene three-valued logic, so a condition is UNKNOWN only
when the missing fields actually matter. No Python `eval` anywhere.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from rules import calendar as cal


class ExprError(Exception):
    """A syntax or type error in a rule expression, with the position it occurred at."""

    def __init__(self, message: str, source: str = "", pos: int | None = None):
        self.message, self.source, self.pos = message, source, pos
        where = f"\n  {source}\n  {' ' * pos}^" if source and pos is not None else ""
        super().__init__(f"{message}{where}")


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

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[<>+\-*/()\[\],:.])
""", re.VERBOSE)

_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}


@dataclass(frozen=True)
class Token:
    kind: str  # num | str | name | kw | op | end
    text: str
    pos: int


def tokenize(source: str) -> list[Token]:
    tokens, pos = [], 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match:
            raise ExprError(f"unexpected character {source[pos]!r}", source, pos)
        kind = match.lastgroup
        text = match.group()
        if kind != "ws":
            if kind == "name" and text in _KEYWORDS:
                kind = "kw"
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# ---------------------------------------------------------------- AST

@dataclass(frozen=True)
class Const:
    value: Any


@dataclass(frozen=True)
class Name:
    id: str
    pos: int = 0


@dataclass(frozen=True)
class Attr:
    obj: Any
    name: str
    pos: int = 0


@dataclass(frozen=True)
class Index:
    obj: Any
    index: Any


@dataclass(frozen=True)
class ListLit:
    items: tuple


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Any


@dataclass(frozen=True)
class Binary:
    op: str
    left: Any
    right: Any
    pos: int = 0


@dataclass(frozen=True)
class Call:
    fn: str
    args: tuple
    pos: int = 0


@dataclass(frozen=True)
class Comp:
    """`fn(var in iterable : body[, extra])`, e.g. all(ip in pool.ip : ip.annual_fee_paid)."""
    fn: str
    var: str
    iterable: Any
    body: Any
    extra: Any = None
    pos: int = 0


# ---------------------------------------------------------------- parser

_COMPARE = {"==", "!=", "<", "<=", ">", ">="}


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, message: str, tok: Token | None = None) -> ExprError:
        return ExprError(message, self.source, (tok or self.tok).pos)

    def accept(self, text: str) -> Token | None:
        if self.tok.text == text and self.tok.kind in ("op", "kw"):
            tok = self.tok
            self.i += 1
            return tok
        return None

    def expect(self, text: str) -> Token:
        tok = self.accept(text)
        if tok is None:
            found = self.tok.text or "end of expression"
            raise self.error(f"expected {text!r}, found {found!r}")
        return tok

    def parse(self):
        node = self.or_()
        if self.tok.kind != "end":
            raise self.error(f"unexpected {self.tok.text!r}")
        return node

    def or_(self):
        node = self.and_()
        while tok := self.accept("or"):
            node = Binary("or", node, self.and_(), tok.pos)
        return node

    def and_(self):
        node = self.not_()
        while tok := self.accept("and"):
            node = Binary("and", node, self.not_(), tok.pos)
        return node

    def not_(self):
        if self.accept("not"):
            return Unary("not", self.not_())
        return self.compare()

    def compare(self):
        node = self.sum_()
        tok = self.tok
        if tok.kind == "op" and tok.text in _COMPARE:
            self.i += 1
            return Binary(tok.text, node, self.sum_(), tok.pos)
        if self.accept("in"):
            return Binary("in", node, self.sum_(), tok.pos)
        if tok.text == "not" and self.tokens[self.i + 1].text == "in":
            self.i += 2
            return Unary("not", Binary("in", node, self.sum_(), tok.pos))
        return node

    def sum_(self):
        node = self.product()
        while self.tok.text in ("+", "-") and self.tok.kind == "op":
            tok = self.tok
            self.i += 1
            node = Binary(tok.text, node, self.product(), tok.pos)
        return node

    def product(self):
        node = self.unary()
        while self.tok.text in ("*", "/") and self.tok.kind == "op":
            tok = self.tok
            self.i += 1
            node = Binary(tok.text, node, self.unary(), tok.pos)
        return node

    def unary(self):
        if self.accept("-"):
            return Unary("-", self.unary())
        return self.postfix()

    def postfix(self):
        node = self.atom()
        while True:
            if tok := self.accept("."):
                if self.tok.kind != "name":
                    raise self.error("expected a field name after '.'")
                node = Attr(node, self.tok.text, tok.pos)
                self.i += 1
            elif self.accept("["):
                node = Index(node, self.or_())
                self.expect("]")
            else:
                return node

    def atom(self):
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            return Const(float(tok.text) if any(c in tok.text for c in ".eE") else int(tok.text))
        if tok.kind == "str":
            self.i += 1
            return Const(tok.text[1:-1])
        if tok.kind == "kw" and tok.text in ("true", "false", "null"):
            self.i += 1
            return Const({"true": True, "false": False, "null": None}[tok.text])
        if tok.kind == "name":
            self.i += 1
            if self.accept("("):
                return self.call(tok)
            return Name(tok.text, tok.pos)
        if self.accept("("):
            node = self.or_()
            self.expect(")")
            return node
        if self.accept("["):
            items = []
            if not self.accept("]"):
                items.append(self.or_())
                while self.accept(","):
                    items.append(self.or_())
                self.expect("]")
            return ListLit(tuple(items))
        raise self.error(f"unexpected {tok.text or 'end of expression'!r}")

    def call(self, name: Token):
        if self.accept(")"):
            return self._check_call(Call(name.text, (), name.pos), name)
        first = self.or_()
        if isinstance(first, Binary) and first.op == "in" and isinstance(first.left, Name) \
                and self.accept(":"):
            body = self.or_()
            extra = self.or_() if self.accept(",") else None
            self.expect(")")
            if name.text not in COMPREHENSIONS:
                raise self.error(f"{name.text}() does not take 'x in list : ...'", name)
            return Comp(name.text, first.left.id, first.right, body, extra, name.pos)
        args = [first]
        while self.accept(","):
            args.append(self.or_())
        self.expect(")")
        return self._check_call(Call(name.text, tuple(args), name.pos), name)

    def _check_call(self, call: Call, tok: Token) -> Call:
        if call.fn not in FUNCTIONS:
            raise self.error(f"unknown function {call.fn}()", tok)
        lo, hi = FUNCTIONS[call.fn][1]
        if not lo <= len(call.args) <= hi:
            raise self.error(f"{call.fn}() takes {lo}..{hi} arguments, got {len(call.args)}", tok)
        return call


@lru_cache(maxsize=4096)
def parse(source: str):
    """Parse an expression into an AST (cached by source text); raises ExprError on bad syntax."""
    if not isinstance(source, str) or not source.strip():
        raise ExprError("empty expression")
    return _Parser(source).parse()


# ---------------------------------------------------------------- functions

def _is_unknown(*values) -> bool:
    return any(v is UNKNOWN for v in values)


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ExprError(f"date() needs 'YYYY-MM-DD', got {text!r}") from None


def _add_years(day: dt.date, years) -> dt.date:
    try:
        return day.replace(year=day.year + int(years))
    except ValueError:  # 29 Feb into a non-leap year
        return day.replace(year=day.year + int(years), day=28)


def _add_months(day: dt.date, months) -> dt.date:
    total = day.month - 1 + int(months)
    year, month = day.year + total // 12, total % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


_RATINGS = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB",
            "BB-", "B+", "B", "B-", "CCC", "CC", "C", "D"]


def rating_rank(rating: str) -> int:
    """Higher is better: AAA=20 ... D=1; an unrated or unknown grade is 0."""
    text = str(rating).strip().upper().removesuffix("SF").removesuffix("(SF)")
    return len(_RATINGS) - _RATINGS.index(text) if text in _RATINGS else 0


def _pct(x) -> str:
    return f"{x * 100:.2f}%"


def _money(x) -> str:
    return f"{x:,.0f}"


def _distinct(values) -> list:
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


# name -> (implementation, (min args, max args)); all are strict in UNKNOWN except `present`,
# `coalesce` and `choose`, which the evaluator special-cases.
FUNCTIONS: dict[str, tuple[Callable | None, tuple[int, int]]] = {
    "date": (_date, (1, 1)),
    "days_between": (lambda a, b: (b - a).days, (2, 2)),
    "wd": (cal.working_days_between, (2, 2)),
    "add_days": (lambda d, n: d + dt.timedelta(days=int(n)), (2, 2)),
    "add_months": (_add_months, (2, 2)),
    "add_years": (_add_years, (2, 2)),
    "year": (lambda d: d.year, (1, 1)),
    "month": (lambda d: d.month, (1, 1)),
    "day": (lambda d: d.day, (1, 1)),
    "len": (len, (1, 1)),
    "distinct": (_distinct, (1, 1)),
    "min": (min, (1, 8)),
    "max": (max, (1, 8)),
    "abs": (abs, (1, 1)),
    "round": (lambda x, n=0: round(x, int(n)), (1, 2)),
    "rating_rank": (rating_rank, (1, 1)),
    "pct": (_pct, (1, 1)),
    "money": (_money, (1, 1)),
    "present": (None, (1, 1)),
    "coalesce": (None, (2, 2)),
    "choose": (None, (3, 3)),  # choose(condition, if_true, if_false), lazy in the branches
}

COMPREHENSIONS = {"all", "any", "count", "sum", "min", "max", "map", "pick"}


# ---------------------------------------------------------------- evaluation

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
        return lambda env: UNKNOWN if (v := operand(env)) is UNKNOWN else -v
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
        except (TypeError, ValueError, AttributeError) as exc:
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
        if fn == "sum":
            return sum(values)
        if not values:  # min/max of nothing: there is no value to compare against
            env.trace.miss(f"{path} (empty)")
            return UNKNOWN
        return min(values) if fn == "min" else max(values)
    return comp


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


# ---------------------------------------------------------------- static check

def field_paths(node, bound: dict[str, str] | None = None) -> list[str]:
    """Schema paths an expression reads, with list items written `[]` (pool.ip[].reg_no)."""
    bound = dict(bound or {})
    out: list[str] = []

    def path_of(n) -> str | None:
        if isinstance(n, Name):
            return bound.get(n.id, n.id)
        if isinstance(n, Attr):
            base = path_of(n.obj)
            return None if base is None else f"{base}.{n.name}"
        if isinstance(n, Index):
            walk(n.index)
            base = path_of(n.obj)
            return None if base is None else f"{base}[]"
        return None

    def walk(n):
        if isinstance(n, (Name, Attr, Index)):
            p = path_of(n)
            if p is not None:
                out.append(p)
        elif isinstance(n, (Unary,)):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, (Call,)):
            for a in n.args:
                walk(a)
        elif isinstance(n, ListLit):
            for a in n.items:
                walk(a)
        elif isinstance(n, Comp):
            walk(n.iterable)
            it = path_of(n.iterable)
            inner = {**bound, n.var: f"{it}[]"}
            out.extend(field_paths(n.body, inner))
            if n.extra is not None:
                out.extend(field_paths(n.extra, inner))

    walk(node)
    return out


# ---------------------------------------------------------------- templates

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@lru_cache(maxsize=2048)
def _template_parts(template: str) -> tuple:
    """Split a template once into literal text and compiled placeholder closures."""
    parts: list = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[pos:match.start()])
        parts.append((compile_node(parse(match.group(1))), match.group(1)))
        pos = match.end()
    parts.append(template[pos:])
    return tuple(parts)


def render_template(template: str, facts: dict) -> str:
    """Fill `{expression}` placeholders; missing values show as '(missing)'."""
    out = []
    for part in _template_parts(template or ""):
        if isinstance(part, str):
            out.append(part)
        else:
            fn, source = part
            out.append(format_value(fn(Env(facts, Trace(), source))))
    return "".join(out).strip()


def format_value(value) -> str:
    if value is UNKNOWN or value is None:
        return "(missing)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value) or "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_template(template: str) -> None:
    """Parse every placeholder of a template (raises ExprError on the first bad one)."""
    for match in _PLACEHOLDER.finditer(template or ""):
        parse(match.group(1))


def template_paths(template: str) -> list[str]:
    return [p for m in _PLACEHOLDER.finditer(template or "") for p in field_paths(parse(m.group(1)))]
