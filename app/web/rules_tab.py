"""The Rules tab: browse rule packs, their rules and subsidy programmes, with severity, basis and test cases."""
from __future__ import annotations

import json

import gradio as gr
import yaml

from app.web.context import WebContext
from app.web.render import esc, notice, repost_mark, table


def packs_html(packs) -> str:
    if not packs:
        return notice("No rule packs are installed yet.", "warn")
    return table(["Pack", "Version", "Kind", "Jurisdiction", "Rules", "Programmes", "Description"],
                 [[p.name, p.version, p.kind, p.jurisdiction, len(p.rules), len(p.programmes), p.description]
                  for p in packs])


def _basis_html(basis) -> str:
    return "".join(f'<li>{esc(b.instrument)} {esc(b.article)} <span class="ipabs-sev">'
                   f'verification {esc(b.verification)}</span></li>' for b in basis)


def _cases_html(cases) -> str:
    rows = []
    for case in cases:
        outcome = case.expect if case.expect is not None else (
            f"eligible={case.eligible}" + (f", amount={case.amount:g}" if case.amount is not None else ""))
        deal = yaml.safe_dump(json.loads(json.dumps(case.deal, default=str)), allow_unicode=True, sort_keys=False)
        rows.append(f"<tr><td>{esc(case.name)}</td><td>{esc(outcome)}</td>"
                    f'<td><div class="ipabs-pre">{esc(deal)}</div></td></tr>')
    return ('<table class="ipabs-table"><thead><tr><th>Case</th><th>Expected</th><th>Deal facts</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _dates(item) -> str:
    if item.effective_from or item.effective_to:
        return f"in force {item.effective_from or '…'} → {item.effective_to or 'now'}"
    return ""


def rule_html(rule) -> str:
    scope = ", ".join(rule.models or ("all models",)) + " · " + ", ".join(rule.venues or ("all venues",))
    when = f"<h4>Applies when</h4><code>{esc(rule.when.source)}</code>" if rule.when else ""
    return (
        f'<details class="ipabs-rule" data-rule="{esc(rule.id)}"><summary>'
        f'<span class="ipabs-status st-{"fail" if rule.severity == "blocking" else "warn" if rule.severity == "warning" else "not_evaluable"}">'
        f'{esc(rule.severity)}</span><strong>{esc(rule.title.get("en", ""))}</strong> · {esc(rule.title.get("zh", ""))}'
        f'<span class="ipabs-rid">{esc(rule.id)}</span></summary><div class="ipabs-body">'
        f'<div class="ipabs-cite-meta">{esc(rule.topic)} · {esc(scope)} {esc(_dates(rule))}</div>'
        f"{when}<h4>Condition</h4><code>{esc(rule.condition.source)}</code>"
        f"<h4>Legal basis · 法律依据</h4><ul>{_basis_html(rule.basis)}</ul>"
        f"<h4>Remediation · 整改</h4><div>{esc(rule.remediation)}</div>"
        f"<h4>Test cases · 测试用例</h4>{_cases_html(rule.tests)}</div></details>"
    )


def programme_html(prog) -> str:
    criteria = "".join(f"<li><code>{esc(c.test.source)}</code> — {esc(c.reason)}</li>" for c in prog.criteria)
    amount = f"<h4>Amount</h4><code>{esc(prog.amount.source)}</code> {esc(prog.amount_note)}" if prog.amount else ""
    return (
        f'<details class="ipabs-rule" data-rule="{esc(prog.id)}"><summary><span class="ipabs-status st-added">subsidy</span>'
        f'<strong>{esc(prog.title.get("en", ""))}</strong> · {esc(prog.title.get("zh", ""))}'
        f'<span class="ipabs-rid">{esc(prog.id)}</span></summary><div class="ipabs-body">'
        f'<div class="ipabs-cite-meta">{esc(prog.jurisdiction)} · for {esc(prog.eligible_party)} · '
        f'as of {esc(prog.as_of)} · {esc(prog.source)} {esc(_dates(prog))}{repost_mark(prog.source_kind)}</div>'
        f"<h4>Criteria · 条件</h4><ul>{criteria}</ul>{amount}"
        f"<h4>Legal basis · 法律依据</h4><ul>{_basis_html(prog.basis)}</ul>"
        f"<h4>Test cases · 测试用例</h4>{_cases_html(prog.tests)}</div></details>"
    )


def pack_detail_html(pack, query: str = "") -> str:
    q = (query or "").strip().lower()

    def keep(item) -> bool:
        text = f"{item.id} {item.title.get('en', '')} {item.title.get('zh', '')} " + \
               " ".join(f"{b.instrument} {b.article}" for b in item.basis)
        return not q or q in text.lower()

    rules = [rule_html(r) for r in pack.rules if keep(r)]
    progs = [programme_html(p) for p in pack.programmes if keep(p)]
    head = f"<h3>{esc(pack.name)} {esc(pack.version)}</h3><p>{esc(pack.description)}</p>"
    return head + "".join(rules + progs) if rules or progs else head + notice("No rule matches.", "info")


def build(ctx: WebContext):
    """Lay out the tab; returns (fn, inputs, outputs) that fill it when the tab is shown."""
    overview = gr.HTML(elem_id="rules-packs")
    with gr.Row():
        pick = gr.Dropdown(label="Rule pack · 规则包", choices=[], scale=2, elem_id="rules-pick")
        query = gr.Textbox(label="Filter by id, title or instrument · 筛选", scale=3, elem_id="rules-query")
    detail = gr.HTML(elem_id="rules-detail")

    def on_show(request: gr.Request):
        ctx.guard(request, "rules")
        packs = ctx.packs()
        names = [p.name for p in packs]
        return packs_html(packs), gr.update(choices=names, value=names[0] if names else None)

    def on_pick(name: str | None, q: str, request: gr.Request):
        ctx.guard(request, "rules")
        pack = next((p for p in ctx.packs() if p.name == name), None)
        return pack_detail_html(pack, q) if pack else ""

    pick.change(on_pick, [pick, query], [detail], api_name="rules_pack")
    query.submit(on_pick, [pick, query], [detail], api_name="rules_filter")
    return on_show, [], [overview, pick]
