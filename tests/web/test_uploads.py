"""Upload checks: type, size and content are checked before parsing; names are sanitised; staging stays inside."""
from __future__ import annotations

import pytest

from app.web.uploads import DEAL_EXTENSIONS, check_upload, safe_filename, stage


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.md", "passwd.md"),
    ("..\\..\\win.ini.txt", "win.ini.txt"),
    ("a<b>|c?.md", "a_b__c_.md"),
    ("  .hidden.md ", "hidden.md"),
    ("", "upload"),
    ("..", "upload"),
    ("专利法 2020.pdf", "专利法 2020.pdf"),
    ("x" * 300 + ".pdf", "x" * 120 + ".pdf"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def _file(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_accepts_allowed_text(tmp_path):
    assert check_upload(_file(tmp_path, "a.md", "第一条 内容".encode()), "a.md", 1000).ok


@pytest.mark.parametrize("name,data,reason", [
    ("a.exe", b"MZ", "not accepted"),
    ("a.md.js", b"x", "not accepted"),
    ("noext", b"x", "not accepted"),
    ("a.pdf", b"<html>not a pdf", "not a .pdf"),
    ("a.docx", b"plain text", "not a .docx"),
    ("a.txt", b"bin\x00ary", "not a .txt"),
    ("a.md", b"", "empty"),
    ("a.md", b"x" * 2000, "limit"),
])
def test_refuses(tmp_path, name, data, reason):
    result = check_upload(_file(tmp_path, "upload.bin", data), name, 1000)
    assert not result.ok and reason in result.reason


def test_real_pdf_and_docx_headers_pass(tmp_path):
    assert check_upload(_file(tmp_path, "a", b"%PDF-1.7\n..."), "a.pdf", 1000).ok
    assert check_upload(_file(tmp_path, "b", b"PK\x03\x04rest"), "b.docx", 1000).ok


def test_deal_uploads_use_their_own_types(tmp_path):
    path = _file(tmp_path, "d", b"id: x\n")
    assert check_upload(path, "deal.yaml", 1000, DEAL_EXTENSIONS).ok
    assert not check_upload(path, "deal.md", 1000, DEAL_EXTENSIONS).ok


def test_stage_copies_inside_the_data_dir(tmp_path):
    data_dir = tmp_path / "data"
    source = _file(tmp_path, "src.md", b"text")
    target = stage(source, "../../escape.md", data_dir)
    assert data_dir.resolve() in target.parents and target.name == "escape.md"
    assert target.read_bytes() == b"text"


@pytest.mark.parametrize("name", [".xhtml", ".markdown", ".text"])
def test_the_web_accepts_every_type_the_cli_reads(tmp_path, name):
    """The upload check and the loaders share one list: these three were read by `ipabs ingest` but refused
    by the web."""
    path = tmp_path / "f"
    path.write_text("第一条 本办法适用于测试。", encoding="utf-8")
    assert check_upload(path, f"rules{name}", 10_000).ok
