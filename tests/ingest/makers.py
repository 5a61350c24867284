"""Builders for real test files: PDFs with reportlab or raw bytes, DOCX with python-docx, and hostile variants."""
from __future__ import annotations

import io
import struct
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


def _pdf_string(text: str) -> bytes:
    """A PDF literal string: parentheses and backslashes escaped, control bytes (NUL too) as octal."""
    out = bytearray(b"(")
    for byte in text.encode("latin-1"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 0x20:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def make_raw_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A minimal PDF written byte by byte (Helvetica, one text line per string). Fast enough for
    thousands of pages, and unlike reportlab it keeps control bytes such as NUL in the text layer."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids: list[bytes] = []
    for lines in pages:
        body = b"BT /F1 11 Tf 14 TL 60 780 Td " + b" T* ".join(_pdf_string(t) + b" Tj" for t in lines) + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body))
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % content)
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _replace_document_xml(source: Path, document_xml: bytes) -> bytes:
    """The bytes of `source` (a real .docx) with word/document.xml replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            data = document_xml if info.filename == "word/document.xml" else original.read(info)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def make_lying_zip_bomb_docx(path: Path, inflated_bytes: int) -> Path:
    """A real .docx whose word/document.xml inflates to `inflated_bytes` of zeros while the zip
    directory (local header and central directory) declares the original member's small size."""
    seed = make_docx(path.with_suffix(".seed.docx"), ["第一条 正文。"], [["a", "b"]], [])
    declared = zipfile.ZipFile(seed).getinfo("word/document.xml").file_size
    buffer = io.BytesIO()
    with zipfile.ZipFile(seed) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, original.read(info))
                continue
            with archive.open("word/document.xml", "w") as member:
                block = b"\0" * (1024 * 1024)
                for start in range(0, inflated_bytes, len(block)):
                    member.write(block[: inflated_bytes - start])
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    at = data.find(name)
    while at >= 0:
        if data[at - 30:at - 26] == b"PK\x03\x04":      # local file header: size at offset 22
            struct.pack_into("<I", data, at - 30 + 22, declared)
        elif data[at - 46:at - 42] == b"PK\x01\x02":    # central directory entry: size at offset 24
            struct.pack_into("<I", data, at - 46 + 24, declared)
        at = data.find(name, at + 1)
    path.write_bytes(bytes(data))
    seed.unlink()
    return path


def make_entity_bomb_docx(path: Path, levels: int = 9) -> Path:
    """A .docx whose document.xml declares 'billion laughs' entities (10**levels copies of 'lol')."""
    real = make_docx(path.with_suffix(".seed.docx"), ["第一条 正文。"], [["a", "b"]], [])
    original = zipfile.ZipFile(real).read("word/document.xml")
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10))) for n in range(1, levels + 1))
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [' + entities + b"]>"
           + original[original.index(b"<w:document"):].replace("正文".encode(), b"&lol%d;" % levels))
    path.write_bytes(_replace_document_xml(real, xml))
    real.unlink()
    return path
