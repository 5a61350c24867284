"""Every rule's own test cases, run through the real durable_rules engine."""
from __future__ import annotations

import pytest

from rules.casetest import run_case
from rules.packs import load_packs

CASES = [(pack, item, case) for pack in load_packs() for item in pack.items for case in item.tests]


@pytest.mark.parametrize("pack,item,case", CASES,
                         ids=[f"{i.id}:{c.name}" for _, i, c in CASES])
def test_rule_case(checker, pack, item, case):
    result = run_case(checker, pack, item, case)
    assert result.ok, f"{item.id} {case.name}: expected {result.expected}, got {result.got}"


def test_cn_pack_has_at_least_sixty_rules():
    cn = next(p for p in load_packs() if p.name == "cn-ipabs")
    assert len(cn.rules) >= 60


def test_every_rule_has_a_passing_and_a_failing_case():
    for pack in load_packs():
        for rule in pack.rules:
            expects = {c.expect for c in rule.tests}
            assert "pass" in expects and expects & {"fail", "warn"}, rule.id
