"""The English glosses of Chinese chunks in the lexical index, searched by English questions."""
from __future__ import annotations

import dataclasses
import json

from kb.lexical import LexicalIndex
from kb.lexical_glosses import gloss_tokens
from kb.retriever import Retriever
from kb.tokenize import tokenize
from tests.kb.conftest import EU_REG, make_doc

RECORDS = make_doc("信托记录规定（测试）", [
    "第一条 委托人可以要求受托人保存处理信托事务的记录。",
    "第二条 受托人不得销毁处理信托事务的记录。",
    *[f"第{n}条 受益人享有第{n}项信托利益。" for n in "三四五六七八九"],
])
ENGLISH = dataclasses.replace(EU_REG, language="en")   # with RECORDS, a library of two languages


def test_a_chinese_text_is_glossed_with_the_english_of_its_words():
    english = gloss_tokens("受托人不得销毁处理信托事务的记录。")
    assert tokenize("trustee")[0] in english          # the legal glossary's English for 受托人
    assert tokenize("destroy")[0] in english          # CC-CEDICT's first senses of 销毁, a word the glossary lacks
    assert tokenize("prior")[0] in gloss_tokens("现有技术")   # "prior art": a glossary term the word cutter splits
    assert gloss_tokens("The trustee may not destroy the trust records.") == []   # English is its own English
    assert "seventeen" not in gloss_tokens("第十七条 受托人不得销毁处理信托事务的记录。")   # labels are not words


def test_the_glosses_count_their_weight_of_bm25():
    index = LexicalIndex.build(["a", "b", "c"], ["d", "d", "d"], ["受托人 销毁 记录", "受托人 保存 记录", "委托人 信托"])
    alone = dict(index.search("", 3, english="destroy", gloss_weight=1.0))
    assert set(alone) == {"a"}
    half = dict(index.search("", 3, english="destroy", gloss_weight=0.5))
    assert abs(half["a"] - 0.5 * alone["a"]) < 1e-6
    assert index.search("", 3, english="destroy", gloss_weight=0.0) == []   # off: the glosses are not read


def test_an_index_saved_with_other_glosses_is_glossed_again_and_one_without_its_texts_rebuilt(tmp_path):
    index = LexicalIndex.build(["a"], ["d"], ["受托人不得销毁处理信托事务的记录。"])
    index.save(tmp_path / "lexical")
    assert LexicalIndex.load(tmp_path / "lexical").glosses is not None
    names = json.loads((tmp_path / "lexical" / "ids.json").read_text())
    assert names["glosses"]   # the glosses made on first use were saved beside the index
    (tmp_path / "lexical" / "ids.json").write_text(json.dumps(dict(names, glosses="1-" + "0" * 12)))
    reglossed = LexicalIndex.load(tmp_path / "lexical")   # glossed by older code, or another glossary
    assert not reglossed.saved_glosses and reglossed.search("", 1, english="destroy", gloss_weight=1.0)
    (tmp_path / "lexical" / "texts.json").unlink()   # as an index written before the texts were kept
    assert LexicalIndex.load(tmp_path / "lexical") is None


def test_an_english_question_meets_the_chinese_article_in_its_glosses(kb):
    # "destroyed" is no glossary word, and the dictionary's reverse lookup (a separate feature) is off here:
    # only 销毁's gloss "destroy" leads to 第二条.
    kb.add(RECORDS)
    kb.add(ENGLISH)   # a mixed library: English questions search the glosses only there
    question = "Can they be destroyed?"
    retriever = Retriever(kb)
    retriever.DICTIONARY_WEIGHT = 0.0
    assert retriever.search(question, k=1, mode="lexical")[0].passage.article == "第二条"
    retriever.GLOSS_WEIGHT = 0.0
    assert "第二条" not in [h.passage.article for h in retriever.search(question, k=3, mode="lexical")]


def test_a_chinese_question_does_not_search_the_glosses(kb):
    kb.add(RECORDS)
    kb.add(ENGLISH)
    # "destroy" in a Chinese question is no reason to read the English glosses: no hit for it alone.
    assert not [h for h in Retriever(kb).search("受益人 destroy 可以吗", k=10, mode="lexical")
                if h.passage.article == "第二条"]
