"""The general dictionary (CC-CEDICT) for the English words the legal glossary lacks."""
from __future__ import annotations

import tempfile

from kb.dictionary import _senses, chinese_words
from kb.glossary import uncovered_words
from kb.lexical import LexicalIndex
from kb.retriever import Retriever
from tests.kb.conftest import make_doc


def everything(headword: str) -> bool:
    return True


def test_an_inflected_word_finds_the_headwords_of_its_dictionary_form():
    assert "通知" in chinese_words(["notified"], everything)          # notify
    assert "销毁" in chinese_words(["destroying"], everything, per_word=50)   # destroy
    # Inflections are undone, not stemmed: "several" and "severe" share the stem "sever".
    assert "严厉" in chinese_words(["severe"], everything, per_word=10)
    assert "严厉" not in chinese_words(["several"], everything, per_word=10)


def test_the_parsed_dictionary_is_kept_for_the_next_process(tmp_path, monkeypatch):
    # Parsing CC-CEDICT takes ~0.5 s, too much for a one-off `ipabs ask` in English; the table is kept
    # as JSON in the temp dir, and a damaged file is parsed again, not trusted.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _senses.cache_clear()
    try:
        parsed = _senses()
        [kept] = tmp_path.glob("ipabs-cedict-*.json")
        _senses.cache_clear()
        assert _senses() == parsed
        kept.write_text('{"notify": ["错字"', encoding="utf-8")
        _senses.cache_clear()
        assert _senses() == parsed and "通知" in parsed["notify"]
    finally:
        _senses.cache_clear()


def test_general_words_get_no_dictionary_renderings():
    # 之前/以前 for "before", 已经 for "already", 中国 for "China" match articles that share nothing else with a
    # question (a patent grace period's 申请日以前 outranked prior use, 专利法第七十五条, for "already making ... before").
    assert chinese_words(["before", "already", "China", "making"], everything) == []
    assert chinese_words(["destroy"], everything)


def test_headwords_are_few_per_word_and_only_those_the_caller_accepts():
    assert len(chinese_words(["destroy"], everything, per_word=2)) == 2
    kept = chinese_words(["destroy"], lambda h: h == "销毁", per_word=2)
    assert kept == ["销毁"]
    assert chinese_words(["zzzqx"], everything) == []


def test_only_the_words_the_glossary_lacks_go_to_the_dictionary():
    # "trustee" and "files" are glossary entries, "the", "must" function words; "destroy" is left.
    assert uncovered_words("Must the trustee destroy the files?") == ["destroy"]


def test_weak_words_count_their_weight_of_bm25():
    index = LexicalIndex.build(["a", "b", "c"], ["d", "d", "d"], ["受托人 销毁 记录", "受托人 保存 记录", "委托人 信托"])
    full = dict(index.search("销毁", 3))
    weak = dict(index.search("", 3, weak="销毁", weak_weight=0.5))
    assert set(weak) == {"a"} and abs(weak["a"] - 0.5 * full["a"]) < 1e-6
    both = dict(index.search("受托人", 3, weak="销毁", weak_weight=0.5))
    assert abs(both["a"] - (dict(index.search("受托人", 3))["a"] + 0.5 * full["a"])) < 1e-6
    assert index.shares({"受托人", "没有的词"}) == {"受托人": 2 / 3, "没有的词": 0.0}


def test_an_english_word_the_glossary_lacks_reaches_the_chinese_article(kb):
    # Both duties share the glossary's words (trustee -> 受托人, records -> 记录); only "destroy", which
    # the glossary lacks, tells them apart, through the dictionary's 销毁. Filler articles keep 销毁
    # below DICTIONARY_MAX_SHARE of the chunks, as in a real library.
    fillers = [f"第{n}条 委托人可以查阅信托财产第{n}项的账目。" for n in "三四五六七八九"] + \
              [f"第十{n}条 受益人享有第十{n}项信托利益。" for n in "一二三四五六七八九"] + \
              ["第二十条 信托终止的，信托财产归属于信托文件规定的人。", "第二十一条 本法自公布之日起施行。"]
    kb.add(make_doc("信托记录规定（测试）", [
        "第一条 受托人应当完整保存处理信托事务的记录。",
        "第二条 受托人不得销毁处理信托事务的记录。",
        *fillers,
    ]))
    question = "May the trustee destroy the trust records?"
    retriever = Retriever(kb)
    retriever.GLOSS_WEIGHT = 0.0   # 销毁's English gloss "destroy" would find 第二条 too (tests/kb/test_lexical_glosses.py)
    assert "销毁" in retriever.dictionary_words(question).split()
    assert retriever.search(question, k=1, mode="lexical")[0].passage.article == "第二条"
    retriever.DICTIONARY_WEIGHT = 0.0
    assert retriever.dictionary_words(question) == ""
    assert retriever.search(question, k=1, mode="lexical")[0].passage.article == "第一条"


def test_a_dictionary_word_most_chunks_contain_is_left_out(kb):
    kb.add(make_doc("信托记录规定（测试）", [
        "第一条 受托人应当完整保存处理信托事务的记录。",
        "第二条 受托人不得销毁处理信托事务的记录。",
    ]))
    # 销毁 is in half of the two chunks: as common as a function word there.
    assert "销毁" not in Retriever(kb).dictionary_words("May the trustee destroy the trust records?")
