"""A question that names no jurisdiction asks about the library's home jurisdiction: an arranger's English question on
how long a studio's copyright lasts is about PRC law (著作权法第二十三条), not the EU Regulation's article on what the
originator retains, which shares its English deal words (the whole corpus: tests/kb/test_corpus.py)."""
from __future__ import annotations

from dataclasses import replace

from kb.retriever import Retriever, home_jurisdiction
from tests.kb.conftest import make_doc

COPYRIGHT = make_doc("中华人民共和国著作权法", [
    "第二十三条 法人或者非法人组织的作品、著作权（署名权除外）由法人或者非法人组织享有的职务作品，其发表权的保护期为五十年，"
    "截止于作品创作完成后第五十年的12月31日；本法第十条第一款第五项至第十七项规定的权利的保护期为五十年，截止于作品首次发表后"
    "第五十年的12月31日，但作品自创作完成后五十年内未发表的，本法不再保护。",
])
PATENT = make_doc("中华人民共和国专利法", [
    "第十条 专利申请权和专利权可以转让。转让专利申请权或者专利权的，当事人应当订立书面合同，并向国务院专利行政部门登记。",
])
EU = replace(make_doc("Regulation (EU) 2017/2402", [
    "Article 6 Risk retention. 1. The originator, sponsor or original lender of a securitisation shall retain on an ongoing "
    "basis a material net economic interest in the securitisation of not less than 5 %. That interest shall be measured at "
    "the origination and shall be determined by the notional value for off-balance-sheet items.",
], jurisdiction="EU"), language="en")


def _first(retriever: Retriever, question: str) -> str:
    return retriever.search(question, k=3)[0].passage.record.jurisdiction


def test_home_is_where_most_stored_law_belongs(kb):
    for doc in (COPYRIGHT, PATENT, EU):
        kb.add(doc)
    law = list(kb.documents().values())
    assert home_jurisdiction(law) == {"CN"}
    assert home_jurisdiction([r for r in law if r.jurisdiction == "CN"]) == set()   # one jurisdiction: no home to prefer


def test_a_question_naming_the_other_jurisdiction_still_reaches_it(kb):
    for doc in (COPYRIGHT, PATENT, EU):
        kb.add(doc)
    assert _first(Retriever(kb), "Under the EU rules, how much must the originator of a securitisation retain?") == "EU"


def test_a_question_no_home_article_speaks_to_keeps_the_foreign_law_that_does(kb):
    from tests.kb.conftest import TRADEMARK

    for doc in (TRADEMARK, COPYRIGHT, EU):
        kb.add(doc)
    # Weighted down all the same, the trademark term (no word of the question) led the answer.
    assert _first(Retriever(kb), "Who must retain a material net economic interest in a securitisation?") == "EU"


DISCLOSURE = make_doc("证券公司及基金管理公司子公司资产证券化业务信息披露指引", [
    "第四条 资产支持证券在证券交易场所挂牌、转让的，管理人及其他信息披露义务人应当在证券交易场所指定的网站向合格投资者披露信息。",
    "第三条 原始权益人和除管理人以外的其他服务机构应当按照合同约定，及时向管理人提供有关信息，并保证所提供信息真实、准确、完整。",
], doc_type="departmental_rule")
TRANSPARENCY = replace(make_doc("Regulation (EU) 2017/2402", [
    "Article 22 Requirements relating to transparency. 1. The originator and the sponsor shall make available to potential "
    "investors before pricing data on static and dynamic historical default and loss performance.",
], jurisdiction="EU"), language="en")


def test_a_question_naming_no_jurisdiction_ranks_home_law_that_covers_it_above_foreign_law(kb):
    from tests.kb.conftest import TRADEMARK

    for doc in (DISCLOSURE, TRADEMARK, TRANSPARENCY):
        kb.add(doc)
    question = "Does the originator have to disclose the underlying exposures' data to investors before pricing?"
    unweighted = Retriever(kb)
    unweighted.OTHER_JURISDICTION_WEIGHT = 1.0
    assert "EU" in [h.passage.record.jurisdiction for h in unweighted.search(question, k=3)]   # the test can fail
    assert "EU" not in [h.passage.record.jurisdiction for h in Retriever(kb).search(question, k=3)]


def test_a_chinese_question_naming_no_jurisdiction_is_not_answered_by_foreign_law_alone():
    # "原始权益人风险自留的比例是多少？" got the EU Regulation's 5 % as the nearest provision (user12 S1-6).
    from kb.scope import other_jurisdictions_only
    reason = other_jurisdictions_only("原始权益人风险自留的比例是多少？", ["EU"])
    assert reason and "按中国法理解" in reason[1] and "欧盟" in reason[1]
    assert other_jurisdictions_only("原始权益人风险自留的比例是多少？", ["EU", "CN"]) is None
    # Naming the EU, or asking in English without a jurisdiction, may be answered from EU law.
    assert other_jurisdictions_only("欧盟对风险自留的比例有什么要求？", ["EU"]) is None
    assert other_jurisdictions_only("What share must the originator retain?", ["EU"]) is None


def test_the_foreign_rule_is_listed_as_related_not_as_the_answer(kb):
    from kb.answer import ask
    for doc in (COPYRIGHT, PATENT, EU):
        kb.add(doc)
    answer = ask(Retriever(kb), "原始权益人风险自留的比例是多少？")
    assert not answer.found and not answer.citations
    assert EU.doc_id in [c.doc_id for c in answer.related]
    assert any("按中国法理解" in n for n in answer.notices)
    assert ask(Retriever(kb), "欧盟要求发起机构风险自留的比例是多少？").found
