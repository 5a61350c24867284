"""The Check tab: a deal in (sample, upload, paste or form), findings with their legal basis out, what-if, downloads."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from app.deal_evidence import evidence_of, still_held
from app.web import deals, intake_view
from app.web.context import WebContext
from app.web.findings_view import diff_html, findings_html, subsidies_html, verdict_html
from app.web.forms import amount_field, amount_text, date_field
from app.web.render import notice, problem_list
from app.web.uploads import DEAL_EXTENSIONS, check_upload
from errors import UserError
from rules.labels import field_choices, field_help, money

log = logging.getLogger("ipabs.web.check")
MAX_DEAL_BYTES = deals.MAX_DEAL_BYTES   # the same limit for pasted and uploaded deals


@dataclass(frozen=True)
class FormField:
    path: str
    label: str
    kind: str          # text | choice | amount | date | share
    hint: str          # shown when the deal model has no description for the field yet

    @property
    def help(self) -> str:
        return field_help(self.path) or self.hint


# The form edits the fields an arranger changes most; everything else lives in the YAML.
FORM_FIELDS = [
    FormField("name", "Deal name · 项目名称", "text", "The name the report carries, e.g. 某某知识产权资产支持专项计划"),
    FormField("deal.model", "Model · 交易模式", "choice", "One of the five IP ABS models"),
    FormField("deal.venue", "Venue · 发行场所", "choice", "Where the securities are listed"),
    FormField("deal.issue_date", "Issue date · 发行日", "date", "ISO date, e.g. 2024-03-15"),
    FormField("deal.issue_size", "Issue size · 发行规模", "amount", "Yuan: 733,000,000 or 7.33亿 or 73300万"),
    FormField("deal.legal_final_maturity", "Legal final maturity · 法定到期日", "date", "ISO date, e.g. 2027-03-15"),
    FormField("originator.name", "Originator · 原始权益人", "text", "The originator's registered name"),
    FormField("originator.reg_city", "Originator city · 注册城市", "text", "In Chinese, e.g. 深圳市"),
    FormField("risk_retention.pct_of_issue", "Retention share · 自留比例", "share", "A fraction 0–1, e.g. 0.05 = 5 %"),
    FormField("credit_enhancement.subordination_pct", "Subordination · 次级占比", "share", "A fraction 0–1, e.g. 0.1 = 10 %"),
    FormField("rating.senior_rating", "Senior rating · 优先级评级", "text", "e.g. AAA"),
]


def _get(deal, path: str):
    value = deal
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def form_values(deal) -> list:
    """What each form field shows for `deal` (amounts with thousands separators)."""
    out = []
    for field in FORM_FIELDS:
        value = _get(deal, field.path) if deal is not None else None
        if field.kind == "choice":
            out.append(value)
        elif field.kind == "amount":
            out.append(amount_text(value))
        else:
            out.append("" if value is None else str(value))
    return out


def form_changes(values: list) -> dict:
    """The fields the form sets, typed (amounts in yuan, shares as numbers); empty boxes change nothing.
    Raises ValueError naming the field for a value that cannot be read."""
    out = {}
    for field, raw in zip(FORM_FIELDS, values):
        text = "" if raw is None else str(raw).strip()
        if not text:
            continue
        if field.kind == "amount":
            out[field.path] = amount_field(field.label, text)
        elif field.kind == "date":
            out[field.path] = date_field(field.label, text)
        elif field.kind == "share":
            try:
                out[field.path] = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
            except ValueError:
                raise ValueError(f"{field.label} must be a fraction like 0.05 (or 5%), not {text!r}") from None
        else:
            out[field.path] = text
    return out


def _problems(err) -> str:
    problems = getattr(err, "problems", None) or str(err).splitlines() or [repr(err)]
    return problem_list(f"The deal has {len(problems)} problem{'s' if len(problems) != 1 else ''} · 交易数据有误", problems)


def _form_component(field: FormField):
    if field.kind == "choice":
        return gr.Dropdown(field_choices(field.path), value=None, label=field.label, info=field.help,
                           elem_id=f"form-{field.path}")
    return gr.Textbox(label=field.label, info=field.help, elem_id=f"form-{field.path}", max_lines=1)


def _form_from_text(text: str) -> list:
    try:
        return form_values(deals.parse_deal(text))
    except Exception:  # noqa: BLE001 - a deal the form cannot read leaves the form as it is
        return [gr.skip()] * len(FORM_FIELDS)


def _amount_note(values: list) -> str:
    """Each amount typed in the form, read back in words: `Issue size = 人民币 7.33 亿元 / RMB 733,000,000`."""
    parts = []
    for field, raw in zip(FORM_FIELDS, values):
        if field.kind == "amount" and str(raw or "").strip():
            try:
                parts.append(f"{field.label} = {money(amount_field(field.label, str(raw)))}")
            except ValueError as err:
                parts.append(str(err))
    return " · ".join(parts)


# ---------------------------------------------------------------- handlers: each takes the context, checks the
# role first, and returns what the tab shows; `build` wires them (tests call them without a browser).

_SKIP_FORM = [gr.skip()] * len(FORM_FIELDS)


def on_show(ctx: WebContext, request: gr.Request | None = None):
    """The sample list, filled when the tab is opened."""
    ctx.guard(request, "check")
    try:
        choices = [(f"{name} — {about}" if about else name, name) for name, (_, about) in deals.samples().items()]
    except Exception:  # noqa: BLE001 - samples are optional; the rest of the tab still works
        log.exception("cannot list sample deals")
        choices = []
    return gr.update(choices=choices)


def on_sample(ctx: WebContext, name: str | None, request: gr.Request | None = None):
    """(deal text, status, *form values) for the sample `name`."""
    ctx.guard(request, "check")
    if not name:
        return gr.skip(), gr.skip(), *_SKIP_FORM
    path, about = deals.samples().get(name, (None, ""))
    if path is None:
        return gr.skip(), notice("No such sample.", "warn"), *_SKIP_FORM
    text = path.read_text(encoding="utf-8")
    what = f" — {about}" if about else ""
    return text, notice(f"Loaded sample {name}{what} Press Run check.", "info"), *_form_from_text(text)


def on_upload(ctx: WebContext, file_path: str | None, request: gr.Request | None = None):
    """(deal text, status, *form values) for an uploaded deal file, checked before it is read."""
    ctx.guard(request, "check")
    if not file_path:
        return gr.skip(), gr.skip(), *_SKIP_FORM
    path = Path(file_path)
    checked = check_upload(path, path.name, min(ctx.max_bytes, MAX_DEAL_BYTES), DEAL_EXTENSIONS)
    if not checked.ok:
        return gr.skip(), problem_list("The file was refused · 文件被拒绝", [f"{checked.name}: {checked.reason}"]), *_SKIP_FORM
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return gr.skip(), problem_list("The file was refused · 文件被拒绝", [f"{checked.name}: not UTF-8 text"]), *_SKIP_FORM
    return text, notice(f"Loaded {checked.name}. Press Run check.", "info"), *_form_from_text(text)


def on_form(ctx: WebContext, text: str, values: list, request: gr.Request | None = None):
    """(deal text, status): the form's values written into the deal text, its comments kept."""
    ctx.guard(request, "check")
    try:
        edited = deals.edit_deal_text(text if (text or "").strip() else "id: new-deal\n", form_changes(values))
        return edited, notice("Fields applied to the deal (its comments kept). Press Run check.", "info")
    except Exception as err:  # noqa: BLE001 - DealError and bad values are shown, not raised
        return gr.skip(), _problems(err)


def on_amounts(ctx: WebContext, values: list, request: gr.Request | None = None) -> str:
    """The form's amounts read back in words."""
    ctx.guard(request, "check")
    return _amount_note(values)


def on_check(ctx: WebContext, text: str, day: str, evidence: dict | None = None, request: gr.Request | None = None):
    """(status, verdict, findings, subsidies, 4 downloads, report, html path) for the deal text; `evidence` is the
    record of the draft imported from documents (Importer.evidence), if the deal came from one."""
    user = ctx.guard(request, "check")
    hidden = gr.update(visible=False)
    try:
        day = deals.valid_as_of(day)
        deal = deals.parse_deal(text)
        report = ctx.checker.check(deal, day or None)
    except (UserError, ValueError) as err:
        ctx.audit.record(user, "check-failed", deal_sha256=deals.text_hash(text or ""), reason=str(err))
        return _problems(err), "", "", "", *[hidden] * 4, None, None
    except Exception as err:  # noqa: BLE001 - anything else is a message too, never a traceback
        log.exception("check failed")
        ctx.audit.record(user, "check-failed", deal_sha256=deals.text_hash(text or ""), reason=type(err).__name__)
        return _problems(ValueError(f"The check could not run: {type(err).__name__}: {err}")), \
            "", "", "", *[hidden] * 4, None, None
    context = deals.report_context(lambda: ctx.kb, report, user, deal)   # only what the role may read
    if evidence:   # as `ipabs check` reads the sidecar: each fact's source, and the doubts the deal still holds
        context.evidence, context.unconfirmed = evidence_of(evidence), still_held(evidence, deal)
    data = deals.report_data(report, context)
    try:
        files = deals.write_downloads(report, ctx.data_dir, text, context)
    except Exception as err:  # noqa: BLE001 - the findings still show; only the downloads are missing
        log.exception("report rendering failed")
        files = {}
        gr.Warning(f"The report files could not be written: {type(err).__name__}")
    ctx.audit.record(user, "check", deal_id=data["deal_id"], deal_sha256=deals.text_hash(text),
                     as_of=data["as_of"], verdict=data["verdict"], summary=data.get("summary"),
                     library=(data["signoff"].get("library") or {}).get("state_hash"),
                     report_files=[p.name for p in files.values()])
    shown = [gr.update(value=str(files[f]), visible=True) if f in files else hidden for f in ("md", "html", "json")]
    return ("", verdict_html(data), findings_html(data), subsidies_html(data), *shown, hidden,
            report, str(files["html"]) if "html" in files else None)


def on_pdf(ctx: WebContext, html_path: str | None, request: gr.Request | None = None):
    """The PDF download, printed from the HTML report after the findings show."""
    ctx.guard(request, "check")
    if not html_path:
        return gr.update(visible=False)
    try:
        return gr.update(value=str(deals.write_pdf(Path(html_path))), visible=True)
    except Exception as err:  # noqa: BLE001 - the other downloads stay; the reason is shown
        log.exception("PDF printing failed")
        gr.Warning(f"The PDF could not be printed: {err}")
        return gr.update(visible=False)


def on_whatif(ctx: WebContext, text: str, day: str, lines_text: str, before, request: gr.Request | None = None) -> str:
    """The what-if diff: the deal checked again with `path=value` lines applied."""
    user = ctx.guard(request, "check")
    lines = [ln.strip() for ln in (lines_text or "").splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not lines:
        return notice("Write at least one change as path=value.", "warn")
    try:
        day = deals.valid_as_of(day)
        deal = deals.parse_deal(text)
        before = before or ctx.checker.check(deal, day or None)
        after = ctx.checker.check(deals.apply_what_if(deal, lines), day or None)
    except (UserError, ValueError) as err:   # bad paths or values are listed for the user
        return _problems(err)
    except Exception as err:  # noqa: BLE001
        log.exception("what-if failed")
        return _problems(ValueError(f"The what-if could not run: {type(err).__name__}: {err}"))
    ctx.audit.record(user, "what-if", deal_id=after.deal_id, deal_sha256=deals.text_hash(text), changes=lines,
                     verdict_before=before.verdict, verdict_after=after.verdict)
    return diff_html(deals.what_changed(before, after), before.verdict, after.verdict, lines)


def build(ctx: WebContext):
    """Lay out the tab; returns (fn, inputs, outputs) that fill the sample list when the tab is shown."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=360):
            sample = gr.Dropdown(label="Sample deal · 示例交易", choices=[], elem_id="check-sample")
            upload = gr.File(label=f"Upload a deal ({' '.join(DEAL_EXTENSIONS)})", file_types=list(DEAL_EXTENSIONS),
                             elem_id="check-upload", height=130)
            importer = intake_view.build(ctx)
            code = gr.Code(language="yaml", label="Deal (YAML or JSON) · 交易要素", lines=16, max_lines=28,
                           elem_id="check-code", interactive=True)
            with gr.Accordion("Main fields · 主要字段", open=False, elem_id="check-form"):
                form = []
                for start in range(0, len(FORM_FIELDS), 2):   # two fields a row keeps the form short
                    with gr.Row():
                        form += [_form_component(f) for f in FORM_FIELDS[start:start + 2]]
                amounts = gr.HTML(elem_id="form-amounts")
                apply_form = gr.Button("Apply fields to the deal · 应用到交易", size="sm", elem_id="form-apply")
            as_of = gr.Textbox(label="As of · 检查日期", placeholder="YYYY-MM-DD (default: the deal's date)",
                               elem_id="check-asof")
            run = gr.Button("Run check · 开始检查", variant="primary", elem_id="check-run")
        with gr.Column(scale=3, min_width=420):
            status = gr.HTML(notice("Pick a sample, upload or paste a deal, then press Run check. "
                                    "选择示例、上传或粘贴交易要素后点击“开始检查”。", "info"), elem_id="check-status")
            verdict = gr.HTML(elem_id="check-verdict-box")
            with gr.Row():
                downloads = [gr.DownloadButton(f"Report · {label}", visible=False, size="sm", elem_id=f"dl-{fmt}")
                             for fmt, label in (("md", "Markdown"), ("html", "HTML"), ("json", "JSON"), ("pdf", "PDF"))]
            with gr.Tabs():
                with gr.Tab("Findings · 检查结果"):
                    findings = gr.HTML(elem_id="check-findings-box")
                with gr.Tab("Subsidies · 扶持政策"):
                    subsidies = gr.HTML(elem_id="check-subsidies")
                with gr.Tab("What-if · 假设分析"):
                    changes = gr.Textbox(label="Changes, one `path=value` per line · 每行一个修改",
                                         lines=4, elem_id="whatif-changes",
                                         placeholder="risk_retention.pct_of_issue=0.05\ndeal.venue=SSE")
                    rerun = gr.Button("Re-run with changes · 重新检查", elem_id="whatif-run")
                    diff = gr.HTML(elem_id="whatif-result")
    base = gr.State(None)        # the last Report, for the what-if diff
    html_file = gr.State(None)   # the last HTML download, printed to PDF after the findings show

    # Gradio injects the request only into a parameter annotated gr.Request (not through functools.partial):
    # hence one line per handler that hands it on with the context.
    def show(request: gr.Request): return on_show(ctx, request)
    # Another deal loaded is not the imported draft: its evidence (Importer.evidence) is let go.
    def pick(name, request: gr.Request): return (*on_sample(ctx, name, request), None)
    def uploaded(file_path, request: gr.Request): return (*on_upload(ctx, file_path, request), None)
    # Inputs given as a set arrive as one {component: value} dict, whatever the number of form fields.
    def apply(data: dict, request: gr.Request): return on_form(ctx, data[code], [data[c] for c in form], request)
    def amounts_typed(data: dict, request: gr.Request): return on_amounts(ctx, [data[c] for c in form], request)
    def check(text, day, evidence, request: gr.Request): return on_check(ctx, text, day, evidence, request)
    def pdf(html_path, request: gr.Request): return on_pdf(ctx, html_path, request)
    def whatif(text, day, lines, before, request: gr.Request): return on_whatif(ctx, text, day, lines, before, request)

    # Another way in (e.g. "Import from documents", app/web/intake_view.py) is laid out beside `upload` and
    # wired here like the two below: it writes the deal text into `code` and its messages into `status`.
    sample.change(pick, [sample], [code, status, *form, importer.evidence], api_name="check_sample")
    upload.upload(uploaded, [upload], [code, status, *form, importer.evidence], api_name="check_upload")
    # Amounts read back in words as they are typed.
    gr.on([box.change for field, box in zip(FORM_FIELDS, form) if field.kind == "amount"], amounts_typed, {*form},
          [amounts], api_name="check_amounts", show_progress="hidden")
    apply_form.click(apply, {code, *form}, [code, status], api_name="check_form")
    run.click(check, [code, as_of, importer.evidence], [status, verdict, findings, subsidies, *downloads, base, html_file],
              api_name="check", scroll_to_output=True).then(pdf, [html_file], [downloads[3]], api_name="check_pdf")
    rerun.click(whatif, [code, as_of, changes, base], [diff], api_name="whatif")
    importer.wire(code, status)
    return show, [], [sample]
