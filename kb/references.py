"""References to articles inside a text ("专利法第四十二条", "Civil Code Arts 545 and 546")."""
from __future__ import annotations

import re


# English names our notes use for PRC instruments -> the name in the instrument's Chinese title.
ENGLISH_NAMES = {
    "patent law implementing rules": "专利法实施细则",
    "patent law": "专利法",
    "civil code": "民法典",
    "trademark law implementing regulations": "商标法实施条例",
    "trademark law": "商标法",
    "copyright law implementing regulations": "著作权法实施条例",
    "copyright law": "著作权法",
    "copyright pledge registration measures": "著作权质权登记办法",
    "securities law": "证券法",
    "trust law": "信托法",
    "asset appraisal law": "资产评估法",
    "securities investment fund law": "证券投资基金法",
    "sme promotion law": "中小企业促进法",
    "guarantee interpretation": "担保制度",
    "interpretation on guarantees": "担保制度",
    "interpretation on security": "担保制度",
    "security interpretation": "担保制度",
    "financing lease interpretation": "融资租赁",
    "interpretation on financing leases": "融资租赁",
}

_ZH_NUM = "零〇一二三四五六七八九十百千两"
_ZH_REF = re.compile(
    rf"《?(?:中华人民共和国)?([\u4e00-\u9fff]{{1,16}}?(?:法典|法|条例|细则|办法|规定|解释))》?"
    rf"((?:第[{_ZH_NUM}\d]+条(?:之[一二三四五六七八九十]+)?(?:第[{_ZH_NUM}]+款)?[、和及与]?)+)"
)
_ZH_ARTICLE = re.compile(rf"第[{_ZH_NUM}\d]+条(?:之[一二三四五六七八九十]+)?")
_EN_REF = re.compile(
    r"(" + "|".join(sorted(map(re.escape, ENGLISH_NAMES), key=len, reverse=True)) + r")"
    r"(?:\s+\d{4})?,?\s+Arts?\.?\s+((?:\d+(?:\s*(?:,|and|&|to|-)\s*)?)+)",
    re.IGNORECASE,
)
# "Article 445 of the (PRC) Civil Code", "Article 61 of the SPC interpretation on security", as a question names one.
_EN_OF_REF = re.compile(
    r"Art(?:icle|\.)?\s+(\d+)(?:\(\d+\))*\s+of\s+(?:the\s+)?(?:PRC\s+|Chinese\s+|SPC(?:'s)?\s+|Supreme People's Court(?:'s)?\s+)?("
    + "|".join(sorted(map(re.escape, ENGLISH_NAMES), key=len, reverse=True)) + r")",
    re.IGNORECASE,
)
_EU_REF = re.compile(
    r"Articles?\s+(\d+)(?:\(\d+\))*\s+of\s+(?:the\s+)?(?:Regulation\s+\(EU\)\s+2017/2402|EU\s+Securitisation\s+Regulation)",
    re.IGNORECASE,
)
EU_SECURITISATION = "Regulation (EU) 2017/2402"
_DIGITS = "零一二三四五六七八九"


def _to_chinese_numeral(n: int) -> str:
    """42 -> 四十二, 444 -> 四百四十四, 105 -> 一百零五 (article labels in PRC texts)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                     (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def find_references(text: str) -> list[tuple[str, str]]:
    """(instrument, article label) pairs in order of appearance, without repeats."""
    found: list[tuple[int, str, str]] = []
    for match in _ZH_REF.finditer(text):
        for article in _ZH_ARTICLE.findall(match.group(2)):
            # "第11条" as a question writes it is 第十一条 as the law labels it.
            article = re.sub(r"\d+", lambda n: _to_chinese_numeral(int(n.group())), article)
            found.append((match.start(), match.group(1), article))
    for match in _EN_REF.finditer(text):
        instrument = ENGLISH_NAMES[match.group(1).lower()]
        for number in re.findall(r"\d+", match.group(2)):
            found.append((match.start(), instrument, f"第{_to_chinese_numeral(int(number))}条"))
    for match in _EN_OF_REF.finditer(text):
        found.append((match.start(), ENGLISH_NAMES[match.group(2).lower()], f"第{_to_chinese_numeral(int(match.group(1)))}条"))
    for match in _EU_REF.finditer(text):
        found.append((match.start(), EU_SECURITISATION, f"Article {match.group(1)}"))
    seen: set[tuple[str, str]] = set()
    ordered = []
    for _, instrument, article in sorted(found, key=lambda f: f[0]):
        if (instrument, article) not in seen:
            seen.add((instrument, article))
            ordered.append((instrument, article))
    return ordered
