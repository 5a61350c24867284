"""Retrieval metrics (binary relevance, trec_eval conventions), latency summaries and Markdown tables."""
from __future__ import annotations

import math
import random
from statistics import mean


def recall_at(ranked: list[str], gold: set[str], k: int) -> float:
    return len(set(ranked[:k]) & gold) / len(gold) if gold else 0.0


def hit_at(ranked: list[str], gold: set[str], k: int) -> float:
    return 1.0 if set(ranked[:k]) & gold else 0.0


def ap_at(ranked: list[str], gold: set[str], k: int) -> float:
    """trec_eval map_cut_k: precision at each relevant rank <= k, summed, divided by the number of gold."""
    if not gold:
        return 0.0
    found, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in gold:
            found += 1
            total += found / rank
    return total / len(gold)


def mrr_at(ranked: list[str], gold: set[str], k: int) -> float:
    for rank, item in enumerate(ranked[:k], start=1):
        if item in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: list[str], gold: set[str], k: int) -> float:
    dcg = sum(1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1) if item in gold)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


METRICS = {
    "R@10": lambda r, g: recall_at(r, g, 10),
    "MAP@10": lambda r, g: ap_at(r, g, 10),
    "nDCG@10": lambda r, g: ndcg_at(r, g, 10),
    "R@100": lambda r, g: recall_at(r, g, 100),
    "Hit@10": lambda r, g: hit_at(r, g, 10),
    "MRR@10": lambda r, g: mrr_at(r, g, 10),
}
HEADLINE = list(METRICS)


def per_query(run: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    """metric -> qid -> value, over the queries of `run`."""
    return {name: {q: fn(ranked, qrels[q]) for q, ranked in run.items()} for name, fn in METRICS.items()}


def evaluate(run: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    scores = per_query(run, qrels)
    return {name: mean(values.values()) if values else 0.0 for name, values in scores.items()}


def paired_bootstrap(a: dict[str, float], b: dict[str, float], samples: int = 2000, seed: int = 7) -> tuple[float, float]:
    """Mean of (b - a) over shared queries and the share of resamples where b <= a (one-sided p)."""
    qids = sorted(set(a) & set(b))
    if not qids:
        return 0.0, 1.0
    diffs = [b[q] - a[q] for q in qids]
    rng = random.Random(seed)
    n = len(diffs)
    worse = sum(1 for _ in range(samples) if sum(diffs[rng.randrange(n)] for _ in range(n)) <= 0)
    return mean(diffs), worse / samples


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank-interpolated percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latency_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "mean": mean(ms) if ms else float("nan")}


def markdown_table(header: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        if isinstance(v, float):
            return f"{v:.4f}" if abs(v) < 10 else f"{v:.1f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
