"""Evaluation of deal intake on bench/intake_cases: field precision, recall and invented values per format; seconds per document.

Run: .venv/bin/python bench/eval_intake.py [--skip-scans] [--cases ID ...]

Each case's document is built at run time (bench/intake_docs.py) and drafted through the same path
as `ipabs intake` (app.intake.draft_from_files: ingest with OCR, then rules.intake). A field counts
as correct when the draft holds the expected value; precision = correct / extracted, recall =
correct / expected; 'invented' counts extracted fields the document does not state (goal 0).
Conflicting fields are left empty by the draft, so they count against recall only. Scanned cases
also report OCR pages per second.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.intake import draft_from_files  # noqa: E402
from bench.intake_docs import load_cases, make_document  # noqa: E402

GOALS = {"precision": 0.95, "recall": 0.85}


def same(expected, got) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected == got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return abs(expected - got) <= 1e-6 * max(1.0, abs(expected))
    if isinstance(expected, dt.date) and isinstance(got, dt.date):
        return expected == got
    return expected == got


def score(case: dict, found: dict) -> dict:
    expected = case["expected"]
    correct = [p for p, v in expected.items() if p in found and same(v, found[p])]
    wrong = [p for p in expected if p in found and not same(expected[p], found[p])]
    invented = [p for p in found if p not in expected]
    return {"expected": len(expected), "extracted": len(found), "correct": len(correct),
            "wrong": wrong, "invented": invented, "missed": [p for p in expected if p not in found]}


def run_case(case: dict, folder: Path) -> dict:
    path = make_document(case, folder)
    pages = []
    started = time.perf_counter()
    draft = draft_from_files([path], on_page=lambda done, total, page: pages.append(time.perf_counter()))
    seconds = time.perf_counter() - started
    result = score(case, draft.found())
    result.update(id=case["id"], format=case["format"], seconds=seconds, ocr_pages=len(pages),
                  conflicts=sorted(draft.conflicts))
    return result


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-scans", action="store_true", help="leave out the OCR cases (slow on 2 cores)")
    parser.add_argument("--cases", nargs="*", help="only these case ids")
    parser.add_argument("--dir", type=Path, default=None, help="a folder of cases other than bench/intake_cases")
    args = parser.parse_args()
    cases = load_cases(args.dir) if args.dir else load_cases()
    cases = [c for c in cases if (not args.cases or c["id"] in args.cases)
             and not (args.skip_scans and c["format"] == "scan")]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            rows.append(run_case(case, Path(folder)))
            row = rows[-1]
            print(f"{row['id']:22} {row['format']:12} P {ratio(row['correct'], row['extracted']):.3f}  "
                  f"R {ratio(row['correct'], row['expected']):.3f}  invented {len(row['invented'])}  "
                  f"{row['seconds']:.1f}s" + (f"  ({row['ocr_pages']} OCR page(s))" if row["ocr_pages"] else ""),
                  flush=True)
            for label in ("wrong", "invented", "missed", "conflicts"):
                if row[label]:
                    print(f"    {label}: {', '.join(row[label])}")
    print()
    print(f"{'format':12} {'docs':>4} {'expected':>8} {'extracted':>9} {'correct':>7} {'precision':>9} {'recall':>7} "
          f"{'invented':>8} {'s/doc':>6}")
    formats = sorted({r["format"] for r in rows}) + ["all"]
    failed = False
    for name in formats:
        group = [r for r in rows if name in ("all", r["format"])]
        e, x, c = (sum(r[k] for r in group) for k in ("expected", "extracted", "correct"))
        invented = sum(len(r["invented"]) for r in group)
        seconds = sum(r["seconds"] for r in group) / len(group)
        print(f"{name:12} {len(group):>4} {e:>8} {x:>9} {c:>7} {ratio(c, x):>9.3f} {ratio(c, e):>7.3f} {invented:>8} {seconds:>6.1f}")
        if name == "all":
            failed = ratio(c, x) < GOALS["precision"] or ratio(c, e) < GOALS["recall"]
    scans = [r for r in rows if r["ocr_pages"]]
    if scans:
        pages = sum(r["ocr_pages"] for r in scans)
        print(f"\nOCR: {pages} page(s) in {sum(r['seconds'] for r in scans):.1f}s = "
              f"{pages / sum(r['seconds'] for r in scans):.3f} pages/s (whole intake of the scanned documents)")
    print(f"goals: precision >= {GOALS['precision']}, recall >= {GOALS['recall']}: {'NOT MET' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
