"""A passage beside a well-found one of the same document is lifted before the fused scores become ranks
(kb.fusion.lift_neighbours, Retriever.NEIGHBOUR_LIFT): a lay question about a sold rented house finds the
rule that the lease survives (民法典第七百二十五条) beside the pre-emption article it matched best."""
from __future__ import annotations

from kb.fusion import lift_neighbours
from kb.retriever import Retriever
from tests.kb.conftest import make_doc

LEASE = make_doc("中华人民共和国民法典 第三编 合同", [
    "第七百二十三条 因第三人主张权利，致使承租人不能对租赁物使用、收益的，承租人可以请求减少租金或者不支付租金。",
    "第七百二十五条 租赁物在承租人按照租赁合同占有期限内发生所有权变动的，不影响租赁合同的效力。",
    "第七百二十六条 出租人出卖租赁房屋的，应当在出卖之前的合理期限内通知承租人，承租人享有以同等条件优先购买的权利。",
    "第七百三十条 当事人对租赁期限没有约定或者约定不明确，依据本法第五百一十条的规定仍不能确定的，视为不定期租赁。",
])
HOUSING = make_doc("城市房地产管理法", [
    "第五十三条 房屋租赁，是指房屋所有权人作为出租人将其房屋出租给承租人使用，由承租人向出租人支付租金的行为。",
    "第五十四条 房屋租赁，出租人和承租人应当签订书面租赁合同，约定租赁期限、租赁用途、租赁价格、修缮责任等条款。",
    "第三十七条 房地产转让，是指房地产权利人通过买卖、赠与或者其他合法方式将其房地产转移给他人的行为。",
])
TRADEMARK = make_doc("中华人民共和国商标法", [
    "第三十九条 注册商标的有效期为十年，自核准注册之日起计算。",
    "第四十条 注册商标有效期满，需要继续使用的，商标注册人应当在期满前十二个月内按照规定办理续展手续。",
])
SOLD_LEASE = "房东把房子卖了，我的租约还有效吗？"


def test_the_neighbour_of_the_best_hit_gains_the_lift_times_that_hits_score():
    position = {"a1": ("law", 1), "a2": ("law", 2), "b7": ("other", 7), "b8": ("other", 9)}
    fused = [("a1", 4.0), ("b7", 1.5), ("b8", 1.3), ("a2", 1.2)]
    lifted = lift_neighbours(fused, position, 0.1)
    assert [cid for cid, _ in lifted] == ["a1", "a2", "b7", "b8"]
    assert dict(lifted)["a2"] == 1.2 + 0.1 * 4.0 and dict(lifted)["a1"] == 4.0 + 0.1 * 1.2
    assert dict(lifted)["b8"] == 1.3                           # seq 9 is not beside seq 7: no lift
    assert lift_neighbours(fused, position, 0.0) == fused      # 0 turns it off


def _articles(retriever: Retriever, k: int) -> list[str]:
    return [hit.passage.article for hit in retriever.search(SOLD_LEASE, k=k)]


def test_a_lay_question_reaches_the_article_beside_the_one_it_matched(kb):
    for doc in (LEASE, HOUSING, TRADEMARK):
        kb.add(doc)
    lifted = _articles(Retriever(kb), 4)
    assert lifted[0] == "第七百二十六条" and "第七百二十五条" in lifted
    plain = Retriever(kb)
    plain.NEIGHBOUR_LIFT = 0.0
    assert "第七百二十五条" not in _articles(plain, 4)        # without the lift another article takes its place
