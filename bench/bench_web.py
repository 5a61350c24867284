"""Web app speed: cold start of `ipabs serve` until the page answers, and Enter-to-first-citation in Chromium.

(a) cold start: from spawning `ipabs serve` on a fresh temp data dir (the Patent Law and a small test
    guideline ingested first, not timed) until `/` answers 200, and until the chat box is on screen.
(b) ask latency: for ~5 questions typed into the chat box, the time from pressing Enter until the first
    citation of that answer is on the page; p50 and max.
Embedding: $IPABS_EMBEDDING, else e5-engine (needs nothing built). Needs /usr/bin/chromium.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from tests.web.conftest import (CHROMIUM, CHROMIUM_ARGS, DATA, IPABS, PATENT_LAW, base_env, free_port,  # noqa: E402
                                stop, wait_until_up)
from tests.shared import CORPUS  # noqa: E402

QUESTIONS = [
    "发明专利权的期限是多久？",
    "专利权人没有按照规定缴纳年费会怎样？",
    "原始权益人持有次级资产支持证券的比例不得低于多少？",
    "专利权质押登记之日起质权设立吗？",
    "What is the term of an invention patent?",
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ipabs-bench-web-") as tmp:
        data_dir = Path(tmp) / "data"
        env = base_env(data_dir)
        env["IPABS_EMBEDDING"] = os.environ.get("IPABS_EMBEDDING", "e5-engine")
        docs = [DATA / "ipabs_test_guideline.md", CORPUS / PATENT_LAW]
        subprocess.run([IPABS, "ingest", *[str(d) for d in docs if d.exists()]], env=env, check=True,
                       capture_output=True, timeout=900)

        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        log = Path(tmp) / "serve.log"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)   # not part of the timing
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.monotonic()
            proc = subprocess.Popen([IPABS, "serve", "--port", str(port)], env=env, stdout=log.open("w"),
                                    stderr=subprocess.STDOUT)
            try:
                http_ready = wait_until_up(url, proc, log)
                page.goto(url)
                page.wait_for_selector("#ask-input textarea", timeout=60000)
                page_ready = time.monotonic() - started
                latencies = []
                for question in QUESTIONS:
                    box = page.locator("#ask-input textarea")
                    box.fill(question)
                    t0 = time.monotonic()
                    box.press("Enter")
                    page.wait_for_function(
                        "q => { const s = document.querySelector('#ask-sources');"
                        " return s && s.innerText.includes(q) && (s.querySelector('details.ipabs-cite')"
                        " || s.innerText.includes('Not found')); }", arg=question[:20], timeout=120000)
                    latencies.append(time.monotonic() - t0)
            finally:
                stop(proc)
                browser.close()

    result = {
        "embedding": env["IPABS_EMBEDDING"],
        "cold_start_http_s": round(http_ready, 2),
        "cold_start_page_s": round(page_ready, 2),
        "enter_to_citation_p50_s": round(statistics.median(latencies), 3),
        "enter_to_citation_max_s": round(max(latencies), 3),
        "questions": len(latencies),
    }
    print(f"cold start: HTTP 200 after {result['cold_start_http_s']} s, chat box on screen after "
          f"{result['cold_start_page_s']} s")
    print(f"Enter -> first citation: p50 {result['enter_to_citation_p50_s']} s, "
          f"max {result['enter_to_citation_max_s']} s over {len(latencies)} questions")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
