"""Renders a Report as JSON, Markdown or HTML (HTML escapes every deal-supplied string)."""
from __future__ import annotations

import html
import json

from rules.findings import Finding, Report

_STATUS_LABEL = {"fail": "FAIL", "warn": "WARN", "not_evaluable": "NOT EVALUABLE", "pass": "PASS"}
_SEVERITIES = ("blocking", "warning", "info")
_VERDICT_TEXT = {
    "blocked": "Blocked — at least one blocking requirement fails.",
    "conditional": "Conditional — no blocking failure, but warnings or undecided requirements remain.",
    "clear": "Clear — every applicable requirement that could be decided passes.",
}


def render(report: Report, fmt: str = "md") -> str:
    """Render a report as 'md', 'html' or 'json'."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report)
    raise ValueError(f"unknown format {fmt!r}; use md, html or json")


def _cite(basis: list[dict]) -> str:
    return "; ".join(f"《{b['instrument']}》{b['article']} [{b['verification']}]"
                     if not b["instrument"].startswith("Regulation")
                     else f"{b['instrument']} {b['article']} [{b['verification']}]" for b in basis)


def _grouped(report: Report) -> list[tuple[str, list[Finding]]]:
    """Severity groups in order, each with failures first (findings are already sorted)."""
    return [(sev, [f for f in report.findings if f.severity == sev]) for sev in _SEVERITIES]


def _reasons_to_show(sub) -> list[str]:
    """For an ineligible programme only the unmet criteria matter; otherwise show them all."""
    if sub.eligible is False:
        return [r for r in sub.reasons if r.startswith("not met:")]
    return sub.reasons


def _money(x: float | None, currency: str) -> str:
    return "—" if x is None else f"{currency} {x:,.0f}"


# ---------------------------------------------------------------- Markdown


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    s = report.summary
    lines = [
        f"# Compliance report — {report.deal_name or report.deal_id}",
        "",
        f"- Deal id: `{report.deal_id}`",
        f"- As of: {report.as_of.isoformat()}",
        "- Packs: " + ", ".join(f"{p['name']} {p['version']}" for p in report.packs),
        f"- **Verdict: {report.verdict.upper()}** — {_VERDICT_TEXT[report.verdict].split(' — ', 1)[1]}",
        f"- Findings: {s['fail']} fail, {s['warn']} warn, {s['not_evaluable']} not evaluable, {s['pass']} pass",
        "",
        "Verification tags: V = checked against the full official text; E = seen in a web excerpt; "
        "R = recollection, not verified.",
    ]
    for severity, findings in _grouped(report):
        if not findings:
            continue
        lines += ["", f"## {severity.capitalize()} requirements ({len(findings)})", ""]
        for f in findings:
            lines.append(f"### {_STATUS_LABEL[f.status]} · {f.rule_id} — {f.title} ({f.title_zh})")
            lines.append("")
            lines.append(f"{f.explanation}")
            lines.append("")
            lines.append(f"- Basis: {_cite(f.basis)}")
            if f.status != "pass" and f.remediation:
                lines.append(f"- Fix: {f.remediation}")
            if f.facts and f.status != "pass":  # passes stay short; the JSON has every fact
                shown = list(f.facts.items())[:8]
                more = f" … (+{len(f.facts) - 8} more)" if len(f.facts) > 8 else ""
                lines.append("- Facts read: " + ", ".join(f"`{k}` = {v}" for k, v in shown) + more)
            lines.append("")
    if report.not_applicable:
        lines += ["## Not applicable to this deal", "", ", ".join(report.not_applicable), ""]
    if report.subsidies:
        lines += ["## Subsidies", "",
                  "| Programme | Eligible | Estimated award | Source (as of) |", "|---|---|---|---|"]
        for sub in report.subsidies:
            eligible = {True: "yes", False: "no", None: "undetermined"}[sub.eligible]
            lines.append(f"| {sub.programme} — {_md_escape(sub.title)} | {eligible} | "
                         f"{_money(sub.estimated_amount, sub.currency)} | {_md_escape(sub.source)} ({sub.as_of}) |")
        lines.append("")
        for sub in report.subsidies:
            lines.append(f"**{sub.programme}**")
            lines += [f"- {_md_escape(r)}" for r in _reasons_to_show(sub)]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}.verdict{padding:.6rem 1rem;border-radius:.4rem;font-weight:600}
.blocked{background:#fde2e2}.conditional{background:#fff4d6}.clear{background:#e2f6e2}
.finding{border-left:.3rem solid #ccc;padding:.2rem .8rem;margin:.8rem 0}
.fail{border-color:#c62828}.warn{border-color:#ef9f00}.not_evaluable{border-color:#7a7a7a}.pass{border-color:#2e7d32}
.tag{font-size:.8rem;font-weight:600;margin-right:.4rem}.basis,.facts{font-size:.85rem;color:#555}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def to_html(report: Report) -> str:
    s = report.summary
    out = [
        "<!doctype html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>Compliance report — {_e(report.deal_name or report.deal_id)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Compliance report — {_e(report.deal_name or report.deal_id)}</h1>",
        f"<p>Deal id <code>{_e(report.deal_id)}</code> · as of {_e(report.as_of.isoformat())} · packs "
        + ", ".join(f"{_e(p['name'])} {_e(p['version'])}" for p in report.packs) + "</p>",
        f'<p class="verdict {_e(report.verdict)}">{_e(_VERDICT_TEXT[report.verdict])}</p>',
        f"<p>{s['fail']} fail · {s['warn']} warn · {s['not_evaluable']} not evaluable · {s['pass']} pass</p>",
    ]
    for severity, findings in _grouped(report):
        if not findings:
            continue
        out.append(f"<h2>{_e(severity.capitalize())} requirements ({len(findings)})</h2>")
        for f in findings:
            out.append(f'<div class="finding {_e(f.status)}">')
            out.append(f'<h3><span class="tag">{_e(_STATUS_LABEL[f.status])}</span>{_e(f.rule_id)} — '
                       f"{_e(f.title)} <small>{_e(f.title_zh)}</small></h3>")
            out.append(f"<p>{_e(f.explanation)}</p>")
            out.append(f'<p class="basis">Basis: {_e(_cite(f.basis))}</p>')
            if f.status != "pass" and f.remediation:
                out.append(f"<p><strong>Fix:</strong> {_e(f.remediation)}</p>")
            if f.facts:
                items = "".join(f"<li><code>{_e(k)}</code> = {_e(v)}</li>" for k, v in f.facts.items())
                out.append(f'<details class="facts"><summary>Facts read ({len(f.facts)})</summary><ul>{items}</ul></details>')
            out.append("</div>")
    if report.not_applicable:
        out.append(f"<h2>Not applicable</h2><p>{_e(', '.join(report.not_applicable))}</p>")
    if report.subsidies:
        out.append("<h2>Subsidies</h2><table><tr><th>Programme</th><th>Eligible</th>"
                   "<th>Estimated award</th><th>Reasons</th><th>Source (as of)</th></tr>")
        for sub in report.subsidies:
            eligible = {True: "yes", False: "no", None: "undetermined"}[sub.eligible]
            reasons = "".join(f"<li>{_e(r)}</li>" for r in _reasons_to_show(sub))
            out.append(f"<tr><td>{_e(sub.programme)}<br><small>{_e(sub.title)}</small></td><td>{eligible}</td>"
                       f"<td>{_e(_money(sub.estimated_amount, sub.currency))}</td><td><ul>{reasons}</ul></td>"
                       f"<td>{_e(sub.source)} ({_e(sub.as_of)})</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
