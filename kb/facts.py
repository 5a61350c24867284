"""Hard facts of a legal sentence (numbers with units, dates, articles, obligations, parties), language-neutral."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A fact is a tuple: ("num", value, unit | None), ("date", "YYYY-MM-DD" | "YYYY-MM"), ("article", n),
# ("duty", kind), ("party", name). Chinese and English spellings of one fact give the same tuple, so an
# English answer can be checked against a Chinese article.

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
_CN_NUM = "零〇一二三四五六七八九十百千万亿两"
_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_EN_NUMBERS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_NUMBER_WORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|" \
    + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")"

# Units, Chinese then English, mapped to one name. A Chinese numeral counts only before a unit or
# after 第: 一般, 统一 and 一致 are words, not numbers.
_UNITS = {
    "年": "year", "个月": "month", "月": "month", "日": "day", "天": "day", "周": "week", "个工作日": "workday",
    "工作日": "workday", "倍": "times", "元": "yuan", "%": "percent", "％": "percent", "次": "times-count",
    "years": "year", "year": "year", "months": "month", "month": "month", "days": "day", "day": "day",
    "weeks": "week", "week": "week", "working days": "workday", "business days": "workday",
    "working day": "workday", "business day": "workday", "percent": "percent", "per cent": "percent",
    "times": "times", "yuan": "yuan", "rmb": "yuan",
}
_CN_UNIT = "个工作日|工作日|个月|年|月|日|天|周|倍|元|次|%|％|名|人|家|项|款|条"
_EN_UNIT = r"working days?|business days?|years?|months?|days?|weeks?|per cent|percent|%|times|yuan"
_CN_MAGNITUDE = {"万": 10_000, "亿": 100_000_000}

_DUTIES = [   # negative forms first: their words contain the positive ones (不得 / 得, may not / may)
    ("must-not", r"不得|禁止|严禁|不应当|不应|不能|不可以|shall not|must not|may not|cannot|can not|"
                 r"(?:is|are) (?:prohibited|forbidden|not allowed|not permitted)|prohibited from"),
    ("need-not", r"无须|无需|不必|不需要|need not|(?:is|are) not (?:required|obliged|obligated)|not required to"),
    ("must", r"应当|必须|应该|须当|shall|must|(?:is|are) required to|(?:is|are) obliged to|(?:is|are) obligated to|has to|have to"),
    ("may", r"可以|有权|may|(?:is|are) entitled to|(?:has|have) the right to|can"),
]

# Parties of IP securitisation and IP law: a sentence must name the party its passage names.
_PARTIES = {
    "patentee": "专利权人|patentee|patent holder|patent owner",
    "licensee": "被许可人|licensee",
    "licensor": "许可人|licensor",
    "originator": "原始权益人|originator",
    "manager": "管理人|计划管理人|manager",
    "trustee": "受托人|trustee",
    "settlor": "委托人|settlor",
    "beneficiary": "受益人|beneficiary",
    "issuer": "发行人|issuer",
    "investor": "投资者|投资人|investor",
    "lessee": "承租人|lessee",
    "lessor": "出租人|lessor",
    "pledgee": "质权人|pledgee",
    "pledgor": "出质人|pledgor",
    "custodian": "托管人|custodian",
    "servicer": "资产服务机构|servicer",
    "sponsor": "发起人|sponsor",
    "creditor": "债权人|creditor",
    "debtor": "债务人|debtor",
    "guarantor": "保证人|担保人|guarantor",
}


@dataclass(frozen=True)
class Facts:
    numbers: frozenset
    dates: frozenset
    articles: frozenset
    duties: frozenset
    parties: frozenset


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, one space between words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).lower().strip()


def cn_value(text: str) -> int | None:
    """一百零五 -> 105, 五百万 -> 5000000, 二〇二一 -> 2021 (digit by digit), 12 -> 12."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))   # years spelled digit by digit
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
        elif ch in _CN_LARGE:
            total += (section + digit or 1) * _CN_LARGE[ch]
            section, digit = 0, 0
        else:
            return None
    return total + section + digit


def _en_value(word: str) -> int:
    if "-" in word:
        tens, ones = word.split("-")
        return _EN_NUMBERS[tens] + _EN_NUMBERS[ones]
    return _EN_NUMBERS[word]


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_DATE_PATTERNS = [
    (re.compile(rf"([0-9{_CN_NUM}]{{4}})年([0-9{_CN_NUM}]{{1,3}})月(?:([0-9{_CN_NUM}]{{1,3}})日)?"), "ymd"),
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r"),? (\d{4})\b"), "dmy"),
    (re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2}),? (\d{4})\b"), "mdy"),
]
_NUMBER = re.compile(
    rf"百分之([{_CN_NUM}\d.]+)"                                            # 百分之五
    rf"|(\d+(?:\.\d+)?)\s*([万亿])?\s*({_CN_UNIT}|{_EN_UNIT})?"            # 20 年, 5 %, 500万元, 20 years
    rf"|([{_CN_NUM}]+)({_CN_UNIT})"                                        # 二十年, 十五日
    rf"|\b({_EN_NUMBER_WORD})\b(?:\s+({_EN_UNIT}))?"                      # twenty years
)
_ARTICLE_REF = re.compile(rf"第([{_CN_NUM}\d]+)条|\b(?:article|art\.)\s*(\d+)")


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    return _UNITS.get(raw.strip())


def _dates(text: str) -> tuple[set, str]:
    found = set()
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if order == "ymd":
                y, mo, d = (cn_value(g) if g else None for g in m.groups())
            elif order == "dmy":
                d, mo, y = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
            else:
                mo, d, y = _MONTHS[m.group(1)], int(m.group(2)), int(m.group(3))
            if y and mo:
                found.add(f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else ""))
        text = pattern.sub(" ", text)   # a date's parts are not numbers of their own
    return found, text


def _numbers(text: str) -> set:
    found = set()
    for m in _NUMBER.finditer(text):
        pct, arabic, magnitude, unit_a, cn, unit_cn, word, unit_w = m.groups()
        if pct:
            value, unit = cn_value(pct) if not _is_float(pct) else float(pct), "percent"
        elif arabic:
            value, unit = float(arabic), _unit(unit_a)
            value *= _CN_MAGNITUDE.get(magnitude or "", 1)
            if unit is None and unit_a in ("万", "亿"):
                unit = None
        elif cn:
            value, unit = cn_value(cn), _unit(unit_cn)
        else:
            value, unit = _en_value(word), _unit(unit_w)
        if value is None:
            continue
        value = int(value) if float(value).is_integer() else float(value)
        found.add(("num", value, unit))
    return found


def _is_float(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", text))


def extract(text: str) -> Facts:
    """The hard facts a sentence or passage states."""
    text = normalise(text)
    articles = set()
    for m in _ARTICLE_REF.finditer(text):
        n = cn_value(m.group(1)) if m.group(1) else int(m.group(2))
        if n is not None:
            articles.add(("article", n))
    rest = _ARTICLE_REF.sub(" ", text)     # an article number is not an amount
    dates, rest = _dates(rest)
    duties, masked = set(), rest
    for kind, pattern in _DUTIES:
        regex = _duty_regex(pattern)
        if re.search(regex, masked):
            duties.add(("duty", kind))
        masked = re.sub(regex, " ", masked)
    parties = {("party", name) for name, pattern in _PARTIES.items() if re.search(_party_regex(pattern), text)}
    return Facts(frozenset(_numbers(rest)), frozenset(("date", d) for d in dates), frozenset(articles),
                 frozenset(duties), frozenset(parties))


def _duty_regex(pattern: str) -> str:
    # English words need word boundaries (can / scan); Chinese ones do not have any.
    parts = pattern.split("|")
    return "|".join(p if re.match(r"[\u4e00-\u9fff]", p) else rf"\b{p}\b" for p in parts)


def _party_regex(pattern: str) -> str:
    # 许可人 is inside 被许可人: a licensor is named only where 被 does not precede it.
    parts = []
    for p in pattern.split("|"):
        if p == "许可人":
            parts.append(r"(?<!被)许可人")
        elif re.match(r"[\u4e00-\u9fff]", p):
            parts.append(p)
        else:
            parts.append(rf"\b{p}s?\b")
    return "|".join(parts)


def missing_facts(sentence: Facts, evidence: Facts) -> list[str]:
    """Facts of the sentence that the evidence does not state, in words for the `reason` field."""
    missing = []
    for kind, value, unit in sorted(sentence.numbers, key=str):
        if not any(v == value and (unit is None or u is None or u == unit) for _, v, u in evidence.numbers):
            missing.append(f"number {value}{' ' + unit if unit else ''}")
    missing += [f"date {d}" for _, d in sorted(sentence.dates) if not _date_in(d, evidence.dates)]
    missing += [f"article {n}" for _, n in sorted(sentence.articles - evidence.articles)]
    missing += [f"obligation '{k}'" for _, k in sorted(sentence.duties - evidence.duties)]
    missing += [f"party '{p}'" for _, p in sorted(sentence.parties - evidence.parties)]
    return missing


def _date_in(date: str, evidence: frozenset) -> bool:
    return any(d == date or d.startswith(date + "-") for _, d in evidence)


# Chinese statutes chain subjects with commas (发明专利权的期限为二十年，实用新型专利权的期限为十年);
# English ones use commas inside one subject (the originator, sponsor or original lender … shall).
_CLAUSE_END_ZH = re.compile(r"[，；。！？：\n]+|[,;:]\s*(?=[\u4e00-\u9fff])")
_CLAUSE_END_EN = re.compile(r"[；;。！？!?：:\n]+|(?<=[a-z)])\.\s+")


def clauses(text: str) -> list[str]:
    """Clauses of a sentence or passage: where a number or a duty binds to its subject."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    pattern = _CLAUSE_END_ZH if cjk * 2 >= len(re.findall(r"[A-Za-z]", text)) and cjk else _CLAUSE_END_EN
    return [c.strip() for c in pattern.split(text) if c and len(c.strip()) > 1]


def mask_numbers(text: str) -> str:
    """The text with its numbers replaced by one placeholder, so clauses align by subject, not by value."""
    text = re.sub(_ARTICLE_REF, " ", normalise(text))
    return _NUMBER.sub(lambda m: " N " if m.group(0).strip() else m.group(0), text)
