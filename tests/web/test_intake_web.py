"""Import from documents in the Check tab, through a real `ipabs serve`: a draft with its evidence, roles enforced."""
from __future__ import annotations

import json

import pytest

from bench.intake_docs import load_cases, make_document

pytestmark = pytest.mark.slow
CASES = {case["id"]: case for case in load_cases()}


def test_arranger_drafts_a_deal_from_a_docx_and_checks_it(server, tmp_path):
    from gradio_client import Client, handle_file

    source = make_document(CASES["bill-docx"], tmp_path)
    client = Client(server.url, auth=("arranger", server.passwords["arranger"]), verbose=False)
    code, status, report = client.predict([handle_file(str(source))], api_name="/intake")
    assert code.startswith("# DRAFT made by `ipabs intake`") and "model: bill" in code
    assert "issue_size: 120000000.0" in code
    assert "Draft filled in from 1 document(s)" in status
    assert "第23456789号" in report and source.name in report   # each value shown with its file
    client.predict(code, "", api_name="/check")                  # the draft runs through the checker as it is
    log = [json.loads(line) for line in (server.data_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(e["action"] == "intake" and e["files"] == [source.name] for e in log)


def test_viewer_may_not_import(server, tmp_path):
    from gradio_client import Client, handle_file

    source = make_document(CASES["bill-docx"], tmp_path)
    client = Client(server.url, auth=("viewer", server.passwords["viewer"]), verbose=False)
    # The upload route refuses a viewer first (403); the handler's own guard says "Not allowed".
    with pytest.raises(Exception, match="Not allowed|403 Forbidden"):
        client.predict([handle_file(str(source))], api_name="/intake")


def test_a_non_deal_document_is_refused_with_its_reason(server, tmp_path):
    from gradio_client import Client, handle_file

    bad = tmp_path / "通知.txt"
    bad.write_text("关于开展知识产权宣传周活动的通知\n各单位：请按要求组织活动。\n", encoding="utf-8")
    client = Client(server.url, auth=("arranger", server.passwords["arranger"]), verbose=False)
    code, status, report = client.predict([handle_file(str(bad))], api_name="/intake")
    assert "not an offering document" in status and "No draft" in status


def _import_in_the_browser(login, source, drafted: str):
    """An arranger's page after importing `source` in the Check tab, once the deal editor holds `drafted`."""
    import re

    page = login("arranger")
    page.get_by_role("tab", name=re.compile("Check")).click()
    page.wait_for_selector("#check-run", timeout=15000)
    page.get_by_text("Import from documents").click()
    page.locator("#intake-files input[type=file]").set_input_files(str(source))
    page.wait_for_selector("#intake-files >> text=" + source.name[:6], timeout=20000)
    page.locator("#intake-run").click()
    page.wait_for_function(f"() => document.querySelector('#check-code').innerText.includes({drafted!r})",
                           timeout=120000)
    return page


@pytest.mark.e2e
def test_import_in_the_browser_fills_the_deal_and_shows_evidence(login, tmp_path):
    from tests.web.conftest import shot

    source = make_document(CASES["pledge-loan-pdf"], tmp_path)
    page = _import_in_the_browser(login, source, "model: pledge_loan")
    report = page.locator("#intake-report").inner_text()
    assert "湖南湘江新区发展集团有限公司" in report and source.name in report
    assert "Draft filled in from 1 document(s)" in page.locator("#check-status").inner_text()
    page.locator("#check-run").click()
    page.wait_for_selector("#check-verdict", timeout=60000)
    shot(page, "check-import-from-documents")


def test_the_app_answers_while_a_scan_is_being_read(server, tmp_path):
    """OCR runs in its own worker (one at a time); a check from another user is served meanwhile."""
    import time

    from gradio_client import Client, handle_file

    from tests.ingest.scans import POLICY_TEXT, scanned_pdf

    scan = scanned_pdf(tmp_path / "扫描件.pdf", [f"{p}（第{i}遍）" for i in range(4) for p in POLICY_TEXT], seed=9)
    reader = Client(server.url, auth=("arranger", server.passwords["arranger"]), verbose=False)
    checker = Client(server.url, auth=("arranger", server.passwords["arranger"]), verbose=False)
    job = reader.submit([handle_file(str(scan))], api_name="/intake")
    time.sleep(3)   # the upload is in and OCR has started
    started = time.monotonic()
    checker.predict("id: x\ndeal: {model: leasing}\n", "", api_name="/check")
    assert not job.done(), "the check should have been answered while OCR was still reading"
    assert time.monotonic() - started < 60
    code, status, report = job.result(timeout=900)
    assert "not an offering document" in status   # a policy text, read by OCR, is not a deal


@pytest.mark.e2e
def test_a_check_after_import_repeats_what_intake_could_not_confirm(login, tmp_path):
    # A patent number whose check digit does not add up stays in the draft: the check of that draft, in the browser,
    # says its verdict rests on values intake could not confirm.
    from tests.web.conftest import shot

    source = make_document(CASES["pledge-loan-patents-docx"], tmp_path)
    page = _import_in_the_browser(login, source, "ZL202111502233.1")
    page.locator("#check-run").click()
    page.wait_for_selector("#check-verdict", timeout=60000)
    assert "could not confirm" in page.locator("#check-verdict-box").inner_text()
    shot(page, "check-after-import-unconfirmed")
