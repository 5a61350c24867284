"""Faithful sentences of the kind tuning8 found rejected on first contact, and the defect that periods of another unit used
to hide; each narrowing or check undone (switch or main's code) fails its test."""
from __future__ import annotations

from kb import facts
from kb.facts import extract, negated
from tests.llm.conftest import law, missing

FUND_14 = law(1, "CN-L-证券投资基金法-2015.md", "第十四条")
COMMISSIONED_8 = law(2, "CN-L-专利法-2020.md", "第八条")
ORDINARY_COURSE_56 = law(3, "CN-J-担保制度解释-2020.md", "第五十六条")
COMMISSIONED_859 = law(4, "CN-L-民法典-合同编.md", "第八百五十九条")
AMEND_57 = law(5, "CN-R-专利法实施细则-2023.md", "第五十七条")


def test_a_period_of_another_unit_contradicts_the_clause_on_the_same_subject(monkeypatch):
    # 六个月 is the period of another paragraph: against the clause that says 六十日 it is a wrong number
    assert missing("基金管理公司变更持股百分之五以上的股东，证监会应在受理申请后六十日内决定是否批准。", FUND_14) == []
    wrong = "基金管理公司变更持股百分之五以上的股东，证监会应在受理申请后六个月内决定是否批准。"
    assert any(m.startswith("number 6 month") for m in missing(wrong, FUND_14))
    monkeypatch.setattr(facts, "PERIODS_ONE_KIND", False)
    assert not any(m.startswith("number 6 month") for m in missing(wrong, FUND_14))


def test_twelve_months_is_one_year():
    assert facts._same_amount((12, "month"), (1, "year")) and not facts._same_amount((60, "day"), (2, "month"))


def test_a_choice_between_yes_and_no_denies_nothing():
    # 作出批准或者不予批准的决定: "decides whether to approve" keeps no negation of its own
    assert not negated("作出批准或者不予批准的决定") and negated("不予批准的")


def test_an_exception_for_an_agreement_backs_a_negated_agreement_condition():
    # 除另有协议的以外 says what 没有另外约定的 says
    assert missing("受委托完成的发明创造，没有另外约定的，申请专利的权利归完成发明的单位或个人。", COMMISSIONED_8) == []


def test_a_chinese_consequence_may_stand_after_the_clause_not_only_last():
    # 人民法院不予支持，但是…除外: the denial is the clause after the claim, not the sentence's last one
    assert missing("Where a buyer pays a reasonable price for movables in the seller's normal business, the secured party "
                   "cannot enforce its priority against those goods, except in listed cases such as a purchase of the "
                   "seller's production equipment.", ORDINARY_COURSE_56) == []


def test_words_that_only_look_like_a_body_or_a_qualifier():
    # "a commissioned development contract" names no commission; "on its own initiative" (主动) is not "alone"
    assert missing("Unless the law or the contract says otherwise, the right to apply for a patent on an invention made "
                   "under a commissioned development contract belongs to the developer.", COMMISSIONED_859) == []
    assert missing("An applicant for a utility model or design patent may amend the application on its own initiative "
                   "within two months of the filing date.", AMEND_57) == []
    assert ("qualifier", "itself") in extract("the licensee may sue on its own").qualifiers


def test_fang_ke_permits_and_zhi_neng_binds():
    # 应当有…参加，方可召开: 方可 is "may (only then)"; 只能依法就抵押财产优先受偿 is "can only", a duty like "may … only"
    assert ("duty", "may") in extract("应当有代表三分之一以上基金份额的持有人参加，方可召开").duties
    assert ("duty", "must") in extract("只能依法就抵押财产优先受偿").duties


SUSPEND_527 = law(6, "CN-L-民法典-合同编.md", "第五百二十七条")
SET_OFF_549 = law(7, "CN-L-民法典-合同编.md", "第五百四十九条")


def test_first_and_later_performance_are_opposites():
    # 先履行 / 后履行: the party due to perform later may not suspend on the first party's grounds
    assert missing("应当先履行的一方如果有确切证据证明对方经营状况严重恶化，可以中止履行。", SUSPEND_527) == []
    assert any(m.startswith("the word 'after'")
               for m in missing("应当后履行的一方如果有确切证据证明对方经营状况严重恶化，可以中止履行。", SUSPEND_527))
    # "no later than" is a deadline, as "at the latest" is: no order word against 先于…到期
    assert missing("A debtor notified of the assignment can set off against the assignee a claim it held against the "
                   "assignor, provided that claim falls due no later than the assigned claim.", SET_OFF_549) == []


FORFEITURE_401 = law(8, "CN-L-民法典-物权编.md", "第四百零一条")
HOLDING_OVER_734 = law(9, "CN-L-民法典-合同编.md", "第七百三十四条")


def test_a_negation_of_a_verb_does_not_deny_the_word_after_the_verb():
    # 不履行到期债务 denies the performing, not that the debt falls due: "before the debt falls due" is no plain statement
    # of what the passage denies (a light verb may stand between: 不视为侵犯, 不承担责任)
    assert missing("If, before the debt falls due, the mortgagee and the mortgagor agree that the property will pass to the "
                   "creditor on default, the mortgagee can still only be paid first out of the property.", FORFEITURE_401) == []


def test_a_span_word_in_an_event_clause_is_no_claim(monkeypatch):
    sentence = ("If the tenant keeps using the property after the lease term ends and the landlord raises no objection, the "
                "old lease stays in force but becomes a lease of no fixed term.")
    assert missing(sentence, HOLDING_OVER_734) == []
    monkeypatch.setattr(facts, "EVENT_CLAUSE_SPANS", False)
    assert any("'end'" in m for m in missing(sentence, HOLDING_OVER_734))
