"""Facts compared as structure on both sides (tuning8): which of an article's several periods a sentence's words point at,
and who holds a right or ranks first. Each switch turned off (or the mechanism undone) fails its test."""
from __future__ import annotations

import pytest

from kb import verify
from kb.verify import Passage
from tests.llm.conftest import law, missing

# The articles as ingest stores them, read from ../shared/corpus (law in conftest); a span kept as text below is
# one whose test asserts about the span and turns when the whole article is read.
PRIORITY_30 = law(1, "CN-L-专利法-2020.md", "第三十条")
ARCHIVES_29 = law(2, "CN-L-资产评估法-2016.md", "第二十九条")
COMPULSORY_53 = law(3, "CN-L-专利法-2020.md", "第五十三条")


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


LIEN_456 = law(4, "CN-L-民法典-物权编.md", "第四百五十六条")
DERIVED_13 = law(5, "CN-L-著作权法-2020.md", "第十三条")
COMMISSIONED_859 = law(6, "CN-L-民法典-合同编.md", "第八百五十九条")
OLD_LOAN_16 = Passage(7, "第十六条 主合同当事人协议以新贷偿还旧贷，旧贷的物的担保人在登记尚未注销的情形下同意继续为新贷提供担保，在订立新"
                         "的贷款合同前又以该担保财产为其他债权人设立担保物权，其他债权人主张其担保物权顺位优先于新贷债权人的，人民法院不予"
                         "支持。", "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第十六条", "judicial_interpretation")
PURCHASE_MONEY_416 = law(8, "CN-L-民法典-物权编.md", "第四百一十六条")


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


TENDER_67 = law(9, "CN-L-证券法-2019.md", "第六十七条")


def test_a_bound_is_read_with_its_value(monkeypatch):
    from kb import facts

    # 不得少于三十日，并不得超过六十日: "at least sixty days" puts the floor on the ceiling's value
    assert missing("A tender offer has to stay open for at least thirty days and no more than sixty days.", TENDER_67) == []
    swapped = "A tender offer has to stay open for at least sixty days."
    assert any(m.startswith("the bound 'at least' 60 day") for m in missing(swapped, TENDER_67))
    monkeypatch.setattr(facts, "BOUNDS_WITH_VALUES", False)
    assert missing(swapped, TENDER_67) == []


SERVICE_847 = law(10, "CN-L-民法典-合同编.md", "第八百四十七条")


def test_a_holder_whose_words_the_passage_never_uses_is_not_placed():
    # "the employee who made it" renders as 职工/员工, which 847 never writes (完成人): it says nothing either way
    assert missing("When an employer transfers a service technical achievement by a technology contract, the employee who "
                   "made it has a right of first refusal on equal terms.", SERVICE_847) == []


def test_late_or_no_performance_denies_and_a_decision_either_way_does_not():
    from kb.facts import negated

    assert negated("债务人迟延履行或者不履行债务的")          # 不履行 is no choice: performance is denied
    assert not negated("作出批准或者不予批准的决定")          # the decision may go either way: nothing is denied
