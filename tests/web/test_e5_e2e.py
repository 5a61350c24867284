"""The default `e5` embedding in the browser: the cited article, and an honest "not found" off topic."""
from __future__ import annotations

import pytest

from tests.conftest import link_e5_models
from tests.web.conftest import DATA, base_env, cli, shot, start_server, stop
from tests.web.test_ask_e2e import ask

pytestmark = [pytest.mark.e2e, pytest.mark.slow]   # slow: the session's first `e5` builds the model


@pytest.fixture(scope="module")
def e5_server(tmp_path_factory, e5_models):
    """The app on the built-in default embedding (the other web tests use `e5-engine`), without login."""
    data_dir = link_e5_models(tmp_path_factory.mktemp("e5-web") / "data", e5_models)
    env = {**base_env(data_dir), "IPABS_EMBEDDING": "e5"}
    cli(env, "ingest", str(DATA / "ipabs_test_guideline.md"))   # builds the model first if the session has not
    proc, url, _ = start_server(data_dir, env)
    yield url
    stop(proc)


def test_default_e5_cites_the_article_and_says_not_found_off_topic(browser, e5_server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(e5_server)
        page.wait_for_selector("#ask-input textarea", timeout=30000)
        ask(page, "原始权益人持有次级资产支持证券的比例不得低于多少？")
        summary = page.locator("#ask-sources details.ipabs-cite").first.locator("> summary").inner_text()
        assert "知识产权证券化网页测试指引" in summary and "第三条" in summary
        ask(page, "火星殖民地的农业补贴标准是什么？")
        sources = page.locator("#ask-sources").inner_text()
        assert "Not found" in sources and "Nothing is cited" in sources
        assert page.locator("#ask-sources details.ipabs-cite").count() == 0
        shot(page, "e5-ask-not-found")
    finally:
        page.close()
