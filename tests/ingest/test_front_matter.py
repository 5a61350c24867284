"""Front matter is read from the decoded text, whatever the file's encoding or extension; a broken block is an
error naming the file and line; a title is never a line of punctuation."""
from __future__ import annotations

import codecs

import pytest

from ingest import IngestError, parse_file
from ingest.loaders import Line
from ingest.metadata import detect_title

# Newcomer S2-1: these bytes in GB18030, named .txt, were stored as 《---》, type other, jurisdiction lost.
POLICY = """---
title: "GB18030测试 南京市知识产权证券化奖励办法"
jurisdiction: "CN-NJ"
doc_type: "policy"
---
第一条 ……按融资额的百分之三给予奖励……
"""

ENCODINGS = {
    "gb18030": lambda text: text.encode("gb18030"),
    "gb18030-crlf": lambda text: text.replace("\n", "\r\n").encode("gb18030"),
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-8-bom-crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_front_matter_is_read_whatever_the_encoding_and_extension(tmp_path, encoding, suffix):
    data = ENCODINGS[encoding](POLICY)
    if encoding.startswith("gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")   # real GB18030 bytes, not UTF-8 that happens to read as both
    path = tmp_path / f"gb{suffix}"
    path.write_bytes(data)
    document = parse_file(path)
    assert (document.title, document.jurisdiction, document.doc_type) == (
        "GB18030测试 南京市知识产权证券化奖励办法", "CN-NJ", "policy")
    assert [chunk.text for chunk in document.chunks] == ["第一条 ……按融资额的百分之三给予奖励……"]


def test_a_text_opening_with_a_rule_line_keeps_its_text(tmp_path):
    # A `---` block that does not open with `key:` is text between two rules, not front matter.
    path = tmp_path / "rules.txt"
    path.write_text("---\n第一条 本办法适用于知识产权证券化。\n---\n第二条 本办法自发布之日起施行。\n", encoding="gb18030")
    document = parse_file(path)
    articles = [chunk for chunk in document.chunks if chunk.article]
    assert [chunk.article for chunk in articles] == ["第一条", "第二条"]
    assert articles[0].text.startswith("第一条 本办法适用于知识产权证券化。")
    assert document.title == "rules"   # the file's name: the rule line names nothing


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_malformed_front_matter_names_the_file_and_the_line(tmp_path, suffix):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes('---\ntitle: "南京市奖励办法\njurisdiction: CN-JS\n---\n第一条 正文。\n'.encode("gb18030"))
    with pytest.raises(IngestError) as caught:
        parse_file(path)
    assert str(caught.value) == (f"{path}: front matter is not valid YAML at line 3: found unexpected end of stream "
                                 "(while scanning a quoted scalar at line 2)")


def test_a_colon_inside_an_unquoted_value_is_named_at_its_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\njurisdiction: CN-JS\ntitle: 奖励办法: 试行\n---\n第一条 正文。\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"bad\.md: front matter is not valid YAML at line 3: mapping values"):
        parse_file(path)


@pytest.mark.parametrize("rule", ["---", "＊＊＊", "——", "……", "===", "- - -"])
def test_a_title_is_never_a_line_of_punctuation(rule):
    body = Line("第一条 本办法适用于知识产权证券化。")
    assert detect_title([Line(rule), Line("南京市奖励办法"), body], "", "gb") == "南京市奖励办法"
    assert detect_title([Line(rule, level=1), Line("南京市奖励办法", level=1), body], "", "gb") == "南京市奖励办法"
    # nothing names the text: the file's name, as for any untitled file
    assert detect_title([Line(rule), body], rule, "gb") == "gb"


def test_a_front_matter_title_of_punctuation_gives_way_to_the_text(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes('---\ntitle: "——"\n---\n南京市奖励办法\n第一条 正文。\n'.encode("gb18030"))
    assert parse_file(path).title == "南京市奖励办法"
