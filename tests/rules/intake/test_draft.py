"""The draft: evidence for every value, conflicts left empty, nothing invented, non-deal text refused."""
from __future__ import annotations

import datetime as dt

import pytest

from rules.deal import validate_deal
from rules.intake import NotADealDocument, TextLine, draft_deal


def lines(file: str, *texts: str, page: int | None = 1) -> list[TextLine]:
    return [TextLine(file, page, t) for t in texts]


TERM_SHEET = lines(
    "要素表.txt",
    "甲-乙知识产权1期资产支持专项计划发行要素",
    "计划管理人：甲证券股份有限公司",
    "原始权益人：乙融资租赁有限公司",
    "基础资产：原始权益人对承租人享有的租金债权",
    "发行规模：人民币3.20亿元",
    "专项计划设立日：2021年6月18日",
)


def test_every_value_has_file_page_and_verbatim_text():
    draft = draft_deal(TERM_SHEET)
    assert draft.found()["deal.issue_size"] == 320_000_000
    source = draft.evidence["deal.issue_size"][0].evidence
    assert (source.file, source.page, source.text) == ("要素表.txt", 1, "发行规模：人民币3.20亿元")
    assert draft.found()["deal.model"] == "leasing"
    assert draft.found()["deal.establishment_date"] == dt.date(2021, 6, 18)
    validate_deal(draft.deal)   # the draft is a deal `ipabs check` reads


def test_two_documents_that_disagree_make_a_conflict_and_the_field_stays_empty():
    other = lines("计划说明书.pdf", "本专项计划目标募集总额为人民币3.50亿元。", page=7)
    draft = draft_deal(TERM_SHEET + other)
    assert "deal.issue_size" not in draft.found()
    assert "issue_size" not in draft.deal.get("deal", {})
    values = sorted(f.value for f in draft.conflicts["deal.issue_size"])
    assert values == [320_000_000, 350_000_000]
    assert {f.evidence.file for f in draft.conflicts["deal.issue_size"]} == {"要素表.txt", "计划说明书.pdf"}


def test_agreeing_documents_are_both_cited():
    other = lines("计划说明书.pdf", "本专项计划目标募集总额为人民币32,000万元。", page=7)
    draft = draft_deal(TERM_SHEET + other)
    assert draft.found()["deal.issue_size"] == 320_000_000
    assert [s.evidence.file for s in draft.evidence["deal.issue_size"]] == ["要素表.txt", "计划说明书.pdf"]


def test_what_the_documents_do_not_state_stays_empty_and_is_listed_missing():
    draft = draft_deal(TERM_SHEET)
    assert "venue" not in draft.deal["deal"] and "deal.venue" in draft.missing
    assert "pool" not in draft.deal and "pool.ip" in draft.missing
    assert "rating.senior_rating" in draft.missing


def test_a_value_the_deal_model_refuses_is_dropped_with_its_reason():
    text = TERM_SHEET + lines("要素表.txt", "风险自留：原始权益人持有全部次级资产支持证券，占发行总额的150%。")
    draft = draft_deal(text)
    assert "risk_retention.pct_of_issue" not in draft.found()
    assert any(p.startswith("risk_retention.pct_of_issue") for p in draft.dropped)
    validate_deal(draft.deal)


def test_in_sentence_tranche_reference_is_not_a_tranche():
    text = TERM_SHEET + lines("要素表.txt", "差额支付承诺人对优先级资产支持证券预期收益和本金的差额部分承担补足义务。")
    assert not any(p.startswith("deal.tranches") for p in draft_deal(text).found())


def test_a_text_that_is_not_about_a_deal_is_refused():
    policy = lines("办法.txt", "第一条 为支持本区科技型中小企业发展，制定本办法。", "第二条 本办法自2024年1月1日起施行。")
    with pytest.raises(NotADealDocument, match="办法.txt: not an offering document"):
        draft_deal(policy)


def test_patent_numbers_give_their_kind_and_co_owners_are_kept_apart():
    text = TERM_SHEET + lines(
        "清单.docx",
        "专利号 | 专利名称 | 专利权人 | 申请日",
        "ZL201930123456.X | 包装盒 | 丙科技有限公司、丁大学 | 2019年3月2日",
        page=None)
    found = draft_deal(text).found()
    assert found["pool.ip[0].ip_type"] == "design"     # the digit after the year: 3 = design
    assert found["pool.ip[0].register_owner"] == "丙科技有限公司"
    assert found["pool.ip[0].co_owners"] == ["丁大学"]
    assert found["pool.ip[0].filing_date"] == dt.date(2019, 3, 2)
    assert "pool.ip[0].grant_date" not in found


def test_policy_prose_about_such_plans_names_no_plan():
    policy = lines("扶持办法.txt",
                   "第三条 对在证券交易所成功发行知识产权资产支持专项计划的原始权益人，按发行规模的1%给予补贴。",
                   "第四条 鼓励开展知识产权资产支持专项计划试点。")
    with pytest.raises(NotADealDocument):
        draft_deal(policy)


def test_retained_subordinated_tranche_is_held_by_the_originator():
    text = TERM_SHEET + lines("要素表.txt", "优先级资产支持证券3.04亿元；次级资产支持证券0.16亿元，由原始权益人自持。")
    found = draft_deal(text).found()
    assert found["deal.tranches[1].holder"] == "originator" and "deal.tranches[0].holder" not in found


def test_claims_table_rows_become_claims_with_the_header_unit():
    text = TERM_SHEET + lines(
        "清单.docx",
        "序号 | 承租人 | 租金余额（万元） | 到期日",
        "1 | 戊科技有限公司 | 1,200 | 2025年6月30日",
        "2 | 见附件 | 800 | 2025年6月30日",          # not a name: no claim is made up from it
        page=None)
    found = draft_deal(text).found()
    assert found["pool.claims[0].obligor"] == "戊科技有限公司"
    assert found["pool.claims[0].amount"] == 12_000_000
    assert found["pool.claims[0].last_due_date"] == dt.date(2025, 6, 30)
    assert not any(p.startswith("pool.claims[1]") for p in found)
