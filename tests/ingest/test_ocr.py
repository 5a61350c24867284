"""Scanned and mixed PDFs through parse_file: OCR keeps pages and article labels; limits refuse with one line."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from ingest import IngestError, ocr, parse_file

from .makers import make_pdf
from .scans import CORPUS, POLICY_TEXT, cer, corpus_articles, image_pdf, render_pages, scanned_pdf

LABEL = re.compile(r"^(第[一二三四五六七八九十百零]+条)")


def reason(path, **kwargs) -> str:
    with pytest.raises(IngestError) as caught:
        parse_file(path, **kwargs)
    return caught.value.reason


def labels(paragraphs: list[str]) -> list[str]:
    return [LABEL.match(p).group(1) for p in paragraphs if LABEL.match(p)]


@pytest.mark.slow
def test_scanned_policy_every_article_in_its_own_chunk(tmp_path):
    path = scanned_pdf(tmp_path / "扶持办法-扫描件.pdf", POLICY_TEXT, seed=3)
    heard = []
    document = parse_file(path, on_page=lambda done, total, page: heard.append((done, total, page)))
    assert [c.article for c in document.chunks if c.article] == labels(POLICY_TEXT)
    assert all(c.page == 1 for c in document.chunks)
    assert heard == [(1, 1, 1)]
    text = "".join(c.text for c in document.chunks)
    assert cer("".join(POLICY_TEXT), text) < 0.02
    assert "300万元" in text and "2024年1月1日" in text   # figures an arranger relies on come through exactly


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not found")
def test_scanned_patent_law_keeps_page_numbers_and_labels(tmp_path):
    paragraphs = corpus_articles("CN-L-专利法-2020.md", 42, 16)   # 第四十二条 (terms) to 第五十七条
    images = render_pages(paragraphs, seed=5)
    assert len(images) >= 2, "the fixture should span pages"
    path = tmp_path / "专利法-扫描.pdf"
    path.write_bytes(image_pdf(images))
    document = parse_file(path)
    chunks = {c.article: c for c in document.chunks if c.article}
    assert list(chunks) == labels(paragraphs)
    assert "二十年" in chunks["第四十二条"].text and chunks["第四十二条"].page == 1
    assert chunks[labels(paragraphs)[-1]].page == len(images)


@pytest.mark.slow
def test_mixed_pdf_text_page_then_scanned_page(tmp_path):
    text_page = make_pdf(tmp_path / "text.pdf", [["第一条 本计划说明书依据有关规定编制。", "第二条 原始权益人承诺所提供资料真实。"]],
                         chinese=True)
    scan = io.BytesIO(image_pdf(render_pages(["第三条 基础资产为专利许可费应收账款。", "第四条 管理人应当履行勤勉尽责义务。"], seed=7)))
    writer = PdfWriter()
    for reader in (PdfReader(text_page), PdfReader(scan)):
        for page in reader.pages:
            writer.add_page(page)
    path = tmp_path / "mixed.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    heard = []
    document = parse_file(path, on_page=lambda *args: heard.append(args))
    pages = {c.article: c.page for c in document.chunks if c.article}
    assert pages == {"第一条": 1, "第二条": 1, "第三条": 2, "第四条": 2}
    assert heard == [(1, 1, 2)]   # only the page without a text layer was read by OCR


def test_blank_scan_is_refused_for_too_little_text(tmp_path):
    from PIL import Image

    path = tmp_path / "blank-scan.pdf"
    path.write_bytes(image_pdf([Image.new("L", (827, 1170), 250)]))
    assert reason(path).startswith("scanned PDF: OCR read only 0 characters from 1 scanned page(s)")


def test_500_page_scan_is_refused_before_any_ocr(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "engine", lambda name=None: pytest.fail("OCR must not start"))
    page = Image.new("L", (60, 85), 255)
    path = tmp_path / "long-scan.pdf"
    path.write_bytes(image_pdf([page] * 500))
    assert reason(path) == f"scanned PDF: 500 pages need OCR, over the {ocr.MAX_OCR_PAGES}-page limit; split it into volumes"


def test_time_limit_stops_ocr_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "OCR_TIME_LIMIT_S", 0)
    path = scanned_pdf(tmp_path / "slow.pdf", POLICY_TEXT, seed=3)
    assert reason(path) == "OCR stopped after 0 of 1 scanned pages: over the 0-second limit; split the file"


def test_unknown_engine_is_named():
    with pytest.raises(ValueError, match="unknown OCR engine 'abbyy'"):
        ocr.engine("abbyy")
