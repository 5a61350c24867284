"""The Check tab's "Import from documents" step: offering documents in, a draft deal with the evidence for each value out."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from app.intake import TO_ASK_LABEL, TO_CONFIRM_LABEL, deal_yaml, draft_from_files, evidence_record, gap_groups
from app.web.context import WebContext
from app.web.render import esc, notice, problem_list, table
from app.web.uploads import check_upload
from errors import UserError
from rules.deal import clip
from rules.intake import NOT_FOUND_LABEL, Draft

log = logging.getLogger("ipabs.web.intake")
INTAKE_EXTENSIONS = (".pdf", ".docx", ".txt")
MAX_FILES = 10
SHOWN_CHARS = 160   # a verbatim source line is cut to this in the table (the whole line is in the YAML's sources)


@dataclass
class Importer:
    """The step's components; `wire` connects them to the tab's deal editor and status box."""

    ctx: WebContext
    files: gr.File
    run: gr.Button
    report: gr.HTML
    # The last draft's evidence record (app.intake.evidence_record, what `ipabs intake` writes as the sidecar): the
    # check names each fact's source and repeats the values intake could not confirm. Another deal loaded clears it.
    evidence: gr.State

    def wire(self, code: gr.Code, status: gr.HTML) -> None:
        self.run.click(self._draft, [self.files], [code, status, self.report, self.evidence], api_name="intake",
                       concurrency_limit=1, concurrency_id="intake-ocr")   # one OCR at a time: 2 cores

    def _draft(self, paths: list[str] | None, request: gr.Request, progress=gr.Progress()):
        user = self.ctx.guard(request, "check")
        paths = [Path(p) for p in (paths or [])]
        if not paths:
            return gr.skip(), notice("Choose one or more offering documents first.", "warn"), "", gr.skip()
        if len(paths) > MAX_FILES:
            return gr.skip(), notice(f"At most {MAX_FILES} documents at a time.", "warn"), "", gr.skip()
        refused = []
        for path in paths:
            checked = check_upload(path, path.name, self.ctx.max_bytes, INTAKE_EXTENSIONS)
            if not checked.ok:
                refused.append(f"{checked.name}: {checked.reason}")
        if refused:
            return gr.skip(), problem_list("Refused · 文件被拒绝", refused), "", gr.skip()

        def on_page(done: int, total: int, page: int) -> None:
            progress((done, total), desc=f"OCR: page {page} ({done} of {total})")

        try:
            draft = draft_from_files(paths, self.ctx.max_bytes, on_page)
        except UserError as err:   # a refused file or not a deal: named, nothing drafted
            return gr.skip(), problem_list("No draft · 未生成草稿", [str(err)]), "", gr.skip()
        except Exception as err:  # noqa: BLE001 - shown as a message, never a traceback
            log.exception("intake failed")
            return gr.skip(), problem_list("No draft · 未生成草稿", [f"{type(err).__name__}: {err}"]), "", gr.skip()
        names = [p.name for p in paths]
        self.ctx.audit.record(user, "intake", files=names, fields=len(draft.evidence),
                              conflicts=sorted(draft.conflicts), missing=draft.missing,
                              to_confirm=[d.path for d in draft.doubts])
        message = (f"Draft filled in from {len(names)} document(s): {len(draft.evidence)} field(s) found, "
                   f"{len(draft.conflicts)} conflict(s), {len(draft.doubts)} value(s) to confirm, "
                   f"{len(draft.missing)} key field(s) not found (check the documents). Review the "
                   "evidence below, edit the deal, then press Run check. 已根据文件生成草稿，请核对后检查。")
        return (deal_yaml(draft, names, "the table under Import from documents"), notice(message, "info"), report_html(draft),
                evidence_record(draft))


def _source(found) -> str:
    page = f" p.{found.evidence.page}" if found.evidence.page else ""
    return f"{found.evidence.file}{page}: {clip(found.evidence.text, SHOWN_CHARS)}"


def report_html(draft: Draft) -> str:
    """Found (each value with file, page and verbatim text), conflicts, not found; narrow enough for the tab's left column."""
    found = table(["Field · 字段", "Value · 取值", "Source · 出处（文件、页、原文）"],
                  [(path, sources[0].value, _source(sources[0])) for path, sources in draft.evidence.items()])
    parts = [f"<h4>Found · 已提取 ({len(draft.evidence)})</h4>", found]
    if draft.conflicts:
        rows = [(path, s.value, _source(s)) for path, sources in draft.conflicts.items() for s in sources]
        parts += [f"<h4>Conflicts · 冲突 ({len(draft.conflicts)}) — left empty, decide and fill in</h4>",
                  table(["Field", "Value", "Source"], rows)]
    if draft.dropped:
        parts += ["<h4>Refused by the deal model · 不符合交易模型</h4>",
                  "<ul>" + "".join(f"<li>{esc(p)}</li>" for p in draft.dropped) + "</ul>"]
    if draft.doubts:
        rows = [(d.path, d.value, ("kept as written: " if d.kept else "left empty: ") + d.reason, _source(d))
                for d in draft.doubts]
        parts += [f"<h4>{esc(TO_CONFIRM_LABEL)} ({len(draft.doubts)})</h4>",
                  table(["Field · 字段", "Value · 取值", "Why · 原因", "Source · 出处"], rows)]
    if (groups := gap_groups(draft)):
        items = "".join(f"<li>{esc(whose)}<ul>" + "".join(f"<li>{esc(a)}</li>" for a in asks) + "</ul></li>"
                        for whose, asks in groups)
        parts += [f"<h4>{esc(TO_ASK_LABEL)}</h4>", f"<ul>{items}</ul>"]
    parts.append(f"<h4>{esc(NOT_FOUND_LABEL)} ({len(draft.missing)})</h4><p>{esc(', '.join(draft.missing) or 'none')}</p>")
    return '<div class="ipabs-intake" style="font-size:0.85em;overflow-x:auto">' + "".join(parts) + "</div>"


def build(ctx: WebContext) -> Importer:
    """Lay out the step (call inside the tab's left column); then `wire` it to the deal editor."""
    with gr.Accordion("Import from documents · 从发行文件导入", open=False, elem_id="intake"):
        files = gr.File(label="Offering documents (.pdf .docx .txt; scans are read by OCR)",
                        file_count="multiple", file_types=list(INTAKE_EXTENSIONS), elem_id="intake-files", height=130)
        run = gr.Button("Draft the deal · 生成交易草稿", size="sm", elem_id="intake-run")
        report = gr.HTML(elem_id="intake-report")
    return Importer(ctx, files, run, report, gr.State(None))
