"""The Audit tab (admins): the latest audit-log entries, newest first."""
from __future__ import annotations

import json

import gradio as gr

from app.web.context import WebContext
from app.web.render import notice, table


def audit_table(entries: list[dict]) -> str:
    rows = []
    for e in entries:
        details = {k: v for k, v in e.items() if k not in {"ts", "user", "role", "action", "kb", "packs"}}
        kb = e.get("kb") or {}
        rows.append([str(e.get("ts", ""))[:19].replace("T", " "), e.get("user", ""), e.get("role", ""), e.get("action", ""),
                     json.dumps(details, ensure_ascii=False)[:400],
                     f"gen {str(kb.get('generation', ''))[:8]} · {kb.get('documents', '?')} docs"
                     + (f" · lib {kb['library_sha256'][:12]}" if kb.get("library_sha256") else "")])
    return table(["When (UTC)", "User", "Role", "Action", "Details", "Knowledge base"], rows)


def build(ctx: WebContext):
    """Lay out the tab; returns (fn, inputs, outputs) that fill it when the tab is shown."""
    gr.Markdown("Every ask, check, upload and delete, with the knowledge-base state and rule-pack versions used. "
                "File: `audit.jsonl` in the data directory.")
    refresh = gr.Button("Refresh · 刷新", size="sm")
    view = gr.HTML(elem_id="audit-view")

    def on_refresh(request: gr.Request):
        ctx.guard(request, "audit")
        read = ctx.audit.read(200)
        warning = ""
        if read.damaged:
            lines = ", ".join(str(n) for n in read.damaged[:20]) + (" …" if len(read.damaged) > 20 else "")
            warning = notice(f"{len(read.damaged)} damaged line(s) in audit.jsonl were skipped (line {lines}): "
                             "a write was cut short, e.g. by a kill. 审计日志中有损坏的行已跳过。", "warn")
        return warning + audit_table(read.entries)

    refresh.click(on_refresh, None, [view], api_name="audit")
    return on_refresh, [], [view]
