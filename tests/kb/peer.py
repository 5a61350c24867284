"""A long-lived app process for the shared-server tests: one JSON command per stdin line, one JSON reply per line.

Run as `python -m tests.kb.peer` with IPABS_DATA_DIR, IPABS_CHROMA_URL and IPABS_EMBEDDING set.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from kb.answer import ask
from kb.library import KnowledgeBase
from kb.retriever import Filters, Retriever


def handle(kb: KnowledgeBase, command: dict) -> dict:
    filters = Filters(as_of=command.get("as_of", ""))
    if command["op"] == "docs":
        return {"docs": {d: {"title": r.title, "superseded_by": r.superseded_by} for d, r in kb.documents().items()}}
    if command["op"] == "search":
        hits = Retriever(kb).search(command["query"], k=5, filters=filters, mode=command.get("mode", "hybrid"))
        return {"doc_ids": [h.metadata["doc_id"] for h in hits]}
    if command["op"] == "ask":
        answer = ask(Retriever(kb), command["question"], filters=filters)
        return {"found": answer.found, "doc_ids": [c.doc_id for c in answer.citations]}
    raise ValueError(f"unknown op {command['op']!r}")


def main() -> None:
    kb = KnowledgeBase.open(Path(os.environ["IPABS_DATA_DIR"]), os.environ["IPABS_EMBEDDING"],
                            os.environ["IPABS_CHROMA_URL"])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            reply = handle(kb, json.loads(line))
        except Exception as err:   # reported to the test, which fails with the reason
            reply = {"error": f"{type(err).__name__}: {err}"}
        print(json.dumps(reply, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
