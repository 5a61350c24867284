"""Patent numbers: CNIPA's check digit and type digit, and what the draft does with a number that does not add up."""
from __future__ import annotations

import pytest

from rules.intake import TextLine, draft_deal
from rules.intake.patent_no import PatentNumber, check_digit

# Granted numbers as their owners publish them, two beside their grant publications, so the check digits
# were printed by CNIPA, not computed here: researchers' patent lists (ZL202310397744.0 with CN116455754B,
# ZL202011472880.4 with CN112330675B, ZL202111118032.8, ZL201210442457.9) and the Xiao-i Robot patent of
# the Siri case (ZL200410053749.9). Before 2003, 8 digits: ZL97101765.4, the example explainers of the
# numbering print.
GENUINE = ["ZL202310397744.0", "ZL202011472880.4", "ZL202111118032.8", "ZL201210442457.9", "ZL200410053749.9",
           "ZL97101765.4"]


@pytest.mark.parametrize("number", GENUINE)
def test_genuine_numbers_add_up(number):
    assert PatentNumber.parse(number).adds_up


def test_a_remainder_of_ten_is_written_x_in_both_forms():
    assert check_digit("95115608") == "X"                      # ZL95115608.X, an 8-digit number of 1995
    assert PatentNumber.parse("ZL95115608.X").adds_up
    assert check_digit("201510000003") == "X"
    assert PatentNumber.parse("ZL 201510000003.X").adds_up
    assert not PatentNumber.parse("ZL201510000003.0").adds_up


def test_one_wrong_digit_does_not_add_up():
    assert not PatentNumber.parse("ZL202310397744.5").adds_up      # the check digit misread
    assert not PatentNumber.parse("ZL202310397714.0").adds_up      # a digit of the number misread


@pytest.mark.parametrize("number, kind", [
    ("ZL202310397744.0", "invention"), ("ZL201820000505.1", "utility"), ("ZL201730000503.3", "design"),
    ("ZL201080063196.9", "invention"),                         # 8: a PCT application in the national phase
    ("ZL97101765.4", "invention"),                             # 8 digits: the type is the third
    ("ZL97201765.8", "utility")])
def test_the_type_digit_gives_the_kind(number, kind):
    assert PatentNumber.parse(number).kind == kind


def lines(*texts: str) -> list[TextLine]:
    head = ["甲-乙知识产权1期资产支持专项计划发行要素", "计划管理人：甲证券股份有限公司", "原始权益人：乙融资租赁有限公司",
            "基础资产：原始权益人对承租人享有的租金债权"]
    return [TextLine("清单.pdf", 3, t) for t in head + list(texts)]


def test_a_number_that_does_not_add_up_is_kept_and_listed_to_confirm_with_its_source():
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人", "ZL202310397744.5 | 一种检测装置 | 丙科技有限公司"))
    assert draft.found()["pool.ip[0].reg_no"] == "ZL202310397744.5"      # the patent is not dropped
    assert draft.deal["pool"]["ip"][0]["reg_no"] == "ZL202310397744.5"
    [doubt] = draft.doubts
    assert (doubt.path, doubt.kept) == ("pool.ip[0].reg_no", True)
    assert (doubt.evidence.file, doubt.evidence.page) == ("清单.pdf", 3)
    assert doubt.evidence.text == "ZL202310397744.5 | 一种检测装置 | 丙科技有限公司"
    assert "check digit is 5" in doubt.reason and "gives 0" in doubt.reason


def test_numbers_that_add_up_raise_no_doubt():
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人",
                             "ZL202310397744.0 | 一种检测装置 | 丙科技有限公司",
                             "ZL95115608.X | 一种旧装置 | 丙科技有限公司"))
    assert draft.found()["pool.ip[1].reg_no"] == "ZL95115608.X"
    assert draft.doubts == []


def test_a_kind_the_number_contradicts_is_left_empty_and_listed():
    # ZL2018 2 …: the type digit says utility model; the list says 发明 (invention), which would double the term.
    draft = draft_deal(lines("专利号 | 专利名称 | 专利类型", "ZL201820000505.1 | 一种支架 | 发明"))
    assert "pool.ip[0].ip_type" not in draft.found()
    assert "ip_type" not in draft.deal["pool"]["ip"][0]
    [doubt] = draft.doubts
    assert (doubt.path, doubt.value, doubt.kept) == ("pool.ip[0].ip_type", "invention", False)
    assert "type digit 2 means utility model" in doubt.reason


def test_a_kind_that_agrees_with_the_number_is_kept():
    draft = draft_deal(lines("专利号 | 专利名称 | 专利类型", "ZL201820000505.1 | 一种支架 | 实用新型"))
    assert draft.found()["pool.ip[0].ip_type"] == "utility" and draft.doubts == []


def test_an_old_8_digit_number_is_checked_with_the_first_eight_weights():
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人", "ZL97101765.3 | 一种旧装置 | 丙科技有限公司"))
    [doubt] = draft.doubts
    assert doubt.path == "pool.ip[0].reg_no" and "check digit is 3, but 97101765 gives 4" in doubt.reason


def test_a_type_digit_that_names_no_kind_is_listed():
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人", "ZL201840000505.2 | 一种支架 | 丙科技有限公司"))
    [doubt] = draft.doubts
    assert "type digit 4 names no patent kind" in doubt.reason


# Forms lists also use: the application number alone under 申请号/专利号, a lower-case x, no dot before the check digit.
# Each is written as the deal holds a patent number: ZL, the application number, a dot, the check digit.

@pytest.mark.parametrize("header", ["申请号", "专利号", "专利申请号"])
def test_an_application_number_without_zl_is_read_in_a_patent_number_column(header):
    draft = draft_deal(lines(f"{header} | 专利名称 | 专利权人", "202310397744.0 | 一种检测装置 | 丙科技有限公司",
                             "95115608.X | 一种旧装置 | 丙科技有限公司"))
    found = draft.found()
    assert (found["pool.ip[0].reg_no"], found["pool.ip[0].ip_type"]) == ("ZL202310397744.0", "invention")
    assert found["pool.ip[1].reg_no"] == "ZL95115608.X" and draft.doubts == []


def test_an_application_number_without_zl_that_does_not_add_up_is_kept_and_listed():
    draft = draft_deal(lines("申请号 | 专利名称 | 专利权人", "202011472880.7 | 一种检测方法 | 丙科技有限公司"))
    [doubt] = draft.doubts
    assert (doubt.path, doubt.value) == ("pool.ip[0].reg_no", "ZL202011472880.7")
    assert doubt.evidence.text.startswith("202011472880.7 |")          # the source shows it as written


def test_bare_digits_are_no_patent_number_outside_a_patent_number_column():
    draft = draft_deal(lines("登记号 | 作品名称 | 著作权人", "202310397744.0 | 一种检测装置 | 丙科技有限公司",
                             "本合同编号为202310397744.0。"))
    assert "pool.ip[0].reg_no" not in draft.found()


def test_a_lower_case_x_check_digit_is_read_as_x():
    assert PatentNumber.parse("ZL95115608.x").adds_up
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人", "ZL95115608.x | 一种旧装置 | 丙科技有限公司",
                             "质押专利包括ZL201510000003.x（发明），专利权人为丁科技有限公司。"))
    found = draft.found()
    assert (found["pool.ip[0].reg_no"], found["pool.ip[1].reg_no"]) == ("ZL95115608.X", "ZL201510000003.X")
    assert draft.doubts == []


def test_a_number_without_the_dot_is_read_only_when_its_check_digit_adds_up():
    # Without the dot the last digit cannot be told from the number's own: only a check digit that adds up says it is one.
    assert PatentNumber.parse("ZL2023103977440").text == "ZL202310397744.0"
    assert PatentNumber.parse("ZL971017654").text == "ZL97101765.4"
    assert PatentNumber.parse("ZL2023103977445") is None
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人", "ZL2023103977440 | 一种检测装置 | 丙科技有限公司",
                             "ZL2020114728807 | 一种检测方法 | 丙科技有限公司",            # does not add up: not read
                             "质押专利ZL2021111180328（发明），专利权人为丙科技有限公司。"))
    numbers = [v for p, v in draft.found().items() if p.endswith(".reg_no")]
    assert numbers == ["ZL202310397744.0", "ZL202111118032.8"] and draft.doubts == []


def test_one_right_written_with_and_without_the_dot_is_one_right():
    draft = draft_deal(lines("专利号 | 专利名称 | 专利权人", "ZL202310397744.0 | 一种检测装置 | 丙科技有限公司",
                             "质押专利ZL2023103977440（发明），质押登记号为Y2022980000501。"))
    assert [p for p in draft.found() if p.endswith(".reg_no")] == ["pool.ip[0].reg_no"]
    assert draft.found()["pool.ip[0].pledge_reg_no"] == "Y2022980000501"
