"""Library in the browser: upload files with progress and per-file results, then get an answer from the new one."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import shot
from tests.web.test_ask_e2e import ask

pytestmark = pytest.mark.e2e

NEW_DOC = """---
title: "蓝海市知识产权运营资金管理办法（测试）"
doc_type: "local_regulation"
jurisdiction: "CN"
effective_from: "2021-03-01"
language: zh
---

第一条 本办法为网页上传测试而写，不具有法律效力。

第七条 运营资金的托管银行应当每季度向主管部门报送一次托管报告，并同时抄送专项计划管理人。
"""


def open_library(page) -> None:
    page.get_by_role("tab", name=re.compile("Library")).click()
    page.wait_for_selector("#lib-ingest", timeout=15000)


def upload(page, paths) -> None:
    page.locator("#lib-files input[type=file]").set_input_files([str(p) for p in paths])
    for path in paths:
        page.wait_for_selector(f"#lib-files :text('{path.name}')", timeout=20000)
    page.locator("#lib-ingest").click()
    page.wait_for_selector("#upload-results", timeout=120000)


def test_upload_then_answer_from_it(login, tmp_path):
    new_doc = tmp_path / "蓝海市运营资金办法.md"
    new_doc.write_text(NEW_DOC, encoding="utf-8")
    refused = tmp_path / "macro.exe.txt.js"
    refused.write_text("alert(1)", encoding="utf-8")

    page = login("editor")
    open_library(page)
    upload(page, [new_doc, refused])
    rows = page.locator("#upload-results tbody tr")
    assert rows.count() == 2
    results = {r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text() for r in rows.all()}
    assert results[new_doc.name] == "added"
    assert results[refused.name] == "failed"
    assert ".js is not accepted" in page.locator("#upload-results").inner_text()
    assert "蓝海市知识产权运营资金管理办法" in page.locator("#lib-list").inner_text()
    shot(page, "library-upload-results")

    # Open it: its chunks and versions are shown.
    field = page.locator("#lib-pick input")
    field.click()
    field.fill("蓝海市")
    page.get_by_role("option", name=re.compile("蓝海市")).first.click()
    page.wait_for_selector("#lib-detail .ipabs-chunk", timeout=20000)
    assert "第七条" in page.locator("#lib-detail").inner_text()

    page.get_by_role("tab", name=re.compile("Ask")).click()
    ask(page, "运营资金的托管银行应当多久报送一次托管报告？")
    summary = page.locator("#ask-sources details.ipabs-cite summary").first.inner_text()
    assert "蓝海市知识产权运营资金管理办法" in summary and "第七条" in summary
    shot(page, "library-answer-from-upload")
