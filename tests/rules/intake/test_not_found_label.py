"""A key field intake read no value for is shown as 'not found, check the documents', never as 'no document states it'."""
from __future__ import annotations

from app.intake import deal_yaml, evidence_record
from app.intake_cli import summary_lines
from rules.intake import NOT_FOUND_LABEL, TextLine, draft_deal

LABEL = "Not found — check the documents · 未找到，请核对原文"
OLD = "no document states"
SHEET = [TextLine("要素表.txt", 1, text) for text in (
    "白鹭知识产权1期资产支持专项计划发行要素",
    "计划管理人：东川证券股份有限公司",
    "发行规模：2.5亿元",
)]


def test_the_label_is_defined_once_with_its_chinese():
    assert NOT_FOUND_LABEL == LABEL


def test_cli_summary_and_yaml_header_list_the_fields_under_the_label():
    draft = draft_deal(SHEET)
    assert "deal.venue" in draft.missing
    summary = "\n".join(summary_lines(draft))
    header = deal_yaml(draft, ["要素表.txt"], "deal.evidence.json")
    for shown in (summary, header):
        assert f"{LABEL}: " in shown and OLD not in shown
        assert "deal.venue" in shown.split(LABEL)[1]


def test_sidecar_keeps_its_key_and_says_what_it_means():
    record = evidence_record(draft_deal(SHEET))
    assert "deal.venue" in record["missing"]
    assert record["missing_means"] == LABEL


def test_web_view_heads_the_list_with_the_label():
    from app.web.intake_view import report_html

    html = report_html(draft_deal(SHEET))
    assert LABEL in html and "Missing" not in html
