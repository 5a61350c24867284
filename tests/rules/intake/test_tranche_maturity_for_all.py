"""'各档资产支持证券的预期到期日均为…' gives every tranche that expected maturity, with that line as evidence."""
from __future__ import annotations

import datetime as dt

from rules.intake import TextLine, draft_deal

DOC = [TextLine("计划说明书.pdf", 12, text) for text in (
    "石榴知识产权1期资产支持专项计划说明书",
    "优先级资产支持证券规模2.80亿元，信用等级AAA；次级资产支持证券规模0.20亿元。",
    "各档资产支持证券的预期到期日均为2025-06-20。",
)]


def test_each_tranche_gets_the_date_and_the_same_evidence():
    draft = draft_deal(DOC)
    found = draft.found()
    assert found["deal.tranches[0].expected_maturity"] == dt.date(2025, 6, 20)
    assert found["deal.tranches[1].expected_maturity"] == dt.date(2025, 6, 20)
    for position in (0, 1):
        evidence = draft.evidence[f"deal.tranches[{position}].expected_maturity"][0].evidence
        assert (evidence.file, evidence.page, evidence.text) == ("计划说明书.pdf", 12, DOC[2].text)


def test_a_tranche_stating_another_date_makes_a_conflict_for_that_tranche_only():
    other = [TextLine("计划说明书.pdf", 13, "优先级资产支持证券的预期到期日为2025年3月20日。")]
    draft = draft_deal(DOC + other)
    assert "deal.tranches[0].expected_maturity" in draft.conflicts
    assert draft.found()["deal.tranches[1].expected_maturity"] == dt.date(2025, 6, 20)


def test_no_tranche_is_made_up_from_the_statement_alone():
    draft = draft_deal(DOC[:1] + DOC[2:] + [TextLine("计划说明书.pdf", 1, "计划管理人：西岭证券股份有限公司")])
    assert not any(path.startswith("deal.tranches") for path in draft.found())
