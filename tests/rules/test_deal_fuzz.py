"""Hypothesis fuzz of deal reading and the expression layer: a valid Deal or a DealError naming the field,
an ExprError for a bad rule expression, never another exception; valid fuzzed deals check without error."""
from __future__ import annotations

import copy
import datetime as dt
import re
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from rules.deal import EARLIEST_DATE, LATEST_DATE, Deal, DealError, schema_paths, validate_deal
from rules.deal_io import MIN_VALUE_BUDGET, load_deal_file, parse_deal, parse_text
from rules.derived import build_facts
from rules.evaluate import evaluate
from rules.expr import ExprError, parse
from rules.samples import list_samples
from rules.findings import VERDICTS
from rules.template import render_template

SAMPLES = {s.name: s.path.read_text(encoding="utf-8") for s in list_samples()}
SCHEMA = schema_paths()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_clean(err: DealError) -> None:
    """Every problem is one short line of plain words."""
    assert err.problems
    for problem in err.problems:
        assert isinstance(problem, str) and problem.strip()
        assert "\n" not in problem and len(problem) <= 400, problem
        assert "Traceback" not in problem


def outcome(fn) -> Deal | DealError:
    try:
        result = fn()
    except DealError as err:
        assert_clean(err)
        return err
    assert isinstance(result, Deal)
    return result


# --- strategies -------------------------------------------------------------------------------------

DATES = st.sampled_from(["2020-01-01", "2023-02-30", "1799-12-31", "1800-01-01", "2200-12-31", "9999-12-31",
                         "0001-01-01", "20200101", "2020/01/01", "tomorrow", ""])
scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=40) | DATES)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=25)
field_names = st.from_regex(r"[a-z_]{1,14}", fullmatch=True)


def _strip(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def value_for(annotation: Any) -> st.SearchStrategy:
    """Mostly well-typed values for a field (so validation reaches deep), sometimes junk."""
    kind = _strip(annotation)
    if get_origin(kind) is list:
        return st.lists(value_for(get_args(kind)[0]), max_size=3) | scalars
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return shaped(kind) | scalars
    if get_origin(kind) is Literal:
        return st.sampled_from(get_args(kind)) | st.text(max_size=10)
    typed = {dt.date: DATES, bool: st.booleans(), int: st.integers(-5, 10**12), float: st.floats(-1, 10**12),
             str: st.text(max_size=30)}.get(kind, scalars)
    return typed | scalars


def shaped(model: type[BaseModel]) -> st.SearchStrategy:
    """Dicts that follow the schema's field names, with an occasional unknown field."""
    optional = {name: value_for(info.annotation) for name, info in model.model_fields.items()}
    known = st.fixed_dictionaries({}, optional=optional)
    return st.builds(lambda data, extra: {**data, **extra}, known,
                     st.dictionaries(field_names, scalars, max_size=1))


def problem_path(problem: str) -> str:
    """'pool.ip[0].reg_no: …' -> 'pool.ip[].reg_no'."""
    return re.sub(r"\[\d+\]", "[]", problem.split(": ", 1)[0])


# --- data and text ------------------------------------------------------------------------------------

@FUZZ
@given(json_values)
def test_any_value_is_a_deal_or_a_deal_error(data):
    outcome(lambda: validate_deal(data))


@FUZZ
@given(shaped(Deal))
def test_schema_shaped_data_names_schema_fields(data):
    result = outcome(lambda: validate_deal(data))
    if isinstance(result, DealError):
        for problem in result.problems:
            path = problem_path(problem)
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            # a known field, or an unknown one under a known parent (or at the top)
            assert path in SCHEMA or parent in SCHEMA or ("." not in path and "unknown field" in problem), problem


YAML_ALPHABET = st.characters(codec="utf-8") | st.sampled_from(list(":-[]{}&*!|>'\"#,?%@`\n\t ") + ["第", "条"])


@FUZZ
@given(st.text(YAML_ALPHABET, max_size=200), st.sampled_from([None, "yaml", "json"]))
def test_any_text_parses_or_gives_a_deal_error(text, fmt):
    outcome(lambda: validate_deal(parse_text(text, fmt)))


@FUZZ
@given(st.sampled_from(sorted(SAMPLES)), st.data())
def test_text_mutations_of_the_samples(name, data):
    text = SAMPLES[name]
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        edit = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chars = data.draw(st.text(YAML_ALPHABET, min_size=1, max_size=5))
        text = (text[:at] + chars + text[at:] if edit == "insert" else text[:at] + text[at + len(chars):]
                if edit == "delete" else text[:at] + chars + text[at + len(chars):])
    outcome(lambda: validate_deal(parse_text(text)))


def _nodes(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _nodes(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _nodes(value, path + (i,))
    return out


def same_kind(value: Any) -> st.SearchStrategy:
    """Another value of the same kind, extremes included: these mostly validate and reach the checker."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(0, 10**12)
    if isinstance(value, float):
        return st.floats(0, 1) | st.floats(0, 1e15) | st.just(0.0)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return st.dates(EARLIEST_DATE, LATEST_DATE).map(str)
    return st.text(max_size=20)


def _loc(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


def _names(problem: str, where: tuple) -> bool:
    """Whether `problem` names the mutated field (or what sits inside it), or a fact the new value
    contradicts (rules.deal): a field beside it or enclosing it, or the pool's obligor shares."""
    prefix, named = _loc(where), problem.split(": ", 1)[0]
    if named.startswith(prefix) or prefix.startswith(named):
        return True
    beside = bool(where) and named.startswith(_loc(where[:-1]) + ".")
    # a claim's amount or obligor changes every obligor's share: a share stated on another claim may disagree
    shares = re.fullmatch(r"pool\.claims\[\d*\]\.obligor_share_future_cf", named) is not None
    return beside or (shares and prefix.startswith("pool.claims"))


@FUZZ
@given(st.sampled_from(sorted(SAMPLES)), st.data())
def test_field_mutations_of_the_samples_name_the_field_or_check_cleanly(checker, name, data):
    deal = parse_text(SAMPLES[name])
    path = data.draw(st.sampled_from(_nodes(deal)[1:]))
    parent = deal
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    ops = ["set", "wrap", "unknown", "rename", "delete"] if isinstance(last, str) else ["set", "wrap"]
    if not isinstance(parent[last], (dict, list)):
        ops += ["same kind"] * 3
    op = data.draw(st.sampled_from(ops))
    where = path
    if op == "same kind":
        parent[last] = data.draw(same_kind(parent[last]))
    elif op == "set":
        parent[last] = data.draw(json_values)
    elif op == "wrap":
        parent[last] = [copy.deepcopy(parent[last])]
    elif op == "unknown":
        key = "zz_" + data.draw(field_names)
        parent[key], where = 1, path[:-1] + (key,)
    elif op == "rename":
        parent[last[:-1] or "x"], where = parent.pop(last), path[:-1]
    else:
        del parent[last]
        where = path[:-1]
    result = outcome(lambda: validate_deal(deal))
    event(f"{op}: {'deal error' if isinstance(result, DealError) else 'valid, checked'}")
    if isinstance(result, DealError):
        prefix = _loc(where)
        for problem in result.problems:   # only the mutated field (or what sits inside it) is named,
            assert _names(problem, where), (prefix, problem)   # or a fact it contradicts
    else:
        report = checker.check(result)     # a valid deal, however odd, always checks
        assert report.verdict in VERDICTS


# --- expressions and templates ----------------------------------------------------------------------

FACTS = build_facts(load_deal_file(Path(list_samples()[3].path)), dt.date(2023, 1, 1))
TOKENS = ["deal", "pool", "ip", "x", ".", "investor_count", "tranches", "size", "name", "issue_date", "as_of",
          "derived", "(", ")", "[", "]", ",", ":", "and", "or", "not", "in", "+", "-", "*", "/", "==", "<", ">=", "!=",
          "1", "0", "2.5", "1e400", "99999999999", "'a'", "'2020-01-01'", "true", "false", "null", "date", "len",
          "min", "max", "sum", "all", "any", "count", "map", "pick", "add_days", "add_months", "add_years",
          "days_between", "wd", "year", "round", "abs", "pct", "money", "distinct", "rating_rank", "present",
          "coalesce", "choose", "x in pool.ip :", "x in deal.tranches :"]
expressions = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(expressions)
def test_expressions_parse_and_evaluate_or_raise_expr_error(source):
    try:
        tree = parse(source)
        evaluate(tree, FACTS, None, source)
    except ExprError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), expressions.map(lambda e: "{" + e + "}")), max_size=4).map("".join))
def test_templates_render_or_raise_expr_error(template):
    try:
        assert isinstance(render_template(template, FACTS), str)
    except ExprError:
        pass


@pytest.mark.parametrize("source", [
    "sum(x in deal.tranches : x)", "min(x in pool.ip : x)", "- 'a'", "-deal.tranches",
    "add_days(as_of, 1e10)", "as_of + 99999999999", "add_months(as_of, 999999)", "9" * 5000,
    "(" * 3000 + "1" + ")" * 3000, "not " * 3000 + "true", "deal in name",
])
def test_expression_errors_found_by_fuzzing(source):
    with pytest.raises(ExprError):
        evaluate(parse(source), FACTS, None, source)


# --- the crashes fuzzing found, pinned ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "problem"), [
    ("[" * 5000, "not valid JSON: nested too deeply"),
    ("- " * 3000 + "x", "not valid YAML: nested too deeply"),
    ("investor_count: " + "9" * 5000, "not valid YAML: Exceeds the limit (4300 digits) for integer string"),
    ('{"deal": {"investor_count": ' + "9" * 5000 + "}}", "not valid JSON: Exceeds the limit (4300 digits)"),
    ("&a [*a]", f"the deal expands to more than {MIN_VALUE_BUDGET:,} values"),
    ("id: x\n" + "\n".join(f"k{n}: &k{n} [" + ", ".join([f"*k{n - 1}"] * 9 if n else ["1"] * 9) + "]"
                           for n in range(9)), f"the deal expands to more than {MIN_VALUE_BUDGET:,} values"),
    ("deal: {issue_date: 9999-12-31}", "deal.issue_date: '9999-12-31' is out of range (input should be less than"),
    ("pool: {ip: [{pta_days: 1000000000}]}", "pool.ip[0].pta_days: 1000000000 is out of range"),
    ("pool: {ip: [{renewals: 1000000}]}", "pool.ip[0].renewals: 1000000 is out of range"),
])
def test_hostile_deal_texts_give_one_clear_problem(text, problem):
    with pytest.raises(DealError) as info:
        validate_deal(parse_text(text))
    assert_clean(info.value)
    assert info.value.problems[0].startswith(problem), info.value.problems


def test_extreme_but_valid_dates_and_terms_check(checker):
    # These crashed the checker (date arithmetic past 9999) before the deal model bounded them.
    deal = validate_deal({"as_of": "2200-12-31", "deal": {"model": "pledge_loan", "legal_final_maturity": str(LATEST_DATE)},
                          "pool": {"ip": [{"ip_type": "invention", "filing_date": str(LATEST_DATE), "pta_days": 36_500,
                                           "licensed": True, "license_effective_date": str(LATEST_DATE)},
                                          {"ip_type": "trademark", "grant_date": str(LATEST_DATE), "renewals": 100}]}})
    assert checker.check(deal).verdict in VERDICTS


def test_short_text_ending_in_yaml_is_a_deal():
    assert parse_deal("id: deal.yaml").id == "deal.yaml"
    assert parse_deal('{"id": "x.json"}').id == "x.json"
    with pytest.raises(DealError, match=r"^deals/missing\.yaml: no such deal file$"):
        load_deal_file("deals/missing.yaml")


@pytest.mark.parametrize("text", ["a" * 300, "x" * 300 + ".yaml", "a\x00b.yaml"])
def test_unusable_file_names_are_deal_errors(text):
    assert isinstance(outcome(lambda: load_deal_file(text)), DealError)


def test_deal_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: 示例\nname: 南山区知识产权\n".encode("gbk"))
    with pytest.raises(DealError) as info:
        load_deal_file(path)
    assert info.value.problems == [f"{path}: not UTF-8 text; save the deal file as UTF-8"]


@pytest.mark.parametrize("data, says", [(None, "the file is empty"), ([1, 2], "the file holds a list, not the deal's fields"),
                                        ("x", "the file holds a single text, not the deal's fields")])
def test_a_deal_that_is_no_set_of_fields_is_named_in_plain_words(data, says):
    # user12, S3-7: an empty file read "the deal must be a mapping of fields, got NoneType".
    from rules.deal import DealError, validate_deal

    with pytest.raises(DealError) as refused:
        validate_deal(data, "deal.yaml")
    assert says in str(refused.value) and "NoneType" not in str(refused.value)
    assert refused.value.explain().startswith("deal.yaml: ")
    with pytest.raises(DealError, match="the deal (is empty|holds)"):   # no file: the deal itself (web, --set)
        validate_deal(data)
