"""Retrieval quality of the kb (lexical, dense, hybrid) on ObliQA and STARD, through the real KnowledgeBase.

Tuning splits: ObliQA dev, STARD train. `--report` runs the held-out splits (ObliQA test
subsample_test_500, STARD dev) for reporting only; never tune on them.
Indexes are built once into data/eval/<bench>-<embedding>/ and reused.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)   # run as a script: import `bench.*`, and never shadow the PyPI `datasets`
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from bench.datasets import BENCHES, DATA_ROOT, HELDOUT_IDS, HELDOUT_SPLIT, TUNING_SPLIT, Benchmark, load, open_index, select_queries  # noqa: E402
from bench.ir_metrics import HEADLINE, evaluate, latency_ms, markdown_table, paired_bootstrap, per_query  # noqa: E402
from kb.retriever import Retriever  # noqa: E402

DEFAULT_QUERIES = {"obliqa": 500, "stard": 0}   # 0 = all
EVAL_K, DEEP_K = 10, 100


class _QueryCache:
    """Wraps the kb's embeddings so the untimed k=100 pass reuses the vector of the timed k=10 pass."""

    def __init__(self, inner):
        self.inner = inner
        self.cache: dict[str, list[float]] = {}
        self.enabled = False

    def embed_query(self, text: str) -> list[float]:
        if self.enabled and text in self.cache:
            return self.cache[text]
        vector = self.inner.embed_query(text)
        self.cache = {text: vector}
        return vector

    def embed_documents(self, texts):
        return self.inner.embed_documents(texts)


def run_mode(retriever, bench: Benchmark, qids: list[str], mode: str) -> tuple[dict[str, list[str]], list[float]]:
    """Ranked ids per query (top 10 from a k=10 search, then ranks 11-100 from a k=100 search) and k=10 latencies."""
    cache = retriever.kb.embeddings
    run, seconds = {}, []
    for qid in qids:
        query = bench.queries[qid]
        cache.enabled = False
        t0 = time.perf_counter()
        top = [h.chunk_id for h in retriever.search(query, k=EVAL_K, mode=mode)]
        seconds.append(time.perf_counter() - t0)
        cache.enabled = True
        deep = [h.chunk_id for h in retriever.search(query, k=DEEP_K, mode=mode)]
        run[qid] = top + [c for c in deep if c not in set(top)][: DEEP_K - len(top)]
    return run, seconds


def slices(bench: Benchmark, qids: list[str], scores: dict[str, dict[str, float]]) -> list[list]:
    rows = []
    groups: dict[str, list[str]] = {}
    for q in qids:
        groups.setdefault("1 gold" if len(bench.qrels[q]) == 1 else "2+ gold", []).append(q)
        if bench.name == "obliqa" and bench.groups.get(q):
            groups.setdefault(f"Group {bench.groups[q]}", []).append(q)
    for label in sorted(groups):
        members = groups[label]
        rows.append([label, len(members)] + [sum(scores[m][q] for q in members) / len(members) for m in ("R@10", "MAP@10", "R@100")])
    return rows


def evaluate_bench(args, name: str, split: str, ids_file: Path | None, n: int | None) -> dict:
    from kb.retriever import Retriever

    bench = load(name, split)
    qids = select_queries(bench, n, seed=args.seed, ids_file=ids_file)
    kb = open_index(bench, args.embedding)
    kb.embeddings = _QueryCache(kb.embeddings)
    retriever = Retriever(kb, depth=args.depth, weights=tuple(args.weights) if args.weights else None)
    # Warm up: load the embedding model and the BM25 index before anything is timed.
    retriever.search("warm up", k=EVAL_K)
    retriever.search("预热：知识产权质押", k=EVAL_K)   # jieba loads its dictionary on the first Chinese text
    results, runs = {}, {}
    for mode in args.modes:
        t0 = time.perf_counter()
        run, seconds = run_mode(retriever, bench, qids, mode)
        runs[mode] = run
        results[mode] = {"metrics": evaluate(run, bench.qrels), "latency": latency_ms(seconds),
                         "per_query": per_query(run, bench.qrels), "wall": time.perf_counter() - t0}
    label = f"{name} {split}" + (f" ({ids_file.name})" if ids_file else "") + f", {len(qids)} queries, {bench.passages} passages"
    dense_note = f"dense = {args.embedding}" + (" (kb key " + kb.store.model_key + ")")
    print(f"\n### {label}; {dense_note}; hybrid = depth {args.depth or 'by language'}, weights (dense, lexical, translated dense) = {tuple(args.weights) if args.weights else Retriever.MONOLINGUAL} (one-language library: standardised-score fusion, neighbour lift {Retriever.NEIGHBOUR_LIFT:g})\n")
    rows = [[mode] + [results[mode]["metrics"][m] for m in HEADLINE] +
            [results[mode]["latency"]["p50"], results[mode]["latency"]["p95"]] for mode in args.modes]
    print(markdown_table(["mode"] + HEADLINE + ["ms/q p50", "ms/q p95"], rows))
    if "hybrid" in results:
        print(f"\nSlices (hybrid):\n")
        print(markdown_table(["slice", "n", "R@10", "MAP@10", "R@100"], slices(bench, qids, results["hybrid"]["per_query"])))
        for other in ("lexical", "dense"):
            if other in results:
                diff, p = paired_bootstrap(results[other]["per_query"]["R@10"], results["hybrid"]["per_query"]["R@10"])
                print(f"\nhybrid vs {other}: R@10 {diff:+.4f} (paired bootstrap p={p:.3f})", end="")
        print()
    print("\nLatency is one `Retriever.search(k=10)` per query (embedding the query included), after a warm-up.")
    if args.save_runs:
        out = DATA_ROOT / "runs" / f"{name}-{split}-{args.embedding}-d{args.depth or 'lang'}-w{'_'.join(f'{w:g}' for w in args.weights) if args.weights else 'lang'}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({m: runs[m] for m in runs}))
    return results


TUNE_DEPTHS = (20, 40, 60, 100, 200)
TUNE_WEIGHTS = ((1, 0), (0, 1), (1, 1), (1, 2), (1, 1.5), (1.5, 1), (2, 1), (1, 3), (3, 1))


def tune(args, name: str) -> None:
    """Grid over fusion (ranks or standardised scores), depth and weights on the TUNING split only: both
    ranked lists are fetched once at depth 200 through the kb (dense_search, lexical_search of the
    glossary-expanded query, as Retriever.search does) and fused with kb.fusion offline."""
    from kb.fusion import reciprocal_rank_fusion, standardized_score_fusion
    from kb.glossary import expand
    from kb.retriever import Filters, Retriever

    split = TUNING_SPLIT[name]
    bench = load(name, split)
    n = 0 if args.full else (args.queries if args.queries is not None else DEFAULT_QUERIES[name])
    qids = select_queries(bench, n, seed=args.seed)
    kb = open_index(bench, args.embedding)
    retriever = Retriever(kb)
    allowed = retriever.allowed_docs(Filters())
    lists = {}
    for qid in qids:
        q = bench.queries[qid]
        lists[qid] = ([(p.chunk_id, sim) for p, sim in kb.dense_search(q, max(TUNE_DEPTHS), Filters(), allowed)],
                      kb.lexical_search(expand(q), max(TUNE_DEPTHS), allowed))
    rows = []
    for fusion in ("rrf", "z"):
        for depth in TUNE_DEPTHS:
            for w in TUNE_WEIGHTS:
                run = {}
                for qid, (dense, lex) in lists.items():
                    if fusion == "z":
                        fused = standardized_score_fusion([dense[:depth], lex[:depth]], list(w))
                    else:
                        fused = reciprocal_rank_fusion([[c for c, _ in dense[:depth]], [c for c, _ in lex[:depth]]], list(w))
                    run[qid] = [c for c, _ in fused[:100]]
                m = evaluate(run, bench.qrels)
                rows.append([fusion, depth, f"{w[0]:g}:{w[1]:g}"] + [m[k] for k in HEADLINE])
    print(f"\n### tuning {name} {split}, {len(qids)} queries, dense = {args.embedding}; weights = dense:lexical "
          f"(1:0 dense only, 0:1 lexical only); fusion rrf = ranks, z = standardised scores; both lists cut at `depth`\n")
    print(markdown_table(["fusion", "depth", "weights"] + HEADLINE, rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", choices=(*BENCHES, "all"), default="all")
    parser.add_argument("--embedding", default="e5", help="e5 | e5-engine | minilm | model folder")
    parser.add_argument("--modes", default="lexical,dense,hybrid", type=lambda s: [m.strip() for m in s.split(",") if m.strip()])
    parser.add_argument("--queries", type=int, default=None, help="fixed random subsample of N queries (0 = all)")
    parser.add_argument("--full", action="store_true", help="all queries of the split")
    parser.add_argument("--split", default=None, help="override the split (default: the tuning split)")
    parser.add_argument("--report", action="store_true", help="held-out: ObliQA test subsample_test_500, STARD dev (all 308)")
    parser.add_argument("--depth", type=int, default=None, help="candidates per list (default: the product's, by language)")
    parser.add_argument("--weights", type=float, nargs=2, default=None, metavar=("DENSE", "LEXICAL"),
                        help="fusion weights (default: the product's, by language)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--save-runs", action="store_true")
    parser.add_argument("--tune", action="store_true", help="fusion depth/weight grid on the tuning split")
    args = parser.parse_args(argv)
    benches = BENCHES if args.bench == "all" else (args.bench,)
    t0 = time.perf_counter()
    for name in benches:
        if args.tune:
            tune(args, name)
        elif args.report:
            split = HELDOUT_SPLIT[name]
            ids_file = HELDOUT_IDS[name] if name == "obliqa" and not args.full else None
            evaluate_bench(args, name, split, ids_file, None)
        else:
            split = args.split or TUNING_SPLIT[name]
            n = 0 if args.full else (args.queries if args.queries is not None else DEFAULT_QUERIES[name])
            evaluate_bench(args, name, split, None, n)
    print(f"\ntotal {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
