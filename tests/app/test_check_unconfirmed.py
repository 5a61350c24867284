"""`ipabs check` on a draft repeats the values intake could not confirm, with their source, in every report format, and
its verdict line does not read as clean while the deal still holds them; once the user corrects the value, they go."""
from __future__ import annotations

import json
import shutil

from bs4 import BeautifulSoup

from rules.samples import sample_path
from tests.app.test_intake_patents import patent_list

TITLE = "Values intake could not confirm"
NOTE = "resting on 1 value(s) intake could not confirm"


def _draft(run, tmp_path):
    out = tmp_path / "deal.yaml"
    assert run("intake", str(patent_list(tmp_path / "专利清单.docx")), "--out", str(out)).exit_code == 0
    return out


def test_check_lists_the_unconfirmed_number_with_its_source_until_it_is_corrected(run, tmp_path):
    out = _draft(run, tmp_path)
    result = run("check", str(out))
    assert result.exit_code == 0
    verdict = result.stdout.splitlines()[2]
    assert verdict.startswith("> **Verdict") and NOTE in verdict
    section = result.stdout.split(f"## {TITLE}")[1].split("## Sign-off")[0]
    row = next(line for line in section.splitlines() if "ZL202011472880.7" in line)
    for expected in ("`pool.ip[2].reg_no`", "ZL202011472880.7 (kept as written)",
                     "check digit is 7, but 202011472880 gives 4", "专利清单.docx", "一种检测方法"):
        assert expected in row
    assert "warning: 1 value(s) intake could not confirm are still in the deal: pool.ip[2].reg_no" in result.stderr

    data = json.loads(run("check", str(out), "--format", "json").stdout)
    [doubt] = data["unconfirmed"]
    assert (doubt["path"], doubt["value"], doubt["file"]) == ("pool.ip[2].reg_no", "ZL202011472880.7", "专利清单.docx")
    assert any(TITLE in w for w in data["warnings"])
    page = BeautifulSoup(run("check", str(out), "--format", "html").stdout, "html.parser")
    assert NOTE in page.find(id="verdict").get_text()
    assert "ZL202011472880.7" in page.find("table", class_="unconfirmed").get_text()

    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("- reg_no: ZL202011472880.7", "- reg_no: ZL202011472880.4"), encoding="utf-8")
    fixed = run("check", str(out))
    assert TITLE not in fixed.stdout and "could not confirm" not in fixed.stdout + fixed.stderr
    assert json.loads(run("check", str(out), "--format", "json").stdout)["unconfirmed"] == []


def _sample_with_doubt(tmp_path, doubt: dict):
    """The clear sample deal, as if intake had drafted it and listed `doubt` to confirm."""
    deal = tmp_path / "deal.yaml"
    shutil.copy(sample_path("pledge-loan-nanshan-5"), deal)
    source = {"file": "清单.pdf", "page": 3, "text": "ZL201610000501.9 | 发明 | 南山科技企业01"}
    (tmp_path / "deal.evidence.json").write_text(json.dumps(
        {"fields": {}, "to_confirm": [{**doubt, **source, "reason": "check digit is 1, but … gives 7"}]}), encoding="utf-8")
    return deal


def test_a_clear_verdict_does_not_read_clean_while_an_unconfirmed_value_stays(run, tmp_path):
    deal = _sample_with_doubt(tmp_path, {"path": "pool.ip[0].reg_no", "value": "ZL201610000501.9", "kept": True})
    data = json.loads(run("check", str(deal), "--format", "json").stdout)
    assert data["verdict"] == "clear" and len(data["unconfirmed"]) == 1   # the rules' verdict is kept; the line says more
    markdown = run("check", str(deal)).stdout
    assert "Clear" in markdown.splitlines()[2] and NOTE in markdown.splitlines()[2]
    assert NOTE in markdown.split("## Summary")[1].split("\n\n")[1]
    verdict = BeautifulSoup(run("check", str(deal), "--format", "html").stdout, "html.parser").find(id="verdict")
    assert "unconfirmed" in verdict["class"] and NOTE in verdict.get_text()
    changed = run("check", str(deal), "--set", "pool.ip[0].reg_no=ZL201610000501.7").stdout   # a what-if fix
    assert NOTE not in changed.split("## What-if")[0]


def test_a_kind_left_empty_stays_listed_until_the_user_fills_it_in(run, tmp_path):
    deal = _sample_with_doubt(tmp_path, {"path": "pool.ip[0].ip_type", "value": "utility", "kept": False})
    assert TITLE not in run("check", str(deal)).stdout                 # the sample states a kind: the user's choice
    text = deal.read_text(encoding="utf-8")
    deal.write_text(text.replace("- {ip_type: invention, transferred: false", "- {transferred: false", 1), encoding="utf-8")
    section = run("check", str(deal)).stdout.split(f"## {TITLE}")[1].split("## Sign-off")[0]
    assert "`pool.ip[0].ip_type`" in section and "utility (left empty)" in section and "| 清单.pdf p.3 |" in section


def test_a_doubt_about_a_right_no_longer_in_the_deal_is_not_listed():
    from app.deal_evidence import still_held
    from rules.deal_io import load_deal_file

    deal = load_deal_file(sample_path("pledge-loan-nanshan-5"))
    doubt = {"value": "utility", "kept": False, "reason": "…", "file": "清单.pdf", "page": 3, "text": "…"}
    assert still_held({"to_confirm": [{**doubt, "path": "pool.ip[99].ip_type"}]}, deal) == ()   # the right was removed
    assert still_held({"to_confirm": [{**doubt, "path": "pool.ip[0].title"}]}, deal) != ()   # still empty
