"""The labelled question set (bench/data/questions.jsonl) over ../shared/corpus + starter pack.

Prints Hit@1 / Hit@5 on (document, article) for the search and Hit@1 / Hit@3 for the answer's
citations, by language and question kind, and how many off-topic and in-domain-unanswerable questions
were answered anyway (they should all be refused). A hit is the expected corpus file and article label.
Runs on any ipabs checkout (uses only `Retriever.search` and `kb.answer.ask`), so a baseline can be
taken with the code before a change: `PYTHONPATH=<old checkout> python bench/eval_questions.py`.
"""
from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = Path(__file__).resolve().parent / "data" / "questions.jsonl"


def _key(source_path: str, article: str) -> tuple[str, str]:
    from kb.lookup import article_label

    return Path(source_path).name, article_label(article or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedding", default="e5")
    parser.add_argument("--data-dir", type=Path, default=Path("data/eval/answers"))
    parser.add_argument("--questions", "--file", dest="questions", type=Path, default=QUESTIONS,
                        help="a question set in the same format, e.g. bench/data/questions_heldout.jsonl")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    from eval_answers import open_corpus_kb
    from kb.answer import ask
    from kb.retriever import Retriever

    kb = open_corpus_kb(args.data_dir / args.embedding, args.embedding)
    retriever = Retriever(kb)
    records = kb.documents()
    follows = "history" in inspect.signature(ask).parameters   # older code: follow-ups asked as they stand
    try:
        from kb.followup import resolve
    except ImportError:
        def resolve(question, history):
            return question

    print(f"question set: {args.questions}")
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    timings = []
    for q in questions:
        group = (q["kind"] if q["kind"] in ("offtopic", "unanswerable") else "answerable", q["lang"])
        history = q.get("history", [])
        resolved = resolve(q["question"], history) if history else q["question"]
        started = time.perf_counter()
        answer = ask(retriever, q["question"], history=history) if follows else ask(retriever, resolved)
        timings.append(time.perf_counter() - started)
        c = counts[group]
        c["n"] += 1
        c["found"] += answer.found
        if group[0] != "answerable":
            if answer.found and args.show_misses:
                print(f"ANSWERED {q['id']} {q['kind']} {q['question']} -> "
                      f"{[(c.title[:20], c.article) for c in answer.citations]}")
            continue
        expected = {(e["file"], e["article"]) for e in q["expected"]}
        hits = retriever.search(resolved, k=5)
        found_keys = [_key(h.metadata.get("source_path", ""), h.metadata.get("article", "")) for h in hits]
        cited = [_key(records[c.doc_id].source_path, c.article) for c in answer.citations if c.doc_id in records]
        c["hit1"] += bool(found_keys[:1] and found_keys[0] in expected)
        c["hit5"] += any(k in expected for k in found_keys[:5])
        c["cite1"] += bool(answer.found and cited[:1] and cited[0] in expected)
        c["cite3"] += bool(answer.found and any(k in expected for k in cited[:3]))
        if args.show_misses and not any(k in expected for k in cited[:3]):
            print(f"MISS {q['id']} {q['lang']} {q['question']} expected {sorted(expected)} "
                  f"searched {found_keys[:3]} cited {cited[:3]} found={answer.found}")

    print("\n| group | lang | n | search Hit@1 | search Hit@5 | answer cites expected first | in first 3 | answered |")
    print("|---|---|---|---|---|---|---|---|")
    totals: dict[str, int] = defaultdict(int)
    for (kind, lang), c in sorted(counts.items()):
        n = c["n"]
        if kind == "answerable":
            for k in ("n", "hit1", "hit5", "cite1", "cite3", "found"):
                totals[k] += c[k]
            print(f"| answerable | {lang} | {n} | {c['hit1'] / n:.3f} | {c['hit5'] / n:.3f} | {c['cite1'] / n:.3f} | "
                  f"{c['cite3'] / n:.3f} | {c['found']}/{n} |")
        else:
            print(f"| {kind} (should be refused) | {lang} | {n} | | | | | {c['found']}/{n} answered |")
    n = totals["n"]
    if n:   # a set of unanswerable questions only has no such row
        print(f"| answerable | all | {n} | {totals['hit1'] / n:.3f} | {totals['hit5'] / n:.3f} | {totals['cite1'] / n:.3f} | "
              f"{totals['cite3'] / n:.3f} | {totals['found']}/{n} |")
    refused_wrongly = sum(c["found"] for (kind, _), c in counts.items() if kind != "answerable")
    timings.sort()
    print(f"\nnot-answerable questions answered anyway: {refused_wrongly}/"
          f"{sum(c['n'] for (kind, _), c in counts.items() if kind != 'answerable')}; "
          f"ask p50 {timings[len(timings) // 2] * 1000:.0f} ms, p95 {timings[int(len(timings) * 0.95)] * 1000:.0f} ms "
          f"({len(timings)} questions)")


if __name__ == "__main__":
    main()
