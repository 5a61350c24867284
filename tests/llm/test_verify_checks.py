"""The verifier's finer checks, each with a defective sentence it must remove and a faithful paraphrase it must keep."""
from __future__ import annotations

import pytest

from kb.facts import bindings, extract, negated, orders
from kb.verify import Draft, Passage
from tests.llm.conftest import law

# The articles as ingest stores them, read from ../shared/corpus (law in conftest); a span kept as text below is
# one whose test asserts about the span and turns when the whole article is read.
FINE_68 = law(1, "CN-L-专利法-2020.md", "第六十八条")
TERM_82 = law(2, "CN-R-专利法实施细则-2023.md", "第八十二条")
DAMAGES_63 = law(3, "CN-L-商标法-2019.md", "第六十三条")
PLEDGE_15 = law(4, "CN-R-专利法实施细则-2023.md", "第十五条")
TRANSFER_10 = law(5, "CN-L-专利法-2020.md", "第十条")
TERM_42 = law(6, "CN-L-专利法-2020.md", "第四十二条")
RECORD_69 = law(7, "CN-R-商标法实施条例-2014.md", "第六十九条")
QUALITY_43 = law(8, "CN-L-商标法-2019.md", "第四十三条")
TRUST_17 = Passage(11, "第十七条 除因下列情形之一外，对信托财产不得强制执行：\n（一）设立信托前债权人已对该信托财产享有优先受偿的"
                       "权利，并依法行使该权利的；", "《中华人民共和国信托法》第十七条", "law")
LAPSE_44 = law(9, "CN-L-专利法-2020.md", "第四十四条")
SUBSCRIBE_29 = law(10, "CN-M-证券公司及基金管理公司子公司资产证券化业务管理规定-2014.md", "第二十九条")
PASSAGES = {p.n: p for p in (FINE_68, TERM_82, DAMAGES_63, PLEDGE_15, TRANSFER_10, TERM_42, RECORD_69, QUALITY_43,
                             LAPSE_44, SUBSCRIBE_29, TRUST_17)}


def test_amounts_with_separators_and_magnitudes_are_one_number():
    assert extract("RMB 250,000").numbers == {("num", 250_000, None)}
    assert extract("二十五万元").numbers == {("num", 250_000, "yuan")}
    assert extract("RMB 1 million").numbers == {("num", 1_000_000, None)}
    assert extract("100万元").numbers == {("num", 1_000_000, "yuan")}
    assert extract("a six-month grace period").numbers == {("num", 6, "month")}


def test_paragraph_and_item_labels_are_not_amounts():
    assert not extract("专利法第四十二条第三款、第五项").numbers
    assert not extract("Article 6(1), point (a)").numbers
    assert not extract("one of the permitted ways").numbers      # a pronoun, not a count
    assert extract("one year").numbers == {("num", 1, "year")}


def test_duty_wordings():
    assert extract("no co-owner may grant a licence").duties == {("duty", "must-not")}
    assert extract("出租人请求解除合同的，人民法院应予支持").duties == {("duty", "may")}
    assert extract("投资者享有下列权利").duties == {("duty", "may")}
    assert extract("trust registration is optional").duties == {("duty", "need-not")}


def test_qualifiers_and_events():
    assert extract("不论是否恶意").qualifiers == extract("whether or not in bad faith").qualifiers == {
        ("qualifier", "regardless"), ("qualifier", "faith")}
    assert extract("但是经受让人同意的除外").qualifiers == extract("unless the assignee agrees").qualifiers
    assert extract("自登记之日起生效").events == extract("takes effect from the date of registration").events \
        == {("event", "registration")}
    assert extract("from the date the grant is announced").events == {("event", "grant"), ("event", "publication")}


def test_who_does_what():
    assert bindings("未经质权人同意，出质人不得转让") == {("pledgor", "must-not")}
    assert bindings("The pledgor may not assign the pledged right without the pledgee's consent") == {("pledgor", "must-not")}
    assert orders("许可人应当监督被许可人") == {("licensor", "licensee")}
    assert negated("专利权并不因此终止") and negated("对信托财产不得强制执行") and negated("does not apply")
    assert not negated("不超过二百人") and not negated("not less than 5 %") and not negated("无论有无过错")


KEPT = [
    ("Where there are no illegal gains, the fine for passing off a patent may be up to RMB 250,000 [1].",
     "可以处二十五万元以下的罚款", [1]),
    ("The compensation is the days from the filing date to the marketing approval in China minus five years [2].",
     "间隔天数减去5年", [2]),
    ("对恶意侵犯商标专用权且情节严重的，可以按上述方法确定数额的一倍以上五倍以下确定赔偿数额[3]。", "一倍以上五倍以下确定赔偿数额", [3]),
    ("以专利权出质的，由出质人和质权人共同向国务院专利行政部门办理出质登记[4]。", "由出质人和质权人共同向国务院专利行政部门办理出质登记", [4]),
    ("专利权的转让自向国务院专利行政部门登记之日起生效[5]。", "专利申请权或者专利权的转让自登记之日起生效", [5]),
    ("A design patent is protected for fifteen years counted from the filing date [6].", "外观设计专利权的期限为十五年", [6]),
    ("The licensor must record the trademark licence with the trademark office during the term of the licence contract [7].",
     "许可人应当在许可合同有效期内向商标局备案", [7]),
    ("许可人应当监督被许可人使用该注册商标的商品质量[8]。", "许可人应当监督被许可人使用其注册商标的商品质量", [8]),
    ("没有按照规定缴纳年费的，专利权在期限届满前终止[9]。", "没有按照规定缴纳年费的", [9]),
    ("转让专利权的，当事人应当订立书面合同[5]。", "当事人应当订立书面合同", [5]),
    ("除法定情形外，对信托财产不得强制执行[11]。", "对信托财产不得强制执行", [11]),
    ("Asset-backed securities go to at most two hundred qualified investors, each subscribing at least RMB 1 million [10].",
     "单笔认购不少于100万元人民币", [10]),
]


@pytest.mark.slow
@pytest.mark.parametrize("text, quote, cites", KEPT)
def test_faithful_paraphrase_is_kept(verifier, text, quote, cites):
    result = verifier.check(Draft(text, cites, quote), PASSAGES)
    assert result.status == "supported", result.reason


@pytest.mark.slow
@pytest.mark.parametrize("text, quote, cites, reason", [
    ("Where there are no illegal gains, the fine may be up to RMB 350,000 [1].", "可以处二十五万元以下的罚款", [1],
     "number 350000"),
    ("The compensation is the days from the filing date to the marketing approval in China minus three years [2].",
     "间隔天数减去5年", [2], "number 3 year"),                            # 第三款 is a label, not 3
    ("不论是否恶意，都可以按上述方法确定数额的一倍以上五倍以下确定赔偿数额[3]。", "一倍以上五倍以下确定赔偿数额", [3],
     "qualifier 'regardless'"),                                          # an invented condition
    ("以专利权出质的，由质权人单独向国务院专利行政部门办理出质登记[4]。", "由出质人和质权人共同向国务院专利行政部门办理出质登记", [4],
     "qualifier 'alone'"),
    ("专利权的转让自转让合同签订之日起生效[5]。", "专利申请权或者专利权的转让自登记之日起生效", [5],
     "period running from 'signing'"),
    ("A design patent is protected for fifteen years counted from the date the grant is announced [6].",
     "外观设计专利权的期限为十五年", [6], "period running from 'publication'"),
    ("A trademark licensee must record the licence with the trademark office during the term of the licence contract [7].",
     "许可人应当在许可合同有效期内向商标局备案", [7], "'must' for the licensee"),
    ("商标被许可人应当监督许可人使用该注册商标的商品质量[8]。", "许可人应当监督被许可人使用其注册商标的商品质量", [8],
     "the licensee acting on the licensor"),
    ("没有按照规定缴纳年费的，专利权并不因此在期限届满前终止[9]。", "没有按照规定缴纳年费的", [9],
     "the negation of the clause on the same subject"),
    ("转让专利权的，当事人可以订立书面合同[5]。", "当事人应当订立书面合同", [5], "the duty of the clause on the same subject"),
    ("信托财产与其他财产一样，可以被委托人的债权人申请强制执行[11]。", "对信托财产不得强制执行", [11],
     "the duty of the clause on the same subject"),   # (a check of its own, flipped_duties, was dropped as redundant)
    ("Asset-backed securities go to at most two hundred qualified investors, each subscribing at least RMB 2 million [10].",
     "单笔认购不少于100万元人民币", [10], "number 2000000"),
])
def test_defect_is_removed_with_its_reason(verifier, text, quote, cites, reason):
    result = verifier.check(Draft(text, cites, quote), PASSAGES)
    assert result.status == "removed"
    assert reason in result.reason


PLEDGE_14 = law(12, "CN-M-著作权质权登记办法-2011.md", "第十四条")


@pytest.mark.parametrize("text, stated", [
    # "unless" and "only with" say what 未经…同意，不得 says
    ("During the pledge the pledgor may not assign or license the right unless the pledgee consents.", True),
    ("During the pledge the pledgor may not assign the right, except with the pledgee's consent.", True),
    # the consenting party is an object, not the one bound: the pledgor stays the subject of "may not"
    ("During the pledge the pledgor, without the pledgee's consent, may not assign or license the pledged right.", True),
    ("During the pledge the pledgor, without consent from the pledgee, may not assign or license the pledged right.", True),
    # the pledgee is the wrong party to bind
    ("During the pledge the pledgee may not assign or license the right unless the pledgor consents.", False),
    # an invented exception the article does not make
    ("The pledgor may not assign the pledged right, regardless of the pledgee's consent.", False),
])
def test_english_paraphrase_of_a_conditional_prohibition(text, stated):
    from kb.verify import Verifier

    # across languages no clause alignment runs, so no embeddings are needed
    assert (Verifier(None).missing_facts(text, [PLEDGE_14]) == []) is stated


def test_english_anchors_name_a_date_not_any_from():
    assert not extract("Trust property is kept separate from the registration of the settlor's assets").events
    assert extract("counted from the filing date").events == {("event", "filing")}
    assert extract("in the year the patent is granted").events == {("event", "grant")}
