"""A "blocked" verdict says the law forbids the deal only when a failure rests on a verified legal text.
RULEBOOK §0: an E or R basis "must be checked against the official text" before it blocks; §14: "practice is
not an instrument" and the CN-R-01 bank-ABS notice is "cited as an analogy only". So a failure on market
practice, on unverified sources, or on an article the library does not hold is labelled as such, and a deal
blocked only by such failures is `blocked_unverified`, not "Blocked by law"."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from rules.basis import BasisQuote, ReportContext
from rules.deal_io import load_deal_file
from rules.findings import VERDICTS
from rules.labels import FOOTING_STATUS, VERDICT_NAME
from rules.report import render
from rules.samples import sample_path


def _check(checker, name: str):
    return checker.check(load_deal_file(sample_path(name)))


def _text(out: str, fmt: str) -> str:
    return BeautifulSoup(out, "lxml").get_text() if fmt == "html" else out


def test_the_verdicts_are_defined_once():
    assert VERDICTS == ("blocked", "blocked_unverified", "conditional", "clear")
    assert set(VERDICT_NAME) == set(VERDICTS)


def test_thin_retention_fails_market_practice_not_the_law(checker):
    # CN-R-01a: below 5 % blocks an SZSE deal (RULEBOOK §14), on exchange practice; the PBOC/CBRC 2013 notice
    # is an unverified (R) analogy not in the library.
    report = _check(checker, "pledge-loan-nanshan-5--thin-retention")
    finding = report.finding("CN-R-01a")
    assert finding.status == "fail" and finding.severity == "blocking"
    assert finding.footing == "practice"
    assert report.verdict == "blocked_unverified"


def test_an_unaccepted_bill_fails_on_an_unverified_basis(checker):
    # CN-A-03c cites only 负面清单指引 第五项 [E]: the 2014 list held in the library has items 1-4 only.
    report = _check(checker, "bill-supply-chain-bills--unaccepted-bill")
    assert report.finding("CN-A-03c").footing == "unverified"
    assert report.verdict == "blocked_unverified"


def test_an_unpaid_annual_fee_still_blocks_by_law(checker):
    # CN-IP-02 rests on 专利法 第四十三条/第四十四条 [V]: non-payment ends the patent.
    report = _check(checker, "pledge-loan-nanshan-5--unpaid-annual-fee")
    assert report.finding("CN-IP-02").footing == "law" and report.verdict == "blocked"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_headline_and_the_finding_say_what_the_block_rests_on(checker, fmt):
    report = _check(checker, "pledge-loan-nanshan-5--thin-retention")
    text = _text(render(report, fmt), fmt)
    body, headline = text[:text.index("Legend")], text[:text.index("Sign-off")]   # the legend lists every verdict
    assert VERDICT_NAME["blocked_unverified"] in headline and VERDICT_NAME["blocked"] not in body
    assert "CN-R-01a (Market practice, not law" in headline
    finding = body[body.index("CN-R-01a", body.index("All findings")) - 80:]
    assert FOOTING_STATUS[("fail", "practice")] in finding[:120]   # its heading, never "Fail · 不合规"


def test_a_verified_article_the_library_does_not_hold_does_not_block_by_law(checker):
    # The verdict is the checker's until the library is read: CN-IP-02's 专利法 第四十三条/第四十四条 are V, but
    # a library without the Patent Law cannot show them, so the rendered report does not say "by law".
    report = _check(checker, "pledge-loan-nanshan-5--unpaid-annual-fee")
    missing = {("专利法", a): BasisQuote("专利法", a, False, note="专利法 is not in the library")
               for a in ("第四十三条", "第四十四条")}
    data = json.loads(render(report, "json", ReportContext(bases=missing)))
    assert data["verdict"] == "blocked_unverified"
    assert next(f for f in data["findings"] if f["rule_id"] == "CN-IP-02")["footing"] == "unverified"
    held = {k: BasisQuote(*k, True, text="（test text）", effective_from="2021-06-01") for k in missing}
    assert json.loads(render(report, "json", ReportContext(bases=held)))["verdict"] == "blocked"


def test_a_failure_in_law_next_to_one_in_practice_blocks_by_law(checker):
    deal = load_deal_file(sample_path("pledge-loan-nanshan-5--thin-retention"))
    deal.pool.ip[3].annual_fee_paid = False        # CN-IP-02 fails too, on 专利法 第四十三条 [V]
    report = checker.check(deal)
    assert {f.rule_id: f.footing for f in report.findings if f.status == "fail"} == \
        {"CN-IP-02": "law", "CN-R-01a": "practice"}
    assert report.verdict == "blocked"
    assert "CN-R-01a (Market practice, not law" in render(report, "md")   # still named in the warnings


def test_a_library_that_could_not_be_read_is_not_said_to_hold_the_text(checker):
    # The verdict line said "verified … and held in the library" of a library the report could not read.
    from rules.basis import LibraryState

    report = _check(checker, "pledge-loan-nanshan-5--unpaid-annual-fee")
    unread = ReportContext(library=LibraryState("", 0, error="OSError: the data dir is locked"))
    data = json.loads(render(report, "json", unread))
    assert data["verdict"] == "blocked" and "could not be read" in data["verdict_meaning"]
    assert "held in the library" not in render(report, "md", unread).split("\n")[2]
    assert "held in the library" in json.loads(render(report, "json"))["verdict_meaning"]
