"""Values as offering documents write them: amounts (7.33亿元, 73,300万元), dates (2019年3月28日, 2019.3.28), shares."""
from __future__ import annotations

import datetime as dt
import re

from ingest.numerals import ARABIC, BIG_UNITS, CN_NUMERAL, DIGITS, MAX_CN_NUMERAL_CHARS, arabic, cn_integer
from rules.deal import EARLIEST_DATE, LATEST_DATE

# 人民币7.33亿元 / 73,300万元 / 733,000,000元 / 柒亿叁仟叁佰万元; the unit may sit in a table header instead.
AMOUNT = re.compile(rf"(?:人民币|RMB\s?)?({ARABIC}|[{CN_NUMERAL}]{{1,{MAX_CN_NUMERAL_CHARS}}})\s*(亿|万)?\s*元")
NUMBER = re.compile(rf"^\s*({ARABIC})\s*$")
PERCENT = re.compile(rf"({ARABIC})\s*[%％]|百分之([{CN_NUMERAL}点]{{1,12}})")
DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"|(?<![\d.])(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})(?![\d.])"
    rf"|([〇零一二三四五六七八九]{{4}})年([一二三四五六七八九十]{{1,3}})月([一二三四五六七八九十]{{1,3}})日")
UNIT_FACTORS = {**BIG_UNITS, "百万": 1_000_000, "": 1, None: 1}
# English table headers' units: 'Size (RMB 10,000)', 'Amount (RMB million)', 'Size (RMB 100 million)', 'Size (RMB)'.
_EN_UNITS = {"10,000": "万", "10000": "万", "10k": "万", "ten thousand": "万", "million": "百万", "mn": "百万",
             "100 million": "亿", "100,000,000": "亿", "": ""}
_EN_HEADER_UNIT = re.compile(r"[(（]\s*(?:RMB|CNY|yuan)\s*(10,000|10000|10k|ten thousand|100 million|100,000,000|million|mn|)"
                             r"\s*(?:yuan)?\s*[)）]", re.I)


def amount_value(number: str, unit: str | None) -> float | None:
    """The yuan value of a matched number and its 亿/万 unit."""
    if re.fullmatch(ARABIC, number):
        value = arabic(number)
    else:
        value = cn_integer(number)
        if value is None:
            return None
    return round(value * UNIT_FACTORS[unit], 2)


def find_amount(text: str) -> tuple[float, str] | None:
    """The first amount in the text and the words it was read from."""
    for match in AMOUNT.finditer(text):
        value = amount_value(match.group(1), match.group(2))
        if value is not None:
            return value, match.group(0)
    return None


def header_unit(header: str) -> str | None:
    """The unit a table header gives its column: 规模（亿元） -> 亿, 金额（元） -> '', Size (RMB 10,000) -> 万;
    None when it names none."""
    if (match := re.search(r"[（(]\s*(亿|百万|万)?元\s*[）)]", header)):
        return match.group(1) or ""
    if (match := _EN_HEADER_UNIT.search(header)):
        return _EN_UNITS[match.group(1).lower()]
    return None


def cell_amount(cell: str, unit: str | None) -> float | None:
    """A table cell's amount: its own unit if it writes one, else the header's."""
    found = find_amount(cell)
    if found is not None:
        return found[0]
    match = NUMBER.match(cell)
    if match and unit is not None:
        return round(arabic(match.group(1)) * UNIT_FACTORS[unit], 2)
    return None


def to_date(match: re.Match) -> dt.date | None:
    groups = match.groups()
    if groups[0]:
        y, m, d = groups[0:3]
    elif groups[3]:
        y, m, d = groups[3:6]
    else:
        y, m, d = (cn_integer(g) for g in groups[6:9])
    try:
        day = dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


def find_date(text: str) -> tuple[dt.date, str] | None:
    for match in DATE.finditer(text):
        day = to_date(match)
        if day is not None:
            return day, match.group(0)
    return None


def find_percent(text: str) -> tuple[float, str] | None:
    """3.95% -> 0.0395 (a share, as the deal model holds it)."""
    for match in PERCENT.finditer(text):
        if match.group(1):
            return round(arabic(match.group(1)) / 100, 6), match.group(0)
        words = match.group(2)
        whole, _, decimals = words.partition("点")
        value = cn_integer(whole)
        if value is None:
            continue
        if decimals:
            digits = "".join(str(DIGITS.get(ch, "")) for ch in decimals)
            value = float(f"{value}.{digits}") if digits else value
        return round(value / 100, 6), match.group(0)
    return None
