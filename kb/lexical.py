"""BM25 indexes over chunk texts and their English glosses (bm25s sparse matrices): derived from the store, saved, rebuildable."""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from kb.lexical_glosses import gloss_stamp, gloss_tokens
from kb.tokenize import tokenize

# bm25s keeps the vocabulary as a dict; we tokenise ourselves so Chinese and English share one index.
_IDS_FILE = "ids.json"


@dataclass
class LexicalIndex:
    """A BM25 index whose rows are chunks; `ids[i]` and `doc_ids[i]` name row i. `glosses` indexes the
    same rows' English glosses (kb.lexical_glosses; a row that is not Chinese has none)."""

    bm25: bm25s.BM25 | None
    ids: list[str]
    doc_ids: list[str]
    glosses: bm25s.BM25 | None = None

    def __post_init__(self) -> None:
        # Rows as codes into the distinct document ids: a filter is then one vectorised lookup.
        names, codes = np.unique(np.array(self.doc_ids, dtype=object), return_inverse=True) if self.doc_ids else ([], [])
        self._doc_names = np.array(names, dtype=object)
        self._doc_codes = np.asarray(codes, dtype=np.int64)

    @classmethod
    def build(cls, ids: list[str], doc_ids: list[str], texts: list[str]) -> "LexicalIndex":
        if not ids:
            return cls(None, [], [])
        return cls(_bm25([tokenize(t) for t in texts]), list(ids), list(doc_ids),
                   _bm25([gloss_tokens(t) for t in texts]))

    def search(self, query: str, k: int, allowed_docs: set[str] | None = None,
               weak: str = "", weak_weight: float = 1.0, english: str = "", gloss_weight: float = 0.0
               ) -> list[tuple[str, float]]:
        """Best `k` chunk ids with BM25 scores; `allowed_docs` limits the rows that may match; the
        words of `weak` count `weak_weight` times their BM25 score, and the BM25 score of the English
        words `english` against the rows' glosses counts `gloss_weight` times."""
        if self.bm25 is None or k <= 0:
            return []
        vocab = self.bm25.vocab_dict
        query_ids = [vocab[t] for t in tokenize(query) if t in vocab]
        weak_ids = [vocab[t] for t in tokenize(weak) if t in vocab] if weak and weak_weight else []
        glossed = self.glosses is not None and english and gloss_weight
        gloss_ids = [self.glosses.vocab_dict[t] for t in tokenize(english) if t in self.glosses.vocab_dict] \
            if glossed else []
        if not query_ids and not weak_ids and not gloss_ids:
            return []
        scores = self.bm25.get_scores(query_ids) if query_ids else np.zeros(len(self.ids))
        if weak_ids:
            scores = scores + weak_weight * self.bm25.get_scores(weak_ids)
        if gloss_ids:
            scores = scores + gloss_weight * self.glosses.get_scores(gloss_ids)
        if allowed_docs is not None and not allowed_docs.issuperset(self._doc_names):
            allowed = np.isin(self._doc_names, list(allowed_docs))
            scores = np.where(allowed[self._doc_codes], scores, 0.0)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def shares(self, tokens: set[str]) -> dict[str, float]:
        """The fraction of rows that contain each token (0.0 for a token no row has)."""
        vocab = self.bm25.vocab_dict if self.bm25 is not None else {}
        indptr = self.bm25.scores["indptr"] if self.bm25 is not None else None
        return {t: float(indptr[vocab[t] + 1] - indptr[vocab[t]]) / len(self.ids) if t in vocab else 0.0
                for t in tokens}

    def save(self, folder: Path) -> None:
        """Write atomically: a half-written index is never picked up."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        if self.bm25 is not None:
            self.bm25.save(str(tmp / "bm25"), show_progress=False)
            self.glosses.save(str(tmp / "glosses"), show_progress=False)
        (tmp / _IDS_FILE).write_text(json.dumps({"ids": self.ids, "doc_ids": self.doc_ids,
                                                 "glosses": gloss_stamp()}))
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        if not (folder / _IDS_FILE).exists():
            return None
        names = json.loads((folder / _IDS_FILE).read_text())
        if names.get("glosses") != gloss_stamp():
            return None   # saved before the glosses, or with other glosses (code or glossary changed): rebuild
        if not names["ids"]:
            return cls(None, [], [])
        return cls(bm25s.BM25.load(str(folder / "bm25"), show_progress=False), names["ids"], names["doc_ids"],
                   bm25s.BM25.load(str(folder / "glosses"), show_progress=False))


def _bm25(token_lists: list[list[str]]) -> bm25s.BM25:
    bm25 = bm25s.BM25(k1=1.2, b=0.75)
    rows = [tokens or ["\u2205"] for tokens in token_lists]   # an empty row still needs one token
    bm25.index(bm25s.tokenization.Tokenized(*_vocab_ids(rows)), show_progress=False)
    return bm25


def _vocab_ids(token_lists: list[list[str]]) -> tuple[list[list[int]], dict[str, int]]:
    vocab: dict[str, int] = {}
    rows = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in token_lists]
    return rows, vocab
