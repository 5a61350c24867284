"""10,000 consecutive checks: identical results, no growth in memory or live sessions."""
from __future__ import annotations

import gc
import json

import psutil
import pytest

from rules.deal import load_deal
from rules.engine import live_sessions
from rules.samples import sample_path


def _short(report) -> tuple:
    return (report.verdict, tuple((f.rule_id, f.status, f.explanation) for f in report.findings),
            tuple((s.programme, s.eligible, s.estimated_amount) for s in report.subsidies))


@pytest.mark.slow
def test_ten_thousand_checks_are_stable(checker):
    deal = load_deal(sample_path("bill-supply-chain-bills--unaccepted-bill"))
    first = checker.check(deal)
    expected = json.dumps(first.to_dict(), sort_keys=True, ensure_ascii=False)
    expected_short = _short(first)
    process = psutil.Process()
    for _ in range(100):  # warm caches before measuring
        checker.check(deal)
    gc.collect()
    rss_start = process.memory_info().rss
    for i in range(10_000):
        report = checker.check(deal)
        assert _short(report) == expected_short
        if i % 997 == 0:
            assert json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False) == expected
        assert live_sessions() == 0
    gc.collect()
    growth_mb = (process.memory_info().rss - rss_start) / 2**20
    assert json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False) == expected
    assert growth_mb < 20, f"RSS grew by {growth_mb:.1f} MB"
