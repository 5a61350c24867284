"""Per-format loaders: file bytes to lines of text, each with its page and heading level."""
from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from .document import IngestError
from .encoding import decode
from .frontmatter import split_front_matter

if TYPE_CHECKING:
    from .ocr import PageProgress

MB = 1024 * 1024
# A DOCX is a zip: refuse to inflate more than this, whatever max_bytes says (zip-bomb guard).
ZIP_HARD_LIMIT = 200 * MB
ZIP_RATIO_LIMIT = 20
# A PDF over this many pages is refused before any text is extracted. Each page of a law gives at
# least one chunk, so such a file would pass pipeline.MAX_CHUNKS only after minutes of extraction;
# the whole Civil Code prints on about 300 pages.
MAX_PDF_PAGES = 2000


@dataclass(frozen=True)
class Line:
    """One line of source text; `level` is 1-6 for explicit headings (Markdown #, HTML h1-h6, DOCX
    Heading styles) and 0 for body text; `page` is 1-based for PDFs and None elsewhere."""

    text: str
    page: int | None = None
    level: int = 0


@dataclass
class Source:
    """What a loader found: the lines, front-matter metadata and a title hint from the container."""

    lines: list[Line]
    front_matter: dict[str, str] = field(default_factory=dict)
    title_hint: str = ""


def text_lines(text: str, page: int | None = None) -> list[Line]:
    """Split plain text into body lines, normalising line ends."""
    return [Line(t, page) for t in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def load_txt(data: bytes, file: str, max_bytes: int) -> Source:
    """Plain text, in whatever encoding `decode` recognises; a front-matter block on top is metadata, as in
    Markdown (read after decoding, so GB18030, UTF-16 and a BOM change nothing)."""
    front, body = split_front_matter(decode(data, file), file)
    return Source(text_lines(body), front)


# --- Markdown -----------------------------------------------------------------------------------

# These run on lines of any length (a 5 MB line is a line), so none may rescan the rest of the line
# from every candidate start: link text stops at the next bracket, emphasis at the next marker.
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_EMPHASIS = re.compile(r"(\*{1,3})([^\s*](?:[^*]*[^\s*])?)\1|(_{2,3})([^\s_](?:[^_]*[^\s_])?)\3")
_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*+\)")


def load_markdown(data: bytes, file: str, max_bytes: int) -> Source:
    """Markdown: front matter becomes metadata, comments vanish, `#` marks go but heading text stays."""
    front, body = split_front_matter(decode(data, file), file)
    body = strip_comments(body)
    lines: list[Line] = []
    for raw in text_lines(body):
        match = _HEADING.match(raw.text)
        if match:
            # closing #s go, as they did: 'Title ##' -> 'Title'
            lines.append(Line(_plain(match.group(2).rstrip().rstrip("#").rstrip()), None, len(match.group(1))))
        else:
            lines.append(Line(_plain(raw.text)))
    return Source(lines, front)


def strip_comments(text: str) -> str:
    """Remove closed <!-- … --> comments with str.find: one pass, where a lazy regex rescans to the end
    of the text from every unclosed '<!--' (quadratic on hostile input). An unclosed one stays."""
    out: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _plain(text: str) -> str:
    """Drop emphasis markers and link targets; keep the words. Two emphasis passes unwrap one
    level of nesting ('**bold *and* bold**')."""
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(4), text)
    return _LINK.sub(r"\1", text)


# --- HTML ---------------------------------------------------------------------------------------

# textarea: its content is raw text to the parser, so a <script> inside it would come out as words.
_JUNK_TAGS = ["script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe",
              "template", "svg", "button", "select", "menu", "head", "textarea"]
_JUNK_HINT = re.compile(r"(^|[-_ ])(nav|navbar|menu|breadcrumbs?|sidebar|footer|header|cookie|share|skip)([-_ ]|$)", re.I)
_BLOCKS = {"p", "div", "li", "tr", "pre", "blockquote", "section", "article", "main", "dt", "dd",
           "table", "ul", "ol", "dl", "caption", "figcaption", "address", "h1", "h2", "h3", "h4", "h5", "h6"}


def load_html(data: bytes, file: str, max_bytes: int) -> Source:
    """HTML: the main text only; scripts, styles, navigation, headers, footers and asides are dropped."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(decode(data, file), "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    page_chars = len(soup.get_text())
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.decomposed or tag.attrs is None:
            continue  # already removed with a junk ancestor
        hints = " ".join([tag.get("id") or "", " ".join(tag.get("class") or []), tag.get("role") or ""])
        # A wrapper like <div class="page has-sidebar"> holds the whole text: a hint is not enough.
        if (tag.name not in ("body", "main", "article") and _JUNK_HINT.search(hints)
                and len(tag.get_text()) < page_chars / 2):
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[Line] = []
    try:
        _walk_html(root, lines, [])
    except RecursionError:
        raise IngestError(file, "HTML nested too deeply") from None
    return Source(lines, {}, _site_title(title))


def _walk_html(node, lines: list[Line], buffer: list[str]) -> None:
    """Depth-first text walk: block elements and <br> end lines; h1-h6 become heading lines."""
    from bs4 import NavigableString, Tag, Comment

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            buffer.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                _flush(lines, buffer)
            elif child.name in _BLOCKS:
                _flush(lines, buffer)
                if child.name == "tr":
                    cells = [c.get_text(" ", strip=True) for c in child.find_all(["td", "th"])]
                    lines.append(Line(" | ".join(c for c in cells if c)))
                    continue
                _walk_html(child, lines, buffer)
                level = int(child.name[1]) if re.fullmatch(r"h[1-6]", child.name) else 0
                _flush(lines, buffer, level)
            else:
                _walk_html(child, lines, buffer)


def _flush(lines: list[Line], buffer: list[str], level: int = 0) -> None:
    """Turn the collected inline text into one line (whitespace collapsed, as a browser shows it)."""
    text = re.sub(r"[ \t\r\n\f]+", " ", "".join(buffer)).strip()
    buffer.clear()
    if text:
        lines.append(Line(text, None, level))


def _site_title(title: str) -> str:
    """'专利法_中国政府网' -> '专利法': pages append the site name after a separator."""
    return re.split(r"\s*(?:_|\||–|—| - )\s*", title)[0].strip() if title else ""


# --- DOCX ---------------------------------------------------------------------------------------

# Word's password protection wraps the document in an OLE compound file; so did the old .doc format.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def load_docx(data: bytes, file: str, max_bytes: int) -> Source:
    """DOCX: paragraphs and table rows (cells joined by ' | ') in document order."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(file, "not a DOCX zip: a password-protected Word file or an old .doc (OLE format)")
    _guard_zip(data, file, max_bytes)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for broken parts
        raise IngestError(file, f"corrupt DOCX ({type(exc).__name__})") from None
    lines: list[Line] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            lines.append(Line(paragraph.text, None, _heading_level(paragraph)))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    # A merged cell comes once per column it spans, as the same cell: read once. Two cells that only
                    # say the same ("— | —", a subordinated tranche's rating and coupon) are two columns.
                    if text and cell._tc is not previous:
                        cells.append(text)
                    previous = cell._tc
                lines.append(Line(" | ".join(cells)))
    return Source(lines, {}, (document.core_properties.title or "").strip())


def _heading_level(paragraph) -> int:
    """'Heading 2' or '标题 2' style -> 2; 'Title' -> 1; anything else is body text."""
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    match = re.fullmatch(r"(?:Heading|标题)\s*([1-6])", name.strip())
    if match:
        return int(match.group(1))
    return 1 if name.strip() in ("Title", "标题") else 0


def _guard_zip(data: bytes, file: str, max_bytes: int) -> None:
    """Refuse archives that would inflate past the limit: first by the sizes the zip directory
    declares (cheap), then by inflating every member 1 MB at a time, because a crafted zip can
    declare small sizes, and python-docx would inflate such a member whole, in memory."""
    limit = min(ZIP_RATIO_LIMIT * max_bytes, ZIP_HARD_LIMIT)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise IngestError(file, "corrupt DOCX (not a zip archive)") from None
    with archive:
        members = archive.infolist()
        declared = sum(info.file_size for info in members)
        if declared > limit:
            raise _zip_bomb(file, declared, limit)
        inflated = 0
        try:
            for info in members:
                with archive.open(info) as member:
                    while block := member.read(MB):
                        inflated += len(block)
                        if inflated > limit:
                            raise _zip_bomb(file, inflated, limit, "at least ")
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, RuntimeError, NotImplementedError, EOFError) as exc:
            # a size that lies ends here too: zipfile stops at the declared size and the CRC fails
            raise IngestError(file, f"corrupt DOCX ({exc})") from None


def _zip_bomb(file: str, size: int, limit: int, qualifier: str = "") -> IngestError:
    return IngestError(file, f"DOCX would inflate to {qualifier}{size / MB:.0f} MB (zip bomb?), over the {limit / MB:.0f} MB limit")


# --- PDF ----------------------------------------------------------------------------------------

def load_pdf(data: bytes, file: str, max_bytes: int, on_page: "PageProgress | None" = None,
             layout: bool = False) -> Source:
    """PDF via pypdf, page by page, so every line knows its page; a page without a text layer but with
    an image on it is read by OCR (ingest.ocr), so scans and mixed PDFs keep their page numbers.
    `on_page(done, total, page)` hears each OCR'd page. `layout=True` reads the text layer with PDFium,
    which keeps the cells of a table row on one line set apart by spaces (deal intake reads tranche and
    patent tables that way; pypdf puts each cell on a line of its own)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    from . import ocr

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless quirks
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(file, "corrupt PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_with_empty_password(reader):
            raise IngestError(file, "encrypted PDF")
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise IngestError(file, f"PDF has {pages:,} pages, over the {MAX_PDF_PAGES:,}-page limit; split it into volumes")
        texts: dict[int, list[str]] = {}
        scanned: list[int] = []
        laid_out = ocr.page_texts(data) if layout else None
        for number, page in enumerate(reader.pages, start=1):
            text = (laid_out[number - 1] if laid_out else page.extract_text()) or ""
            texts[number] = [line.text for line in text_lines(text)]
            if len("".join(text.split())) < ocr.MIN_TEXT_LAYER_CHARS and _has_image(page):
                scanned.append(number)
        title = ""
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip()
    except IngestError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise IngestError(file, "encrypted PDF") from None
    except Exception as exc:  # PdfReadError, and the odd KeyError/ValueError pypdf lets escape on junk
        raise IngestError(file, f"corrupt or truncated PDF ({type(exc).__name__})") from None
    if scanned:
        texts.update(ocr.ocr_pages(data, scanned, file, on_page))
        ocr.check_enough_text(texts, scanned, file)
    lines = [Line(text, number) for number, page_lines in texts.items() for text in page_lines]
    if not any(line.text.strip() for line in lines):
        raise IngestError(file, "no text layer and no page image to OCR")
    return Source(lines, {}, title)


def _has_image(page) -> bool:
    """Whether a page draws any image (a scanned page is one image); reads the resources, decodes nothing."""
    try:
        return len(page.images) > 0
    except Exception:  # noqa: BLE001 - a broken image dictionary: treat the page as text-only
        return False


def _opens_with_empty_password(reader) -> bool:
    """Many PDFs are 'encrypted' only to restrict printing and open with an empty user password."""
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError):
        return False


Loader = Callable[[bytes, str, int], Source]

LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
    ".xhtml": load_html,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_txt,
    ".text": load_txt,
}
