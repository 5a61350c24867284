"""A malicious document cannot run script or restyle the page, and nothing outside the data dir is served."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import DATA, shot
from tests.web.test_ask_e2e import ask
from tests.web.test_library_e2e import open_library, upload

pytestmark = pytest.mark.e2e


def assert_inert(page) -> None:
    # The title sets window.__pwned; the ingest pipeline drops `__` from body text, so those set window.pwned.
    assert page.evaluate("window.__pwned") is None      # undefined in JS
    assert page.evaluate("window.pwned") is None
    assert page.locator("#ask-sources img, #lib-detail img, #lib-list img, #ask-chat img:not([src^='data:'])"
                        ).evaluate_all("els => els.filter(e => !e.closest('button')).length") == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("body").is_visible()            # the <style>body{display:none}</style> did nothing


def test_malicious_documents_show_as_text(login):
    page = login("editor")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_library(page)
    upload(page, [DATA / "malicious.md", DATA / "malicious-links.txt"])
    assert page.locator("#upload-results").text_content().count("added") == 2
    assert "<script>" in page.locator("#lib-list").inner_text()       # the title shows literally
    field = page.locator("#lib-pick input")
    field.click()
    field.fill("恶意样本")
    page.get_by_role("option", name=re.compile("恶意样本")).first.click()
    page.wait_for_selector("#lib-detail .ipabs-chunk", timeout=20000)
    detail = page.locator("#lib-detail").inner_text()
    assert "<img src=x onerror=" in detail and "${window.pwned=5}" in detail and "<script>" in detail
    assert_inert(page)
    page.locator("#lib-detail").scroll_into_view_if_needed()
    shot(page, "safety-library-detail")

    page.get_by_role("tab", name=re.compile("Ask")).click()
    # The malicious file is a note: notes rank below the law, so the question is asked of notes only (the
    # Ask tab's document-type filter) to bring its passage into the sources panel.
    page.locator("#ask-doctype input").click()
    page.get_by_role("option", name="note", exact=True).click()
    ask(page, "蓝鲸托管条款要求托管人保存什么？")
    cite = page.locator("#ask-sources details.ipabs-cite", has_text="恶意样本").first
    cite.locator("> summary").click()
    assert "<script>" in cite.inner_text() and "onerror" in cite.inner_text()

    page.locator("#ask-doctype input").click()
    page.get_by_role("option", name="Any · 全部", exact=True).click()
    ask(page, "白鲸监管条款要求监管银行做什么？")
    chat = page.locator("#ask-chat").inner_text()
    assert "[点击这里](javascript:window.pwned=4)" in chat                # the link is text, not a link
    assert page.locator("#ask-chat a:has-text('点击这里')").count() == 0
    assert "**加粗**" in chat                                           # Markdown emphasis stayed literal
    assert page.locator("#ask-chat strong:has-text('加粗')").count() == 0
    page.locator("#ask-sources details.ipabs-cite > summary").first.click()
    page.wait_for_timeout(1000)   # give any injected handler a chance to fire
    assert_inert(page)
    assert not dialogs
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
