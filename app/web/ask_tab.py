"""The Ask tab: a chat whose answers quote the governing articles, each citation opening to its passage."""
from __future__ import annotations


import gradio as gr

from app.web.forms import date_field
from app.web.context import WebContext
from app.web.render import esc, highlight, md, md_lines
from ingest.metadata import DOC_TYPES
from kb.answer import Answer
from kb.connection import StoreUnavailable
from kb.quotes import join_line_breaks

ANY = "Any · 全部"


def answer_markdown(a: Answer) -> str:
    """The chat message: the kb's answer text (assembled once, by kb.answer.render), escaped, never Markdown."""
    if not a.found:
        return f"**Not found · 未找到**\n\n{md_lines(a.answer)}"
    return md_lines(a.answer) + "\n\n*Open a numbered source on the right to read the passage · 点击右侧编号查看原文*"


def source_entry(a: Answer) -> dict:
    """What the sources panel keeps of an answer: its citations as JSON, each with its whole passage."""
    citations = [{**c.to_json(), "passage": join_line_breaks(c.passage.text)} for c in a.citations]
    return {"question": a.question, "resolved": a.resolved_question or a.question, "citations": citations}


_STATES = {"in_force": "in force", "superseded": "SUPERSEDED", "not_yet_in_force": "not yet in force",
           "no_longer_in_force": "no longer in force"}


def _version_text(c: dict) -> str:
    """`in force 2021-06-01 → now`, or `SUPERSEDED (in force 2009-10-01 → 2021-06-01) by …`."""
    span = f"{c.get('effective_from') or '…'} → {c.get('effective_to') or 'now'}"
    status = c.get("status", "in_force")
    if status == "in_force":
        text = f"in force {span}" if c.get("effective_from") or c.get("effective_to") else "in force"
    else:
        text = f"{_STATES.get(status, status)} (in force {span})"
        if c.get("superseded_by"):
            text += f", superseded by doc {c['superseded_by'][:12]}"
    if c.get("state_on_as_of") not in (None, "in_force") and c.get("as_of"):
        text += f" · not in force on {c['as_of']}: nearest stored version"
    return text


def _badge(c: dict) -> str:
    """What a reader must see without opening the source: a version not in force (today or on the date asked)."""
    if c.get("state_on_as_of") not in (None, "in_force"):
        return f" · not in force on {c.get('as_of')}: nearest stored version"
    if c.get("status") not in (None, "in_force"):
        return f" · {_STATES.get(c['status'], c['status'])}"
    return ""


def sources_html(entry: dict | None) -> str:
    """Each citation as a <details> block: label, page and version state; the passage with the quote marked."""
    if not entry:
        return '<div class="ipabs-muted">Sources of the answer appear here · 答案出处显示在此</div>'
    if not entry["citations"]:
        return ('<div class="ipabs-notice ipabs-warn"><strong>Not found · 未找到</strong><br>'
                f'No stored provision supports an answer to “{esc(entry["question"])}”. Nothing is cited.</div>')
    asked = entry["question"]
    resolved = entry.get("resolved") or asked
    head = esc(asked) + (f" <span class='ipabs-muted'>(understood as: {esc(resolved)})</span>" if resolved != asked else "")
    blocks = [f'<div class="ipabs-sources-q">Sources for: {head}</div>']
    for c in entry["citations"]:
        page = f" · p. {esc(c['page'])}" if c.get("page") else ""
        version = f"version {esc(c['version'])} · " if c.get("version") else ""
        kind = "commentary, not law · " if c.get("commentary") else (f"{esc(c['doc_type'])} · " if c.get("doc_type") else "")
        blocks.append(
            f'<details class="ipabs-cite" data-n="{esc(c["n"])}" data-status="{esc(c.get("status", ""))}">'
            f'<summary><span class="ipabs-cite-n">[{esc(c["n"])}]</span> <strong>{esc(c.get("label") or c["title"])}</strong>'
            f'{page}{esc(_badge(c))}</summary>'
            f'<div class="ipabs-cite-meta">{kind}{version}{esc(_version_text(c))} · doc {esc(c["doc_id"][:12])}'
            f'{" · " + esc(c["path"]) if c.get("path") else ""}</div>'
            f'<div class="ipabs-cite-title">{esc(c["title"])}</div>'
            f'<div class="ipabs-passage">{highlight(c.get("passage") or c["quote"], c["quote"])}</div>'
            "</details>"
        )
    return "\n".join(blocks)


def _choices(answers: list[dict]) -> list[tuple[str, int]]:
    return [(f"Q{i + 1}: {a['question'][:60]}", i) for i, a in enumerate(answers)]


def _jurisdictions(ctx: WebContext) -> list[str]:
    """The library's jurisdictions (plus the usual ones), so the filter offers what is there."""
    found = {r.jurisdiction for r in ctx.kb.documents().values() if r.jurisdiction}
    return sorted(found | {"CN", "EU", "US"})


def build(ctx: WebContext) -> None:
    from kb.answer import ask
    from kb.retriever import Filters, Retriever

    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chat = gr.Chatbot(
                label="Ask · 法规问答", show_label=False, height=520, elem_id="ask-chat", sanitize_html=True, layout="panel",
                placeholder="Ask about IP securitization rules in Chinese or English.<br>"
                            "例如：发明专利权的期限是多久？ · What must a patent pledge registration contain?",
                buttons=["copy"], feedback_options=None,
            )
            question = gr.Textbox(
                show_label=False, elem_id="ask-input", submit_btn="Ask · 提问", autofocus=True,
                placeholder="Type a question and press Enter · 输入问题后按回车",
            )
            with gr.Row():
                jurisdiction = gr.Dropdown([ANY, *_jurisdictions(ctx)], value=ANY,
                                           allow_custom_value=True, label="Jurisdiction · 法域", elem_id="ask-jurisdiction")
                doc_type = gr.Dropdown([ANY, *DOC_TYPES], value=ANY, label="Document type · 文件类型", elem_id="ask-doctype")
                as_of = gr.Textbox(label="In force on · 生效日", placeholder="YYYY-MM-DD (empty = today)",
                                   elem_id="ask-asof")
            clear = gr.Button("New conversation · 新对话", size="sm", variant="secondary")
        with gr.Column(scale=2):
            pick = gr.Dropdown(label="Sources of answer · 出处", choices=[], elem_id="ask-source-pick", interactive=True)
            sources = gr.HTML(sources_html(None), elem_id="ask-sources", js_on_load=None)
    answers = gr.State([])

    def on_ask(message: str, history: list, jur: str, dtype: str, day: str, kept: list, request: gr.Request):
        user = ctx.guard(request, "ask")
        message = (message or "").strip()
        try:
            day = date_field("“In force on” · 生效日", day)
        except ValueError as err:
            # A toast, not gr.Error: an error overlay would cover the chat box the user must correct.
            gr.Warning(str(err))
            message = ""
        if not message:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        filters = Filters(jurisdiction="" if jur in ("", ANY, None) else jur.strip(),
                          doc_type="" if dtype in ("", ANY, None) else dtype, as_of=day,
                          doc_types=user.doc_types)   # what the role may read, applied in retrieval
        history = [*history, {"role": "user", "content": md(message)}]
        yield history + [{"role": "assistant", "content": "*Searching the library · 检索中…*"}], "", gr.skip(), gr.skip(), kept
        try:
            # Earlier questions of this conversation, as understood, resolve an elliptical follow-up.
            earlier = [e.get("resolved") or e["question"] for e in kept]
            answer = ask(Retriever(ctx.kb), message, filters=filters, history=earlier)   # kb decides how many to cite
        except StoreUnavailable as err:
            # The Chroma server is down: say so in the chat and keep the question for a retry once it is back.
            notice = f"**Knowledge base unavailable · 知识库暂不可用**\n\n{md(str(err))}"
            yield [*history, {"role": "assistant", "content": notice}], message, gr.skip(), gr.skip(), kept
            return
        ctx.audit.record(user, "ask", question=message, resolved_question=answer.resolved_question,
                         filters={"jurisdiction": filters.jurisdiction, "doc_type": filters.doc_type, "as_of": filters.as_of},
                         found=answer.found, citations=[f"{c.title} {c.article}".strip() for c in answer.citations],
                         doc_ids=[c.doc_id for c in answer.citations])
        entry = source_entry(answer)
        kept = [*kept, entry]
        history = [*history, {"role": "assistant", "content": answer_markdown(answer)}]
        yield history, "", gr.update(choices=_choices(kept), value=len(kept) - 1), sources_html(entry), kept

    def on_pick(index, kept: list, request: gr.Request):
        ctx.guard(request, "ask")
        if index is None or not isinstance(index, int) or not 0 <= index < len(kept):
            return sources_html(None)
        return sources_html(kept[index])

    def on_clear(request: gr.Request):
        ctx.guard(request, "ask")
        return [], gr.update(choices=[], value=None), sources_html(None), []

    question.submit(on_ask, [question, chat, jurisdiction, doc_type, as_of, answers],
                    [chat, question, pick, sources, answers], api_name="ask", show_progress="minimal")
    pick.change(on_pick, [pick, answers], [sources], api_name="ask_sources")
    clear.click(on_clear, None, [chat, pick, sources, answers], api_name="ask_clear")
