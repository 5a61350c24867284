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
        page.wait_for_selector(f"#lib-files :text('{path.stem}')", timeout=20000)   # shown as stem + suffix
    page.locator("#lib-ingest").click()
    page.wait_for_function(
        "names => { const t = document.querySelector('#upload-results'); "
        "return t && names.every(n => t.innerText.includes(n)); }", arg=[p.name for p in paths], timeout=120000)


def test_upload_then_answer_from_it(login, tmp_path):
    new_doc = tmp_path / "蓝海市运营资金办法.md"
    new_doc.write_text(NEW_DOC, encoding="utf-8")
    refused = tmp_path / "looks-like.pdf"          # an allowed type whose content is not a PDF
    refused.write_text("MZ this is not a PDF", encoding="utf-8")

    page = login("editor")
    open_library(page)
    upload(page, [new_doc, refused])
    rows = page.locator("#upload-results tbody tr")
    assert rows.count() == 2
    results = {r.locator("td").nth(0).text_content(): r.locator("td").nth(1).text_content() for r in rows.all()}
    assert results[new_doc.name] == "added"
    assert results[refused.name] == "failed"
    assert "the content is not a .pdf file" in page.locator("#upload-results").inner_text()
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
    summary = page.locator("#ask-sources details.ipabs-cite > summary").first
    assert "蓝海市知识产权运营资金管理办法" in summary.inner_text() and "第七条" in summary.inner_text()
    summary.click()
    assert "每季度" in page.locator("#ask-sources mark").first.inner_text()
    shot(page, "library-answer-from-upload")


VERSION = """---
title: "{title}"
doc_type: "local_regulation"
jurisdiction: "CN"
effective_from: "{day}"
version: "{day}"
language: zh
---

第一条 {body}
"""


def test_new_version_supersedes_and_a_version_can_be_deleted(login, tmp_path, server):
    title = "青湖市知识产权质押融资办法"
    v1, v2 = tmp_path / "qinghu-2019.md", tmp_path / "qinghu-2023.md"
    v1.write_text(VERSION.format(title=title, day="2019-01-01", body="质押融资贴息比例为百分之三十。"), encoding="utf-8")
    v2.write_text(VERSION.format(title=title, day="2023-01-01", body="质押融资贴息比例为百分之五十。"), encoding="utf-8")

    page = login("editor")
    open_library(page)
    upload(page, [v1])
    upload(page, [v2])
    assert "superseded" in page.locator("#upload-results").text_content()

    field = page.locator("#lib-pick input")
    field.click()
    field.fill("青湖市")
    page.get_by_role("option", name=re.compile("2023-01-01")).first.click()
    page.wait_for_selector("#lib-detail .ipabs-chunk", timeout=20000)
    versions = page.locator("#lib-detail table").nth(1).text_content()
    assert "2019-01-01" in versions and "2023-01-01" in versions and "superseded" in versions
    page.locator("#lib-detail h4").first.scroll_into_view_if_needed()
    page.wait_for_timeout(400)   # let the closing dropdown fade out
    shot(page, "library-versions")

    page.locator("#lib-delete").click()                 # not confirmed yet: a warning, nothing deleted
    page.get_by_text("Tick “Yes, delete it” to confirm").first.wait_for(timeout=20000)
    assert "青湖市" in page.locator("#lib-list").inner_text()
    page.locator("#lib-confirm input").check()
    page.locator("#lib-delete").click()
    try:
        page.wait_for_selector("#lib-detail :text('Deleted')", timeout=20000)
    finally:
        shot(page, "library-after-delete", full_page=True)
    listing = page.locator("#lib-list").inner_text()
    assert "2023-01-01" not in listing

    log = (server.data_dir / "audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "delete"' in log and title in log
