"""What verdicts, statuses and verification tags mean, and how values read to a person: defined once."""
from __future__ import annotations

import math
import re
from typing import Any, Literal, get_args

from rules.findings import SEVERITIES, VERDICTS   # the allowed values; their meanings and names are here

Verification = Literal["V", "E", "R"]

# The one meaning of each verdict (rules.findings.verdict_of computes it). A broken info rule is a
# note: it never changes the verdict, and a clear report still lists its notes.
VERDICT_NAME = {"blocked": "Blocked by law · 依法存在阻断性问题",
                "blocked_unverified": "Blocked on practice or unverified bases · 因市场惯例或未核实依据受阻（非法定结论）",
                "conditional": "Conditional: warnings or missing facts · 待定：存在警示或待补充事实（非通过）", "clear": "Clear · 未发现阻断或警示问题"}
# The library could not be read: a verified text is not quoted, nor shown to be held there.
VERDICT_MEANING_UNREAD = {
    "blocked": "at least one blocking requirement fails on a legal text verified against the official text; the "
               "library could not be read, so that text is not quoted here and is not shown to be held there.",
}
VERDICT_MEANING = {
    "blocked": "at least one blocking requirement fails on a legal text verified against the official text and "
               "held in the library.",
    "blocked_unverified": "blocking requirements fail, but each rests only on market practice or on a basis not "
                          "verified in the library (E or R, an article or version the library does not hold, an "
                          "analogy): the law is not shown to forbid the deal; counsel must confirm each source "
                          "before treating the deal as non-compliant.",
    "conditional": "no blocking requirement fails, but a warning requirement is not met or a blocking or "
                   "warning requirement could not be decided for missing facts.",
    "clear": "no blocking or warning requirement fails or is undecided; info notes may remain and are listed.",
}
# What a failed or warned finding rests on (rules.footing decides); a finding on a verified text needs no label.
FOOTING_NAME = {"law": "Verified legal text · 已核对的法律条文",
                "practice": "Market practice, not law · 市场惯例，非法律规定",
                "unverified": "Basis unverified or not in the library · 依据未经核实或不在知识库中"}


def verdict_help() -> str:
    """The verdict definition as CLI help prints it."""
    return "; ".join(f"`{v}`: {VERDICT_MEANING[v].rstrip('.')}" for v in VERDICTS) + "."


STATUS_NAME = {"fail": "Fail · 不合规", "warn": "Warning · 警示", "not_evaluable": "Missing facts · 待补充",
               "pass": "Pass · 合规"}
NOTE_NAME = "Note · 提示"   # a broken info rule: status warn, severity info
# Findings counted by what they mean for the verdict (rules.report.counts).
COUNT_NAMES = {"fail": STATUS_NAME["fail"], "warning": STATUS_NAME["warn"], "note": NOTE_NAME,
               "not_evaluable": STATUS_NAME["not_evaluable"], "pass": STATUS_NAME["pass"]}
SEVERITY_NAME = {"blocking": "Blocking · 阻断", "warning": "Warning · 警示", "info": "Info · 提示"}


def status_name(status: str, severity: str = "", footing: str = "law") -> str:
    """A finding's status as shown: a broken info rule reads as a note, not a warning; a failure or warning
    that rests on no verified legal text says what it rests on (it is not a breach of law)."""
    if status == "warn" and severity == "info":
        return NOTE_NAME
    return FOOTING_STATUS.get((status, footing)) or STATUS_NAME.get(status, status)


# A failure or warning on no verified legal text is named for what it rests on, never "non-compliant".
FOOTING_STATUS = {("fail", "practice"): "Fails market practice · 不符合市场惯例（非法律规定）",
                  ("fail", "unverified"): "Fails, basis unverified · 未通过（依据未经核实）",
                  ("warn", "practice"): "Warning, market practice · 警示（市场惯例）",
                  ("warn", "unverified"): "Warning, basis unverified · 警示（依据未经核实）"}


VERIFICATION_MEANING = {
    # RULEBOOK §14 raised tags to V on partial verbatim texts (some from reposts): the cited article is
    # held word for word, not necessarily the whole instrument from the official site.
    "V": ("checked against the verbatim text of the cited article held in the library (for some instruments "
          "only part of the text, from a repost) · 已核对知识库所存该条原文（部分文件仅存部分条文）"),
    "E": "seen in an excerpt only, not the full official text · 仅见摘录，未核对官方全文",
    "R": "from recollection, not verified · 凭记忆整理，未经核实",
}
UNVERIFIED = ("E", "R")
# A basis resting on market practice names this "instrument" (rule packs' convention): it is no law,
# has no article to quote, and is never printed as an instrument.
PRACTICE = "市场惯例（非规范性文件）"
PRACTICE_NAME = "Market practice, not a legal instrument · 市场惯例（非规范性文件）"
UNVERIFIED_MARK = "basis not verified against the official text · 依据未经官方文本核对"
ELIGIBILITY_NAME = {True: "Eligible · 符合", False: "Not eligible · 不符合", None: "Undecided · 待定"}
# Where a subsidy programme's terms were read: the issuer's own site, or a copy of the notice on a news,
# consultancy or firm site (S3-5: the reports cited such reposts as if they were the notice). The mark is
# printed after the source wherever a report shows it.
SourceKind = Literal["official", "repost"]
SOURCE_KIND_MARK = {"official": "", "repost": "unofficial repost, not the issuer's notice · 非官方转载"}

# What a signed report is and is not; printed at the top of every format.
STATEMENT = (
    "This report applies machine-readable rule packs to the facts stated in the deal file, on the as-of date "
    "shown. It is a checklist for counsel's review, not a legal opinion: it does not verify the facts, "
    "it covers only the rules in the packs listed, and a legal basis marked E or R has not been checked "
    "against the official text. 本报告依据所列规则包对交易文件所述事实进行核查，仅供律师审阅参考，不构成法律意见。"
)


# ---------------------------------------------------------------- money

_YI, _WAN = 100_000_000, 10_000
_RMB = ("CNY", "RMB", "")


def _trim(number: float, places: int) -> str:
    return f"{number:,.{places}f}".rstrip("0").rstrip(".")


def money(amount: Any, currency: str = "CNY") -> str:
    """`人民币 7.33 亿元 / RMB 733,000,000`; other currencies `EUR 1,000,000`; '—' when unknown."""
    if amount is None or isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return "—" if amount is None else str(amount)
    if not math.isfinite(amount):
        return str(amount)
    exact = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    if currency.upper() not in _RMB:
        return f"{currency} {exact}"
    size = abs(amount)
    if size >= _YI:
        zh = f"人民币 {_trim(amount / _YI, 4)} 亿元"
    elif size >= _WAN:
        zh = f"人民币 {_trim(amount / _WAN, 2)} 万元"
    else:
        zh = f"人民币 {_trim(amount, 2)} 元"
    return f"{zh} / RMB {exact}"


# ---------------------------------------------------------------- field labels

_INDEX = re.compile(r"\[\d+\]")


def _field_info(path: str):
    """The pydantic FieldInfo behind a deal path (`pool.ip[2].filing_date`), or None."""
    from rules.deal import Deal, _unwrap

    model: Any = Deal
    info = None
    for part in _INDEX.sub("", path).split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        model = _unwrap(info.annotation)
    return info


_EXAMPLE = re.compile(r"\s*(?:[;；,，(（]\s*)?(?:e\.g\.|for example|例如|例：|如：).*$", re.IGNORECASE)


# Facts computed before the rules run (rules.derived), which the deal model does not describe.
DERIVED_LABEL = {
    "derived.min_ip_expiry": "最早届满的知识产权保护期 / earliest IP expiry",
    "derived.ip_buffer_days": "保护期届满晚于法定到期日的天数 / days of IP term after legal final maturity",
    "derived.max_claim_due": "基础资产最晚到期日 / last claim due date",
    "derived.top1_obligor_share": "第一大债务人占比 / largest obligor's share",
    "derived.top5_obligor_share": "前五大债务人占比 / top five obligors' share",
    "derived.obligor_count": "债务人数量 / number of obligors",
    "derived.claim_types": "基础资产类型 / claim types",
    "derived.retention_pct": "风险自留比例 / risk retention share",
    "derived.tranche_total": "各档合计规模 / total of the tranches",
    "derived.ip_count": "知识产权数量 / number of IP rights",
    "derived.patent_count": "专利数量 / number of patents",
    "expiry_date": "保护期届满日 / protection ends",
    "is_patent": "是否为专利 / is a patent",
}


def field_label(path: str) -> str:
    """A deal field as a person reads it: its title, or its description's first line without the example;
    the path when the model describes neither."""
    leaf = _INDEX.sub("", path).rsplit(".", 1)[-1]
    derived = DERIVED_LABEL.get(_INDEX.sub("", path)) or (DERIVED_LABEL.get(leaf) if path.startswith("pool.ip") else None)
    if derived:
        return derived
    info = _field_info(path)
    return label_of(getattr(info, "title", None) or getattr(info, "description", None) or "") or path


def label_of(description: str) -> str:
    """`发行规模 · Issue size, in yuan; e.g. 733000000` -> `发行规模 · Issue size, in yuan`."""
    text = description.strip()
    if not text:
        return ""
    label = _EXAMPLE.sub("", text.splitlines()[0]).strip()
    label = re.sub(r"\s*[(（](?:是/否|true/false)[)）]", "", label)   # a yes/no value says so itself
    return re.sub(r"\s*[(（][^)）]*$", "", label).strip()   # an aside the cut left open


def field_choices(path: str) -> list[str]:
    """The allowed values of a Literal deal field (`deal.venue` -> SZSE, SSE, …), [] for a free field."""
    import types
    from typing import Union, get_origin

    info = _field_info(path)
    annotation = getattr(info, "annotation", None)
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next((a for a in get_args(annotation) if a is not type(None)), None)
    return [str(v) for v in get_args(annotation)] if get_origin(annotation) is Literal else []


def field_help(path: str) -> str:
    """The full description of a deal field, '' when it has none."""
    info = _field_info(path)
    return (getattr(info, "description", None) or "").strip()


# Amount fields of the deal model (all in yuan); rules.deal types them `Money`, an alias of float
# that leaves no trace at run time, so they are named here.
MONEY_FIELDS = frozenset({
    "size", "min_size", "raised_size", "issue_size", "min_subscription", "transfer_price", "amount", "value",
    "audited_revenue_prev_year", "financing_amount", "issued_amount", "financing_cost", "issuance_amount",
    "shelf_size", "first_issue_size", "bad_debt", "pledge_loan_fees", "pledge_loan_interest",
    "applicant_revenue_prev_year", "derived.tranche_total",
})


def is_money_field(path: str) -> bool:
    """True for a deal path that holds an amount in yuan (`deal.issue_size`, `pool.claims[0].amount`)."""
    plain = _INDEX.sub("", path)
    return plain in MONEY_FIELDS if plain.startswith("derived.") else plain.rsplit(".", 1)[-1] in MONEY_FIELDS


# What every rendering of a report (Markdown, HTML, the web's findings) says of a basis it cannot quote,
# and the heading of one it can.
PRACTICE_NOTE = "Market practice: there is no legal text to quote · 市场惯例，无条文可引"
NOT_LOOKED_UP = "Text not looked up: this report was rendered without the library · 未查询条文"
NOT_IN_LIBRARY = "Not in the library · 知识库中暂无原文"
IN_LIBRARY = "Text in the library · 条文原文"
GOVERNS = "Cited for · 适用于"   # a basis cited in the version governing one right (rules.cited)
