"""HTML views of a compliance report: verdict, findings with their verbatim legal basis, subsidies, what-if diff."""
from __future__ import annotations

import json
from typing import Callable

from app.web.render import esc, notice, table

VERDICTS = {
    "blocked": "Blocked · 存在阻断性问题 — at least one blocking rule fails",
    "conditional": "Conditional · 有条件通过 — warnings or facts still missing",
    "clear": "Clear · 未发现问题 — every applicable rule passes",
}
STATUS_LABEL = {"fail": "fail · 不合规", "warn": "warn · 提示", "not_evaluable": "missing facts · 待补充", "pass": "pass · 合规"}

# (instrument, article) -> BasisText-like object with found, note, title, text, page, version, effective_from/to
BasisLookup = Callable[[str, str], object]


def verdict_html(report: dict) -> str:
    verdict = report.get("verdict", "")
    counts = report.get("summary") or {}
    spans = "".join(f'<span><span class="ipabs-status st-{esc(s)}">{esc(n)}</span>{esc(STATUS_LABEL.get(s, s))}</span>'
                    for s, n in counts.items())
    packs = ", ".join(f"{p['name']} {p['version']}" for p in report.get("packs", []))
    name = report.get("deal_name") or report.get("deal_id", "")
    return (f'<div class="ipabs-verdict v-{esc(verdict)}" id="check-verdict">{esc(VERDICTS.get(verdict, verdict))}</div>'
            f'<div class="ipabs-counts">{spans}</div>'
            f'<div class="ipabs-cite-meta">Deal {esc(name)} · as of {esc(report.get("as_of", ""))} · packs {esc(packs)}</div>')


def basis_html(basis: dict, found) -> str:
    """One legal basis: the instrument and article, and the stored article verbatim or why it is missing."""
    label = f"{basis.get('instrument', '')} {basis.get('article', '')}".strip()
    verification = basis.get("verification", "")
    head = (f"<div><strong>{esc(label)}</strong>"
            f'<span class="ipabs-sev">verification {esc(verification)}</span></div>')
    if found is None or not getattr(found, "found", False):
        note = getattr(found, "note", "") or "not looked up"
        return (f'<div class="ipabs-basis ipabs-basis-missing">{head}'
                f'<div class="ipabs-cite-meta">Not in the library · 知识库中暂无原文: {esc(note)}. '
                f"An editor can upload the instrument in the Library tab.</div></div>")
    meta = " · ".join(x for x in [
        getattr(found, "title", ""),
        f"p. {found.page}" if getattr(found, "page", None) else "",
        f"version {found.version}" if getattr(found, "version", "") else "",
        f"in force {found.effective_from or '…'} → {found.effective_to or 'now'}"
        if getattr(found, "effective_from", "") or getattr(found, "effective_to", "") else "",
    ] if x)
    text = esc(found.text).replace("\n", "<br>")
    return (f'<div class="ipabs-basis">{head}<div class="ipabs-cite-meta">{esc(meta)}</div>'
            f'<div class="ipabs-basis-text">{text}</div></div>')


def _facts_html(facts: dict) -> str:
    if not facts:
        return ""
    rows = [[k, json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, str) else v] for k, v in facts.items()]
    return (f'<details class="ipabs-facts"><summary>Facts read · 使用的事实 ({len(rows)})</summary>'
            f'{table(["Field", "Value"], rows)}</details>')


def finding_html(f: dict, lookup: BasisLookup) -> str:
    status = f.get("status", "")
    zh = f" · {esc(f['title_zh'])}" if f.get("title_zh") else ""
    missing = (f"<h4>Missing fields · 缺少字段</h4><div>{esc(', '.join(f['missing']))}</div>"
               if f.get("missing") else "")
    bases = "".join(basis_html(b, lookup(b.get("instrument", ""), b.get("article", ""))) for b in f.get("basis", []))
    return (
        f'<details class="ipabs-finding f-{esc(status)}" data-rule="{esc(f.get("rule_id", ""))}" data-status="{esc(status)}">'
        f'<summary><span class="ipabs-status st-{esc(status)}">{esc(STATUS_LABEL.get(status, status))}</span>'
        f'<strong>{esc(f.get("title", ""))}</strong>{zh}<span class="ipabs-sev">{esc(f.get("severity", ""))}</span>'
        f'<span class="ipabs-rid">{esc(f.get("rule_id", ""))}</span></summary><div class="ipabs-body">'
        f'<h4>Explanation · 说明</h4><div>{esc(f.get("explanation", ""))}</div>{missing}'
        f'<h4>Remediation · 整改建议</h4><div>{esc(f.get("remediation", "") or "—")}</div>'
        f"<h4>Legal basis · 法律依据</h4>{bases or '<div>—</div>'}{_facts_html(f.get('facts') or {})}</div></details>"
    )


def findings_html(report: dict, lookup: BasisLookup) -> str:
    """Failures first (the report's own order), each opening to explanation, remediation and basis;
    passed rules folded into one group so the problems stay on screen."""
    findings = report.get("findings", [])
    if not findings:
        return notice("No rule applies to this deal.", "info")
    open_items = [f for f in findings if f.get("status") != "pass"]
    passed = [f for f in findings if f.get("status") == "pass"]
    parts = [finding_html(f, lookup) for f in open_items] or [notice("Nothing to fix · 无需整改", "ok")]
    if passed:
        parts.append(f'<details class="ipabs-passed" id="check-passed"><summary>{len(passed)} rules pass · 合规项'
                     f'</summary>{"".join(finding_html(f, lookup) for f in passed)}</details>')
    return f'<div id="check-findings">{"".join(parts)}</div>'


def _money(value, currency: str) -> str:
    return "—" if value is None else f"{currency} {value:,.0f}"


_ELIGIBILITY = {True: ("eligible", "pass", "eligible · 符合"), False: ("not eligible", "fail", "not eligible · 不符合"),
                None: ("undecided", "not_evaluable", "undecided · 待定")}


def _source_html(source: str) -> str:
    # Only plain web addresses become links; anything else stays text.
    if source.startswith(("https://", "http://")):
        return f'<a href="{esc(source)}" target="_blank" rel="noopener noreferrer" class="ipabs-src">{esc(source)}</a>'
    return esc(source)


def subsidies_html(report: dict) -> str:
    """Each programme as a card, eligible first: the estimate on top, the reasons and source inside."""
    subsidies = sorted(report.get("subsidies", []), key=lambda s: {True: 0, None: 1, False: 2}[s.get("eligible")])
    if not subsidies:
        return notice("No subsidy programme applies on this date.", "info")
    cards = []
    for s in subsidies:
        _, status, label = _ELIGIBILITY[s.get("eligible")]
        amount = _money(s.get("estimated_amount"), s.get("currency", "CNY"))
        reasons = "".join(f"<li>{esc(r)}</li>" for r in s.get("reasons", []))
        cards.append(
            f'<details class="ipabs-finding f-{status}" data-programme="{esc(s.get("programme", ""))}"><summary>'
            f'<span class="ipabs-status st-{status}">{esc(label)}</span><strong>{esc(s.get("title") or s.get("programme"))}'
            f'</strong><span class="ipabs-sev">estimate · 预计 {esc(amount)}</span></summary><div class="ipabs-body">'
            f"<h4>Why · 依据</h4><ul>{reasons}</ul>"
            f'<h4>Source · 来源</h4><div>{_source_html(s.get("source", ""))} '
            f'<span class="ipabs-sev">as of {esc(s.get("as_of", ""))}</span></div></div></details>')
    total = sum(s.get("estimated_amount") or 0 for s in subsidies if s.get("eligible"))
    return (f'<div class="ipabs-verdict v-clear" id="subsidy-total">Estimated total for eligible programmes · '
            f'预计可获扶持合计: {esc(_money(total, "CNY"))}</div>' + "".join(cards))


def _subsidy_state(s: dict | None) -> str:
    if s is None:
        return "not applicable"
    state = {True: "eligible", False: "not eligible", None: "undecided"}[s.get("eligible")]
    return state + (f" {_money(s['estimated_amount'], s.get('currency', 'CNY'))}" if s.get("estimated_amount") else "")


def _subsidy_changes(before: dict, after: dict) -> list[tuple[str, str, str, str]]:
    old = {s["programme"]: s for s in before.get("subsidies", [])}
    new = {s["programme"]: s for s in after.get("subsidies", [])}
    rows = []
    for prog in sorted(set(old) | set(new)):
        a, b = _subsidy_state(old.get(prog)), _subsidy_state(new.get(prog))
        if a != b:
            rows.append((prog, (new.get(prog) or old.get(prog)).get("title", ""), a, b))
    return rows


def diff_html(before: dict, after: dict, changes: list[str]) -> str:
    """Which findings changed status between the base report and the what-if report."""
    old = {f["rule_id"]: f for f in before.get("findings", [])}
    new = {f["rule_id"]: f for f in after.get("findings", [])}
    rows = []
    for rid in sorted(set(old) | set(new)):
        a, b = old.get(rid), new.get(rid)
        sa, sb = (a or {}).get("status", "not applicable"), (b or {}).get("status", "not applicable")
        if sa != sb:
            rows.append((rid, (b or a)["title"], sa, sb))
    rows += _subsidy_changes(before, after)
    head = (f'<div class="ipabs-cite-meta">Changes tried: {esc("; ".join(changes))} · verdict '
            f'{esc(before.get("verdict"))} → {esc(after.get("verdict"))}</div>')
    if not rows:
        return head + notice("No finding changed status.", "info")
    body = "".join(
        f'<tr class="row-changed"><td>{esc(r)}</td><td>{esc(t)}</td>'
        f'<td><span class="ipabs-status st-{esc(a.split()[0])}">{esc(a)}</span></td>'
        f'<td><span class="ipabs-status st-{esc(b.split()[0])}">{esc(b)}</span></td></tr>' for r, t, a, b in rows)
    return (head + '<table class="ipabs-table" id="whatif-diff"><thead><tr><th>Rule</th><th>Title</th>'
            f"<th>Before</th><th>After</th></tr></thead><tbody>{body}</tbody></table>")
