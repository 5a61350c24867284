"""Three defects a tester found marked supported (each citing 专利法第四十二条), and the rules that now catch them: an
excluded case (但由申请人引起的不合理延迟除外) stated as covered; a subject widened to all (所有专利权, "every patent") where
the passage states the value for one kind; a cap (补偿期限不超过五年) stated as a fixed amount. Each test holds a defective
sentence the rule catches and faithful paraphrases it keeps; each rule undone fails its test."""
from __future__ import annotations

from tests.llm.conftest import law, missing

PATENT_TERM_42 = law(1, "CN-L-专利法-2020.md", "第四十二条")
NOTICE_546 = law(2, "CN-L-民法典-合同编.md", "第五百四十六条")
STS_19 = law(3, "EU-Reg-2017-2402-Securitisation-Art6-18-22-excerpt.md", "Article 19")
LEASE_TERM_705 = law(4, "CN-L-民法典-合同编.md", "第七百零五条")
FRUITS_630 = law(5, "CN-L-民法典-合同编.md", "第六百三十条")


def said(sentence: str, passage, words: str) -> bool:
    """Whether the verifier rejects the sentence for the reason holding `words`."""
    return any(words in m for m in missing(sentence, passage))


def test_an_excluded_case_stated_as_covered_is_caught():
    assert said("由申请人引起的不合理延迟也给予期限补偿 [1]。", PATENT_TERM_42, "excluded case")
    assert said("Unreasonable delay caused by the applicant is also compensated by extending the patent term.",
                PATENT_TERM_42, "excluded case")
    assert said("债权转让的通知即使经受让人同意也不得撤销。", NOTICE_546, "excluded case")
    assert said("ABCP programmes and ABCP transactions that meet Articles 20, 21 and 22 are considered STS.", STS_19,
                "excluded case")


def test_an_excluded_case_kept_out_is_kept():
    assert missing("申请人引起的不合理延迟不予补偿。", PATENT_TERM_42) == []
    assert missing("授权过程中的不合理延迟给予期限补偿，但由申请人引起的不合理延迟除外。", PATENT_TERM_42) == []
    assert missing("债权转让的通知不得撤销，除非受让人同意。", NOTICE_546) == []
    assert missing("Securitisations other than ABCP programmes and transactions that meet Articles 20, 21 and 22 are "
                   "considered STS.", STS_19) == []


def test_a_subject_widened_to_all_is_caught():
    assert said("所有专利权的期限均为十五年，自申请日起计算 [1]。", PATENT_TERM_42, "widened")
    assert said("Every patent lasts 15 years from the filing date.", PATENT_TERM_42, "widened")
    assert said("Any patent lasts ten years from filing.", PATENT_TERM_42, "widened")
    assert said("标的物产生的孳息一律归买受人所有。", FRUITS_630, "widened")


def test_the_kind_the_passage_names_is_kept():
    assert missing("外观设计专利权的期限为十五年。", PATENT_TERM_42) == []
    assert missing("Design patents last 15 years from filing.", PATENT_TERM_42) == []
    assert missing("标的物交付之后产生的孳息归买受人所有。", FRUITS_630) == []
    assert missing("Any part of a lease term beyond twenty years is void.", LEASE_TERM_705) == []


def test_a_cap_stated_as_a_fixed_amount_is_caught():
    assert said("新药相关发明专利获得五年的期限补偿 [1]。", PATENT_TERM_42, "fixed amount")
    assert said("A new-drug patent gets five years of term compensation.", PATENT_TERM_42, "fixed amount")
    assert said("租赁合同的租赁期限是二十年。", LEASE_TERM_705, "fixed amount")


def test_a_cap_kept_as_a_cap_is_kept():
    assert missing("期限补偿最长不超过五年。", PATENT_TERM_42) == []
    assert missing("新药相关发明专利的期限补偿最长为五年。", PATENT_TERM_42) == []
    assert missing("租赁期限最长二十年。", LEASE_TERM_705) == []
    assert missing("租赁期限超过二十年的，超过部分无效。", LEASE_TERM_705) == []


def test_a_number_keeps_the_subject_of_the_passage_sentence_before_it():
    # 为补偿新药上市…给予专利权期限补偿。补偿期限不超过五年，新药批准上市后总有效专利权期限不超过十四年: the five years are
    # the new-drug compensation's, so "new-drug" no longer points only at the fourteen
    assert missing("New-drug patents receive term compensation of up to five years.", PATENT_TERM_42) == []
    assert said("After a new drug is approved, the total effective patent term may not exceed five years.",
                PATENT_TERM_42, "number 5 year")


def test_a_permission_on_a_cap_is_the_cap():
    # 最长不得超过九十日 is a prohibition in the law and a permission in a paraphrase ("may last no more than")
    underwriting_31 = law(6, "CN-L-证券法-2019.md", "第三十一条")
    assert missing("A securities underwriting or agency sale period may last no more than 90 days.", underwriting_31) == []
    assert missing("A new-drug patent can get up to five years of term compensation.", PATENT_TERM_42) == []
    assert said("A new-drug patent can get five years of term compensation.", PATENT_TERM_42, "fixed amount")
