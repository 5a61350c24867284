"""The load driver of bench/bench_load.py for ~10 s: concurrent users get no errors and serial-identical checks."""
from __future__ import annotations

import pytest

from bench.bench_load import LoadConfig, report, run_load

pytestmark = pytest.mark.slow


def test_concurrent_asks_checks_and_uploads_fail_nothing_and_change_no_check_result():
    result = run_load(LoadConfig(seconds=10, askers=4, checkers=3, uploaders=1), out=print)
    table = report(result)
    print(table)
    assert result.errors == [], table
    assert result.mismatches == [], table          # verdict, per-rule outcomes and JSON report as in a serial check
    assert result.server_errors == [], table
    assert result.server_alive, table
    assert result.missing_uploads == [], table
    counts = {s.action: s.count for s in result.stats}
    assert counts["check"] >= 3 and counts["ask"] >= 4 and counts["upload"] >= 1, table   # the load really ran
    assert result.ok, table
