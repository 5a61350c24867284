"""Document metadata read from the text: title, dates, language, jurisdiction, type and issuer."""
from __future__ import annotations

import re
from datetime import date
from typing import Literal, get_args

from .encoding import is_cjk
from .loaders import Line

# Provinces (ISO 3166-2:CN) and the cities that most often issue IP-finance rules of their own.
PLACES: dict[str, str] = {
    "北京": "CN-BJ", "天津": "CN-TJ", "河北": "CN-HE", "山西": "CN-SX", "内蒙古": "CN-NM",
    "辽宁": "CN-LN", "吉林": "CN-JL", "黑龙江": "CN-HL", "上海": "CN-SH", "江苏": "CN-JS",
    "浙江": "CN-ZJ", "安徽": "CN-AH", "福建": "CN-FJ", "江西": "CN-JX", "山东": "CN-SD",
    "河南": "CN-HA", "湖北": "CN-HB", "湖南": "CN-HN", "广东": "CN-GD", "广西": "CN-GX",
    "海南": "CN-HI", "重庆": "CN-CQ", "四川": "CN-SC", "贵州": "CN-GZ", "云南": "CN-YN",
    "西藏": "CN-XZ", "陕西": "CN-SN", "甘肃": "CN-GS", "青海": "CN-QH", "宁夏": "CN-NX",
    "新疆": "CN-XJ", "深圳": "CN-GD", "广州": "CN-GD", "珠海": "CN-GD", "苏州": "CN-JS",
    "南京": "CN-JS", "杭州": "CN-ZJ", "宁波": "CN-ZJ", "成都": "CN-SC", "武汉": "CN-HB",
    "厦门": "CN-FJ", "青岛": "CN-SD", "西安": "CN-SN", "长沙": "CN-HN", "郑州": "CN-HA",
}
# National bodies whose names are too short or too unlike a place to find with the pattern below.
NATIONAL_ISSUERS = ["最高人民法院", "最高人民检察院", "国务院", "国家知识产权局", "国家版权局",
                    "中国证券监督管理委员会", "中国人民银行", "财政部", "国家金融监督管理总局"]
_PLACE_ALT = "|".join(sorted(PLACES, key=len, reverse=True))
_CONGRESS = re.compile(
    rf"(全国|(?:{_PLACE_ALT})(?:省|市|自治区)?)(?:第[一二三四五六七八九十]+届)?人民代表大会(常务委员会)?"
)
EN_JURISDICTIONS = [
    (re.compile(r"\(EU\)|\bEuropean (Parliament|Union|Commission)\b|\bEU\b"), "EU"),
    (re.compile(r"\bADGM\b|Abu Dhabi Global Market"), "ADGM"),
    (re.compile(r"\b\d+ (CFR|U\.S\.C\.)|\bSEC\b|Securities and Exchange Commission|\bUnited States\b|\bUS\b"), "US"),
    (re.compile(r"\bFCA\b|\bUnited Kingdom\b|\bUK\b"), "GB"),
    (re.compile(r"\bHong Kong\b|\bSFC\b"), "HK"),
    (re.compile(r"\bSingapore\b|\bMAS\b"), "SG"),
]

# instrument_type words (front matter, CLI) -> doc_type; checked in order, first hit wins.
TYPE_WORDS: list[tuple[str, str]] = [
    ("digest", "digest"), ("非原文", "digest"), ("司法解释", "judicial_interpretation"),
    ("行政法规", "regulation"), ("部门规章", "departmental_rule"), ("地方", "local_regulation"),
    # A ministry's 规范性文件 (the CSRC's 2014 ABS rules) binds like its rules, it is no policy paper; an
    # exchange's or an association's rules bind their members, as self-regulation.
    ("自律规则", "self_regulatory_rule"), ("交易所业务", "self_regulatory_rule"), ("self-regulatory", "self_regulatory_rule"),
    ("规划", "policy"), ("纲要", "policy"), ("政策", "policy"), ("规范性文件", "departmental_rule"),
    ("法律", "law"), ("regulation", "regulation"), ("directive", "regulation"),
    ("rule", "regulation"), ("act", "law"), ("statute", "law"), ("policy", "policy"),
    ("agreement", "deal"), ("contract", "deal"), ("prospectus", "deal"), ("memo", "note"), ("note", "note"),
]
# The kinds of document the library holds, in the order the web's pickers list them.
DocType = Literal["law", "regulation", "judicial_interpretation", "departmental_rule", "self_regulatory_rule",
                  "local_regulation", "policy", "digest", "deal", "note", "other"]
DOC_TYPES: tuple[str, ...] = get_args(DocType)

_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTHS = "January February March April May June July August September October November December".split()
_EN_DATE = re.compile(rf"(?<!\d)(\d{{1,2}}) ({'|'.join(_MONTHS)}),? (\d{{4}})")
# Chinese puts the keyword after the date (2021年6月1日起施行); English puts it before (in force 2018-01-17).
_EFFECTIVE_AFTER = re.compile(r"施行|生效")
_EFFECTIVE_BEFORE = re.compile(r"in force|applies from|apply from|effective( from| on)?:?\s*$", re.I)
_EXPIRES_AFTER = re.compile(r"废止|失效|^\s*止")
_EXPIRES_BEFORE = re.compile(r"有效期至|repealed|expires?( on)?|ceases? to (apply|have effect)( on)?|until", re.I)
_IN_FORCE_CLAUSE = re.compile(r"自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起\s*施行")


def detect_language(text: str) -> str:
    """'zh' when Chinese characters rival the English words, else 'en'."""
    cjk = sum(1 for ch in text if is_cjk(ch) and "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    return "zh" if cjk * 4 >= latin and cjk else "en"


def language_code(value: str) -> str:
    """'zh-CN' -> 'zh', 'en-GB' -> 'en'; '' for free text like 'zh/en mixed' (then we detect)."""
    match = re.fullmatch(r"\s*(zh|en)([-_][A-Za-z]+)?\s*", value or "", re.I)
    return match.group(1).lower() if match else ""


# Titles that authoring tools write on their own ("untitled" is reportlab's, the rest Word's).
_JUNK_TITLE = re.compile(r"^(untitled|anonymous|document\d*|microsoft word\b.*|.*\.docx?)$", re.I)


def names_something(text: str) -> bool:
    """Whether a line could be a title: it holds a letter, a Han character or a digit. A rule line
    ('---', '＊＊＊', '——') or a line of dots names nothing."""
    return any(ch.isalnum() for ch in text)


def detect_title(lines: list[Line], hint: str, stem: str) -> str:
    """Consecutive level-1 headings at the top ('中华人民共和国民法典' + '合同编'), else the container's
    title, else a short first line, else the file name. Lines that name nothing are passed over."""
    heads: list[str] = []
    for line in lines:
        text = line.text.strip()
        if not names_something(text):
            continue
        if line.level == 1:
            heads.append(text)
        elif heads or line.level == 0:
            break
    if heads:
        return " ".join(heads)
    # A container title that is only the file's name (a scanner or converter writes it there) names nothing the
    # first line does not name better: "秦淮区奖补细则-扫描" against "秦淮区知识产权证券化奖补实施细则（试行）".
    if names_something(hint) and not _JUNK_TITLE.search(hint) and hint.strip() != stem.strip():
        return hint
    first = next((line.text.strip() for line in lines if names_something(line.text)), "")
    if first and len(first) <= 80 and not first.endswith(("。", ".", "；", ";")):
        return first
    return stem


def read_dates(text: str) -> tuple[str, str, str]:
    """(version, effective_from, effective_to) from a date line or a preamble:
    '2020-10-17 修正（2021-06-01 施行）' -> ('2020-10-17', '2021-06-01', '')."""
    events, effective, expires = [], [], []
    for position, end, day in _dates(text):
        after, before = text[end:end + 8], text[max(0, position - 20):position]
        if _EXPIRES_AFTER.search(after[:4]) or _EXPIRES_BEFORE.search(before):
            expires.append(day)
        elif _EFFECTIVE_AFTER.search(after) or _EFFECTIVE_BEFORE.search(before):
            effective.append(day)
        else:
            events.append(day)
    version = max(events) if events else ""
    # "applies from" beats "in force" in an EU line: take the latest effectiveness date given.
    effective_from = max(effective) if effective else ""
    return version, effective_from, max(expires) if expires else ""


def in_force_clause(text: str) -> str:
    """The date of '本法自2021年6月1日起施行' anywhere in the text (usually the last article)."""
    found = [_iso(*_CN_DATE.search(m.group(1)).groups()) for m in _IN_FORCE_CLAUSE.finditer(text)]
    return max((d for d in found if d), default="")


def normalise_date(value: str) -> str | None:
    """'2021-6-1', '2021/06/01', '2021年6月1日' -> '2021-06-01'; '' stays ''; None when not a date."""
    value = (value or "").strip()
    if not value:
        return ""
    found = list(_dates(value))
    return found[0][2] if len(found) == 1 else None


def _dates(text: str):
    """(start, end, ISO date) for every valid date written in Chinese, ISO or English style."""
    for pattern, order in ((_CN_DATE, (1, 2, 3)), (_ISO_DATE, (1, 2, 3)), (_EN_DATE, (3, 2, 1))):
        for match in pattern.finditer(text):
            y, m, d = (match.group(i) for i in order)
            if not m.isdigit():
                m = str(_MONTHS.index(m) + 1)
            day = _iso(y, m, d)
            if day:
                yield match.start(), match.end(), day


def _iso(year: str, month: str, day: str) -> str:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def detect_jurisdiction(title: str, issuer: str, head: str, language: str) -> str:
    """'CN-GD' for Guangdong rules, 'CN' for national ones, 'EU'/'US'/… for foreign texts, else ''."""
    for text in (title, issuer):
        for place, code in PLACES.items():
            if place in text and not re.search(place + r"(证券交易所|证券|商品交易所)", text):
                return code
    probe = " ".join([title, issuer, head])
    cjk = sum(1 for ch in probe if "\u4e00" <= ch <= "\u9fff")
    if language == "zh" or cjk >= 20 or re.search(r"中华人民共和国|全国人民代表大会|国务院|最高人民法院", probe):
        return "CN"  # Chinese-language material (digests included) is about Chinese law
    for pattern, code in EN_JURISDICTIONS:
        if pattern.search(probe):
            return code
    return ""


def doc_type_from_words(words: str) -> str:
    """Map an instrument_type ('行政法规', 'EU Regulation', 'law') to a doc_type; '' if none fits."""
    lowered = words.strip().lower()
    if lowered in DOC_TYPES:
        return lowered
    for word, kind in TYPE_WORDS:
        if re.search(rf"\b{word}" if word.isascii() else word, lowered):
            return kind
    return ""


def detect_doc_type(title: str, issuer: str, jurisdiction: str) -> str:
    """Guess the type from the title's last words: 法 / 条例 / 办法 / 规定 / 解释 / 纲要 …"""
    core = re.sub(r"（[^）]*）|\([^)]*\)|《|》", "", title).strip()
    if re.search(r"digest|非原文", title, re.I):
        return "digest"
    if re.search(r"解释|批复", core) and re.search(r"最高人民(法院|检察院)", title + issuer):
        return "judicial_interpretation"
    if re.search(r"纲要|规划|意见|通知|方案|指导目录", core):
        return "policy"
    if re.search(r"实施细则|实施条例", core):
        return "regulation"
    if "-" in jurisdiction and re.search(r"(条例|规定|办法)$", core):
        return "local_regulation"
    if core.endswith("条例"):
        return "regulation"
    if re.search(r"(办法|规定|细则|规则|指引)$", core):
        return "departmental_rule"
    if re.search(r"法$|法典", core):
        return "law"
    if re.search(r"(合同|协议|说明书|计划书)$|term sheet|agreement|prospectus|offering memorandum", core, re.I):
        return "deal"
    if re.search(r"\b(Regulation|Directive|Rules?|Rulebook)\b", core):
        return "regulation"
    if re.search(r"\b(Act|Code|Law)\b", core):
        return "law"
    if re.search(r"\b(memo|memorandum|note|minutes)\b|备忘录|纪要", core, re.I):
        return "note"
    return "other"


def detect_issuer(head: str) -> str:
    """The enacting body named in the preamble: '…全国人民代表大会常务委员会第二十二次会议通过' ->
    '全国人民代表大会常务委员会'; a national body by name otherwise; '' when none is named."""
    match = _CONGRESS.search(head)
    if match:
        return f"{match.group(1)}人民代表大会{match.group(2) or ''}"
    return next((name for name in NATIONAL_ISSUERS if name in head), "")
