"""Answering-sentence accuracy: does the quote of a cited article hold the sentence that answers the question?

    python bench/eval_quotes.py [--file bench/data/quote_cases.jsonl] [--embedding e5]

Each case names a corpus file, an article of several sentences or 款, and a short span of the one that
answers (bench/data/README.md). The article is read from ../shared/corpus as ingest splits it; the quote is
what an answer would show for it. Prints, for quoting by words alone and as answers quote (by meaning when
question and article differ in language), the share of quotes holding the span by language, the misses,
and the time the similarities took per article.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import parse_file  # noqa: E402
from kb.embeddings import make_embeddings, similarities  # noqa: E402
from kb.quotes import answering_quote, meaning_candidates  # noqa: E402
from kb.tokenize import is_chinese  # noqa: E402

from tests.shared import CORPUS, require  # noqa: E402

CASES = Path(__file__).resolve().parent / "data" / "quote_cases.jsonl"


def article_text(file: str, article: str, cache: dict) -> str:
    if file not in cache:
        cache[file] = parse_file(require(CORPUS) / file)
    text = "\n".join(c.text for c in cache[file].chunks if c.article == article)
    if not text:
        raise SystemExit(f"{file}: no article {article!r} in the parsed text")
    return text


def score(cases: list[dict], docs: dict, embeddings=None) -> tuple[dict[str, list[bool]], list[float]]:
    hits: dict[str, list[bool]] = defaultdict(list)
    seconds = []
    for case in cases:
        text = article_text(case["file"], case["article"], docs)
        similarity = None
        if embeddings is not None and is_chinese(case["question"]) != is_chinese(text):
            started = time.perf_counter()
            similarity = similarities(embeddings, case["question"], meaning_candidates(case["question"], text))
            seconds.append(time.perf_counter() - started)
        quote = answering_quote(case["question"], text, similarity=similarity, title=docs[case["file"]].title)
        hit = case["expected"] in re.sub(r"\s+", "", quote)
        hits[case["lang"]].append(hit)
        if not hit:
            print(f"  miss {case['id']} {case['question']}\n       quoted: {quote[:120]}")
    return hits, seconds


def report(name: str, hits: dict[str, list[bool]]) -> None:
    every = [m for marks in hits.values() for m in marks]
    parts = [f"{lang} {sum(m)}/{len(m)} = {sum(m) / len(m):.3f}" for lang, m in sorted(hits.items())]
    print(f"{name}: " + ", ".join(parts) + f", all {sum(every)}/{len(every)} = {sum(every) / len(every):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=CASES)
    parser.add_argument("--embedding", default="e5", help="the library's embedding for quoting by meaning")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs: dict = {}
    print("by words alone:")
    words, _ = score(cases, docs, None)
    embeddings = make_embeddings(args.embedding, Path("data")).embeddings   # the model `make setup` built
    similarities(embeddings, "warm-up", ["warm-up"])
    print(f"as answers quote ({args.embedding} similarity across languages):")
    meaning, seconds = score(cases, docs, embeddings)
    report("by words alone", words)
    report(f"as answers quote ({args.embedding})", meaning)
    seconds.sort()
    print(f"similarities per article: p50 {seconds[len(seconds) // 2] * 1000:.0f} ms, "
          f"max {seconds[-1] * 1000:.0f} ms over {len(seconds)} articles")


if __name__ == "__main__":
    main()
