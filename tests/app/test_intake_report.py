"""`ipabs check` on a draft from `ipabs intake` names, for each fact, the document, page and words it came from."""
from __future__ import annotations

import json

from bench.intake_docs import load_cases, make_document

CASE = next(case for case in load_cases() if case["id"] == "supply-chain-pdf")   # a text PDF: pages are known


def _draft(run, tmp_path):
    source = make_document(CASE, tmp_path)
    out = tmp_path / "deal.yaml"
    assert run("intake", str(source), "--out", str(out)).exit_code == 0
    return source, out


def _sourced_facts(report: dict) -> dict[str, list[dict]]:
    return {row["path"]: row["sources"] for f in report["findings"] for row in f["facts_shown"] if row["sources"]}


def test_report_names_document_page_and_words_of_each_fact(run, tmp_path):
    source, out = _draft(run, tmp_path)
    sourced = _sourced_facts(json.loads(run("check", str(out), "--format", "json").output))
    size = sourced["deal.issue_size"][0]
    assert (size["file"], size["page"]) == (source.name, 1)
    assert "45,000万元" in size["text"]
    markdown = run("check", str(out)).output
    assert "Source · 来源" in markdown
    assert f"{source.name} p.1 “" in markdown and "45,000万元" in markdown
    html = run("check", str(out), "--format", "html").output
    assert "<th>Source · 来源</th>" in html and f"{source.name} p.1" in html


def test_a_value_edited_after_intake_is_not_credited_to_the_document(run, tmp_path):
    source, out = _draft(run, tmp_path)
    text = out.read_text(encoding="utf-8")
    assert "issue_size: 450000000.0" in text
    out.write_text(text.replace("issue_size: 450000000.0", "issue_size: 460000000.0"), encoding="utf-8")
    sourced = _sourced_facts(json.loads(run("check", str(out), "--format", "json").output))
    assert "deal.issue_size" not in sourced                 # the document says 4.5亿, not 4.6亿
    assert any(s[0]["file"] == source.name for s in sourced.values())   # the untouched facts keep theirs


def test_without_a_sidecar_the_report_has_no_source_column(run, tmp_path):
    _, out = _draft(run, tmp_path)
    (tmp_path / "deal.evidence.json").unlink()
    markdown = run("check", str(out)).output
    assert "Source · 来源" not in markdown
    assert not _sourced_facts(json.loads(run("check", str(out), "--format", "json").output))


def test_an_unreadable_sidecar_is_named_and_the_report_still_prints(run, tmp_path):
    _, out = _draft(run, tmp_path)
    (tmp_path / "deal.evidence.json").write_text("{not json", encoding="utf-8")
    result = run("check", str(out))
    assert result.exit_code == 0
    assert "warning: deal.evidence.json cannot be read" in result.stderr
    assert "Source · 来源" not in result.stdout
