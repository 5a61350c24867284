"""Rules added after tuning17's first contact (bench/data/verifier_pairs_tuning17.jsonl): more of the named contracts'
roles as parties (carriage, liens, commissioned development, property services, partnership); a party's party ("the
partner's creditor") owns nothing; "the agent" after "the commission agent" is the same party; a sole trader is no
'only'; "even between …" sets a condition as "even if" does; "without X's consent, may not" sets consent as a
condition the passage must set; a passage assigning a payment with 由 (由债务人清偿) states a duty; intent and
negligence, all and a majority, are opposites; a commission agent's principal is its client; a Chinese role making a
relative clause (定作人提供的图纸) does not act in its clause. The sentences below are written for these tests; each
rule undone fails its test."""
from __future__ import annotations

from tests.llm.conftest import law, missing

CONTRACTS = "CN-L-民法典-合同编.md"
PROPERTY = "CN-L-民法典-物权编.md"
CARRIAGE_PAPERS_826 = law(1, CONTRACTS, "第八百二十六条")
LIEN_ENFORCED_454 = law(2, PROPERTY, "第四百五十四条")
DEVELOPER_PLAN_853 = law(3, CONTRACTS, "第八百五十三条")
PARTNER_CREDITOR_975 = law(4, CONTRACTS, "第九百七十五条")
COMMISSION_GOODS_954 = law(5, CONTRACTS, "第九百五十四条")
FUTURE_GOODS_396 = law(6, PROPERTY, "第三百九十六条")
SAME_RELATIONSHIP_448 = law(7, PROPERTY, "第四百四十八条")
SERVICES_DISCLOSED_943 = law(8, CONTRACTS, "第九百四十三条")
NO_PAY_FOR_PARTNERS_971 = law(9, CONTRACTS, "第九百七十一条")
LIEN_PROCEEDS_455 = law(10, PROPERTY, "第四百五十五条")
INTERMEDIARY_HIDES_962 = law(11, CONTRACTS, "第九百六十二条")
SHARE_TO_OUTSIDER_974 = law(12, CONTRACTS, "第九百七十四条")
AGENT_AS_BUYER_956 = law(13, CONTRACTS, "第九百五十六条")
DRAWINGS_UNREASONABLE_776 = law(14, CONTRACTS, "第七百七十六条")


def test_the_shipper_and_the_consignee_are_parties():
    assert missing("Where the carriage needs approvals or inspections, the shipper must hand the carrier the documents "
                   "once they are done.", CARRIAGE_PAPERS_826) == []
    assert missing("Where the carriage needs approvals or inspections, the consignee must hand the carrier the documents "
                   "once they are done.", CARRIAGE_PAPERS_826) != []


def test_the_lienholder_is_a_party():
    assert missing("Once the debt has fallen due, the debtor may ask the lienholder to enforce the lien.",
                   LIEN_ENFORCED_454) == []
    assert missing("Once the debt has fallen due, the lienholder may ask the debtor to enforce the lien.",
                   LIEN_ENFORCED_454) != []


def test_the_property_service_provider_and_the_owner_are_parties():
    assert missing("The property service provider must regularly make its services, charges and the use of the repair "
                   "fund public to the property owners.", SERVICES_DISCLOSED_943) == []
    assert missing("The property owners must regularly make the services, charges and the use of the repair fund public "
                   "to the property service provider.", SERVICES_DISCLOSED_943) != []


def test_the_developer_is_a_party():
    assert missing("In commissioned development the developer must draw up and carry out the R&D plan as agreed.",
                   DEVELOPER_PLAN_853) == []
    assert missing("In commissioned development the commissioning party must draw up and carry out the R&D plan as "
                   "agreed.", DEVELOPER_PLAN_853) != []


def test_a_partners_creditor_is_a_party_not_a_thing_owned():
    assert missing("A partner's creditor may not exercise the partner's rights in the partner's place, though it may "
                   "claim the partner's share of profits.", PARTNER_CREDITOR_975) == []
    assert missing("A partner's creditor may exercise the partner's rights in the partner's place.",
                   PARTNER_CREDITOR_975) != []


def test_the_agent_after_the_commission_agent_is_the_same_party():
    assert missing("If the goods handed to the commission agent are perishable, the agent may dispose of them with the "
                   "client's consent.", COMMISSION_GOODS_954) == []
    assert missing("If the goods handed to the commission agent are perishable, the agent may dispose of them without "
                   "the client's consent.", COMMISSION_GOODS_954) != []


def test_a_sole_trader_restricts_nothing():
    assert missing("A sole trader may mortgage its present and future products.", FUTURE_GOODS_396) == []
    assert missing("A sole trader may mortgage only its present products.", FUTURE_GOODS_396) != []


def test_even_between_sets_a_condition():
    assert missing("Except between enterprises, a creditor may only retain movables in the same legal relationship as "
                   "its claim.", SAME_RELATIONSHIP_448) == []
    assert missing("Even between enterprises, a creditor may only retain movables in the same legal relationship as its "
                   "claim.", SAME_RELATIONSHIP_448) != []


def test_without_consent_may_not_sets_a_condition_the_passage_must_set():
    assert missing("A partner may not claim remuneration for handling partnership affairs unless the partnership "
                   "contract provides otherwise.", NO_PAY_FOR_PARTNERS_971) == []
    assert missing("Without the approval of the other partners, a partner may not claim remuneration for handling "
                   "partnership affairs.", NO_PAY_FOR_PARTNERS_971) != []


def test_a_payment_the_passage_assigns_to_a_party_states_a_duty():
    assert missing("After the retained property is sold, the debtor must pay any shortfall.", LIEN_PROCEEDS_455) == []
    assert missing("After the retained property is sold, the debtor may not pay any shortfall.", LIEN_PROCEEDS_455) != []


def test_intent_and_negligence_are_opposites():
    assert missing("An intermediary that deliberately hides material facts to the client's harm loses its fee and must "
                   "pay damages.", INTERMEDIARY_HIDES_962) == []
    assert missing("An intermediary that negligently leaves out material facts to the client's harm loses its fee and "
                   "must pay damages.", INTERMEDIARY_HIDES_962) != []


def test_all_and_a_majority_are_opposites():
    assert missing("除合伙合同另有约定外，合伙人向合伙人以外的人转让财产份额，须经其他合伙人一致同意。", SHARE_TO_OUTSIDER_974) == []
    assert missing("除合伙合同另有约定外，合伙人向合伙人以外的人转让财产份额，须经过半数的其他合伙人同意。", SHARE_TO_OUTSIDER_974) != []


def test_a_commission_agents_principal_is_its_client():
    assert missing("When the commission agent sells goods with a market price, it may itself act as the buyer unless the "
                   "principal has said otherwise.", AGENT_AS_BUYER_956) == []
    assert missing("When the commission agent sells goods with a market price, the principal may itself act as the buyer "
                   "unless the agent objects.", AGENT_AS_BUYER_956) != []


def test_a_role_in_a_relative_clause_does_not_act():
    assert missing("定作人提供的技术要求不合理的，承揽人发现后应及时通知定作人。", DRAWINGS_UNREASONABLE_776) == []
    assert missing("承揽人提供的技术要求不合理的，定作人发现后应及时通知承揽人。", DRAWINGS_UNREASONABLE_776) != []
