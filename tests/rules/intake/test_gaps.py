"""Per IP right, what to ask the originator for: the facts a rule in scope needs, not found in the documents read."""
from __future__ import annotations

import datetime as dt

from rules import expr
from rules.deal import IPRight
from rules.derived import IP_FIELDS
from rules.intake import TextLine, draft_deal
from rules.intake.gaps import ASKS, find_gaps, grouped
from rules.packs import load_packs

FILING = next(words for words, fields in ASKS if "filing_date" in fields)
PLEDGE = next(words for words, fields in ASKS if "pledge_reg_no" in fields)
OWNER = next(words for words, fields in ASKS if "register_owner" in fields)


def draft(basis: str, *rows: str):
    head = ["甲-乙知识产权1期资产支持专项计划", "计划管理人：甲证券股份有限公司", "原始权益人：乙科技有限公司",
            f"基础资产：{basis}", "专利号 | 专利名称 | 专利权人 | 申请日"]
    return draft_deal([TextLine("清单.docx", None, t) for t in head + list(rows)])


PATENTS = ("ZL202310397744.0 | 一种检测装置 | 丙科技有限公司 | 2023年4月14日",
           "ZL202111118032.8 | 一种天线阵列 | 丙科技有限公司",                 # its filing date cell is blank
           "ZL202011472880.4 | 一种检测方法 | 丙科技有限公司 | 2020年12月15日")


def test_each_patent_lists_what_it_lacks_and_the_one_without_a_filing_date_stands_out():
    found = draft("原始权益人对借款人享有的以专利权质押担保的贷款债权", *PATENTS)
    assert found.found()["pool.ip[2].filing_date"] == dt.date(2020, 12, 15)   # the blank cell did not end the table
    asks = {gap.label: gap.asks for gap in found.gaps}
    assert list(asks) == ["pool.ip[0] ZL202310397744.0", "pool.ip[1] ZL202111118032.8", "pool.ip[2] ZL202011472880.4"]
    assert FILING in asks["pool.ip[1] ZL202111118032.8"]
    assert FILING not in asks["pool.ip[0] ZL202310397744.0"] and OWNER not in asks["pool.ip[0] ZL202310397744.0"]
    shared, own = grouped(found.gaps, 3)
    assert [(g.label, g.asks) for g in own] == [("pool.ip[1] ZL202111118032.8", (FILING,))]
    assert PLEDGE in shared


def test_only_facts_a_rule_of_the_deal_model_reads_are_asked():
    leasing = draft("原始权益人依据融资租赁合同对承租人享有的租金请求权", *PATENTS)
    pledge = draft("原始权益人对借款人享有的以专利权质押担保的贷款债权", *PATENTS)
    assert leasing.found()["deal.model"] == "leasing" and pledge.found()["deal.model"] == "pledge_loan"
    assert PLEDGE not in leasing.gaps[0].asks      # no rule for a leasing deal needs a pledge registration
    assert PLEDGE in pledge.gaps[0].asks


def test_no_rights_no_asks():
    assert find_gaps({"id": "x", "deal": {"model": "leasing"}}) == []


def test_every_fact_a_rule_reads_about_a_right_has_words_and_every_word_names_real_fields():
    asked = {name for _, fields in ASKS for name in fields}
    read = {path.split("[].", 1)[1].split(".")[0]
            for pack in load_packs() for rule in pack.rules
            for source in [rule.condition] + ([rule.when] if rule.when else [])
            for path in expr.field_paths(source.tree) if path.startswith("pool.ip[].")}
    assert read - asked - {"reg_no", "expiry_date"} == set()   # the number is never missing; the expiry is derived
    assert asked <= set(IPRight.model_fields) | set(IP_FIELDS)


PLEDGE_DATES = next(words for words, fields in ASKS if "pledge_reg_date" in fields)
PLEDGE_LOAN = "原始权益人对借款人享有的以专利权质押担保的贷款债权"
ALL_PLEDGED = "上述专利均已质押予原始权益人，质权登记日为2024年5月20日。"


def test_a_sentence_on_all_the_listed_patents_gives_each_its_pledge_date_and_pledgee_and_asks_only_the_number():
    found = draft(PLEDGE_LOAN, *PATENTS, ALL_PLEDGED)
    for at in range(3):
        assert found.found()[f"pool.ip[{at}].pledge_reg_date"] == dt.date(2024, 5, 20)
        assert found.found()[f"pool.ip[{at}].pledgee"] == "乙科技有限公司"   # 原始权益人, by name
        assert found.evidence[f"pool.ip[{at}].pledgee"][0].evidence.text == ALL_PLEDGED
    shared, _ = grouped(found.gaps, 3)
    assert PLEDGE in shared and PLEDGE_DATES not in shared   # the number is still missing, the date is not


def test_the_pledge_date_alone_and_the_pledgee_alone_are_read():
    dated = draft(PLEDGE_LOAN, *PATENTS, "以上专利的质押登记日期：2024年5月20日。")
    assert dated.found()["pool.ip[2].pledge_reg_date"] == dt.date(2024, 5, 20)
    assert "pool.ip[0].pledgee" not in dated.found()
    named = draft(PLEDGE_LOAN, *PATENTS, "上述专利均已出质给丁融资担保有限公司。")
    assert named.found()["pool.ip[1].pledgee"] == "丁融资担保有限公司"
    assert "pool.ip[1].pledge_reg_date" not in named.found()


def test_a_sentence_not_about_all_the_listed_rights_gives_none_of_them_its_pledge():
    found = draft(PLEDGE_LOAN, *PATENTS, "部分专利已质押予原始权益人，质权登记日为2024年5月20日。")
    assert not any(".pledge" in path for path in found.found())


def test_a_fact_a_failing_rule_reads_as_absent_is_asked_for_in_a_draft():
    # CN-P-01a fails on a right with neither a pledge registration number nor a registration date (unregistered;
    # a date alone is a registration whose number is asked for, 民法典第四百四十四条第一款); in a draft both are
    # only not found, so both are asked for. CN-P-01b asks no date of an unregistered pledge (S3-6): the dates
    # are asked because CN-P-01a reads them.
    found = draft(PLEDGE_LOAN, *PATENTS)
    assert all(PLEDGE in gap.asks and PLEDGE_DATES in gap.asks for gap in found.gaps)
