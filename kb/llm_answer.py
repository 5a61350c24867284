"""Generative answers: retrieve as the extractive answer does, let the model write, show only verified sentences."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Iterator

from kb.answer import Answer, ask
from kb.generate import ChatModel, ParsedOutput, build_messages, parse_output
from kb.tokenize import is_chinese
from kb.verify import Checked, Passage, Verifier, strip_citations

MODES = ("extractive", "generate")
# Too little left means the extractive answer: at least one supported sentence, and at least half of what
# the model wrote. An answer missing most of its sentences would mislead by what it leaves out.
MIN_KEPT_SHARE = 0.5


@dataclass
class GeneratedAnswer:
    extractive: Answer
    model_id: str
    answer: str = ""                  # exactly what is shown
    sentences: list[Checked] = field(default_factory=list)
    fallback: bool = False            # the extractive answer is shown instead
    notice: str = ""                  # one line: why the generated answer is not (fully) shown
    raw_output: str = ""
    output_form: str = ""             # json | text | empty | "" when the model was not called
    seconds: float = 0.0
    output_tokens: int = 0

    @property
    def question(self) -> str:
        return self.extractive.question

    @property
    def citations(self):
        return self.extractive.citations

    def to_json(self) -> dict:
        data = self.extractive.to_json()
        data.update({
            "mode": "generate", "model": self.model_id, "answer": self.answer, "fallback": self.fallback,
            "notice": self.notice, "sentences": [s.to_json() for s in self.sentences],
        })
        return data

    def audit_record(self) -> dict:
        """What a reviewer needs to see what the model wrote and what was removed and why."""
        return {
            "mode": "generate", "model": self.model_id, "question": self.question,
            "passage_ids": [c.chunk_id for c in self.extractive.citations],
            "raw_output": self.raw_output, "output_form": self.output_form,
            "verification": [s.to_json() for s in self.sentences],
            "shown": self.answer, "fallback": self.fallback, "notice": self.notice,
            "seconds": round(self.seconds, 3), "output_tokens": self.output_tokens,
        }


def passages_of(answer: Answer) -> list[Passage]:
    """The extractive answer's citations as numbered passages, in its order (statute first)."""
    out = []
    for c in answer.citations:
        # The whole stored passage, not just the quote, so the model and the verifier see the article.
        out.append(Passage(c.n, c.passage.text or c.quote, c.label(is_chinese(c.title)), c.doc_type))
    return out


def stream_answer(chat: ChatModel, retriever, verifier: Verifier, question: str, *, k: int = 3, filters=None,
                  search: str = "hybrid", history: list[dict] | None = None) -> Iterator[str | GeneratedAnswer]:
    """Yields the model's text as it comes (str pieces), then the verified GeneratedAnswer last.

    The model is called once, with the client's own retries off: a server that is down, slow or confused
    costs one request and gives the extractive answer with a one-line notice.
    """
    earlier = [m["content"] for m in history or [] if m.get("role") == "user"]
    extractive = ask(retriever, question, k=k, filters=filters, search=search, history=earlier)
    result = GeneratedAnswer(extractive, chat.model_id)
    if not extractive.found:   # nothing to ground a sentence on: the honest "not found" stands
        result.answer = extractive.answer
        yield result
        return
    passages = passages_of(extractive)
    messages = build_messages(extractive.resolved_question or question, passages, history)
    # JSON mode through the request body: langchain-openai routes a `response_format` argument to the beta
    # structured-output client, which hung ~6 s on a refused connection where the plain client fails at once.
    model = chat.model.bind(extra_body={"response_format": {"type": "json_object"}}) if chat.json_mode else chat.model
    started = time.monotonic()
    pieces: list[str] = []
    try:
        for chunk in model.stream(messages, max_tokens=chat.max_tokens):
            text = chunk.content if isinstance(chunk.content, str) else ""
            usage = getattr(chunk, "usage_metadata", None)
            if usage:
                result.output_tokens = usage.get("output_tokens", 0)
            if text:
                pieces.append(text)
                yield text
            if time.monotonic() - started > chat.timeout:
                raise TimeoutError(f"no complete answer after {chat.timeout:g} s")
    except Exception as err:   # any failure of the model or its server: say so once, show the quotes
        result.raw_output = "".join(pieces)
        result.seconds = time.monotonic() - started
        fall_back(result, _failure_line(err, chinese=is_chinese(question)))
        yield result
        return
    result.seconds = time.monotonic() - started
    result.raw_output = "".join(pieces)
    result.output_tokens = result.output_tokens or len(pieces)
    parsed = parse_output(result.raw_output)
    result.output_form = parsed.form
    yield finish(result, parsed, passages, verifier)


def generate_answer(chat: ChatModel, retriever, verifier: Verifier, question: str, **options) -> GeneratedAnswer:
    """The verified answer without the token stream (CLI, JSON, benchmarks)."""
    result = None
    for item in stream_answer(chat, retriever, verifier, question, **options):
        result = item
    return result


def finish(result: GeneratedAnswer, parsed: ParsedOutput, passages: list[Passage], verifier: Verifier) -> GeneratedAnswer:
    """Verify every sentence, then show the survivors or fall back to the quotes, saying why."""
    chinese = is_chinese(result.question)
    if parsed.problem:
        return fall_back(result, _line(chinese, f"模型输出无法解析（{parsed.problem}）",
                                        f"the model's output could not be read ({parsed.problem})"))
    numbered = {p.n: p for p in passages}
    result.sentences = [_in_language(checked, chinese) for checked in verifier.check_all(parsed.sentences, numbered)]
    if not parsed.answered:
        return fall_back(result, _line(chinese, "模型认为所给条文不能回答该问题", "the model found no answer in the passages"))
    shown = [s for s in result.sentences if s.status != "removed"]
    supported = [s for s in result.sentences if s.status == "supported"]
    if shown and not supported:   # a note may explain the law, but an answer needs the law itself
        return fall_back(result, _line(chinese, "生成的回答仅有说明性材料（注释、摘要）支持，没有法律条文依据",
                                       "only a note or digest, not the law itself, supports what the model wrote"))
    if not supported or len(shown) < MIN_KEPT_SHARE * len(result.sentences):
        failed = len(result.sentences) - len(shown)
        return fall_back(result, _line(
            chinese, f"生成的回答未通过来源核对（{len(result.sentences)} 句中 {failed} 句无依据）",
            f"the generated answer did not pass the source check ({failed} of {len(result.sentences)} sentences unsupported)"))
    result.answer = _compose(shown, len(result.sentences) - len(shown), chinese)
    return result


def _in_language(checked: Checked, chinese: bool) -> Checked:
    """A sentence not in the question's language is removed, whatever its support: the answer is owed in the
    language asked (a newcomer's Chinese question was answered with verified English sentences)."""
    text = strip_citations(checked.text)
    if checked.status == "removed" or not re.search(r"[A-Za-z\u3400-\u9fff]", text) or is_chinese(text) == chinese:
        return checked
    return replace(checked, status="removed",
                   reason="不是提问所用的语言" if chinese else "not in the language of the question")


def _compose(shown: list[Checked], removed: int, chinese: bool) -> str:
    lines = ["生成回答 · 已逐句核对来源：" if chinese else "Generated · verified against the sources:"]
    for s in shown:
        marks = "".join(f"[{n}]" for n in s.citations)
        flag = ("（⚠ 仅有说明性材料支持，非法律原文）" if chinese else " (⚠ supported by commentary only, not the law itself)") \
            if s.status == "flagged" else ""
        text = strip_citations(s.text)
        body, end = (text[:-1], text[-1]) if text and text[-1] in "。.！？!?；;" else (text, "")
        lines.append(f"{body}{'' if chinese or not body else ' '}{marks}{flag}{end}")
    if removed:
        lines.append(f"（另有 {removed} 句因无法在所引条文中核实而删除。）" if chinese else
                     f"({removed} further sentence{'s' if removed > 1 else ''} removed: not backed by the cited passages.)")
    return "\n".join(lines)


def fall_back(result: GeneratedAnswer, notice: str) -> GeneratedAnswer:
    """The extractive answer shown instead, after the one-line notice of why."""
    result.fallback = True
    result.notice = notice
    result.answer = f"{notice}\n{result.extractive.answer}"
    return result


def _line(chinese: bool, zh: str, en: str) -> str:
    return f"{zh}；以下为条文原文。" if chinese else f"Generative answer unavailable: {en}; the quoted provisions follow."


def _failure_line(err: Exception, chinese: bool) -> str:
    name = type(err).__name__
    reason = f"timed out: {err}" if isinstance(err, TimeoutError) else "timed out" if "timeout" in name.lower() else f"{name}: {str(err).splitlines()[0][:160] if str(err) else 'no detail'}"
    return _line(chinese, f"语言模型调用失败（{reason}）", f"the language model failed ({reason})")
