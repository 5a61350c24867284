"""Captions of stored Chinese articles: the project's own one-line headnotes (kb/data/captions/<language>), so that a
question meets an article in the words a reader asks in, by words and by meaning.

A caption says what one article governs, in our own words. It is written here from the text in ../shared/corpus, it is
not a translation, and it is never quoted as the law: it helps the search find the article, whose own text is quoted.
- English captions (`en`) let an English question meet a Chinese article in English; each also stands under the
  article's quote in an English answer as its gist, labelled as the editors' (kb.answer.GIST_LABEL). Each is followed
  by two questions the article answers, written as a lawyer or arranger asks them (a deal situation in the deal's
  words, then a plain question): searched with the caption, by words and by meaning, and never shown.
- Chinese captions (`zh`, 要旨) restate the article in everyday Chinese with the doctrine's usual name, so that a
  question told as a story ("副总没报董事会就签了合同，公司能不认吗？") meets the article whose text says it otherwise.
  Each is followed by two questions the article answers, written as legal and deal staff ask them. They are never
  shown; a Chinese question's search keeps them to the point it asks (kb.retriever.Retriever._on_the_point).
A caption file names the instrument and the version (effective date) it was written from; a stored document of
another version, or one no file names (an editor's upload), has no captions and is found as before.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from kb.passage import Passage
from kb.records import DocumentRecord, instrument_name
from kb.tokenize import tokenize

CAPTIONS_DIR = Path(__file__).resolve().parent / "data" / "captions"
CAPTION_LANGUAGES = ("en", "zh")   # a folder of CAPTIONS_DIR each
_HEADER = re.compile(r"#\s*(title|effective_from):\s*(.*?)\s*$")
_LABEL = re.compile(r"第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?")


@dataclass(frozen=True)
class CaptionFile:
    """One instrument version's captions: article label -> caption, and the questions the article answers."""

    instrument: str
    effective_from: str
    captions: dict[str, str]
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_caption_file(path: Path) -> CaptionFile:
    """Parse `# title:` and `# effective_from:` headers and `第X条<TAB>caption[<TAB>question]…` lines (other `#` lines
    are comments): a caption may be followed by questions the article answers, as a reader would ask them.

    Raises:
        ValueError: naming the file and line, for a missing header, a line without a tab, a label that is not an
            article's, an empty caption or question, or an article captioned twice.
    """
    headers: dict[str, str] = {}
    captions: dict[str, str] = {}
    questions: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}, line {number}"
        if not line.strip():
            continue
        if line.startswith("#"):
            match = _HEADER.match(line)
            if match:
                headers[match.group(1)] = match.group(2)
            continue
        label, *texts = line.split("\t")
        if not texts:
            raise ValueError(f"{where}: a caption line is an article label, a tab, the caption, then any questions "
                             "each after a tab")
        if not _LABEL.fullmatch(label):
            raise ValueError(f"{where}: {label[:20]!r} is not an article label such as 第四十二条")
        if not texts[0].strip():
            raise ValueError(f"{where}: {label} has no caption")
        if not all(text.strip() for text in texts[1:]):
            raise ValueError(f"{where}: {label} has an empty question")
        if label in captions:
            raise ValueError(f"{where}: {label} is captioned twice")
        captions[label] = texts[0].strip()
        if texts[1:]:
            questions[label] = tuple(text.strip() for text in texts[1:])
    if "title" not in headers:
        raise ValueError(f"{path.name}: no '# title:' line naming the instrument captioned")
    return CaptionFile(instrument_name(headers["title"]), headers.get("effective_from", ""), captions, questions)


@lru_cache(maxsize=len(CAPTION_LANGUAGES))
def caption_book(language: str = "en") -> dict[tuple[str, str], CaptionFile]:
    """(instrument, effective_from) -> its captions and questions, from every file of the language's folder."""
    book: dict[tuple[str, str], CaptionFile] = {}
    for path in sorted((CAPTIONS_DIR / language).glob("*.tsv")):
        file = read_caption_file(path)
        known = book.setdefault((file.instrument, file.effective_from), file)
        if known is not file:
            known.captions.update(file.captions)
            known.questions.update(file.questions)
    return book


@lru_cache(maxsize=len(CAPTION_LANGUAGES))
def captions_stamp(language: str = "en") -> str:
    """What the captions in `language` were read from: saved with their index, which is made again when they change
    (and only then: a change to another language's captions leaves it as it is)."""
    digest = hashlib.sha256()
    for path in sorted((CAPTIONS_DIR / language).glob("*.tsv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def captions_of(record: DocumentRecord, language: str = "en") -> dict[str, str]:
    """The captions in `language` written for this very version of the document (none for another version or an
    upload)."""
    file = caption_book(language).get((record.instrument, record.effective_from))
    return file.captions if file else {}


def questions_of(record: DocumentRecord, language: str = "en") -> dict[str, tuple[str, ...]]:
    """The questions in `language` written for this very version of the document, by article (see captions_of)."""
    file = caption_book(language).get((record.instrument, record.effective_from))
    return file.questions if file else {}


def caption_parts(caption: str) -> list[str]:
    """What is embedded of a caption: the whole, and, for one listing three or more clauses after its heading ("Exceptions
    to infringement: exhaustion …; prior use …; transit …"), each clause under the heading, so that a question on one
    of them meets it and not the average of all. A Chinese caption's colon and semicolons are full-width."""
    match = re.match(r"(.*?)([:：])(.*)", caption)
    if not match:
        return [caption]
    heading, colon, rest = match.groups()
    clauses = [clause.strip() for clause in re.split(r"[;；]", rest) if clause.strip()]
    space = " " if colon == ":" else ""
    return [caption] + ([f"{heading}{colon}{space}{clause}" for clause in clauses] if len(clauses) >= 3 else [])


@dataclass
class CaptionRow:
    """One captioned article of a stored document, and its chunks in reading order."""

    doc_id: str
    article: str
    chunk_ids: tuple[str, ...]
    caption: str
    questions: tuple[str, ...] = ()   # the questions the article answers, as a reader asks them
    path: str = ""   # where the article stands in its instrument ("第二分编 典型合同 > 第十六章 保理合同 > …")


class CaptionIndex:
    """The captions in one language of the stored articles: a BM25 index of their words and their vectors under the
    library's model."""

    _ROWS, _VECTORS, _OWNERS = "rows.json", "vectors.npy", "owners.npy"

    def __init__(self, rows: list[CaptionRow], vectors: np.ndarray, owners: np.ndarray):
        self.rows = rows
        self.vectors = vectors   # a row's caption whole, then its clauses (caption_parts), then its questions
        self.owners = owners     # the row each vector belongs to
        from kb.lexical import bm25_index   # bm25s: only a search needs it, not a citation's gist

        words = [tokenize(" ".join((row.caption, *row.questions))) for row in rows]
        self._bm25 = bm25_index(words) if rows else None
        self._words = [set(w) for w in words]
        self._saying = Counter(w for said in self._words for w in said)   # word -> how many rows say it
        self._doc_ids = np.array([row.doc_id for row in rows], dtype=object)

    @classmethod
    def build(cls, passages: Iterable[Passage], embed: Callable[[list[str]], list[list[float]]], language: str = "en"
              ) -> "CaptionIndex":
        """Rows for the articles among `passages` captioned in `language`; `embed` gives the captions' passage
        vectors."""
        rows: dict[tuple[str, str], CaptionRow] = {}
        for passage in sorted(passages, key=lambda p: (p.doc_id, p.seq)):
            caption = captions_of(passage.record, language).get(passage.article)
            if not caption:
                continue
            key = (passage.doc_id, passage.article)
            questions = questions_of(passage.record, language).get(passage.article, ())
            row = rows.setdefault(key, CaptionRow(passage.doc_id, passage.article, (), caption, questions,
                                                  passage.path))
            row.chunk_ids += (passage.chunk_id,)
        ordered = list(rows.values())
        parts = [(i, part) for i, row in enumerate(ordered) for part in caption_parts(row.caption) + list(row.questions)]
        vectors = _unit(np.asarray(embed([part for _, part in parts]), dtype=np.float32)) if parts \
            else np.zeros((0, 0), dtype=np.float32)
        return cls(ordered, vectors, np.array([i for i, _ in parts], dtype=np.int64))

    def save(self, folder: Path) -> None:
        """Written whole into a fresh folder, then renamed: a half-written index is never read."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        (tmp / self._ROWS).write_text(json.dumps([[r.doc_id, r.article, list(r.chunk_ids), r.caption, list(r.questions),
                                                   r.path] for r in self.rows], ensure_ascii=False), encoding="utf-8")
        np.save(tmp / self._VECTORS, self.vectors)
        np.save(tmp / self._OWNERS, self.owners)
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> "CaptionIndex | None":
        try:
            rows = [CaptionRow(d, a, tuple(ids), c, tuple(q), path)
                    for d, a, ids, c, q, path in json.loads((folder / cls._ROWS).read_text(encoding="utf-8"))]
            vectors, owners = np.load(folder / cls._VECTORS), np.load(folder / cls._OWNERS)
        except (OSError, ValueError):   # not there, or written by an older ipabs: made again
            return None
        return cls(rows, vectors, owners)

    def search(self, query: str, vector: list[float], k: int, allowed: set[str], floor: float = 0.0
               ) -> tuple[list[tuple[CaptionRow, float]], list[tuple[CaptionRow, float]]]:
        """The best `k` rows of the allowed documents by the query's words (BM25) and by its meaning (cosine, from
        `floor` up), each with its score."""
        if not self.rows:
            return [], []
        allowed_rows = np.isin(self._doc_ids, list(allowed))
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in tokenize(query) if t in vocab]
        by_words = np.where(allowed_rows, self._bm25.get_scores(ids), 0.0) if ids else np.zeros(len(self.rows))
        closest = np.full(len(self.rows), -1.0, dtype=np.float32)   # a row's best part
        np.maximum.at(closest, self.owners, self.vectors @ _unit(np.asarray(vector, dtype=np.float32)))
        by_meaning = np.where(allowed_rows, closest, -1.0)
        return self._best(by_words, k, 0.0), self._best(by_meaning, k, floor)

    def saying(self, words: set[str], share: float) -> set[tuple[str, str]] | None:
        """(doc_id, article) of the rows whose caption or questions say one of `words` that some but fewer than `share`
        of the rows say (a word of two characters or more); None when no word is that rare."""
        rare = {w for w in words if len(w) > 1 and 0 < self._saying[w] < share * len(self.rows)}
        return {(row.doc_id, row.article) for row, said in zip(self.rows, self._words) if said & rare} if rare else None

    def _best(self, scores: np.ndarray, k: int, floor: float) -> list[tuple[CaptionRow, float]]:
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return [(self.rows[i], float(scores[i])) for i in top[np.argsort(-scores[top])] if scores[i] > floor]


class CaptionVectors:
    """The passage vectors of one language's captions and questions under one model, kept beside the model: they do
    not depend on the library, so every library whose `models` folder this is reads them instead of embedding them
    again (9,406 English and 9,736 Chinese texts, 31 MB; `ipabs ingest ../shared/corpus` took 140 s embedding them
    and 76 s reading them, in one bench_kb run). Only the texts not yet there are embedded; texts no caption file
    holds any more are dropped when it is written again."""

    _TEXTS, _VECTORS = "texts.json", "vectors.npy"

    def __init__(self, root: Path, language: str):
        # One folder per captions folder: texts another folder's files hold (a test's) never drop the shipped ones'.
        self.folder = root / language / hashlib.sha256(str(CAPTIONS_DIR.resolve()).encode()).hexdigest()[:12]
        self.language = language

    def embed(self, texts: list[str], embed: Callable[[list[str]], list[list[float]]]) -> np.ndarray:
        known = self._load()
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            known.update(zip(missing, np.asarray(embed(missing), dtype=np.float32)))
            written = _written_texts(self.language)
            self._save({text: vector for text, vector in known.items() if text in written})
        return np.stack([known[text] for text in texts]) if texts else np.zeros((0, 0), dtype=np.float32)

    def _load(self) -> dict[str, np.ndarray]:
        try:
            texts = json.loads((self.folder / self._TEXTS).read_text(encoding="utf-8"))
            vectors = np.load(self.folder / self._VECTORS)
        except (OSError, ValueError):   # not there yet, or half of an interrupted copy: embedded again
            return {}
        return dict(zip(texts, vectors)) if len(texts) == len(vectors) else {}

    def _save(self, known: dict[str, np.ndarray]) -> None:
        """Written whole into a fresh folder, then renamed (another process may be reading the old one)."""
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.folder.parent, prefix=".tmp-"))
        (tmp / self._TEXTS).write_text(json.dumps(list(known), ensure_ascii=False), encoding="utf-8")
        np.save(tmp / self._VECTORS, np.stack(list(known.values())))
        shutil.rmtree(self.folder, ignore_errors=True)
        tmp.rename(self.folder)


def _written_texts(language: str) -> set[str]:
    """Every text embedded of the captions in `language`: each caption's parts and its questions."""
    return {text for file in caption_book(language).values() for label, caption in file.captions.items()
            for text in caption_parts(caption) + list(file.questions.get(label, ()))}


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)
