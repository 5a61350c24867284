"""OCR for PDF pages without a text layer: pages rendered by PDFium, read offline by PP-OCR or Tesseract."""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Protocol

from .document import IngestError

# Chosen by bench/bench_ocr.py on this machine (2 cores shared with other jobs, load average ~16):
# on rendered, noisy, skewed Chinese legal text RapidOCR's PP-OCRv4 models misread 0.11 % of
# characters (worst page 0.36 %) and every 第X条 label of 24 became its own chunk; Tesseract chi_sim
# misread 3.2 % (worst page 9 %). Tesseract was about 4x faster (0.043 against 0.011 pages/s in that
# run) and used 130 MB against 1,040 MB. A misread digit in an amount or a date is the costly error,
# so accuracy wins. Tesseract stays selectable (engine("tesseract")) for hosts without onnxruntime.
ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"
# 200 dpi is where both engines stop gaining accuracy on 10.5-12 pt body text; more only costs time.
RENDER_DPI = 200
# One scanned page takes a few seconds on two cores, so these bound one upload to about ten minutes;
# a longer scan is refused before any page is read (split it, or OCR it beforehand).
MAX_OCR_PAGES = 200
OCR_TIME_LIMIT_S = 900
DETECT_MAX_SIDE = 2400
# A page with fewer text-layer characters than this, and an image on it, is treated as scanned.
MIN_TEXT_LAYER_CHARS = 10
# A scanned PDF whose pages average fewer characters than this is blank, a photo, or unreadable.
MIN_CHARS_PER_PAGE = 20

# (pages done, pages to do, page number just read) — for a CLI progress line or a web progress bar.
PageProgress = Callable[[int, int, int], None]

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}0-9A-Za-z])|(?<=[{_CJK}0-9A-Za-z])[ \t]+(?=[{_CJK}])")
_ARTICLE_RUN_ON = re.compile(r"^(第[零〇一二三四五六七八九十百千0-9]{1,10}条(?:之[一二三四五六七八九十]{1,4})?)(?=[^\s，。、；：之])")
# PDFium and the engines are not known to be thread-safe, and two OCR runs on two cores only slow
# each other down: one page is read at a time in this process.
_LOCK = threading.Lock()


class Engine(Protocol):
    name: str

    def read(self, image, opens_paragraph: bool = True) -> tuple[list[str], bool]:
        """The page's text lines, top to bottom, and whether its last line ends a paragraph;
        `opens_paragraph` says whether the previous page's last line did."""


@dataclass
class RapidEngine:
    """PP-OCRv4 detection + recognition, with the ONNX models shipped inside rapidocr-onnxruntime."""

    name: str = "rapidocr"

    def __post_init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # Detect at the rendered size: the default shrinks pages to 2,000 px, and on a noisy
        # 200-dpi A4 page (2,339 px) that lost a whole full-width line in the intake eval set.
        self._ocr = RapidOCR(max_side_len=DETECT_MAX_SIDE)

    def read(self, image, opens_paragraph: bool = True) -> tuple[list[str], bool]:
        import numpy as np

        result, _ = self._ocr(np.asarray(image.convert("RGB")))
        return _lines_from_boxes(result or [], opens_paragraph)


@dataclass
class TesseractEngine:
    """Debian's tesseract-ocr with the chi_sim model, through pytesseract."""

    name: str = "tesseract"

    def read(self, image, opens_paragraph: bool = True) -> tuple[list[str], bool]:
        import pytesseract

        text = pytesseract.image_to_string(image, lang="chi_sim+eng")
        return [_SPACE_IN_CJK.sub("", line).strip() for line in text.splitlines() if line.strip()], True


@lru_cache(maxsize=None)
def engine(name: str = DEFAULT_ENGINE) -> Engine:
    """One engine per process: loading the PP-OCR models takes about a second."""
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    return RapidEngine() if name == "rapidocr" else TesseractEngine()


def _lines_from_boxes(result: list, opens_paragraph: bool = True) -> tuple[list[str], bool]:
    """Detected boxes (4 corners, text, score) into reading-order lines: boxes whose vertical centres
    lie within half a box height of each other form one line, read left to right, joined by a space
    (table cells stay apart). A line that opens a paragraph (the line before it stops short of the
    right margin) and starts with 第X条 gets back the space OCR drops after the label, so the
    structure parser sees a real article start and not an in-sentence reference."""
    boxes = []
    for corners, text, _score in result:
        ys = [p[1] for p in corners]
        xs = [p[0] for p in corners]
        boxes.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), max(xs), text))
    boxes.sort()
    rows: list[list[tuple]] = []
    for box in boxes:
        if rows and abs(box[0] - rows[-1][0][0]) <= max(box[1], rows[-1][0][1]) / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    right_margin = max((b[3] for b in boxes), default=0)
    out: list[str] = []
    for row in rows:
        row.sort(key=lambda b: b[2])
        text = " ".join(_SPACE_IN_CJK.sub("", b[4]).strip() for b in row).strip()
        if opens_paragraph:
            text = _ARTICLE_RUN_ON.sub(r"\1 ", text)
        opens_paragraph = row[-1][3] < right_margin - 1.5 * max(b[1] for b in row)
        if text:
            out.append(text)
    return out, opens_paragraph


def render_page(document, index: int, dpi: int = RENDER_DPI):
    """Page `index` (0-based) of a pypdfium2 document as a greyscale PIL image."""
    page = document[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()


def page_texts(data: bytes) -> list[str]:
    """Every page's text layer as PDFium lays it out: a table row stays one line, cells set apart by spaces."""
    import pypdfium2 as pdfium

    with _LOCK:
        document = pdfium.PdfDocument(data)
        try:
            texts = []
            for page in document:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_bounded().replace("\r\n", "\n"))
                textpage.close()
                page.close()
            return texts
        finally:
            document.close()


def ocr_pages(data: bytes, pages: list[int], file: str, on_page: PageProgress | None = None,
              engine_name: str | None = None, max_pages: int | None = None,
              time_limit_s: float | None = None) -> dict[int, list[str]]:
    """Read the given 1-based pages of a PDF by OCR; returns {page: lines}. Raises IngestError when
    there are too many pages or when the time limit passes. Limits default to the module's."""
    if not pages:
        return {}
    max_pages = MAX_OCR_PAGES if max_pages is None else max_pages
    time_limit_s = OCR_TIME_LIMIT_S if time_limit_s is None else time_limit_s
    if len(pages) > max_pages:
        raise IngestError(file, f"scanned PDF: {len(pages):,} pages need OCR, over the {max_pages:,}-page "
                                "limit; split it into volumes")
    import pypdfium2 as pdfium

    reader = engine(engine_name or DEFAULT_ENGINE)
    started = time.monotonic()
    out: dict[int, list[str]] = {}
    ended_short = True
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise IngestError(file, f"scanned PDF cannot be rendered for OCR ({exc})") from None
        try:
            for done, number in enumerate(pages, start=1):
                elapsed = time.monotonic() - started
                if elapsed > time_limit_s:
                    raise IngestError(file, f"OCR stopped after {done - 1} of {len(pages)} scanned pages: over the "
                                            f"{time_limit_s:.0f}-second limit; split the file")
                # a page after a text page, or after a page whose last line ended short, opens a paragraph
                opens = ended_short if number - 1 in out else True
                out[number], ended_short = reader.read(render_page(document, number - 1), opens)
                if on_page is not None:
                    on_page(done, len(pages), number)
        finally:
            document.close()
    return out


def check_enough_text(lines_by_page: dict[int, list[str]], scanned: list[int], file: str) -> None:
    """Refuse a document with scanned pages whose whole text is too thin to be worth indexing."""
    chars = sum(len(line.strip()) for lines in lines_by_page.values() for line in lines)
    if scanned and chars < MIN_CHARS_PER_PAGE * max(len(lines_by_page), 1):
        raise IngestError(file, f"scanned PDF: OCR read only {chars} characters from {len(scanned)} scanned "
                                f"page(s) (blank, too faint or not text)")
