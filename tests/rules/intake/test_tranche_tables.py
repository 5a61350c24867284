"""Tranche tables headed 档次 / Tranche, with the unit in the size header (万元, 亿元, RMB 10,000, RMB million) and a
holder column: each row becomes a tranche with its line as evidence, and the originator's share can be computed."""
from __future__ import annotations

from rules.deal import Deal
from rules.derived import _retention_pct
from rules.intake import TextLine, draft_deal

HEAD = ["星河科技知识产权质押贷款资产支持专项计划 计划说明书（摘要）", "原始权益人/星河小贷：指深圳市星河小额贷款有限公司。",
        "发行规模：人民币贰亿零陆佰万元。"]
TABLE = ["档次 | 规模（万元） | 评级 | 票面利率 | 持有人",
         "优先级 | 19,570 | AAA | 3.20% | 合格投资者",
         "次级 | 1,030 | 无评级 | — | 原始权益人"]


def draft(*texts: str):
    return draft_deal([TextLine("星河计划说明书.docx", None, t) for t in (*HEAD, *texts)])


def test_a_dangci_table_gives_each_tranche_size_rating_coupon_and_holder():
    result = draft(*TABLE)
    found = result.found()
    assert found["deal.tranches[0].name"] == "优先级" and found["deal.tranches[0].seniority"] == "senior"
    assert found["deal.tranches[0].size"] == 195_700_000
    assert found["deal.tranches[0].rating"] == "AAA" and found["rating.senior_rating"] == "AAA"
    assert found["deal.tranches[0].coupon"] == 0.032
    assert found["deal.tranches[0].holder"] == "market"
    assert found["deal.tranches[1].seniority"] == "subordinated" and found["deal.tranches[1].size"] == 10_300_000
    assert found["deal.tranches[1].holder"] == "originator"
    assert "deal.tranches[1].rating" not in found and "deal.tranches[1].coupon" not in found   # 无评级, —
    assert result.evidence["deal.tranches[1].size"][0].evidence.text == TABLE[2]
    assert "deal.tranches" not in result.missing


def test_the_retained_share_follows_from_the_table():
    facts = Deal.model_validate(draft(*TABLE).deal).model_dump(mode="python")
    assert round(_retention_pct(facts), 6) == 0.05


def test_yi_yuan_in_the_header():
    found = draft("分档 | 发行规模（亿元） | 信用等级", "优先级 | 1.957 | AAA", "次级 | 0.103 | —").found()
    assert found["deal.tranches[0].size"] == 195_700_000 and found["deal.tranches[1].size"] == 10_300_000


def test_an_english_tranche_table():
    found = draft("Tranche | Size (RMB 10,000) | Rating | Coupon | Holder",
                  "Senior | 19,570 | AAA | 3.20% | Qualified investors",
                  "Subordinated | 1,030 | NR | — | Originator").found()
    assert found["deal.tranches[0].size"] == 195_700_000 and found["deal.tranches[0].seniority"] == "senior"
    assert found["deal.tranches[0].holder"] == "market" and found["deal.tranches[0].coupon"] == 0.032
    assert found["deal.tranches[1].seniority"] == "subordinated" and found["deal.tranches[1].holder"] == "originator"
    assert "deal.tranches[1].rating" not in found


def test_rmb_million_and_a_named_holder():
    found = draft("Class | Amount (RMB million) | Rating | Holder",
                  "Senior A | 150.00 | AAA | Qualified investors",
                  "Senior B | 45.70 | AA+ | Qualified investors",
                  "Subordinated | 10.30 | — | 深圳市星河小额贷款有限公司").found()
    assert found["deal.tranches[0].size"] == 150_000_000 and found["deal.tranches[1].seniority"] == "mezzanine"
    assert found["deal.tranches[1].size"] == 45_700_000 and found["deal.tranches[2].holder"] == "originator"
