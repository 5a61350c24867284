"""10,000 consecutive checks: identical results, no growth in memory or live sessions."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from rules.deal_io import load_deal_file
from rules.engine import Checker, live_sessions
from rules.samples import sample_path

ROOT = Path(__file__).resolve().parents[2]


def _short(report) -> tuple:
    return (report.verdict, tuple((f.rule_id, f.status, f.explanation) for f in report.findings),
            tuple((s.programme, s.eligible, s.estimated_amount) for s in report.subsidies))


def soak(checks: int = 10_000) -> None:
    """Run the checks and print the RSS growth in MB as JSON (run in a fresh process, see the test)."""
    checker = Checker.default()
    deal = load_deal_file(sample_path("bill-supply-chain-bills--unaccepted-bill"))
    first = checker.check(deal)
    expected = json.dumps(first.to_dict(), sort_keys=True, ensure_ascii=False)
    expected_short = _short(first)
    process = psutil.Process()
    for _ in range(100):  # warm caches before measuring
        checker.check(deal)
    gc.collect()
    rss_start = process.memory_info().rss
    for i in range(checks):
        report = checker.check(deal)
        assert _short(report) == expected_short
        if i % 997 == 0:
            assert json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False) == expected
        assert live_sessions() == 0
    gc.collect()
    growth_mb = (process.memory_info().rss - rss_start) / 2**20
    assert json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False) == expected
    print(json.dumps({"growth_mb": growth_mb}))


@pytest.mark.slow
def test_ten_thousand_checks_are_stable():
    # A process of its own: in the suite's process, other tests' threads (Chroma, OpenVINO) allocate
    # while the checks run, and their memory would be counted as the checker's.
    run = subprocess.run([sys.executable, "-c", "from tests.rules.test_soak import soak; soak()"],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    growth_mb = json.loads(run.stdout.strip().splitlines()[-1])["growth_mb"]
    print(f"\n[soak] RSS growth over 10,000 checks: {growth_mb:.1f} MB")
    assert growth_mb < 20, f"RSS grew by {growth_mb:.1f} MB"
