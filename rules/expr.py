"""A tiny, safe expression language for rule conditions: tokens, parse tree, parser.

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
Parsing only builds a tree; `rules.evaluate` compiles it to closures (no Python `eval`
anywhere) and `field_paths` lets a pack be checked against the deal schema at load time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rules.functions import COMPREHENSIONS, FUNCTIONS

class ExprError(Exception):
    """A syntax or type error in a rule expression, with the position it occurred at."""

    def __init__(self, message: str, source: str = "", pos: int | None = None):
        self.message, self.source, self.pos = message, source, pos
        where = f"\n  {source}\n  {' ' * pos}^" if source and pos is not None else ""
        super().__init__(f"{message}{where}")


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[<>+\-*/()\[\],:.])
""", re.VERBOSE)

_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
MAX_NUMBER_CHARS = 30


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
            if len(tok.text) > MAX_NUMBER_CHARS:  # int() refuses 4,300+ digits; no rule needs 30
                raise self.error(f"number too long ({len(tok.text)} characters)")
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
    try:
        return _Parser(source).parse()
    except RecursionError:  # the parser recurses once per bracket or prefix operator
        raise ExprError("expression nested too deeply", source, 0) from None


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
