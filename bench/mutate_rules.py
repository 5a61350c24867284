"""Mutation check: move each threshold by one step, each date by a day, flip each comparison, in a
copy of the packs, and run the law cases (tests/rules/law) against it. Prints the kill rate."""
from __future__ import annotations

import argparse
import sys
import time

from rules.packs import PACK_DIR
from tests.rules.law.cases import CASES
from tests.rules.law.mutants import all_mutants, named_mutants, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rule", help="only mutants of this rule or programme id")
    parser.add_argument("--kind", help="only mutants of this kind: threshold, date, comparison, choice, named")
    parser.add_argument("--oracle", choices=("law", "pack"), default="law",
                        help="law: the law cases (default); pack: each rule's own cases in the pack (baseline)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show which case killed each mutant")
    args = parser.parse_args()
    mutants = [m for m in all_mutants(PACK_DIR) + named_mutants(PACK_DIR)
               if (not args.rule or m.item_id == args.rule) and (not args.kind or m.kind == args.kind)]
    start = time.perf_counter()
    killed, survived = run(mutants, args.oracle)
    elapsed = time.perf_counter() - start
    kinds = sorted({m.kind for m in mutants})
    for kind in kinds:
        total = sum(1 for m in mutants if m.kind == kind)
        dead = sum(1 for m, _ in killed if m.kind == kind)
        print(f"{kind:11} {dead}/{total} killed")
    if args.verbose:
        for mutant, why in killed:
            print(f"killed   {mutant.label}\n         by {why}")
    for mutant in survived:
        print(f"SURVIVED {mutant.label}")
    rate = len(killed) / len(mutants) if mutants else 1.0
    cases = f"{len(CASES)} law cases" if args.oracle == "law" else "the packs' own cases"
    print(f"kill rate {len(killed)}/{len(mutants)} = {rate:.1%} ({cases}, {elapsed:.1f} s)")
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main())
