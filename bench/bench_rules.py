"""Benchmark of the compliance checker: latency, throughput, overhead over bare durable_rules, RSS.

Run: .venv/bin/python bench/bench_rules.py [--checks 10000]

Prints check latency p50/p95 with all packs (cycling through every sample deal), deals per
second, the ratio of a check's latency to a bare durable_rules ruleset with the same number of
rules (one fact per rule asserted under a fresh session, trivial actions) measured in the same
run, and the process RSS after the checks.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from durable import lang  # noqa: E402

from rules.deal_io import load_deal_file  # noqa: E402
from rules.engine import _LOCK, Checker, _host, live_sessions  # noqa: E402
from rules.samples import list_samples  # noqa: E402


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bare_ruleset(n_rules: int):
    """A durable ruleset with `n_rules` rules, each matching one fact, with a trivial action."""
    fired: list[int] = []

    def make(i: int):
        def action(c) -> None:
            fired.append(i)
        return action

    with _LOCK:
        with lang.ruleset("bench_bare"):
            for i in range(n_rules):
                lang.when_all(lang.m.rule == f"R{i}")(make(i))
        host = _host()

    counter = iter(range(10**9))

    def check() -> None:
        sid = f"bare-{next(counter)}"
        with _LOCK:
            fired.clear()
            host.assert_facts("bench_bare", [{"sid": sid, "rule": f"R{i}"} for i in range(n_rules)])
            host.delete_state("bench_bare", sid)
        assert len(fired) == n_rules
    return check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=10_000, help="checks to run (default 10000)")
    args = parser.parse_args()

    process = psutil.Process()
    t0 = time.perf_counter()
    checker = Checker.default()
    startup = time.perf_counter() - t0
    deals = [load_deal_file(s.path) for s in list_samples()]
    n_rules = sum(len(p.items) for p in checker.packs)
    for deal in deals:  # warm-up
        checker.check(deal)

    latencies = []
    start = time.perf_counter()
    for i in range(args.checks):
        deal = deals[i % len(deals)]
        t = time.perf_counter()
        checker.check(deal)
        latencies.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - start
    gc.collect()
    rss_mb = process.memory_info().rss / 2**20

    bare = bare_ruleset(n_rules)
    for _ in range(50):
        bare()
    bare_lat = []
    for _ in range(min(args.checks, 2000)):
        t = time.perf_counter()
        bare()
        bare_lat.append(time.perf_counter() - t)

    p50, p95 = statistics.median(latencies), _percentile(latencies, 0.95)
    bare_p50 = statistics.median(bare_lat)
    print(f"packs: {', '.join(f'{p.name} {p.version}' for p in checker.packs)}; "
          f"{n_rules} rules/programmes; {len(deals)} sample deals; startup {startup * 1000:.0f} ms")
    print(f"checks:            {args.checks}")
    print(f"latency p50:       {p50 * 1000:.2f} ms")
    print(f"latency p95:       {p95 * 1000:.2f} ms")
    print(f"throughput:        {args.checks / elapsed:.0f} deals/s")
    print(f"bare durable p50:  {bare_p50 * 1000:.2f} ms ({n_rules} rules, one fact each, trivial actions)")
    print(f"overhead ratio:    {p50 / bare_p50:.2f}x (check p50 / bare durable p50)")
    print(f"RSS after checks:  {rss_mb:.1f} MB; live sessions {live_sessions()}")
    print(f"load average:      {' '.join(f'{x:.2f}' for x in psutil.getloadavg())} (shared machine)")


if __name__ == "__main__":
    main()
