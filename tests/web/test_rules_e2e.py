"""Rules in the browser: packs with versions, a rule with severity, basis and its own test cases."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.web.conftest import shot
from tests.web.test_ask_e2e import ask

pytestmark = pytest.mark.e2e


def test_browse_packs_and_a_rule(login):
    page = login("arranger")
    page.get_by_role("tab", name=re.compile("Rules")).click()
    page.wait_for_selector("#rules-packs table", timeout=20000)
    packs = page.locator("#rules-packs").inner_text()
    assert "cn-ipabs" in packs and "cn-subsidy" in packs
    page.wait_for_selector("#rules-detail details.ipabs-rule", timeout=20000)
    page.locator("#rules-query input, #rules-query textarea").first.fill("CN-IP-02")
    page.locator("#rules-query input, #rules-query textarea").first.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#rules-detail details.ipabs-rule').length === 1",
                           timeout=20000)
    rule = page.locator("#rules-detail details.ipabs-rule").first
    rule.locator("> summary").click()
    text = rule.text_content()
    assert "blocking" in text and "专利法 第四十三条" in text and "Test cases" in text and "annual_fee_paid" in text
    shot(page, "rules-rule-open")


def test_admin_sees_the_audit_log(login):
    token = uuid.uuid4().hex[:12]
    ask(login("viewer"), f"{token} 发明专利权的期限是多久？")   # this test's own row, not earlier tests'
    page = login("admin")
    page.get_by_role("tab", name=re.compile("Audit")).click()
    page.wait_for_selector("#audit-view table", timeout=20000)
    row = page.locator("#audit-view tr", has_text=token)
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[1:4] == ["viewer", "viewer", "ask"]
    shot(page, "audit-log")
