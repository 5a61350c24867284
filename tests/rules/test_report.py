"""Report renderings a lawyer signs: basis verbatim with its version and verification, sign-off data, summary
first, one verdict meaning, readable values, escaped Markdown, standard JSON, escaped HTML."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from rules.basis import BasisQuote, LibraryState, ReportContext
from rules.deal import validate_deal
from rules.deal_io import load_deal_file
from rules.findings import Finding, Report
from rules.labels import MONEY_FIELDS, STATEMENT, UNVERIFIED_MARK, VERDICT_MEANING, field_label, label_of, money
from rules.report import render, warnings
from rules.samples import sample_path

FORMATS = ("md", "html", "json")
# Stand-in article texts: the renderers print whatever the library resolved, so the tests hand them data.
ARTICLE_43 = "第四十三条 (test text) 专利权人应当自被授予专利权的当年开始缴纳年费。"
LIBRARY = LibraryState("0123456789abcdef", 2, ({"doc_id": "d-patent", "title": "中华人民共和国专利法", "version": "2020",
                                                "effective_from": "2021-06-01"},))


def _context(report: Report, deal=None, **quotes: BasisQuote) -> ReportContext:
    bases = {(q.instrument, q.article): q for q in quotes.values()}
    return ReportContext(bases=bases, library=LIBRARY, run_by="alice (web)",
                         generated_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone.utc), deal=deal)


def _article_43(**overrides) -> BasisQuote:
    fields = dict(instrument="专利法", article="第四十三条", found=True, text=ARTICLE_43, title="中华人民共和国专利法",
                  doc_id="d-patent", version="2020", effective_from="2021-06-01")
    return BasisQuote(**{**fields, **overrides})


@pytest.fixture(scope="module")
def deal():
    return load_deal_file(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee"))


@pytest.fixture(scope="module")
def blocked(checker, deal):
    return checker.check(deal)


def test_json_shape_keeps_its_keys_and_adds_signoff_and_quotes(blocked, deal):
    data = json.loads(render(blocked, "json", _context(blocked, deal, a=_article_43())))
    assert set(data) >= {"deal_id", "as_of", "packs", "verdict", "findings", "subsidies", "signoff", "warnings",
                         "verdict_meaning"}
    assert data["verdict"] == "blocked" and data["verdict_meaning"] == VERDICT_MEANING["blocked"]
    assert data["packs"][0] == {"name": "cn-ipabs", "version": "2026.1"}
    f = data["findings"][0]
    assert set(f) >= {"rule_id", "status", "severity", "title", "explanation", "basis", "remediation", "facts",
                      "facts_shown"}
    assert f["status"] == "fail" and f["rule_id"] == "CN-IP-02"   # failures first
    quoted = next(b for b in f["basis"] if b["article"] == "第四十三条")
    assert quoted["quote"]["text"] == ARTICLE_43 and quoted["quote"]["found"] is True
    sign = data["signoff"]
    assert sign["run_by"] == "alice (web)" and sign["generated_at"] == "2026-11-26T09:30:00+00:00"
    assert sign["library"]["state_hash"] == "0123456789abcdef" and sign["statement"] == STATEMENT
    assert set(data["subsidies"][0]) >= {"programme", "eligible", "reasons", "estimated_amount", "currency", "source"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_quotes_the_cited_article_under_its_finding(blocked, deal, fmt):
    out = render(blocked, fmt, _context(blocked, deal, a=_article_43()))
    text = BeautifulSoup(out, "lxml").get_text() if fmt == "html" else out
    assert "专利权人应当自被授予专利权的当年开始缴纳年费" in text
    finding = text[text.index("CN-IP-02", text.index("All findings") if fmt != "json" else 0):]
    assert "(test text)" in finding[:4000]    # the quote sits with its finding, not only in an annex


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_article_missing_from_the_library_is_named_as_missing(blocked, deal, fmt):
    missing = _article_43(found=False, text="", note="专利法 is not in the library")
    out = render(blocked, fmt, _context(blocked, deal, a=missing))
    assert "专利法 is not in the library" in out
    assert "1 blocking failure(s) cite an article the library does not hold" in out     # said at the top too
    if fmt != "json":
        assert "Not in the library" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_later_version_is_quoted_with_a_mark(blocked, deal, fmt):
    later = _article_43(in_force_on_as_of=False)
    out = render(blocked, fmt, _context(blocked, deal, a=later))
    assert "version in force from 2021-06-01 — the version in force on the deal date (2022-04-14) is not in the library" in out
    assert "version in force" not in render(blocked, fmt, _context(blocked, deal, a=_article_43()))


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unverified_basis_is_marked_and_a_blocking_result_on_it_warns_at_the_top(checker, fmt):
    deal = load_deal_file(sample_path("bill-supply-chain-bills--unaccepted-bill"))
    report = checker.check(deal)
    assert report.finding("CN-A-03c").status == "fail"          # its basis is tagged E only
    out = render(report, fmt, _context(report, deal))
    top = out[:out.index("Sign-off")] if fmt != "json" else json.dumps(json.loads(out)["warnings"], ensure_ascii=False)
    # RULEBOOK §0: an E basis is not verified, so the top says the failure does not show the law forbids the deal
    assert "blocking failure(s) rest on no verified legal text" in top and "CN-A-03c (Basis unverified" in top
    if fmt == "json":
        basis = json.loads(out)["findings"][0]["basis"]
        assert basis[0]["verification"] == "E" and basis[0]["unverified"] is True
    else:
        assert UNVERIFIED_MARK in out
    clean = checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee")))   # fails on V bases only
    assert "rest on no verified legal text" not in render(clean, fmt, _context(clean))


@pytest.mark.parametrize("fmt", ("md", "html"))
def test_summary_comes_first_then_subsidies_then_the_full_table_and_a_legend(blocked, deal, fmt):
    out = render(blocked, fmt, _context(blocked, deal, a=_article_43()))
    order = [out.index(s) for s in ("Verdict", "Sign-off", "Summary", "Blocking and warning findings",
                                    "Subsidies", "All findings", "Legend")]
    assert order == sorted(order)
    summary = out[out.index("Blocking and warning findings"):out.index("Subsidies")]
    assert "CN-IP-02" in summary and "annual fee" in summary.lower()
    legend = out[out.index("Legend"):]
    assert all(tag in legend for tag in ("V", "E", "R")) and "not verified" in legend


@pytest.mark.parametrize("fmt", FORMATS)
def test_signoff_names_time_date_packs_library_and_user(blocked, deal, fmt):
    out = render(blocked, fmt, _context(blocked, deal))
    for expected in ("2026-11-26", "2022-04-14", "cn-ipabs", "2026.1", "0123456789abcdef", "alice (web)",
                     "not a legal opinion"):
        assert expected in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_clear_verdict_with_info_notes_says_so(checker, fmt):
    report = checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5")))
    notes = [f.rule_id for f in report.findings if f.status == "warn" and f.severity == "info"]
    assert report.verdict == "clear" and notes     # info notes never make a deal conditional
    out = render(report, fmt, _context(report))
    assert VERDICT_MEANING["clear"] in out and "info notes may remain" in out
    assert "every applicable rule passes" not in out
    assert f"0 Warning · 警示 · {len(notes)} Note · 提示" in out if fmt != "json" else json.loads(out)["counts"]["note"]
    if fmt != "json":
        assert "Note · 提示" in out and all(rule in out[:out.index("All findings")] for rule in notes)


def test_amounts_read_as_yuan_in_words_and_figures():
    assert money(733_000_000) == "人民币 7.33 亿元 / RMB 733,000,000"
    assert money(206_000_000.0) == "人民币 2.06 亿元 / RMB 206,000,000"
    assert money(25_000_000) == "人民币 2,500 万元 / RMB 25,000,000"
    assert money(9_999) == "人民币 9,999 元 / RMB 9,999"
    assert money(1_000_000, "EUR") == "EUR 1,000,000"
    assert money(None) == "—"


def test_every_money_field_of_the_deal_model_is_shown_as_money():
    source = (Path(__file__).resolve().parents[2] / "rules" / "deal.py").read_text(encoding="utf-8")
    assert set(re.findall(r"^\s+(\w+): Money\b", source, re.M)) <= MONEY_FIELDS


@pytest.mark.parametrize("description, label", [
    ("发行规模 · Issue size, in yuan; e.g. 733000000", "发行规模 · Issue size, in yuan"),
    ("Issue date · 发行日 (ISO date, e.g. 2024-01-31)", "Issue date · 发行日"),
    ("自留比例 · Retention share (a fraction 0-1)\nlonger text", "自留比例 · Retention share (a fraction 0-1)"),
    ("专利年费已缴纳（是/否） / annual patent fee paid (true/false)", "专利年费已缴纳 / annual patent fee paid"),
    ("", ""),
])
def test_a_field_reads_as_its_description_without_the_example(description, label):
    assert label_of(description) == label


def test_derived_facts_read_in_words():
    assert field_label("derived.min_ip_expiry").endswith("earliest IP expiry")
    assert field_label("pool.ip[3].expiry_date").endswith("protection ends")


def test_a_field_without_a_description_reads_as_its_path():
    assert field_label("pool.ip[2].no_such_field") == "pool.ip[2].no_such_field"


def test_facts_name_the_ip_right_and_read_as_money(checker):
    deal = load_deal_file(sample_path("license-fee-guangzhou-kaide--ip-expires-before-maturity"))
    report = checker.check(deal)
    md = render(report, "md", _context(report, deal))
    ip04 = md[md.index("CN-IP-04", md.index("All findings")):]
    ip04 = ip04[:ip04.index("####")]
    assert "expires first · 最早到期: #4 utility ZL201720000104.1" in ip04.replace("\\", "")
    assert "人民币 3.01 亿元 / RMB 301,000,000" in md           # deal.raised_size of that deal
    fee = md[md.index("IP right · 知识产权 \\#1"):][:200]
    assert "invention ZL" in fee


def test_a_failure_prints_every_fact_and_a_pass_its_first_few(blocked, deal):
    md = render(blocked, "md", _context(blocked, deal))
    ip02 = md[md.index("CN-IP-02", md.index("All findings")):]
    ip02 = ip02[:ip02.index("####")]
    assert "pool.ip[11].annual_fee_paid" in ip02 and "more facts in the JSON report" not in ip02
    assert "more facts in the JSON report" in md      # some pass reads many facts
    data = json.loads(render(blocked, "json", _context(blocked, deal)))
    assert all(len(f["facts_shown"]) == len(f["facts"]) for f in data["findings"])


def test_a_loan_fact_names_the_loan(blocked, deal):
    md = render(blocked, "md", _context(blocked, deal))
    assert "Loan · 贷款 \\#1: NS-01 南山科技企业01" in md


def test_markdown_escapes_html_and_markdown_from_deal_fields(checker):
    evil = "<script>alert('x')</script><img src=x onerror=y> [click](javascript:alert(1)) **b**"
    deal = validate_deal({"id": "evil", "name": evil, "originator": {"name": evil, "is_lgfv": True},
                          "pool": {"claims": [{"id": evil, "obligor": evil, "is_local_gov_debt": True}]}})
    report = checker.check(deal)
    md = render(report, "md", _context(report, deal))
    assert not re.search(r"(?<!\\)<(script|img)", md) and not re.search(r"(?<!\\)\]\(javascript", md)
    dom = BeautifulSoup(MarkdownIt("commonmark", {"html": True}).enable("table").render(md), "lxml")
    assert not dom.find_all(["script", "img"]) and not dom.find_all(href=re.compile("javascript", re.I))
    assert "<script>alert('x')</script>" in dom.get_text()     # shown as text


def test_what_if_summary_escapes_deal_text(checker):
    from rules.report_md import diff_markdown
    from rules.whatif import apply_changes, diff_reports

    deal = load_deal_file(sample_path("leasing-wenke-1"))
    evil = apply_changes(deal, ["originator.name=<img src=x onerror=alert(1)>"])
    after = apply_changes(evil, ["originator.is_dishonest_debtor=true"])
    text = diff_markdown("x", "y", diff_reports(checker.check(evil), checker.check(after)))
    assert "CN-O-06a" in text and "onerror" in text and not re.search(r"(?<!\\)<img", text)


def test_json_report_is_standard_json_even_for_non_finite_numbers():
    finding = Finding("T-1", "fail", "blocking", "t", "e", [], "", facts={"deal.issue_size": float("inf"),
                                                                        "x": float("nan")})
    report = Report("d", dt.date(2024, 1, 1), [], [finding], [])

    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")
    data = json.loads(render(report, "json"), parse_constant=refuse)
    assert data["findings"][0]["facts"]["deal.issue_size"] == "inf"


def test_html_escapes_deal_supplied_text_and_runs_nothing(checker):
    evil = "<script>alert('x')</script>"
    deal = validate_deal({"id": evil, "name": evil, "originator": {"name": evil, "is_lgfv": True},
                          "pool": {"claims": [{"id": evil, "obligor": evil, "is_local_gov_debt": True}]}})
    html = render(checker.check(deal), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("<!doctype html>") and "default-src 'none'" in html


@pytest.mark.parametrize("fmt", FORMATS)
def test_market_practice_is_never_printed_as_an_instrument(fmt):
    practice = {"instrument": "市场惯例（非规范性文件）", "article": "无条文", "verification": "E"}
    finding = Finding("T-1", "fail", "blocking", "Retention practice", "thin", [practice], "hold more")
    report = Report("d", dt.date(2024, 1, 1), [], [finding], [])
    quote = BasisQuote("市场惯例（非规范性文件）", "无条文", False, note="market practice, not a legal text")
    out = render(report, fmt, ReportContext(bases={("市场惯例（非规范性文件）", "无条文"): quote}, library=LIBRARY))
    assert "《市场惯例" not in out and "无条文 [" not in out
    assert "cite an article the library does not hold" not in out     # practice has no article to hold
    if fmt != "json":
        assert "Market practice, not a legal instrument" in out and "Not in the library" not in out


def test_without_a_library_the_report_says_texts_were_not_looked_up(blocked):
    md = render(blocked, "md")
    assert "Text not looked up" in md and "not consulted" in md


def test_unknown_format(blocked):
    with pytest.raises(ValueError):
        render(blocked, "pdf")


# A list-type instrument (negative list: items, no articles) and a Q&A (questions, no articles), stored as the
# corpus stores them: plain paragraphs. RULEBOOK §14 tags 负面清单 items 1–2 and 问答三 问题一、二 V.
NEGATIVE_LIST = ("---\ntitle: 资产证券化业务基础资产负面清单指引（2014）\ndate: 2014-12-24\neffective_from: 2014-12-24\n---\n\n"
                 "# 资产证券化业务基础资产负面清单指引（2014）\n\n资产证券化业务基础资产实行负面清单管理。\n\n"
                 "（一）以地方政府为直接或间接债务人的基础资产。\n\n（二）以地方融资平台公司为债务人的基础资产。\n\n"
                 "（三）矿产资源开采收益权、土地出让收益权等资产。\n")
QA = ("---\ntitle: 资产证券化监管问答（三）\ndate: 2019-04-19\neffective_from: 2019-04-19\n---\n\n# 资产证券化监管问答（三）\n\n"
      "现就未来经营收入类资产证券化的有关事项明确如下。\n\n一、对该类产品的现金流来源有哪些要求？\n\n答：现金流应当来源于PPP项目。\n\n"
      "二、特定原始权益人的持续经营能力有哪些要求？\n\n答：应当具有相关特许经营许可。\n")


def test_a_cited_list_item_or_question_is_quoted_from_a_document_without_articles(checker, tmp_path):
    from app.basis import resolve_bases
    from app.ingestion import ingest_paths
    from kb.library import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path / "data", "e5-engine")
    (tmp_path / "neg.md").write_text(NEGATIVE_LIST, encoding="utf-8")
    (tmp_path / "qa.md").write_text(QA, encoding="utf-8")
    assert ingest_paths(kb, [tmp_path / "neg.md", tmp_path / "qa.md"], {}).counts().get("added") == 2
    report = checker.check(load_deal_file(sample_path("bill-supply-chain-bills")))
    quotes = resolve_bases(kb, report)
    first = quotes[("资产证券化业务基础资产负面清单指引", "第一项")]
    assert first.found and first.text == "（一）以地方政府为直接或间接债务人的基础资产。"
    assert quotes[("资产证券化业务基础资产负面清单指引", "第二项")].text.startswith("（二）以地方融资平台公司")
    assert "（三）" not in quotes[("资产证券化业务基础资产负面清单指引", "第二项")].text
    question = quotes[("资产证券化监管问答（三）", "问题二")]
    assert question.found and question.text.startswith("二、特定原始权益人") and "特许经营许可" in question.text
    assert "一、" not in quotes[("资产证券化监管问答（三）", "问题一")].text[2:]   # stops at the next question
    missing = quotes[("资产证券化监管问答（三）", "问题三")]                         # not held: still said so
    assert not missing.found and "has no 问题三" in missing.note


def test_the_2024_negative_list_item_is_not_quoted_from_the_2014_list(checker, tmp_path):
    """2014 item 2 bars financing-platform debtors; the dishonest important-provider test is item 2 of the
    2024 revision (RULEBOOK CN-A-03, CN-O-06, CN-C-01). The library holds only 2014: no quote, and why."""
    from app.basis import resolve_bases
    from app.ingestion import ingest_paths
    from kb.library import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path / "data", "e5-engine")
    (tmp_path / "neg.md").write_text(NEGATIVE_LIST, encoding="utf-8")
    ingest_paths(kb, [tmp_path / "neg.md"], {})
    report = checker.check(load_deal_file(sample_path("leasing-wenke-1--dishonest-originator")))
    assert report.finding("CN-O-06a").status == "warn"          # the dishonest originator: a 2024-list basis
    cites = {(b["instrument"], b["article"]) for b in report.finding("CN-O-06a").basis}
    assert ("资产证券化业务基础资产负面清单指引", "第二项") not in cites
    quotes = resolve_bases(kb, report)
    revised = quotes[("资产证券化业务基础资产负面清单指引（2024年修订）", "第二项")]
    assert not revised.found and "not the 2024 revision cited" in revised.note
    assert quotes[("资产证券化业务基础资产负面清单指引", "第二项")].found      # CN-A-03d's 2014 item stays quoted


def test_an_ip_expiring_before_maturity_reads_as_days_before_and_rests_on_practice(checker):
    """CN-IP-05a's 12-month buffer is practice (RULEBOOK CN-IP-05 "practice", R): a utility model's buffer is
    not quoted from the trademark-renewal article, and a right that expires first is '420 days before'."""
    report = checker.check(load_deal_file(sample_path("license-fee-guangzhou-kaide--ip-expires-before-maturity")))
    finding = report.finding("CN-IP-05a")
    assert finding.status == "warn"
    assert "2027-05-07, 420 days before the legal final maturity 2028-06-30" in finding.explanation
    assert "-420" not in finding.explanation
    assert [(b["instrument"], b["verification"]) for b in finding.basis] == [("市场惯例（非规范性文件）", "R")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_legend_does_not_call_a_partial_repost_the_full_official_text(blocked, deal, fmt):
    """RULEBOOK §14 tags V on partial verbatim texts (e.g. the 2014 negative list, items 1–4 from reposts):
    V means the cited article is held verbatim, which the legend must not overstate."""
    out = render(blocked, fmt, _context(blocked, deal, a=_article_43()))
    assert "checked against the full official text" not in out
    assert "checked against the verbatim text of the cited article held in the library" in out


def test_a_subsidy_reason_names_city_and_district_apart(checker):
    """A deal outside Shenzhen without a district read '杭州市(missing)': city and district are named apart."""
    report = checker.check(load_deal_file(sample_path("bill-supply-chain-bills")))
    reasons = next(s for s in report.subsidies if s.programme == "SUB-SZNS-2025").reasons
    assert any("city 杭州市, district (missing)" in r for r in reasons), reasons
    assert not any("市(missing)" in r for r in reasons)


REPOST_MARK = "unofficial repost, not the issuer's notice"


def test_every_subsidy_source_says_whether_it_is_the_issuers_own_and_each_kind_has_its_mark():
    from typing import get_args

    from rules.labels import SOURCE_KIND_MARK, SourceKind
    from rules.packs import load_packs

    assert set(SOURCE_KIND_MARK) == set(get_args(SourceKind))
    kinds = {p.source: p.source_kind for pack in load_packs() for p in pack.programmes}
    # S3-5: the digest says these are reposts (news, consultancy and firm sites), not the issuers' notices.
    assert [kinds[s] for s in kinds if re.search(r"huaxiataike|regpowell|zzsj|gdzhycpa|idachang", s)] == ["repost"] * 5
    assert all(kind == "official" for source, kind in kinds.items() if ".gov.cn/" in source)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_subsidy_read_from_a_repost_is_marked_unofficial_in_the_report(checker, fmt):
    report = checker.check(load_deal_file(sample_path("pledge-loan-nanshan-5")))
    out = render(report, fmt, _context(report))
    text = BeautifulSoup(out, "html.parser").get_text() if fmt == "html" else out.replace("\\", "")
    row = next(line for line in text.splitlines() if "huaxiataike.com" in line)
    assert REPOST_MARK in row
    official = next(s for s in report.subsidies if s.source_kind == "official")
    assert REPOST_MARK not in next(line for line in text.splitlines() if official.source in line)
    data = json.loads(render(report, "json", _context(report)))
    assert {s["source_kind"] for s in data["subsidies"] if "zzsj.com.cn" in s["source"]} == {"repost"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_rule_not_yet_in_force_is_listed_with_its_start_date(checker, fmt):
    """RULEBOOK §14: a rule not yet in force on the deal date is listed as 'not applicable (in force from …)'.
    CN-A-03b rests on the 2024-03-29 negative-list revision; the 2022 Nanshan deal predates it."""
    deal = load_deal_file(sample_path("pledge-loan-nanshan-5"))
    report = checker.check(deal)
    assert "CN-A-03b" in report.not_applicable
    out = render(report, fmt, _context(report, deal))
    assert "CN-A-03b — No dishonest important cash-flow provider above 15 % (in force from 2024-03-29): " \
           "not applicable (in force from 2024-03-29)" in out
    assert "EU-01 — " in out and "outside its scope for this deal" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_law_not_yet_in_force_on_the_deal_date_is_not_called_a_later_version(checker, fmt):
    """A 2018 deal quoting 民法典 (in force 2021-01-01): the law then was 合同法/物权法, other instruments, so the
    mark says the quoted text took effect after the deal date, not that an earlier 'version' exists."""
    deal = load_deal_file(sample_path("supply-chain-iqiyi"))
    report = checker.check(deal)
    civil = BasisQuote("民法典", "第五百四十五条第一款", True, text="第五百四十五条 …", title="中华人民共和国民法典 第三编 合同",
                       doc_id="d-civil", version="2020-05-28", effective_from="2021-01-01", in_force_on_as_of=False)
    out = render(report, fmt, _context(report, deal, a=civil))
    assert "in force only from 2021-01-01, after the deal date (2018-12-21)" in out
    assert "predecessor instrument" in out
    assert "The quoted text is not the law in force on 2018-12-21" in out            # the top warning too


def _fact_dates_report(checker):
    """Nanshan with a design filed 2012-03-01: CN-IP-04's facts table lists a dozen dates."""
    import yaml

    data = yaml.safe_load(sample_path("pledge-loan-nanshan-5").read_text(encoding="utf-8"))
    next(ip for ip in data["pool"]["ip"] if ip["reg_no"] == "ZL201730000503.3")["filing_date"] = "2012-03-01"
    return checker.check(validate_deal(data))


def test_the_facts_table_has_fixed_column_widths(checker):
    # With automatic layout Chromium squeezed the Value column to a few characters ("2026-/03-10", "desig/n").
    soup = BeautifulSoup(render(_fact_dates_report(checker), "html"), "lxml")
    table = soup.select_one('[data-rule="CN-IP-04"] table')
    assert "facts" in table["class"] and [c["class"] for c in table.find_all("col")] == [["fact"], ["value"], ["about"]]
    css = soup.style.get_text()
    assert "table.facts{table-layout:fixed}" in css and ".facts col.value{width:24%}" in css


@pytest.mark.slow
def test_printed_fact_values_are_not_broken_inside_a_date(checker):
    import shutil

    from pypdf import PdfReader

    from app.pdf import html_to_pdf

    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    report = _fact_dates_report(checker)
    pdf = html_to_pdf(render(report, "html"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Each right's expiry is printed only in the facts tables: every one must be whole on its line.
    expiries = {v for k, v in report.finding("CN-IP-04").facts.items() if k.endswith(".expiry_date")}
    assert len(expiries) > 10
    assert [d for d in sorted(expiries) if d not in text] == []


def test_a_patent_number_no_patent_can_have_is_named_above_the_verdict(checker):
    # user12: the checker passed ZL201610000501.1 (its check digit would be 9), which intake flags.
    deal = load_deal_file(sample_path("pledge-loan-nanshan-5"))
    clean = render(checker.check(deal), "md", _context(checker.check(deal), deal))
    assert "cannot exist" not in clean and "No patent can have" not in clean
    deal.pool.ip[0].reg_no = "ZL201610000501.1"
    report = checker.check(deal)
    md = render(report, "md", _context(report, deal))
    verdict = next(line for line in md.splitlines() if line.startswith("> **Verdict"))
    assert "1 patent number(s) that cannot exist" in verdict
    assert "IP right #1 (ZL201610000501.1), whose check digit would be 9" in md.replace("\\", "")
    assert "pool.ip" not in next(line for line in md.splitlines() if "No patent can have" in line)
    html = BeautifulSoup(render(report, "html", _context(report, deal)), "html.parser")
    assert "unconfirmed" in html.find(id="verdict")["class"]   # a clear verdict resting on it is not shown green


def test_a_patent_number_a_claim_names_that_no_patent_can_have_is_named_with_its_claim(checker):
    deal = load_deal_file(sample_path("pledge-loan-nanshan-5"))
    deal.pool.claims[0].ip_reg_nos = ["ZL201610000501.1"]   # the pool holds ZL201610000501.9
    deal.pool.claims[1].ip_reg_nos = [deal.pool.ip[0].reg_no]
    deal.pool.ip[0].reg_no = "ZL201610000501.1"               # named once, as the pool's right, not again as NS-02's
    report = checker.check(deal)
    [line] = [w for w in warnings(report, _context(report, deal)) if "No patent can have" in w]
    assert line.count("ZL201610000501.1") == 1 and "IP right #1 (ZL201610000501.1)" in line
    deal.pool.ip[0].reg_no = "ZL201610000501.9"
    deal.pool.claims[1].ip_reg_nos = ["ZL201720000502.4"]
    report = checker.check(deal)
    [line] = [w for w in warnings(report, _context(report, deal)) if "No patent can have" in w]
    assert "claim NS-02's IP right ZL201720000502.4, whose check digit would be 3" in line and "IP right #1" not in line
