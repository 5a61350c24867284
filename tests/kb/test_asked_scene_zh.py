"""A Chinese deal story: the deal words only its scene uses are left out of the search, so the asked point leads."""
from __future__ import annotations

import pytest

from app.ingestion import ingest_paths
from kb.asked import asked_clause, scene_words, tells_a_story, without_scene_words
from kb.library import KnowledgeBase
from kb.retriever import Retriever
from tests.conftest import link_e5_models
from tests.shared import CORPUS, missing


def test_the_asked_sentence_follows_the_story():
    question = "原始权益人把专利许可合同的收费权卖给了专项计划。被许可人能不能拒绝付款？"
    assert asked_clause(question) == "被许可人能不能拒绝付款？"
    # The licensee is asked about and stays; the originator, the licence and the plan only set the scene.
    assert scene_words(question) == ["原始权益人", "专利许可合同", "专项计划"]
    assert without_scene_words(question) == " 把 的收费权卖给了 。被许可人能不能拒绝付款？"


def test_a_statement_with_zheme_is_no_question():
    # 这么 is no 么 that asks: the originator's view belongs to the scene, the investor's right is asked.
    question = "投资者想把手里的资产支持证券质押给银行。原始权益人担心影响基础资产，认为不能这么做。投资者有没有这个权利？"
    assert asked_clause(question) == "投资者有没有这个权利？"
    assert scene_words(question) == ["原始权益人", "基础资产"]


def test_almost_is_no_question_word():
    # 几 asks (几年, 几个), 几乎 ("almost") does not: the pool's share belongs to the scene.
    question = "入池专利几乎是原始权益人的全部专利。专项计划受让后，原始权益人还能继续实施吗？"
    assert asked_clause(question) == "专项计划受让后，原始权益人还能继续实施吗？"
    # A sentence closed by 。 states, whatever words it holds: "几件" is "a few" there (the probe7 audit's C06 was
    # read as all ask, so its story's deal words were searched and its heading called the law found governing).
    question = "入池的主要是几件实用新型专利。原始权益人要起诉仿冒者，法院会要求先出具什么报告？"
    assert asked_clause(question) == "原始权益人要起诉仿冒者，法院会要求先出具什么报告？"
    # Nor does 几 that counts: "未来几年" is "the next few years".
    question = "原始权益人想用未来几年的收费收入发ABS。监管对这类现金流的来源有什么要求？"
    assert asked_clause(question) == "监管对这类现金流的来源有什么要求？"


def test_one_sentence_asks_in_its_last_clause_after_a_story():
    question = "资产服务机构收齐了本期许可费，却拖了两个月才划给专项计划，计划能否解除服务协议？"
    assert asked_clause(question) == "计划能否解除服务协议？"
    assert scene_words(question) == ["资产服务机构", "许可费", "专项计划"]
    # A topic named before a single comma is no scene: the plan's manager is what the question is about.
    assert asked_clause("证券公司担任专项计划管理人，净资本最低要求是多少？") == ""
    assert scene_words("证券公司担任专项计划管理人，净资本最低要求是多少？") == []


def test_a_deal_word_the_asked_clause_names_by_its_short_form_stays():
    # 服务机构 asked is the scene's 资产服务机构.
    question = "某单专利ABS的资产服务机构拒绝向管理人提供回款明细。服务机构有义务提供吗？"
    assert scene_words(question) == []
    assert without_scene_words(question) == question
    # At each place the longest deal word: the licensee (被许可人) is no licensor, and stays when asked about.
    assert scene_words("许可费由被许可人支付。被许可人可以拒付吗？") == ["许可费"]


def test_a_question_without_a_scene_keeps_its_words():
    for question in ("专利权质押合同必须采用书面形式吗？", "被许可人拖欠许可费，原始权益人能解除合同吗？"):
        assert without_scene_words(question) == question


# Real law texts: the Civil Code's general and contract books, with the ABS rules and the Patent Law that the deal
# words pull towards.
FILES = ("CN-L-民法典-合同编.md", "CN-L-民法典-总则编.md", "CN-L-专利法-2020.md",
         "CN-M-证券公司及基金管理公司子公司资产证券化业务管理规定-2014.md", "CN-M-资产证券化监管问答三-2019.md")


@pytest.fixture(scope="module")
def law_kb(tmp_path_factory, e5_models) -> KnowledgeBase:
    if not CORPUS.is_dir():
        pytest.skip(missing(CORPUS))
    kb = KnowledgeBase.open(link_e5_models(tmp_path_factory.mktemp("law"), e5_models), "e5")
    summary = ingest_paths(kb, [CORPUS / name for name in FILES], {})
    assert summary.counts()["failed"] == 0
    return kb


@pytest.mark.corpus
@pytest.mark.slow
def test_the_asked_point_leads_over_the_scenes_licence_words(law_kb):
    # 民法典第五百八十五条 (a court may lower liquidated damages far above the loss) answers; with the scene's
    # licensee and licence searched (被许可人, 许可合同), the technology-licence articles 第八百七十二条 and 第八百七十三条 led.
    question = ("原始权益人与被许可人签订许可合同时约定了违约金，后来原始权益人延迟交付技术资料，被许可人主张的违约金远高于"
                "实际损失。原始权益人能请求法院调低吗？")
    hits = Retriever(law_kb).search(question, k=3)
    assert hits[0].passage.article == "第五百八十五条", [h.passage.article for h in hits]
    scene_kept = Retriever(law_kb)
    scene_kept.SCENE_TERMS_OUT = False
    assert scene_kept.search(question, k=3)[0].passage.article != "第五百八十五条"


def test_a_case_put_as_the_law_puts_one_is_no_story():
    # "…的，" puts a case as a statute does: the question asks the rule for it, no deal's facts came first.
    assert not tells_a_story("债权人转让债权，未通知债务人的，对债务人有什么效力？")
    assert tells_a_story("资产服务机构收齐了本期许可费，却拖了两个月才划给专项计划，计划能否解除服务协议？")
    assert tells_a_story("原始权益人把专利许可合同的收费权卖给了专项计划。被许可人能不能拒绝付款？")
    assert not tells_a_story("发明专利权的期限是多久？")
