"""'合计发行…万元' states the issue size: it agrees with, or conflicts with, '发行规模：…亿元'."""
from __future__ import annotations

from rules.intake import TextLine, draft_deal

HEAD = [TextLine("要素表.txt", 1, "松涛知识产权2期资产支持专项计划发行要素"),
        TextLine("要素表.txt", 1, "计划管理人：南峰证券股份有限公司"),
        TextLine("要素表.txt", 1, "发行规模：4.1亿元")]


def body(text: str) -> list[TextLine]:
    return [TextLine("计划说明书.pdf", 9, text)]


def test_a_total_issued_in_wan_that_differs_is_a_conflict_and_the_field_stays_empty():
    draft = draft_deal(HEAD + body("本期资产支持证券合计发行41,500万元，其中优先级资产支持证券39,000万元，"
                                   "次级资产支持证券2,500万元。"))
    assert "deal.issue_size" not in draft.found()
    assert "issue_size" not in draft.deal["deal"]
    assert sorted(f.value for f in draft.conflicts["deal.issue_size"]) == [410_000_000, 415_000_000]
    assert "deal.issue_size" not in draft.missing


def test_a_total_issued_that_agrees_is_a_second_source():
    draft = draft_deal(HEAD + body("本期资产支持证券共计发行41,000万元。"))
    assert draft.found()["deal.issue_size"] == 410_000_000
    assert [f.evidence.file for f in draft.evidence["deal.issue_size"]] == ["要素表.txt", "计划说明书.pdf"]


def test_one_tranche_issued_is_not_the_issue_size():
    draft = draft_deal(HEAD + body("优先级资产支持证券合计发行39,000万元。"))
    assert draft.found()["deal.issue_size"] == 410_000_000
    assert "deal.issue_size" not in draft.conflicts
    assert draft.found()["deal.tranches[0].size"] == 390_000_000
