"""Benchmark loaders (ObliQA, STARD) as ParsedDocuments, queries and qrels, and the cached eval indexes."""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ingest.document import Chunk, ParsedDocument
from tests.shared import EVAL as EVAL_ROOT
DATA_ROOT = Path(__file__).resolve().parents[1] / "data" / "eval"
BENCHES = ("obliqa", "stard")
# Tuning splits (may be looked at); held-out splits (reporting only, never tuned on).
TUNING_SPLIT = {"obliqa": "dev", "stard": "train"}
HELDOUT_SPLIT = {"obliqa": "test", "stard": "dev"}
HELDOUT_IDS = {"obliqa": EVAL_ROOT / "obliqa/derived/subsample_test_500.txt",
               "stard": EVAL_ROOT / "stard/derived/subsample_dev_150.txt"}
# Far-future end date: every eval document stays in force whatever kb/versions.py decides
# (it would otherwise treat 解释（一）/（二）… as versions of one instrument and hide all but one).
IN_FORCE_UNTIL = "9999-12-31"

_STARD_ARTICLE = re.compile(r"^(.*?)(第[零一二三四五六七八九十百千万〇两\d]+条(?:之[一二三四五六七八九十]+)?)$")


@dataclass
class Benchmark:
    name: str
    split: str
    documents: list[ParsedDocument]
    queries: dict[str, str]            # qid -> text, file order
    qrels: dict[str, set[str]]         # qid -> gold passage ids
    groups: dict[str, str]             # qid -> slice label (ObliQA Group), may be empty

    @property
    def passages(self) -> int:
        return sum(len(d.chunks) for d in self.documents)


def _jsonl(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _qrels(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and (len(parts) < 3 or parts[2] != "0"):
                gold[parts[0]].add(parts[1])
    return dict(gold)


def _doc(doc_key: str, title: str, chunks: list[Chunk], jurisdiction: str, doc_type: str, language: str, source: str) -> ParsedDocument:
    digest = hashlib.sha256()
    digest.update(title.encode())
    for c in chunks:
        digest.update(f"\x00{c.chunk_id}\x01{c.article}\x01{c.text}".encode())
    sha = digest.hexdigest()
    return ParsedDocument(
        doc_id=sha[:16], sha256=sha, title=title, jurisdiction=jurisdiction, doc_type=doc_type, issuer="",
        effective_from="", effective_to=IN_FORCE_UNTIL, version="", language=language, source_path=f"{source}#{doc_key}",
        chunks=chunks,
    )


# -- ObliQA ------------------------------------------------------------------------------------
def obliqa_titles() -> dict[int, str]:
    """DocumentID -> readable rulebook name, from scripts/DocumentMap.rtf (longest non-file-name alias)."""
    path = EVAL_ROOT / "obliqa/scripts/DocumentMap.rtf"
    if not path.exists():
        return {}
    raw = path.read_text(encoding="latin-1")
    raw = raw.replace("\\'96", "-").replace("\\'92", "'").replace("\\'93", '"').replace("\\'94", '"')
    titles: dict[int, str] = {}
    for m in re.finditer(r"(\d+):\s*\[(.*?)\]", raw, re.S):
        names = [n.strip() for n in re.findall(r'"([^"]*)"', m.group(2))]
        readable = [n for n in names if "_" not in n and "VER" not in n and n]
        pick = max(readable or names, key=len) if names else ""
        if pick:
            titles[int(m.group(1))] = re.sub(r"\s+", " ", pick)
    return titles


def load_obliqa(split: str = "dev", readable_titles: bool = True) -> Benchmark:
    base = EVAL_ROOT / "obliqa/derived"
    titles = obliqa_titles() if readable_titles else {}
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for row in _jsonl(base / "corpus.jsonl"):
        by_doc[int(row["doc_id"])].append(row)
    documents = []
    for doc_no in sorted(by_doc):
        rows = by_doc[doc_no]
        chunks = [Chunk(chunk_id=r["_id"], seq=i, text=r["text"], article=r["passage_id"], path=r["passage_id"])
                  for i, r in enumerate(rows)]
        title = titles.get(doc_no, f"ADGM document {doc_no}")
        documents.append(_doc(str(doc_no), title, chunks, "ADGM", "regulation", "en", "obliqa"))
    queries, groups = {}, {}
    for row in _jsonl(base / f"queries_{split}.jsonl"):
        queries[str(row["_id"])] = row["text"]
        groups[str(row["_id"])] = str(row.get("group", ""))
    return Benchmark("obliqa", split, documents, queries, _qrels(base / f"qrels_{split}.tsv"), groups)


# -- STARD -------------------------------------------------------------------------------------
def split_stard_title(title: str) -> tuple[str, str]:
    """`民法典第一千零六十二条` -> (`民法典`, `第一千零六十二条`)."""
    m = _STARD_ARTICLE.match(title)
    return (m.group(1), m.group(2)) if m else (title, "")


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def _cn_number(text: str) -> int:
    """第一千零六十二条 -> 1062 (enough to order articles within a law)."""
    m = re.search(r"第(.+?)条", text)
    if not m:
        return 0
    s = m.group(1)
    if s.isdigit():
        return int(s)
    total, section, digit = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in "十百千":
            section += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
    return total + section + digit


def load_stard(split: str = "train") -> Benchmark:
    base = EVAL_ROOT / "stard/derived"
    by_law: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in _jsonl(base / "corpus.jsonl"):
        law, article = split_stard_title(row["title"])
        by_law[law].append((row["_id"], article, row["text"]))
    documents = []
    for law in sorted(by_law):
        rows = sorted(by_law[law], key=lambda r: (_cn_number(r[1]), r[1], r[0]))
        chunks = [Chunk(chunk_id=cid, seq=i, text=text, article=article, path=article)
                  for i, (cid, article, text) in enumerate(rows)]
        doc_type = "judicial_interpretation" if law.startswith("最高人民") else "law"
        documents.append(_doc(law, law, chunks, "CN", doc_type, "zh", "stard"))
    queries = {str(r["_id"]): r["text"] for r in _jsonl(base / f"queries_{split}.jsonl")}
    qrels = _qrels(base / f"qrels_{split}.tsv")
    groups = {q: ("1 gold" if len(g) == 1 else "2+ gold") for q, g in qrels.items()}
    return Benchmark("stard", split, documents, queries, qrels, groups)


def load(bench: str, split: str | None = None) -> Benchmark:
    split = split or TUNING_SPLIT[bench]
    return load_obliqa(split) if bench == "obliqa" else load_stard(split)


def select_queries(bench: Benchmark, n: int | None, seed: int = 13, ids_file: Path | None = None) -> list[str]:
    """Query ids with gold: all (n None/0), those listed in `ids_file`, or a fixed random subsample."""
    qids = [q for q in bench.queries if bench.qrels.get(q)]
    if ids_file is not None:
        wanted = {line.strip() for line in ids_file.read_text().splitlines() if line.strip()}
        return [q for q in qids if q in wanted]
    if n and n < len(qids):
        qids = sorted(random.Random(seed).sample(qids, n), key=qids.index)
    return qids


# -- cached indexes ----------------------------------------------------------------------------
def data_dir(bench: str, embedding: str) -> Path:
    return DATA_ROOT / f"{bench}-{embedding}"


LEXICAL_ONLY = "none"   # --embedding none: placeholder vectors, only lexical numbers mean anything


class PlaceholderEmbeddings:
    """Deterministic pseudo-random unit vectors (384-d): lets the real KnowledgeBase store and index a
    large corpus without hours of model inference when only the lexical side is being measured."""

    dim = 384

    def _vector(self, text: str) -> list[float]:
        import numpy as np

        seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        v = np.random.default_rng(seed).standard_normal(self.dim)
        return (v / np.linalg.norm(v)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def open_kb(folder: Path, embedding: str):
    """KnowledgeBase.open, or for `none` the same store/index classes with placeholder vectors."""
    from kb.library import KnowledgeBase

    if embedding != LEXICAL_ONLY:
        return KnowledgeBase.open(folder, embedding)
    from kb.connection import connect
    from kb.store import ChromaStore

    return KnowledgeBase(ChromaStore(connect(folder), "placeholder"), PlaceholderEmbeddings(), folder / "lexical")


class _Precomputed:
    """Embeddings whose document vectors were computed up front in one length-sorted encode call
    (same model, same prompt and normalisation as kb.add's own calls, far less padding than
    kb.add's 32-text batches in document order); queries go to the real model."""

    def __init__(self, inner, vectors: dict[str, list[float]]):
        self.inner = inner
        self.vectors = vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.inner.embed_documents(missing)))
        return [self.vectors[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def open_index(bench: Benchmark, embedding: str, log=print, presort: bool = True):
    """The benchmark's KnowledgeBase (real Chroma + BM25), built once into data/eval/<bench>-<embedding>/.

    Documents go in through `kb.add` (real registry, Chroma collection, versions); with `presort` their
    vectors are computed first in one length-sorted `embed_documents` call, which only changes batching.
    """
    from kb.library import indexed_text

    folder = data_dir(bench.name, embedding)
    t0 = time.perf_counter()
    kb = open_kb(folder, embedding)
    log(f"[{bench.name}] opened {folder} with {embedding} in {time.perf_counter() - t0:.1f}s")
    have = kb.documents()
    todo = [d for d in bench.documents if d.doc_id not in have]
    if todo:
        total = sum(len(d.chunks) for d in todo)
        done, start, last = 0, time.perf_counter(), [0.0]

        def progress(n: int) -> None:
            nonlocal done
            done += n
            now = time.perf_counter()
            if now - last[0] > 30:
                last[0] = now
                rate = done / max(now - start, 1e-9)
                log(f"[{bench.name}] embedded {done}/{total} chunks, {rate:.1f}/s, eta {(total - done) / max(rate, 1e-9) / 60:.1f} min")
                sys.stdout.flush()

        inner = kb.embeddings
        if presort and embedding != LEXICAL_ONLY:
            texts = sorted({indexed_text(d.title, c.article, c.text) for d in todo for c in d.chunks}, key=len)
            log(f"[{bench.name}] encoding {len(texts)} distinct texts in one length-sorted call")
            t_enc = time.perf_counter()
            vectors: dict[str, list[float]] = {}
            step = 2048
            for i in range(0, len(texts), step):
                part = texts[i:i + step]
                vectors.update(zip(part, inner.embed_documents(part)))
                rate = len(vectors) / (time.perf_counter() - t_enc)
                log(f"[{bench.name}] encoded {len(vectors)}/{len(texts)}, {rate:.1f}/s, eta {(len(texts) - len(vectors)) / rate / 60:.1f} min")
            log(f"[{bench.name}] encode {time.perf_counter() - t_enc:.0f}s")
            kb.embeddings = _Precomputed(inner, vectors)
        for doc in todo:
            kb.add(doc, progress=progress)
        kb.embeddings = inner
        log(f"[{bench.name}] dense index: {total} chunks in {len(todo)} docs, {time.perf_counter() - start:.0f}s "
            f"({total / max(time.perf_counter() - start, 1e-9):.1f} chunks/s)")
    t1 = time.perf_counter()
    kb.lexical()
    log(f"[{bench.name}] lexical index ready in {time.perf_counter() - t1:.1f}s")
    stats = kb.stats()
    if stats["chunks"] != bench.passages:
        log(f"[{bench.name}] WARNING: index has {stats['chunks']} chunks, benchmark has {bench.passages}")
    return kb
