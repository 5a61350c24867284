"""Ask in the browser: type a question, press Enter, see the cited article and open its passage."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import shot

pytestmark = pytest.mark.e2e


def ask(page, question: str) -> None:
    """Type into the chat box and press Enter; wait until the sources panel shows this question."""
    box = page.locator("#ask-input textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "q => document.querySelector('#ask-sources') && document.querySelector('#ask-sources').innerText.includes(q)",
        arg=question[:20], timeout=60000)


def test_enter_asks_and_cites_the_right_article(login):
    page = login("viewer")
    ask(page, "原始权益人持有次级资产支持证券的比例不得低于多少？")
    first = page.locator("#ask-sources details.ipabs-cite").first
    assert "知识产权证券化网页测试指引" in first.locator("> summary").inner_text()
    assert "第三条" in first.locator("> summary").inner_text()
    chat = page.locator("#ask-chat").inner_text()
    assert "[1]" in chat and "第三条" in chat

    first.locator("> summary").click()
    mark = first.locator("mark").first
    assert mark.is_visible()
    assert "百分之五" in mark.inner_text()
    meta = first.locator(".ipabs-cite-meta").inner_text()
    assert "2020-01-01" in meta          # the version's effective date
    shot(page, "ask-citation-open")


def test_unanswerable_question_says_not_found(login):
    page = login("viewer")
    ask(page, "火星殖民地的农业补贴标准是什么？")
    sources = page.locator("#ask-sources").inner_text()
    assert "Not found" in sources and "Nothing is cited" in sources
    assert page.locator("#ask-sources details.ipabs-cite").count() == 0
    assert "未找到" in page.locator("#ask-chat").inner_text()
    shot(page, "ask-not-found")


def test_filters_narrow_the_search(login):
    page = login("viewer")
    question = "原始权益人持有次级资产支持证券的比例不得低于多少？"
    as_of = page.locator("#ask-asof input, #ask-asof textarea").first
    as_of.fill("2020-06-01")
    ask(page, question)
    # In force on that day: cited, so the absence below is the filter's doing, not an empty search.
    assert "知识产权证券化网页测试指引" in page.locator("#ask-sources").inner_text()
    page.get_by_role("button", name=re.compile("New conversation")).click()
    page.wait_for_function("() => document.querySelector('#ask-sources').innerText.includes('appear here')",
                           timeout=20000)
    as_of.fill("2019-06-01")
    ask(page, question)
    # The test guideline takes effect on 2020-01-01: on 2019-06-01 no version of it was in force, so it
    # may only be quoted as the nearest stored version, marked as such in the sources and the chat.
    sources = page.locator("#ask-sources").inner_text()
    if "知识产权证券化网页测试指引" in sources:
        assert "not in force on 2019-06-01: nearest stored version" in sources
        chat = page.locator("#ask-chat").inner_text()
        assert "2019-06-01" in chat and "不在知识库中" in chat


def test_generated_answers_are_off_without_a_model_and_the_tab_says_why(login):
    page = login("viewer")
    note = page.locator("#ask-mode-note")
    assert note.is_visible() and "no language model is configured" in note.inner_text()
    generate = page.locator("#ask-mode input[value='generate']")
    assert generate.is_disabled() and page.locator("#ask-mode input[value='extractive']").is_checked()
