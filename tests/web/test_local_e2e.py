"""Without a users file the app opens straight away for the local user, with every tab."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import base_env, shot, start_server, stop

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("local")
    proc, url, _ = start_server(root / "data", base_env(root / "data"))
    yield url
    stop(proc)


def test_no_login_by_default(browser, local_server):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(local_server)
        page.wait_for_selector("#ask-input textarea", timeout=30000)
        page.wait_for_selector("#ipabs-header :text('Local use')", timeout=15000)
        for tab in ("Ask", "Check", "Library", "Rules", "Audit"):
            assert page.get_by_role("tab", name=re.compile(tab)).is_visible()
        assert page.locator("input[type=password]").count() == 0
        page.get_by_role("tab", name=re.compile("Check")).click()
        assert page.locator("#check-run").is_visible()
        shot(page, "local-no-login")
    finally:
        page.close()
