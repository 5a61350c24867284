"""Any text in: a draft that validates as a deal, or NotADealDocument; never a crash, never a slow regex."""
from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.deal import validate_deal
from rules.intake import NotADealDocument, TextLine, draft_deal

PIECES = ["资产支持专项计划", "优先级", "次级", "计划管理人：", "原始权益人为", "指", " | ", "发行规模", "亿元", "万元",
          "元", "ZL2019", "1", "0", ".", "3", "%", "年", "月", "日", "第", "号", "商标", "由", "认购", "，", "。",
          "有限公司", "银行", "深圳证券交易所", "挂牌", "基础资产：", "许可", "质押登记号", "：", " ", "AAA", "2020.1.1"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), max_size=12))
def test_any_text_drafts_a_valid_deal_or_is_refused(texts):
    try:
        draft = draft_deal([TextLine("f.txt", 1, t) for t in texts])
    except NotADealDocument:
        return
    validate_deal(draft.deal)
    assert set(draft.evidence).isdisjoint(draft.conflicts)


def test_long_hostile_lines_stay_fast():
    from app.intake import _bounded

    hostile = TextLine("f.txt", 1, "9" * 200_000 + "资产支持专项计划" + "优先级" * 20_000)
    started = time.perf_counter()
    try:
        draft_deal([piece for piece in _bounded(hostile)])
    except NotADealDocument:
        pass
    assert time.perf_counter() - started < 5   # 17 s before the prefilters and bounded numbers
