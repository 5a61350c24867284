"""Renders a Report as JSON, Markdown or HTML, and decides what every format shows first."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from rules.basis import BasisQuote, ReportContext
from rules.findings import Finding, Footing, Report, SubsidyResult, Verdict
from rules.footing import footing_of
from rules.labels import (COUNT_NAMES, FOOTING_NAME, PRACTICE, PRACTICE_NAME, SEVERITIES, SOURCE_KIND_MARK, STATEMENT,
                          UNVERIFIED, VERDICT_MEANING, VERDICT_MEANING_UNREAD, VERIFICATION_MEANING, field_label,
                          is_money_field, money)

FORMATS = ("md", "html", "json")   # pdf is printed from the html by app.pdf


def render(report: Report, fmt: str = "md", context: ReportContext | None = None) -> str:
    """Render a report as 'md', 'html' or 'json'; `context` adds basis texts and sign-off data."""
    context = context or ReportContext()
    if fmt == "json":
        return to_json(report, context)
    if fmt == "md":
        from rules.report_md import to_markdown

        return to_markdown(report, context)
    if fmt == "html":
        from rules.report_html import to_html

        return to_html(report, context)
    raise ValueError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")


# ---------------------------------------------------------------- what every format shows


_IN_FORCE_FROM = re.compile(r"^\s*as_of\s*>=\s*date\('(\d{4}-\d{2}-\d{2})'\)\s*$")


def not_applicable_lines(report: Report) -> list[str]:
    """Each rule left out, with its title and why (RULEBOOK §14: a rule not yet in force on the deal's date
    is listed as "not applicable (in force from …)", never silently omitted)."""
    from rules.packs import find_rule

    lines = []
    for rule_id in report.not_applicable:
        rule = find_rule(rule_id)
        if rule is None:
            lines.append(rule_id)
            continue
        title = rule.title.get("en") or rule.title.get("zh") or ""
        when = rule.when.source if getattr(rule, "when", None) is not None else ""
        starts = _IN_FORCE_FROM.match(when)
        if starts and report.as_of.isoformat() < starts.group(1):
            why = f"not applicable (in force from {starts.group(1)}) · 尚未施行（{starts.group(1)}起施行）"
        elif when:
            why = f"outside its scope for this deal (applies when: {when}) · 不在适用范围内"
        else:
            why = "not applicable · 不适用"
        lines.append(f"{rule_id} — {title}: {why}")
    return lines


def is_unverified(basis: dict) -> bool:
    return basis.get("verification") in UNVERIFIED


def is_practice(basis: dict) -> bool:
    return basis.get("instrument") == PRACTICE


def cite(basis: dict) -> str:
    """《专利法》第四十三条 [V]; a foreign instrument without the Chinese title marks; practice as practice;
    the version cited when it is not the deal date's; an article cited by analogy says so."""
    name, article, tag = basis.get("instrument", ""), basis.get("article", ""), basis.get("verification", "")
    if name == PRACTICE:
        return f"{PRACTICE_NAME} [{tag}]"
    chinese = any("\u4e00" <= c <= "\u9fff" for c in name)
    text = f"《{name}》{article}" if chinese else f"{name} {article}"
    if basis.get("governing_on"):
        text += f" (as it stood on {basis['governing_on']} · {basis['governing_on']}时的文本)"
    if basis.get("analogy"):
        text += " (by analogy: no cited article governs the rights concerned · 类比引用)"
    return f"{text} [{tag}]"


def version_note(basis: dict, quote: BasisQuote | None, as_of: str) -> str:
    """Why the quoted text is not the one that governs: another version than the deal date's, or than the
    one governing the right the basis is cited for (`governing_on`); empty when it governs."""
    if quote is None:
        return ""
    return quote.version_warning(as_of, basis.get("governing_on", ""))


def footing(finding: Finding, context: ReportContext) -> Footing:
    """What `finding` rests on once the library is read: a verified basis whose article (in the version
    that governs) the library does not hold is no legal text to rest on."""
    if not context.bases:
        return finding.footing
    return footing_of(finding.basis, [context.quote(b) for b in finding.basis])


def verdict_meaning(shown: Verdict, context: ReportContext) -> str:
    """What the verdict shown means; a block on verified law read from no library says the text is not quoted (a
    report whose library could not be read claimed a text "held in the library")."""
    if context.library is not None and context.library.error:
        return VERDICT_MEANING_UNREAD.get(shown, VERDICT_MEANING[shown])
    return VERDICT_MEANING[shown]


def verdict(report: Report, context: ReportContext) -> Verdict:
    """The verdict a rendering shows: the checker's, except that a block none of whose failures rests on a
    legal text the library holds is `blocked_unverified`."""
    failed = [f for f in report.findings if f.status == "fail"]
    if report.verdict == "blocked" and not any(footing(f, context) == "law" for f in failed):
        return "blocked_unverified"
    return report.verdict


def grouped(report: Report) -> list[tuple[str, list[Finding]]]:
    """Severity groups in order, each with failures first (findings are already sorted)."""
    return [(sev, [f for f in report.findings if f.severity == sev]) for sev in SEVERITIES]


def blocking_and_warning(report: Report) -> list[Finding]:
    """What stands between the deal and a clear verdict: failures, warnings, undecided requirements."""
    return [f for f in report.findings if f.status != "pass" and f.severity != "info"]


def notes(report: Report) -> list[Finding]:
    """Broken info rules: shown, but they never change the verdict."""
    return [f for f in report.findings if f.status == "warn" and f.severity == "info"]


def counts(report: Report) -> dict[str, int]:
    """Findings by what they mean for the verdict: a broken info rule is a note, not a warning."""
    out = dict.fromkeys(COUNT_NAMES, 0)
    for f in report.findings:
        is_note = f.status == "warn" and f.severity == "info"
        out["note" if is_note else "warning" if f.status == "warn" else f.status] += 1
    return out


def counts_text(report: Report) -> str:
    return " · ".join(f"{n} {COUNT_NAMES[k]}" for k, n in counts(report).items())


def warnings(report: Report, context: ReportContext) -> list[str]:
    """What counsel must read before the verdict: unverified bases under blocking results, versions
    not in force on the deal date, a library that could not be read."""
    out = []
    as_of = report.as_of.isoformat()
    not_law = [f"{f.rule_id} ({FOOTING_NAME[on]})" for f in report.findings
               if f.status == "fail" and (on := footing(f, context)) != "law"]
    if not_law:
        out.append(f"{len(not_law)} blocking failure(s) rest on no verified legal text held in the library, so they "
                   f"do not show that the law forbids the deal: {', '.join(not_law)}. "
                   f"这些阻断性结论并非依据已核对的法律条文。")
    shaky = [f.rule_id for f in report.findings if f.severity == "blocking" and f.status == "fail"
             and footing(f, context) == "law" and any(is_unverified(b) for b in f.basis)]
    if shaky:
        out.append(f"{len(shaky)} blocking failure(s) also cite a basis not verified against the official text "
                   f"(E or R): {', '.join(shaky)}. 阻断性结论所依据的部分条文未经官方文本核对。")
    passing = [f.rule_id for f in report.findings if f.severity == "blocking" and f.status == "pass"
               and f.basis and all(is_unverified(b) for b in f.basis)]
    if passing:
        out.append(f"{len(passing)} passing blocking requirement(s) cite only unverified bases (E or R): "
                   f"{', '.join(passing)}.")
    unquoted = [f.rule_id for f in report.findings if f.status == "fail" and context.bases
                and any((q := context.quote(b)) is not None and not q.found and not is_practice(b) for b in f.basis)]
    if unquoted:
        out.append(f"{len(unquoted)} blocking failure(s) cite an article the library does not hold, so its text "
                   f"is not quoted: {', '.join(unquoted)}. 部分阻断性结论所引条文不在知识库中。")
    old = sorted({cite(b) for f in report.findings for b in f.basis if version_note(b, context.quote(b), as_of)})
    if old:
        out.append(f"The quoted text is not the law in force on {as_of} (a later or earlier version, or a law not yet "
                   f"in force then), or not the version governing the right it is cited for, for: {'; '.join(old)}.")
    if context.library is not None and context.library.error:
        out.append(f"The legal basis texts could not be read from the library: {context.library.error}")
    impossible = impossible_patent_numbers(context)
    if impossible:
        out.append("No patent can have these numbers: their check digit does not add up (CNIPA's mod-11 check), most "
                   "likely a typing error; a finding about the right cannot be checked against the register until the "
                   "number is corrected: " + "; ".join(f"{right}, whose check digit would be {expected}"
                                                       for right, expected in impossible)
                   + ". 专利号校验位不符，请核对。")
    if context.unconfirmed:
        paths = ", ".join(u["path"] for u in context.unconfirmed)
        out.append(f"{len(context.unconfirmed)} value(s) intake read from the documents could not be confirmed and the "
                   f"deal still holds them as intake left them ({paths}): a finding that reads one may be wrong. Confirm "
                   f"each (see “{UNCONFIRMED_TITLE}”) and correct the deal file. 导入时未能核实的取值尚未更正，相关结论可能有误。")
    return out


def impossible_patent_numbers(context: ReportContext) -> list[tuple[str, str]]:
    """(the right as a person names it, the check digit its number would have) for each patent number in the deal
    whose check digit does not add up: the pool's rights ("IP right #1 (ZL…)"), then the numbers the claims name
    that no right of the pool holds ("claim L1's IP right ZL…"). Left out: those intake already lists as
    unconfirmed (user12: the checker passed numbers intake flags)."""
    from rules.intake.patent_no import PatentNumber

    def expected(text: str | None) -> str | None:
        number = PatentNumber.parse(text or "")
        return number.expected_check if number and not number.adds_up else None

    pool = context.deal.pool if context.deal else None
    rights, claims = ((pool.ip or []), (pool.claims or [])) if pool else ([], [])
    listed = {u["path"] for u in context.unconfirmed}
    found = []
    for i, right in enumerate(rights):
        if (digit := expected(right.reg_no)) and f"pool.ip[{i}].reg_no" not in listed:
            found.append((f"IP right #{i + 1} ({right.reg_no})", digit))
    held = {right.reg_no for right in rights}   # a right of the pool is named once, as the pool's
    for i, claim in enumerate(claims):
        for reg_no in dict.fromkeys(claim.ip_reg_nos or []):
            if reg_no not in held and (digit := expected(reg_no)):
                found.append((f"claim {claim.id or f'#{i + 1}'}'s IP right {reg_no}", digit))
    return found


UNCONFIRMED_TITLE = "Values intake could not confirm · 导入时未能核实的取值"
UNCONFIRMED_COLUMNS = ("Field · 字段", "Value · 取值", "Why · 原因", "Document, page · 文件、页", "Text · 原文")


def unconfirmed_rows(context: ReportContext) -> list[tuple[str, str, str, str, str, str]]:
    """(label, path, value, why, document and page, text) for each value intake could not confirm that the deal
    still holds."""
    return [(field_label(u["path"]), u["path"], f"{u['value']} ({'kept as written' if u['kept'] else 'left empty'})",
             u["reason"], f"{u['file']} p.{u['page'] or '-'}", one_line(u["text"])) for u in context.unconfirmed]


def unconfirmed_note(context: ReportContext) -> str:
    """What the verdict line adds while the deal holds values intake could not confirm, or patent numbers no patent can
    have: the verdict rests on them."""
    n, impossible = len(context.unconfirmed), len(impossible_patent_numbers(context))
    note = f" — ⚠ resting on {n} value(s) intake could not confirm · 依赖{n}项未能核实的取值" if n else ""
    return note + (f" — ⚠ {impossible} patent number(s) that cannot exist · {impossible}个专利号校验位不符" if impossible else "")


def one_line(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class FactRow:
    label: str      # what a person reads: the field's description, else its path
    path: str
    value: str
    about: str      # the IP right, claim or tranche the value belongs to ('' for deal-level facts)
    sources: tuple[dict, ...] = ()   # {"value", "file", "page", "text"}: the documents that state it (intake)


def fact_rows(finding: Finding, context: ReportContext) -> list[FactRow]:
    """The facts a finding read, labelled and formatted for a person."""
    rows = []
    for path, value in finding.facts.items():
        about = _item_named(path, context.deal) or _derived_owner(path, value, context.deal)
        rows.append(FactRow(field_label(path), path, show_value(path, value), about, context.sources(path, value)))
    return rows


def source_text(row: FactRow) -> str:
    """Where a fact's value is stated, for a printed report: file, page and the words, e.g. `a.pdf p.3 “…”`."""
    return "; ".join(f"{s['file']} p.{s['page'] or '-'} “{one_line(s['text'], 120)}”" for s in row.sources)


PASS_FACTS_SHOWN = 6   # a passing rule lists its first facts; the JSON report has them all


def facts_to_print(finding: Finding, context: ReportContext) -> tuple[list[FactRow], int]:
    """The fact rows a printed report shows for `finding`, and how many more the JSON report holds:
    every fact of a failure, warning or undecided rule; the first few of a pass."""
    rows = fact_rows(finding, context)
    if finding.status != "pass" or len(rows) <= PASS_FACTS_SHOWN:
        return rows, 0
    return rows[:PASS_FACTS_SHOWN], len(rows) - PASS_FACTS_SHOWN


def show_value(path: str, value: Any) -> str:
    if value is None:
        return "— (not given · 未提供)"
    if isinstance(value, bool):
        return "yes · 是" if value else "no · 否"
    if isinstance(value, (int, float)) and is_money_field(path):
        return money(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


_ITEMS = {"ip": "IP right · 知识产权", "claims": "Claim · 基础资产", "tranches": "Tranche · 档次",
          "schedule": "Payment · 还款"}


def _item_named(path: str, deal) -> str:
    """`pool.ip[3].annual_fee_paid` -> `IP right · 知识产权 #4: ZL201720000104.1 某专利`."""
    match = re.match(r"^(?:pool\.|deal\.)?(ip|claims|tranches)\[(\d+)\]", path)
    if not match:
        return ""
    kind, index = match.group(1), int(match.group(2))
    item = _nth(deal, kind, index)
    name = "Loan · 贷款" if getattr(item, "type", None) == "loan_receivable" else _ITEMS[kind]
    return f"{name} #{index + 1}" + (f": {_describe_item(kind, item)}" if item is not None else "")


def _nth(deal, kind: str, index: int):
    if deal is None:
        return None
    owner = deal.deal if kind == "tranches" else deal.pool
    items = getattr(owner, kind, None) if owner is not None else None
    return items[index] if items and index < len(items) else None


def _describe_item(kind: str, item) -> str:
    if kind == "ip":
        parts = [item.ip_type, item.reg_no, item.title]
    elif kind == "claims":
        parts = [item.id, item.obligor]
    else:
        parts = [item.name, item.seniority]
    return " ".join(str(p) for p in parts if p) or "(unnamed)"


def _derived_owner(path: str, value: Any, deal) -> str:
    """Which IP right or claim a derived date comes from (the earliest expiry, the last due date)."""
    if deal is None or deal.pool is None or value is None:
        return ""
    if path == "derived.min_ip_expiry":
        from rules.derived import ip_expiry

        hits = [f"#{i + 1} {_describe_item('ip', ip)}" for i, ip in enumerate(deal.pool.ip or [])
                if (d := ip_expiry(ip.model_dump())) is not None and d.isoformat() == str(value)]
        return ("expires first · 最早到期: " + "; ".join(hits)) if hits else ""
    if path == "derived.max_claim_due":
        hits = [f"#{i + 1} {_describe_item('claims', c)}" for i, c in enumerate(deal.pool.claims or [])
                if c.last_due_date is not None and c.last_due_date.isoformat() == str(value)]
        return ("due last · 最晚到期: " + "; ".join(hits)) if hits else ""
    return ""


def subsidy_reasons(sub: SubsidyResult) -> list[str]:
    """For an ineligible programme only the unmet criteria matter; otherwise show them all."""
    if sub.eligible is False:
        return [r for r in sub.reasons if r.startswith("not met:")]
    return sub.reasons


def subsidy_source(sub: SubsidyResult) -> str:
    """Where a programme's terms were read, as of when, and whether that is a repost, not the issuer's notice."""
    mark = SOURCE_KIND_MARK[sub.source_kind]
    return f"{sub.source} ({sub.as_of})" + (f" — {mark}" if mark else "")


def subsidies_in_order(report: Report) -> list[SubsidyResult]:
    """Eligible programmes first, then undecided, then not eligible."""
    return sorted(report.subsidies, key=lambda s: {True: 0, None: 1, False: 2}[s.eligible])


def eligible_total_text(report: Report) -> str:
    eligible = [s for s in report.subsidies if s.eligible]
    if not eligible:
        return "none eligible · 无符合条件的项目"
    return money(sum(s.estimated_amount or 0 for s in eligible if s.currency in ("CNY", "RMB")))


def packs_text(report: Report) -> str:
    return ", ".join(f"{p['name']} {p['version']}" for p in report.packs)


def library_text(context: ReportContext) -> str:
    lib = context.library
    if lib is None:
        return "not consulted: no basis texts were looked up · 未查询知识库"
    if lib.error:
        return f"unavailable: {lib.error}"
    quoted = "; ".join(f"{d['title']} (version {d.get('version') or '—'}, in force from "
                       f"{d.get('effective_from') or '—'}, id {d['doc_id']})" for d in lib.quoted)
    return f"{lib.documents} documents, state sha256:{lib.state_hash}" + (f"; quoted: {quoted}" if quoted else "")


def signoff_rows(report: Report, context: ReportContext) -> list[tuple[str, str]]:
    return [
        ("Deal · 交易", f"{report.deal_name or report.deal_id} (id {report.deal_id})"),
        ("Rules judged as of · 检查基准日", report.as_of.isoformat()),
        ("Generated · 生成时间", context.generated_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Run by · 执行人", context.run_by or "—"),
        ("Rule packs · 规则包", packs_text(report)),
        ("Library the basis texts came from · 条文来源", library_text(context)),
    ]


# ---------------------------------------------------------------- JSON


def finite(value: Any) -> Any:
    """Standard JSON has no NaN or Infinity: such a number is written as its text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def to_json_dict(report: Report, context: ReportContext) -> dict:
    """`Report.to_dict()` plus what a reader needs (keys only added; `verdict` and each finding's `footing`
    are those once the library is read, see `verdict` and `footing`)::

        "verdict_meaning": str, "verification_legend": {"V"|"E"|"R": str},
        "counts": {"fail", "warning", "note", "not_evaluable", "pass": int},
        "attention": [{"rule_id", "status", "severity", "title", "footing", "reason"}],   # blocking and warning
        "warnings": [str],                                                    # what to read before the verdict
        "unconfirmed": [{"path", "value", "kept", "reason", "file", "page", "text"}],  # intake's doubts still held
        "signoff": {"generated_at", "run_by", "as_of", "packs", "library": {"state_hash", "documents",
                    "quoted": [{"doc_id", "title", "version", "effective_from"}], "error"} | null, "statement"},
        findings[].facts_shown: [{"label", "path", "value", "about", "sources": [{"value", "file", "page", "text"}]}],
        findings[].basis[]: + "unverified": bool, "version_warning": str,
                              "quote": {"found", "text", "note", "title", "doc_id", "version", "effective_from",
                                        "effective_to", "page", "in_force_on_as_of"} | null (library not read)

    Numbers that JSON cannot hold (inf, nan) are written as text.
    """
    data = report.to_dict()
    for finding, source in zip(data["findings"], report.findings):
        finding["facts_shown"] = [vars(row) for row in fact_rows(source, context)]
        finding["footing"] = footing(source, context)
        for basis in finding["basis"]:
            quote = context.quote(basis)
            basis["unverified"] = is_unverified(basis)
            basis["quote"] = quote.to_dict() if quote is not None else None
            basis["version_warning"] = version_note(basis, quote, data["as_of"])
    data["verdict"] = verdict(report, context)
    data["verdict_meaning"] = verdict_meaning(data["verdict"], context)
    data["counts"] = counts(report)
    data["attention"] = [{"rule_id": f.rule_id, "status": f.status, "severity": f.severity, "title": f.title,
                          "footing": footing(f, context), "reason": one_line(f.explanation)}
                         for f in blocking_and_warning(report)]
    data["verification_legend"] = dict(VERIFICATION_MEANING)
    data["not_applicable_why"] = not_applicable_lines(report)    # one line per id in "not_applicable"
    data["warnings"] = warnings(report, context)
    data["unconfirmed"] = list(context.unconfirmed)
    data["signoff"] = {
        "generated_at": context.generated_at.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        "run_by": context.run_by, "as_of": data["as_of"], "packs": data["packs"],
        "library": context.library.to_dict() if context.library is not None else None,
        "statement": STATEMENT,
    }
    return finite(data)


def to_json(report: Report, context: ReportContext) -> str:
    return json.dumps(to_json_dict(report, context), ensure_ascii=False, indent=2, allow_nan=False)

