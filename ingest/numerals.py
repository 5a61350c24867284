"""Chinese and Arabic article numbers to integers: 第一百二十三条 -> 123, 第12条 -> 12."""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
# Characters that may spell an article number, for the regexes in structure.py.
NUMERAL_CHARS = "零〇一二三四五六七八九十百千两0-9０-９"
MAX_NUMERAL_CHARS = 10


def cn_number(text: str) -> int | None:
    """Value of a Chinese (一百零五, 十五) or Arabic (105, full-width too) number; None if it is neither."""
    text = text.strip()
    if not text or len(text) > MAX_NUMERAL_CHARS:
        return None  # no article is numbered that high; int() of thousands of digits even raises
    if text.isdigit():
        return int(text)  # int() accepts full-width digits as well
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (digit or 1) * UNITS[ch]  # a bare 十 means 一十
            digit = 0
        else:
            return None
    return total + digit
