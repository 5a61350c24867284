"""The `ipabs check / rules / schema` commands through click's runner."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.settings import get_settings
from rules.labels import VERDICT_MEANING, VERDICT_NAME
from rules.samples import sample_path

ROOT = Path(__file__).resolve().parents[2]
PATENT_LAW = Path(os.environ.get("IPABS_SHARED_DIR", ROOT.parent / "shared")) / "corpus" / "CN-L-专利法-2020.md"
ANNUAL_FEE = "专利权人应当自被授予专利权的当年开始缴纳年费"   # 专利法（2020）第四十三条, read from the library


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def empty_data_dir(tmp_path, monkeypatch):
    """Each test gets its own data directory (no library unless a test builds one)."""
    monkeypatch.setenv("IPABS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IPABS_EMBEDDING", "e5-engine")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_check_markdown_and_json():
    result = run("check", str(sample_path("supply-chain-iqiyi--over-200-investors")))
    assert result.exit_code == 0
    assert "Fail · 不合规 · CN-S-04b" in result.output
    assert "no library in" in result.output and "Text not looked up" in result.output   # says why no text
    data = json.loads(run("check", str(sample_path("pledge-loan-nanshan-5")), "--format", "json").output)
    assert data["verdict"] == "clear"


def test_check_pack_and_as_of_options():
    result = run("check", str(sample_path("pledge-loan-nanshan-5")), "--format", "json",
                 "--pack", "cn-subsidy", "--as-of", "2025-04-01")
    data = json.loads(result.output)
    assert data["as_of"] == "2025-04-01" and [p["name"] for p in data["packs"]] == ["cn-subsidy"]
    assert run("check", str(sample_path("pledge-loan-nanshan-5")), "--as-of", "2025-13-01").exit_code == 2


def test_check_with_set_prints_changes():
    result = run("check", str(sample_path("pledge-loan-nanshan-5")),
                 "--set", "pool.ip[0].annual_fee_paid=false", "--set", "deal.raised_size=1e8")
    assert result.exit_code == 0
    assert "What-if: verdict clear → blocked" in result.output
    assert "**CN-IP-02**" in result.output and "**CN-S-07**" in result.output


def test_bad_deal_file_prints_every_problem_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deal:\n  venu: SZSE\n  raised_size: -1\n  issue_date: 2023-02-30\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 2
    assert "3 problem(s)" in result.output
    assert "did you mean 'venue'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text, says", [("", "the file is empty"), ("- a\n- b\n", "the file holds a list, not the deal's fields")])
def test_a_deal_file_that_holds_no_fields_is_named_with_what_it_holds(tmp_path, text, says):
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}: the deal has 1 problem(s)" in result.output and says in result.output
    assert "NoneType" not in result.output and "mapping" not in result.output


@pytest.mark.parametrize("change, says", [("foo", "--set 'foo': expected field.path=value"),
                                          ("deal.issue_size=abc", "deal.issue_size: input should be a valid number")])
def test_a_bad_set_names_the_deal_file_it_changes(change, says):
    deal = str(sample_path("pledge-loan-nanshan-5"))
    result = CliRunner().invoke(main, ["check", deal, "--set", change])
    assert result.exit_code == 2
    assert f"{deal} with --set: the deal has 1 problem(s)" in result.output and says in result.output


def test_rules_list_show_test_and_schema():
    listed = run("rules", "list", "--json")
    rows = json.loads(listed.output)
    assert len([r for r in rows if r["pack"] == "cn-ipabs"]) >= 60
    shown = run("rules", "show", "cn-ip-04")
    assert "derived.max_claim_due <= derived.min_ip_expiry" in shown.output
    assert run("rules", "show", "XX-1").exit_code == 1
    tested = run("rules", "test")
    assert tested.exit_code == 0 and "cases passed" in tested.output
    schema = json.loads(run("schema", "deal").output)
    assert schema["title"] == "Deal"


def test_check_help_gives_the_one_meaning_of_each_verdict():
    text = " ".join(run("check", "--help").output.split())
    for verdict, meaning in VERDICT_MEANING.items():
        assert f"`{verdict}`: {' '.join(meaning.rstrip('.').split())}" in text
    assert "pdf" in text


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A real library holding the Patent Law (2020 text, in force from 2021-06-01), read from ../shared."""
    if not PATENT_LAW.exists():
        pytest.skip(f"{PATENT_LAW} is not available")
    data = tmp_path_factory.mktemp("library") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPABS_DATA_DIR", str(data))
        patch.setenv("IPABS_EMBEDDING", "e5-engine")
        patch.setenv("IPABS_STARTER_PACK", "false")
        get_settings.cache_clear()
        assert "1 added" in run("ingest", str(PATENT_LAW)).output
    get_settings.cache_clear()
    return data


def _with_library(monkeypatch, library):
    monkeypatch.setenv("IPABS_DATA_DIR", str(library))
    get_settings.cache_clear()


@pytest.mark.slow
@pytest.mark.corpus
def test_check_quotes_the_article_in_force_and_marks_an_older_deal(library, monkeypatch):
    _with_library(monkeypatch, library)
    deal = str(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee"))
    md = run("check", deal).output
    ip02 = md[md.index("CN-IP-02", md.index("All findings")):]
    ip02 = ip02[:ip02.index("\n#### ")]            # this finding only, however long its facts table
    # every article is held in the version in force on the deal date (the sample's design filed 2017-09-05 is
    # still cited in the version of its filing date: RULEBOOK §1, designs filed before 2021-06-01 keep 10 years)
    assert ANNUAL_FEE in ip02 and "the version in force on the deal date" not in md
    assert "the version in force on 2017-09-05, which governs the right this basis is cited for" in md
    assert "quoted: 中华人民共和国专利法（2020年第四次修正）" in md
    data = json.loads(run("check", deal, "--format", "json").output)
    basis = next(b for b in data["findings"][0]["basis"] if b["article"] == "第四十三条")
    assert ANNUAL_FEE in basis["quote"]["text"] and basis["quote"]["in_force_on_as_of"] is True
    # Judged in 2020 the 2020 revision (in force from 2021-06-01) is all the library has: quoted, and marked.
    old = run("check", deal, "--as-of", "2020-06-01").output
    assert ("in force only from 2021-06-01, after the deal date (2020-06-01) — the law in force on the deal date "
            "(an earlier version or a predecessor instrument) is not in the library") in old


@pytest.mark.slow
@pytest.mark.corpus
def test_pdf_report_holds_verdict_findings_and_basis_text(library, monkeypatch):
    from pypdf import PdfReader

    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    _with_library(monkeypatch, library)
    result = CliRunner().invoke(main, ["check", str(sample_path("pledge-loan-nanshan-5--unpaid-annual-fee")),
                                       "--format", "pdf"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(result.stdout_bytes))
    text = "".join(page.extract_text() for page in reader.pages)
    squeezed = "".join(text.split())          # PDF text breaks lines wherever the page did
    assert "".join(VERDICT_NAME["blocked"].split()) in squeezed and "CN-IP-02" in squeezed
    assert ANNUAL_FEE in squeezed and "Sign-off" in text
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "report.pdf").write_bytes(result.stdout_bytes)
    if shutil.which("pdftoppm"):   # the first page as an image, for a person to look at
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(artifacts / "report.pdf"),
                        str(artifacts / "report-page")], check=True, timeout=120)


@pytest.mark.parametrize("extra", [[], ["--set", "deal.raised_size=1e9999"]])
def test_json_output_is_standard_json_or_the_value_is_refused(tmp_path, extra):
    deal = tmp_path / "inf.yaml"
    deal.write_text("id: inf\ndeal:\n  issue_size: .inf\n  raised_size: 1.0\n", encoding="utf-8")

    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")
    result = CliRunner().invoke(main, ["check", str(deal), "--format", "json", *extra])
    if result.exit_code == 2:        # the deal model refuses non-finite numbers: fine, if it says where
        assert "issue_size" in result.output or "raised_size" in result.output
    else:
        assert result.exit_code == 0, result.output
        json.loads(result.stdout, parse_constant=refuse)


def test_a_what_if_in_json_gives_each_side_as_a_json_report_with_its_bases_quoted():
    # user13 S3-5: the what-if's before/after lacked the quotes `--format json` gives, so a script had to run again.
    result = run("check", str(sample_path("pledge-loan-nanshan-5")), "--format", "json", "--set", "pool.ip[0].annual_fee_paid=false")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    plain = json.loads(run("check", str(sample_path("pledge-loan-nanshan-5")), "--format", "json").output)
    assert data["before"].keys() == plain.keys()
    bases = [b for side in ("before", "after") for f in data[side]["findings"] for b in f["basis"]]
    assert bases and all("quote" in b for b in bases)
    assert any(c["rule_id"] == "CN-IP-02" for c in data["changed"])
