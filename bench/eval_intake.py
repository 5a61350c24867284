"""Evaluation of deal intake on bench/intake_cases: field precision, recall and invented values per format; seconds per document.

Run: .venv/bin/python bench/eval_intake.py [--skip-scans] [--cases ID ...]

Each case's document is built at run time (bench/intake_docs.py) and drafted through the same path
as `ipabs intake` (app.intake.draft_from_files: ingest with OCR, then rules.intake). A field counts
as correct when the draft holds the expected value; precision = correct / extracted, recall =
correct / expected; 'invented' counts extracted fields the document does not state (goal 0).
Conflicting fields are left empty by the draft, so they count against recall only. Scanned cases
also report OCR pages per second.

A case's `to_confirm` lists the values intake must show to confirm (a patent number whose check digit is
wrong, a kind the number contradicts), written with the document; a value shown to confirm that the
case does not list is a false alarm, one it lists and intake does not show is a miss (goal: neither).
A case without `to_confirm` (written before intake checked numbers) is not scored on them: what intake
shows to confirm there is printed as "unscored_to_confirm".

A case with `expect_refusal: true` (a document that is not about a deal) is scored apart: "refused as
expected" when intake refuses it, "wrongly drafted" when it drafts a deal (every field it drafts then
counts as invented). A deal case that intake refuses is "wrongly refused" (all its fields missed).
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
from ingest.document import IngestError  # noqa: E402
from rules.intake import NotADealDocument  # noqa: E402
from bench.intake_docs import load_cases, make_document  # noqa: E402

GOALS = {"precision": 0.95, "recall": 0.85}
FLAGS = ("shown_to_confirm", "false_alarms", "not_shown_to_confirm")   # values to confirm: as the case lists, not, missed


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
    try:
        draft = draft_from_files([path], on_page=lambda done, total, page: pages.append(time.perf_counter()))
        found, conflicts, refused = draft.found(), sorted(draft.conflicts), None
        doubted = sorted({d.path for d in draft.doubts})
    except (NotADealDocument, IngestError) as exc:
        found, conflicts, refused, doubted = {}, [], str(exc), []
    seconds = time.perf_counter() - started
    result = score(case, found)
    scored = "to_confirm" in case
    to_confirm = set(case.get("to_confirm", []))
    result.update(id=case["id"], format=case["format"], seconds=seconds, ocr_pages=len(pages),
                  conflicts=conflicts, refused=refused, outcome=outcome(case, refused),
                  shown_to_confirm=[p for p in doubted if p in to_confirm],
                  false_alarms=[p for p in doubted if p not in to_confirm] if scored else [],
                  not_shown_to_confirm=sorted(to_confirm - set(doubted)),
                  unscored_to_confirm=[] if scored else doubted)
    return result


def outcome(case: dict, refused: str | None) -> str:
    """How a refusal (or its absence) scores for this case."""
    if case.get("expect_refusal"):
        return "refused as expected" if refused else "wrongly drafted"
    return "wrongly refused" if refused else "drafted"


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
            if row["outcome"] != "drafted":
                print(f"    {row['outcome']}" + (f": {row['refused']}" if row["refused"] else ""))
            for label in ("wrong", "invented", "missed", "conflicts", *FLAGS, "unscored_to_confirm"):
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
    flags = {label: sum(len(r[label]) for r in rows) for label in FLAGS}
    scored = sum("to_confirm" in c for c in cases)
    print(f"\nto confirm ({scored} case(s) say): {sum(len(c.get('to_confirm', [])) for c in cases)} value(s) expected, "
          f"{flags['shown_to_confirm']} shown as expected, {flags['false_alarms']} false alarm(s), "
          f"{flags['not_shown_to_confirm']} missed; {sum(len(r['unscored_to_confirm']) for r in rows)} shown in "
          "cases that do not say")
    outcomes = {name: sum(r["outcome"] == name for r in rows) for name in
                ("refused as expected", "wrongly drafted", "wrongly refused")}
    to_refuse = sum(1 for case in cases if case.get("expect_refusal"))
    print(f"\nrefusals: {to_refuse} case(s) expect one: {outcomes['refused as expected']} refused as expected, "
          f"{outcomes['wrongly drafted']} wrongly drafted; {len(cases) - to_refuse} deal case(s): "
          f"{outcomes['wrongly refused']} wrongly refused")
    failed = failed or outcomes["wrongly drafted"] > 0 or outcomes["wrongly refused"] > 0 \
        or flags["false_alarms"] > 0 or flags["not_shown_to_confirm"] > 0
    print(f"goals: precision >= {GOALS['precision']}, recall >= {GOALS['recall']}, no wrong refusal or draft, "
          f"every value to confirm shown and no false alarm: {'NOT MET' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
