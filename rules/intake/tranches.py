"""Tranches (优先级/中间级/次级) from tranche tables and from sentences that describe them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.intake.evidence import Evidence, Found, TextLine
from rules.intake.parties import org_at_start
from rules.intake.values import cell_amount, find_amount, find_date, find_percent, header_unit

TRANCHE = re.compile(r"(优先[A-Ea-e]\d?级|优先级|中间级|夹层级?|次级|劣后级"
                     r"|(?i:senior)(?:\s?[A-E]\d?)?(?![\w-])|(?i:mezzanine|subordinated|junior)(?![\w-]))"
                     r"(?:资产支持证券|(?i:\s(?:tranche|class|notes|securities)))?")
RATING = re.compile(r"^(AAA|AA\+|AA-|AA|A\+|A-|A|BBB\+|BBB-|BBB|BB\+|BB|BB-|B)(?:sf)?$")
_FIRST_COLUMN = re.compile(r"分档|档位|档次|分层|品种|级别|类别|证券名称|层级|证券|(?i:tranche|class)")
COLUMNS = [("size", re.compile(r"规模|金额|(?i:size|amount|principal)")),
           ("rating", re.compile(r"评级|信用等级|信用级别|(?i:rating)")),
           ("coupon", re.compile(r"收益率|利率|(?i:coupon|interest rate|yield)")),
           ("expected_maturity", re.compile(r"预期到期日|(?i:expected maturity)")),
           ("holder", re.compile(r"持有人|认购人|认购方|(?i:holder|subscriber)"))]
_NOT_A_COLUMN = re.compile(r"机构|(?i:agency)")   # 评级机构 / rating agency names the agency, not the rating
# A holder cell naming investors at large ('合格投资者', 'qualified investors'): the tranche is sold to the market.
_MARKET = re.compile(r"^(?:合格|专业|市场|机构)?投资者$|^(?i:(?:qualified |professional |market )?investors?)$")
_RATING_SAID = re.compile(r"(?:评级|信用等级|信用级别)(?:为|：|:)?\s*(AAA|AA\+|AA-|AA|A\+|A-|A)(?![A-Z+-])")
_COUPON_SAID = re.compile(r"(?:票面利率|预期收益率|发行利率|利率)(?:为|：|:)?\s*([^，；;。]{1,12})")
_MATURITY_SAID = re.compile(r"预期到期日(?:为|：|:)?\s*([^，；;。]{6,16})")
# One date for every tranche: '各档资产支持证券的预期到期日均为2024-09-13'.
_ALL_MATURITY_SAID = re.compile(r"(?:各档|各级|各层|全部|所有)(?:资产支持证券|证券)?(?:的)?预期到期日(?:均|皆|都)?(?:为|：|:)?\s*([^，；;。]{6,16})")
_SUBSCRIBED_BY = re.compile(r"由([^\s，。；;：:、]{2,40}?)(?:全额|全部)?(?:认购|持有|自持)")
_SUBSCRIBES = re.compile(r"([^\s，。；;：:、]{2,40}?)(?:将)?(?:全额)?(?:认购|持有)(?:全部|所有)?(?:的)?(次级(?:资产支持证券)?)")


MAX_MENTIONS = 12   # tranche names read in one line; a real one names two or three
PLACEHOLDERS = ("—", "-", "–", "无", "/", "不适用", "未评级", "无评级")


def _fits(cells: list[str], width: int) -> bool:
    """A row that fills the header's columns; a Word row may come short when its last cells were
    repeated placeholders ('— | —'), which the DOCX reader merges into one."""
    return len(cells) == width or (len(cells) < width and cells[-1] in PLACEHOLDERS)


def seniority(name: str) -> str:
    if name.upper().startswith(("次级", "劣后", "SUBORDINATED", "JUNIOR")):
        return "subordinated"
    if name.upper().startswith(("中间", "夹层", "MEZZANINE")) or re.match(r"优先[B-Eb-e]|(?i:senior\s?[B-E])", name):
        return "mezzanine"
    return "senior"


def class_key(name: str) -> str:
    """'优先级资产支持证券' and '优先级' are one tranche; 'A' and 'a' too, 'Senior A' and 'SeniorA'."""
    return re.sub(r"\s", "", TRANCHE.match(name).group(1).upper())


@dataclass
class _Tranche:
    name: str
    values: list[tuple[str, object, Evidence]] = field(default_factory=list)


@dataclass
class TrancheReading:
    found: list[Found]
    table_lines: set[int]      # indexes of the lines read as tranche-table rows (and their header)


def find_tranches(lines: list[TextLine], originator_words: set[str]) -> TrancheReading:
    """Every tranche fact in table rows and sentences; `originator_words` are the words that name the
    originator (its role word, its short names, its full name), for 'held by the originator'."""
    tranches: dict[str, _Tranche] = {}
    table_lines: set[int] = set()

    def add(name: str, key: str, value, line: TextLine) -> None:
        if value is None:
            return
        tranche = tranches.setdefault(class_key(name), _Tranche(name))
        tranche.values.append((key, value, Evidence.of(line)))

    columns: dict[str, int] | None = None
    width = 0
    unit: str | None = None
    for_all: list[tuple[object, TextLine]] = []   # expected maturities stated once for every tranche
    for index, line in enumerate(lines):
        if (said := _ALL_MATURITY_SAID.search(line.text)) and (day := find_date(said.group(1))):
            for_all.append((day[0], line))
        cells = line.cells()
        if columns is not None and cells and TRANCHE.match(cells[0]) and _fits(cells, width):
            table_lines.add(index)
            name = cells[0]
            tranches.setdefault(class_key(name), _Tranche(name))
            cell = {key: cells[at] for key, at in columns.items() if at < len(cells)}
            if "size" in cell:
                add(name, "size", cell_amount(cell["size"], unit), line)
            if "rating" in cell and RATING.match(cell["rating"]):
                add(name, "rating", cell["rating"], line)
            if "coupon" in cell and (pct := find_percent(cell["coupon"])):
                add(name, "coupon", pct[0], line)
            if "expected_maturity" in cell and (day := find_date(cell["expected_maturity"])):
                add(name, "expected_maturity", day[0], line)
            if "holder" in cell:
                add(name, "holder", _holder(cell["holder"], originator_words), line)
            continue
        columns = None
        if len(cells) >= 3 and _FIRST_COLUMN.search(cells[0]) and any(COLUMNS[0][1].search(c) for c in cells[1:]):
            columns = {}
            for position, header in enumerate(cells[1:], start=1):
                for key, pattern in COLUMNS:
                    if key not in columns and pattern.search(header) and not _NOT_A_COLUMN.search(header):
                        columns[key] = position
                        if key == "size":
                            unit = header_unit(header)
                        break
            width = len(cells)
            table_lines.add(index)
            continue
        _read_sentence(line, add, originator_words)
    for tranche in [t for t in tranches.values() if t.values]:
        for day, line in for_all:
            add(tranche.name, "expected_maturity", day, line)
    found: list[Found] = []
    for position, tranche in enumerate(t for t in tranches.values() if t.values):
        first = tranche.values[0][2]
        prefix = f"deal.tranches[{position}]"
        found.append(Found(f"{prefix}.name", tranche.name, first))
        found.append(Found(f"{prefix}.seniority", seniority(class_key(tranche.name)), first))
        found.extend(Found(f"{prefix}.{key}", value, evidence) for key, value, evidence in tranche.values)
        if seniority(class_key(tranche.name)) == "senior":
            found.extend(Found("rating.senior_rating", value, evidence)
                         for key, value, evidence in tranche.values if key == "rating" and position == 0)
    return TrancheReading(found, table_lines)


def _read_sentence(line: TextLine, add, originator_words: set[str]) -> None:
    """'优先级资产支持证券规模2.65亿元，信用等级AAA，票面利率3.95%；次级…由原始权益人全额认购': each tranche's
    segment runs from its name to the next tranche's name."""
    text = line.text
    for match in _SUBSCRIBES.finditer(text) if ("认购" in text or "持有" in text) else ():
        if _is_originator(match.group(1), originator_words):
            add(match.group(2), "holder", "originator", line)
    marks = list(TRANCHE.finditer(text))[:MAX_MENTIONS]
    for i, match in enumerate(marks):
        name = match.group()
        segment = text[match.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        amount = find_amount(segment)
        if amount and segment.find(amount[1]) <= 12:
            add(name, "size", amount[0], line)
        rating = _RATING_SAID.search(segment)
        if rating:
            add(name, "rating", rating.group(1), line)
        else:
            for clause in re.split(r"[，；;。]", segment):
                if RATING.match(clause.strip()):
                    add(name, "rating", clause.strip(), line)
        if (coupon := _COUPON_SAID.search(segment)) and (pct := find_percent(coupon.group(1))):
            add(name, "coupon", pct[0], line)
        if (said := _MATURITY_SAID.search(segment)) and (day := find_date(said.group(1))):
            add(name, "expected_maturity", day[0], line)
        holder = _SUBSCRIBED_BY.search(segment)
        if holder and _is_originator(holder.group(1), originator_words):
            add(name, "holder", "originator", line)


def _holder(cell: str, originator_words: set[str]) -> str | None:
    """A holder column's cell as the deal model holds it: 'originator', 'market', or the holder's name."""
    if _is_originator(cell, originator_words | {"originator", "Originator"}):
        return "originator"
    if _MARKET.match(cell):
        return "market"
    name = org_at_start(cell)
    return name if name == cell else None


def _is_originator(words: str, originator_words: set[str]) -> bool:
    return any(words == w or words.endswith(w) for w in originator_words if w)
