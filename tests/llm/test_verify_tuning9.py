"""Faithful paraphrases tuning9 found rejected on first contact (duty words compared by strength, a bound's own duty word,
order words on another event, numbers the extraction missed) and the period events it found passed; each change undone
(its switch or the code before it) fails its test."""
from __future__ import annotations

from kb import facts, verify
from kb.facts import duty_backed, extract
from tests.llm.conftest import law, missing

LEASE_705 = law(1, "CN-L-民法典-合同编.md", "第七百零五条")
PATENT_AGENCY_18 = law(2, "CN-L-专利法-2020.md", "第十八条")
GUARANTEE_692 = law(3, "CN-L-民法典-合同编.md", "第六百九十二条")
MISSING_46 = law(4, "CN-L-民法典-总则编.md", "第四十六条")
FUND_MANAGER_29 = law(5, "CN-L-证券投资基金法-2015.md", "第二十九条")
SIMULTANEOUS_526 = law(6, "CN-L-民法典-合同编.md", "第五百二十六条")
DEPOSIT_574 = law(7, "CN-L-民法典-合同编.md", "第五百七十四条")
FUND_NAV_70 = law(8, "CN-L-证券投资基金法-2015.md", "第七十条")


def test_a_permission_and_a_release_are_of_one_strength():
    # 可以委托…，但不是必须 says what 可以委托 says; 必须委托 for the Chinese applicant turns the rule
    assert missing("中国单位或个人在国内申请专利，可以委托专利代理机构，但不是必须。", PATENT_AGENCY_18) == []
    assert missing("中国单位或个人在国内申请专利，必须委托专利代理机构。", PATENT_AGENCY_18) != []
    assert duty_backed("need-not", {"may"}) and not duty_backed("must", {"may"}) and not duty_backed("may", {"must"})


def test_a_prohibition_or_release_is_backed_by_what_the_passage_denies():
    # 不发生中止、中断和延长: "cannot be suspended" denies what the passage denies; 不受二年时间的限制: 不必等满两年
    assert missing("The guarantee period cannot be suspended, interrupted or extended.", GUARANTEE_692) == []
    assert missing("因意外事件下落不明，有关机关证明其不可能生存的，申请宣告死亡不必等满两年。", MISSING_46) == []
    assert duty_backed("must-not", set(), denies=True) and not duty_backed("must", set(), denies=True)


def test_a_duty_word_on_a_bound_is_the_bound():
    # 最长只能是20年 and "may not run longer than twenty years" state 不得超过二十年, no duty and no "only"
    assert missing("租赁合同约定的期限最长只能是20年，多出来的部分无效。", LEASE_705) == []
    assert missing("When a lease is renewed, the renewed term may not run longer than twenty years.", LEASE_705) == []
    assert any(m.startswith("number 30") for m in missing("租赁合同约定的期限最长只能是30年，多出来的部分无效。", LEASE_705))


def test_a_modal_after_unless_describes_the_condition():
    assert extract("the owners must compensate it, unless the cause cannot be attributed to them").duties == {("duty", "must")}


def test_an_order_word_is_turned_round_only_on_the_same_event(monkeypatch):
    # 职责终止后 is "once the manager's duties end" (职责终止的), not against 新基金管理人产生前
    faithful = "公募基金的管理人职责终止后，持有人大会须在半年内选出新的基金管理人，选出前由证监会指定临时管理人。"
    assert missing(faithful, FUND_MANAGER_29) == []
    # on the same event the order still turns the rule round: 后履行 for 先履行
    assert any("after" in m for m in missing("应当后履行债务的一方未履行的，先履行一方有权拒绝其履行请求。", SIMULTANEOUS_526))
    monkeypatch.setattr(facts, "ORDER_BY_EVENT", False)
    assert any("after" in m for m in missing(faithful, FUND_MANAGER_29))


def test_a_period_runs_from_an_event_the_passage_names_in_its_own_words(monkeypatch):
    # 提存 is no event of kb.facts' list: the event is compared as written
    wrong = "债权人领取提存物的权利，从债务到期那天起算，五年不行使就消灭。"
    assert missing("债权人领取提存物的权利，从提存那天起算，五年不行使就消灭。", DEPOSIT_574) == []
    assert any("债务到期" in m for m in missing(wrong, DEPOSIT_574))
    # 签订后的六个月 is a period from the signing, not from the end of the main debt's term
    assert any("签订" in m for m in missing("没有约定保证期间的，保证期间是保证合同签订后的六个月。", GUARANTEE_692))
    assert missing("没有约定保证期间的，保证期间是主债务履行期届满后的六个月。", GUARANTEE_692) == []
    monkeypatch.setattr(facts, "ANCHOR_WORDS", False)
    assert missing(wrong, DEPOSIT_574) == []


def test_decimal_percentages_and_hours_are_numbers():
    assert ("num", 0.5, "percent") in extract("计价错误达到基金份额净值百分之零点五时").numbers
    assert missing("When a pricing error reaches 0.5% of the net asset value per fund unit, the fund manager must announce it.",
                   FUND_NAV_70) == []
    assert ("num", 24, "hour") in extract("期间的最后一日的截止时间为二十四时").numbers
    assert ("num", 18, None) not in extract("期间的最后一日的截止时间为二十四时").numbers


ISSUER_24 = law(9, "CN-L-证券法-2019.md", "第二十四条")
TRADEMARK_LICENCE_43 = law(10, "CN-L-商标法-2019.md", "第四十三条")
TRUSTEE_FEE_35 = law(11, "CN-L-信托法-2001.md", "第三十五条")
SECURITY_38 = law(12, "CN-J-担保制度解释-2020.md", "第三十八条")
SUBLEASE_716 = law(13, "CN-L-民法典-合同编.md", "第七百一十六条")
RECORDING_42 = law(14, "CN-L-著作权法-2020.md", "第四十二条")


def test_a_party_owning_the_subject_does_not_act(monkeypatch):
    # 发行人的控股股东…应当与发行人承担连带责任: the issuer owns the subject; 监督许可人的商品质量 still names the licensor's side
    faithful = "发行注册被撤销的，控股股东、实际控制人和保荐人要与发行人承担连带责任，能证明自己无过错的除外。"
    assert missing(faithful, ISSUER_24) == []
    assert any("other way round" in m for m in missing("被许可人要监督许可人的商品质量。", TRADEMARK_LICENCE_43))
    monkeypatch.setattr(facts, "POSSESSIVE_NO_ACTOR", False)
    assert any("other way round" in m for m in missing(faithful, ISSUER_24))


def test_a_prohibition_across_languages_is_compared_by_what_it_denies():
    # rendered by 受托人有权…取得报酬 (most glossary terms), backed by 未作事先约定和补充约定的，不得收取报酬
    assert missing("If the trust documents set no fee and the parties have not agreed one later, the trustee may not charge "
                   "any remuneration.", TRUSTEE_FEE_35) == []


def test_an_english_party_is_named_by_its_phrase(monkeypatch):
    # "the secured creditor" is 担保物权人 in the glossary; "the debtor" is named nowhere
    faithful = "As long as the secured claim has not been paid in full, the secured creditor may enforce its security over the whole."
    assert missing(faithful, SECURITY_38) == []
    assert "party 'debtor'" in missing("As long as the claim has not been paid in full, the debtor may enforce the security.",
                                       SECURITY_38)
    monkeypatch.setattr(verify, "ENGLISH_PARTY_PHRASES", False)
    assert "party 'creditor'" in missing(faithful, SECURITY_38)


def test_equivalent_wordings_of_an_exception_an_ending_and_a_due_date():
    # "unless the owner has declared it may not be used" is 著作权人声明不许使用的不得使用 (a 的 before a duty word is a condition too)
    assert missing("A record producer may use music already lawfully recorded by others without the copyright owner's "
                   "permission, but must pay, unless the owner has declared that such use is not allowed.", RECORDING_42) == []
    # 解除合同 ends the lease as "terminate" says, beside 租赁合同继续有效 for a consented sublease
    assert missing("If the tenant sublets without the landlord's consent, the landlord can terminate the lease.", SUBLEASE_716) == []
    # 主债务履行期限届满 is when the main debt falls due
    assert missing("Where the guarantee period was not agreed, it runs for six months from the date the main debt falls due.",
                   GUARANTEE_692) == []
    assert missing("Where the guarantee period was not agreed, it runs for six months from the date the guarantee contract "
                   "is signed.", GUARANTEE_692) != []


PARTIAL_531 = law(15, "CN-L-民法典-合同编.md", "第五百三十一条")


def test_an_english_prohibition_needs_its_act_denied_in_the_passage():
    # 可以拒绝 is not denied by the 不损害 of the proviso: "may not refuse" turns the permission round (tuning11's first contact)
    assert missing("A creditor may not refuse partial performance by the debtor.", PARTIAL_531) != []
    assert missing("A creditor may refuse partial performance by the debtor unless partial performance does not harm the "
                   "creditor's interests.", PARTIAL_531) == []
