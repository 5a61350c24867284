"""Differential test: the durable_rules engine and the Python evaluator (the oracle) give identical
reports — statuses, explanations, facts read, missing fields, subsidies, not-applicable rules and
the verdict — on every rule's own cases, every sample, and hypothesis-generated deals."""
from __future__ import annotations

import copy
import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
import yaml
from hypothesis import strategies as st

from rules import oracle
from rules.deal import DealError, validate_deal
from rules.packs import load_packs
from rules.samples import list_samples

PACKS = load_packs()
CASES = [(pack, item, case) for pack in PACKS for item in pack.items for case in item.tests]
SAMPLES = list_samples()
# CI replays the same examples every run (derandomize), so a failure there can be reproduced.
EXAMPLES = int(os.environ.get("IPABS_FUZZ_EXAMPLES", 0)) or (300 if os.environ.get("CI") == "true" else 60)


def _read(sample):
    return yaml.safe_load(sample.path.read_text(encoding="utf-8"))


def assert_same(checker, deal, as_of=None, packs=None) -> dict:
    selected = [p for p in checker.packs if packs is None or p.name in packs]
    engine = checker.check(deal, as_of=as_of, packs=packs).to_dict()
    expected = oracle.check(selected, deal, as_of).to_dict()
    for key in expected:
        if key != "findings":
            assert engine[key] == expected[key], key
    by_rule = {f["rule_id"]: f for f in engine["findings"]}
    for f in expected["findings"]:
        assert by_rule.get(f["rule_id"]) == f, f["rule_id"]
    assert engine == expected
    return engine


def test_every_rule_case_agrees_with_the_oracle(checker):
    statuses = set()
    for pack, item, case in CASES:
        deal = validate_deal({"id": f"{item.id} {case.name}", **case.deal})
        report = assert_same(checker, deal, case.as_of, [pack.name])
        statuses |= {f["status"] for f in report["findings"]} | {report["verdict"]}
    assert len(CASES) >= 230 and len({i.id for _, i, _ in CASES}) >= 110
    assert statuses >= {"pass", "fail", "warn", "not_evaluable", "blocked", "conditional", "clear"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_every_sample_agrees_with_the_oracle(checker, sample):
    deal = validate_deal(_read(sample))
    assert_same(checker, deal)
    assert_same(checker, deal, as_of=dt.date(2024, 6, 1))   # rules in force only from 2024 too


# --- hypothesis: deals mutated around the values the rules look at ------------------------------

BASES = [_read(s) for s in SAMPLES] + \
        [copy.deepcopy(case.deal) for _, _, case in CASES]
THRESHOLDS = [0, 1, 2, 3, 5, 10, 12, 15, 20, 199, 200, 201, 365, 1_000_000, 0.05, 0.0499, 0.1, 0.15,
              0.1501, 0.2, 0.25, 0.5, 1.0]


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
            if isinstance(value, (dict, list)):
                yield path + (key,)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, path + (i,))
    else:
        yield path


def _new_value(old, data):
    if isinstance(old, bool):
        return not old
    if isinstance(old, (int, float)):
        return data.draw(st.sampled_from(THRESHOLDS) | st.integers(0, 10**9) | st.floats(0, 1))
    if isinstance(old, (str, dt.date)):
        try:
            day = old if isinstance(old, dt.date) else dt.date.fromisoformat(old)
        except ValueError:
            return data.draw(st.sampled_from(["", "AAA", "AA+", "leasing", "other"]) | st.text(max_size=8))
        return (day + dt.timedelta(days=data.draw(st.sampled_from([-366, -30, -5, -1, 1, 2, 5, 30, 366])))).isoformat()
    return old


@settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("CI") == "true",
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
@given(st.sampled_from(range(len(SAMPLES))) | st.sampled_from(range(len(BASES))), st.data())
def test_generated_deals_agree_with_the_oracle(checker, base, data):
    deal = copy.deepcopy(BASES[base])
    paths = [p for p in _leaves(deal) if p]
    for _ in range(data.draw(st.integers(1, 8))):
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = deal
        try:
            for step in path[:-1]:
                parent = parent[step]
            old = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # removed by an earlier mutation
        if data.draw(st.booleans()) and isinstance(path[-1], str):
            del parent[path[-1]]
        else:
            parent[path[-1]] = _new_value(old, data)
    try:
        valid = validate_deal(deal)
    except DealError:
        event("invalid after mutation")
        assume(False)
    as_of = data.draw(st.none() | st.dates(dt.date(2018, 1, 1), dt.date(2027, 12, 31)))
    report = assert_same(checker, valid, as_of)
    event(f"verdict {report['verdict']}")
