"""Builders for real test files: PDFs with reportlab, DOCX with python-docx."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CN_FONT = "STSong-Light"


def make_pdf(path: Path, pages: list[list[str]], chinese: bool = False) -> Path:
    """One PDF page per list of lines, drawn top to bottom."""
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont(CN_FONT))
    pdf = canvas.Canvas(str(path))
    for lines in pages:
        pdf.setFont(CN_FONT if chinese else "Helvetica", 11)
        y = 780
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def make_blank_pdf(path: Path) -> Path:
    """A PDF whose page holds only a drawing: what a scan without OCR looks like to a text extractor."""
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str = "secret") -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password, owner_password="owner")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def make_docx(path: Path, paragraphs_before: list[str], table: list[list[str]], paragraphs_after: list[str],
              heading: str = "") -> Path:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs_before:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for text in paragraphs_after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def make_zip_bomb_docx(path: Path, inflated_bytes: int) -> Path:
    """A small .docx whose one member inflates to `inflated_bytes` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            written = 0
            while written < inflated_bytes:
                member.write(chunk[: inflated_bytes - written])
                written += len(chunk)
    path.write_bytes(buffer.getvalue())
    return path
