"""Rules added after tuning19's first contact (bench/data/verifier_pairs_tuning19.jsonl): a passage stating its rule with
no duty word backs a permission (基金托管人由…担任: "可以由…担任"), unless it denies or excepts a case; small and large
enterprises, free and paid services, encouraging and restricting an activity are opposites; the Trademark Office is a
body a passage must name. The sentences below are written for these tests; each rule undone fails its test."""
from __future__ import annotations

import pytest

from kb import facts, verify
from tests.llm.conftest import law, missing

FUND = "CN-L-证券投资基金法-2015.md"
SME = "CN-L-中小企业促进法-2017.md"
TRADEMARK_LAW = "CN-L-商标法-2019.md"
PATENT_RULES = "CN-R-专利法实施细则-2023.md"
CUSTODIAN_IS_A_BANK_32 = law(1, FUND, "第三十二条")
GRADUATES_START_UP_25 = law(2, SME, "第二十五条")
FREE_ADVICE_24 = law(3, SME, "第二十四条")
EASY_EXIT_31 = law(4, SME, "第三十一条")
USER_ANSWERS_FOR_QUALITY_7 = law(5, TRADEMARK_LAW, "第七条")
HELPERS_ARE_NO_INVENTORS_14 = law(6, PATENT_RULES, "第十四条")
DELAY_COMPENSATED_42 = law(7, "CN-L-专利法-2020.md", "第四十二条")


def test_a_rule_stated_plainly_backs_a_permission(monkeypatch):
    sentence = "其他金融机构也可以担任基金托管人。"
    monkeypatch.setattr(verify, "CONDITIONAL_ACTS_PERMITTED", False)   # 其他金融机构担任基金托管人的 backs it too
    assert missing(sentence, CUSTODIAN_IS_A_BANK_32) == []
    monkeypatch.setattr(verify, "PLAIN_RULE_PERMITS", False)
    assert missing(sentence, CUSTODIAN_IS_A_BANK_32) != []


@pytest.mark.parametrize("sentence, passage", [
    ("在完成发明创造过程中只负责辅助工作的人，可以被认定为发明人。", HELPERS_ARE_NO_INVENTORS_14),   # 不是发明人
    ("申请人自己拖延造成的延迟，同样可以获得期限补偿。", DELAY_COMPENSATED_42)])                  # 但…除外
def test_a_plain_rule_that_denies_or_excepts_a_case_backs_no_permission(sentence, passage):
    assert missing(sentence, passage) != []


def test_small_and_large_enterprises_are_opposites():
    assert missing("退役军人创办小型企业的，按照国家规定享受收费减免。", GRADUATES_START_UP_25) == []
    assert missing("退役军人创办大型企业的，按照国家规定享受收费减免。", GRADUATES_START_UP_25) != []


def test_free_and_paid_services_are_opposites():
    assert missing("Local governments give entrepreneurs public information services free of charge.", FREE_ADVICE_24) == []
    assert missing("Local governments give entrepreneurs public information services for a fee.", FREE_ADVICE_24) != []


def test_encouraging_and_restricting_are_opposites():
    assert missing("国家简化中小企业注销登记程序。", EASY_EXIT_31) == []
    assert missing("国家限制中小企业注销登记。", EASY_EXIT_31) != []


@pytest.mark.parametrize("body, ok", [("The user of a mark", True), ("The Trademark Office", False)])
def test_the_trademark_office_is_a_body_the_passage_must_name(body, ok):
    found = missing(f"{body} answers for the quality of the goods the mark is used on.", USER_ANSWERS_FOR_QUALITY_7)
    assert (found == []) is ok


DEPRECIATION_32 = law(8, SME, "第三十二条")
WITHDRAWAL_32 = law(9, "CN-L-专利法-2020.md", "第三十二条")


def test_acting_at_will_needs_the_passage_to_say_so():
    assert missing("Where technical progress makes it necessary, an SME may shorten the depreciation period of its fixed "
                   "assets.", DEPRECIATION_32) == []
    assert missing("An SME may shorten the depreciation period of its fixed assets at its own discretion.",
                   DEPRECIATION_32) != []
    assert missing("An applicant may withdraw its patent application at any time before the patent is granted.",
                   WITHDRAWAL_32) == []   # 随时撤回


PROPERTY_SERVICES_941 = law(10, "CN-L-民法典-合同编.md", "第九百四十一条")


def test_an_act_the_passage_attaches_a_duty_to_is_allowed(monkeypatch):
    sentence = "物业服务人可以将部分专项服务事项委托给其他第三人，但应当就该部分专项服务事项向业主负责。"
    assert missing(sentence, PROPERTY_SERVICES_941) == []
    assert missing("物业服务人可以将全部物业服务转委托给第三人。", PROPERTY_SERVICES_941) != []   # 不得
    monkeypatch.setattr(verify, "CONDITIONAL_ACTS_PERMITTED", False)
    assert missing(sentence, PROPERTY_SERVICES_941) != []


STATE_ORGANS_AS_GUARANTORS_683 = law(11, "CN-L-民法典-合同编.md", "第六百八十三条")


def test_a_case_a_proviso_takes_out_of_a_prohibition_may_be_done(monkeypatch):
    sentence = "机关法人原则上不得为保证人；经国务院批准为使用外国政府或者国际经济组织贷款进行转贷的，则可以。"
    assert missing(sentence, STATE_ORGANS_AS_GUARANTORS_683) == []
    assert missing("机关法人可以为保证人。", STATE_ORGANS_AS_GUARANTORS_683) != []   # no excepted case named
    monkeypatch.setattr(verify, "EXCEPTED_PERMITTED", False)
    assert missing(sentence, STATE_ORGANS_AS_GUARANTORS_683) != []


INSTRUCTIONS_REFUSED_37 = law(12, FUND, "第三十七条")


def test_a_thing_of_a_party_is_whose_the_passage_has_it(monkeypatch):
    assert missing("The custodian must refuse to carry out an investment instruction of the fund manager that breaches "
                   "the fund contract.", INSTRUCTIONS_REFUSED_37) == []
    swapped = "The custodian must refuse to carry out an investment instruction of the custodian that breaches the fund contract."
    assert missing(swapped, INSTRUCTIONS_REFUSED_37) != []   # 基金管理人的投资指令
    monkeypatch.setattr(facts, "OF_POSSESSIONS", False)
    assert missing(swapped, INSTRUCTIONS_REFUSED_37) == []
