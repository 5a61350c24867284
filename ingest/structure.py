"""The legal-structure parser: lines to blocks (headings, preamble, articles, free text) with paths."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .loaders import Line
from .numerals import MAX_NUMERAL_CHARS, NUMERAL_CHARS, cn_number

# Numbers are bounded everywhere below: the largest real one is 第一千二百六十条 (7 numerals), and an
# unbounded run lets a hostile line become a megabyte-long label or an int() of 5,000 digits.
N = f"[{NUMERAL_CHARS}]{{1,{MAX_NUMERAL_CHARS}}}"

# --- Chinese ------------------------------------------------------------------------------------
# 第四十二条 / 第十条之一 / 第12条 at the start of a line. "Strong" when whitespace (or nothing)
# follows, as in every official text; "weak" when text runs straight on ("第一条为了…"), which is
# also how a wrapped in-sentence reference looks, so weak ones must continue the numbering.
CN_ARTICLE = re.compile(rf"^第\s*({N})\s*条(之[一二三四五六七八九十]{{1,4}})?")
CN_HEADING = re.compile(rf"^第\s*({N})\s*(分编|编|章|节)(?![的中第所之规以])\s*(.*)$")
CN_HEADING_RANK = {"编": 10, "分编": 20, "章": 30, "节": 40}
# 一、总则 — a short numbered section title (judicial interpretations, policy documents).
CN_SECTION = re.compile(r"^[一二三四五六七八九十]+、\s*\S.*$")
CN_SECTION_RANK = 25
HEADING_MAX_CHARS = 40
SENTENCE_MARKS = re.compile(r"[。；;，,：:]")

# --- English ------------------------------------------------------------------------------------
ROMAN_OR_NUMBER = r"(?:\d{1,6}[A-Za-z]?|[IVXLCDM]{1,12}|[A-Z])"
EN_HEADING = re.compile(
    rf"^(PART|Part|TITLE|Title|CHAPTER|Chapter|SUBPART|Subpart|SECTION|Section)\s+({ROMAN_OR_NUMBER})\b\.?\s*[-—–:.]?\s*(.*)$"
)
EN_HEADING_RANK = {"part": 10, "title": 15, "chapter": 30, "subpart": 35, "section": 40}
EN_HEADING_MAX_CHARS = 160
# An explicit heading (Markdown ##, HTML h2-h6, a DOCX Heading style) longer than this is a paragraph
# wearing a heading style: it stays body text instead of becoming a huge path on every chunk below it.
EXPLICIT_HEADING_MAX_CHARS = 200

# Unit schemes, most specific first; a document uses the first scheme it has candidates for.
EN_UNITS: list[tuple[str, re.Pattern[str], str]] = [
    ("article", re.compile(r"^(?:ARTICLE|Article|Art\.?)\s*(\d{1,6}[a-z]?)\b\.?(.*)$"), "Article {}"),
    ("section_sign", re.compile(r"^§+\s*(\d{1,6}(?:[.\-]\d{1,6}){0,6}[a-z]?)\.?(?=\s|$)(.*)$"), "§ {}"),
    ("rule", re.compile(r"^(?:RULE|Rule)\s+(\d{1,6}(?:\.\d{1,6}){0,6})\b\.?(.*)$"), "Rule {}"),
    ("section", re.compile(r"^(?:SECTION|Section|Sec\.)\s*(\d{1,6}(?:\.\d{1,6}){0,6}[a-z]?)\b\.?(.*)$"), "Section {}"),
    ("clause", re.compile(r"^(?:CLAUSE|Clause)\s+(\d{1,6}(?:\.\d{1,6}){0,6})\b\.?(.*)$"), "Clause {}"),
    # 6. / 1.1.2 / 12.3 / 6(3)(a): a bare "6" needs its dot so "6 months" is never a clause.
    ("numbered", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,6}|\d{1,3}(?:\([0-9a-z]{1,4}\)){1,6}|\d{1,3}(?=\.))\.?(\s+\S.*)$"), "{}"),
]


@dataclass
class Block:
    """A run of lines with one role: 'heading', 'preamble', 'article' or 'text' (unstructured)."""

    kind: str
    lines: list[Line]
    path: tuple[str, ...] = ()       # headings in force; a heading block's path ends with itself
    label: str = ""                  # citation label of an article
    number: int | None = None        # the article's integer number where it has one
    level: int = 0                   # explicit heading level of the line that opened the block
    used: bool = False               # heading blocks: some article or text sits under it

    @property
    def page(self) -> int | None:
        return next((line.page for line in self.lines if line.page is not None), None)

    @property
    def text(self) -> str:
        return "\n".join(line.text.strip() for line in self.lines if line.text.strip())


@dataclass
class _Unit:
    label: str
    number: int | None
    suffix: str      # 之一 / a: the same number again is still a new article
    strong: bool


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    stack: list[tuple[int, Block]] = field(default_factory=list)
    current: Block | None = None
    last: _Unit | None = None
    since_article: list[Block] = field(default_factory=list)   # headings opened after the last article


def parse_structure(lines: list[Line]) -> list[Block]:
    """Split lines into blocks: every non-blank line lands in exactly one block, in order."""
    scheme = choose_scheme(lines)
    state = _State()
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        unit = match_unit(text, scheme, line.level)
        if unit and _continues(unit, state.last, scheme):
            if _skips(unit, state.last):
                # Articles are missing here (a partial source): the chapters they stood under were not seen either,
                # so the headings before the gap no longer say where this article stands (管理规定第二十八条 is not
                # in 第一章 总则 because 第二条 was).
                state.stack = _seen_over_gap(state)
            _start(state, Block("article", [line], _path(state), unit.label, unit.number, line.level))
            state.last, state.since_article = unit, []
            continue
        heading = match_heading(text, line.level, state.current)
        if heading is not None:
            _open_heading(state, heading, line)
            continue
        if state.current is None:
            kind = "preamble" if not state.blocks else "text"
            _start(state, Block(kind, [], _path(state)))
        state.current.lines.append(line)
    return state.blocks


def choose_scheme(lines: list[Line]) -> str:
    """'cn' when the text has 第…条 articles, else the first English unit scheme it uses, else ''."""
    texts = [line.text.strip() for line in lines if line.text.strip()]
    if any(CN_ARTICLE.match(t) for t in texts):
        return "cn"
    for name, pattern, _ in EN_UNITS:
        hits = sum(1 for t in texts if _en_unit(t, name, pattern, "{}", 0))
        if hits >= (2 if name == "numbered" else 1):  # one stray "1. …" is not a numbering
            return name
    return ""


def match_unit(text: str, scheme: str, level: int = 0) -> _Unit | None:
    """The article that starts on this line under the document's scheme, if any."""
    if scheme == "cn":
        match = CN_ARTICLE.match(text)
        if not match:
            return None
        rest = text[match.end():]
        label = re.sub(r"\s+", "", match.group(0))
        return _Unit(label, cn_number(match.group(1)), match.group(2) or "", not rest or rest[0].isspace())
    for name, pattern, template in EN_UNITS:
        if name == scheme:
            return _en_unit(text, name, pattern, template, level)
    return None


def _en_unit(text: str, name: str, pattern: re.Pattern[str], template: str, level: int) -> _Unit | None:
    """An English unit heading: the rest of the line must read as a title, not as a sentence
    ('Article 6 Risk retention' yes; 'Article 79 of Directive 2013/36/EU' no)."""
    match = pattern.match(text)
    if not match:
        return None
    ident, rest = match.group(1), match.group(2).strip()
    if name == "section" and re.fullmatch(r"[IVXLCDM]+", ident):
        return None
    if rest and not _title_start(rest, name):
        return None
    digits = re.match(r"\d+", ident)
    strong = level > 0 or not rest or rest[0] in ".:—–-|"
    return _Unit(template.format(ident), int(digits.group(0)) if digits else None,
                 ident[digits.end():] if digits else ident, strong)


def _title_start(rest: str, scheme: str) -> bool:
    """A unit heading goes on with a separator, a capital or Chinese; a numbered clause may also
    open with a quote or bracket ('1.1 "Assets" means …'). Lower case means a running sentence."""
    first = rest[0]
    if first in ".:—–-|" or first.isupper() or "\u4e00" <= first <= "\u9fff":
        return True
    return scheme == "numbered" and first in "‘'\"“("


def _continues(unit: _Unit, last: _Unit | None, scheme: str) -> bool:
    """Strong headings always start an article. A weak Chinese one ('第十条规定的…' at a line start)
    must be the next number; a weak English one ('Article 6 Risk retention') must not go back."""
    if unit.strong or unit.number is None:
        return True
    if last is None or last.number is None:
        return unit.number == 1 or scheme != "cn"
    if scheme != "cn":
        return unit.number >= last.number
    return unit.number == last.number + 1 or (unit.number == last.number and unit.suffix != last.suffix)


def _seen_over_gap(state: _State) -> list[tuple[int, Block]]:
    """The headings still known to stand over an article after a gap: those opened since the last article, and
    those above the highest of them (第一编 over a 第二章 seen again); none when no heading was seen since."""
    fresh = [rank for rank, block in state.stack if block in state.since_article]
    return [(rank, block) for rank, block in state.stack
            if block in state.since_article or (fresh and rank < min(fresh))]


def _skips(unit: _Unit, last: _Unit | None) -> bool:
    """Does the article's number jump past the next one (articles missing between)?"""
    return last is not None and last.number is not None and unit.number is not None and unit.number > last.number + 1


def match_heading(text: str, level: int, current: Block | None) -> tuple[int, str] | None:
    """(rank, heading text) when the line is a structural heading; lower rank = higher in the tree."""
    if current is not None and current.kind == "article" and current.level and level > current.level:
        return None  # "##### Risk retention" under "#### Article 6" is the article's own title
    flat = re.sub(r"\s+", " ", text)
    match = CN_HEADING.match(text)
    if match and _title_like(match.group(3)):
        return CN_HEADING_RANK[match.group(2)], flat
    if len(text) <= HEADING_MAX_CHARS and CN_SECTION.match(text) and not re.search(r"[。；;：:]", text):
        return (10 * level if level >= 2 else CN_SECTION_RANK), flat
    match = EN_HEADING.match(text)
    if match and len(text) <= EN_HEADING_MAX_CHARS and _en_title_like(match.group(3)):
        return EN_HEADING_RANK[match.group(1).lower()], flat
    if level >= 2 and len(text) <= EXPLICIT_HEADING_MAX_CHARS:
        return 10 * level, flat  # any other explicit heading; a level-1 heading is the title
    return None


def _title_like(rest: str) -> bool:
    return len(rest) <= HEADING_MAX_CHARS and not SENTENCE_MARKS.search(rest)


def _en_title_like(rest: str) -> bool:
    return not rest or not rest[0].islower() and not rest.rstrip().endswith((",", ";"))


def _path(state: _State) -> tuple[str, ...]:
    """The headings in force; asking for them marks them as used (they now head some text)."""
    for _, heading in state.stack:
        heading.used = True
    return state.stack[-1][1].path if state.stack else ()


def _start(state: _State, block: Block) -> None:
    state.blocks.append(block)
    state.current = block


def _open_heading(state: _State, heading: tuple[int, str], line: Line) -> None:
    """Close whatever was open, pop headings at the same or a lower rank, and push this one."""
    rank, _ = heading
    while state.stack and state.stack[-1][0] >= rank:
        state.stack.pop()
    block = Block("heading", [line], (), level=line.level)
    state.stack.append((rank, block))
    state.since_article.append(block)
    block.path = tuple(re.sub(r"\s+", " ", b.lines[0].text.strip()) for _, b in state.stack)
    state.blocks.append(block)
    state.current = None
