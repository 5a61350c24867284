"""The compliance report as Markdown: every deal or library string escaped, so no viewer runs it as HTML."""
from __future__ import annotations

from rules.basis import ReportContext, source_line
from rules.findings import Finding, Report
from rules.labels import (ELIGIBILITY_NAME, GOVERNS, IN_LIBRARY, NOT_IN_LIBRARY, NOT_LOOKED_UP, PRACTICE_NOTE,
                          SEVERITY_NAME, STATEMENT, STATUS_NAME, UNVERIFIED_MARK, VERDICTS, VERDICT_MEANING, VERDICT_NAME,
                          VERIFICATION_MEANING, money, status_name)
from rules.report import (blocking_and_warning, cite, counts_text, eligible_total_text, facts_to_print, footing, grouped,
                          not_applicable_lines, source_text, verdict, verdict_meaning, version_note,
                          is_practice, is_unverified, notes, one_line, signoff_rows, subsidies_in_order, subsidy_reasons, warnings,
                          subsidy_source,
                          UNCONFIRMED_COLUMNS, UNCONFIRMED_TITLE, unconfirmed_note, unconfirmed_rows)

# Backslash-escaped, these ASCII characters are always literal in CommonMark: no tag (<), entity (&),
# link ([), emphasis (* _ ~), table cell (|), heading (#) or code span (`) can start from deal text.
_MD_SPECIAL = set("\\`*_[]<>&|~#!")


def md(text: object) -> str:
    """Inline text: Markdown and HTML syntax escaped, line breaks folded into spaces."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in " ".join(str(text).split("\n")))


def _quote_block(text: str) -> list[str]:
    """A verbatim article as a block quote, one escaped line per line of the stored text."""
    lines = [f"  > {md(line)}" for line in text.splitlines() if line.strip()] or ["  > —"]
    return [part for line in lines for part in (line, "  >")][:-1]   # a quoted empty line keeps paragraphs apart


def _basis_lines(basis: dict, report: Report, context: ReportContext) -> list[str]:
    lines = [f"- {md(cite(basis))}"]
    if is_unverified(basis):
        lines.append(f"  - ⚠ **{UNVERIFIED_MARK}** ({basis['verification']}: "
                     f"{VERIFICATION_MEANING[basis['verification']]})")
    if basis.get("governs"):
        lines.append(f"  - ⚠ **{GOVERNS}: {md(basis['governs'])}**")
    quote = context.quote(basis)
    if is_practice(basis):
        lines.append(f"  - {PRACTICE_NOTE}")
    elif quote is None:
        lines.append(f"  - {NOT_LOOKED_UP}")
    elif not quote.found:
        lines.append(f"  - {NOT_IN_LIBRARY}: {md(quote.note)}")
    else:
        warn = version_note(basis, quote, report.as_of.isoformat())
        if warn:
            lines.append(f"  - ⚠ **{md(warn)}**")
        lines.append(f"  - {IN_LIBRARY} ({md(source_line(quote.to_dict()))}):")
        lines.append("")
        lines += _quote_block(quote.text)
        lines.append("")
    return lines


def _field(label: str, path: str) -> str:
    code = f"`{path.replace('`', '')}`"
    return code if label == path else f"{md(label)} <br>{code}"


def _finding(f: Finding, report: Report, context: ReportContext) -> list[str]:
    lines = [f"#### {status_name(f.status, f.severity, footing(f, context))} · {md(f.rule_id)} — {md(f.title)} ({md(f.title_zh)})", "",
             md(f.explanation), ""]
    if f.status != "pass" and f.remediation:
        lines += [f"- **Fix · 整改建议:** {md(f.remediation)}", ""]
    rows, more = facts_to_print(f, context)
    if rows:
        src = bool(context.evidence)   # a draft from `ipabs intake`: the document each value was read from
        lines += ["| Fact · 事实 | Value · 值 | About · 所属 |" + (" Source · 来源 |" if src else ""),
                  "|---|---|---|" + ("---|" if src else "")]
        lines += [f"| {_field(r.label, r.path)} | {md(r.value)} | {md(r.about) or '—'} |"
                  + (f" {md(source_text(r)) or '—'} |" if src else "") for r in rows]
        lines.append("")
    if more:
        lines += [f"… {more} more facts in the JSON report · 其余 {more} 项事实见 JSON 报告", ""]
    lines.append("**Legal basis · 法律依据**")
    lines.append("")
    for basis in f.basis:
        lines += _basis_lines(basis, report, context)
    lines.append("")
    return lines


def _summary(report: Report, context: ReportContext) -> list[str]:
    shown = verdict(report, context)
    lines = ["## Summary · 摘要", "",
             f"**Verdict · 结论: {VERDICT_NAME[shown]}** — {verdict_meaning(shown, context)}{unconfirmed_note(context)}", "",
             counts_text(report), ""]
    issues = blocking_and_warning(report)
    lines.append("### Blocking and warning findings · 阻断与警示事项")
    lines.append("")
    lines += [f"{n}. **{status_name(f.status, f.severity, footing(f, context))}** ({SEVERITY_NAME[f.severity]}) {md(f.rule_id)} "
              f"{md(f.title)}: {md(one_line(f.explanation))}" for n, f in enumerate(issues, 1)] or ["None · 无"]
    lines.append("")
    if notes(report):
        lines += ["### Notes (info rules, no effect on the verdict) · 提示事项", ""]
        lines += [f"- {md(f.rule_id)} {md(f.title)}: {md(one_line(f.explanation))}" for f in notes(report)]
        lines.append("")
    return lines


def _subsidies(report: Report) -> list[str]:
    if not report.subsidies:
        return []
    lines = ["## Subsidies · 扶持政策", "",
             f"Estimated total for eligible programmes · 预计可获扶持合计: {eligible_total_text(report)}", "",
             "| Programme · 项目 | Eligible · 是否符合 | Estimated award · 预计金额 | Source (as of) · 来源 |",
             "|---|---|---|---|"]
    for sub in subsidies_in_order(report):
        lines.append(f"| {md(sub.programme)} — {md(sub.title)} | {ELIGIBILITY_NAME[sub.eligible]} | "
                     f"{md(money(sub.estimated_amount, sub.currency))} | {md(subsidy_source(sub))} |")
    lines.append("")
    for sub in subsidies_in_order(report):
        lines.append(f"**{md(sub.programme)}**")
        lines.append("")
        lines += [f"- {md(r)}" for r in subsidy_reasons(sub)]
        lines.append("")
    return lines


def _legend() -> list[str]:
    lines = ["## Legend · 图例", "", "Verification of a legal basis · 依据核对标记:", ""]
    lines += [f"- **{tag}** — {text}" for tag, text in VERIFICATION_MEANING.items()]
    lines += ["", "Verdict · 结论:", ""]
    lines += [f"- **{VERDICT_NAME[v]}** — {VERDICT_MEANING[v]}" for v in VERDICTS]
    lines += ["", "Status · 状态: " + "; ".join(f"{label}" for label in STATUS_NAME.values())
              + "; Note · 提示 = a broken info rule.", ""]
    return lines


def _verdict_text(report: Report, context: ReportContext) -> str:
    shown = verdict(report, context)
    return f"{VERDICT_NAME[shown]} — {verdict_meaning(shown, context)}"


def to_markdown(report: Report, context: ReportContext) -> str:
    lines = [f"# Compliance report · 合规检查报告 — {md(report.deal_name or report.deal_id)}", "",
             f"> **Verdict · 结论: {md(_verdict_text(report, context) + unconfirmed_note(context))}**", ""]
    for warning in warnings(report, context):
        lines += [f"> ⚠ {md(warning)}", ""]
    if context.unconfirmed:   # a draft from `ipabs intake` whose doubtful values are still in the deal
        lines += [f"## {UNCONFIRMED_TITLE}", "", "| " + " | ".join(UNCONFIRMED_COLUMNS) + " |",
                  "|" + "---|" * len(UNCONFIRMED_COLUMNS)]
        lines += [f"| {_field(label, path)} | " + " | ".join(md(x) for x in rest) + " |"
                  for label, path, *rest in unconfirmed_rows(context)]
        lines.append("")
    lines += ["## Sign-off · 签署信息", "", "| | |", "|---|---|"]
    lines += [f"| {label} | {md(value)} |" for label, value in signoff_rows(report, context)]
    lines += ["", f"*{md(STATEMENT)}*", ""]
    lines += _summary(report, context)
    lines += _subsidies(report)
    lines += ["## All findings · 全部检查结果", ""]
    for severity, findings in grouped(report):
        if findings:
            lines += [f"### {SEVERITY_NAME[severity]} requirements ({len(findings)})", ""]
            for f in findings:
                lines += _finding(f, report, context)
    if report.not_applicable:
        lines += ["## Not applicable to this deal · 不适用", ""]
        lines += [f"- {md(line)}" for line in not_applicable_lines(report)] + [""]
    lines += _legend()
    return "\n".join(lines).rstrip() + "\n"


def diff_markdown(verdict_before: str, verdict_after: str, changes: list) -> str:
    """The what-if changes rules.whatif.diff_reports computed, as a short Markdown list."""
    lines = [f"## What-if: verdict {verdict_before} → {verdict_after}", ""]
    if not changes:
        lines.append("No finding changed.")
    lines += [f"- **{md(c.rule_id)}** {md(c.title)}: {md(c.before)} → {md(c.after)}. {md(c.explanation)}"
              for c in changes]
    return "\n".join(lines) + "\n"
