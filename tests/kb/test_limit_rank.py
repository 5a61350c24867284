"""Ranking by the fact asked: a question for a period ranks first the article that states that period, named by the
word asked with (专利法第四十二条: 外观设计专利权的期限为十五年), over articles that only share its words."""
from __future__ import annotations

import pytest

from kb.limit_rank import rank_by_fact_asked
from kb.retriever import Retriever
from tests.kb.conftest import make_doc

# Articles of the Patent Law and its Implementing Rules (2023) about 外观设计 and its 保护; only 第四十二条 states
# the term.
PATENT = make_doc("中华人民共和国专利法", [
    "第二条 本法所称的发明创造是指发明、实用新型和外观设计。外观设计，是指对产品的整体或者局部的形状、图案或者其结合以及色彩与形状、"
    "图案的结合所作出的富有美感并适于工业应用的新设计。",
    "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。",
    "第六十四条 发明或者实用新型专利权的保护范围以其权利要求的内容为准，说明书及附图可以用于解释权利要求的内容。"
    "外观设计专利权的保护范围以表示在图片或者照片中的该产品的外观设计为准，简要说明可以用于解释图片或者照片所表示的该产品的外观设计。",
])
RULES = make_doc("中华人民共和国专利法实施细则", [
    "第三十条 申请人应当就每件外观设计产品所需要保护的内容提交有关图片或者照片。申请局部外观设计专利的，应当提交整体产品的视图，"
    "并用虚线与实线相结合或者其他方式表明所需要保护部分的内容。",
    # Our own wording of a registration rule that names the design's 保护期 and states no period.
    "第九十八条 外观设计专利权的保护期届满或者专利权人放弃外观设计专利权的，国务院专利行政部门应当在专利登记簿上登记，"
    "并在专利公报上公告外观设计专利权的终止。",
    "第一百四十三条 外观设计国际申请经国务院专利行政部门审查后没有发现驳回理由的，由国务院专利行政部门作出给予保护的决定，"
    "通知国际局。国务院专利行政部门作出给予保护的决定后，予以公告，该外观设计专利权自公告之日起生效。",
])
# From the Implementing Rules' chapter on international design applications.
INTERNATIONAL = make_doc("中华人民共和国专利法实施细则 外观设计国际申请", [
    "第一百四十一条 一件外观设计国际申请包括两项以上外观设计的，申请人可以自外观设计国际申请公布之日起2个月内，"
    "向国务院专利行政部门提出分案申请，并缴纳费用。",
])


def _unranked(kb) -> Retriever:
    retriever = Retriever(kb)
    retriever.LIMIT_BOOST = 1.0   # the fused order without the re-ranking
    retriever.NEIGHBOUR_LIFT = 0.0   # nor the neighbour lift (this toy library's seq neighbours are no article neighbours)
    return retriever


def _first(retriever: Retriever, question: str) -> tuple[str, str]:
    hit = retriever.search(question, k=5)[0]
    return hit.passage.doc_id, hit.passage.article


@pytest.mark.parametrize("question", ["外观设计专利权的保护期最长是多少年？", "外观设计专利的保护期多长？"])
def test_the_article_that_states_the_period_asked_ranks_first(kb, question):
    for doc in (PATENT, RULES):
        kb.add(doc)
    # Without the re-ranking the rule that names the 保护期 but states none leads: the test can fail.
    assert _first(_unranked(kb), question) == (RULES.doc_id, "第九十八条")
    assert _first(Retriever(kb), question) == (PATENT.doc_id, "第四十二条")


def test_a_question_that_asks_no_quantity_keeps_its_order(kb):
    for doc in (PATENT, RULES):
        kb.add(doc)
    question = "外观设计专利权的保护范围以什么为准？"
    assert [h.chunk_id for h in Retriever(kb).search(question, k=5)] == \
        [h.chunk_id for h in _unranked(kb).search(question, k=5)]


def test_a_period_not_named_by_the_word_asked_is_not_lifted(kb):
    for doc in (PATENT, RULES, INTERNATIONAL):
        kb.add(doc)
    question = "外观设计专利权的保护期最长是多少年？"
    hits = _unranked(kb).search(question, k=5)
    head = [(h.chunk_id, h.score) for h in hits]
    passages = {h.chunk_id: h.passage for h in hits}
    scores = dict(rank_by_fact_asked(question, head, passages))
    by_article = {h.passage.article: h.chunk_id for h in hits}
    # 2个月内 is a period about the design, but of a divisional application, not its 期限.
    assert scores[by_article["第一百四十一条"]] == dict(head)[by_article["第一百四十一条"]]
    assert scores[by_article["第四十二条"]] > dict(head)[by_article["第四十二条"]]
    # Only the first `n` are looked at.
    assert dict(rank_by_fact_asked(question, head, passages, n=0)) == dict(head)


def test_the_word_asked_with_is_not_the_subject(kb):
    # 著作权法第四十一条 (2020) states a 保护期 too, of a performer's rights: no answer to a trademark's term.
    copyright_law = make_doc("中华人民共和国著作权法", [
        "第四十一条 本法第三十九条第一款第一项、第二项规定的权利的保护期不受限制。本法第三十九条第一款第三项至第六项规定的权利的"
        "保护期为五十年，截止于该表演发生后第五十年的12月31日。",
    ])
    kb.add(copyright_law)
    question = "商标权的保护期是多久？"
    hits = _unranked(kb).search(question, k=5)
    head = [(h.chunk_id, h.score) for h in hits]
    assert rank_by_fact_asked(question, head, {h.chunk_id: h.passage for h in hits}) == head


# 著作权质权登记办法 (2010): the articles on registering a copyright pledge; only 第二条 names the authority.
COPYRIGHT_PLEDGE = make_doc("著作权质权登记办法", [
    "第二条 国家版权局负责著作权质权登记工作。",
    "第四条 以著作权出质的，出质人和质权人应当订立书面质权合同，并由双方共同向登记机构办理著作权质权登记。"
    "出质人和质权人可以自行办理，也可以委托代理人办理。",
    "第六条 申请著作权质权登记的，应提交下列文件：（一）著作权质权登记申请表；（二）出质人和质权人的身份证明；"
    "（三）主合同和著作权质权合同；（四）委托代理人办理的，提交委托书和受托人的身份证明；（五）以共有的著作权出质的，"
    "提交共有人同意出质的书面文件；（六）出质前授权他人使用的，提交授权合同；（八）其他需要提供的材料。",
])
# 民法典物权编: the pledge contract's form and content (第四百二十七条) and when a pledge of goods arises (第四百二十九条).
PLEDGE = make_doc("中华人民共和国民法典 第二编 物权", [
    "第四百二十七条 设立质权，当事人应当采用书面形式订立质押合同。质押合同一般包括下列条款：（一）被担保债权的种类和数额；"
    "（二）债务人履行债务的期限；（三）质押财产的名称、数量等情况；（四）担保的范围；（五）质押财产交付的时间、方式。",
    "第四百二十九条 质权自出质人交付质押财产时设立。",
])


@pytest.mark.parametrize("question, doc, expected", [
    ("以著作权出质的，出质人和质权人要向哪个机构办理著作权质权登记？", COPYRIGHT_PLEDGE, "第二条"),
    ("Which authority registers copyright pledges in China?", COPYRIGHT_PLEDGE, "第二条"),
    ("质押合同签订后，质权什么时候设立？", PLEDGE, "第四百二十九条"),
    ("When is a pledge created: on signing the pledge contract or on delivery of the pledged property?", PLEDGE,
     "第四百二十九条"),
])
def test_the_article_stating_the_moment_or_the_authority_asked_ranks_first(kb, question, doc, expected):
    kb.add(doc)
    unranked = _first(_unranked(kb), question)
    assert unranked != (doc.doc_id, expected)   # the article that shares more words leads without it
    assert _first(Retriever(kb), question) == (doc.doc_id, expected)


def test_a_question_asking_neither_keeps_its_order(kb):
    kb.add(PLEDGE)
    question = "质押合同一般包括哪些条款？"
    assert [h.chunk_id for h in Retriever(kb).search(question, k=5)] == \
        [h.chunk_id for h in _unranked(kb).search(question, k=5)]
