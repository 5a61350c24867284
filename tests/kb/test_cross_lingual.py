"""English questions over Chinese law, the statute before its implementing rules, a note that alone answers."""
from __future__ import annotations

import dataclasses

import pytest

from app.ingestion import ingest_paths
from kb.answer import ask
from kb.fusion import reciprocal_rank_fusion, standardized_score_fusion
from kb.glossary import chinese_terms, expand, translation
from kb.library import KnowledgeBase
from kb.records import DocumentRecord
from kb.retriever import Filters, Retriever, named_instruments
from kb.tokenize import is_chinese
from tests.conftest import link_e5_models
from tests.kb.conftest import EU_REG, PATENT_2020, TRADEMARK, make_doc
from tests.shared import CORPUS, missing


def test_glossary_matches_any_inflection_of_a_phrase():
    # The entries are "pledge", "receivable(s)", "register", "law firm": inflected forms find them.
    assert {"质押", "应收账款", "登记", "律师事务所"} <= set(chinese_terms("Were the pledged receivables registered by law firms?"))
    # The longest phrase wins: "right to apply for a patent" is one term, not "right" + "patent".
    assert chinese_terms("the right to apply for a patent") == ["专利申请权"]
    # A function word is no term, whatever it stems to ("under" is also the stem of "underlying").
    assert chinese_terms("a laptop under 1,500 dollars") == []
    assert "基础资产" in chinese_terms("the underlying assets")


def test_a_past_form_the_stemmer_keeps_finds_its_verbs_entry():
    # A question tells what happened ("sold", "paid"); the glossary names the act ("sell": 出卖, "pay": 支付).
    assert "出卖" in chinese_terms("The originator sold the patents to a friendly buyer.")
    assert "支付" in chinese_terms("The licensee paid the royalties late.")
    assert "撤回" in chinese_terms("The offer was withdrawn before it arrived.")


def test_the_everyday_parties_and_things_of_a_loan_or_a_lease_are_rendered():
    # 民法典第六百七十条 借款人 (the borrower), 第二百二十八条 动产 (a chattel), 第四百六十二条 占有 (possession),
    # 第一百六十二条 代理人 (the agent): words a lawyer asks with that the glossary lacked.
    terms = set(chinese_terms("Can the borrower's agent keep possession of the chattel?"))
    assert {"借款人", "代理人", "占有", "动产"} <= terms


def test_translation_is_in_the_other_language_only():
    english = translation("专利权质押")
    assert english and not any("\u4e00" <= ch <= "\u9fff" for ch in english)
    chinese = translation("When is a pledge of a registered trademark created?")
    assert "质押" in chinese and "pledge" not in chinese


def test_glossary_renders_general_civil_law_vocabulary():
    # Chinese property and contract law words these English verbs by other terms than a dictionary's
    # first sense: a pledge is "设立" (created) on registration (民法典第四百四十四条), an unnotified
    # assignment "不发生效力" (does not bind) the debtor (第五百四十六条), and the limitation period
    # protects "民事权利" (civil claims), not a patent's "权利要求" (claims).
    assert "设立" in translation("When is the pledge created?")
    assert "发生效力" in translation("Does the assignment bind the debtor?")
    civil = chinese_terms("the limitation period for civil claims")
    assert "民事权利" in civil and "权利要求" not in civil


@pytest.mark.corpus
@pytest.mark.slow
def test_a_note_no_stored_law_covers_answers_as_commentary(kb):
    # Notes rank below the law they summarise; a note about something no stored law covers keeps its
    # rank, and answers, labelled as commentary, instead of a custodian article of the Fund Law that
    # shares its words (托管人, 保存) but not its subject.
    if not CORPUS.is_dir():
        pytest.skip(missing(CORPUS))
    note = make_doc("蓝鲸托管业务内部笔记", [
        "第一条 蓝鲸托管条款：托管人应当保存全部账册。",
        "第二条 蓝鲸托管账户资金应当独立于托管人的自有财产。",
    ], doc_type="note", jurisdiction="CN")
    assert ingest_paths(kb, [CORPUS / "CN-L-证券投资基金法-2015.md"], {}).counts()["failed"] == 0
    kb.add(note)
    answer = ask(Retriever(kb), "蓝鲸托管条款要求托管人保存什么？")
    assert answer.found
    first = answer.citations[0]
    assert first.doc_id == note.doc_id and first.commentary and "账册" in first.quote, answer.answer


def test_a_note_that_names_a_stored_article_still_ranks_below_the_law(kb):
    note = make_doc("专利期限入门笔记", [
        "第一条 发明专利保护二十年，见专利法第四十二条；外观设计专利保护十五年。",
    ], doc_type="note", jurisdiction="CN")
    kb.add(PATENT_2020)
    kb.add(note)
    hits = Retriever(kb).search("发明专利保护多少年？", k=3)
    order = [(h.passage.doc_id, h.passage.article) for h in hits]
    assert order.index((PATENT_2020.doc_id, "第四十二条")) < order.index((note.doc_id, "第一条"))


# -- the real statutes (../shared/corpus), default e5 embedding --------------------------------------

FILES = ["CN-L-专利法-2020.md", "CN-R-专利法实施细则-2023.md", "CN-L-民法典-物权编.md",
         "EU-Reg-2017-2402-Securitisation-Art6-18-22-excerpt.md"]


@pytest.fixture(scope="module")
def statutes_kb(tmp_path_factory, e5_models) -> KnowledgeBase:
    if not CORPUS.is_dir():
        pytest.skip(missing(CORPUS))
    kb = KnowledgeBase.open(link_e5_models(tmp_path_factory.mktemp("statutes"), e5_models), "e5")
    summary = ingest_paths(kb, [CORPUS / name for name in FILES], {})
    assert summary.counts()["failed"] == 0
    return kb


def _first(answer) -> tuple[str, str]:
    c = answer.citations[0]
    return (c.title, c.article)


@pytest.mark.corpus
@pytest.mark.slow
def test_the_statute_is_cited_before_its_implementing_rules(statutes_kb):
    answer = ask(Retriever(statutes_kb), "How long is an invention patent protected in China?")
    title, article = _first(answer)
    assert "专利法" in title and "实施细则" not in title and article == "第四十二条", answer.answer
    assert "二十年" in answer.citations[0].quote


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("question, instrument, article", [
    # Phrased as counsel would ask, not as the article reads.
    ("If a patent is jointly owned and the co-owners never agreed otherwise, may one of them grant an "
     "ordinary licence on their own?", "专利法", "第十四条"),
    ("From what moment does a pledge over a registered trademark come into existence?", "民法典", "第四百四十四条"),
])
def test_an_english_question_reaches_the_chinese_article(statutes_kb, question, instrument, article):
    # Without the glossary's translation (the lexical expansion and the translated dense search) the
    # English text (the EU regulation) crowds the top five.
    hits = Retriever(statutes_kb).search(question, k=5)
    assert any(instrument in h.passage.title and h.passage.article == article for h in hits), \
        [(h.passage.title[:12], h.passage.article) for h in hits]


def test_a_venue_no_stored_text_mentions_is_not_found_with_the_reason(kb):
    rules = make_doc("资产支持证券挂牌规则（测试）", [
        "第三条 资产支持证券申请在上海证券交易所挂牌转让的，基础资产应当权属清晰、现金流稳定。",
    ], doc_type="departmental_rule", jurisdiction="CN")
    kb.add(rules)
    retriever = Retriever(kb)
    refused = ask(retriever, "资产支持证券在北京证券交易所挂牌要满足哪些条件？")
    assert not refused.found and "北京证券交易所" in refused.answer
    assert not ask(retriever, "Which conditions apply to listing ABS on the Beijing Stock Exchange?").found
    # The venue the library does mention is answered.
    answered = ask(retriever, "资产支持证券在上海证券交易所挂牌要满足哪些条件？")
    assert answered.found and answered.citations[0].doc_id == rules.doc_id


def test_a_one_language_library_fuses_standardised_scores(kb):
    # Tuned on ObliQA dev / STARD train (Retriever.MONOLINGUAL): without a translated list the two
    # lists' scores are standardised and summed, so the hybrid order keeps how far apart hits are.
    kb.add(PATENT_2020)
    kb.add(TRADEMARK)
    kb.add(make_doc("中华人民共和国信托法", [
        "第二条 本法所称信托，是指委托人基于对受托人的信任，将其财产权委托给受托人，由受托人按委托人的意愿以"
        "自己的名义，为受益人的利益或者特定目的，进行管理或者处分的行为。",
        "第十六条 信托财产与属于受托人所有的财产相区别，不得归入受托人的固有财产或者成为固有财产的一部分。",
        "第二十五条 受托人应当遵守信托文件的规定，为受益人的最大利益处理信托事务。",
    ]))
    question = "信托财产能否归入受托人的固有财产？"
    retriever = Retriever(kb)
    depth, weights = retriever.settings_for(question, mixed=False)
    allowed = retriever.allowed_docs(Filters())
    dense = [(p.chunk_id, sim) for p, sim in kb.dense_search(question, depth, Filters(), allowed)]
    lexical = kb.lexical_search(expand(question), depth, allowed)
    expected = [c for c, _ in standardized_score_fusion([dense, lexical], list(weights[:2]))]
    hits = retriever.search(question, k=3)
    assert [h.chunk_id for h in hits] == expected[:3]
    assert expected[:3] != [c for c, _ in reciprocal_rank_fusion([[c for c, _ in dense], [c for c, _ in lexical]], list(weights[:2]))[:3]]
    assert hits[0].passage.article == "第十六条"


def test_chinese_questions_fuse_scores_and_english_ones_ranks_in_a_mixed_library(kb):
    # Retriever.RANK_FUSED_LANGUAGES, tuned on questions.jsonl: in a library of both languages a
    # Chinese question's three lists (dense, lexical, translated dense) are fused by standardised
    # score, an English question's by rank.
    kb.add(PATENT_2020)
    kb.add(TRADEMARK)
    english = dataclasses.replace(EU_REG, language="en")
    kb.add(english)
    retriever = Retriever(kb)
    retriever.OTHER_JURISDICTION_WEIGHT = 1.0   # the fusion alone: no home-jurisdiction weight on the fused scores
    allowed = retriever.allowed_docs(Filters())

    def lists(question: str, others: set[str]):
        depth, weights = retriever.settings_for(question, mixed=True)
        dense = [(p.chunk_id, sim) for p, sim in kb.dense_search(question, depth, Filters(), allowed)]
        glossed = "" if is_chinese(question) else question   # English questions also read the glosses
        lexical = kb.lexical_search(expand(question), depth, allowed, english=glossed,
                                    gloss_weight=retriever.GLOSS_WEIGHT)
        cross = [(p.chunk_id, sim) for p, sim in kb.dense_search(translation(question), depth, Filters(), others)]
        return [dense, lexical, cross], list(weights)

    zh = "发明专利权的期限是多少年？"
    scored, weights = lists(zh, {english.doc_id})
    expected = standardized_score_fusion(scored, weights)
    hits = retriever.search(zh, k=3)
    assert [h.chunk_id for h in hits] == [c for c, _ in expected[:3]]
    assert [c for c, _ in expected[:3]] != [c for c, _ in reciprocal_rank_fusion([[c for c, _ in one] for one in scored], weights)[:3]]

    en = "How long must the originator retain a net economic interest?"
    scored, weights = lists(en, {PATENT_2020.doc_id, TRADEMARK.doc_id})
    expected = reciprocal_rank_fusion([[c for c, _ in one] for one in scored], weights, Retriever.RRF_K)
    hits = retriever.search(en, k=3)
    assert [h.chunk_id for h in hits] == [c for c, _ in expected[:3]]   # in that order, scored by rank again (by_rank)


def test_a_question_that_names_a_law_ranks_that_law_first(kb):
    # Retriever.NOT_NAMED_WEIGHT: "按照商标法" / "under the Trademark Law" asks about the Trademark Law,
    # even when another law's article shares more of the question's words.
    kb.add(TRADEMARK)
    civil = make_doc("中华人民共和国民法典 第二编 物权", [
        "第四百四十四条 以注册商标专用权、专利权、著作权等知识产权中的财产权出质的，质权自办理出质登记时设立。"])
    kb.add(civil)
    retriever = Retriever(kb)
    for question in ("按照商标法，注册商标专用权出质要办理登记吗？",
                     "Under the Trademark Law, must a pledge of a registered trademark be registered?"):
        assert retriever.search(question, k=2)[0].passage.doc_id == TRADEMARK.doc_id, question
        unweighted = Retriever(kb)
        unweighted.NOT_NAMED_WEIGHT = 1.0
        assert unweighted.search(question, k=2)[0].passage.doc_id == civil.doc_id, question
    # Without a name the words decide.
    assert retriever.search("注册商标专用权出质要办理登记吗？", k=2)[0].passage.doc_id == civil.doc_id


def test_the_longest_law_name_in_a_question_wins():
    # 专利法实施细则 names the rules, not the Patent Law inside its name; 民法典 names every book of the code.
    records = [DocumentRecord(doc_id=d, sha256=d, title=t) for d, t in (
        ("law", "中华人民共和国专利法（2020年第四次修正）"), ("rules", "中华人民共和国专利法实施细则（2023年修订）"),
        ("book2", "中华人民共和国民法典 第二编 物权（含第四百四十条）"), ("book3", "中华人民共和国民法典 第三编 合同"))]
    assert named_instruments("专利法实施细则对年费怎么规定？", records) == {"rules"}
    assert named_instruments("专利法和民法典怎么规定？", records) == {"law", "book2", "book3"}
    assert named_instruments("How are patents pledged under the PRC Civil Code?", records) == {"book2", "book3"}
    assert named_instruments("专利权怎么质押？", records) == set()


def test_everyday_chinese_words_reach_the_statutes_terms():
    # kb/data/plain_words.tsv: a layman's 房东 / 告他 is the statute's 出租人 / 起诉; the lexical
    # search then finds the article that uses the statute's word and none of the layman's.
    from kb.lexical import LexicalIndex

    question = "房东不退押金，我能告他吗？"
    assert {"出租人", "起诉"} <= set(expand(question).split())
    index = LexicalIndex.build(["lease", "sale"], ["d1", "d2"], [
        "第七百零八条 出租人应当履行租赁物的维修义务。", "第五百九十五条 买卖合同是出卖人转移标的物的所有权于买受人的合同。"])
    assert index.search(question, 2) == []
    assert [cid for cid, _ in index.search(expand(question), 2)] == ["lease"]
    # The longest everyday word wins, and a term the question already uses is not repeated.
    assert "从权利" in expand("原来附带的担保也一起转过去吗？").split()
    assert expand("出租人可以起诉吗？").count("起诉") == 1


def test_an_entry_spelt_as_the_question_spells_it_wins_over_its_stem_mates():
    # "security" and "securities" both stem to "secur", "invention" and "inventiveness" to "invent":
    # merged by stems, collateral read as 证券 and an invention as 创造性 (inventive step).
    assert "证券" in chinese_terms("a public offering of securities")
    secured = chinese_terms("Is the loan secured by a security interest over the receivables?")
    assert "担保" in secured and "证券" not in secured
    invention = chinese_terms("who owns the invention")
    assert "发明" in invention and "创造性" not in invention
    # A lawyer's "claims" against a debtor are money claims, not a patent's claims.
    claims = chinese_terms("Can the obligor set off its own claims against the assignee?")
    assert "债权" in claims and "抵销" in claims and "权利要求" not in claims
    assert "权利要求书" in chinese_terms("the patent claims")


def test_the_words_a_lawyer_asks_with_reach_the_statutes_terms():
    # Chinese statutes say these things in their own words (专利法第七十五条 在原有范围内继续; 民法典第四百二十八条
    # 归债权人所有; 第五百四十九条 抵销); the English words counsel asks with must reach them.
    assert "先用权" in chinese_terms("Does a prior user of the technology infringe?")
    assert "归债权人所有" in chinese_terms("Is forfeiture of the collateral on default enforceable?")
    assert "抵销" in chinese_terms("May the debtor net off what the originator owes it?")



def test_a_word_spelt_out_in_the_glossary_does_not_take_a_stem_mates_term():
    # Stems merge "receives" with "receivables" (应收账款), "authority" with "author" (作者), "files" with
    # "filing" (备案): those words are entries of their own, so the exact spelling wins.
    receives = chinese_terms("Who receives the remaining trust property?")
    assert "应收账款" not in receives and "取得" in receives and "剩余" in receives
    authority = chinese_terms("Which authority registers copyright pledges?")
    assert "作者" not in authority and "机关" in authority
    assert "档案" in chinese_terms("How long must the firm keep its working files?")


def test_the_everyday_words_of_secured_lending_reach_the_statutes_terms():
    # 民法典第四百二十九条 质权自出质人交付质押财产时设立; 第八百七十条 the licensor 保证 the technology.
    created = chinese_terms("Is a pledge over movable collateral created on handing over the goods?")
    assert {"动产", "交付"} <= set(created)
    assert {"保证", "技术"} <= set(chinese_terms("What must a technology licensor warrant?"))


@pytest.mark.corpus
@pytest.mark.slow
def test_a_lawyers_words_reach_the_chinese_article(statutes_kb):
    # Counsel's words, not the article's: prior use (专利法第七十五条: 已经作好制造、使用的必要准备，并且仅在原有范围内
    # 继续制造). Without the words added to the glossary it is not among the first five.
    question = "Can a manufacturer that was already making the product before the patent's filing date go on making it?"
    hits = Retriever(statutes_kb).search(question, k=5)
    assert any(h.passage.title.startswith("中华人民共和国专利法（") and h.passage.article == "第七十五条" for h in hits), \
        [(h.passage.title[:12], h.passage.article) for h in hits]


def test_security_over_an_ip_right_reads_as_a_pledge():
    # 民法典第四百四十条第五项: IP rights are pledged, not mortgaged (user13 S2-7 missed 第四百四十四条).
    assert {"质权", "出质"} <= set(chinese_terms("How is a security interest over a patent perfected?"))
    assert {"质权", "出质"} <= set(chinese_terms("Can a trademark be used as collateral?"))
    assert "出质" not in chinese_terms("How is a security interest over machinery perfected?")
