"""The expression language: parsing errors, Kleene logic over missing facts, functions."""
from __future__ import annotations

import datetime as dt

import pytest

from rules.evaluate import UNKNOWN, Trace, evaluate
from rules.expr import ExprError, field_paths, parse
from rules.template import render_template


def ev(source: str, facts: dict | None = None, trace: Trace | None = None):
    return evaluate(parse(source), facts or {}, trace, source)


@pytest.mark.parametrize("source,message", [
    ("deal.venue ==", "unexpected 'end of expression'"),
    ("deal.venue = 'SZSE'", "unexpected character '='"),
    ("(1 + 2", "expected ')'"),
    ("frobnicate(1)", "unknown function frobnicate()"),
    ("days_between(1)", "days_between() takes 2..2 arguments"),
    ("len(x in pool.ip : x)", "len() does not take"),
    ("deal.", "expected a field name"),
    ("1 2", "unexpected '2'"),
    ("", "empty expression"),
    ("a $ b", "unexpected character '$'"),
])
def test_syntax_errors_name_the_problem_and_position(source, message):
    with pytest.raises(ExprError) as info:
        parse(source)
    assert message in str(info.value)
    if info.value.pos is not None:
        assert "^" in str(info.value)


def test_no_python_eval_is_reachable():
    with pytest.raises(ExprError):
        parse("__import__('os').system('true')")
    assert field_paths(parse("deal.__class__")) == ["deal.__class__"]  # parses as a field path...
    assert ev("deal.__class__", {"deal": {}}) is UNKNOWN  # ...that is just a missing field


def test_type_errors_are_expr_errors():
    with pytest.raises(ExprError, match="cannot apply '<'"):
        ev("a < b", {"a": 1, "b": "x"})
    with pytest.raises(ExprError, match="expected true/false"):
        ev("a and true", {"a": 3})
    with pytest.raises(ExprError, match="'in' needs a list"):
        ev("a in b", {"a": 1, "b": 2})
    with pytest.raises(ExprError, match="division by zero"):
        ev("1 / 0")


def test_kleene_logic_names_only_the_missing_fields_that_matter():
    facts = {"x": {"a": False}}
    trace = Trace()
    assert ev("x.a and x.b", facts, trace) is False   # decided without x.b
    trace = Trace()
    assert ev("x.b or true", facts, trace) is True
    trace = Trace()
    assert ev("x.b and true", facts, trace) is UNKNOWN
    assert trace.missing == ["x.b"]
    assert ev("not x.b", facts) is UNKNOWN
    assert ev("x.b == null", facts) is UNKNOWN


def test_comprehensions_paths_and_reads():
    facts = {"pool": {"ip": [{"fee": True, "no": "A"}, {"fee": False, "no": "B"}, {"no": "C"}]}}
    trace = Trace()
    assert ev("all(ip in pool.ip : ip.fee)", facts, trace) is False
    assert trace.reads["pool.ip[1].fee"] is False
    assert "pool.ip[2].fee" in trace.missing
    assert ev("any(ip in pool.ip : ip.fee)", facts) is True
    assert ev("pick(ip in pool.ip : not coalesce(ip.fee, true), ip.no)", facts) == ["B"]
    assert ev("count(ip in pool.ip : ip.no != 'A')", facts) == 2
    assert ev("map(ip in pool.ip : ip.no)", facts) == ["A", "B", "C"]
    assert ev("all(ip in pool.ip : ip.fee)", {"pool": {"ip": []}}) is True
    assert ev("max(ip in pool.ip : ip.n)", {"pool": {"ip": []}}) is UNKNOWN


def test_dates_and_functions():
    facts = {"d": {"a": dt.date(2024, 2, 8), "b": dt.date(2024, 2, 19)}}
    assert ev("days_between(d.a, d.b)", facts) == 11
    assert ev("d.b - d.a", facts) == 11
    assert ev("wd(d.a, d.b)", facts) == 3
    assert ev("add_months(date('2024-01-31'), 1)") == dt.date(2024, 2, 29)
    assert ev("add_years(date('2024-02-29'), 1)") == dt.date(2025, 2, 28)
    assert ev("d.a + 1", facts) == dt.date(2024, 2, 9)
    assert ev("min(3, 1e8, 2)") == 2
    assert ev("rating_rank('AA+') < rating_rank('AAA')") is True
    assert ev("choose(1 > 2, missing.x, 5)") == 5
    assert ev("len(distinct(['a', 'b', 'a']))") == 2
    assert ev("1 not in [2, 3]") is True
    assert ev("present(a.b)", {"a": {"b": 0}}) is True
    assert ev("present(a.c)", {"a": {"b": 0}}) is False


def test_field_paths_use_list_markers():
    tree = parse("all(ip in pool.ip : ip.valuation.value > 0) and deal.venue == 'SZSE'")
    assert set(field_paths(tree)) >= {"pool.ip", "pool.ip[].valuation.value", "deal.venue"}


def test_templates_render_values_and_missing():
    facts = {"deal": {"n": 230, "d": dt.date(2024, 1, 2)}}
    assert render_template("{deal.n} holders on {deal.d}; {deal.x}", facts) == \
        "230 holders on 2024-01-02; (missing)"


def test_a_percentage_just_under_a_whole_number_is_not_shown_as_it():
    # user13 S3-1: "Retention 5.00% is below 5 %" for a subordinated tranche of 23,499,999 in 470,000,000.
    from rules.functions import _pct
    assert _pct(23_499_999 / 470_000_000) == "4.9999998%"
    assert _pct(0.15004) == "15.004%"
    assert _pct(0.05) == "5.00%" and _pct(0.175925) == "17.59%" and _pct(0.1 + 0.05) == "15.00%"
