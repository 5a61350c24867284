"""The packs against the law: every threshold and date boundary at the limit and one step beyond."""
from __future__ import annotations

import pytest

from rules.packs import PACK_DIR, load_packs
from tests.rules.law.cases import CASES
from tests.rules.law.mutants import all_mutants
from tests.rules.law.runner import outcome, pack_of

PACKS = load_packs()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_law_case(checker, case):
    assert outcome(checker, pack_of(PACKS, case.rule), case) == case.expect, f"{case.why} — {case.cites}"


def test_every_rule_with_a_threshold_or_comparison_has_law_cases_both_ways():
    by_rule: dict[str, set[str]] = {}
    for case in CASES:
        by_rule.setdefault(case.rule, set()).add(case.expect.split(" ")[0])
    with_thresholds = {m.item_id for m in all_mutants(PACK_DIR)}
    missing = sorted(i for i in with_thresholds if len(by_rule.get(i, set())) < 2)
    assert missing == [], "rules with a threshold or comparison need cases on both sides of it"


def test_every_case_cites_its_source():
    assert all(case.cites.strip() for case in CASES)
