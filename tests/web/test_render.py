"""Escaping and highlighting: document text never becomes markup, quotes are marked in place."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.web.findings_view import basis_html, diff_html, finding_html, subsidies_html, verdict_html
from app.web.render import esc, highlight, highlight_spans, md, table

HOSTILE = '<script>alert(1)</script><img src=x onerror="x()"> [a](javascript:x) **b** ${x} {{y}} `c` # h'


def test_esc_neutralises_tags_and_template_syntax():
    out = esc(HOSTILE)
    for bad in ("<script", "<img", '"x()"', "${", "{{"):
        assert bad not in out
    assert "&lt;script&gt;" in out


def test_md_neutralises_markdown_syntax():
    out = md(HOSTILE)
    for bad in ("<", "](", "**", "`", "${", "{{", "javascript:"):
        assert bad not in out


@given(st.text(max_size=200))
def test_escaped_text_has_no_raw_markup(text):
    for out in (esc(text), md(text)):
        assert "<" not in out and ">" not in out and "${" not in out and "{{" not in out


def test_highlight_marks_the_quoted_sentence_only():
    passage = "第一条 总则。第二条 原始权益人应当持有次级证券。第三条 其他。"
    html = highlight(passage, "第二条 原始权益人应当持有次级证券。")
    assert html.count("<mark>") == 1
    assert "<mark>第二条 原始权益人应当持有次级证券。</mark>" in html


def test_highlight_finds_a_quote_cut_with_an_ellipsis():
    passage = "Article 5. " + "The originator shall retain a material net economic interest " * 8
    quote = passage[11:200] + "…"
    spans = highlight_spans(passage, quote)
    assert spans and spans[0][0] == 11


def test_highlight_escapes_the_passage():
    html = highlight("<b>x</b> 引文。", "引文。")
    assert "<b>" not in html and "<mark>引文。</mark>" in html


def test_table_escapes_cells():
    assert "<script>" not in table(["<h>"], [["<script>"]])


HOSTILE_QUOTE = {"found": True, "title": "专利法<i>", "text": "第四十三条 <script>x</script>", "page": 3, "version": "",
                 "effective_from": "2021-06-01", "effective_to": "", "note": ""}


def test_basis_and_finding_are_escaped():
    finding = {"rule_id": "R<1>", "status": "fail", "severity": "blocking", "title": "<b>t</b>",
               "explanation": "<img src=x onerror=y>", "remediation": "${z}", "basis": [
                   {"instrument": "专利法", "article": "第四十三条", "verification": "V", "quote": HOSTILE_QUOTE}],
               "facts_shown": [{"label": "a<", "path": "a<", "value": "<v>", "about": ""}]}
    html = finding_html(finding)
    for bad in ("<b>t", "<img", "${", "<script", "<i>", "<v>"):
        assert bad not in html
    assert "第四十三条 &lt;script&gt;" in html


def test_missing_basis_says_so():
    html = basis_html({"instrument": "证券法", "article": "第九条", "verification": "V",
                       "quote": {"found": False, "note": "证券法 is not in the library"}})
    assert "Not in the library" in html and "证券法 is not in the library" in html


def test_unverified_basis_and_other_version_are_marked():
    html = basis_html({"instrument": "管理规定", "article": "第三条", "verification": "E", "unverified": True,
                       "version_warning": "version in force from 2021-06-01 — …", "quote": HOSTILE_QUOTE})
    assert "basis not verified against the official text" in html and "version in force from 2021-06-01" in html


def test_diff_renders_the_changes_rules_whatif_computed():
    from app.web.deals import parse_deal
    from rules.engine import Checker
    from rules.samples import sample_path
    from rules.whatif import apply_changes, diff_reports

    checker = Checker.default()
    deal = parse_deal(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee").read_text(encoding="utf-8"))
    before = checker.check(deal)
    after = checker.check(apply_changes(deal, ["pool.ip[3].annual_fee_paid=true"]))
    changes = diff_reports(before, after)
    html = diff_html(changes, before.verdict, after.verdict, ["pool.ip[3].annual_fee_paid=true"])
    assert "<td>CN-IP-02</td>" in html and "blocked → clear" in html
    # one meaning: every change rules.whatif reports (status or explanation) is a row, nothing else
    assert html.count('class="row-changed"') == len(changes) > 0


def test_verdict_box_lists_what_needs_attention_and_the_warnings():
    html = verdict_html({"verdict": "blocked", "counts": {"fail": 1}, "packs": [], "warnings": ["<b>careful</b>"],
                         "attention": [{"rule_id": "CN-IP-02", "status": "fail", "severity": "blocking",
                                        "title": "Annual fees", "reason": "unpaid <i>fee</i>"}],
                         "signoff": {"run_by": "alice (web)", "library": {"state_hash": "abc", "documents": 2}}})
    assert "CN-IP-02" in html and "unpaid &lt;i&gt;fee&lt;/i&gt;" in html and "&lt;b&gt;careful" in html
    assert "alice (web)" in html and "sha256:abc" in html and "at least one blocking requirement fails" in html


def test_highlight_marks_both_sides_of_a_gap_in_the_quote():
    # A list quote leaves an item's exception out and marks it with "…": both quoted parts are marked.
    passage = "（一）以县级政府为债务人的基础资产。但补贴款除外。\n（二）空置房屋的租金债权。"
    spans = highlight_spans(passage, "（一）以县级政府为债务人的基础资产。…（二）空置房屋的租金债权。")
    assert [passage[a:b] for a, b in spans] == ["（一）以县级政府为债务人的基础资产。", "（二）空置房屋的租金债权。"]


def test_a_subsidy_card_marks_a_source_that_is_an_unofficial_repost():
    # S3-5: the on-screen card, like the reports, says the terms were read from a repost.
    card = {"programme": "SUB-X", "title": "X", "eligible": None, "reasons": [], "estimated_amount": None,
            "currency": "CNY", "as_of": "2025-03-28"}
    repost = subsidies_html({"subsidies": [{**card, "source": "https://huaxiataike.com/news/1.html", "source_kind": "repost"}]})
    official = subsidies_html({"subsidies": [{**card, "source": "https://x.gov.cn/1.htm", "source_kind": "official"}]})
    assert "unofficial repost, not the issuer" in repost and "unofficial" not in official
