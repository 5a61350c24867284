"""Benchmark of the compliance checker: latency, throughput, overhead over bare durable_rules, RSS.

Run: .venv/bin/python bench/bench_rules.py [--checks 300] [--threads 4]

Prints a table: check latency p50/p95 with all packs (cycling through every sample deal) and
deals per second, serial and with several threads at once; in the same run the Python oracle
(`rules.oracle`, which decides without durable_rules) on the same deals and a bare durable_rules
ruleset with the same number of rules (one fact per rule under a fresh session, trivial
actions); last turn's recorded numbers for comparison; and the process RSS.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from durable import lang  # noqa: E402

from rules import oracle  # noqa: E402
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


# Last turn's numbers (Python evaluator deciding, durable_rules mapping outcomes to statuses),
# as reported in issue 12; the same machine, shared with other work.
LAST_TURN = {"p50_ms": 8.1, "p95_ms": 17.1, "deals_per_s": 111}


def _timed(fn, deals, n: int) -> tuple[list[float], float]:
    latencies = []
    start = time.perf_counter()
    for i in range(n):
        t = time.perf_counter()
        fn(deals[i % len(deals)])
        latencies.append(time.perf_counter() - t)
    return latencies, time.perf_counter() - start


def _threaded(fn, deals, n: int, threads: int) -> float:
    """Deals per second with `threads` threads checking at once (the engine serialises on its lock)."""
    def work(slot: int) -> None:
        for i in range(slot, n, threads):
            fn(deals[i % len(deals)])
    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=300, help="checks per measurement (default 300)")
    parser.add_argument("--threads", type=int, default=4, help="threads for the throughput under load")
    args = parser.parse_args()

    process = psutil.Process()
    t0 = time.perf_counter()
    checker = Checker.default()
    startup = time.perf_counter() - t0
    deals = [load_deal_file(s.path) for s in list_samples()]
    n_rules = sum(len(p.items) for p in checker.packs)
    for deal in deals:  # warm-up
        checker.check(deal)
        oracle.check(checker.packs, deal)

    latencies, elapsed = _timed(checker.check, deals, args.checks)
    loaded = _threaded(checker.check, deals, args.checks, args.threads)
    gc.collect()
    rss_mb = process.memory_info().rss / 2**20
    py_lat, py_elapsed = _timed(lambda d: oracle.check(checker.packs, d), deals, args.checks)

    bare = bare_ruleset(n_rules)
    for _ in range(50):
        bare()
    bare_lat, bare_elapsed = _timed(lambda _: bare(), deals, args.checks)

    def row(name: str, lat: list[float], per_s: float, note: str = "") -> str:
        p50, p95 = statistics.median(lat) * 1000, _percentile(lat, 0.95) * 1000
        return f"{name:<34} {p50:>8.2f} {p95:>8.2f} {per_s:>9.0f}  {note}"

    p50 = statistics.median(latencies)
    print(f"packs: {', '.join(f'{p.name} {p.version}' for p in checker.packs)}; "
          f"{n_rules} rules/programmes; {len(deals)} sample deals; {args.checks} checks per row; "
          f"startup {startup * 1000:.0f} ms")
    print(f"{'':<34} {'p50 ms':>8} {'p95 ms':>8} {'deals/s':>9}")
    print(f"{'last turn (recorded, not re-run)':<34} {LAST_TURN['p50_ms']:>8.2f} {LAST_TURN['p95_ms']:>8.2f} "
          f"{LAST_TURN['deals_per_s']:>9}  Python decided, durable mapped statuses")
    print(row("engine check (durable decides)", latencies, args.checks / elapsed, "serial"))
    print(f"{'engine check, ' + str(args.threads) + ' threads':<34} {'':>8} {'':>8} {loaded:>9.0f}  under load, one lock")
    print(row("python oracle (same deals)", py_lat, args.checks / py_elapsed, "rules/oracle.py, no durable"))
    print(row("bare durable_rules", bare_lat, args.checks / bare_elapsed,
              f"{n_rules} rules, one fact each, trivial actions"))
    print(f"engine p50 / last turn p50: {p50 * 1000 / LAST_TURN['p50_ms']:.1f}x; "
          f"engine p50 / bare durable p50: {p50 / statistics.median(bare_lat):.1f}x; "
          f"engine p50 / oracle p50: {p50 / statistics.median(py_lat):.1f}x")
    print(f"RSS after checks: {rss_mb:.1f} MB; live sessions {live_sessions()}; "
          f"load average {' '.join(f'{x:.2f}' for x in psutil.getloadavg())} (shared machine)")


if __name__ == "__main__":
    main()
