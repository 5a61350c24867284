"""Values as offering documents write them: amounts (7.33亿元, 73,300万元), dates (2019年3月28日, 2019.3.28), shares."""
from __future__ import annotations

import datetime as dt
import re

from rules.deal import EARLIEST_DATE, LATEST_DATE

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)
MAX_NUMERAL_CHARS = 24

_ARABIC = r"\d{1,3}(?:[,，]\d{3}){1,5}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?"
# 人民币7.33亿元 / 73,300万元 / 733,000,000元 / 柒亿叁仟叁佰万元; the unit may sit in a table header instead.
AMOUNT = re.compile(rf"(?:人民币|RMB\s?)?({_ARABIC}|[{CN_NUMERAL}]{{1,{MAX_NUMERAL_CHARS}}})\s*(亿|万)?\s*元")
NUMBER = re.compile(rf"^\s*({_ARABIC})\s*$")
PERCENT = re.compile(rf"({_ARABIC})\s*[%％]|百分之([{CN_NUMERAL}点]{{1,12}})")
DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"|(?<![\d.])(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})(?![\d.])"
    rf"|([〇零一二三四五六七八九]{{4}})年([一二三四五六七八九十]{{1,3}})月([一二三四五六七八九十]{{1,3}})日")
UNIT_FACTORS = {"亿": 100_000_000, "万": 10_000, "": 1, None: 1}


def cn_integer(text: str) -> int | None:
    """一百零五 -> 105, 柒亿叁仟叁佰万 -> 733000000, 二〇一九 (digit by digit) -> 2019; None if not a numeral."""
    if not text or len(text) > MAX_NUMERAL_CHARS or any(ch not in CN_NUMERAL for ch in text):
        return None
    if not any(ch in CN_DIGITS or ch in CN_SMALL_UNITS for ch in text):
        return None  # 万 or 亿 alone is a unit ('规模（亿元）'), not a number
    if all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (digit or 1) * CN_SMALL_UNITS[ch]
            digit = 0
        else:  # 万 / 亿 close a section
            total = (total + section + digit) * CN_BIG_UNITS[ch] if ch == "亿" else total + (section + digit) * CN_BIG_UNITS[ch]
            section, digit = 0, 0
    return total + section + digit


def arabic(text: str) -> float:
    return float(text.replace(",", "").replace("，", ""))


def amount_value(number: str, unit: str | None) -> float | None:
    """The yuan value of a matched number and its 亿/万 unit."""
    if re.fullmatch(_ARABIC, number):
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
    """The unit a table header gives its column: 规模（亿元） -> 亿, 金额（元） -> ''; None when it names none."""
    match = re.search(r"[（(]\s*(亿|万)?元\s*[）)]", header)
    return None if match is None else (match.group(1) or "")


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
            digits = "".join(str(CN_DIGITS.get(ch, "")) for ch in decimals)
            value = float(f"{value}.{digits}") if digits else value
        return round(value / 100, 6), match.group(0)
    return None
