"""The parties and the plan's name: from the 释义 definitions, label lines ('计划管理人：…') and prose ('原始权益人为…')."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.intake.evidence import Evidence, Found, TextLine

# Role words as offering documents write them -> the deal field that holds that party's name.
ROLES: dict[str, str] = {
    "计划管理人": "manager.name", "管理人": "manager.name",
    "原始权益人": "originator.name", "发起机构": "originator.name",
    "资产服务机构": "servicer.name",
    "托管人": "deal.custodian.name", "托管银行": "deal.custodian.name", "托管机构": "deal.custodian.name",
    "评级机构": "rating.agency", "信用评级机构": "rating.agency",
    "差额支付承诺人": "credit_enhancement.difference_payment_provider",
    "差额支付义务人": "credit_enhancement.difference_payment_provider",
    "担保人": "credit_enhancement.guarantor", "保证人": "credit_enhancement.guarantor",
}
PLAN_TERMS = ("专项计划", "本专项计划", "本计划")
_ROLE_ALT = "|".join(sorted(ROLES, key=len, reverse=True))
ORG_SUFFIX = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|分公司|分行|支行|银行|集团|中心|大学|学院|研究院|研究所|合伙）|合伙\))")
_NAME_RUN = re.compile(r"[^\s，。；;：:、“”\"《》|,]{2,60}")
_DEFINITION = re.compile(r"^\s*([^：:|]{1,40}?)\s*[：:]\s*(?:指\s*)?(.+)$")
_TERM_QUOTES = "“”\"‘’'「」『』"
_SPACED_DEFINITION = re.compile(r"^\s*(\S{1,40})\s+指\s+(.+)$")
_ROLE_IS = re.compile(rf"(?<!由)({_ROLE_ALT})(?:为|是)")
_SHORT_NAME = re.compile(r"[（(]以下(?:简称|称)[“\"]([^”\"]{1,20})[”\"][）)]")
_DIFFERENCE_LETTER = re.compile(r"出具(?:了)?(?:《)?差额支付承诺")
PLAN_NAME = re.compile(r"[^\s，。；;：:、“”\"《》|]{2,80}?资产支持专项计划(?:[（(]([^）)]{1,12})[）)])?")
_NOT_PART_OF_NAME = re.compile(r"摘要|节选|摘录|草案|以下|简称|修订")
_NAME_PREFIX = re.compile(r"^(?:关于|根据|作为|本期|本)")
# A plan's name is a proper name; policy prose about such plans in general ('对成功发行知识产权资产支持
# 专项计划的…', '开展…试点') has verbs and function words in front, or nothing but generic words.
_PROSE = re.compile(r"[对在以的为将是由按从向]|发行|设立|开展|支持(?!专项)|鼓励|推动|申请")
_GENERIC = re.compile(r"^(?:知识产权|专利|商标|版权|著作权|供应链|融资租赁|资产支持|该|此|各|相关)*$")


def org_at_start(text: str) -> str | None:
    """The organisation name that opens `text` ('中信证券股份有限公司为…' -> '中信证券股份有限公司'):
    the longest run up to a legal-form suffix, before any punctuation."""
    run = _NAME_RUN.match(text.strip())
    if not run:
        return None
    ends = [m.end() for m in ORG_SUFFIX.finditer(run.group())]
    return run.group()[:ends[-1]] if ends else None


def orgs_listed(text: str) -> list[str]:
    """'甲有限公司、乙大学' -> both names; stops at the first piece that is not a name."""
    out = []
    for piece in re.split(r"[、/／;；]", text.strip()):
        name = org_at_start(piece)
        if name is None or name != piece.strip():
            if name is not None:
                out.append(name)
            break
        out.append(name)
    return out


def plan_name(text: str) -> str | None:
    """The 专项计划's full name in a line, without '关于' in front or '（摘要）' behind."""
    match = PLAN_NAME.search(text) if "资产支持专项计划" in text else None
    if not match:
        return None
    name = match.group()
    if match.group(1) and _NOT_PART_OF_NAME.search(match.group(1)):
        name = name[:name.rfind(match.group(1)) - 1]
    name = _NAME_PREFIX.sub("", name)
    stem = name.split("资产支持专项计划")[0]
    if _PROSE.search(stem) or _GENERIC.match(stem):
        return None
    return name


@dataclass
class Parties:
    found: list[Found] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)   # short name or role word -> full name


def definition(line: TextLine) -> tuple[list[str], str] | None:
    """(terms, value) of a 释义 or label line: '原始权益人、京文租赁 | 指 | 北京…', '管理人：指…', '托管人：…'."""
    cells = line.cells() if " | " in line.text else []
    if len(cells) >= 3 and cells[1] == "指":
        terms, value = cells[0], cells[2]
    elif len(cells) == 2:
        terms, value = cells
    else:
        match = _DEFINITION.match(line.text) or _SPACED_DEFINITION.match(line.text)
        if not match:
            return None
        terms, value = match.groups()
    # 释义 often quotes its terms: '“计划管理人”：指…', '「托管人」'.
    terms = [t.strip().strip(_TERM_QUOTES).strip() for t in re.split(r"[、/／,，]", terms)]
    return [t for t in terms if t], value.strip()


def find_parties(lines: list[TextLine]) -> Parties:
    out = Parties()
    named_files: set[str] = set()
    for line in lines:
        evidence = Evidence.of(line)
        parsed = definition(line)
        if parsed:
            terms, value = parsed
            if any(t in PLAN_TERMS for t in terms) and (name := plan_name(value)):
                out.found.append(Found("name", name, evidence))
            roles = [ROLES[t] for t in terms if t in ROLES]
            name = org_at_start(value)
            if roles and name:
                for path in dict.fromkeys(roles):
                    out.found.append(Found(path, name, evidence))
                for term in terms:
                    out.aliases.setdefault(term, name)
        if line.file not in named_files and (name := plan_name(line.text)):
            named_files.add(line.file)   # the first line naming a plan is the title of this file
            out.found.append(Found("name", name, evidence))
        for match in _ROLE_IS.finditer(line.text):
            if parsed and match.start() == 0:
                continue   # already read as a label line
            name = org_at_start(line.text[match.end():])
            if name:
                out.found.append(Found(ROLES[match.group(1)], name, evidence))
                out.aliases.setdefault(match.group(1), name)
        for match in _SHORT_NAME.finditer(line.text):
            name = org_at_start(_NAME_RUN.findall(line.text[:match.start()])[-1]) if _NAME_RUN.findall(line.text[:match.start()]) else None
            if not name:
                continue
            alias = match.group(1)
            out.aliases.setdefault(alias, name)
            if alias in ROLES:
                out.found.append(Found(ROLES[alias], name, evidence))
        for match in _DIFFERENCE_LETTER.finditer(line.text):
            runs = _NAME_RUN.findall(line.text[:match.start()])
            name = org_at_start(runs[-1]) if runs else None
            if name and name == runs[-1]:
                out.found.append(Found("credit_enhancement.difference_payment_provider", name, evidence))
    return out
