"""A malicious document cannot run script or restyle the page, and nothing outside the data dir is served."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import DATA, shot
from tests.web.test_ask_e2e import ask
from tests.web.test_library_e2e import open_library, upload

pytestmark = pytest.mark.e2e


def assert_inert(page) -> None:
    assert page.evaluate("window.__pwned") is None      # undefined in JS
    assert page.locator("#ask-sources img, #lib-detail img, #lib-list img, #ask-chat .message img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("body").is_visible()            # the <style>body{display:none}</style> did nothing


def test_malicious_document_shows_as_text(login):
    page = login("editor")
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(f"dialog opened: {d.message}")))
    open_library(page)
    upload(page, [DATA / "malicious.md"])
    assert "added" in page.locator("#upload-results").inner_text()
    assert "<script>" in page.locator("#lib-list").inner_text()       # the title shows literally
    field = page.locator("#lib-pick input")
    field.click()
    field.fill("恶意样本")
    page.get_by_role("option", name=re.compile("恶意样本")).first.click()
    page.wait_for_selector("#lib-detail .ipabs-chunk", timeout=20000)
    detail = page.locator("#lib-detail").inner_text()
    assert "<img src=x onerror=" in detail and "[点击这里](javascript:" in detail and "${window.__pwned=5}" in detail
    assert_inert(page)
    shot(page, "safety-library-detail")

    page.get_by_role("tab", name=re.compile("Ask")).click()
    ask(page, "蓝鲸托管条款要求托管人保存什么？")
    cite = page.locator("#ask-sources details.ipabs-cite").first
    cite.locator("> summary").click()
    assert "<script>" in cite.inner_text() or "<script>" in cite.locator("> summary").inner_text()
    assert "onerror" in cite.inner_text()
    chat = page.locator("#ask-chat").inner_text()
    assert "点击这里" in chat
    assert page.locator("#ask-chat a:has-text('点击这里')").count() == 0   # the markdown link stayed text
    page.wait_for_timeout(1000)   # give any injected handler a chance to fire
    assert_inert(page)
    shot(page, "safety-ask-citation")


@pytest.mark.parametrize("target", ["/etc/passwd", "{data}/audit.jsonl", "{data}/../users.yaml",
                                    "{data}/gradio-cache/../audit.jsonl"])
def test_files_outside_the_cache_are_not_served(server, target):
    import httpx

    with httpx.Client(base_url=server.url, timeout=10) as http:
        login = http.post("login", data={"username": "admin", "password": server.passwords["admin"]})
        assert login.status_code == 200, login.text
        response = http.get(f"gradio_api/file={target.format(data=server.data_dir)}")
    assert response.status_code in (403, 404)
    assert b"root:" not in response.content and b"password_hash" not in response.content
