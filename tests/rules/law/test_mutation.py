"""The law cases kill mutants of the packs: the three named in issue 12 on every run, all of them
(every threshold by one step, every date by a day, every comparison flipped) in the slow run."""
from __future__ import annotations

import pytest

from rules.packs import PACK_DIR
from tests.rules.law.mutants import all_mutants, killed_by, named_mutants, run


@pytest.mark.parametrize("mutant", named_mutants(PACK_DIR), ids=lambda m: m.item_id)
def test_named_mutants_are_killed(tmp_path, mutant):
    assert killed_by(mutant, tmp_path), mutant.label


def test_the_three_named_mutants_are_generated():
    assert sorted(m.item_id for m in named_mutants(PACK_DIR)) == ["CN-A-03b", "CN-R-01a", "CN-S-04b"]


@pytest.mark.slow
def test_every_mutant_is_killed():
    killed, survived = run(all_mutants(PACK_DIR))
    assert [m.label for m in survived] == [], f"{len(killed)} killed"
