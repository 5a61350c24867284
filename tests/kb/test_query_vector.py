"""An ask embeds its question once: the search and the quotes across languages share the vector."""
from __future__ import annotations

from kb.answer import ask
from kb.retriever import Retriever
from tests.kb.conftest import make_doc

# 商标法第四十三条 (2019), its three paragraphs: an English question is quoted by meaning among them.
LICENCE = make_doc("中华人民共和国商标法", [
    "第四十三条 商标注册人可以通过签订商标使用许可合同，许可他人使用其注册商标。许可人应当监督被许可人使用其注册商标的商品质量。"
    "被许可人应当保证使用该注册商标的商品质量。\n经许可使用他人注册商标的，必须在使用该注册商标的商品上标明被许可人的名称和商品产地。\n"
    "许可他人使用其注册商标的，许可人应当将其商标使用许可报商标局备案，由商标局公告。商标使用许可未经备案不得对抗善意第三人。"])


def test_an_english_question_over_chinese_law_is_embedded_once(kb):
    kb.add(LICENCE)
    question = "Does a trademark licence have to be recorded to bind third parties?"
    calls = []
    embed = kb.embeddings.embed_query
    kb.embeddings.embed_query = lambda text: calls.append(text) or embed(text)
    try:
        answer = ask(Retriever(kb), question)
    finally:
        del kb.embeddings.embed_query
    assert answer.found and "不得对抗善意第三人" in answer.citations[0].quote   # quoted by meaning
    assert calls.count(question) == 1
