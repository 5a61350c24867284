"""Facts compared as structure on both sides (tuning8): which of an article's several periods a sentence's words point at,
and who holds a right or ranks first. Each switch turned off (or the mechanism undone) fails its test."""
from __future__ import annotations

import pytest

from kb import verify
from kb.verify import Passage
from tests.llm.conftest import missing

# Short spans of the articles (the benchmark reads whole articles from ../shared/corpus).
PRIORITY_30 = Passage(1, "第三十条 申请人要求发明、实用新型专利优先权的，应当在申请的时候提出书面声明，并且在第一次提出申请之日起十六个"
                         "月内，提交第一次提出的专利申请文件的副本。\n申请人要求外观设计专利优先权的，应当在申请的时候提出书面声明，并且在"
                         "三个月内提交第一次提出的专利申请文件的副本。", "《中华人民共和国专利法》第三十条", "law")
ARCHIVES_29 = Passage(2, "第二十九条 评估档案的保存期限不少于十五年，属于法定评估业务的，保存期限不少于三十年。",
                      "《中华人民共和国资产评估法》第二十九条", "law")
COMPULSORY_53 = Passage(3, "第五十三条 有下列情形之一的，国务院专利行政部门根据具备实施条件的单位或者个人的申请，可以给予实施发明专利或者"
                           "实用新型专利的强制许可：\n（一）专利权人自专利权被授予之日起满三年，且自提出专利申请之日起满四年，无正当理由未"
                           "实施或者未充分实施其专利的；", "《中华人民共和国专利法》第五十三条", "law")


@pytest.fixture
def switch(monkeypatch):
    """Sets one switch of kb.verify for the rest of the test."""
    return lambda name, value=False: monkeypatch.setattr(verify, name, value)


def test_a_period_goes_with_the_paragraph_its_words_name_not_with_its_own_rendering(switch):
    # 十六个月 for inventions, 三个月 for designs, both from the first filing: "three months" must not find the designs'
    # paragraph by its own rendering (三个月内), and "invention" finds the first paragraph
    faithful = ("An applicant claiming priority for an invention must make a written declaration when filing and submit a "
                "copy of the first application within sixteen months of the first filing date.")
    swapped = faithful.replace("sixteen months", "three months")
    assert missing(faithful, PRIORITY_30) == []
    assert any(m.startswith("number 3 month") for m in missing(swapped, PRIORITY_30))
    switch("NUMBERS_BY_TERMS")
    assert missing(swapped, PRIORITY_30) == []


def test_a_value_keeps_the_condition_written_before_it(switch):
    # 属于法定评估业务的，保存期限不少于三十年: the thirty years of a statutory appraisal are not read as the general rule's
    faithful = "For a statutory appraisal the appraisal file must be kept for no less than thirty years."
    assert missing(faithful, ARCHIVES_29) == []
    # two periods in one sentence from different events: the words after the last one bind neither
    assert missing("A compulsory licence for non-working can be sought once three years have passed since grant and four "
                   "years since filing, without a legitimate reason for the non-working.", COMPULSORY_53) == []


LIEN_456 = Passage(4, "第四百五十六条 同一动产上已经设立抵押权或者质权，该动产又被留置的，留置权人优先受偿。",
                   "《中华人民共和国民法典》第四百五十六条", "law")
DERIVED_13 = Passage(5, "第十三条 改编、翻译、注释、整理已有作品而产生的作品，其著作权由改编、翻译、注释、整理人享有，但行使著作权时不得"
                        "侵犯原作品的著作权。", "《中华人民共和国著作权法》第十三条", "law")
COMMISSIONED_859 = Passage(6, "第八百五十九条 委托开发完成的发明创造，除法律另有规定或者当事人另有约定外，申请专利的权利属于研究开发人。"
                              "研究开发人取得专利权的，委托人可以依法实施该专利。\n研究开发人转让专利申请权的，委托人享有以同等条件优先受让"
                              "的权利。", "《中华人民共和国民法典》第八百五十九条", "law")
OLD_LOAN_16 = Passage(7, "第十六条 主合同当事人协议以新贷偿还旧贷，旧贷的物的担保人在登记尚未注销的情形下同意继续为新贷提供担保，在订立新"
                         "的贷款合同前又以该担保财产为其他债权人设立担保物权，其他债权人主张其担保物权顺位优先于新贷债权人的，人民法院不予"
                         "支持。", "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第十六条", "judicial_interpretation")
PURCHASE_MONEY_416 = Passage(8, "第四百一十六条 动产抵押担保的主债权是抵押物的价款，标的物交付后十日内办理抵押登记的，该抵押权人优先于"
                                "抵押物买受人的其他担保物权人受偿，但是留置权人除外。", "《中华人民共和国民法典》第四百一十六条", "law")


@pytest.mark.parametrize("faithful, swapped, passage", [
    # who ranks first: the lien holder, not the mortgagee or pledgee
    ("If a movable that is already mortgaged or pledged is later taken under a lien, the holder of the lien is paid first.",
     "If a movable that is already mortgaged or pledged is later taken under a lien, the mortgagee or pledgee is paid ahead "
     "of the lien holder.", LIEN_456),
    # who holds the copyright of a translation: the translator, not the original author
    ("翻译已有作品形成的新作品，著作权归翻译人，但行使时不能侵犯原作品的著作权。",
     "翻译已有作品形成的新作品，著作权归原作者，但行使时不能侵犯原作品的著作权。", DERIVED_13),
    # who holds the right to apply: the developer; the commissioning party holds another right (pre-emption)
    ("Unless the contract says otherwise, the right to apply for a patent on a commissioned invention belongs to the "
     "research developer.",
     "Unless the contract says otherwise, the right to apply for a patent on a commissioned invention belongs to the "
     "commissioning party.", COMMISSIONED_859),
    # a priority the passage denies (…优先于新贷债权人的，人民法院不予支持)
    ("In that case the other creditor does not rank ahead of the new lender.",
     "In that case the other creditor ranks ahead of the new lender.", OLD_LOAN_16),
])
def test_who_holds_a_right_or_ranks_first_is_compared(switch, faithful, swapped, passage):
    assert missing(faithful, passage) == []
    assert any(m.startswith("the holder") for m in missing(swapped, passage))
    switch("HOLDERS")
    assert not any(m.startswith("the holder") for m in missing(swapped, passage))


def test_a_holder_excepted_from_a_ranking_ranks_ahead_too():
    # 但是留置权人除外: the lien holder still comes first
    assert missing("If a movable mortgage secures the purchase price and is registered within ten days after delivery, the "
                   "mortgagee is paid ahead of the buyer's other secured creditors, though a lien holder still comes first.",
                   PURCHASE_MONEY_416) == []


TENDER_67 = Passage(9, "第六十七条 收购要约约定的收购期限不得少于三十日，并不得超过六十日。", "《中华人民共和国证券法》第六十七条", "law")


def test_a_bound_is_read_with_its_value(monkeypatch):
    from kb import facts

    # 不得少于三十日，并不得超过六十日: "at least sixty days" puts the floor on the ceiling's value
    assert missing("A tender offer has to stay open for at least thirty days and no more than sixty days.", TENDER_67) == []
    swapped = "A tender offer has to stay open for at least sixty days."
    assert any(m.startswith("the bound 'at least' 60 day") for m in missing(swapped, TENDER_67))
    monkeypatch.setattr(facts, "BOUNDS_WITH_VALUES", False)
    assert missing(swapped, TENDER_67) == []


SERVICE_847 = Passage(10, "第八百四十七条 职务技术成果的使用权、转让权属于法人或者非法人组织的，法人或者非法人组织可以就该项职务技术成果"
                          "订立技术合同。法人或者非法人组织订立技术合同转让职务技术成果时，职务技术成果的完成人享有以同等条件优先受让"
                          "的权利。", "《中华人民共和国民法典》第八百四十七条", "law")


def test_a_holder_whose_words_the_passage_never_uses_is_not_placed():
    # "the employee who made it" renders as 职工/员工, which 847 never writes (完成人): it says nothing either way
    assert missing("When an employer transfers a service technical achievement by a technology contract, the employee who "
                   "made it has a right of first refusal on equal terms.", SERVICE_847) == []


def test_late_or_no_performance_denies_and_a_decision_either_way_does_not():
    from kb.facts import negated

    assert negated("债务人迟延履行或者不履行债务的")          # 不履行 is no choice: performance is denied
    assert not negated("作出批准或者不予批准的决定")          # the decision may go either way: nothing is denied
