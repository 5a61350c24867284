"""The Check tab: a deal in (sample, upload, paste or form), findings with their legal basis out, what-if, downloads."""
from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from app.web import deals
from app.web.context import WebContext
from app.web.findings_view import diff_html, findings_html, subsidies_html, verdict_html
from app.web.render import notice, problem_list
from app.web.uploads import DEAL_EXTENSIONS, check_upload
from rules.deal import DealError

log = logging.getLogger("ipabs.web.check")
MAX_DEAL_BYTES = deals.MAX_DEAL_BYTES   # the same limit for pasted and uploaded deals

# The form edits the fields an arranger changes most; everything else lives in the YAML.
FORM_FIELDS = [
    ("deal.name", "Deal name · 项目名称", "text", None),
    ("deal.model", "Model · 交易模式", "choice", ["leasing", "supply_chain", "license_fee", "pledge_loan", "bill"]),
    ("deal.venue", "Venue · 发行场所", "choice", ["SZSE", "SSE", "NEEQ", "OTC", "interbank", "offshore"]),
    ("deal.issue_date", "Issue date · 发行日", "text", None),
    ("deal.issue_size", "Issue size (RMB) · 发行规模", "text", None),
    ("deal.legal_final_maturity", "Legal final maturity · 法定到期日", "text", None),
    ("originator.name", "Originator · 原始权益人", "text", None),
    ("originator.reg_city", "Originator city · 注册城市", "text", None),
    ("risk_retention.pct_of_issue", "Retention share (0–1) · 自留比例", "text", None),
    ("credit_enhancement.subordination_pct", "Subordination (0–1) · 次级占比", "text", None),
    ("rating.senior_rating", "Senior rating · 优先级评级", "text", None),
]


def _get(deal, path: str):
    value = deal
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def form_values(deal) -> list:
    out = []
    for path, _, kind, _ in FORM_FIELDS:
        value = _get(deal, path) if deal is not None else None
        out.append(value if kind == "choice" else ("" if value is None else str(value)))
    return out


def form_changes(values: list) -> list[str]:
    return [f"{path}={str(v).strip()}" for (path, *_), v in zip(FORM_FIELDS, values) if v not in (None, "") and str(v).strip()]


def _problems(err) -> str:
    problems = getattr(err, "problems", None) or str(err).splitlines() or [repr(err)]
    return problem_list(f"The deal has {len(problems)} problem{'s' if len(problems) != 1 else ''} · 交易数据有误", problems)


def build(ctx: WebContext):
    """Lay out the tab; returns (fn, inputs, outputs) that fill the sample list when the tab is shown."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=360):
            sample = gr.Dropdown(label="Sample deal · 示例交易", choices=[], elem_id="check-sample")
            upload = gr.File(label="Upload a deal (.yaml .yml .json)", file_types=list(DEAL_EXTENSIONS),
                             elem_id="check-upload", height=130)
            code = gr.Code(language="yaml", label="Deal (YAML or JSON) · 交易要素", lines=16, max_lines=28,
                           elem_id="check-code", interactive=True)
            with gr.Accordion("Main fields · 主要字段", open=False, elem_id="check-form"):
                form = []
                for start in range(0, len(FORM_FIELDS), 2):   # two fields a row keeps the form short
                    with gr.Row():
                        for path, label, kind, choices in FORM_FIELDS[start:start + 2]:
                            if kind == "choice":
                                form.append(gr.Dropdown(choices, value=None, label=label, elem_id=f"form-{path}"))
                            else:
                                form.append(gr.Textbox(label=label, elem_id=f"form-{path}", max_lines=1))
                apply_form = gr.Button("Apply fields to the deal · 应用到交易", size="sm")
            as_of = gr.Textbox(label="As of · 检查日期", placeholder="YYYY-MM-DD (default: the deal's date)",
                               elem_id="check-asof")
            run = gr.Button("Run check · 开始检查", variant="primary", elem_id="check-run")
        with gr.Column(scale=3, min_width=420):
            status = gr.HTML(notice("Pick a sample, upload or paste a deal, then press Run check. "
                                    "选择示例、上传或粘贴交易要素后点击“开始检查”。", "info"), elem_id="check-status")
            verdict = gr.HTML(elem_id="check-verdict-box")
            with gr.Row():
                dl_md = gr.DownloadButton("Report · Markdown", visible=False, size="sm", elem_id="dl-md")
                dl_html = gr.DownloadButton("Report · HTML", visible=False, size="sm", elem_id="dl-html")
                dl_json = gr.DownloadButton("Report · JSON", visible=False, size="sm", elem_id="dl-json")
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
    base = gr.State(None)   # the last report as a dict, for the what-if diff

    def lookup_for(as_of_day: str, doc_types: frozenset[str] = frozenset()):
        from kb.lookup import lookup_basis

        cache: dict = {}

        def lookup(instrument: str, article: str):
            key = (instrument, article)
            if key not in cache:
                cache[key] = lookup_basis(ctx.kb, instrument, article, as_of_day, doc_types=doc_types)
            return cache[key]
        return lookup

    def on_show(request: gr.Request):
        ctx.guard(request, "check")
        try:
            choices = [(f"{name} — {about}" if about else name, name) for name, (_, about) in deals.samples().items()]
        except Exception:  # noqa: BLE001 - samples are optional; the rest of the tab still works
            log.exception("cannot list sample deals")
            choices = []
        return gr.update(choices=choices)

    def on_sample(name: str | None, request: gr.Request):
        ctx.guard(request, "check")
        if not name:
            return gr.skip(), gr.skip(), *[gr.skip()] * len(FORM_FIELDS)
        path, about = deals.samples().get(name, (None, ""))
        if path is None:
            return gr.skip(), notice("No such sample.", "warn"), *[gr.skip()] * len(FORM_FIELDS)
        text = path.read_text(encoding="utf-8")
        what = f" — {about}" if about else ""
        return text, notice(f"Loaded sample {name}{what} Press Run check.", "info"), *_form_from_text(text)

    def _form_from_text(text: str) -> list:
        try:
            return form_values(deals.parse_deal(text))
        except Exception:  # noqa: BLE001 - a deal the form cannot read leaves the form as it is
            return [gr.skip()] * len(FORM_FIELDS)

    def on_upload(file_path: str | None, request: gr.Request):
        ctx.guard(request, "check")
        if not file_path:
            return gr.skip(), gr.skip(), *[gr.skip()] * len(FORM_FIELDS)
        path = Path(file_path)
        checked = check_upload(path, path.name, min(ctx.max_bytes, MAX_DEAL_BYTES), DEAL_EXTENSIONS)
        if not checked.ok:
            return gr.skip(), problem_list("The file was refused · 文件被拒绝", [f"{checked.name}: {checked.reason}"]), \
                *[gr.skip()] * len(FORM_FIELDS)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return gr.skip(), problem_list("The file was refused · 文件被拒绝", [f"{checked.name}: not UTF-8 text"]), \
                *[gr.skip()] * len(FORM_FIELDS)
        return text, notice(f"Loaded {checked.name}. Press Run check.", "info"), *_form_from_text(text)

    def on_form(data: dict, request: gr.Request):
        # Inputs given as a set arrive as one {component: value} dict, whatever the number of form fields.
        ctx.guard(request, "check")
        text, values = data[code], [data[c] for c in form]
        try:
            deal = deals.apply_what_if(deals.parse_deal(text or "id: new-deal\n"), form_changes(values))
            return deals.deal_yaml(deal), notice("Fields applied to the deal. Press Run check.", "info")
        except Exception as err:  # noqa: BLE001 - DealError and bad values are shown, not raised
            return gr.skip(), _problems(err)

    def on_check(text: str, day: str, request: gr.Request):
        user = ctx.guard(request, "check")
        hidden = gr.update(visible=False)
        try:
            day = deals.valid_as_of(day)
            deal = deals.parse_deal(text)
            report = deals.run_check(deal, day)
        except (DealError, ValueError) as err:
            ctx.audit.record(user, "check-failed", deal_sha256=deals.text_hash(text or ""), reason=str(err))
            return _problems(err), "", "", "", hidden, hidden, hidden, None
        except Exception as err:  # noqa: BLE001 - anything else is a message too, never a traceback
            log.exception("check failed")
            ctx.audit.record(user, "check-failed", deal_sha256=deals.text_hash(text or ""), reason=type(err).__name__)
            return _problems(ValueError(f"The check could not run: {type(err).__name__}: {err}")), \
                "", "", "", hidden, hidden, hidden, None
        data = report.to_dict()
        try:
            files = deals.write_downloads(report, ctx.data_dir, text)
        except Exception as err:  # noqa: BLE001 - the findings still show; only the downloads are missing
            log.exception("report rendering failed")
            files = {}
            gr.Warning(f"The report files could not be written: {type(err).__name__}")
        ctx.audit.record(user, "check", deal_id=data["deal_id"], deal_sha256=deals.text_hash(text),
                         as_of=data["as_of"], verdict=data["verdict"], summary=data.get("summary"),
                         report_files=[p.name for p in files.values()])
        lookup = lookup_for(data["as_of"], user.doc_types)   # only what the role may read
        downloads = [gr.update(value=str(files[f]), visible=True) if f in files else hidden for f in ("md", "html", "json")]
        return ("", verdict_html(data), findings_html(data, lookup), subsidies_html(data), *downloads, data)

    def on_whatif(text: str, day: str, lines_text: str, before: dict | None, request: gr.Request):
        user = ctx.guard(request, "check")
        lines = [ln.strip() for ln in (lines_text or "").splitlines() if ln.strip() and not ln.strip().startswith("#")]
        if not lines:
            return notice("Write at least one change as path=value.", "warn")
        try:
            day = deals.valid_as_of(day)
            deal = deals.parse_deal(text)
            before = before or deals.run_check(deal, day).to_dict()
            after = deals.run_check(deals.apply_what_if(deal, lines), day).to_dict()
        except (DealError, ValueError) as err:   # bad paths or values are listed for the user
            return _problems(err)
        except Exception as err:  # noqa: BLE001
            log.exception("what-if failed")
            return _problems(ValueError(f"The what-if could not run: {type(err).__name__}: {err}"))
        ctx.audit.record(user, "what-if", deal_id=after["deal_id"], deal_sha256=deals.text_hash(text), changes=lines,
                         verdict_before=before.get("verdict"), verdict_after=after["verdict"])
        return diff_html(before, after, lines)

    sample.change(on_sample, [sample], [code, status, *form], api_name="check_sample")
    upload.upload(on_upload, [upload], [code, status, *form], api_name="check_upload")
    apply_form.click(on_form, {code, *form}, [code, status], api_name="check_form")
    run.click(on_check, [code, as_of], [status, verdict, findings, subsidies, dl_md, dl_html, dl_json, base],
              api_name="check", scroll_to_output=True)
    rerun.click(on_whatif, [code, as_of, changes, base], [diff], api_name="whatif")
    return on_show, [], [sample]
