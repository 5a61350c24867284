"""Tokenizer, BM25 index, fusion and version ordering on their own."""
from __future__ import annotations

from kb.fusion import reciprocal_rank_fusion, standardized_score_fusion
from kb.lexical import LexicalIndex
from kb.store import DocumentRecord
from kb.tokenize import is_chinese, tokenize
from kb.versions import instrument_name, supersede


def test_tokenize_chinese_words_and_english_stems():
    zh = tokenize("发明专利权的期限为二十年")
    assert {"专利权", "期限"} <= set(zh) and "的" not in zh
    assert tokenize("The retained interests of Originators") == ["retain", "interest", "origin"]
    assert is_chinese("专利的期限是多久?") and not is_chinese("What is the term?")


def test_bm25_ranks_and_masks_and_survives_save(tmp_path):
    index = LexicalIndex.build(["a", "b", "c"], ["d1", "d1", "d2"],
                               ["发明专利权的期限为二十年", "注册商标的有效期为十年", "risk retention by the originator"])
    assert index.search("专利权期限", 3)[0][0] == "a"
    assert index.search("retained risk", 3)[0][0] == "c"
    assert index.search("专利权期限", 3, allowed_docs={"d2"}) == []
    index.save(tmp_path / "ix")
    assert LexicalIndex.load(tmp_path / "ix").search("商标 有效期", 1)[0][0] == "b"
    assert index.search("完全无关的词语", 3) == []


def test_rrf_rewards_agreement_between_lists():
    fused = reciprocal_rank_fusion([["x", "y", "z"], ["y", "w", "x"]])
    assert [item for item, _ in fused][:2] == ["y", "x"]
    assert fused[0][1] == 1 / 62 + 1 / 61


def test_standardized_fusion_keeps_the_gap_that_ranks_forget():
    dense = [("a", 0.90), ("b", 0.89), ("c", 0.59), ("d", 0.58)]   # a ahead of b by a hair
    lexical = [("b", 10.0), ("a", 2.0), ("c", 1.9), ("d", 1.0)]    # b ahead of a by far
    ranks = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in lexical]])
    assert ranks[0][1] == ranks[1][1]                               # ranks alone: a tie
    fused = standardized_score_fusion([dense, lexical])
    assert [item for item, _ in fused] == ["b", "a", "c", "d"]
    assert fused[-1][1] == 0.0                                      # the last of both lists adds nothing


def test_standardized_fusion_weights_and_missing_ids():
    dense = [("a", 0.9), ("b", 0.8)]
    lexical = [("c", 12.0), ("a", 2.0)]
    # c is absent from the dense list: it gets only its lexical part, as if dense ranked it last.
    assert dict(standardized_score_fusion([dense, lexical], [1.0, 1.0]))["c"] == 2.0
    assert [i for i, _ in standardized_score_fusion([dense, lexical], [3.0, 1.0])][0] == "a"
    assert [i for i, _ in standardized_score_fusion([dense, lexical], [1.0, 3.0])][0] == "c"
    assert standardized_score_fusion([[("x", 5.0)], []]) == [("x", 0.0)]


def test_instrument_name_drops_prefix_and_version():
    assert instrument_name("中华人民共和国专利法（2020年第四次修正）") == "专利法"
    assert instrument_name("中华人民共和国专利法实施细则(2023)") == "专利法实施细则"
    assert instrument_name("人民检察院刑事诉讼规则(试行)") == "人民检察院刑事诉讼规则"


def test_numbered_instruments_of_a_series_are_not_versions_of_each_other():
    first = DocumentRecord("a", "s1", "关于适用法律若干问题的解释（一）")
    second = DocumentRecord("b", "s2", "关于适用法律若干问题的解释（二）")
    assert supersede(second, [first]) == [second]


def test_supersede_orders_by_effective_date():
    old = DocumentRecord("o", "s1", "专利法（2008年修正）", effective_from="2009-10-01")
    new = DocumentRecord("n", "s2", "中华人民共和国专利法（2020年修正）", effective_from="2021-06-01")
    changed = {r.doc_id: r for r in supersede(new, [old])}
    assert changed["o"].effective_to == "2021-06-01" and changed["o"].superseded_by == "n"
    assert changed["n"].in_force("2026-01-01") and not changed["o"].in_force("2026-01-01")
    assert changed["o"].in_force("2015-05-05")


def test_an_english_question_over_chinese_law_weighs_a_list_s_top_ranks_above_presence_in_all():
    # The mixed library's rank fusion (Retriever.RRF_K): an article first and second in the words' and the translated
    # terms' lists outranks one found far down all three (ranks 36, 13, 36), which an English question's dense list of
    # notes puts in every list ("What is the limitation period for civil claims?").
    from kb.fusion import reciprocal_rank_fusion
    from kb.retriever import Retriever
    filler = [f"x{i}" for i in range(40)]
    dense = filler[:35] + ["everywhere"]
    words = ["led"] + filler[:11] + ["everywhere"]
    translated = ["other", "led"] + filler[:33] + ["everywhere"]
    fused = reciprocal_rank_fusion([dense, words, translated], list(Retriever.BY_LANGUAGE["en"][1]), Retriever.RRF_K)
    order = [cid for cid, _ in fused]
    assert order.index("led") < order.index("everywhere")
