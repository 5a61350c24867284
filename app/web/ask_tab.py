"""The Ask tab: a chat whose answers quote the governing articles (or, with a model configured, are written by
it and shown only as far as each sentence checks out against its source), each citation opening to its passage."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import gradio as gr

from app.llm import LLMConfigError, make_chat_model
from app.web.forms import date_field
from app.web.context import WebContext
from app.web.render import esc, highlight, md, md_lines
from ingest.metadata import DOC_TYPES
from kb.answer import GIST_LABEL, Answer
from kb.connection import StoreUnavailable
from kb.generate import ChatModel
from kb.llm_answer import MODES, GeneratedAnswer
from kb.quotes import join_line_breaks
from kb.tokenize import is_chinese

ANY = "Any · 全部"
MODE_LABELS = {"extractive": "Quotes · 原文引用", "generate": "Generated, verified · 生成并核对"}
GENERATE_K = 3          # passages given to the model: a local model reads a long prompt slowly
DRAFT_MAX_CHARS = 1500  # of a draft that is not sentence JSON
DRAFT_EVERY_S = 0.3     # how often the streamed draft is redrawn (each redraw is a message to the browser)
# Asks that may run at once: a generated answer waits on the model for up to IPABS_LLM_TIMEOUT seconds in a
# worker thread, so one slow answer must not hold the only slot other users' questions queue behind.
ASK_CONCURRENCY = 6
DRAFT_HEAD = ("**Draft · unverified · 草稿（未核实）** — the model is writing; only sentences that pass the "
              "source check will be kept · 仅保留经来源核对的句子")
STATUS_MARKS = {"supported": "✓ supported · 有依据", "flagged": "⚠ flagged · 仅说明性材料支持",
                "removed": "✗ removed · 已删除"}
log = logging.getLogger("ipabs.web")


@dataclass
class Generation:
    """The Ask tab's optional chat model with its verifier, or the reason there is none."""
    chat: ChatModel | None = None
    unavailable: str = ""               # why generated answers are not offered ("" when they are)
    _verifier: object | None = field(default=None, repr=False)

    def verifier(self, kb):
        from kb.verify import Verifier

        if self._verifier is None:
            self._verifier = Verifier(kb.embeddings)   # the library's own embedding model scores support
        return self._verifier


def generation(settings) -> Generation:
    """The configured model (IPABS_LLM_*), or why generated answers are off, in words a user can act on."""
    try:
        chat = make_chat_model(settings)
    except LLMConfigError as err:
        return Generation(unavailable=f"Generated answers are off: {err} · 生成模式不可用（配置错误）")
    if chat is None:
        return Generation(unavailable="Generated answers are off: no language model is configured "
                                      "(IPABS_LLM_BASE_URL, IPABS_LLM_MODEL) · 未配置语言模型，仅提供原文引用")
    return Generation(chat)


def answer_markdown(a: Answer) -> str:
    """The chat message: the kb's answer text (assembled once, by kb.answer.render), escaped, never Markdown; an
    English gist under a Chinese quote in italics, so that it does not read as the law quoted above it."""
    if not a.found:
        return f"**Not found · 未找到**\n\n{md_lines(a.answer)}"
    lines = [f"*{md(line.strip())}*" if line.strip().startswith(GIST_LABEL) else md(line) for line in a.answer.splitlines()]
    return "  \n".join(lines) + "\n\n*Open a numbered source on the right to read the passage · 点击右侧编号查看原文*"


def generated_markdown(g: GeneratedAnswer) -> str:
    """The chat message of a generated answer: the kb's text, its verified label in bold, or the notice
    of why the quotes are shown instead."""
    if g.fallback:
        return (f"**⚠ Generated answer not shown · 未显示生成回答**\n\n{md_lines(g.answer)}\n\n"
                "*Open a numbered source on the right to read the passage · 点击右侧编号查看原文*")
    if not g.extractive.found:
        return answer_markdown(g.extractive)
    label, *rest = g.answer.splitlines()   # kb.llm_answer puts "Generated · verified against the sources:" first
    text = f"**✓ {md(label)}**  \n{md_lines(chr(10).join(rest))}"
    removed = sum(s.status == "removed" for s in g.sentences)
    checked = (f"{removed} removed, shown under Sources · 删除的句子及原因见右侧" if removed
               else "every sentence kept · 全部句子均有依据")
    return f"{text}\n\n*Model {md(g.model_id)} · source check: {checked}*"


def draft_markdown(raw_so_far: str) -> str:
    """The streamed, unverified draft, marked as such."""
    from kb.generate import draft_text

    # The sentence texts of the JSON so far; output that is not in the asked-for form is shown as it comes
    # (its tail), so the user sees the model is writing rather than a frozen "…".
    draft = draft_text(raw_so_far).strip() or raw_so_far.strip()[-DRAFT_MAX_CHARS:]
    return f"{DRAFT_HEAD}\n\n> {md_lines(draft).replace(chr(10), chr(10) + '> ') if draft else '…'}"


def source_entry(a: Answer | GeneratedAnswer) -> dict:
    """What the sources panel keeps of an answer: its citations as JSON, each with its whole passage;
    for a generated answer also every sentence with its verification result."""
    generated = a if isinstance(a, GeneratedAnswer) else None
    a = generated.extractive if generated else a
    def shown(citations) -> list[dict]:
        return [{**c.to_json(a.chinese), "passage": join_line_breaks(c.passage.text)} for c in citations]

    entry = {"question": a.question, "resolved": a.resolved_question or a.question, "citations": shown(a.citations),
             "related": shown(a.related), "notices": a.notices, "answer": generated.answer if generated else a.answer}
    if generated and generated.model_id:
        entry["generation"] = {"model": generated.model_id, "fallback": generated.fallback,
                               "notice": generated.notice, "sentences": [s.to_json() for s in generated.sentences]}
    return entry


def _model_quotes(entry: dict, n: int) -> list[str] | None:
    """The quotes of the shown generated sentences that cite passage n; None unless a generated answer is shown."""
    gen = entry.get("generation")
    if not gen or gen["fallback"]:
        return None
    return [s["quote"] for s in gen["sentences"] if s["status"] != "removed" and n in s["citations"] and s["quote"]]


def verification_html(gen: dict) -> str:
    """Every generated sentence with its status and reason: what was removed is listed, never hidden."""
    head = (f'<div class="ipabs-verify" data-fallback="{str(gen["fallback"]).lower()}">'
            f'<div class="ipabs-verify-head"><strong>Source check · 来源核对</strong> '
            f'<span class="ipabs-muted">model {esc(gen["model"])}</span></div>')
    if gen["notice"]:
        head += f'<div class="ipabs-notice ipabs-warn">{esc(gen["notice"])}</div>'
    rows = []
    for s in gen["sentences"]:
        text = f"<s>{esc(s['text'])}</s>" if s["status"] == "removed" else esc(s["text"])
        reason = f' — {esc(s["reason"])}' if s.get("reason") else ""
        quote = f'<div class="ipabs-muted">quote: “{esc(s["quote"])}”</div>' if s.get("quote") else ""
        rows.append(f'<li class="ipabs-sentence" data-status="{esc(s["status"])}">'
                    f'<strong>{esc(STATUS_MARKS.get(s["status"], s["status"]))}</strong>{reason}<br>{text}{quote}</li>')
    return head + (f"<ul>{''.join(rows)}</ul>" if rows else "") + "</div>"


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
    elif c.get("doubted_by_source"):
        text += f" · its source says: {c.get('source_status', '')}"
    if c.get("partial_source"):
        text += f" · partial text, its source says: {c.get('source_completeness', '')}"
    if not c.get("commentary") and not c.get("stated_source"):
        text += " · source of the text not stated"
    return text


def _badge(c: dict) -> str:
    """What a reader must see without opening the source: a version not in force (today or on the date asked),
    and a source that holds only part of the instrument."""
    partial = " · partial text of the instrument" if c.get("partial_source") else ""
    if c.get("state_on_as_of") not in (None, "in_force"):
        return f" · not in force on {c.get('as_of')}: nearest stored version" + partial
    if c.get("status") not in (None, "in_force"):
        return f" · {_STATES.get(c['status'], c['status'])}" + partial
    if c.get("doubted_by_source"):
        return " · its source says it may be superseded: check the current text" + partial
    return partial


def sources_html(entry: dict | None) -> str:
    """Each citation as a <details> block: label, page and version state; the passage with the quote marked."""
    if not entry:
        return '<div class="ipabs-muted">Sources of the answer appear here · 答案出处显示在此</div>'
    if not entry["citations"]:
        reasons = "".join(f"<br>{esc(n)}" for n in entry.get("notices", []))
        blocks = ['<div class="ipabs-notice ipabs-warn"><strong>Not found · 未找到</strong><br>'
                  f'No stored provision supports an answer to “{esc(entry["question"])}”. Nothing is cited.{reasons}</div>']
        if entry.get("related"):
            blocks.append('<div class="ipabs-sources-q">Related passages, which do not answer the question '
                          '(for orientation only) · 相关但未回答该问题的段落</div>')
            blocks += [_cite_block(entry, c, related=True) for c in entry["related"]]
        return "\n".join(blocks)
    asked = entry["question"]
    resolved = entry.get("resolved") or asked
    head = esc(asked) + (f" <span class='ipabs-muted'>(understood as: {esc(resolved)})</span>" if resolved != asked else "")
    blocks = [f'<div class="ipabs-sources-q">Sources for: {head}</div>']
    if entry.get("generation"):
        blocks.append(verification_html(entry["generation"]))
    blocks += [_cite_block(entry, c) for c in entry["citations"]]
    return "\n".join(blocks)


def _cite_block(entry: dict, c: dict, related: bool = False) -> str:
    """One source as a <details> block; a related passage of a not-found answer is marked as not answering."""
    page = f" · p. {esc(c['page'])}" if c.get("page") else ""
    version = f"version {esc(c['version'])} · " if c.get("version") else ""
    kind = "commentary, not law · " if c.get("commentary") else (f"{esc(c['doc_type'])} · " if c.get("doc_type") else "")
    mark = " · related, does not answer" if related else ""
    return (
        f'<details class="ipabs-cite{" ipabs-related" if related else ""}" data-n="{esc(c["n"])}" '
        f'data-status="{esc(c.get("status", ""))}">'
        f'<summary><span class="ipabs-cite-n">[{esc(c["n"])}]</span> <strong>{esc(c.get("label") or c["title"])}</strong>'
        f'{page}{esc(_badge(c))}{mark}</summary>'
        f'<div class="ipabs-cite-meta">{kind}{version}{esc(_version_text(c))} · doc {esc(c["doc_id"][:12])}'
        f'{" · " + esc(c["path"]) if c.get("path") else ""}</div>'
        f'<div class="ipabs-cite-title">{esc(c["title"])}</div>'
        f'<div class="ipabs-passage">{highlight(c.get("passage") or c["quote"], "") if related else _passage_html(entry, c)}</div>'
        f'{_gist_html(entry, c)}'
        "</details>"
    )


def _gist_html(entry: dict, c: dict) -> str:
    """An English answer's Chinese article with its editors' caption, marked as ours and not the law."""
    if not c.get("gist") or is_chinese(entry.get("resolved") or entry["question"]):
        return ""
    return f'<div class="ipabs-gist ipabs-muted">{esc(GIST_LABEL)}: {esc(c["gist"])}</div>'


def _passage_html(entry: dict, c: dict) -> str:
    """The passage with the answer's quotes marked: the model's quotes when a generated answer is shown,
    else the answering sentences of the extractive answer."""
    passage = c.get("passage") or c["quote"]
    model_quotes = _model_quotes(entry, c["n"])
    if model_quotes is None:
        return highlight(passage, c["quote"])
    return highlight(passage, "", model_quotes)   # only what the shown sentences rely on


def _choices(answers: list[dict]) -> list[tuple[str, int]]:
    return [(f"Q{i + 1}: {a['question'][:60]}", i) for i, a in enumerate(answers)]


def _jurisdictions(ctx: WebContext) -> list[str]:
    """The library's jurisdictions (plus the usual ones), so the filter offers what is there."""
    found = {r.jurisdiction for r in ctx.kb.documents().values() if r.jurisdiction}
    return sorted(found | {"CN", "EU", "US"})


def _filters(user, jur: str, dtype: str, day):
    from kb.retriever import Filters

    return Filters(jurisdiction="" if jur in ("", ANY, None) else jur.strip(),
                   doc_type="" if dtype in ("", ANY, None) else dtype, as_of=day,
                   doc_types=user.doc_types)   # what the role may read, applied in retrieval


def _conversation(kept: list[dict]) -> list[dict]:
    """Earlier turns for the model, as understood and as shown (plain text, not the chat's escaped Markdown)."""
    turns = []
    for e in kept:
        turns += [{"role": "user", "content": e.get("resolved") or e["question"]},
                  {"role": "assistant", "content": e.get("answer", "")}]
    return turns


def on_ask(ctx: WebContext, gen: Generation, message: str, history: list, jur: str, dtype: str, day: str,
           mode: str, kept: list, request: gr.Request | None):
    """Answer `message` in the chat: quotes, or a generated answer streamed as a draft and then replaced by
    its verified version. Yields (chat, question box, source picker, sources panel, answers kept)."""
    from kb.answer import ask
    from kb.retriever import Retriever

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
    if mode == "generate" and gen.chat is None:
        gr.Warning(gen.unavailable)   # a stale page or an API call: answer with quotes, say why
        mode = "extractive"
    filters = _filters(user, jur, dtype, day)
    history = [*history, {"role": "user", "content": md(message)}]
    yield history + [{"role": "assistant", "content": "*Searching the library · 检索中…*"}], "", gr.skip(), gr.skip(), kept
    started = time.monotonic()
    try:
        if mode == "generate":
            answer = None
            for item in _generate(ctx, gen, message, filters, kept):
                if isinstance(item, str):
                    yield history + [{"role": "assistant", "content": item}], "", gr.skip(), gr.skip(), kept
                else:
                    answer = item
        else:
            # Earlier questions of this conversation, as understood, resolve an elliptical follow-up.
            earlier = [e.get("resolved") or e["question"] for e in kept]
            answer = ask(Retriever(ctx.kb), message, filters=filters, history=earlier)   # kb decides how many to cite
    except StoreUnavailable as err:
        # The Chroma server is down: say so in the chat and keep the question for a retry once it is back.
        notice = f"**Knowledge base unavailable · 知识库暂不可用**\n\n{md(str(err))}"
        yield [*history, {"role": "assistant", "content": notice}], message, gr.skip(), gr.skip(), kept
        return
    generated = answer if isinstance(answer, GeneratedAnswer) else None
    extractive = generated.extractive if generated else answer
    details = {"generation": generated.audit_record()} if generated else {}
    ctx.audit.record(user, "ask", question=message, resolved_question=extractive.resolved_question, mode=mode,
                     filters={"jurisdiction": filters.jurisdiction, "doc_type": filters.doc_type, "as_of": filters.as_of},
                     found=extractive.found, citations=[f"{c.title} {c.article}".strip() for c in extractive.citations],
                     doc_ids=[c.doc_id for c in extractive.citations], seconds=round(time.monotonic() - started, 3),
                     **details)
    entry = source_entry(answer)
    kept = [*kept, entry]
    shown = generated_markdown(generated) if generated else answer_markdown(answer)
    history = [*history, {"role": "assistant", "content": shown}]
    yield history, "", gr.update(choices=_choices(kept), value=len(kept) - 1), sources_html(entry), kept


def _generate(ctx: WebContext, gen: Generation, message: str, filters, kept: list):
    """Draft messages (str) while the model writes, then the verified GeneratedAnswer. Runs in Gradio's worker
    thread: the model's wait never holds the event loop. A failure of our own after the model answered (the
    verifier, the parser) still ends in the quotes with a notice, never in a broken chat."""
    from kb.llm_answer import fall_back, stream_answer
    from kb.retriever import Retriever

    raw, drawn = "", 0.0
    retriever = Retriever(ctx.kb)
    try:
        for item in stream_answer(gen.chat, retriever, gen.verifier(ctx.kb), message, k=GENERATE_K,
                                  filters=filters, history=_conversation(kept)):
            if isinstance(item, str):
                raw += item
                if time.monotonic() - drawn >= DRAFT_EVERY_S:
                    drawn = time.monotonic()
                    yield draft_markdown(raw)
            else:
                yield item
                return
    except StoreUnavailable:
        raise
    except Exception as err:  # noqa: BLE001 - the user still gets the quotes, and the log the trace
        log.exception("generated answer failed after the model call")
        from kb.answer import ask

        earlier = [e.get("resolved") or e["question"] for e in kept]
        result = GeneratedAnswer(ask(retriever, message, k=GENERATE_K, filters=filters, history=earlier),
                                 gen.chat.model_id, raw_output=raw)
        yield fall_back(result, f"Generative answer unavailable: the answer could not be checked "
                                 f"({type(err).__name__}); the quoted provisions follow.")


def on_pick(ctx: WebContext, index, kept: list, request: gr.Request | None) -> str:
    """The sources of the answer picked in the list."""
    ctx.guard(request, "ask")
    if index is None or not isinstance(index, int) or not 0 <= index < len(kept):
        return sources_html(None)
    return sources_html(kept[index])


def on_clear(ctx: WebContext, request: gr.Request | None):
    """A new conversation: chat, picker, sources and kept answers emptied."""
    ctx.guard(request, "ask")
    return [], gr.update(choices=[], value=None), sources_html(None), []


def build(ctx: WebContext) -> None:
    gen = generation(ctx.settings)
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
            with gr.Row():
                mode_choice = gr.Radio([(MODE_LABELS[m], m) for m in MODES], value="extractive", label="Answer · 回答方式",
                                interactive=gen.chat is not None, elem_id="ask-mode")
                clear = gr.Button("New conversation · 新对话", size="sm", variant="secondary")
            if gen.unavailable:
                gr.Markdown(md(gen.unavailable), elem_id="ask-mode-note", elem_classes=["ipabs-muted"])
        with gr.Column(scale=2):
            pick = gr.Dropdown(label="Sources of answer · 出处", choices=[], elem_id="ask-source-pick", interactive=True)
            sources = gr.HTML(sources_html(None), elem_id="ask-sources", js_on_load=None)
    answers = gr.State([])

    # Gradio finds the request by the `gr.Request` annotation of the function it is given; a
    # functools.partial hides it (gradio.utils.get_type_hints reads partial.__call__), so each handler is
    # bound to the context by a small wrapper that names the parameter itself.
    def ask_(message: str, history: list, jur: str, dtype: str, day: str, mode: str, kept: list, request: gr.Request):
        yield from on_ask(ctx, gen, message, history, jur, dtype, day, mode, kept, request)

    def pick_(index, kept: list, request: gr.Request):
        return on_pick(ctx, index, kept, request)

    def clear_(request: gr.Request):
        return on_clear(ctx, request)

    question.submit(ask_, [question, chat, jurisdiction, doc_type, as_of, mode_choice, answers],
                    [chat, question, pick, sources, answers], api_name="ask", show_progress="minimal",
                    concurrency_limit=ASK_CONCURRENCY)
    pick.change(pick_, [pick, answers], [sources], api_name="ask_sources")
    clear.click(clear_, None, [chat, pick, sources, answers], api_name="ask_clear")
