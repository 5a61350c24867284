"""Narrowings after tuning20's first contact (bench/data/verifier_pairs_tuning20.jsonl), where 16 of 70 faithful sentences
were rejected, mostly by a duty or a qualifier read where the passage states no contradiction: a check now abstains where
the sentence's word restates the passage in another form ("only members" for 不得允许非会员, "may … only" for 除…外不得,
"two decades" for 二十年, a "can" that compares, an inability inside a long condition, a list item denied by its head).
The sentences below are written for these tests, not taken from the pairs; each rule undone fails its test, and each
defective twin is still caught."""
from __future__ import annotations

import pytest

from kb import facts, verify
from tests.llm.conftest import law, missing

SECURITIES = "CN-L-证券法-2019.md"
GENERAL = "CN-L-民法典-总则编.md"
TRUST = "CN-L-信托法-2001.md"
TRADEMARK_LAW = "CN-L-商标法-2019.md"
RECORDS_KEPT_137 = law(1, SECURITIES, "第一百三十七条")
SHARES_SPLIT_EQUALLY_177 = law(2, GENERAL, "第一百七十七条")
LIMITATION_FROM_18_191 = law(3, GENERAL, "第一百九十一条")
MEMBERS_ONLY_105 = law(4, SECURITIES, "第一百零五条")
CHARITABLE_USE_ONLY_63 = law(5, TRUST, "第六十三条")
BOND_TRUSTEE_92 = law(6, SECURITIES, "第九十二条")
OFFER_CHANGES_68 = law(7, SECURITIES, "第六十八条")
RESCISSION_PERIOD_199 = law(8, GENERAL, "第一百九十九条")
WITHDRAWAL_141 = law(9, GENERAL, "第一百四十一条")
SECURITIES_BUSINESS_120 = law(10, SECURITIES, "第一百二十条")
AGENCY_OWN_MARKS_19 = law(11, TRADEMARK_LAW, "第十九条")
ACCOUNTS_107 = law(12, SECURITIES, "第一百零七条")
EMPLOYEE_TRADING_210 = law(13, SECURITIES, "第二百一十条")


def test_decades_are_ten_years_each(monkeypatch):
    sentence = "Client trading records have to be kept for no less than two decades."
    assert missing(sentence, RECORDS_KEPT_137) == []
    assert missing("Client trading records have to be kept for no less than three decades.", RECORDS_KEPT_137) != []
    monkeypatch.setattr(facts, "RESTATED_MAGNITUDES", False)
    assert missing(sentence, RECORDS_KEPT_137) != []


def test_half_a_million_is_five_hundred_thousand(monkeypatch):
    sentence = "An employee who privately trades for clients and made no illegal gains can be fined up to half a million yuan."
    assert missing(sentence, EMPLOYEE_TRADING_210) == []
    monkeypatch.setattr(facts, "RESTATED_MAGNITUDES", False)
    assert missing(sentence, EMPLOYEE_TRADING_210) != []


def test_cannot_inside_a_long_condition_is_an_inability(monkeypatch):
    sentence = ("When two or more persons are liable by shares and the size of each of those shares cannot be determined, "
                "they bear the liability equally.")
    assert missing(sentence, SHARES_SPLIT_EQUALLY_177) == []
    monkeypatch.setattr(facts, "LONG_CONDITIONS", False)
    assert missing(sentence, SHARES_SPLIT_EQUALLY_177) != []


def test_only_before_a_start_says_when_a_period_runs():
    # "only begins when" is 自…之日起计算 (an "only" no passage word backs before this change)
    assert missing("The limitation period for such a claim only begins when the victim reaches eighteen.",
                   LIMITATION_FROM_18_191) == []
    assert missing("The limitation period for such a claim only begins when the victim reaches sixteen.",
                   LIMITATION_FROM_18_191) != []


@pytest.mark.parametrize("flag", ["EXCLUSIVE_RULES"])
def test_a_prohibition_on_the_rest_backs_only(monkeypatch, flag):
    sentence = "Only the exchange's members take part directly in centralised stock trading there."
    assert missing(sentence, MEMBERS_ONLY_105) == []
    monkeypatch.setattr(facts, flag, False)
    assert missing(sentence, MEMBERS_ONLY_105) != []


def test_a_permission_for_one_kind_only_is_the_prohibition_on_the_rest(monkeypatch):
    for sentence, passage in [("The trust's assets and their income may be spent on charitable purposes only.",
                               CHARITABLE_USE_ONLY_63),
                              ("Only a securities company may run a brokerage or margin financing business.",
                               SECURITIES_BUSINESS_120)]:
        assert missing(sentence, passage) == []
    monkeypatch.setattr(verify, "EXCLUSIVE_PERMISSION", False)
    assert missing("The trust's assets and their income may be spent on charitable purposes only.",
                   CHARITABLE_USE_ONLY_63) != []


def test_only_may_in_chinese_is_the_prohibition_on_the_rest(monkeypatch):
    # 只能 restates 除…外，不得: neither a duty the passage lacks nor the excepted case "stated as covered"
    sentence = "商标代理机构只能为自己的代理服务申请注册商标。"
    assert missing(sentence, AGENCY_OWN_MARKS_19) == []
    monkeypatch.setattr(verify, "EXCLUSIVE_PERMISSION", False)
    assert missing(sentence, AGENCY_OWN_MARKS_19) != []


def test_all_the_others_is_no_widened_subject(monkeypatch):
    sentence = "商标代理机构对其他商标一律不得申请注册。"
    assert missing(sentence, AGENCY_OWN_MARKS_19) == []
    monkeypatch.setattr(verify, "REST_NOT_WIDENED", False)
    assert missing(sentence, AGENCY_OWN_MARKS_19) != []


def test_an_underwriting_institution_is_an_underwriter():
    assert missing("债券受托管理人由本次发行的承销商或其他经证监会认可的机构担任。", BOND_TRUSTEE_92) == []


def test_a_list_item_is_denied_by_its_head(monkeypatch):
    sentence = "A bidder that amends its offer must not reduce the price or shorten the offer period."
    assert missing(sentence, OFFER_CHANGES_68) == []
    monkeypatch.setattr(verify, "LIST_HEAD_NEGATION", False)
    assert missing(sentence, OFFER_CHANGES_68) != []


def test_free_to_is_a_permission():
    assert ("duty", "may") in facts.extract("The acquirer is free to withdraw its tender offer.").duties
    assert missing("During the acceptance period the acquirer is free to withdraw its tender offer.", OFFER_CHANGES_68) != []


def test_a_modal_that_compares_states_no_rule(monkeypatch):
    sentence = "The period of a right to rescind cannot be interrupted or extended as a limitation period can."
    assert missing(sentence, RESCISSION_PERIOD_199) == []
    monkeypatch.setattr(facts, "ELLIPTICAL_MODALS", False)
    assert missing(sentence, RESCISSION_PERIOD_199) != []


def test_a_rule_not_applied_denies_what_it_names(monkeypatch):
    sentence = "The period of a right to terminate a contract cannot be suspended, interrupted or extended."
    assert missing(sentence, RESCISSION_PERIOD_199) == []
    monkeypatch.setattr(verify, "WIDE_NEGATIONS", False)
    assert missing(sentence, RESCISSION_PERIOD_199) != []


def test_a_condition_after_the_rule_does_not_choose_its_duty(monkeypatch):
    sentence = "A person who made a declaration can withdraw it, as long as the withdrawal notice arrives no later than it."
    assert missing(sentence, WITHDRAWAL_141) == []
    monkeypatch.setattr(verify, "RULE_WITHOUT_PROVISO", False)
    assert missing(sentence, WITHDRAWAL_141) != []


def test_a_clause_whose_own_words_find_its_duty(monkeypatch):
    sentence = "证券公司为投资者开户时应核对身份信息，也不能把投资者的账户借给别人用。"
    assert missing(sentence, ACCOUNTS_107) == []
    assert missing("证券公司为投资者开户时应核对身份信息，也可以把投资者的账户借给别人用。", ACCOUNTS_107) != []
    monkeypatch.setattr(verify, "OWN_WORDS_DUTY", False)
    assert missing(sentence, ACCOUNTS_107) != []


# Found by faithful paraphrase probes of often cited articles (written after tuning20, not committed as pairs).
PATENT_ASSIGNMENT_10 = law(14, "CN-L-专利法-2020.md", "第十条")
PATENT_TERM_42 = law(15, "CN-L-专利法-2020.md", "第四十二条")
FAIR_USE_24 = law(16, "CN-L-著作权法-2020.md", "第二十四条")
MORTGAGE_394 = law(17, "CN-L-民法典-物权编.md", "第三百九十四条")
PUBLIC_OFFERING_9 = law(18, SECURITIES, "第九条")


def test_only_before_becoming_effective_says_when():
    assert missing("An assignment of a patent only becomes effective once it has been registered.", PATENT_ASSIGNMENT_10) == []


def test_capped_at_is_a_cap():
    assert missing("For a new drug the compensation term is capped at five years.", PATENT_TERM_42) == []
    assert missing("For a new drug the compensation term is five years.", PATENT_TERM_42) != []


def test_still_having_to_do_something_is_a_duty_kept(monkeypatch):
    sentence = "Under fair use no permission or fee is needed, but the user still has to name the author and the work."
    assert missing(sentence, FAIR_USE_24) == []
    monkeypatch.setattr(verify, "STILL_DUTY_KEPT", False)
    assert missing(sentence, FAIR_USE_24) != []


def test_a_role_the_passage_defines_is_its_party(monkeypatch):
    sentence = "When the debtor fails to pay a debt that is due, the mortgagee has priority to be paid from the property."
    assert missing(sentence, MORTGAGE_394) == []
    assert missing("When the debtor fails to pay a debt that is due, the mortgagor has priority to be paid from the "
                   "property.", MORTGAGE_394) != []
    monkeypatch.setattr(verify, "ROLE_DEFINITIONS", False)
    assert missing(sentence, MORTGAGE_394) != []


def test_nobody_may_is_a_prohibition():
    assert ("duty", "must-not") in facts.extract("Nobody may offer securities to the public.").duties
    assert missing("Unless the offering is registered, nobody may offer securities to the public.", PUBLIC_OFFERING_9) == []


WORK_FOR_HIRE_18 = law(19, "CN-L-著作权法-2020.md", "第十八条")
PATENT_DAMAGES_71 = law(20, "CN-L-专利法-2020.md", "第七十一条")


def test_consent_needed_first_restricts_the_act(monkeypatch):
    sentence = ("For two years after completion, the author needs the employer's consent before licensing a third party "
                "to use the work in the same way the employer does.")
    assert missing(sentence, WORK_FOR_HIRE_18) == []
    monkeypatch.setattr(verify, "CONSENT_NEEDED", False)
    assert missing(sentence, WORK_FOR_HIRE_18) != []


def test_none_of_these_is_no_prohibition():
    # "none of these can be determined" states a condition; only "nobody"/"no one" + a modal prohibits
    assert missing("If none of these can be determined, the court may award between RMB 30,000 and RMB 5 million.",
                   PATENT_DAMAGES_71) == []


ABS_INVESTORS_29 = law(21, "CN-M-证券公司及基金管理公司子公司资产证券化业务管理规定-2014.md", "第二十九条")
PLEDGE_WITHDRAWN_13 = law(22, "CN-M-著作权质权登记办法-2011.md", "第十三条")


@pytest.mark.parametrize("sentence", ["The applicant may withdraw its application at any time before the pledge is registered.",
                                      "在登记机构办理登记之前，申请人随时可以撤回登记申请。"])
def test_any_time_within_a_window_is_no_discretion(monkeypatch, sentence):
    assert missing(sentence, PLEDGE_WITHDRAWN_13) == []
    monkeypatch.setattr(facts, "WINDOWS_NOT_AT_WILL", False)
    assert missing(sentence, PLEDGE_WITHDRAWN_13) != []


def test_any_time_without_a_window_is_still_discretion():
    assert missing("The applicant may withdraw its application at any time.", PLEDGE_WITHDRAWN_13) != []


def test_a_duty_naming_to_whom_is_exclusive(monkeypatch):
    sentence = "Asset-backed securities must be offered to qualified investors only."
    assert missing(sentence, ABS_INVESTORS_29) == []
    monkeypatch.setattr(facts, "DUTY_IS_EXCLUSIVE", False)
    assert missing(sentence, ABS_INVESTORS_29) != []


STS_LABEL_18 = law(23, "EU-Reg-2017-2402-Securitisation-Art6-18-22-excerpt.md", "Article 18")


def test_only_where_backs_only():
    assert missing("Only securitisations that meet the STS requirements and appear on ESMA's list may use the STS label.",
                   STS_LABEL_18) == []


RECEIVABLES_PLEDGED_61 = law(24, "CN-J-担保制度解释-2020.md", "第六十一条")


def test_a_participle_is_no_holder(monkeypatch):
    sentence = ("A pledgee who cannot prove the receivable existed when the pledge was registered will not get priority "
                "just because the pledge was registered.")
    assert missing(sentence, RECEIVABLES_PLEDGED_61) == []
    monkeypatch.setattr(facts, "PARTICIPLE_NO_HOLDER", False)
    assert missing(sentence, RECEIVABLES_PLEDGED_61) != []
