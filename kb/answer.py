"""Extractive answers: the governing sentences of the best passages, quoted, each with a numbered citation."""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from kb.retriever import Hit
from kb.tokenize import is_chinese, tokenize

# Evidence gates, calibrated on in-domain vs off-topic questions over the shared corpus (see `make eval`):
# a passage must be close in meaning (e5 cosine) or share most of the question's weighted terms.
MIN_DENSE_SIMILARITY = 0.86
MIN_TERM_COVERAGE = 0.6
MAX_CITATIONS = 3
# A further passage is cited only when it is nearly as close as the best one, or shares most terms.
CITATION_SIMILARITY_GAP = 0.04
MAX_QUOTE_CHARS = 360

_SENTENCE_END = re.compile(r"(?<=[。！？；])|(?<=[.!?])\s+(?=[A-Z(\"“])|(?<=;)\s+|\n+")


@dataclass
class Citation:
    n: int
    title: str
    article: str
    page: int | None
    doc_id: str
    chunk_id: str
    quote: str
    score: float
    path: str = ""
    version: str = ""
    effective_from: str = ""
    effective_to: str = ""
    passage: str = ""     # the whole chunk, so a reader can see the quote in its place


@dataclass
class Answer:
    question: str
    found: bool
    answer: str
    citations: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "question": self.question, "found": self.found, "answer": self.answer,
            "citations": [{k: v for k, v in asdict(c).items() if k != "passage"} for c in self.citations],
        }


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _weight(token: str) -> float:
    # Longer words carry more meaning (知识产权 vs 权); numbers such as article numbers count fully.
    return 1.0 + math.log(len(token))


def term_coverage(question_tokens: set[str], text: str) -> float:
    """Share of the question's weighted terms that occur in `text`."""
    if not question_tokens:
        return 0.0
    present = set(tokenize(text)) & question_tokens
    return sum(map(_weight, present)) / sum(map(_weight, question_tokens))


def best_quote(question_tokens: set[str], text: str) -> str:
    """The sentence (with its neighbour when short) that shares most terms; else the opening one."""
    sentences = split_sentences(text) or [text]
    scores = [term_coverage(question_tokens, s) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i)) if max(scores) > 0 else 0
    quote = sentences[best]
    if len(quote) < 60 and best + 1 < len(sentences):
        quote = f"{quote} {sentences[best + 1]}" if not is_chinese(quote) else quote + sentences[best + 1]
    return quote if len(quote) <= MAX_QUOTE_CHARS else quote[:MAX_QUOTE_CHARS].rstrip() + "…"


def evidence_is_strong(question_tokens: set[str], hits: list[Hit]) -> bool:
    if not hits:
        return False
    dense = max((h.dense_similarity for h in hits if h.dense_similarity is not None), default=0.0)
    coverage = max(term_coverage(question_tokens, f"{h.metadata.get('title', '')} {h.text}") for h in hits[:3])
    return dense >= MIN_DENSE_SIMILARITY or coverage >= MIN_TERM_COVERAGE


def compose_answer(question: str, hits: list[Hit]) -> Answer:
    """Quote the passages that answer `question`, or say honestly that none does."""
    chinese = is_chinese(question)
    tokens = set(tokenize(question))
    if not evidence_is_strong(tokens, hits):
        text = ("知识库中未找到能够回答该问题的条文。请换一种问法，或先导入相关法规。" if chinese else
                "Not found in the knowledge base: no stored provision supports an answer to this question. "
                "Try rephrasing, or ingest the relevant instrument first.")
        return Answer(question, False, text)
    chosen = [h for h in hits[:MAX_CITATIONS] if h is hits[0] or _close_to_best(h, hits[0], tokens)]
    citations = [_citation(n, hit, tokens) for n, hit in enumerate(chosen, start=1)]
    lines = ["依据知识库中的条文：" if chinese else "The knowledge base has these governing provisions:"]
    for c in citations:
        label = f"《{c.title}》{c.article}" if is_chinese(c.title) else f"{c.title}, {c.article}".rstrip(", ")
        quote = f"“{c.quote}”" if is_chinese(c.quote) else f'"{c.quote}"'
        lines.append(f"[{c.n}] {label}: {quote}")
    return Answer(question, True, "\n".join(lines), citations)


def _close_to_best(hit: Hit, best: Hit, tokens: set[str]) -> bool:
    if hit.dense_similarity is not None and best.dense_similarity is not None:
        if hit.dense_similarity >= best.dense_similarity - CITATION_SIMILARITY_GAP:
            return True
    return term_coverage(tokens, hit.text) >= MIN_TERM_COVERAGE


def _citation(n: int, hit: Hit, tokens: set[str]) -> Citation:
    meta = hit.metadata
    page = meta.get("page")
    return Citation(
        n=n, title=meta.get("title", ""), article=meta.get("article", ""), page=page if page is not None else None,
        doc_id=meta.get("doc_id", ""), chunk_id=hit.chunk_id, quote=best_quote(tokens, hit.text),
        score=round(hit.score, 6), path=meta.get("path", ""), version=meta.get("version", ""),
        effective_from=meta.get("effective_from", ""), effective_to=meta.get("effective_to", ""), passage=hit.text,
    )


def ask(retriever, question: str, k: int = 5, filters=None, mode: str = "hybrid") -> Answer:
    """Retrieve and answer: the one call the CLI and the web app make."""
    return compose_answer(question, retriever.search(question, k=k, filters=filters, mode=mode))
