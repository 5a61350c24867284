"""Builds the Blocks app from its tabs and launches it (login only when a users file is configured)."""
# No `from __future__ import annotations`: gradio is imported late (after GRADIO_TEMP_DIR is set), so
# handler annotations such as `gr.Request` must be real objects, not strings resolved from globals.

import logging
import os
import threading
from pathlib import Path

from app.settings import Settings


def prepare_environment(data_dir: Path) -> None:
    """Before gradio is imported: its upload/download cache lives inside the data dir, and no telemetry."""
    cache = (data_dir / "gradio-cache").resolve()
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(cache)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def build_app(ctx):
    """The Blocks app over `ctx` (app.web.context.WebContext): every tab reads and acts through it."""
    import gradio as gr

    from app.web import ask_tab, audit_tab, check_tab, library_tab, rules_tab
    from app.web.auth import ACTIONS
    from app.web.context import header_html
    from app.web.render import notice

    gated = not ctx.users.enabled   # without login everyone is the local admin: show everything at once
    # Gradio's cached copies of uploads and downloads are dropped after a day (checked hourly).
    with gr.Blocks(title="ipabs · 知识产权证券化合规工作台", fill_width=True, delete_cache=(3600, 86400)) as demo:
        header = gr.HTML(header_html("", "", ""), elem_id="ipabs-header")
        ctx.header = header   # the Library refreshes the document count in it after an upload or delete
        allowed = gr.Textbox(visible=False, elem_id="ipabs-allowed")
        bodies, refusals = [], []
        with gr.Tabs(elem_id="ipabs-tabs"):
            with gr.Tab("Ask · 问答", id="ask", elem_id="tab-ask"):
                ask_tab.build(ctx)
            shows = []
            for tab_id, label, module in (("check", "Check · 合规检查", check_tab), ("library", "Library · 法规库", library_tab),
                                          ("rules", "Rules · 规则", rules_tab), ("audit", "Audit · 审计日志", audit_tab)):
                with gr.Tab(label, id=tab_id, elem_id=f"tab-{tab_id}") as tab:
                    refusals.append(gr.HTML(visible=False, elem_id=f"{tab_id}-refused"))
                    with gr.Column(visible=gated, elem_id=f"{tab_id}-body") as body:
                        shows.append((tab, tab_id, module.build(ctx)))
                    bodies.append(body)

        def on_load(request: gr.Request):
            # Hiding is only a courtesy: every handler checks the role again on the server. (Updating a
            # gr.Tab's visibility does not work in Gradio 6.31, so the tab bodies are hidden instead and
            # a small script hides the buttons.)
            user = ctx.users.user(getattr(request, "username", None))
            can = {tab_id: bool(user and user.can(TAB_ACTIONS[tab_id])) for tab_id in TAB_ACTIONS}
            head = ctx.header_html(user)
            role = user.role if user else "none"
            return (head, ",".join(t for t, ok in can.items() if ok),
                    *[gr.update(visible=can[t]) for t in TAB_ACTIONS],
                    *[gr.update(visible=not can[t], value=notice(
                        f"Your role ({role}) cannot use this tab; it needs {ACTIONS[TAB_ACTIONS[t]]}. "
                        f"此功能需要 {ACTIONS[TAB_ACTIONS[t]]} 角色。", "warn")) for t in TAB_ACTIONS])

        # Each tab fills itself when opened (its handler checks the role like any other).
        for tab, tab_id, (fn, inputs, outputs) in shows:
            if fn is not None:
                tab.select(fn, inputs, outputs, api_name=f"{tab_id}_show", show_progress="hidden")
        demo.load(on_load, None, [header, allowed, *bodies, *refusals], api_visibility="private").then(
            None, [allowed], None, js=HIDE_TABS_JS)
    return demo


TAB_ACTIONS = {"check": "check", "library": "library.read", "rules": "rules", "audit": "audit"}
HIDE_TABS_JS = """(allowed) => {
  const ok = (allowed || "").split(",");
  for (const id of ["check", "library", "rules", "audit"]) {
    const button = document.getElementById(`tab-${id}-button`);
    if (button) button.style.display = ok.includes(id) ? "" : "none";
  }
}"""


def _warm_up(ctx) -> None:
    from kb.retriever import Retriever

    log = logging.getLogger("ipabs.web")
    try:
        ctx.kb.lexical()
        for language in Retriever.caption_languages():
            ctx.kb.captions(language)
        ctx.kb.embeddings.embed_query("warm up")
    except Exception:  # noqa: BLE001 - a question will report the same error to the user
        log.exception("knowledge base warm-up failed")
    try:
        ctx.checker
    except Exception:  # noqa: BLE001 - the Check tab reports its own errors when used
        log.exception("rule packs could not be loaded")


def prune_reports(folder: Path, days: int, now: float | None = None) -> int:
    """Delete check reports (and their deal text) older than `days`; returns how many files went."""
    import time

    cutoff = (now or time.time()) - days * 86400
    gone = 0
    for path in folder.glob("*") if folder.is_dir() else []:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def _housekeeping(ctx) -> None:
    """Hourly: reports past their retention (IPABS_REPORT_DAYS) leave the data dir."""
    import time

    log = logging.getLogger("ipabs.web")
    while True:
        try:
            gone = prune_reports(ctx.data_dir / "reports", ctx.settings.report_days)
            if gone:
                log.info("removed %d report files older than %d days", gone, ctx.settings.report_days)
        except Exception:  # noqa: BLE001 - housekeeping never stops the app
            log.exception("report retention failed")
        time.sleep(3600)


def _audited_login(ctx):
    """The password check gradio awaits, with every attempt written to the audit log. bcrypt runs in a
    worker thread: on the event loop, a burst of bad logins would stall every signed-in user's requests."""
    import anyio

    from app.web.auth import User

    checking = anyio.CapacityLimiter(1)   # one bcrypt at a time: a flood of logins holds one core at most

    async def check(username: str, password: str) -> bool:
        ok = await anyio.to_thread.run_sync(ctx.users.authenticate, username, password, limiter=checking)
        ctx.audit.record(ctx.users.user(username) if ok else User(username, "-"), "login" if ok else "login-failed")
        return ok
    return check


def gate_middleware(ctx, host: str, port: int):
    """The request gate (origins, hosts, session owners, role-gated routes, headers), refusals audited."""
    from starlette.middleware import Middleware

    from app.web.auth import User
    from app.web.gate import Gate, GatePolicy, UploadQuota

    def role_of(name: str | None) -> str | None:
        user = ctx.users.user(name)
        return user.role if user else None

    def refused(user: str, reason: str, path: str) -> None:
        ctx.audit.record(User(user, role_of(user) or "-"), "refused", reason=reason, path=path)

    def downloaded(user: str, name: str) -> None:
        ctx.audit.record(User(user, role_of(user) or "-"), "download", file=name)

    policy = GatePolicy.build(ctx.settings.origins, host, port, role_of, ctx.users.enabled)
    quota = UploadQuota(ctx.settings.upload_quota_count, int(ctx.settings.upload_quota_mb * 2**20),
                        ctx.settings.upload_quota_hours * 3600)
    return Middleware(Gate, policy=policy, on_refusal=refused, on_download=downloaded, quota=quota)


def launch(settings: Settings, host: str, port: int) -> None:
    prepare_environment(settings.data_dir)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from app.data_lock import serve_store
    from app.knowledge import load_starter_pack
    from app.web.auth import Users
    from app.web.context import WebContext
    from app.web.style import CSS, theme

    if not settings.chroma_url:
        # Hold the data dir and share its store through a Chroma server of our own: a CLI ingest or ask
        # in another process then works on the same live library instead of corrupting our view of it.
        chroma = serve_store(settings.data_dir)
        logging.getLogger("ipabs.web").info("library %s served to other ipabs processes by Chroma (pid %s)",
                                            settings.data_dir.resolve(), chroma.pid)
    ctx = WebContext(settings, Users(settings.users))
    if load_starter_pack(ctx.kb, settings):   # opens the library before the first request
        logging.getLogger("ipabs.web").info("starter pack loaded into the empty library")
    demo = build_app(ctx)
    # The embedding model, the BM25 index and the rule packs load while the server starts listening,
    # so neither the cold start nor the first question waits for all of them.
    threading.Thread(target=_warm_up, args=(ctx,), daemon=True, name="ipabs-warm-up").start()
    threading.Thread(target=_housekeeping, args=(ctx,), daemon=True, name="ipabs-housekeeping").start()
    if ctx.users.enabled:
        from app.web.auth import dummy_hash

        dummy_hash()   # made now: the first unknown name must not take longer than the others
    auth = _audited_login(ctx) if ctx.users.enabled else None
    demo.queue(default_concurrency_limit=2).launch(
        server_name=host, server_port=port, auth=auth, app_kwargs={"middleware": [gate_middleware(ctx, host, port)]},
        auth_message="ipabs — sign in with the account your administrator created · 请登录",
        max_file_size=settings.max_file_bytes, theme=theme(), css=CSS, footer_links=[],
        show_error=False, quiet=False, ssr_mode=False, allowed_paths=[],
    )
