"""BM25 indexes over chunk texts and their English glosses (bm25s sparse matrices): derived from the store, saved, rebuildable."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np

from kb.lexical_glosses import gloss_stamp, gloss_tokens
from kb.tokenize import tokenize

# bm25s keeps the vocabulary as a dict; we tokenise ourselves so Chinese and English share one index.
_IDS_FILE = "ids.json"
_TEXTS_FILE = "texts.json"   # the rows' texts, glossed when an English question first needs the glosses
_GLOSSES = "glosses"


@dataclass
class LexicalIndex:
    """A BM25 index whose rows are chunks; `ids[i]` and `doc_ids[i]` name row i. `glosses` indexes the
    same rows' English glosses (kb.lexical_glosses; a row that is not Chinese has none), made the first time
    they are asked for: only an English question reads them, and on an all-Chinese library of 58,612 chunks
    (STARD) they cost 27.6 s of a 45.6 s build (text tokens 16.1 s + BM25 1.9 s; glosses 24.8 s + 2.8 s)."""

    bm25: bm25s.BM25 | None
    ids: list[str]
    doc_ids: list[str]
    texts: list[str] | None = field(default=None, repr=False)   # None: read from `folder` when glossing
    folder: Path | None = None          # where the index is saved: glosses made later are saved there too
    saved_glosses: bool = False         # `folder` holds glosses of this code and glossary

    def __post_init__(self) -> None:
        # Rows as codes into the distinct document ids: a filter is then one vectorised lookup.
        names, codes = np.unique(np.array(self.doc_ids, dtype=object), return_inverse=True) if self.doc_ids else ([], [])
        self._doc_names = np.array(names, dtype=object)
        self._doc_codes = np.asarray(codes, dtype=np.int64)
        self._glosses: bm25s.BM25 | None = None
        self._gloss_lock = threading.Lock()

    @property
    def glosses(self) -> bm25s.BM25 | None:
        """The BM25 index of the rows' English glosses: read from `folder`, or made (and saved there) on first use."""
        if self._glosses is None and self.bm25 is not None:
            with self._gloss_lock:
                if self._glosses is None:
                    self._glosses = self._read_or_make_glosses()
        return self._glosses

    def _read_or_make_glosses(self) -> bm25s.BM25 | None:
        if self.saved_glosses and self.folder is not None:
            try:
                return bm25s.BM25.load(str(self.folder / _GLOSSES), show_progress=False)
            except OSError:   # removed by a newer index meanwhile: make them
                pass
        try:
            texts = self.texts if self.texts is not None else _read_texts(self.folder)
        except OSError:   # the folder went with a newer index (an ingest elsewhere): this search goes without them
            return None
        glosses = bm25_index([gloss_tokens(t) for t in texts])
        if self.folder is not None:
            _save_glosses(glosses, self.folder)
        return glosses

    @classmethod
    def build(cls, ids: list[str], doc_ids: list[str], texts: list[str]) -> "LexicalIndex":
        if not ids:
            return cls(None, [], [])
        texts = list(texts)
        return cls(bm25_index([tokenize(t) for t in texts]), list(ids), list(doc_ids), texts)

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
        glossed = bool(english and gloss_weight) and self.glosses is not None   # made only when read
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
        """Write atomically: a half-written index is never picked up. The texts are kept beside it, so that
        glosses made later (or after the glossary changed) need no rebuild of the rest."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        names = {"ids": self.ids, "doc_ids": self.doc_ids}
        if self.bm25 is not None:
            self.bm25.save(str(tmp / "bm25"), show_progress=False)
            texts = self.texts if self.texts is not None else _read_texts(self.folder)
            (tmp / _TEXTS_FILE).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
            if self._glosses is not None:
                self._glosses.save(str(tmp / _GLOSSES), show_progress=False)
                names["glosses"] = gloss_stamp()
        (tmp / _IDS_FILE).write_text(json.dumps(names))
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
        self.folder, self.saved_glosses = folder, "glosses" in names

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        """The saved index; None when there is none, or it was saved without its texts by older code (rebuild)."""
        if not (folder / _IDS_FILE).exists():
            return None
        names = json.loads((folder / _IDS_FILE).read_text())
        if not names["ids"]:
            return cls(None, [], [])
        if not (folder / _TEXTS_FILE).is_file():
            return None
        # Glosses of other code or another glossary are made again from the texts when first needed.
        return cls(bm25s.BM25.load(str(folder / "bm25"), show_progress=False), names["ids"], names["doc_ids"],
                   None, folder, names.get("glosses") == gloss_stamp() and (folder / _GLOSSES).is_dir())


def _read_texts(folder: Path) -> list[str]:
    return json.loads((folder / _TEXTS_FILE).read_text(encoding="utf-8"))


def _save_glosses(glosses: bm25s.BM25, folder: Path) -> None:
    """Glosses made after the index was saved go into its folder for the other processes, all or nothing; the last
    process to save them wins (both made them from the same texts and glossary)."""
    tmp = None
    try:
        tmp = Path(tempfile.mkdtemp(dir=folder, prefix=".glosses-"))
        glosses.save(str(tmp / _GLOSSES), show_progress=False)
        shutil.rmtree(folder / _GLOSSES, ignore_errors=True)   # another glossary's
        (tmp / _GLOSSES).rename(folder / _GLOSSES)
        names = json.loads((folder / _IDS_FILE).read_text())
        ids_tmp = folder / f".{_IDS_FILE}.{os.getpid()}.{threading.get_ident()}"
        ids_tmp.write_text(json.dumps(dict(names, glosses=gloss_stamp())))
        os.replace(ids_tmp, folder / _IDS_FILE)
    except OSError:   # the folder went (a newer index replaced it) or two processes renamed at once: they stay
        pass         # in memory here, and the next process to want them makes them again
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def bm25_index(token_lists: list[list[str]]) -> bm25s.BM25:
    bm25 = bm25s.BM25(k1=1.2, b=0.75)
    rows = [tokens or ["\u2205"] for tokens in token_lists]   # an empty row still needs one token
    bm25.index(bm25s.tokenization.Tokenized(*_vocab_ids(rows)), show_progress=False)
    return bm25


def _vocab_ids(token_lists: list[list[str]]) -> tuple[list[list[int]], dict[str, int]]:
    vocab: dict[str, int] = {}
    rows = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in token_lists]
    return rows, vocab
