"""Samples: one per model, each base passes without blocking failures, variants trip their rules."""
from __future__ import annotations

import pytest

from rules.deal_io import load_deal_file
from rules.samples import list_samples, variant_text

SAMPLES = list_samples()


def test_one_base_sample_per_model():
    assert {s.model for s in SAMPLES if not s.base} == {"leasing", "supply_chain", "license_fee", "pledge_loan", "bill"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_sample_outcome(checker, sample):
    report = checker.check(load_deal_file(sample.path))
    fails = {f.rule_id for f in report.findings if f.status == "fail"}
    for rule_id, status in sample.trips.items():
        assert report.finding(rule_id).status == status, rule_id
    assert fails == {r for r, s in sample.trips.items() if s == "fail"}
    if not sample.base:
        assert report.verdict != "blocked"
        assert not [f for f in report.findings if f.status == "not_evaluable" and f.severity == "blocking"]


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.base], ids=[s.name for s in SAMPLES if s.base])
def test_variant_files_match_their_definition(sample):
    assert sample.path.read_text(encoding="utf-8") == variant_text(sample), \
        "regenerate with `python -m rules.samples`"
