"""Dense, lexical and hybrid search over the documents that pass the filters."""
from __future__ import annotations

from dataclasses import dataclass

from kb.filters import Filters  # noqa: F401 - callers import Filters from here too
from kb.fusion import reciprocal_rank_fusion
from kb.glossary import expand
from kb.tokenize import is_chinese
from kb.library import KnowledgeBase
from kb.passage import Passage
from kb.scope import named_jurisdictions

SEARCH_MODES = ("hybrid", "dense", "lexical")
MODES = SEARCH_MODES


@dataclass
class Hit:
    passage: Passage
    score: float                 # fused score (or the single list's score)
    dense_similarity: float | None = None
    lexical_score: float | None = None

    @property
    def chunk_id(self) -> str:
        return self.passage.chunk_id

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def metadata(self) -> dict:
        return self.passage.metadata


class SearchResult(list):
    """Hits, best first, and the best dense similarity and BM25 score the search saw (fused away or not):
    the evidence gate needs them even when the other list's hits fill the top."""

    best_dense: float | None = None
    best_lexical: float | None = None
    indexed_chunks: int = 0      # the lexical index's size: BM25 scores grow with its logarithm


class Retriever:
    """Searches one knowledge base; `depth` candidates from each list feed the fusion."""

    # Tuned on ObliQA dev (500 queries, e5, bench/eval_retrieval.py --tune): fusing the top 20 of each
    # list with lexical weighted 2:1 gave R@10 0.786 vs 0.771 lexical-only and 0.758 at 60 / 1:1.
    # On STARD train (Chinese) the same setting gives R@10 0.478 vs 0.449 lexical; 60 / 1:1 gives 0.528
    # there: Chinese questions get 60 / 1:1, English ones 20 / 1:2 (both from the tuning splits).
    DEFAULT_DEPTH = 20
    DEFAULT_WEIGHTS = (1.0, 2.0)    # (dense, lexical)
    BY_LANGUAGE = {"zh": (60, (1.0, 1.0)), "en": (DEFAULT_DEPTH, DEFAULT_WEIGHTS)}
    # Commentary (notes, digests) ranks below the law: its fused score counts this much; so does a
    # passage of another jurisdiction than the one the question names ("under Chinese law").
    COMMENTARY_WEIGHT = 0.5
    OTHER_JURISDICTION_WEIGHT = 0.5

    def __init__(self, kb: KnowledgeBase, depth: int | None = None, weights: tuple[float, float] | None = None,
                 expand_query: bool = True):
        self.kb = kb
        self.depth = depth           # None: by the question's language (BY_LANGUAGE)
        self.weights = weights       # (dense, lexical) in the fusion; None: by language
        self.expand_query = expand_query   # add the glossary's terms in the other language (lexical side)

    def settings_for(self, query: str) -> tuple[int, tuple[float, float]]:
        depth, weights = self.BY_LANGUAGE["zh" if is_chinese(query) else "en"]
        return (self.depth or depth, self.weights or weights)

    def _weight(self, passage: Passage | None, named: set[str]) -> float:
        if passage is None:
            return 1.0
        record = passage.record
        weight = self.COMMENTARY_WEIGHT if record.is_commentary else 1.0
        if named and record.jurisdiction.upper().split("-")[0] not in named:
            weight *= self.OTHER_JURISDICTION_WEIGHT
        return weight

    def allowed_docs(self, filters: Filters) -> set[str]:
        return self.kb.allowed_docs(filters)

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid") -> SearchResult:
        """Passages for `query` among the documents the filters allow.

        Args:
            query: the question or words searched, Chinese or English.
            k: how many hits at most.
            filters: jurisdiction, document type(s), ids and the date versions must be in force on
                (kb.filters.Filters); None = every type, the versions in force today.
            mode: one of SEARCH_MODES: "hybrid" (dense and lexical fused), "dense" or "lexical".
        Returns:
            SearchResult: Hits best first, with the best dense similarity and BM25 score seen.
        Raises:
            ValueError: an unknown `mode`.
        """
        if mode not in SEARCH_MODES:
            raise ValueError(f"search mode must be one of {SEARCH_MODES}, not {mode!r}")
        filters = filters or Filters()
        allowed = self.kb.allowed_docs(filters)
        if not allowed or not query.strip():
            return SearchResult()
        depth, weights = self.settings_for(query)
        depth = max(depth, k)
        dense = {p.chunk_id: (sim, p) for p, sim in self.kb.dense_search(query, depth, filters, allowed)} \
            if mode != "lexical" else {}
        lexical_query = expand(query) if self.expand_query else query
        lexical = self.kb.lexical_search(lexical_query, depth, allowed) if mode != "dense" else []
        lexical_scores = dict(lexical)
        if mode == "dense":
            order = [(cid, sim) for cid, (sim, _) in dense.items()]
        elif mode == "lexical":
            order = lexical
        else:
            order = reciprocal_rank_fusion([list(dense), [cid for cid, _ in lexical]], list(weights))
        passages = {cid: p for cid, (_, p) in dense.items()}
        head = order[:depth]   # enough to re-rank commentary below the law within
        passages.update({p.chunk_id: p for p in self.kb.passages([cid for cid, _ in head if cid not in passages])})
        if mode == "hybrid":
            named = set(named_jurisdictions(query))
            head = sorted(((cid, score * self._weight(passages.get(cid), named)) for cid, score in head),
                          key=lambda pair: -pair[1])
        top = head[:k]
        result = SearchResult(
            Hit(passages[cid], score, dense[cid][0] if cid in dense else None, lexical_scores.get(cid))
            for cid, score in top if cid in passages
        )
        result.best_dense = max((sim for sim, _ in dense.values()), default=None)
        result.best_lexical = max((score for _, score in lexical), default=None)
        result.indexed_chunks = sum(r.chunks for r in self.kb.documents().values())
        return result
