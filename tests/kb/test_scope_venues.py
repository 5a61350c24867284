"""A market the library holds nothing from is refused with the reason, not answered from another market's rules."""
from __future__ import annotations

import pytest

from kb.answer import ask
from kb.retriever import Retriever
from tests.kb.conftest import make_doc

DISCLOSURE = make_doc("证券公司及基金管理公司子公司资产证券化业务信息披露指引", [
    "第四条 资产支持证券在证券交易场所挂牌、转让的，管理人及其他信息披露义务人应当在证券交易场所指定的网站向合格投资者披露信息。",
], doc_type="departmental_rule")


@pytest.mark.parametrize("question", ["交易商协会的资产支持票据指引对知识产权ABN的信息披露有什么要求？",
                                      "What must an IP asset-backed note issuer disclose under the NAFMII rules?"])
def test_interbank_notes_are_not_answered_from_exchange_rules(kb, question):
    kb.add(DISCLOSURE)
    answer = ask(Retriever(kb), question)
    assert not answer.found and not answer.citations
    assert "交易商协会" in answer.answer or "NAFMII" in answer.answer


def test_the_same_question_about_exchange_abs_is_answered(kb):
    kb.add(DISCLOSURE)
    assert ask(Retriever(kb), "资产支持证券挂牌后，管理人应当在哪里披露信息？").found


def test_an_instrument_named_that_the_library_does_not_hold_is_refused_with_its_name(kb):
    kb.add(DISCLOSURE)
    answer = ask(Retriever(kb), "证监会2023年发布的《知识产权证券化业务指引》第十二条对信息披露有什么要求？")
    assert not answer.found and not answer.citations and "《知识产权证券化业务指引》" in answer.answer
    # Named by a part of its title, a stored instrument answers.
    named = ask(Retriever(kb), "《资产证券化业务信息披露指引》对挂牌后的信息披露有什么要求？")
    assert named.found and named.citations[0].doc_id == DISCLOSURE.doc_id


def test_a_us_rule_named_by_its_name_is_looked_up_in_us_documents(kb):
    from kb.scope import named_jurisdictions

    # "Regulation RR", "Rule 144A", the SEC, "US" in capitals name the United States; "us" does not.
    assert named_jurisdictions("Under Regulation RR, what must the sponsor retain?") == ["US"]
    assert named_jurisdictions("Does Regulation AB apply to a Rule 144A deal?") == ["US"]
    assert named_jurisdictions("Can you tell us the pledge rule?") == []
    kb.add(make_doc("资产证券化风险自留规则（测试）", [
        "第五条 原始权益人应当持有不低于百分之五的次级资产支持证券。"]))
    kb.add(make_doc("US credit risk retention digest (test)", [
        "Section 3 The sponsor shall retain not less than 5 percent of the credit risk of the securitized assets."],
        jurisdiction="US", doc_type="digest"))
    answer = ask(Retriever(kb), "Under Regulation RR, how much credit risk must the sponsor retain?")
    assert answer.found and answer.citations[0].record.jurisdiction == "US"


# 管理规定第二十九条 (2014): who may invest; the question below asks about a foreign-investor scheme it never names.
INVESTORS = make_doc("证券公司及基金管理公司子公司资产证券化业务管理规定", [
    "第二十九条 资产支持证券应当面向合格投资者发行，发行对象不得超过二百人，单笔认购不少于100万元人民币发行面值或等值份额。",
], doc_type="departmental_rule")


@pytest.mark.parametrize("question, acronym", [
    ("QFII能不能认购资产支持证券？有没有认购金额限制？", "QFII"),
    ("Can a WFOE set up by the originator subscribe to the securities, and is there a minimum amount?", "WFOE"),
])
def test_a_scheme_named_by_an_acronym_no_text_mentions_is_refused_with_it(kb, question, acronym):
    kb.add(INVESTORS)
    answer = ask(Retriever(kb), question)
    assert not answer.found and not answer.citations and acronym in answer.answer


@pytest.mark.parametrize("question", [
    "资产支持证券的合格投资者，单笔认购不少于多少RMB？",    # a currency names no scheme
    # An office's shorthand names no scheme either (the probe7 audit's E01 and E06 were refused for CFO and OK).
    "Our CFO signed off on the placement. With the manager's OK, may the securities go to more than 200 investors?",
    "资产支持证券能不能向超过二百个投资者发行？Is that NOT allowed?",   # an English word in capitals for stress
    "SME做原始权益人的ABS，资产支持证券的发行对象可以超过二百人吗？",   # the glossary's Chinese for SME and ABS are stored
])
def test_acronyms_the_library_knows_are_answered(kb, question):
    kb.add(INVESTORS)
    kb.add(make_doc("中华人民共和国中小企业促进法", ["第二条 本法所称中小企业，是指在中华人民共和国境内依法设立的，"
                                                  "人员规模、经营规模相对较小的企业，包括中型企业、小型企业和微型企业。"]))
    assert ask(Retriever(kb), question).found


def test_a_chinese_instrument_named_after_a_foreign_partner_is_no_foreign_law():
    from kb.scope import named_jurisdictions

    assert "SG" not in named_jurisdictions("What does the Sino-Singapore Guangzhou Knowledge City regulation say on IP securitisation?")
    assert named_jurisdictions("Under Singapore law, can a patent be pledged?") == ["SG"]


@pytest.mark.parametrize("question, law", [
    ("原始权益人是有限责任公司，转让核心专利给专项计划前，公司法要求必须由股东会作出决议吗？", "公司法"),
    ("按照合同法第五十二条，这份认购协议无效吗？", "合同法"),
    ("企业破产法对资产支持证券的投资者有什么影响？", "企业破产法"),
])
def test_a_law_cited_by_name_that_the_library_does_not_hold_is_refused_with_its_name(kb, question, law):
    kb.add(INVESTORS)
    answer = ask(Retriever(kb), question)
    assert not answer.found and not answer.citations and f"《{law}》" in answer.answer


def test_a_stored_law_cited_by_name_and_everyday_words_ending_in_fa_are_answered(kb):
    from kb.scope import _laws_named_plainly

    kb.add(make_doc("中华人民共和国证券法", ["第九条 公开发行证券，必须符合法律、行政法规规定的条件，并依法报经国务院证券监督管理机构"
                                            "或者国务院授权的部门注册。"]))
    assert ask(Retriever(kb), "按照证券法规定，公开发行证券要注册吗？").found
    assert _laws_named_plainly("用什么评估方法？这种做法合法吗？依法设立的信托公司能做受托人吗？") == []


def test_a_question_on_one_jurisdiction_is_not_answered_from_another(kb):
    """The library holds a US digest (so the US is not refused as absent) but no US statute: a question under the US
    Bankruptcy Code found only PRC passages, and they were presented as its governing provisions."""
    kb.add(make_doc("中华人民共和国专利法", ["第十二条 任何单位或者个人实施他人专利的，应当与专利权人订立实施许可合同，"
                                              "向专利权人支付专利使用费。"]))
    kb.add(make_doc("US credit risk retention digest (test)", [
        "Section 3 The sponsor shall retain not less than 5 percent of the credit risk of the securitized assets."],
        jurisdiction="US", doc_type="digest"))
    answer = ask(Retriever(kb), "Under the US Bankruptcy Code, may a patent licensee keep paying royalties and using the patent?")
    assert not answer.found and not answer.citations and "not of the United States" in answer.answer
    assert ask(Retriever(kb), "Under Chinese law, must a patent licensee pay royalties to the patentee?").found


@pytest.mark.parametrize("question, subject", [
    ("原始权益人想让这批许可费应收账款出表，按企业会计准则要满足什么条件？", "会计准则"),
    ("Can the originator derecognise the licence-fee receivables once they are sold to the special plan?", "accounting standards"),
    ("Under CAS 23, can the originator derecognise the receivables once the investors subscribe?", "accounting standards"),
    ("What risk weight does a bank apply to the senior tranche of an IP ABS it holds?", "risk weights"),
    ("境外投资者认购资产支持证券，要不要先到外汇局办理外汇登记？", "外汇管理"),
    ("Can the special plan be labelled a green ABS if the patents are for clean energy?", "green"),
])
def test_a_subject_next_to_securitisation_no_text_mentions_is_refused_with_it(kb, question, subject):
    """Accounting, bank capital, foreign exchange and green labels sound like securitisation law; quoting the
    rules on who may invest in their place reads as if those rules answered them."""
    kb.add(INVESTORS)
    answer = ask(Retriever(kb), question)
    assert not answer.found and not answer.citations and subject in answer.answer


def test_a_subject_becomes_answerable_once_a_stored_text_mentions_it(kb):
    kb.add(INVESTORS)
    question = "原始权益人想让这批许可费应收账款出表，按企业会计准则要满足什么条件？"
    assert not ask(Retriever(kb), question).found
    kb.add(make_doc("企业会计准则第23号——金融资产转移（测试）", [
        "第七条 企业已将金融资产所有权上几乎所有的风险和报酬转移给转入方的，应当终止确认该金融资产。"]))
    assert ask(Retriever(kb), question).found


@pytest.mark.parametrize("question", [
    "What happens to the special plan if the originator loses its solvency?",    # solvency alone: the originator's
    "资产支持证券能不能走绿色通道快速发行给超过二百个投资者？",                       # 绿色通道 is no green label
    "Who may subscribe to the securities: may an accounting firm's partner invest?",  # an accounting firm is no standard
    "如果被许可人丧失偿付能力，专项计划的现金流怎么办？",                              # an obligor's solvency, no capital rule
    "管理人应当在说明书中列出表明基础资产权属的文件吗？",                              # 列出表明 holds no 出表
])
def test_words_near_a_subject_do_not_refuse(kb, question):
    kb.add(INVESTORS)
    from kb.scope import unmentioned_subject

    assert unmentioned_subject(question, lambda word: False) is None


@pytest.mark.parametrize("question, code, name", [
    ("专项计划要向境外投资者发行，原始权益人打算在开曼群岛设一家特殊目的公司持有专利。开曼法律对这类公司有什么注册要求？",
     "KY", "开曼群岛"),
    ("If the issuer is a BVI company, what filings does BVI law require before it takes the royalties?", "VG",
     "the British Virgin Islands"),
    ("Under Irish law, may a section 110 company buy patent royalties?", "IE", "Ireland"),
])
def test_an_offshore_vehicles_own_law_is_refused_by_name(kb, question, code, name):
    # The questions_zh_tuning7 set's z7-038 was answered from 专利法 and 监管问答（三） with the confident heading.
    from kb.scope import named_jurisdictions

    kb.add(INVESTORS)
    assert named_jurisdictions(question) == [code]
    answer = ask(Retriever(kb), question)
    assert not answer.found and not answer.citations and name in answer.answer


@pytest.mark.parametrize("question, code", [
    ("欧洲投资者要求产品符合STS标准，定价前要提供多长时间的历史违约数据？", "EU"),   # STS: the EU Regulation's own term
    ("SPV设在BVI，适用哪里的公司法？", "VG"),
])
def test_a_jurisdiction_named_by_latin_letters_inside_chinese_text_is_found(question, code):
    # A Chinese character is a word character: "符合STS标准" holds no \b around STS.
    from kb.scope import named_jurisdictions
    assert code in named_jurisdictions(question)


def test_a_us_state_s_law_or_the_ucc_is_us_law():
    from kb.scope import named_jurisdictions

    # "Under Delaware law…" was answered with a PRC judicial interpretation (user12, S1-5): the state is the US.
    assert named_jurisdictions("Under Delaware law, how is a true sale of receivables perfected?") == ["US"]
    assert named_jurisdictions("How is a security interest perfected under the UCC?") == ["US"]
    assert named_jurisdictions("按特拉华州法律，应收账款真实出售如何完善？") == ["US"]

