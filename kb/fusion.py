"""Fusion of ranked lists: reciprocal ranks, or standardised scores.

Why ranks: BM25 scores are unbounded and vary with query length, cosine similarities of e5 sit in a
narrow band (0.7-0.9), so a weighted sum of the raw scores needs per-corpus calibration. RRF only
trusts the order. k=60 is the constant of Cormack, Clarke and Buettcher (SIGIR 2009): large enough
that the first few ranks of one list do not drown agreement between lists.
Why standardised scores too: RRF forgets how far apart two hits are. Standardising each list's scores
over its own candidates (z-scores) makes the two scales comparable per query and keeps the gaps; on
the one-language tuning splits this beat RRF (bench/eval_retrieval.py --tune, see Retriever).
"""
from __future__ import annotations

import statistics
from collections.abc import Callable

RRF_K = 60


def reciprocal_rank_fusion(rankings: list[list[str]], weights: list[float] | None = None, k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse lists of ids (best first) into one list of (id, fused score), best first."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def standardized_score_fusion(scored: list[list[tuple[str, float]]], weights: list[float] | None = None
                              ) -> list[tuple[str, float]]:
    """Fuse lists of (id, score) into one list of (id, fused score), best first: each list's scores
    become z-scores over that list, shifted so its lowest candidate counts 0 (a list that did not
    return an id adds nothing for it, as if it ranked it last), then summed with the weights."""
    weights = weights or [1.0] * len(scored)
    fused: dict[str, float] = {}
    for pairs, weight in zip(scored, weights):
        if not pairs or not weight:
            continue
        values = [score for _, score in pairs]
        spread = statistics.pstdev(values) or 1.0   # one candidate, or all tied: each counts 0
        low = min(values)
        for item, score in pairs:
            fused[item] = fused.get(item, 0.0) + weight * (score - low) / spread
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def boost_head(head: list[tuple[str, float]], n: int, boost: float, lifted: Callable[[str], bool]
               ) -> list[tuple[str, float]]:
    """`head` ((id, score), best first) with the scores of the ids among its first `n` that `lifted` names multiplied
    by `boost`, sorted again: how kb.limit_rank and kb.specific re-rank the top of a search."""
    boosted = [(cid, score * boost if rank < n and lifted(cid) else score) for rank, (cid, score) in enumerate(head)]
    return sorted(boosted, key=lambda pair: -pair[1])


def lift_neighbours(fused: list[tuple[str, float]], position: dict[str, tuple[str, int]], lift: float
                    ) -> list[tuple[str, float]]:
    """`fused` ((id, score >= 0), best first) with each id's score raised by `lift` times the better score of the
    passages right before and after it in the same document (`position`: id -> (doc id, seq)), sorted again.
    Why: a question often needs two neighbouring articles (a rule and its exception), and an article beside a
    well-found one is more likely on point than an equal score elsewhere in the library."""
    if not lift or not fused:
        return fused
    score = dict(fused)
    at = {position[cid]: cid for cid, _ in fused if cid in position}
    lifted = []
    for cid, value in fused:
        if cid in position:
            doc, seq = position[cid]
            value += lift * max(score.get(at.get((doc, seq + step), ""), 0.0) for step in (-1, 1))
        lifted.append((cid, value))
    return sorted(lifted, key=lambda pair: (-pair[1], pair[0]))
