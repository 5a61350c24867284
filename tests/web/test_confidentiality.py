"""Deal documents are confidential: a viewer's Ask never searches, quotes or cites them; an arranger's does."""
from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.slow

ANY = "Any · 全部"
SECRET = "浩川科技应收账款转让价格为人民币八千七百万元"
DEAL_DOC = f"""---
title: "浩川科技知识产权资产支持专项计划条款摘要（保密）"
jurisdiction: "CN"
effective_from: "2021-01-01"
language: zh
---

第一条 本条款摘要仅供交易参与方使用。

第二条 {SECRET}，折价率百分之九，兑付日为每年六月三十日。
"""
QUESTION = "浩川科技应收账款转让价格是多少？"


def client(server, role: str):
    from gradio_client import Client

    return Client(server.url, auth=(role, server.passwords[role]), verbose=False, download_files=False)


def ask(c, question: str, doc_type: str = ANY) -> str:
    chat, _, _, sources = c.predict(question, [], ANY, doc_type, "", api_name="/ask")
    return json.dumps(chat, ensure_ascii=False) + sources


@pytest.fixture(scope="module")
def deal_doc(server, tmp_path_factory):
    """The term sheet, uploaded by an editor through the Library as type `deal`."""
    from gradio_client import handle_file

    path = tmp_path_factory.mktemp("deal") / "haochuan-term-sheet.md"
    path.write_text(DEAL_DOC, encoding="utf-8")
    results, *_ = client(server, "editor").predict(
        [handle_file(str(path))], "", "", "deal", "", "", "", "", "", "", False, api_name="/library_upload")
    assert re.search(r"st-added", results), results
    return path


@pytest.mark.parametrize("doc_type", [ANY, "deal"])
def test_a_viewer_never_gets_a_deal_passage(server, deal_doc, doc_type):
    shown = ask(client(server, "viewer"), QUESTION, doc_type)
    assert SECRET not in shown and "浩川科技知识产权资产支持专项计划" not in shown, shown[:600]


def test_an_arranger_reads_the_deal_passage(server, deal_doc):
    shown = ask(client(server, "arranger"), QUESTION, "deal")
    assert SECRET in shown, shown[:600]


def test_basis_lookup_skips_types_the_role_cannot_read(server, deal_doc, monkeypatch):
    """The lookup behind every legal basis shown in the Check tab and its reports, on the served library."""
    from app.knowledge import open_kb
    from app.settings import Settings
    from app.web.auth import readable_doc_types
    from kb.lookup import lookup_basis

    kb = open_kb(Settings(data_dir=server.data_dir, embedding="e5-engine", starter_pack=False))
    title = "浩川科技知识产权资产支持专项计划条款摘要（保密）"
    assert lookup_basis(kb, title, "第二条", doc_types=readable_doc_types("arranger")).found
    hidden = lookup_basis(kb, title, "第二条", doc_types=readable_doc_types("viewer"))
    assert not hidden.found and SECRET not in hidden.text and hidden.title == ""
