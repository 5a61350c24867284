"""Builds the Blocks app from its tabs and launches it (login only when a users file is configured)."""
# No `from __future__ import annotations`: gradio is imported late (after GRADIO_TEMP_DIR is set), so
# handler annotations such as `gr.Request` must be real objects, not strings resolved from globals.

import logging
import os
from pathlib import Path

from app.settings import Settings


def prepare_environment(data_dir: Path) -> None:
    """Before gradio is imported: its upload/download cache lives inside the data dir, and no telemetry."""
    cache = (data_dir / "gradio-cache").resolve()
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(cache)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def build_app(settings: Settings):
    import gradio as gr

    from app.web import ask_tab, audit_tab, check_tab, library_tab, rules_tab
    from app.web.auth import Users
    from app.web.context import WebContext
    from app.web.render import esc

    ctx = WebContext(settings, Users(settings.users))
    with gr.Blocks(title="ipabs · 知识产权证券化合规工作台", fill_width=True) as demo:
        header = gr.HTML(_header("", "", ""), elem_id="ipabs-header")
        with gr.Tabs(elem_id="ipabs-tabs"):
            with gr.Tab("Ask · 问答", id="ask", elem_id="tab-ask"):
                ask_tab.build(ctx)
            with gr.Tab("Check · 合规检查", id="check", elem_id="tab-check") as t_check:
                show_check = check_tab.build(ctx)
            with gr.Tab("Library · 法规库", id="library", elem_id="tab-library") as t_library:
                show_library = library_tab.build(ctx)
            with gr.Tab("Rules · 规则", id="rules", elem_id="tab-rules") as t_rules:
                show_rules = rules_tab.build(ctx)
            with gr.Tab("Audit · 审计日志", id="audit", elem_id="tab-audit") as t_audit:
                audit_tab.build(ctx)

        def on_load(request: gr.Request):
            # Hiding tabs is only a courtesy: every handler checks the role again on the server.
            user = ctx.users.user(getattr(request, "username", None))
            if user is None:
                return _header("", "", esc("not signed in")), *[gr.update(visible=False)] * 4
            stats = ctx.kb.stats()
            kb_line = f"{stats['documents']} documents · {stats['chunks']} chunks · {len(ctx.packs())} rule packs"
            return (_header(user.name if ctx.users.enabled else "", user.role, kb_line),
                    gr.update(visible=user.can("check")), gr.update(visible=user.can("library.read")),
                    gr.update(visible=user.can("rules")), gr.update(visible=user.can("audit")))

        # Each tab fills itself when opened (its handler checks the role like any other).
        for tab, (fn, inputs, outputs), name in ((t_check, show_check, "check_show"),
                                                 (t_library, show_library, "library_show"),
                                                 (t_rules, show_rules, "rules_show")):
            tab.select(fn, inputs, outputs, api_name=name, show_progress="hidden")
        demo.load(on_load, None, [header, t_check, t_library, t_rules, t_audit], api_visibility="private")
    return demo, ctx


def _header(name: str, role: str, kb_line: str) -> str:
    from app.web.render import esc

    who = (f'Signed in as <strong>{esc(name)}</strong> ({esc(role)}) · <a href="logout">Log out · 退出</a>'
           if name else "Local use · 本地使用")
    return (f'<div class="ipabs-header"><h1>ipabs · IP ABS regulatory desk · 知识产权证券化合规工作台</h1>'
            f'<div class="who">{who} · {kb_line}</div></div>')


def launch(settings: Settings, host: str, port: int) -> None:
    prepare_environment(settings.data_dir)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from app.knowledge import shared_kb
    from app.web.style import CSS, theme

    shared_kb()   # load the model and the library before the first request, not during it
    demo, ctx = build_app(settings)
    auth = ctx.users.authenticate if ctx.users.enabled else None
    demo.queue(default_concurrency_limit=2).launch(
        server_name=host, server_port=port, auth=auth,
        auth_message="ipabs — sign in with the account your administrator created · 请登录",
        max_file_size=int(settings.max_file_mb * 1024 * 1024), theme=theme(), css=CSS, footer_links=[],
        show_error=False, quiet=False, ssr_mode=False, allowed_paths=[],
    )
