"""Rules added after tuning16's first contact (bench/data/verifier_pairs_tuning16.jsonl), about who does what in the
named contracts and how a paraphrase words a condition: the roles of a loan, a work contract, safekeeping, a commission
and an intermediary contract as parties; a party inside a time phrase (在承揽人完成工作前) is not the subject; a sentence
opening on a party's condition (出租人出卖…的，应当) binds that party; "whatever … belongs to" names a thing, not a
condition; "alone or together with others" and a "commission contract" restrict nothing and name no body. The sentences
below are written for these tests; each rule undone fails its test."""
from __future__ import annotations

from tests.llm.conftest import law, missing

CONTRACTS = "CN-L-民法典-合同编.md"
MISUSED_LOAN_673 = law(1, CONTRACTS, "第六百七十三条")
SAFEKEEPING_892 = law(2, CONTRACTS, "第八百九十二条")
COMMISSION_GOODS_953 = law(3, CONTRACTS, "第九百五十三条")
INTERMEDIARY_REPORT_962 = law(4, CONTRACTS, "第九百六十二条")
TERMINATION_BEFORE_DONE_787 = law(5, CONTRACTS, "第七百八十七条")
LESSOR_SELLS_726 = law(6, CONTRACTS, "第七百二十六条")
MORTGAGE_SURPLUS_413 = law(7, "CN-L-民法典-物权编.md", "第四百一十三条")
STAKE_REPORT_63 = law(8, "CN-L-证券法-2019.md", "第六十三条")
COMMISSION_CONTRACT_951 = law(9, CONTRACTS, "第九百五十一条")


def test_the_lender_and_the_borrower_are_parties():
    assert missing("If the borrower uses the loan for another purpose, the lender may stop lending, call the loan in early "
                   "or terminate the contract.", MISUSED_LOAN_673) == []
    assert missing("If the borrower uses the loan for another purpose, the borrower may stop lending, call the loan in "
                   "early or terminate the contract.", MISUSED_LOAN_673) != []


def test_the_custodian_of_goods_kept_and_the_depositor_are_parties():
    assert missing("The custodian must keep the stored item with proper care.", SAFEKEEPING_892) == []
    assert missing("The depositor must keep the stored item with proper care.", SAFEKEEPING_892) != []


def test_a_commission_agent_is_no_agent_and_a_commission_contract_no_body():
    assert missing("A commission agent holding the consigned goods must look after them properly.", COMMISSION_GOODS_953) == []
    assert missing("In a commission contract the commission agent trades in its own name for the client, who pays it "
                   "remuneration.", COMMISSION_CONTRACT_951) == []
    assert missing("In a commission contract the commission agent trades in its own name for the client once the "
                   "commission approves.", COMMISSION_CONTRACT_951) != []   # a body the passage does not name


def test_the_intermediary_is_a_party():
    assert missing("中介人要如实向委托人报告与订立合同有关的事项。", INTERMEDIARY_REPORT_962) == []
    assert missing("委托人要如实向中介人报告与订立合同有关的事项。", INTERMEDIARY_REPORT_962) != []


def test_a_party_inside_a_time_phrase_is_not_the_subject():
    assert missing("Before the contractor completes the work, the ordering party can terminate the contract at any time.",
                   TERMINATION_BEFORE_DONE_787) == []
    assert missing("Before completing the work, the contractor can terminate the contract at any time.",
                   TERMINATION_BEFORE_DONE_787) != []


def test_a_sentence_opening_on_a_partys_condition_binds_that_party():
    assert missing("A lessor selling leased housing must notify the lessee a reasonable time before the sale.",
                   LESSOR_SELLS_726) == []
    assert missing("A lessee must notify the lessor a reasonable time before the leased housing is sold.",
                   LESSOR_SELLS_726) != []


def test_whatever_names_a_thing_when_it_belongs_somewhere():
    assert missing("Once the mortgaged property is sold, whatever the sale brings in above the secured claim belongs to "
                   "the mortgagor.", MORTGAGE_SURPLUS_413) == []
    assert missing("Once the mortgaged property is sold, the surplus above the secured claim goes to the mortgagor, "
                   "whatever the parties agree.", MORTGAGE_SURPLUS_413) != []


def test_alone_or_together_with_others_restricts_nothing():
    assert missing("An investor who, alone or together with others, comes to hold 5% of a listed company's voting shares "
                   "must report it in writing within three days.", STAKE_REPORT_63) == []
    assert missing("An investor who alone comes to hold 5% of a listed company's voting shares must report it in writing "
                   "within three days.", STAKE_REPORT_63) != []


PAID_SAFEKEEPING_902 = law(10, CONTRACTS, "第九百零二条")
SUPERVISION_779 = law(11, CONTRACTS, "第七百七十九条")
PLEDGE_CREATED_429 = law(12, "CN-L-民法典-物权编.md", "第四百二十九条")
GIFT_RETURNED_665 = law(13, CONTRACTS, "第六百六十五条")
MATERIALS_775 = law(14, CONTRACTS, "第七百七十五条")


def test_a_condition_joined_to_another_must_be_one_the_passage_speaks_of():
    assert missing("有偿保管的，寄存人要按约定的期限向保管人支付保管费。", PAID_SAFEKEEPING_902) == []
    assert missing("有偿保管且寄存人是企业的，寄存人要按约定的期限向保管人支付保管费。", PAID_SAFEKEEPING_902) != []


def test_a_scope_or_a_time_the_sentence_adds_must_be_the_passages():
    assert missing("承揽人在工作期间，要接受定作人必要的监督检验。", SUPERVISION_779) == []
    assert missing("承揽人在合同约定的验收期间，要接受定作人必要的监督检验。", SUPERVISION_779) != []


def test_a_premise_to_the_sentences_end_must_be_the_passages():
    assert missing("质权在出质人交付质押财产时设立。", PLEDGE_CREATED_429) == []
    assert missing("质权在出质人交付质押财产时设立，前提是质押合同已经公证。", PLEDGE_CREATED_429) != []


def test_what_provided_or_as_long_as_sets_must_be_the_passages():
    assert missing("A party that revokes a gift may ask the donee to return the gifted property, as long as it has "
                   "revoked the gift.", GIFT_RETURNED_665) == []
    assert missing("A party that revokes a gift may ask the donee to return the gifted property, provided a deposit "
                   "has been paid.", GIFT_RETURNED_665) != []


def test_a_chinese_role_must_do_what_the_passage_has_it_do():
    from kb.verify import _role_swaps

    passage = SUPERVISION_779.text
    assert _role_swaps("定作人不能以监督检验为由妨碍承揽人正常工作。", passage) == []
    assert _role_swaps("承揽人不得因监督检验妨碍定作人的正常工作。", passage) != []
    # a swap no duty word or party order shows: the roles stand in different clauses
    assert missing("定作人提供的材料，承揽人不能擅自更换。", MATERIALS_775) == []
    assert missing("承揽人提供的材料，定作人不能擅自更换。", MATERIALS_775) != []


def test_roles_joined_in_a_chinese_subject_both_act():
    from kb import facts

    priority_409 = law(15, "CN-L-民法典-物权编.md", "第四百零九条")
    assert missing("抵押人可以通过协议变更被担保的债权数额。", priority_409) == []
    facts.JOINED_ROLES = False
    try:
        assert missing("抵押人可以通过协议变更被担保的债权数额。", priority_409) != []
    finally:
        facts.JOINED_ROLES = True


def test_an_event_an_english_sentence_bounds_its_rule_by_must_be_the_passages():
    from kb import facts

    movables_224 = law(16, "CN-L-民法典-物权编.md", "第二百二十四条")
    assert missing("A property right in movables is created or transferred once the goods are delivered, unless the "
                   "law provides otherwise.", movables_224) == []
    signed = "A property right in movables is transferred once the sale contract is signed, unless the law provides otherwise."
    assert missing(signed, movables_224) != []
    facts.EVENT_BOUNDS = False
    try:
        assert missing(signed, movables_224) == []
    finally:
        facts.EVENT_BOUNDS = True
