"""Every format through parse_file, on real files made here; bad files give one clear IngestError."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest import IngestError, iter_files, parse_file

from .makers import encrypt_pdf, make_blank_pdf, make_docx, make_pdf, make_zip_bomb_docx


def reason(path: Path, **kwargs) -> str:
    with pytest.raises(IngestError) as caught:
        parse_file(path, **kwargs)
    assert caught.value.file == str(path)
    assert str(caught.value) == f"{path}: {caught.value.reason}"
    return caught.value.reason


# --- PDF ------------------------------------------------------------------------------------------

def test_pdf_pages_follow_the_article_that_starts_there(tmp_path):
    path = make_pdf(tmp_path / "rule.pdf", [
        ["Model Rules", "Article 1", "Scope", "These rules apply to IP securitisation."],
        ["Article 2", "Definitions", "In these rules, originator means the seller."],
        ["Article 3", "Retention", "The originator retains 5 %."],
    ])
    document = parse_file(path)
    pages = {c.article: c.page for c in document.chunks}
    assert pages == {"": 1, "Article 1": 1, "Article 2": 2, "Article 3": 3}
    assert document.language == "en"
    assert document.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    assert document.chunks[2].chunk_id == f"{document.doc_id}:0002"


def test_chinese_pdf_with_cid_font(tmp_path):
    path = make_pdf(tmp_path / "办法.pdf", [
        ["专利权质押登记示范办法", "第一章 总则", "第一条 为了规范专利权质押登记，制定本办法。"],
        ["第二条 以专利权出质的，出质人与质权人应当订立书面合同。", "第三条 本办法自2021年11月15日起施行。"],
    ], chinese=True)
    document = parse_file(path)
    chunks = {c.article: c for c in document.chunks}
    assert chunks["第一条"].page == 1 and chunks["第二条"].page == 2
    assert chunks["第一条"].path == "第一章 总则 > 第一条"
    assert chunks["第二条"].text.startswith("第二条 以专利权出质的")
    assert document.language == "zh" and document.jurisdiction == "CN"
    assert document.doc_type == "departmental_rule"
    assert document.effective_from == "2021-11-15"
    assert document.title == "专利权质押登记示范办法"


def test_encrypted_pdf(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["Article 1", "Secret text."]])
    assert reason(encrypt_pdf(plain, tmp_path / "locked.pdf")) == "encrypted PDF"


def test_pdf_with_empty_user_password_opens(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["Article 1", "Printing is restricted only."]])
    document = parse_file(encrypt_pdf(plain, tmp_path / "restricted.pdf", user_password=""))
    assert document.chunks[0].article == "Article 1"


def test_truncated_pdf(tmp_path):
    whole = make_pdf(tmp_path / "whole.pdf", [["Article 1", "Text."]]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    assert reason(cut).startswith("corrupt or truncated PDF")


def test_not_a_pdf_at_all(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("this is not a pdf")
    assert reason(path).startswith("corrupt PDF")


def test_scanned_pdf_without_text_layer(tmp_path):
    assert reason(make_blank_pdf(tmp_path / "scan.pdf")) == "no text layer and no page image to OCR"


# --- DOCX -----------------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = make_docx(
        tmp_path / "deal.docx",
        ["第一条 本协议约定专利许可费的支付。"],
        [["期间", "金额"], ["2025年", "100万元"]],
        ["第二条 被许可人按季度支付。"],
        heading="专利许可协议",
    )
    document = parse_file(path)
    first = next(c for c in document.chunks if c.article == "第一条")
    assert first.text == "第一条 本协议约定专利许可费的支付。\n期间 | 金额\n2025年 | 100万元"
    assert document.title == "专利许可协议"
    assert document.doc_type == "deal"


def test_docx_cells_saying_the_same_are_two_columns_and_a_merged_cell_is_read_once(tmp_path):
    # A newcomer's tranche row '次级 | 1,500 | — | — | 2028年12月15日' lost one '—' (equal neighbours were taken for a
    # merged cell), so it no longer fitted the header and intake dropped the subordinated tranche without a word.
    import docx

    from ingest.loaders import load_docx

    path = make_docx(tmp_path / "tranches.docx", [], [["档次", "规模（万元）", "评级", "利率", "到期日"],
                                                      ["次级", "1,500", "—", "—", "2028年12月15日"]], [])
    document = docx.Document(str(path))
    table = document.tables[0]
    table.add_row()
    table.cell(2, 0).merge(table.cell(2, 1)).text = "合计"
    table.cell(2, 2).text = "30,000"
    document.save(str(path))
    lines = [line.text for line in load_docx(path.read_bytes(), path.name, 10_000_000).lines if line.text]
    assert lines[1] == "次级 | 1,500 | — | — | 2028年12月15日"
    assert lines[2] == "合计 | 30,000"


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path):
    path = make_zip_bomb_docx(tmp_path / "bomb.docx", inflated_bytes=30 * 1024 * 1024)
    assert path.stat().st_size < 100 * 1024
    assert "zip bomb" in reason(path, max_bytes=1024 * 1024)


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert reason(path).startswith("corrupt DOCX")


# --- HTML -----------------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><meta charset="utf-8"><title>示范条例_某省人民政府网</title>
<style>p { color: red }</style><script>var tracking = "第九十九条 脚本";</script></head>
<body><header>网站首页 | 登录</header><nav><a href="/">首页</a><a href="/law">法规库</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 法规</div>
<main><h1>某省知识产权证券化促进条例</h1><h2>第一章 总则</h2>
<p>第一条 为了促进知识产权证券化，制定本条例。</p>
<p>第二条 本条例适用于本省行政区域。<br>省人民政府应当给予支持。</p>
<table><tr><td>项目</td><td>补贴</td></tr></table></main>
<aside>相关链接</aside><footer>版权所有 © 某省人民政府</footer>
<script>console.log("第一百条")</script></body></html>"""


def test_html_main_text_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    document = parse_file(path)
    everything = "\n".join(c.text + c.path for c in document.chunks)
    for junk in ("脚本", "首页", "法规库", "当前位置", "相关链接", "版权所有", "color", "第一百条"):
        assert junk not in everything
    chunks = {c.article: c for c in document.chunks}
    assert list(chunks) == ["", "第一条", "第二条"]
    assert chunks["第二条"].text == "第二条 本条例适用于本省行政区域。\n省人民政府应当给予支持。\n项目 | 补贴"
    assert chunks["第一条"].path == "第一章 总则 > 第一条"
    assert document.title == "某省知识产权证券化促进条例"


# --- text encodings and bad files -------------------------------------------------------------------

CN_TEXT = "示范办法\n第一条 为了规范知识产权质押融资，制定本办法。\n第二条 出质人应当提供权属证明。\n"


def test_gb18030_text(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(CN_TEXT.encode("gb18030"))
    document = parse_file(path)
    assert [c.article for c in document.chunks] == ["", "第一条", "第二条"]
    assert document.chunks[1].text == "第一条 为了规范知识产权质押融资，制定本办法。"


def test_utf8_bom_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + CN_TEXT.encode("utf-8"))
    assert parse_file(path).chunks[0].text == "示范办法"


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.txt", b"", "empty file"),
    ("nul.txt", b"Article 1\x00\x00\x01binary", "binary content, not text (NUL byte at offset 9)"),
    ("notes.xyz", b"Article 1 text", "unsupported file type .xyz"),
    ("blank.md", b"---\ntitle: x\n---\n\n   \n", "no text found"),
])
def test_bad_files_give_one_clear_reason(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert reason(path) == expected


def test_mostly_control_characters_is_binary(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(1, 32)) * 50 + b"abc")
    assert reason(path) == "binary content, not text"


def test_oversize_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Article 1 text\n" * 200_000)  # 3 MB
    assert reason(path, max_bytes=1024 * 1024) == "file is 2.9 MB, over the 1 MB limit"


def test_missing_file(tmp_path):
    assert reason(tmp_path / "nowhere.pdf") == "file not found"


def test_iter_files_expands_folders_and_keeps_unknown_types(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/z.md", "b/a.xyz", "c.txt"):
        (tmp_path / name).write_text("x")
    single = tmp_path / "single.pdf"
    single.write_text("x")
    found = iter_files([tmp_path / "b", single, tmp_path / "c.txt"])
    assert found == [tmp_path / "b/a.xyz", tmp_path / "b/z.md", single, tmp_path / "c.txt"]


def test_html_in_gbk_inside_a_wrapper_with_a_junk_looking_class(tmp_path):
    page = ('<html><head><meta charset="gbk"></head><body><div class="page has-sidebar">'
            '<div class="sidebar">栏目导航</div><p>第一条 为了规范知识产权质押融资，制定本办法。</p>'
            '<p>第二条 出质人应当提供权属证明。</p></div></body></html>')
    path = tmp_path / "gbk.htm"
    path.write_bytes(page.encode("gbk"))
    document = parse_file(path)
    assert [c.article for c in document.chunks] == ["第一条", "第二条"]
    assert "栏目导航" not in "".join(c.text for c in document.chunks)
