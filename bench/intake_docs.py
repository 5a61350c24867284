"""Builds the intake evaluation documents (bench/intake_cases/*.yaml) as real files at run time: DOCX, text PDF, scan, GB18030."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "bench" / "intake_cases"
CN_FONT = "STSong-Light"   # reportlab's built-in CID font: real PDF text with Chinese glyphs
FONT_PT = 10.5
TABLE_PT, COLUMN_GAP = 8, 28
PAGE_W, PAGE_H, MARGIN = 595, 842, 50


def load_cases(folder: Path = CASES) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.yaml"))]


def make_document(case: dict, folder: Path) -> Path:
    """Write the case's document into `folder` in its format; returns the path."""
    path = folder / case["file"]
    maker = {"docx": _docx, "pdf": _pdf, "scan": _scan, "txt-gb18030": _gb18030}[case["format"]]
    maker(case["blocks"], path)
    return path


def _is_table(block) -> bool:
    return isinstance(block, dict) and "table" in block


def _docx(blocks: list, path: Path) -> None:
    import docx

    document = docx.Document()
    for block in blocks:
        if _is_table(block):
            rows = block["table"]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = str(cell)
        else:
            document.add_paragraph(str(block))
    document.save(path)


def _pdf(blocks: list, path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(CN_FONT))
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    y = PAGE_H - MARGIN

    def line_at(cells: list[tuple[float, str]], size: float = FONT_PT) -> None:
        nonlocal y
        if y < MARGIN:
            pdf.showPage()
            y = PAGE_H - MARGIN
        pdf.setFont(CN_FONT, size)
        for x, text in cells:
            pdf.drawString(x, y, text)
        y -= FONT_PT * 1.7

    width = PAGE_W - 2 * MARGIN
    for block in blocks:
        if _is_table(block):
            rows = [[str(c) for c in row] for row in block["table"]]
            size = TABLE_PT   # tables are set smaller, with a fixed gap between columns, as in print
            widths = [max(pdfmetrics.stringWidth(row[i], CN_FONT, size) for row in rows) for i in range(len(rows[0]))]
            for row in rows:
                x, cells = MARGIN, []
                for cell, w in zip(row, widths):
                    cells.append((x, cell))
                    x += w + COLUMN_GAP
                line_at(cells, size)
        else:
            text, current = str(block), ""
            for ch in text:   # wrap as a word processor does: full lines, then the rest
                if pdfmetrics.stringWidth(current + ch, CN_FONT, FONT_PT) > width:
                    line_at([(MARGIN, current)])
                    current = ""
                current += ch
            line_at([(MARGIN, current)])
    pdf.showPage()
    pdf.save()


def _scan(blocks: list, path: Path) -> None:
    from tests.ingest.scans import image_pdf, render_pages

    if any(_is_table(b) for b in blocks):
        raise ValueError("scan cases hold paragraphs only (a scanned table would need a layout of its own)")
    paragraphs = [str(block) for block in blocks]
    path.write_bytes(image_pdf(render_pages(paragraphs, seed=len(paragraphs))))


def _gb18030(blocks: list, path: Path) -> None:
    lines = []
    for block in blocks:
        if _is_table(block):
            lines.extend("  ".join(str(c) for c in row) for row in block["table"])
        else:
            lines.append(str(block))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
