"""Benchmark of the two OCR engines on scanned Chinese legal text: CER, article labels kept, pages/s, peak memory.

Run: .venv/bin/python bench/bench_ocr.py [--engines rapidocr tesseract]

Fixtures are made at run time (tests/ingest/scans.py): articles of the Patent Law and the Trademark
Law read from ../shared/corpus and a policy text written here, drawn with a CJK font into 200-dpi
page images with noise and a slight skew, saved as image-only PDFs. Each engine runs in a process
of its own so its peak RSS is its own. For each fixture: the character error rate of the page text
(whitespace ignored), whether every 第X条 label of the source became a chunk of its own, seconds.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIXTURES = {
    # name: (paragraph source, render options)
    "patent-law-art40-45": (("CN-L-专利法-2020.md", 40, 6), {"seed": 1}),
    "trademark-law-art39-44": (("CN-L-商标法-2019.md", 39, 6), {"seed": 2}),
    "policy-written-here": ("POLICY_TEXT", {"seed": 3}),
    "policy-noisy-skewed": ("POLICY_TEXT", {"seed": 4, "skew_deg": 1.5, "noise": 0.012}),
}
LABEL = re.compile(r"^(第[一二三四五六七八九十百零]+条)")


def run_engine(name: str) -> dict:
    """In this process: OCR every fixture with engine `name`."""
    from ingest import ocr
    from ingest.chunking import make_chunks
    from ingest.loaders import load_pdf
    from ingest.structure import parse_structure
    from tests.ingest import scans

    ocr.DEFAULT_ENGINE = name
    started = time.perf_counter()
    ocr.engine(name)
    load_s = time.perf_counter() - started
    rows, pages_total, seconds_total = [], 0, 0.0
    for fixture, (source, options) in FIXTURES.items():
        paragraphs = scans.POLICY_TEXT if source == "POLICY_TEXT" else scans.corpus_articles(*source)
        images = scans.render_pages(paragraphs, **options)
        data = scans.image_pdf(images)
        started = time.perf_counter()
        loaded = load_pdf(data, fixture, 50 * 2**20)
        seconds = time.perf_counter() - started
        text = "".join(line.text for line in loaded.lines)
        chunks = make_chunks(parse_structure(loaded.lines), "bench", "zh")
        expected = [LABEL.match(p).group(1) for p in paragraphs if LABEL.match(p)]
        got = [chunk.article for chunk in chunks if chunk.article]
        rows.append({"fixture": fixture, "pages": len(images), "cer": scans.cer("".join(paragraphs), text),
                     "labels_expected": len(expected), "labels_own_chunk": sum(1 for label in expected if label in got),
                     "labels_missing": [label for label in expected if label not in got], "seconds": seconds})
        pages_total += len(images)
        seconds_total += seconds
    return {"engine": name, "model_load_s": load_s, "rows": rows, "pages": pages_total,
            "pages_per_s": pages_total / seconds_total,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["rapidocr", "tesseract"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_engine(args.child), ensure_ascii=False))
        return 0
    results = []
    for name in args.engines:
        out = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
        if out.returncode:
            print(f"{name}: failed\n{out.stderr[-2000:]}")
            return 1
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'engine':10} {'fixture':24} {'pages':>5} {'CER':>7} {'labels in own chunk':>20} {'s':>7}")
    for result in results:
        for row in result["rows"]:
            labels = f"{row['labels_own_chunk']}/{row['labels_expected']}"
            print(f"{result['engine']:10} {row['fixture']:24} {row['pages']:>5} {row['cer']:>7.2%} {labels:>20} "
                  f"{row['seconds']:>7.1f}" + (f"  missing {row['labels_missing']}" if row["labels_missing"] else ""))
    print()
    for result in results:
        mean_cer = sum(r["cer"] for r in result["rows"]) / len(result["rows"])
        print(f"{result['engine']:10} mean CER {mean_cer:.2%}  {result['pages_per_s']:.3f} pages/s  "
              f"model load {result['model_load_s']:.1f}s  peak RSS {result['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
