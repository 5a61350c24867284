"""`ipabs ingest` on a scan says which page OCR is on, a line per page on stderr; stdout keeps the results."""
from __future__ import annotations

import pytest

from tests.ingest.scans import image_pdf, render_pages

PAGE_ONE = ["第一条 为规范知识产权证券化业务，保护投资者合法权益，根据有关法律法规，制定本办法。"]
PAGE_TWO = ["第二条 本办法自发布之日起施行，由市知识产权局负责解释，有效期五年。"]


@pytest.mark.slow
def test_ingest_prints_a_line_per_ocr_page(run, cli_env):
    scan = cli_env / "scan.pdf"
    scan.write_bytes(image_pdf(render_pages(PAGE_ONE, seed=1) + render_pages(PAGE_TWO, seed=2)))
    result = run("ingest", str(scan), "--title", "扫描办法")
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("OCR ")]
    assert progress == ["OCR scan.pdf: page 1/2", "OCR scan.pdf: page 2/2"]
    assert "OCR " not in result.stdout
    assert "1 added" in result.stdout
