"""A source that says of itself it is superseded: a dated end takes it out of force on that day, and it is
then quoted only as the nearest stored version, marked; without a date, every answer quoting it says so."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.ingestion import ingest_paths
from ingest import parse_file
from kb.answer import ask
from kb.filters import Filters
from kb.library import KnowledgeBase
from kb.retriever import Retriever
from tests.conftest import link_e5_models
from tests.shared import CORPUS, missing

LIST_TEXT = """---
title: "基础资产负面清单指引（测试）"
doc_type: "自律规则"
issuer: "中国证券投资基金业协会"
effective_from: "2014-12-24"
official_text: "yes — written here for the tests"
status: "SUPERSEDED — AMAC revised the guideline on 2024-03-29; the 2024 text was not obtained."
---
# 基础资产负面清单指引（测试）

第一条 以地方政府为直接或间接债务人的基础资产，不得作为资产证券化的基础资产。
"""

GUIDE_TEXT = """---
title: "交易所资产证券化业务指引（测试）"
doc_type: "自律规则"
effective_from: "2013-03-15"
status: "SUPERSEDED (older version) — replaced by a 2014 guideline whose text is not in this file."
---
# 交易所资产证券化业务指引（测试）

第四条 每期资产支持证券的投资者合计不得超过二百人。
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dated_superseded_status_ends_the_version_and_keeps_the_words(tmp_path):
    doc = parse_file(_write(tmp_path, "list.md", LIST_TEXT))
    assert doc.effective_to == "2024-03-29"
    assert doc.source_status.startswith("SUPERSEDED — AMAC revised")
    undated = parse_file(_write(tmp_path, "guide.md", GUIDE_TEXT))
    assert undated.effective_to == "" and undated.source_status.startswith("SUPERSEDED (older version)")


def test_an_expired_only_version_is_quoted_today_as_the_nearest_not_as_law_in_force(kb, tmp_path):
    kb.add(parse_file(_write(tmp_path, "list.md", LIST_TEXT)))
    question = "地方政府作为债务人的应收账款能做资产证券化吗？"
    answer = ask(Retriever(kb), question)
    assert answer.found and answer.citations[0].article == "第一条"
    assert not answer.citations[0].in_force_then
    assert any("2024-03-29 起不再有效" in n and "不在知识库中" in n for n in answer.notices)
    # On a day it was in force, it is quoted as the law then, without a warning.
    then = ask(Retriever(kb), question, filters=Filters(as_of="2020-01-01"))
    assert then.found and then.citations[0].in_force_then and not then.notices


def test_an_undated_superseded_status_is_shown_with_every_answer_quoting_it(kb, tmp_path):
    kb.add(parse_file(_write(tmp_path, "guide.md", GUIDE_TEXT)))
    answer = ask(Retriever(kb), "资产支持证券每期的投资者人数上限是多少？")
    assert answer.found and answer.citations[0].in_force_then
    assert any("SUPERSEDED (older version)" in n and "核对现行文本" in n for n in answer.notices)
    assert "SUPERSEDED (older version)" in answer.answer


def test_ingesting_the_same_file_again_brings_an_older_record_up_to_date(kb, tmp_path):
    # A library built before ingest read the status: the record has neither; the same bytes again add it.
    doc = parse_file(_write(tmp_path, "list.md", LIST_TEXT))
    old = replace(doc, source_status="", effective_to="")
    kb.add(old)
    assert kb.documents()[doc.doc_id].effective_to == ""
    assert kb.add(doc).status == "unchanged"
    record = kb.documents()[doc.doc_id]
    assert record.effective_to == "2024-03-29" and record.source_status.startswith("SUPERSEDED")


@pytest.mark.corpus
@pytest.mark.slow
def test_an_expired_version_searched_beside_the_law_in_force_does_not_lead_unrelated_answers(tmp_path, e5_models):
    # Searched apart, the expired 2014 negative list was first of its own one-document lists and led every
    # answer today, whatever was asked ("专利权质押后出质人还能转让专利吗？").
    if not CORPUS.is_dir():
        pytest.skip(missing(CORPUS))
    kb = KnowledgeBase.open(link_e5_models(tmp_path, e5_models), "e5")
    files = ["CN-L-民法典-物权编.md", "CN-R-专利法实施细则-2023.md", "CN-SRO-资产证券化业务基础资产负面清单指引-2014.md"]
    assert ingest_paths(kb, [CORPUS / name for name in files], {}).counts()["failed"] == 0
    for question in ("专利权质押后出质人还能转让专利吗？", "Can a pledged patent be licensed without the pledgee's consent?"):
        answer = ask(Retriever(kb), question)
        assert not any("负面清单" in c.title for c in answer.citations), answer.answer
    listed = ask(Retriever(kb), "哪些基础资产被列入负面清单，不能做资产证券化？")
    assert listed.found and "负面清单" in listed.citations[0].title and not listed.citations[0].in_force_then


def test_the_notice_names_the_instrument_missing_on_the_date_not_the_stored_version(kb):
    from tests.kb.conftest import PATENT_2020

    kb.add(PATENT_2020)
    answer = ask(Retriever(kb), "外观设计专利权的期限是多少年？", filters=Filters(as_of="2019-01-01"))
    notice = next(n for n in answer.notices if "不在知识库中" in n)
    # It said "《专利法（2020年第四次修正）》在 2019-01-01 有效的版本不在知识库中": the 2020 text named as the one missing.
    assert notice.startswith("注意：《专利法》在 2019-01-01 有效的版本不在知识库中")
    assert "最接近的版本《中华人民共和国专利法（2020年第四次修正）》（2021-06-01 起施行）" in notice


def test_an_undated_status_is_quoted_cut_at_a_word(kb, tmp_path):
    long_status = "SUPERSEDED (older version) — replaced by 《示范证券交易所资产证券化业务指引》(深证会〔2014〕130号), which in turn " \
                  "was revised into 《示范证券交易所资产支持证券业务规则》 (exposure draft 深证上〔2022〕1134号 per a law firm's article " \
                  "on the revision; final number not verified)"
    kb.add(parse_file(_write(tmp_path, "guide.md", GUIDE_TEXT.replace("SUPERSEDED (older version)", long_status))))
    answer = ask(Retriever(kb), "资产支持证券每期的投资者人数上限是多少？")
    notice = next(n for n in answer.notices if "核对现行文本" in n)
    quoted = notice.split("原文：“")[1].split("”")[0]
    assert quoted.endswith("…") and long_status.startswith(quoted[:-1]) and long_status[len(quoted) - 1] == " "


PARTIAL_TEXT = """---
title: "资产证券化业务管理规定（测试）"
doc_type: "部门规章"
effective_from: "2014-11-19"
completeness: "PARTIAL — 2 of 51 articles. Present: Art 29 (full), Art 38. MISSING: Arts 1–28, 30–37, 39–51."
---
# 资产证券化业务管理规定（测试）

第二十九条 资产支持证券应当面向合格投资者发行，发行对象不得超过二百人。
"""


def test_a_source_holding_part_of_the_instrument_says_so_with_every_answer_quoting_it(kb, tmp_path):
    """A lawyer must know that the articles not quoted may not be in the library at all: the source's own
    completeness line goes with every answer quoting it, into the JSON and the answer text."""
    doc = parse_file(_write(tmp_path, "rules.md", PARTIAL_TEXT))
    assert doc.source_completeness.startswith("PARTIAL — 2 of 51 articles")
    kb.add(doc)
    answer = ask(Retriever(kb), "资产支持证券的发行对象最多多少人？")
    assert answer.found and answer.citations[0].record.partial_source
    assert any("只是该文件的部分文本" in n and "PARTIAL — 2 of 51" in n for n in answer.notices)
    assert "PARTIAL — 2 of 51" in answer.answer
    assert answer.to_json()["citations"][0]["partial_source"] is True
    english = ask(Retriever(kb), "What is the maximum number of investors in one issue of asset-backed securities?")
    assert any("holds only part of" in n for n in english.notices)
    # A complete source says nothing of the kind.
    kb.add(parse_file(_write(tmp_path, "list.md", LIST_TEXT)))
    assert not kb.documents()[parse_file(_write(tmp_path, "list.md", LIST_TEXT)).doc_id].partial_source


def test_ingesting_the_same_file_again_adds_its_completeness_to_an_older_record(kb, tmp_path):
    doc = parse_file(_write(tmp_path, "rules.md", PARTIAL_TEXT))
    kb.add(replace(doc, source_completeness=""))
    assert kb.add(doc).status == "unchanged" and kb.documents()[doc.doc_id].partial_source


def test_a_text_its_source_calls_superseded_is_quoted_after_the_current_rule(kb):
    # user13 S3-6: the SZSE 2013 guide ("SUPERSEDED (older version) — …") led 管理规定第二十九条 on the investor cap.
    from tests.kb.conftest import make_doc
    old = replace(make_doc("某交易所资产证券化业务指引（2013）", [
        "第四条 资产支持证券的投资者人数上限：每期资产支持证券的投资者合计不得超过二百人。"], doc_type="self_regulatory_rule"),
        source_status="SUPERSEDED (older version) — replaced by a later guide")
    current = make_doc("资产证券化业务管理规定", ["第二十九条 资产支持证券应当面向合格投资者发行，发行对象不得超过二百人。"],
                       doc_type="departmental_rule")
    for doc in (old, current):
        kb.add(doc)
    answer = ask(Retriever(kb), "资产支持证券的投资者人数上限是多少？")
    assert [c.doc_id for c in answer.citations][:2] == [current.doc_id, old.doc_id], answer.answer
    # "Probably superseded" is a doubt, not a fact: such a text keeps its place (its notice says it).
    from kb.records import DocumentRecord
    assert DocumentRecord(doc_id="x", sha256="", title="t", source_status="SUPERSEDED (older version) — …").superseded_by_source
    doubted = DocumentRecord(doc_id="y", sha256="", title="t", source_status="Probably superseded (not verified)")
    assert doubted.doubted_by_source and not doubted.superseded_by_source
