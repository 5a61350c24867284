"""HTML views of a compliance report for the Check tab: verdict and sign-off, findings with their verbatim
legal basis, subsidies, and the what-if changes rules.whatif computed. Renders only; rules decide."""
from __future__ import annotations

from app.web.render import esc, notice, repost_mark
from rules.basis import source_line
from rules.labels import (COUNT_NAMES, ELIGIBILITY_NAME, NOT_IN_LIBRARY, PRACTICE, PRACTICE_NAME, PRACTICE_NOTE,
                          STATEMENT, UNVERIFIED_MARK, VERDICT_MEANING, VERDICT_NAME, VERIFICATION_MEANING, money,
                          status_name)
from rules.whatif import Change

# Shown once at the foot of the findings: what the V/E/R tags on every basis mean.
_LEGEND = "Verification tags · 核对标记: " + "; ".join(f"{t} = {m}" for t, m in VERIFICATION_MEANING.items())


def verdict_html(report: dict) -> str:
    """The verdict with its one meaning, the counts, the warnings counsel must read, and the sign-off data."""
    verdict = report.get("verdict", "")
    css = {"fail": "fail", "warning": "warn", "note": "warn", "not_evaluable": "not_evaluable", "pass": "pass"}
    spans = "".join(f'<span><span class="ipabs-status st-{css.get(k, "pass")}">{esc(n)}</span>{esc(COUNT_NAMES.get(k, k))}</span>'
                    for k, n in (report.get("counts") or {}).items())
    sign = report.get("signoff") or {}
    library = sign.get("library") or {}
    lib = (f"library unavailable: {library.get('error')}" if library.get("error") else
           f"library sha256:{library.get('state_hash', '')} ({library.get('documents', 0)} documents)" if library
           else "library not consulted")
    packs = ", ".join(f"{p['name']} {p['version']}" for p in report.get("packs", []))
    name = report.get("deal_name") or report.get("deal_id", "")
    warnings = "".join(notice(f"⚠ {w}", "warn") for w in report.get("warnings", []))
    attention = "".join(f'<li><span class="ipabs-status st-{esc(a["status"])}">'
                        f'{esc(status_name(a["status"], a.get("severity", ""), a.get("footing", "law")))}</span>'
                        f'<strong>{esc(a["rule_id"])}</strong> {esc(a["title"])}: {esc(a["reason"])}</li>'
                        for a in report.get("attention", []))
    attention = (f'<div class="ipabs-cite-meta">Blocking and warning findings · 阻断与警示事项</div>'
                 f'<ol id="check-attention">{attention}</ol>') if attention else ""
    return (f'<div class="ipabs-verdict v-{esc(verdict)}" id="check-verdict">{esc(VERDICT_NAME.get(verdict, verdict))}'
            f' — {esc(report.get("verdict_meaning") or VERDICT_MEANING.get(verdict, ""))}</div>'
            f'<div class="ipabs-counts">{spans}</div>{attention}<div id="check-warnings">{warnings}</div>'
            f'<div class="ipabs-cite-meta" id="check-signoff">Deal {esc(name)} · as of {esc(report.get("as_of", ""))} · '
            f'packs {esc(packs)} · {esc(lib)} · run by {esc(sign.get("run_by", ""))} at {esc(sign.get("generated_at", ""))}'
            f'</div><div class="ipabs-cite-meta">{esc(STATEMENT)}</div>')


def basis_html(basis: dict, as_of: str = "") -> str:
    """One legal basis: instrument and article, its verification, and the stored article verbatim or why
    it is missing; `basis["quote"]` is what app.basis resolved (None when the library was not read)."""
    label = (PRACTICE_NAME if basis.get("instrument") == PRACTICE
             else f"{basis.get('instrument', '')} {basis.get('article', '')}".strip())
    tag = basis.get("verification", "")
    head = (f"<div><strong>{esc(label)}</strong>"
            f'<span class="ipabs-sev" title="{esc(VERIFICATION_MEANING.get(tag, ""))}">verification {esc(tag)}</span></div>')
    if basis.get("unverified"):
        head += f'<div class="ipabs-notice ipabs-warn ipabs-unverified">⚠ {esc(UNVERIFIED_MARK)}</div>'
    quote = basis.get("quote")
    if basis.get("instrument") == PRACTICE:
        return f'<div class="ipabs-basis">{head}<div class="ipabs-cite-meta">{esc(PRACTICE_NOTE)}</div></div>'
    if not quote or not quote.get("found"):
        note = (quote or {}).get("note") or "the library was not read"
        return (f'<div class="ipabs-basis ipabs-basis-missing">{head}'
                f'<div class="ipabs-cite-meta">{esc(NOT_IN_LIBRARY)}: {esc(note)}. '
                f"An editor can upload the instrument in the Library tab.</div></div>")
    if basis.get("governs"):   # cited in the version that governs the right it concerns (rules.cited)
        head += f'<div class="ipabs-cite-meta ipabs-governs">{esc(basis["governs"])}</div>'
    version = basis.get("version_warning") or ""
    if version:
        head += f'<div class="ipabs-notice ipabs-warn ipabs-version">⚠ {esc(version)}</div>'
    meta = source_line(quote)
    text = esc(quote.get("text", "")).replace("\n", "<br>")
    return (f'<div class="ipabs-basis">{head}<div class="ipabs-cite-meta">{esc(meta)}</div>'
            f'<div class="ipabs-basis-text">{text}</div></div>')


def _facts_html(rows: list[dict]) -> str:
    if not rows:
        return ""
    body = "".join(f'<tr><td title="{esc(r["path"])}">{esc(r["label"])}</td><td>{esc(r["value"])}</td>'
                   f'<td>{esc(r["about"] or "—")}</td></tr>' for r in rows)
    return (f'<details class="ipabs-facts"><summary>Facts read · 使用的事实 ({len(rows)})</summary>'
            f'<table class="ipabs-table"><thead><tr><th>Field · 字段</th><th>Value · 值</th><th>About · 所属</th></tr>'
            f"</thead><tbody>{body}</tbody></table></details>")


def finding_html(f: dict) -> str:
    status = f.get("status", "")
    zh = f" · {esc(f['title_zh'])}" if f.get("title_zh") else ""
    missing = (f"<h4>Missing fields · 缺少字段</h4><div>{esc(', '.join(f['missing']))}</div>"
               if f.get("missing") else "")
    bases = "".join(basis_html(b) for b in f.get("basis", []))
    return (
        f'<details class="ipabs-finding f-{esc(status)}" data-rule="{esc(f.get("rule_id", ""))}" data-status="{esc(status)}">'
        f'<summary><span class="ipabs-status st-{esc(status)}">'
        f'{esc(status_name(status, f.get("severity", ""), f.get("footing", "law")))}</span>'
        f'<strong>{esc(f.get("title", ""))}</strong>{zh}<span class="ipabs-sev">{esc(f.get("severity", ""))}</span>'
        f'<span class="ipabs-rid">{esc(f.get("rule_id", ""))}</span></summary><div class="ipabs-body">'
        f'<h4>Explanation · 说明</h4><div>{esc(f.get("explanation", ""))}</div>{missing}'
        f'<h4>Remediation · 整改建议</h4><div>{esc(f.get("remediation", "") or "—")}</div>'
        f"<h4>Legal basis · 法律依据</h4>{bases or '<div>—</div>'}{_facts_html(f.get('facts_shown') or [])}</div></details>"
    )


def findings_html(report: dict) -> str:
    """Failures first (the report's own order), each opening to explanation, remediation and basis;
    passed rules folded into one group so the problems stay on screen."""
    findings = report.get("findings", [])
    if not findings:
        return notice("No rule applies to this deal.", "info")
    open_items = [f for f in findings if f.get("status") != "pass"]
    passed = [f for f in findings if f.get("status") == "pass"]
    parts = [finding_html(f) for f in open_items] or [notice("Nothing to fix · 无需整改", "ok")]
    if passed:
        parts.append(f'<details class="ipabs-passed" id="check-passed"><summary>{len(passed)} rules pass · 合规项'
                     f'</summary>{"".join(finding_html(f) for f in passed)}</details>')
    parts.append(f'<div class="ipabs-cite-meta" id="check-legend">{esc(_LEGEND)}</div>')
    return f'<div id="check-findings">{"".join(parts)}</div>'


_ELIGIBILITY_STATUS = {True: "pass", False: "fail", None: "not_evaluable"}


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
        status, label = _ELIGIBILITY_STATUS[s.get("eligible")], ELIGIBILITY_NAME[s.get("eligible")]
        amount = money(s.get("estimated_amount"), s.get("currency", "CNY"))
        reasons = "".join(f"<li>{esc(r)}</li>" for r in s.get("reasons", []))
        cards.append(
            f'<details class="ipabs-finding f-{status}" data-programme="{esc(s.get("programme", ""))}"><summary>'
            f'<span class="ipabs-status st-{status}">{esc(label)}</span><strong>{esc(s.get("title") or s.get("programme"))}'
            f'</strong><span class="ipabs-sev">estimate · 预计 {esc(amount)}</span></summary><div class="ipabs-body">'
            f"<h4>Why · 依据</h4><ul>{reasons}</ul>"
            f'<h4>Source · 来源</h4><div>{_source_html(s.get("source", ""))} '
            f'<span class="ipabs-sev">as of {esc(s.get("as_of", ""))}</span>'
            f'{repost_mark(s.get("source_kind", "official"))}</div></div></details>')
    total = sum(s.get("estimated_amount") or 0 for s in subsidies if s.get("eligible"))
    return (f'<div class="ipabs-verdict v-clear" id="subsidy-total">Estimated total for eligible programmes · '
            f'预计可获扶持合计: {esc(money(total))}</div>' + "".join(cards))


def _state_html(state: str) -> str:
    first = state.split()[0] if state.split() else ""
    css = first if first in ("fail", "warn", "pass", "not_evaluable") else "not_evaluable"
    return f'<span class="ipabs-status st-{esc(css)}">{esc(status_name(state) if first == state else state)}</span>'


def diff_html(changes: list[Change], verdict_before: str, verdict_after: str, tried: list[str]) -> str:
    """The what-if changes as rules.whatif.diff_reports computed them (status or explanation changed)."""
    head = (f'<div class="ipabs-cite-meta">Changes tried: {esc("; ".join(tried))} · verdict '
            f"{esc(verdict_before)} → {esc(verdict_after)}</div>")
    if not changes:
        return head + notice("No finding changed.", "info")
    body = "".join(
        f'<tr class="row-changed"><td>{esc(c.rule_id)}</td><td>{esc(c.title)}</td><td>{_state_html(c.before)}</td>'
        f"<td>{_state_html(c.after)}</td><td>{esc(c.explanation)}</td></tr>" for c in changes)
    return (head + '<table class="ipabs-table" id="whatif-diff"><thead><tr><th>Rule</th><th>Title</th>'
            f"<th>Before</th><th>After</th><th>Now · 现在</th></tr></thead><tbody>{body}</tbody></table>")
