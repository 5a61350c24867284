"""The compliance report as a standalone HTML page (also printed to PDF); every string is escaped."""
from __future__ import annotations

import datetime as dt
import html

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

# A CJK font first in the list so printed Chinese is real, selectable text in the PDF.
_CSS = """
@page{size:A4;margin:16mm 14mm}
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif;max-width:62rem;
margin:1.5rem auto;padding:0 1rem;color:#1d1d1d;font-size:10.5pt;line-height:1.45}
h1{font-size:1.45rem;margin-bottom:.4rem}h2{font-size:1.2rem;border-bottom:1px solid #bbb;padding-bottom:.15rem;
margin-top:1.6rem}h3{font-size:1.05rem}h4{font-size:.98rem;margin:.2rem 0 .4rem}
.verdict{padding:.6rem 1rem;border-radius:.3rem;font-weight:700;font-size:1.05rem}
.blocked{background:#fde2e2}.blocked_unverified{background:#fde9d9}.conditional{background:#fff4d6}.clear{background:#e2f6e2}
.verdict.clear.unconfirmed{background:#fff4d6}table.unconfirmed{table-layout:fixed}
.warning{background:#fff1c2;border:1px solid #e0a800;padding:.45rem .8rem;margin:.4rem 0;border-radius:.3rem}
.statement{font-size:.85rem;color:#444;font-style:italic}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border:1px solid #ccc;padding:.25rem .45rem;
text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f3f3f3}
table.subsidies{table-layout:fixed}.subsidies col.w1{width:17%}.subsidies col.w2{width:11%}.subsidies col.w3{width:15%}
.subsidies col.w4{width:35%}.subsidies col.w5{width:22%}.signoff td:first-child{width:28%;font-weight:600}
table.facts{table-layout:fixed}.facts col.fact{width:42%}.facts col.value{width:24%}.facts col.about{width:34%}
.facts.sourced col.fact{width:30%}.facts.sourced col.value{width:18%}.facts.sourced col.about{width:24%}
.facts.sourced col.source{width:28%}
.finding{border-left:.3rem solid #ccc;padding:.2rem .8rem;margin:.9rem 0;break-inside:auto}
.fail{border-color:#c62828}.warn{border-color:#ef9f00}.not_evaluable{border-color:#7a7a7a}.pass{border-color:#2e7d32}
.tag{font-weight:700;margin-right:.4rem}.rid{font-family:monospace;color:#555}
.basis{margin:.35rem 0 .6rem;font-size:.92rem}.quote{border-left:.2rem solid #9aa;background:#f6f8f8;
padding:.35rem .7rem;margin:.25rem 0;white-space:pre-wrap}.meta{color:#555;font-size:.82rem}
.unverified{color:#9a3b00;font-weight:700}.missing{color:#8a1c1c}.path{font-family:monospace;font-size:.75rem;color:#777}
ol.summary li{margin:.2rem 0}tr{break-inside:avoid}h2,h3,h4{break-after:avoid}thead{display:table-header-group}
"""


# The page needs nothing but its own inline style: no script, no fetch, wherever it is opened or printed.
_CSP = ('<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _basis(basis: dict, report: Report, context: ReportContext) -> str:
    out = [f'<div class="basis"><strong>{_e(cite(basis))}</strong>']
    if is_unverified(basis):
        out.append(f'<div class="unverified">⚠ {_e(UNVERIFIED_MARK)} ({_e(basis["verification"])}: '
                   f'{_e(VERIFICATION_MEANING[basis["verification"]])})</div>')
    if basis.get("governs"):
        out.append(f'<div class="unverified">⚠ {_e(GOVERNS)}: {_e(basis["governs"])}</div>')
    quote = context.quote(basis)
    if is_practice(basis):
        out.append(f'<div class="meta">{_e(PRACTICE_NOTE)}</div>')
    elif quote is None:
        out.append(f'<div class="meta">{_e(NOT_LOOKED_UP)}</div>')
    elif not quote.found:
        out.append(f'<div class="missing">{_e(NOT_IN_LIBRARY)}: {_e(quote.note)}</div>')
    else:
        warn = version_note(basis, quote, report.as_of.isoformat())
        if warn:
            out.append(f'<div class="unverified">⚠ {_e(warn)}</div>')
        out.append(f'<div class="meta">{_e(IN_LIBRARY)} — {_e(source_line(quote.to_dict()))}</div>')
        out.append(f'<div class="quote">{_e(quote.text)}</div>')
    out.append("</div>")
    return "".join(out)


def _field(label: str, path: str) -> str:
    if label == path:
        return f'<span class="path">{_e(path)}</span>'
    return f'{_e(label)}<div class="path">{_e(path)}</div>'


def _finding(f: Finding, report: Report, context: ReportContext) -> str:
    out = [f'<div class="finding {_e(f.status)}" data-rule="{_e(f.rule_id)}">',
           f'<h4><span class="tag">{_e(status_name(f.status, f.severity, footing(f, context)))}</span><span class="rid">{_e(f.rule_id)}</span> — '
           f"{_e(f.title)} <small>{_e(f.title_zh)}</small></h4>", f"<p>{_e(f.explanation)}</p>"]
    if f.status != "pass" and f.remediation:
        out.append(f"<p><strong>Fix · 整改建议:</strong> {_e(f.remediation)}</p>")
    rows, more = facts_to_print(f, context)
    if rows:
        src = bool(context.evidence)   # a draft from `ipabs intake`: the document each value was read from
        body = "".join(f"<tr><td>{_field(r.label, r.path)}</td><td>{_e(r.value)}</td><td>{_e(r.about) or '—'}</td>"
                       + (f"<td>{_e(source_text(r)) or '—'}</td>" if src else "") + "</tr>" for r in rows)
        # Fixed column widths: with automatic layout and overflow-wrap:anywhere, Chromium shrank the Value
        # column to a few characters and printed dates as "2026-/03-10".
        cols = ("fact", "value", "about") + (("source",) if src else ())
        out.append(f'<table class="facts{" sourced" if src else ""}">'
                   + "".join(f'<col class="{c}">' for c in cols)
                   + "<thead><tr><th>Fact · 事实</th><th>Value · 值</th><th>About · 所属</th>"
                   + ("<th>Source · 来源</th>" if src else "") + f"</tr></thead><tbody>{body}</tbody></table>")
    if more:
        out.append(f'<div class="meta">… {more} more facts in the JSON report · 其余 {more} 项事实见 JSON 报告</div>')
    out.append("<div><strong>Legal basis · 法律依据</strong></div>")
    out += [_basis(b, report, context) for b in f.basis]
    out.append("</div>")
    return "\n".join(out)


def _summary(report: Report, context: ReportContext) -> str:
    issues = blocking_and_warning(report)
    items = "".join(f'<li><span class="tag">{_e(status_name(f.status, f.severity, footing(f, context)))}</span>({_e(SEVERITY_NAME[f.severity])}) '
                    f'<span class="rid">{_e(f.rule_id)}</span> {_e(f.title)}: {_e(one_line(f.explanation))}</li>'
                    for f in issues)
    out = ['<h2 id="summary">Summary · 摘要</h2>',
           f"<p>{_e(counts_text(report))}</p>",
           "<h3>Blocking and warning findings · 阻断与警示事项</h3>",
           f'<ol class="summary" id="summary-issues">{items}</ol>' if items else "<p>None · 无</p>"]
    if notes(report):
        out.append("<h3>Notes (info rules, no effect on the verdict) · 提示事项</h3><ul>"
                   + "".join(f"<li>{_e(f.rule_id)} {_e(f.title)}: {_e(one_line(f.explanation))}</li>" for f in notes(report))
                   + "</ul>")
    return "\n".join(out)


def _subsidies(report: Report) -> str:
    if not report.subsidies:
        return ""
    out = ['<h2 id="subsidies">Subsidies · 扶持政策</h2>',
           f"<p>Estimated total for eligible programmes · 预计可获扶持合计: <strong>{_e(eligible_total_text(report))}"
           "</strong></p>", '<table class="subsidies">' + "".join(f'<col class="w{i}">' for i in range(1, 6)) +
           "<tr><th>Programme · 项目</th><th>Eligible · 是否符合</th>"
           "<th>Estimated award · 预计金额</th><th>Reasons · 理由</th><th>Source (as of) · 来源</th></tr>"]
    for sub in subsidies_in_order(report):
        reasons = "".join(f"<li>{_e(r)}</li>" for r in subsidy_reasons(sub))
        out.append(f"<tr><td>{_e(sub.programme)}<br><small>{_e(sub.title)}</small></td>"
                   f"<td>{_e(ELIGIBILITY_NAME[sub.eligible])}</td><td>{_e(money(sub.estimated_amount, sub.currency))}</td>"
                   f"<td><ul>{reasons}</ul></td><td>{_e(subsidy_source(sub))}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _legend() -> str:
    tags = "".join(f"<li><strong>{_e(t)}</strong> — {_e(m)}</li>" for t, m in VERIFICATION_MEANING.items())
    verdicts = "".join(f"<li><strong>{_e(VERDICT_NAME[v])}</strong> — {_e(VERDICT_MEANING[v])}</li>" for v in VERDICTS)
    statuses = "; ".join(STATUS_NAME.values())
    return (f'<h2 id="legend">Legend · 图例</h2><p>Verification of a legal basis · 依据核对标记:</p><ul>{tags}</ul>'
            f"<p>Verdict · 结论:</p><ul>{verdicts}</ul><p>Status · 状态: {_e(statuses)}; Note · 提示 = a broken info rule.</p>")


def _page_footer(report: Report, context: ReportContext) -> str:
    """Printed pages carry the as-of date, the generation time and 'page x of y' (dates and digits only:
    no deal text ever goes into CSS)."""
    stamp = context.generated_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return ('@page{@bottom-left{content:"ipabs compliance report · as of %s · generated %s";font-size:8pt;color:#666}'
            '@bottom-right{content:"page " counter(page) " of " counter(pages);font-size:8pt;color:#666}}'
            % (report.as_of.isoformat(), stamp))


def to_html(report: Report, context: ReportContext) -> str:
    name, shown = _e(report.deal_name or report.deal_id), verdict(report, context)
    out = ["<!doctype html>", '<html lang="zh-CN"><head><meta charset="utf-8">', _CSP,
           f"<title>Compliance report · 合规检查报告 — {name}</title>",
           f"<style>{_CSS}{_page_footer(report, context)}</style></head><body>",
           f"<h1>Compliance report · 合规检查报告 — {name}</h1>",
           f'<p class="verdict {_e(shown)}{" unconfirmed" if unconfirmed_note(context) else ""}" id="verdict">Verdict · 结论: '
           f"{_e(VERDICT_NAME[shown])} — {_e(verdict_meaning(shown, context))}{_e(unconfirmed_note(context))}</p>"]
    out += [f'<div class="warning">⚠ {_e(w)}</div>' for w in warnings(report, context)]
    if context.unconfirmed:   # a draft from `ipabs intake` whose doubtful values are still in the deal
        body = "".join(f"<tr><td>{_field(label, path)}</td>" + "".join(f"<td>{_e(x)}</td>" for x in rest) + "</tr>"
                       for label, path, *rest in unconfirmed_rows(context))
        widths = "".join(f'<col style="width:{w}%">' for w in (17, 23, 24, 14, 22))   # fixed, as for the facts
        out.append(f'<h2 id="unconfirmed">{_e(UNCONFIRMED_TITLE)}</h2><table class="unconfirmed">{widths}<thead><tr>'
                   + "".join(f"<th>{_e(c)}</th>" for c in UNCONFIRMED_COLUMNS) + f"</tr></thead><tbody>{body}</tbody></table>")
    rows = "".join(f"<tr><td>{_e(label)}</td><td>{_e(value)}</td></tr>" for label, value in signoff_rows(report, context))
    out += [f'<h2 id="signoff">Sign-off · 签署信息</h2><table class="signoff">{rows}</table>',
            f'<p class="statement">{_e(STATEMENT)}</p>', _summary(report, context), _subsidies(report),
            '<h2 id="findings">All findings · 全部检查结果</h2>']
    for severity, findings in grouped(report):
        if findings:
            out.append(f"<h3>{_e(SEVERITY_NAME[severity])} requirements ({len(findings)})</h3>")
            out += [_finding(f, report, context) for f in findings]
    if report.not_applicable:
        items = "".join(f"<li>{_e(line)}</li>" for line in not_applicable_lines(report))
        out.append(f"<h2>Not applicable to this deal · 不适用</h2><ul>{items}</ul>")
    out += [_legend(), "</body></html>"]
    return "\n".join(out) + "\n"
