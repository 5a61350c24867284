"""`ipabs intake` on real files: a draft `ipabs check` reads, evidence beside it; bad input refused, nothing written."""
from __future__ import annotations

import json

import pytest
import yaml

from bench.intake_docs import load_cases, make_document
from rules.deal_io import load_deal_file
from tests.ingest.makers import encrypt_pdf, make_pdf
from tests.ingest.scans import image_pdf

CASES = {case["id"]: case for case in load_cases()}


def test_draft_from_a_docx_validates_and_checks(run, tmp_path):
    source = make_document(CASES["leasing-docx"], tmp_path)
    out = tmp_path / "deal.yaml"
    result = run("intake", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "deal.issue_size = 685000000.0" in result.output
    deal = load_deal_file(out)
    assert deal.deal.issue_size == 685_000_000 and deal.pool.ip[1].ip_type == "utility"
    assert out.read_text(encoding="utf-8").startswith("# DRAFT made by `ipabs intake`")
    evidence = json.loads((tmp_path / "deal.evidence.json").read_text(encoding="utf-8"))
    source_of_size = evidence["fields"]["deal.issue_size"]["sources"][0]
    assert source_of_size["file"] == source.name
    assert "6.85亿元" in source_of_size["text"]
    # every value written is one with evidence: no field in the YAML lacks a source
    assert set(evidence["fields"]) >= {"deal.model", "deal.tranches[0].size", "pool.ip[0].reg_no"}
    report = run("check", str(out), "--format", "json")
    assert report.exit_code == 0
    assert json.loads(report.output)["deal_id"] == "draft"


def test_two_documents_are_read_together(run, tmp_path):
    first = make_document(CASES["pledge-loan-gb18030"], tmp_path)
    second = tmp_path / "补充说明.txt"
    second.write_text("中证-深高科知识产权3号资产支持专项计划补充说明\n发行规模：1.90亿元\n", encoding="utf-8")
    result = run("intake", str(first), str(second))
    assert result.exit_code == 0
    assert "deal.issue_size: 188000000.0 [深高科知识产权3号-要素表.txt p.-] | 190000000.0 [补充说明.txt p.-]" in result.output
    assert "Not found — check the documents · 未找到，请核对原文:" in result.output
    assert "Missing (no document states them)" not in result.output
    missing = result.output.split("Not found — check the documents · 未找到，请核对原文:")[1]
    assert "deal.issue_size" not in missing     # stated twice, differently: a conflict, not missing


@pytest.mark.parametrize("kind", ["encrypted", "corrupt-docx", "not-a-deal", "long-scan"])
def test_bad_input_is_one_line_and_nothing_is_written(run, tmp_path, kind):
    from PIL import Image

    if kind == "encrypted":
        bad = encrypt_pdf(make_pdf(tmp_path / "plain.pdf", [["Article 1", "Secret."]]), tmp_path / "locked.pdf")
        reason = "encrypted PDF"
    elif kind == "corrupt-docx":
        bad = tmp_path / "broken.docx"
        bad.write_bytes(b"PK\x03\x04 this is not a whole zip")
        reason = "corrupt DOCX"
    elif kind == "not-a-deal":
        bad = tmp_path / "办法.txt"
        bad.write_text("第一条 为促进中小企业发展，制定本办法。\n第二条 本办法自发布之日起施行。\n", encoding="gb18030")
        reason = "not an offering document"
    else:
        bad = tmp_path / "scan-500.pdf"
        bad.write_bytes(image_pdf([Image.new("L", (60, 85), 255)] * 500))
        reason = "500 pages need OCR"
    out = tmp_path / "deal.yaml"
    out.write_text("id: kept\n", encoding="utf-8")      # a deal file from before must survive a failed intake
    result = run("intake", str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert reason in result.output and "nothing was written" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "id: kept\n"
    assert not (tmp_path / "deal.evidence.json").exists()
    assert not list(tmp_path.glob(".deal*.tmp"))
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == {"id": "kept"}


@pytest.mark.slow
def test_scanned_announcement_through_ocr_with_progress_and_pages(run, tmp_path):
    source = make_document(CASES["pledge-loan-scan"], tmp_path)
    out = tmp_path / "deal.yaml"
    result = run("intake", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "OCR page 1 (1/1)" in result.output            # progress, per page
    evidence = json.loads((tmp_path / "deal.evidence.json").read_text(encoding="utf-8"))
    pledge = evidence["fields"]["pool.ip[0].pledge_reg_no"]
    assert pledge["value"] == "ZC202500123" and pledge["sources"][0]["page"] == 1
    assert load_deal_file(out).deal.issue_size == 200_000_000
