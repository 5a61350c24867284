"""Reciprocal-rank fusion of ranked lists.

Why ranks and not scores: BM25 scores are unbounded and vary with query length, cosine similarities
of e5 sit in a narrow band (0.7-0.9), so any weighted sum of the raw scores needs per-corpus
calibration. RRF only trusts the order. k=60 is the constant of Cormack, Clarke and Buettcher
(SIGIR 2009): large enough that the first few ranks of one list do not drown agreement between lists.
"""
from __future__ import annotations

RRF_K = 60


def reciprocal_rank_fusion(rankings: list[list[str]], weights: list[float] | None = None, k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse lists of ids (best first) into one list of (id, fused score), best first."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))
