"""Deal files: every problem reported at once, in plain words, never a traceback."""
from __future__ import annotations

import json

import pytest

from rules.deal import DealError, deal_schema
from rules.deal_io import load_deal_file, parse_deal

BAD = """\
id: bad
deal:
  model: leasing
  venu: SZSE
  establishment_date: 2023-02-30
  raised_size: -5
  investor_count: many
pool:
  ip:
    - ip_type: invntion
      anual_fee_paid: true
"""


def test_bad_deal_reports_every_problem_at_once(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(DealError) as info:
        load_deal_file(path)
    problems = info.value.problems
    assert len(problems) == 6
    text = str(info.value)
    assert text.count("\n") == 5  # one line per problem
    assert "deal.venu: unknown field — did you mean 'venue'?" in text
    assert "pool.ip[0].anual_fee_paid: unknown field — did you mean 'annual_fee_paid'?" in text
    assert "deal.establishment_date: '2023-02-30' is not a valid date" in text
    assert "deal.raised_size: -5 is out of range" in text
    assert any(p.startswith("deal.investor_count:") for p in problems)
    assert any(p.startswith("pool.ip[0].ip_type: 'invntion' is not allowed") for p in problems)
    assert "Traceback" not in text


def test_unknown_field_without_close_match_has_no_suggestion():
    with pytest.raises(DealError) as info:
        parse_deal("id: x\nzzzz: 1\n")
    assert info.value.problems == ["zzzz: unknown field"]


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(DealError) as info:
        parse_deal("id: x\ndeal: {venue: SZSE\n")
    assert "not valid YAML at line" in str(info.value)


def test_json_text_and_json_file(tmp_path):
    data = {"id": "j", "deal": {"venue": "SSE", "establishment_date": "2024-02-08"}}
    assert parse_deal(json.dumps(data)).deal.venue == "SSE"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_deal_file(path).id == "j"
    with pytest.raises(DealError) as info:
        parse_deal(json.dumps({"deal": {"raised_size": "x", "venue": "LSE"}}))
    assert len(info.value.problems) == 2


def test_missing_file_and_non_mapping():
    with pytest.raises(DealError, match="no such deal file"):
        load_deal_file("/nonexistent/deal.yaml")
    with pytest.raises(DealError, match="the deal holds a list, not the deal's fields"):
        parse_deal("- just\n- a list\n")


def test_everything_is_optional_and_schema_forbids_extras():
    deal = parse_deal("id: empty\n")
    assert deal.deal is None and deal.pool is None
    schema = deal_schema()
    assert schema["additionalProperties"] is False
    assert "pool" in schema["properties"]


@pytest.mark.parametrize("text, path", [
    ("deal: {raised_size: .inf}", "deal.raised_size"),
    ("deal: {issue_size: -.inf}", "deal.issue_size"),
    ("risk_retention: {pct_of_issue: .nan}", "risk_retention.pct_of_issue"),
    ('{"deal": {"min_size": 1e9999}}', "deal.min_size"),
    ('{"pool": {"claims": [{"schedule": [{"date": "2024-01-01", "amount": 1e9999}]}]}}', "pool.claims[0].schedule[0].amount"),
])
def test_non_finite_numbers_are_refused_with_the_field_named(text, path):
    with pytest.raises(DealError) as info:
        parse_deal(text)
    assert info.value.problems == [f"{path}: input should be a finite number (got {'-inf' if '-.inf' in text else 'nan' if 'nan' in text else 'inf'})"]


def test_a_path_is_never_read_as_deal_text_nor_text_as_a_path(tmp_path):
    # parse_deal reads text only: a string naming a file is a (tiny) YAML deal, not the file.
    path = tmp_path / "d.yaml"
    path.write_text("id: from-file\n", encoding="utf-8")
    with pytest.raises(DealError, match="the deal holds a single text, not the deal's fields"):
        parse_deal(str(path))
    assert load_deal_file(path).id == "from-file"
    with pytest.raises(DealError, match="no such deal file"):
        load_deal_file("id: x")


def _leaf_fields(model, prefix=""):
    from rules.deal import _unwrap
    for name, info in model.model_fields.items():
        yield f"{prefix}{name}", info
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, __import__("pydantic").BaseModel):
            yield from _leaf_fields(inner, f"{prefix}{name}.")


def test_every_field_has_a_bilingual_description_and_an_example():
    from rules.deal import Deal
    missing = [path for path, info in _leaf_fields(Deal)
               if not info.description or " / " not in info.description or not info.examples]
    assert missing == []
    fields = dict(_leaf_fields(Deal))
    assert "元" in fields["deal.raised_size"].description and "yuan" in fields["deal.raised_size"].description
    assert "YYYY-MM-DD" in fields["deal.establishment_date"].description
    assert "0.05" in fields["risk_retention.pct_of_issue"].description
    schema = deal_schema()
    assert "元" in schema["$defs"]["DealTerms"]["properties"]["raised_size"]["description"]


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
@pytest.mark.parametrize("data, path", [
    ({"name": "文科一号{}(id"}, "name"),
    ({"id": "w{}1"}, "id"),
    ({"deal": {"name": "计划{}"}}, "deal.name"),
    ({"pool": {"ip": [{"co_owners": ["甲", "大学{}"]}]}}, "pool.ip[0].co_owners"),
])
def test_direction_controls_are_refused_in_any_text_field(char, data, path):
    text = json.dumps(data, ensure_ascii=False).replace("{}", char)
    with pytest.raises(DealError) as info:
        parse_deal(text, "json")
    [problem] = info.value.problems
    assert problem.startswith(f"{path}: ") and f"contains U+{ord(char):04X} (" in problem
    assert char not in str(info.value)   # the problem line shows it escaped: it cannot reorder the error either


@pytest.mark.parametrize("char", ["\u2029", "\u202f", "\u2065", "\u206a", "\u200d", "\u2010", "\u061b"])
def test_characters_next_to_the_direction_controls_are_kept(char):
    assert parse_deal(json.dumps({"name": f"计划{char}"}), "json").name == f"计划{char}"


def test_codes_are_read_in_any_case_and_kept_in_their_one_spelling():
    deal = parse_deal("deal: {venue: sse, model: LEASING, custodian: {type: csdc}, disclosure_docs: [Prospectus]}\n"
                      "pool: {ip: [{ip_type: Invention}]}\n")
    assert (deal.deal.venue, deal.deal.model, deal.deal.custodian.type) == ("SSE", "leasing", "CSDC")
    assert deal.deal.disclosure_docs == ["prospectus"] and deal.pool.ip[0].ip_type == "invention"


def test_an_unknown_code_lists_the_allowed_spellings_exactly():
    with pytest.raises(DealError) as info:
        parse_deal("deal: {venue: shse}")
    assert info.value.problems == ["deal.venue: 'shse' is not allowed; input should be "
                                   "'SZSE', 'SSE', 'NEEQ', 'OTC', 'interbank' or 'offshore'"]


def test_an_amount_above_ten_trillion_yuan_is_refused_at_load_naming_the_field_and_the_limit():
    # rules.deal.MAX_AMOUNT: no IP ABS figure nears 10^13 yuan; the checker itself breaks down from 10^15
    # (rules.facts.LIMIT), which used to be the first place an absurd amount was refused.
    from rules.deal import MAX_AMOUNT, validate_deal
    ok = {"pool": {"claims": [{"amount": MAX_AMOUNT, "schedule": [{"date": "2024-01-31", "amount": MAX_AMOUNT}]}]}}
    assert validate_deal(ok).pool.claims[0].amount == 10**13
    for path, data in [("pool.claims[0].amount", {"pool": {"claims": [{"amount": MAX_AMOUNT + 1}]}}),
                       ("pool.claims[0].schedule[0].amount",
                        {"pool": {"claims": [{"schedule": [{"date": "2024-01-31", "amount": MAX_AMOUNT + 1}]}]}}),
                       ("deal.issue_size", {"deal": {"issue_size": 10**15}})]:
        with pytest.raises(DealError) as info:
            validate_deal(data)
        shown = str(MAX_AMOUNT + 1) if path.startswith("pool") else str(10**15)
        assert info.value.problems == [
            f"{path}: {shown} yuan is more than 10,000,000,000,000 yuan (10^13), the most an amount may be: no IP ABS "
            "deal or company comes near it; check the digits and that the amount is in yuan, not fen"]


def test_a_count_too_large_for_the_checker_is_refused_at_load_naming_the_field():
    # rules.facts.LIMIT: durable_rules cannot compare numbers from 10^15; the check used to fail on "v.valuation…"
    from rules.deal import validate_deal
    assert validate_deal({"deal": {"investor_count": 10**15 - 1}}).deal.investor_count == 10**15 - 1
    for data, path in [({"pool": {"ip": [{"valuation": {"methods_count": 1e15}}]}}, "pool.ip[0].valuation.methods_count"),
                       ({"deal": {"investor_count": 10**15}}, "deal.investor_count")]:
        with pytest.raises(DealError) as info:
            validate_deal(data)
        assert info.value.problems[0].startswith(f"{path}: ") and "the checker compares numbers below 10^15" in info.value.problems[0]
