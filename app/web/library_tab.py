"""The Library tab: upload several files with metadata and progress; list, search, open and delete documents."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import gradio as gr

from app.ingestion import ingest_files
from app.web.auth import reading_model
from app.web.context import WebContext
from app.web.forms import date_field
from app.web.render import esc, notice, problem_list, table
from app.web.uploads import ALLOWED_EXTENSIONS, check_upload, stage
from ingest.metadata import DOC_TYPES
from kb.connection import StoreUnavailable


def results_html(rows: list[tuple[str, str, str, str]]) -> str:
    """Per-file outcome with a coloured status; every cell escaped."""
    if not rows:
        return ""
    body = "".join(
        f'<tr><td>{esc(name)}</td><td><span class="ipabs-status st-{esc(status)}">{esc(status)}</span></td>'
        f"<td>{esc(detail)}</td><td>{esc(doc_id[:12])}</td></tr>"
        for name, status, detail, doc_id in rows
    )
    return ('<table class="ipabs-table" id="upload-results"><thead><tr><th>File</th><th>Result</th>'
            f"<th>Detail / reason</th><th>Doc id</th></tr></thead><tbody>{body}</tbody></table>")


def _state(record, today: str) -> str:
    if record.in_force(today):
        # no stored version replaces it, but its own status line says it is, or may be, superseded
        return "in force? source says superseded" if record.doubted_by_source else "in force"
    if record.effective_from and record.effective_from > today:
        return "not yet in force"
    return "superseded" if record.superseded_by else "expired"


def document_rows(records, query: str, include_old: bool) -> list:
    today = date.today().isoformat()
    q = (query or "").strip().lower()
    shown = []
    for r in sorted(records, key=lambda r: (r.title, r.effective_from)):
        if not include_old and not r.in_force(today) and not (r.effective_from and r.effective_from > today):
            continue
        if q and q not in f"{r.title} {r.issuer} {r.doc_id} {r.jurisdiction} {r.doc_type}".lower():
            continue
        shown.append(r)
    return shown


def documents_html(shown, today: str) -> str:
    rows = [[r.doc_id[:12], r.title, r.doc_type, r.jurisdiction, r.issuer, r.effective_from or "-",
             r.effective_to or "-", r.chunks, _state(r, today)] for r in shown]
    return table(["Doc id", "Title", "Type", "Jurisdiction", "Issuer", "From", "To", "Chunks", "State"], rows)


def document_detail_html(kb, doc_id: str) -> str:
    from kb.versions import instrument_name

    docs = kb.documents()
    record = docs.get(doc_id)
    if record is None:
        return notice("That document is no longer in the library.", "warn")
    today = date.today().isoformat()
    meta = table(["Field", "Value"], [[k, v] for k, v in vars(record).items()])
    versions = sorted((r for r in docs.values() if instrument_name(r.title) == instrument_name(record.title)),
                      key=lambda r: (r.effective_from, r.added_at))
    vtable = table(["Doc id", "Title", "Version", "From", "To", "State"],
                   [[r.doc_id[:12] + (" (this)" if r.doc_id == doc_id else ""), r.title, r.version,
                     r.effective_from or "-", r.effective_to or "-", _state(r, today)] for r in versions])
    chunks = sorted(kb.chunks_of(doc_id), key=lambda c: c.metadata.get("seq", 0))
    items = "".join(
        f'<div class="ipabs-chunk"><div class="lbl">{esc(c.metadata.get("article") or "(no article)")}'
        f'{" · p. " + esc(c.metadata["page"]) if c.metadata.get("page") is not None else ""}'
        f' <span class="ipabs-rid">{esc(_path_note(c.metadata))}</span></div>'
        f'<div class="ipabs-passage">{esc(c.text).replace(chr(10), "<br>")}</div></div>'
        for c in chunks
    )
    return (f'<h3>{esc(record.title)}</h3>{meta}<h4>Versions · 版本</h4>{vtable}'
            f'<details class="ipabs-doc" open><summary>{len(chunks)} chunks · 条文切分</summary>'
            f'<div class="ipabs-body">{items}</div></details>')


def _path_note(meta: dict) -> str:
    """The chunk's place in the structure (第二章 > 第五条), when it says more than the article label."""
    path = meta.get("path", "")
    return "" if path in ("", meta.get("article")) else path


def _discard_staged(path: Path, data_dir: Path) -> None:
    """Remove a staged upload (only ever inside data_dir/uploads) and its batch folder once empty."""
    uploads = (data_dir / "uploads").resolve()
    target = path.resolve()
    if uploads not in target.parents:
        return   # a document ingested from elsewhere (the CLI): not ours to delete
    target.unlink(missing_ok=True)
    if target.parent != uploads and not any(target.parent.iterdir()):
        target.parent.rmdir()


def _discard_cached(path: Path, data_dir: Path) -> None:
    """Remove Gradio's cached copy of an upload (only inside data_dir/gradio-cache)."""
    cache = (data_dir / "gradio-cache").resolve()
    target = path.resolve()
    if cache in target.parents:
        target.unlink(missing_ok=True)
        if target.parent != cache and not any(target.parent.iterdir()):
            target.parent.rmdir()


def _doc_choices(shown) -> list[tuple[str, str]]:
    return [(f"{r.title} · {r.effective_from or r.version or '-'} · {r.doc_id[:8]}", r.doc_id) for r in shown]


# ---------------------------------------------------------------- handlers: each takes the context, checks the
# role first, and returns what the tab shows; `build` wires them (tests call them without a browser).


def listing_outputs(ctx: WebContext, q: str, old: bool) -> tuple[str, list]:
    shown = document_rows(ctx.kb.documents().values(), q, old)
    return documents_html(shown, date.today().isoformat()), _doc_choices(shown)


def on_list(ctx: WebContext, q: str, old: bool, request: gr.Request | None = None):
    """(listing, picker choices) for the search text and the superseded-versions box."""
    ctx.guard(request, "library.read")
    html, choices = listing_outputs(ctx, q, old)
    return html, gr.update(choices=choices)


def _no_progress(*_args, **_kwargs) -> None:
    """Stands for gr.Progress when a handler is called outside a browser event."""


def on_upload(ctx: WebContext, paths, title_, jur, dtype, issuer_, from_, to_, version_, source_, q, old,
              request: gr.Request | None = None, progress=_no_progress):
    """(results, listing, picker, emptied file box): each file checked, staged and ingested, each outcome audited."""
    user = ctx.guard(request, "library.write")
    # Input problems are shown in the results box, not raised: an error overlay would cover the inputs.
    if not paths:
        return notice("Choose one or more files first · 请先选择文件", "warn"), gr.skip(), gr.skip(), gr.skip()
    try:
        overrides = {k: v for k, v in {
            "title": (title_ or "").strip(), "jurisdiction": (jur or "").strip(), "doc_type": dtype or "",
            "issuer": (issuer_ or "").strip(), "effective_from": date_field("Effective from", from_),
            "effective_to": date_field("Effective to", to_), "version": (version_ or "").strip(),
            "stated_source": (source_ or "").strip(),
        }.items() if v}
    except ValueError as err:
        return problem_list("Nothing was ingested · 未导入", [str(err)]), gr.skip(), gr.skip(), gr.skip()
    rows: list[tuple[str, str, str, str]] = []
    accepted: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        check = check_upload(path, path.name, ctx.max_bytes)   # before any parsing
        try:
            if check.ok:
                accepted.append((stage(path, check.name, ctx.data_dir), check.name))
            else:
                rows.append((check.name, "failed", check.reason, ""))
        finally:
            _discard_cached(path, ctx.data_dir)   # Gradio's copy: the staged one (or nothing) is kept
    names = {str(staged): name for staged, name in accepted}
    embedded = {name: 0 for name in names.values()}
    done = 0

    def on_chunks(path: Path, n: int) -> None:
        name = names[str(path)]
        embedded[name] += n
        progress((done, len(accepted)), desc=f"{name}: {embedded[name]} chunks embedded", unit="files")

    def on_page(path: Path, page_done: int, total: int, _page: int) -> None:   # a scan: seconds a page
        progress((page_done, total), desc=f"OCR {names[str(path)]}: page {page_done}/{total}", unit="pages")

    if accepted:
        progress((0, len(accepted)), desc=f"Parsing and embedding {accepted[0][1]}", unit="files")
    try:
        for result in ingest_files(ctx.kb, [staged for staged, _ in accepted], overrides, ctx.max_bytes,
                                   on_chunks=on_chunks, on_page=on_page):
            staged, name = accepted[done]
            done += 1
            rows.append((name, result.status, result.detail, result.doc_id))
            # Each document's commit is on record as it happens, not only at the end of the batch.
            ctx.audit.record(user, "upload-file", file=name, status=result.status, doc_id=result.doc_id,
                             detail=result.detail)
            if result.status in ("failed", "unchanged"):
                _discard_staged(staged, ctx.data_dir)   # keep only the files the library refers to
            if done < len(accepted):
                progress((done, len(accepted)), desc=f"Parsing and embedding {accepted[done][1]}", unit="files")
    except StoreUnavailable as err:   # the Chroma server is down: report it, keep the audit entry
        for rest, rest_name in accepted[done:]:
            rows.append((rest_name, "failed", str(err), ""))
            _discard_staged(rest, ctx.data_dir)
    progress((len(accepted), len(accepted)), desc="Done", unit="files")
    ctx.audit.record(user, "upload", files=[{"file": n, "status": s, "doc_id": d, "detail": t} for n, s, t, d in rows],
                     overrides=overrides)
    html, choices = listing_outputs(ctx, q, old)
    return results_html(rows), html, gr.update(choices=choices), None   # an emptied picker for the next batch


def on_open(ctx: WebContext, doc_id: str | None, request: gr.Request | None = None):
    """The document's fields, versions and chunks."""
    user = ctx.guard(request, "library.read")
    if not doc_id:
        # The picker is emptied after a delete: keep the "Deleted …" notice on screen.
        return gr.skip()
    ctx.audit.record(user, "open", doc_id=doc_id)
    return document_detail_html(ctx.kb, doc_id)


def on_delete(ctx: WebContext, doc_id: str | None, sure: bool, q: str, old: bool, request: gr.Request | None = None):
    """(detail, listing, picker, confirm box): the version deleted once confirmed, its staged original with it."""
    user = ctx.guard(request, "library.write")
    if not doc_id:
        return notice("Open a document first · 请先选择文件", "warn"), gr.skip(), gr.skip(), gr.skip()
    if not sure:
        gr.Warning("Tick “Yes, delete it” to confirm · 请勾选确认删除")
        return gr.skip(), gr.skip(), gr.skip(), gr.skip()
    try:
        record = ctx.kb.delete(doc_id)
    except LookupError:   # kb's KeyError today, errors.NotFound once kb raises it: both are LookupErrors
        return notice("That document is no longer in the library.", "warn"), gr.skip(), gr.skip(), gr.skip()
    ctx.audit.record(user, "delete", doc_id=record.doc_id, title=record.title, chunks=record.chunks)
    if record.source_path:
        _discard_staged(Path(record.source_path), ctx.data_dir)   # the uploaded original goes with it
    html, choices = listing_outputs(ctx, q, old)
    return (notice(f"Deleted {record.title} ({record.doc_id[:12]}, {record.chunks} chunks).", "ok"),
            html, gr.update(choices=choices, value=None), False)


def build(ctx: WebContext):
    """Lay out the tab; returns (fn, inputs, outputs) that refresh the listing when the tab is shown."""
    with gr.Accordion("Upload documents · 上传法规文件", open=True):
        files = gr.File(label=f"Files ({' '.join(ALLOWED_EXTENSIONS)}; up to {ctx.settings.max_file_mb:g} MB each)",
                        file_count="multiple", file_types=list(ALLOWED_EXTENSIONS), elem_id="lib-files")
        gr.Markdown("Metadata below applies to every file of this upload; leave a field empty to use what the "
                    "document itself says. 留空则使用文件自身信息。")
        with gr.Row():
            title = gr.Textbox(label="Title · 标题", placeholder="only when uploading one file", elem_id="lib-title")
            jurisdiction = gr.Dropdown(["", "CN", "CN-GD", "CN-BJ", "CN-SH", "CN-SZ", "EU", "US"], value="",
                                       allow_custom_value=True, label="Jurisdiction · 法域", elem_id="lib-jur")
            doc_type = gr.Dropdown(["", *DOC_TYPES], value="", label="Document type · 类型", elem_id="lib-doctype")
            issuer = gr.Textbox(label="Issuer · 发布机关", elem_id="lib-issuer")
        with gr.Row():
            eff_from = gr.Textbox(label="Effective from · 施行日", placeholder="YYYY-MM-DD", elem_id="lib-from")
            eff_to = gr.Textbox(label="Effective to · 失效日", placeholder="YYYY-MM-DD", elem_id="lib-to")
            version = gr.Textbox(label="Version · 版本", placeholder="e.g. 2020 amendment", elem_id="lib-version")
            source = gr.Textbox(label="Source of the text · 文本出处", placeholder="e.g. official gazette, issuer's site",
                                elem_id="lib-source")
        upload = gr.Button("Ingest · 导入", variant="primary", elem_id="lib-ingest")
        results = gr.HTML(elem_id="lib-results")

    gr.Markdown("### Documents · 文件列表")
    gr.Markdown("**Who reads what · 阅读权限** (by document type, applied to every search, answer, source and legal "
                "basis): " + "; ".join(f"{role}: {reads}" for role, reads in reading_model()) +
                ". Mark term sheets and other deal papers as type `deal` when uploading. 交易文件请标注为 deal 类型。",
                elem_id="lib-reading-model")
    with gr.Row():
        query = gr.Textbox(label="Search title, issuer or id · 搜索", elem_id="lib-query", scale=3)
        include_old = gr.Checkbox(label="Show superseded versions · 显示已失效版本", value=False, scale=1)
        refresh = gr.Button("Refresh · 刷新", size="sm", scale=1, elem_id="lib-refresh")
    listing = gr.HTML(elem_id="lib-list")
    with gr.Row():
        pick = gr.Dropdown(label="Open a document · 查看文件", choices=[], scale=4, elem_id="lib-pick")
        confirm = gr.Checkbox(label="Yes, delete it · 确认删除", value=False, scale=1, elem_id="lib-confirm")
        delete = gr.Button("Delete version · 删除", variant="stop", scale=1, elem_id="lib-delete")
    detail = gr.HTML(elem_id="lib-detail")

    # Gradio injects the request only into a parameter annotated gr.Request (not through functools.partial):
    # hence one line per handler that hands it on with the context.
    def listed(q, old, request: gr.Request): return on_list(ctx, q, old, request)
    def opened(doc_id, request: gr.Request): return on_open(ctx, doc_id, request)
    def deleted_doc(doc_id, sure, q, old, request: gr.Request): return on_delete(ctx, doc_id, sure, q, old, request)

    def ingested(paths, title_, jur, dtype, issuer_, from_, to_, version_, source_, q, old, request: gr.Request,
                 progress=gr.Progress()):
        return on_upload(ctx, paths, title_, jur, dtype, issuer_, from_, to_, version_, source_, q, old, request,
                         progress)

    uploaded = upload.click(ingested, [files, title, jurisdiction, doc_type, issuer, eff_from, eff_to, version, source,
                                        query, include_old],
                            [results, listing, pick, files], api_name="library_upload", show_progress_on=[files],
                            concurrency_limit=1, concurrency_id="library-write")   # one writer at a time keeps versions consistent
    gr.on([refresh.click, query.submit, include_old.change], listed, [query, include_old], [listing, pick],
          api_name="library_list")
    pick.change(opened, [pick], [detail], api_name="library_open")
    deleted = delete.click(deleted_doc, [pick, confirm, query, include_old], [detail, listing, pick, confirm],
                           api_name="library_delete", concurrency_limit=1, concurrency_id="library-write")
    if ctx.header is not None:   # the header's document count follows the library without a reload
        for event in (uploaded, deleted):
            event.then(ctx.refresh_header, None, [ctx.header], api_visibility="private", show_progress="hidden")
    return listed, [query, include_old], [listing, pick]
