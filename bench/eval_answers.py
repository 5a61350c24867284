"""Answer quality on the shared corpus + starter pack: cited the right article? honest 'not found'?

Prints, per question, the evidence the gate sees (best dense similarity, term coverage, whether the
question and the top passage share a language) and the summary rates. Used to calibrate kb/answer.py.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from answer_questions import IN_DOMAIN, OFF_TOPIC  # noqa: E402

from app.ingestion import ingest_paths  # noqa: E402
from app.knowledge import starter_notes  # noqa: E402
from kb.answer import ask, evidence, term_coverage  # noqa: E402
from kb.library import KnowledgeBase  # noqa: E402
from kb.retriever import Retriever  # noqa: E402
from kb.tokenize import is_chinese, tokenize  # noqa: E402

from tests.shared import CORPUS, require  # noqa: E402


def open_corpus_kb(data_dir: Path, embedding: str) -> KnowledgeBase:
    kb = KnowledgeBase.open(data_dir, embedding)
    started = time.perf_counter()
    summary = ingest_paths(kb, [require(CORPUS), *starter_notes()], {})
    print(f"index: {summary.line()} in {time.perf_counter() - started:.1f}s")
    return kb


def describe(retriever: Retriever, question: str) -> tuple[bool, str]:
    hits = retriever.search(question, k=5)
    tokens = set(tokenize(question))
    dense = max((h.dense_similarity or 0.0 for h in hits), default=0.0)
    coverage = max((term_coverage(tokens, f"{h.metadata.get('title', '')} {h.text}") for h in hits[:3]), default=0.0)
    same_language = bool(hits) and is_chinese(question) == is_chinese(hits[0].text)
    return bool(evidence(question, hits)), f"dense={dense:.3f} cov={coverage:.2f} same_lang={same_language}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedding", default="e5")
    parser.add_argument("--data-dir", type=Path, default=Path("data/eval/answers"))
    args = parser.parse_args()
    kb = open_corpus_kb(args.data_dir / args.embedding, args.embedding)
    retriever = Retriever(kb)
    cited = found = 0
    print("\n| in-domain question | found | cites expected | evidence |\n|---|---|---|---|")
    for question, instrument, article in IN_DOMAIN:
        answer = ask(retriever, question)
        hit = any(instrument in c.title and c.article == article for c in answer.citations)
        found += answer.found
        cited += hit
        print(f"| {question} | {answer.found} | {hit} | {describe(retriever, question)[1]} |")
    wrongly = 0
    print("\n| off-topic question | found | evidence |\n|---|---|---|")
    for question in OFF_TOPIC:
        answer = ask(retriever, question)
        wrongly += answer.found
        print(f"| {question} | {answer.found} | {describe(retriever, question)[1]} |")
    n, m = len(IN_DOMAIN), len(OFF_TOPIC)
    print(f"\nin-domain answered: {found}/{n} ({found / n:.0%}); cited the expected article: {cited}/{n} ({cited / n:.0%})")
    print(f"off-topic wrongly answered: {wrongly}/{m} ({wrongly / m:.0%})")


if __name__ == "__main__":
    main()
