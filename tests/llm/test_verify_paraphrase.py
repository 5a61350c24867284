"""Paraphrases a model writes (joined or split clauses, synonyms, digits for numerals) kept, and the defect next to each removed."""
from __future__ import annotations

import pytest

from kb.facts import extract, negated
from kb.verify import Thresholds, Verifier
from tests.llm.conftest import law, missing

# The articles as ingest stores them, read from ../shared/corpus (law in conftest).
DAMAGES_71 = law(1, "CN-L-专利法-2020.md", "第七十一条")
TERM_42 = law(2, "CN-L-专利法-2020.md", "第四十二条")
RENEWAL_40 = law(3, "CN-L-商标法-2019.md", "第四十条")
LICENCE_12 = law(4, "CN-L-专利法-2020.md", "第十二条")
BONUS_93 = law(5, "CN-R-专利法实施细则-2023.md", "第九十三条")
USE_26 = law(6, "CN-L-著作权法-2020.md", "第二十六条")
NOTICE_546 = law(7, "CN-L-民法典-合同编.md", "第五百四十六条")
LIMITATION_74 = law(8, "CN-L-专利法-2020.md", "第七十四条")
TRADEMARK_39 = law(9, "CN-L-商标法-2019.md", "第三十九条")
GUARANTEE_32 = law(10, "CN-J-担保制度解释-2020.md", "第三十二条")
EQUITY_443 = law(12, "CN-L-民法典-物权编.md", "第四百四十三条")
EU_6 = law(11, "EU-Reg-2017-2402-Securitisation-Art6-18-22-excerpt.md", "Article 6")



def test_a_number_may_sit_in_the_clause_next_to_its_subject():
    # the passage says who decides in one clause and the amount in the next; the sentence joins them
    assert missing("难以确定时，法院可以酌定3万元至500万元。", DAMAGES_71) == []
    # a value of the same kind in the clause on the same subject still contradicts
    assert "number 10 year (in the clause on the same subject)" in missing("外观设计专利权的期限为十年。", TERM_42)


def test_a_negated_clause_may_take_its_negation_from_the_passage_sentence():
    # 在此期间未能办理的，可以给予六个月的宽展期: the paraphrase joins the condition and the grace period
    assert missing("逾期未办还可以给予6个月宽展期。", RENEWAL_40) == []
    # a negation nowhere in that passage sentence is still the sentence's own
    assert "the negation of the clause on the same subject" in missing("外观设计专利权的期限不是自申请日起计算。", TERM_42)


def test_no_right_is_a_prohibition():
    assert extract("被许可人无权允许").duties == extract("the licensee has no right to allow").duties == {("duty", "must-not")}
    assert missing("被许可人也不能再允许合同以外的人实施该专利。", LICENCE_12) == []
    assert "obligation 'may'" in missing("被许可人可以允许合同以外的人实施该专利。", LICENCE_12)


def test_a_negated_bound_is_a_duty_not_a_negation():
    assert extract("奖金不得低于四千元").duties == extract("奖金最低不少于4000元").duties == frozenset()
    assert not negated("奖金不得低于四千元")
    assert missing("一项发明专利的奖金不得低于四千元。", BONUS_93) == []
    assert "number 3000 yuan" in missing("一项发明专利的奖金不得低于三千元。", BONUS_93)[0]


def test_an_exception_keeps_the_words_between_its_ends():
    assert negated("除法律规定可以不经许可的情形外")           # 不经 is inside 除…外, not part of the marker
    assert missing("除法律规定可以不经许可的情形外，使用他人作品要与著作权人订立许可使用合同。", USE_26) == []


def test_which_one_is_not_how_many():
    assert not extract("从被授予专利权的那一年起").numbers and not extract("同一日").numbers
    assert extract("一年内").numbers == {("num", 1, "year")}


def test_enumeration_and_paragraph_labels_are_not_amounts():
    assert not extract("items (5) to (17) of Article 10(1)").numbers
    assert not extract("at origination. 4. Where a mixed financial holding company").numbers
    # so the paragraph number "3." cannot back "three years"
    assert "number 3 year" in missing("The originator must retain the interest for three years.", EU_6)


def test_a_number_with_a_unit_needs_that_unit():
    assert missing("There must be at least 100 exposures at origination.", EU_6) == []
    assert "number 100 day" in missing("The exposures must be held for at least 100 days.", EU_6)


def test_a_clause_names_the_party_of_the_passage_clause_that_does_the_same():
    assert missing("转让债权的通知发出后，除非受让人同意，不能撤销。", NOTICE_546) == []
    assert any("party 'debtor'" in m for m in missing("转让债权的通知发出后，除非债务人同意，不能撤销。", NOTICE_546))


def test_periods_run_from_knowledge_registration_or_the_end_of_a_term():
    assert missing("The limitation period is three years, running from when the patentee knew or should have known "
                   "of the infringement.", LIMITATION_74) == []
    assert "period running from 'commencement'" in missing(
        "The limitation period is three years, running from the date the infringing act began.", LIMITATION_74)
    assert missing("A registered trademark is valid for 10 years from the date its registration is approved.",
                   TRADEMARK_39) == []
    assert "period running from 'signing'" in missing("保证期间为保证合同签订之日起6个月。", GUARANTEE_32)
    assert missing("保证期间为主债务履行期限届满之日起6个月。", GUARANTEE_32) == []


def test_an_english_clause_ends_before_but():
    assert missing("The retained interest may not be split among different types of retainers, nor hedged.", EU_6) == []
    assert "the duty of the clause on the same subject" in missing(
        "The retained interest may be split among different types of retainers, but it may not be hedged.", EU_6)


@pytest.mark.parametrize("sentence, passage, gate", [
    ("外观设计专利权的期限为十五年。", TERM_42, 0.81),
    ("The originator must retain at least 5 %.", EU_6, 0.82),
    ("A design patent lasts fifteen years.", TERM_42, 0.83),
])
def test_each_language_gate_has_its_own_support_threshold(sentence, passage, gate):
    verifier = Verifier(None, Thresholds(chinese=0.81, english=0.82, cross_language=0.83))
    assert verifier.threshold(sentence, [passage]) == gate


def test_jointly_owned_is_not_jointly_acting():
    assert not extract("pledging a jointly owned copyright").qualifiers
    assert extract("the co-owners must apply jointly").qualifiers == {("qualifier", "jointly")}


def test_an_effect_runs_from_the_event_after_when():
    assert missing("A pledge of fund units or equity is created when the pledge is registered.", EQUITY_443) == []
    assert "period running from 'signing'" in missing(
        "A pledge of fund units or equity is created when the pledge contract is signed.", EQUITY_443)
