"""Numbers as Chinese and English texts write them: 第一百二十三条 -> 123, 柒亿叁仟叁佰万 -> 733000000, 73,300 -> 73300, twenty-five -> 25."""
from __future__ import annotations

# Plain and financial (大写) digits; financial ones are how contracts and offering documents write amounts.
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
MAX_CN_NUMERAL_CHARS = 24     # 柒亿叁仟叁佰万 and longer amounts; int() of thousands of digits even raises

# Characters that may spell an article number, for the regexes in structure.py.
NUMERAL_CHARS = "零〇一二三四五六七八九十百千两0-9０-９"
MAX_NUMERAL_CHARS = 10        # the largest real article is 第一千二百六十条 (7 numerals)

# Arabic numbers with or without thousands separators: 73,300 / 733,000,000.00 / 5 / 3.95.
ARABIC = r"\d{1,3}(?:[,，]\d{3}){1,5}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?"

EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
EN_NUMBERS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
EN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
EN_NUMBER_WORD = rf"(?:(?:{EN_TENS})-(?:one|two|three|four|five|six|seven|eight|nine)|" \
    + "|".join(sorted(EN_NUMBERS, key=len, reverse=True)) + ")"
EN_MAGNITUDES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def cn_integer(text: str, max_chars: int = MAX_CN_NUMERAL_CHARS) -> int | None:
    """一百零五 -> 105, 五百万 -> 5000000, 柒亿叁仟叁佰万 -> 733000000, 二〇一九 (digit by digit) -> 2019;
    None if the text is not a Chinese numeral or is only a unit (万, 亿)."""
    if not text or len(text) > max_chars or any(ch not in CN_NUMERAL for ch in text):
        return None
    if not any(ch in DIGITS or ch in SMALL_UNITS for ch in text):
        return None  # 万 or 亿 alone is a unit ('规模（亿元）'), not a number
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))   # years spelled digit by digit
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[ch]   # a bare 十 means 一十
            digit = 0
        elif ch == "亿":   # 亿 closes everything before it (一万亿 = 10^12)
            total = (total + section + digit) * BIG_UNITS[ch]
            section, digit = 0, 0
        else:             # 万 closes its own section only (一亿五千万 = 150000000)
            total += (section + digit) * BIG_UNITS[ch]
            section, digit = 0, 0
    return total + section + digit


def cn_number(text: str) -> int | None:
    """An article or clause number, Chinese (一百零五, 十五) or Arabic (105, full-width too); None if neither."""
    text = text.strip()
    if not text or len(text) > MAX_NUMERAL_CHARS:
        return None  # no article is numbered that high
    if text.isdigit():
        return int(text)  # int() accepts full-width digits as well
    return cn_integer(text, MAX_NUMERAL_CHARS)


def arabic(text: str) -> float:
    """73,300.5 -> 73300.5 (ASCII or full-width comma as thousands separator)."""
    return float(text.replace(",", "").replace("，", ""))


def en_number(word: str) -> int | None:
    """twenty-five -> 25, twelve -> 12; None if the word is not an English number word."""
    word = word.lower()
    if "-" in word:
        tens, _, ones = word.partition("-")
        if tens in EN_NUMBERS and ones in EN_NUMBERS:
            return EN_NUMBERS[tens] + EN_NUMBERS[ones]
        return None
    return EN_NUMBERS.get(word)
