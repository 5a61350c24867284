"""A finding cites the articles for the rights it is about and for the deal's structure, in the version that
governs the right: a design filed before 2021-06-01 keeps the 10-year term of the Patent Law then in force
(RULEBOOK §1 "IP term computation": 专利法 2020 Art 42 gives designs 15 years, V; designs filed before
2021-06-01 keep 10 years, R), so the 2020 text is never shown as the basis of its 10-year expiry without
saying that the governing version is not in the library."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from rules.basis import BasisQuote, ReportContext
from rules.deal import validate_deal
from rules.deal_io import load_deal_file
from rules.report import render
from rules.samples import sample_path

# Stand-in for the 2020 text the library holds (in force from 2021-06-01), as app.basis resolves it for a design
# filed on 2012-03-01: looked up on that day, when it was not yet in force. The renderer prints what it is given.
ARTICLE_42_2020 = BasisQuote("专利法", "第四十二条", True, text="第四十二条 (test text) 外观设计专利权的期限为十五年",
                             title="中华人民共和国专利法（2020年第四次修正）", doc_id="d-patent", version="2020-10-17",
                             effective_from="2021-06-01", in_force_on_as_of=False)
OLD_DESIGN = "ZL201730000503.3"


def _nanshan(filing_date: str) -> dict:
    """The Nanshan pledge-loan sample (as of 2022-04-14) with its design ZL201730000503.3 filed on `filing_date`."""
    data = yaml.safe_load(sample_path("pledge-loan-nanshan-5").read_text(encoding="utf-8"))
    design = next(ip for ip in data["pool"]["ip"] if ip["reg_no"] == OLD_DESIGN)
    design["filing_date"] = filing_date
    return data


@pytest.fixture(scope="module")
def expired_design(checker):
    # Filed 2012-03-01: 10 years under the earlier Patent Law, so it expired on 2022-02-28, before the
    # deal date 2022-04-14 and before loan NS-03 falls due (2023-04-10).
    return checker.check(validate_deal(_nanshan("2012-03-01")))


def test_an_expired_pre_2021_design_cites_the_earlier_patent_law_not_the_2020_text(expired_design):
    for rule_id in ("CN-IP-04c", "CN-IP-04"):
        finding = expired_design.finding(rule_id)
        assert finding.status == "fail" and OLD_DESIGN in finding.explanation
        term = [b for b in finding.basis if b["instrument"] == "专利法"]
        assert term == [{"instrument": "专利法", "article": "第四十二条", "verification": "R",
                         "governing_on": "2012-03-01", "governs": term[0]["governs"]}]
        assert OLD_DESIGN in term[0]["governs"] and "10-year" in term[0]["governs"]
        # the right is a patent: no trademark or copyright article (商标法 39/40, 著作权法 23, 著作权质权登记办法 12)
        assert not {b["instrument"] for b in finding.basis} & {"商标法", "著作权法", "著作权质权登记办法"}
        assert finding.footing == "unverified"   # the governing text is recalled (R), not held


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_2020_text_is_quoted_only_with_the_note_that_the_governing_version_is_missing(expired_design, fmt):
    context = ReportContext(bases={("专利法", "第四十二条", "2012-03-01"): ARTICLE_42_2020})
    out = render(expired_design, fmt, context)
    if fmt == "json":
        finding = next(f for f in json.loads(out)["findings"] if f["rule_id"] == "CN-IP-04c")
        basis = next(b for b in finding["basis"] if b["instrument"] == "专利法")
        assert "the version in force on 2012-03-01" in basis["version_warning"]
        assert "is not in the library" in basis["version_warning"] and finding["footing"] == "unverified"
        return
    at = out.index("CN-IP-04c", out.index("All findings"))
    finding = out[at:out.index("(test text)", at)]    # everything printed before the 2020 text itself
    assert "the version in force on 2012-03-01, which governs the right this basis is cited for, is not in the " \
           "library" in finding
    assert "for reference only" in finding and "as it stood on 2012-03-01" in finding


@pytest.mark.parametrize("filed, governed", [("2021-05-31", True), ("2021-06-01", False)])
def test_only_designs_filed_before_2021_06_01_leave_the_2020_text(checker, filed, governed):
    # Boundary of the transitional rule: a design filed on 2021-06-01 has the 2020 text's 15 years, so its
    # basis is the verified 2020 article; one filed the day before is governed by the earlier law.
    as_of = dt.date(2040, 1, 1)    # both have expired by then: each fails on its own term
    report = checker.check(validate_deal(_nanshan(filed)), as_of=as_of)
    finding = report.finding("CN-IP-04c")
    assert finding.status == "fail"
    dated = [b for b in finding.basis if b.get("governing_on") == filed]
    assert bool(dated) is governed


def test_a_licence_fee_deal_without_pledges_cites_no_pledge_rule(checker):
    # The sample's fee KD-03 outlives the utility model behind it; nothing is pledged in a licence-fee deal, so
    # neither the copyright pledge rule (著作权质权登记办法 第十二条) nor pledge refusal is its basis.
    report = checker.check(load_deal_file(sample_path("license-fee-guangzhou-kaide--fees-outlive-utility-model")))
    finding = report.finding("CN-IP-04")
    assert finding.status == "fail"
    assert [(b["instrument"], b["article"]) for b in finding.basis] == [("专利法", "第四十二条")]
    assert "pledge" not in finding.explanation.lower()


def test_a_pledged_copyright_keeps_the_copyright_pledge_rule(checker):
    # 著作权质权登记办法 第十二条(三)(四): registration is refused when the debt outlives the copyright.
    data = _nanshan("2017-09-05")
    design = next(ip for ip in data["pool"]["ip"] if ip["reg_no"] == OLD_DESIGN)
    design.update(ip_type="software", is_legal_person_work=True, first_publication_date="1970-01-01")
    finding = checker.check(validate_deal(data)).finding("CN-IP-04")
    assert finding.status == "fail"
    instruments = {b["instrument"] for b in finding.basis}
    assert instruments == {"著作权质权登记办法", "著作权法"}
    assert finding.footing == "law"


def test_a_right_of_unstated_kind_or_structure_keeps_every_basis(checker):
    # Nothing says this right is no copyright or that it is not pledged, so the copyright pledge rule
    # (著作权质权登记办法 第十二条(五): ownership disputes) stays its basis, as the rule declares it.
    deal = validate_deal({"id": "bare", "pool": {"ip": [{"reg_no": "ZL1", "ownership_dispute": True}]}})
    finding = checker.check(deal, packs=["cn-ipabs"]).finding("CN-IP-06a")
    assert finding.status == "fail" and finding.footing == "law"
    assert [b["instrument"] for b in finding.basis] == ["著作权质权登记办法", "专利权质押登记办法"]
