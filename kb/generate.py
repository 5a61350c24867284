"""The generative prompt (question, conversation, numbered passages) and a tolerant parser of what the model returns."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from kb.tokenize import is_chinese
from kb.verify import Draft, Passage

MAX_HISTORY_MESSAGES = 6        # the last three exchanges: enough to resolve "and for trademarks?"
MAX_HISTORY_CHARS = 800         # per message: earlier answers quote long articles
MAX_PASSAGE_CHARS = 1500        # per passage: a small model's context is short

SYSTEM_PROMPT = """You answer legal questions for lawyers using ONLY the numbered passages given.
Rules:
- Write in {language}.
- Every sentence cites the passage it relies on as [n] and gives a short quote copied character for character from that passage.
- State no number, date, duration, percentage, article, party or obligation (must / must not / may) that the cited passage does not state.
- If the passages do not answer the question, say so and set "answered" to false.
Reply with one JSON object and nothing else:
{{"answered": true, "sentences": [{{"text": "sentence ending with its citation [1]", "citations": [1], "quote": "exact words from passage 1"}}]}}"""

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)
_CITATION = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】］]")
_QUOTED = re.compile(r"“([^”]{2,})”|「([^」]{2,})」|\"([^\"]{2,})\"")
_DECLINE = re.compile(r"(do(?:es)? not (?:answer|address|say|state|cover)|cannot answer|no answer|not answered|"
                      r"未(?:能)?(?:回答|涉及|规定|提及)|无法回答|没有(?:规定|回答|涉及)|不能回答)", re.IGNORECASE)


@dataclass
class ChatModel:
    """What kb needs of a chat model: the LangChain model, the id to record, and whether it takes JSON mode."""
    model: object
    model_id: str                 # provider:model@url, recorded in the answer JSON and the audit log
    json_mode: bool = False       # the server accepts response_format={"type": "json_object"}
    timeout: float = 60.0         # seconds for the whole answer, streaming included
    max_tokens: int = 700         # enough for a few cited sentences with quotes


@dataclass
class ParsedOutput:
    sentences: list[Draft] = field(default_factory=list)
    answered: bool = True        # False when the model says the passages do not answer
    form: str = "json"           # json | text | empty
    problem: str = ""            # why the output could not be read, when it could not


def passage_block(passages: list[Passage]) -> str:
    lines = []
    for p in passages:
        text = p.text if len(p.text) <= MAX_PASSAGE_CHARS else p.text[:MAX_PASSAGE_CHARS] + "…"
        lines.append(f"[{p.n}] {p.label}\n{text}")
    return "\n\n".join(lines)


def build_messages(question: str, passages: list[Passage], history: list[dict] | None = None) -> list:
    """System rules, the conversation so far (role/content dicts, as Gradio keeps them), then the question
    with its numbered passages, statute first as the caller ordered them."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    language = "Chinese (简体中文)" if is_chinese(question) else "English"
    messages: list = [SystemMessage(SYSTEM_PROMPT.format(language=language))]
    for turn in (history or [])[-MAX_HISTORY_MESSAGES:]:
        content = str(turn.get("content", ""))[:MAX_HISTORY_CHARS]
        if content:
            messages.append(HumanMessage(content) if turn.get("role") == "user" else AIMessage(content))
    messages.append(HumanMessage(f"Passages:\n\n{passage_block(passages)}\n\nQuestion: {question}"))
    return messages


def parse_output(raw: str) -> ParsedOutput:
    """JSON first (fenced or wrapped in prose too), else plain sentences with [n] marks and “quotes”."""
    text = _FENCE.sub("", raw.strip()).strip()
    if not text:
        return ParsedOutput(form="empty", answered=False, problem="the model returned nothing")
    data = _load_json(text)
    if data is not None:
        parsed = _from_json(data)
        if parsed is not None:
            return parsed
    return _from_text(text)


def _load_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        try:
            return json.loads(text[start:end + 1])
        except json.JSONDecodeError:
            return None
    return None


def _from_json(data) -> ParsedOutput | None:
    if isinstance(data, list):
        data = {"sentences": data}
    if not isinstance(data, dict):
        return None
    items = data.get("sentences")
    if items is None and isinstance(data.get("answer"), str):
        return _from_text(data["answer"], answered=data.get("answered") is not False)
    if not isinstance(items, list):
        return None
    sentences = [s for s in (_sentence(item) for item in items) if s is not None]
    answered = data.get("answered") is not False
    return ParsedOutput(sentences, answered=answered and bool(sentences), form="json")


def _sentence(item) -> Draft | None:
    if isinstance(item, str):
        return _draft_from_text(item)
    if not isinstance(item, dict):
        return None
    text = str(item.get("text") or item.get("sentence") or "").strip()
    if not text:
        return None
    numbers = _numbers(item.get("citations", item.get("citation", [])))
    numbers += [n for n in _marks(text) if n not in numbers]
    return Draft(text, numbers, str(item.get("quote") or "").strip())


def _numbers(value) -> list[int]:
    values = value if isinstance(value, list) else [value]
    numbers: list[int] = []
    for v in values:
        for digits in re.findall(r"\d+", str(v)):
            if int(digits) not in numbers:
                numbers.append(int(digits))
    return numbers


def _marks(text: str) -> list[int]:
    found: list[int] = []
    for group in _CITATION.findall(text):
        for n in _numbers(group):
            if n not in found:
                found.append(n)
    return found


def _draft_from_text(sentence: str) -> Draft:
    quote = next((next(g for g in m.groups() if g) for m in _QUOTED.finditer(sentence)), "")
    return Draft(sentence.strip(), _marks(sentence), quote)


def _from_text(text: str, answered: bool = True) -> ParsedOutput:
    from kb.answer import split_sentences

    sentences = [_draft_from_text(s) for s in split_sentences(text)]
    sentences = [s for s in sentences if _CITATION.sub("", s.text).strip(" .。")]
    declined = bool(sentences) and all(not s.citations for s in sentences) and any(_DECLINE.search(s.text) for s in sentences)
    if not sentences:
        return ParsedOutput(form="text", answered=False, problem="no sentence could be read from the output")
    return ParsedOutput(sentences, answered=answered and not declined, form="text")


def draft_text(raw_so_far: str) -> str:
    """Readable draft of a streamed answer: the sentence texts of partial JSON, or the plain text itself."""
    stripped = _FENCE.sub("", raw_so_far.lstrip())
    if not stripped.startswith(("{", "[")):
        return stripped
    texts = re.findall(r'"(?:text|sentence)"\s*:\s*"((?:[^"\\]|\\.)*)', stripped)
    out = []
    for t in texts:
        try:
            out.append(json.loads(f'"{t}"'))
        except json.JSONDecodeError:
            out.append(t)
    return " ".join(out)
