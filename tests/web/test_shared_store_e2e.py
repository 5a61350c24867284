"""The README's order with the app still serving: `ipabs serve`, then `ipabs ingest` from a shell, then Ask in the browser."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.web.conftest import DATA, IPABS, base_env, cli, shot, start_server, stop
from tests.web.test_ask_e2e import ask
from tests.web.test_library_e2e import open_library, upload


CLI_DOC = """---
title: "青川市知识产权质押融资风险补偿办法（测试）"
doc_type: "local_regulation"
jurisdiction: "CN"
effective_from: "2021-05-01"
language: zh
---

第一条 本办法为命令行导入测试而写，不具有法律效力。

第六条 风险补偿资金池对合作银行的单笔补偿比例不超过贷款本金损失的百分之四十。
"""

UPLOAD_DOC = """---
title: "白沙市专利运营补助细则（测试）"
doc_type: "policy"
jurisdiction: "CN"
effective_from: "2021-01-01"
language: zh
---

第三条 专利运营机构每年度最多申请一次运营补助，补助额不超过人民币三十万元。
"""


@pytest.fixture(scope="module")
def local_app(tmp_path_factory):
    """`ipabs serve` without a users file (local use, as after `make run`), on a library of one document."""
    root = tmp_path_factory.mktemp("shared-store")
    data_dir = root / "data"
    env = base_env(data_dir)
    cli(env, "ingest", str(DATA / "ipabs_test_guideline.md"))
    proc, url, log = start_server(data_dir, env)
    yield url, env, log, root
    stop(proc)


def header_count(page) -> int:
    found = re.search(r"(\d+) documents", page.locator("#ipabs-header").inner_text())
    return int(found.group(1)) if found else -1


@pytest.mark.e2e
def test_cli_ingest_while_serving_then_ask_in_the_browser(browser, local_app):
    url, env, log, root = local_app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector("#ask-input textarea", timeout=30000)
    ask(page, "原始权益人持有次级资产支持证券的比例不得低于多少？")
    assert "知识产权证券化网页测试指引" in page.locator("#ask-sources").inner_text()

    # The README's next step, from a second process, while the app serves the same data dir.
    doc = root / "青川市风险补偿办法.md"
    doc.write_text(CLI_DOC, encoding="utf-8")
    ingested = cli(env, "ingest", str(doc))
    assert "1 added" in ingested.stdout, ingested.stdout + ingested.stderr

    # The same browser page, no reload and no restart: the new document answers, the old one still does.
    ask(page, "风险补偿资金池对合作银行的单笔补偿比例不超过多少？")
    sources = page.locator("#ask-sources").inner_text()
    assert "青川市知识产权质押融资风险补偿办法" in sources and "第六条" in sources
    ask(page, "用于质押的专利权应当在哪里办理质押登记？")
    assert "知识产权证券化网页测试指引" in page.locator("#ask-sources").inner_text()
    assert page.locator(".toast-body.error, .toast-wrap .error").count() == 0
    shot(page, "shared-store-ask-after-cli-ingest")

    # The command line reads the same live library too (the README's `ipabs ask` step).
    answered = cli(env, "ask", "风险补偿资金池的单笔补偿比例", "--json")
    assert "青川市知识产权质押融资风险补偿办法" in answered.stdout
    assert "Error finding id" not in log.read_text() and "Traceback" not in log.read_text()


@pytest.mark.e2e
def test_header_count_follows_upload_and_delete_without_reload(browser, local_app, tmp_path):
    url, env, log, root = local_app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector("#ipabs-header :text('documents')", timeout=30000)
    before = header_count(page)
    doc = tmp_path / "白沙市专利运营补助细则.md"
    doc.write_text(UPLOAD_DOC, encoding="utf-8")
    open_library(page)
    upload(page, [doc])
    page.wait_for_function(f"() => document.querySelector('#ipabs-header').innerText.includes('{before + 1} documents')",
                           timeout=30000)

    page.locator("#lib-pick input").fill("白沙市")
    page.get_by_role("option", name=re.compile("白沙市")).first.click()
    page.wait_for_selector("#lib-detail :text('白沙市专利运营补助细则')", timeout=30000)
    page.locator("#lib-confirm input").check()
    page.locator("#lib-delete").click()
    page.wait_for_selector("#lib-detail :text('Deleted')", timeout=30000)
    page.wait_for_function(f"() => document.querySelector('#ipabs-header').innerText.includes('{before} documents')",
                           timeout=30000)


@pytest.mark.slow
def test_a_second_process_is_told_who_holds_the_data_dir(tmp_path):
    """No server: a process holding the embedded store makes another one stop with one line, not corrupt it."""
    data_dir = tmp_path / "data"
    env = base_env(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from app.data_lock import claim; "
         "assert claim(Path(sys.argv[1]), 'ipabs ingest') is None; print('held', flush=True); time.sleep(60)",
         str(data_dir)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = subprocess.run([IPABS, "docs", "list"], env=env, capture_output=True, text=True, timeout=300)
        assert second.returncode == 2, second.stderr
        line = second.stderr.strip().splitlines()[-1]
        assert f"in use by process {holder.pid} (ipabs ingest" in line and "ipabs serve" in line, line
        assert "Traceback" not in second.stderr
    finally:
        holder.kill()
        holder.wait()
    after = subprocess.run([IPABS, "docs", "list"], env=env, capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr   # the kernel released the lock with the holder

