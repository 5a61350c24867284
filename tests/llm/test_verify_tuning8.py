"""Faithful sentences of the kind tuning8 found rejected on first contact, and the defect that periods of another unit used
to hide; each narrowing or check undone (switch or main's code) fails its test."""
from __future__ import annotations

from kb import facts
from kb.facts import extract, negated
from kb.verify import Passage
from tests.llm.conftest import missing

FUND_14 = Passage(1, "第十四条 国务院证券监督管理机构应当自受理基金管理公司设立申请之日起六个月内依照本法第十三条规定的条件和审慎"
                     "监管原则进行审查，作出批准或者不予批准的决定，并通知申请人；不予批准的，应当说明理由。\n基金管理公司变更持有百分之"
                     "五以上股权的股东，变更公司的实际控制人，或者变更其他重大事项，应当报经国务院证券监督管理机构批准。国务院证券监督"
                     "管理机构应当自受理申请之日起六十日内作出批准或者不予批准的决定，并通知申请人；不予批准的，应当说明理由。",
                  "《中华人民共和国证券投资基金法》第十四条", "law")
COMMISSIONED_8 = Passage(2, "第八条 两个以上单位或者个人合作完成的发明创造、一个单位或者个人接受其他单位或者个人委托所完成的发明创造，"
                            "除另有协议的以外，申请专利的权利属于完成或者共同完成的单位或者个人；申请被批准后，申请的单位或者个人为"
                            "专利权人。", "《中华人民共和国专利法》第八条", "law")
ORDINARY_COURSE_56 = Passage(3, "第五十六条 买受人在出卖人正常经营活动中通过支付合理对价取得已被设立担保物权的动产，担保物权人请求就该动产"
                                "优先受偿的，人民法院不予支持，但是有下列情形之一的除外：\n（一）购买商品的数量明显超过一般买受人；\n"
                                "（二）购买出卖人的生产设备；", "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第五十六条",
                             "judicial_interpretation")
COMMISSIONED_859 = Passage(4, "第八百五十九条 委托开发完成的发明创造，除法律另有规定或者当事人另有约定外，申请专利的权利属于研究开发人。"
                              "研究开发人取得专利权的，委托人可以依法实施该专利。", "《中华人民共和国民法典》第八百五十九条", "law")
AMEND_57 = Passage(5, "第五十七条 实用新型或者外观设计专利申请人自申请日起2个月内，可以对实用新型或者外观设计专利申请主动提出修改。",
                   "《中华人民共和国专利法实施细则》第五十七条", "regulation")


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


SUSPEND_527 = Passage(6, "第五百二十七条 应当先履行债务的当事人，有确切证据证明对方有下列情形之一的，可以中止履行：\n（一）经营状况严重"
                         "恶化；", "《中华人民共和国民法典》第五百二十七条", "law")
SET_OFF_549 = Passage(7, "第五百四十九条 有下列情形之一的，债务人可以向受让人主张抵销：\n（一）债务人接到债权转让通知时，债务人对让与人"
                         "享有债权，且债务人的债权先于转让的债权到期或者同时到期；", "《中华人民共和国民法典》第五百四十九条", "law")


def test_first_and_later_performance_are_opposites():
    # 先履行 / 后履行: the party due to perform later may not suspend on the first party's grounds
    assert missing("应当先履行的一方如果有确切证据证明对方经营状况严重恶化，可以中止履行。", SUSPEND_527) == []
    assert any(m.startswith("the word 'after'")
               for m in missing("应当后履行的一方如果有确切证据证明对方经营状况严重恶化，可以中止履行。", SUSPEND_527))
    # "no later than" is a deadline, as "at the latest" is: no order word against 先于…到期
    assert missing("A debtor notified of the assignment can set off against the assignee a claim it held against the "
                   "assignor, provided that claim falls due no later than the assigned claim.", SET_OFF_549) == []


FORFEITURE_401 = Passage(8, "第四百零一条 抵押权人在债务履行期限届满前，与抵押人约定债务人不履行到期债务时抵押财产归债权人所有的，只能依法"
                            "就抵押财产优先受偿。", "《中华人民共和国民法典》第四百零一条", "law")
HOLDING_OVER_734 = Passage(9, "第七百三十四条 租赁期限届满，承租人继续使用租赁物，出租人没有提出异议的，原租赁合同继续有效，但是租赁期限"
                              "为不定期。", "《中华人民共和国民法典》第七百三十四条", "law")


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
