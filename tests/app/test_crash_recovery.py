"""`kill -9` in the middle of `ipabs ingest`, then restart: each document is whole or absent, a re-run completes it."""
from __future__ import annotations

import functools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IPABS = Path(sys.executable).parent / "ipabs"
TOPICS = ["lighthouse", "orchard", "glacier", "violin", "harbour", "meteorite",
          "saffron", "tramway", "beehive", "quarry", "telescope", "windmill"]
DUTIES = [
    "record every pledge of {t} rights in the register within {n} days",
    "notify the trustee of any transfer of {t} licences within {n} days",
    "publish the annual valuation of the {t} portfolio within {n} days of the year end",
    "keep the {t} royalty ledger for {n} years",
    "report any default on {t} licence fees to investors within {n} days",
    "renew the insurance of the {t} assets every {n} months",
    "appoint an independent auditor of the {t} cash flows every {n} years",
]
QUESTION = "Within how many days must the keeper of the {t} register notify the trustee of a transfer of {t} licences?"
COMMIT_WAIT = 90      # seconds for the first two documents to be committed (model load included)
RERUN_WAIT = 150      # seconds for a whole re-run of the batch


def _write_batch(folder: Path) -> None:
    """One multi-article regulation per topic."""
    folder.mkdir()
    for i, topic in enumerate(TOPICS):
        articles = "\n\n".join(
            f"Article {k} The keeper of the {topic} register shall {duty.format(t=topic, n=10 + i + k)}."
            for k, duty in enumerate(DUTIES, start=1))
        (folder / f"{i:02d}-{topic}.md").write_text(
            f'---\ntitle: "Rules on {topic.title()} Rights Securitisation"\nissuer: "Test Authority"\n'
            f'date: "2022-01-{i + 1:02d}"\nlanguage: en\n---\n\n# Rules on {topic.title()} Rights\n\n{articles}\n',
            encoding="utf-8")


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "IPABS_DATA_DIR": str(data_dir), "IPABS_EMBEDDING": "e5-engine",
            "IPABS_STARTER_PACK": "false", "PYTHONUNBUFFERED": "1"}


def _kill_after_commits(batch: Path, data_dir: Path, commits: int) -> list[str]:
    """Run `ipabs ingest`, SIGKILL it as soon as `commits` documents are reported added; its output lines."""
    proc = subprocess.Popen([str(IPABS), "ingest", str(batch)], cwd=ROOT, env=_env(data_dir), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + COMMIT_WAIT
    try:
        while sum(": added " in line for line in seen) < commits:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                pytest.fail("ingest ended before it could be killed:\n" + "\n".join(seen))
            seen.append(line)
        os.kill(proc.pid, signal.SIGKILL)   # the next document is being embedded now
        assert proc.wait(timeout=30) == -signal.SIGKILL
    except queue.Empty:
        pytest.fail(f"fewer than {commits} documents committed within {COMMIT_WAIT}s:\n" + "\n".join(seen))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return seen


def _probe(data_dir: Path, questions: list[str], doc_ids: list[str] | None = None) -> dict:
    """What a freshly started process finds in the store: run in a subprocess, as a restart would."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, json; from tests.app.test_crash_recovery import probe; "
                               "print(json.dumps(probe(sys.argv[1], *json.loads(sys.argv[2]))))",
         str(data_dir), json.dumps([questions, doc_ids])],
        cwd=ROOT, env=_env(data_dir), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def probe(data_dir: str, questions: list[str], doc_ids: list[str] | None) -> dict:
    """Registry, every stored chunk (orphans included), answers, the documents each search mode returns,
    and dense answers among `doc_ids` only (default: every committed document)."""
    from kb.answer import ask
    from kb.library import KnowledgeBase
    from kb.retriever import Filters, Retriever

    kb = KnowledgeBase.open(Path(data_dir), "e5-engine")
    kb.embeddings.embed_query = functools.lru_cache(maxsize=None)(kb.embeddings.embed_query)   # each question once
    stored: dict[str, list[int]] = {}
    got = kb.store.chunks.get(include=["metadatas"])
    for meta in got["metadatas"]:
        stored.setdefault(meta["doc_id"], []).append(meta["seq"])
    retriever = Retriever(kb)
    among = Filters(doc_ids=set(doc_ids or kb.documents()))
    return {
        "records": {d: {"title": r.title, "chunks": r.chunks} for d, r in kb.documents().items()},
        "stored": {d: sorted(seqs) for d, seqs in stored.items()},
        "total": kb.store.chunks.count(),
        "answers": [ask(retriever, q).to_json() for q in questions],
        "dense_among": [ask(retriever, q, filters=among, search="dense").to_json() for q in questions],
        "found_docs": {mode: [[h.metadata["doc_id"] for h in retriever.search(q, k=10, mode=mode)] for q in questions]
                       for mode in ("dense", "lexical")},   # hybrid fuses these two lists
    }


def _governing(answer: dict) -> tuple:
    """The first citation: further ones depend on which other documents compete, which the re-run changes."""
    first = answer["citations"][0]
    return first["doc_id"], first["chunk_id"], first["article"], first["quote"]


def _assert_whole_or_absent(state: dict, when: str) -> None:
    for doc_id, record in state["records"].items():
        assert state["stored"].get(doc_id) == list(range(record["chunks"])), (
            f"{when}: {record['title']} should have seqs 0..{record['chunks'] - 1}, has {state['stored'].get(doc_id)}")
    for mode, per_question in state["found_docs"].items():
        for docs in per_question:
            assert set(docs) <= set(state["records"]), f"{when}: {mode} search returned an uncommitted document"
    for answer in state["answers"]:
        cited = {c["doc_id"] for c in answer["citations"]}
        assert cited <= set(state["records"]), f"{when}: cited an uncommitted document"


def test_kill_9_mid_batch_leaves_whole_documents_and_a_rerun_completes_the_batch(tmp_path):
    batch, data_dir = tmp_path / "batch", tmp_path / "data"
    _write_batch(batch)
    questions = [QUESTION.format(t=t) for t in TOPICS]

    output = _kill_after_commits(batch, data_dir, commits=2)
    after_kill = _probe(data_dir, questions)
    committed = after_kill["records"]
    assert 2 <= len(committed) < len(TOPICS), output
    _assert_whole_or_absent(after_kill, "after kill -9")
    orphans = after_kill["total"] - sum(r["chunks"] for r in committed.values())
    print(f"killed after {len(committed)} committed documents, {orphans} orphan chunks left")   # shown with -s

    complete = [i for i, t in enumerate(TOPICS) if any(t.title() in r["title"] for r in committed.values())]
    for i in complete:   # the committed documents still answer their questions after the restart
        cited = after_kill["answers"][i]["citations"]
        assert cited and TOPICS[i] in cited[0]["title"].lower(), after_kill["answers"][i]
        assert after_kill["found_docs"]["dense"][i][0] == cited[0]["doc_id"], "dense search lost a committed document"

    rerun = subprocess.run([str(IPABS), "ingest", str(batch)], cwd=ROOT, env=_env(data_dir),
                           capture_output=True, text=True, timeout=RERUN_WAIT)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
    assert f"{len(TOPICS) - len(committed)} added, {len(committed)} unchanged" in rerun.stdout, rerun.stdout

    final = _probe(data_dir, questions, sorted(committed))
    assert len(final["records"]) == len(TOPICS)
    assert final["total"] == sum(r["chunks"] for r in final["records"].values()), "duplicate or orphan chunks remain"
    _assert_whole_or_absent(final, "after the re-run")
    assert {d: final["records"][d] for d in committed} == committed
    for i in complete:
        assert _governing(final["answers"][i]) == _governing(after_kill["answers"][i]), questions[i]
        # Among the same documents, dense answers depend on nothing but the stored vectors: equal to the score.
        assert final["dense_among"][i] == after_kill["dense_among"][i], questions[i]

