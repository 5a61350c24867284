"""Extractive answers: the governing sentences of the best passages, quoted, each with a numbered citation."""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from kb.retriever import Hit
from kb.tokenize import is_chinese, tokenize

# Evidence gates, calibrated with bench/eval_answers.py on in-domain vs off-topic questions over the
# shared corpus + starter pack. e5 similarities sit higher for Chinese than for English text
# (zh: relevant 0.91-0.94, off-topic 0.82-0.88; en: relevant 0.85-0.88, off-topic 0.75-0.80),
# so the gate depends on the question's language. Term coverage only rescues near misses.
MIN_DENSE_SIMILARITY = {"zh": 0.90, "en": 0.82}
NEAR_MISS = 0.03
MIN_TERM_COVERAGE = 0.8
# Notes and digests explain; the law governs. An answer led by one also quotes the articles it cites.
SECONDARY_DOC_TYPES = {"note", "digest"}
CANDIDATES = 10
MAX_CITATIONS = 3
# A further passage is cited only when it is nearly as close as the best one (the band is narrower
# for English, whose similarities are compressed), or shares most terms.
CITATION_SIMILARITY_GAP = {"zh": 0.04, "en": 0.02}
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
    doc_type: str = ""
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


def evidence_is_strong(question: str, hits: list[Hit]) -> bool:
    if not hits:
        return False
    tokens = set(tokenize(question))
    threshold = MIN_DENSE_SIMILARITY["zh" if is_chinese(question) else "en"]
    dense = max((h.dense_similarity for h in hits if h.dense_similarity is not None), default=None)
    coverage = max(term_coverage(tokens, f"{h.metadata.get('title', '')} {h.text}") for h in hits[:3])
    if dense is None:   # lexical-only search: the terms must carry it alone
        return coverage >= MIN_TERM_COVERAGE
    return dense >= threshold or (dense >= threshold - NEAR_MISS and coverage >= MIN_TERM_COVERAGE)


def compose_answer(question: str, hits: list[Hit], max_citations: int = MAX_CITATIONS) -> Answer:
    """Quote the passages that answer `question`, or say honestly that none does."""
    chinese = is_chinese(question)
    tokens = set(tokenize(question))
    if not evidence_is_strong(question, hits):
        text = ("知识库中未找到能够回答该问题的条文。请换一种问法，或先导入相关法规。" if chinese else
                "Not found in the knowledge base: no stored provision supports an answer to this question. "
                "Try rephrasing, or ingest the relevant instrument first.")
        return Answer(question, False, text)
    gap = CITATION_SIMILARITY_GAP["zh" if chinese else "en"]
    chosen = [h for h in hits[:max_citations] if h is hits[0] or _close_to_best(h, hits[0], tokens, gap)]
    citations = [_citation(n, hit, tokens) for n, hit in enumerate(chosen, start=1)]
    lines = ["依据知识库中的条文：" if chinese else "The knowledge base has these governing provisions:"]
    lines += [_citation_line(c) for c in citations]
    return Answer(question, True, "\n".join(lines), citations)


def _citation_line(c: Citation) -> str:
    label = f"《{c.title}》{c.article}" if is_chinese(c.title) else f"{c.title}, {c.article}".rstrip(", ")
    quote = f"“{c.quote}”" if is_chinese(c.quote) else f'"{c.quote}"'
    return f"[{c.n}] {label}: {quote}"


def _close_to_best(hit: Hit, best: Hit, tokens: set[str], gap: float) -> bool:
    if hit.dense_similarity is not None and best.dense_similarity is not None:
        if hit.dense_similarity >= best.dense_similarity - gap:
            return True
    return term_coverage(tokens, hit.text) >= MIN_TERM_COVERAGE


def _citation(n: int, hit: Hit, tokens: set[str]) -> Citation:
    meta = hit.metadata
    page = meta.get("page")
    return Citation(
        n=n, title=meta.get("title", ""), article=meta.get("article", ""), page=page if page is not None else None,
        doc_id=meta.get("doc_id", ""), chunk_id=hit.chunk_id, quote=best_quote(tokens, hit.text),
        score=round(hit.score, 6), path=meta.get("path", ""), version=meta.get("version", ""),
        effective_from=meta.get("effective_from", ""), effective_to=meta.get("effective_to", ""),
        doc_type=meta.get("doc_type", ""), passage=hit.text,
    )


def ask(retriever, question: str, k: int = MAX_CITATIONS, filters=None, mode: str = "hybrid") -> Answer:
    """Retrieve and answer, citing at most `k` passages: the one call the CLI and the web app make."""
    hits = retriever.search(question, k=max(k, CANDIDATES), filters=filters, mode=mode)
    answer = compose_answer(question, hits, max_citations=k)
    if answer.found and answer.citations[0].doc_type in SECONDARY_DOC_TYPES:
        _follow_references(retriever.kb, answer, as_of=filters.as_of if filters else "")
    return answer


def _follow_references(kb, answer: Answer, as_of: str, limit: int = 2) -> None:
    """Quote the articles the leading note itself cites (its quote first): the law, verbatim."""
    from kb.lookup import article_label, lookup_basis
    from kb.references import find_references

    lead = answer.citations[0]
    references = find_references(lead.quote) + find_references(lead.passage)
    tokens = set(tokenize(answer.question))
    added: list[Citation] = []
    for instrument, article in dict.fromkeys(references):
        basis = lookup_basis(kb, instrument, article, as_of)
        if not basis.found or any(c.chunk_id == basis.chunk_id for c in answer.citations + added):
            continue
        added.append(Citation(
            n=len(answer.citations) + len(added) + 1, title=basis.title, article=article_label(article),
            page=basis.page, doc_id=basis.doc_id, chunk_id=basis.chunk_id, quote=best_quote(tokens, basis.text),
            score=0.0, version=basis.version, effective_from=basis.effective_from,
            effective_to=basis.effective_to, doc_type="", passage=basis.text,
        ))
        if len(added) == limit:
            break
    if not added:
        return
    chinese = is_chinese(answer.question)
    lines = [("该说明所援引的法律原文：" if chinese else f"Governing text cited by [{lead.n}]:")]
    lines += [_citation_line(c) for c in added]
    answer.citations.extend(added)
    answer.answer += "\n" + "\n".join(lines)
