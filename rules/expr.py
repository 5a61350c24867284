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


def parse(source: str):
    """Parse an expression into an AST; raises ExprError with a caret on bad syntax."""
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


# name -> (implementation, (min args, max args)); all are strict in UNKNOWN except `present`
# and `coalesce`, which the evaluator special-cases.
FUNCTIONS: dict[str, tuple[Callable | None, tuple[int, int]]] = {
    "date": (_date, (1, 1)),
    "days_between": (lambda a, b: (b - a).days, (2, 2)),
    "wd": (cal.working_days_between, (2, 2)),
    "add_days": (lambda d, n: d + dt.timedelta(days=int(n)), (2, 2)),
    "add_months": (_add_months, (2, 2)),
    "add_years": (_add_years, (2, 2)),
    "year": (lambda d: d.year, (1, 1)),
    "month": (lambda d: d.month, (1, 1)),
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


_ABSENT = object()  # a path that does not resolve (distinct from a present None)


class Evaluator:
    """Evaluates an AST against a nested dict of facts, recording reads and missing paths."""

    def __init__(self, facts: dict, trace: Trace | None = None, source: str = ""):
        self.facts = facts
        self.trace = trace or Trace()
        self.source = source
        self.scopes: list[dict[str, tuple[Any, str]]] = []

    # ---- references: (value or _ABSENT, path)
    def ref(self, node) -> tuple[Any, str]:
        if isinstance(node, Name):
            for scope in reversed(self.scopes):
                if node.id in scope:
                    return scope[node.id]
            return self.facts.get(node.id, _ABSENT), node.id
        if isinstance(node, Attr):
            base, path = self.ref(node.obj)
            path = f"{path}.{node.name}"
            if isinstance(base, dict):
                value = base.get(node.name, _ABSENT)
                return (_ABSENT if value is None else value), path
            return _ABSENT, path
        if isinstance(node, Index):
            base, path = self.ref(node.obj)
            index = self.ev(node.index)
            path = f"{path}[{index}]"
            if isinstance(base, list) and isinstance(index, int) and 0 <= index < len(base):
                value = base[index]
                return (_ABSENT if value is None else value), path
            return _ABSENT, path
        raise ExprError("not a field reference")

    def ev(self, node):
        if isinstance(node, Const):
            return node.value
        if isinstance(node, (Name, Attr, Index)):
            value, path = self.ref(node)
            if value is _ABSENT or value is None:
                self.trace.miss(path)
                return UNKNOWN
            if not isinstance(value, (dict, list)):
                self.trace.reads[path] = value
            return value
        if isinstance(node, ListLit):
            return [self.ev(item) for item in node.items]
        if isinstance(node, Unary):
            value = self.ev(node.operand)
            if node.op == "not":
                return UNKNOWN if value is UNKNOWN else not self._bool(value)
            return UNKNOWN if value is UNKNOWN else -value
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, Comp):
            return self._comp(node)
        raise ExprError(f"cannot evaluate {node!r}")

    def _bool(self, value) -> bool:
        if not isinstance(value, bool):
            raise ExprError(f"expected true/false, got {value!r}", self.source)
        return value

    def _binary(self, node: Binary):
        if node.op in ("and", "or"):  # Kleene: a decisive side wins even if the other is unknown
            decisive = node.op == "or"
            left = self.ev(node.left)
            if left is not UNKNOWN and self._bool(left) == decisive:
                return decisive
            right = self.ev(node.right)
            if right is not UNKNOWN and self._bool(right) == decisive:
                return decisive
            return UNKNOWN if _is_unknown(left, right) else not decisive
        left, right = self.ev(node.left), self.ev(node.right)
        if node.op == "in":
            if left is UNKNOWN or right is UNKNOWN:
                return UNKNOWN
            if not isinstance(right, (list, str)):
                raise ExprError(f"'in' needs a list on the right, got {right!r}", self.source, node.pos)
            return left in right
        if _is_unknown(left, right):
            return UNKNOWN
        try:
            return _OPS[node.op](left, right)
        except TypeError:
            raise ExprError(f"cannot apply {node.op!r} to {left!r} and {right!r}",
                            self.source, node.pos) from None
        except ZeroDivisionError:
            raise ExprError("division by zero", self.source, node.pos) from None

    def _call(self, node: Call):
        if node.fn == "present":
            value, _ = self.ref(node.args[0]) if isinstance(node.args[0], (Name, Attr, Index)) \
                else (self.ev(node.args[0]), "")
            return value is not _ABSENT and value is not None and value is not UNKNOWN
        if node.fn == "coalesce":
            first = self.ref(node.args[0])[0] if isinstance(node.args[0], (Name, Attr, Index)) \
                else self.ev(node.args[0])
            return self.ev(node.args[1]) if first in (_ABSENT, None, UNKNOWN) else first
        args = [self.ev(a) for a in node.args]
        if _is_unknown(*args):
            return UNKNOWN
        if node.fn in ("min", "max") and len(args) == 1 and not isinstance(args[0], list):
            raise ExprError(f"{node.fn}() of one value needs a list", self.source, node.pos)
        try:
            result = FUNCTIONS[node.fn][0](*args)
        except cal.CalendarGap as gap:
            self.trace.miss(str(gap))
            return UNKNOWN
        except (TypeError, ValueError, AttributeError) as exc:
            raise ExprError(f"{node.fn}(): {exc}", self.source, node.pos) from None
        return result

    def _comp(self, node: Comp):
        items, path = self.ref(node.iterable)
        if items is _ABSENT:
            self.trace.miss(path)
            return UNKNOWN
        if not isinstance(items, list):
            raise ExprError(f"{node.fn}() needs a list, {path} is {type(items).__name__}",
                            self.source, node.pos)
        results = []
        for i, item in enumerate(items):
            self.scopes.append({node.var: (item, f"{path}[{i}]")})
            try:
                value = self.ev(node.body)
                extra = self.ev(node.extra) if node.extra is not None else None
            finally:
                self.scopes.pop()
            results.append((value, extra))
        values = [v for v, _ in results]
        if node.fn == "all":
            if any(v is not UNKNOWN and not self._bool(v) for v in values):
                return False
            return UNKNOWN if _is_unknown(*values) else True
        if node.fn == "any":
            if any(v is not UNKNOWN and self._bool(v) for v in values):
                return True
            return UNKNOWN if _is_unknown(*values) else False
        if node.fn == "map":
            return values
        if node.fn == "pick":  # labels of the items whose predicate is true (for explanations)
            return [extra for v, extra in results if v is True]
        if _is_unknown(*values):
            return UNKNOWN
        if node.fn == "count":
            return sum(1 for v in values if self._bool(v))
        if node.fn == "sum":
            return sum(values)
        if not values:  # min/max of nothing: there is no value to compare against
            self.trace.miss(f"{path} (empty)")
            return UNKNOWN
        return min(values) if node.fn == "min" else max(values)


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
    return Evaluator(facts, trace, source).ev(node)


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


def render_template(template: str, facts: dict) -> str:
    """Fill `{expression}` placeholders; missing values show as '(missing)'."""
    def fill(match: re.Match) -> str:
        value = evaluate(parse(match.group(1)), facts, Trace(), match.group(1))
        return format_value(value)
    return _PLACEHOLDER.sub(fill, template or "").strip()


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
