"""Metadata: front matter, detection from the text, and overrides, in that order of trust reversed."""
from __future__ import annotations

import pytest

from ingest import IngestError, parse_file
from ingest.metadata import detect_doc_type, detect_issuer, read_dates

MARKDOWN = """---
title: "示范专利法（2020年修正）"
issuer: "全国人民代表大会常务委员会"
date: "2020-10-17 修正（2021-06-01 施行）"
instrument_type: "法律"
language: zh-CN
---

# 示范专利法

1984年3月12日 第六届全国人民代表大会常务委员会第四次会议通过

<!-- INFO END -->

## 第五章 专利权的期限

第四十二条 发明专利权的期限为二十年，自申请日起计算。

**第四十三条** 专利权人应当缴纳年费。
"""


def test_front_matter_supplies_metadata(tmp_path):
    path = tmp_path / "law.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = parse_file(path)
    assert (document.title, document.issuer, document.version, document.effective_from) == (
        "示范专利法（2020年修正）", "全国人民代表大会常务委员会", "2020-10-17", "2021-06-01")
    assert (document.doc_type, document.language, document.jurisdiction) == ("law", "zh", "CN")
    assert document.effective_to == ""
    texts = [c.text for c in document.chunks]
    assert not any("INFO END" in t or "#" in t or "**" in t for t in texts)
    assert texts[0] == "示范专利法\n\n1984年3月12日 第六届全国人民代表大会常务委员会第四次会议通过"
    assert document.chunks[1].path == "第五章 专利权的期限 > 第四十二条"
    assert document.chunks[2].article == "第四十三条"
    assert set(document.metadata()) >= {"doc_id", "title", "jurisdiction", "effective_from", "sha256"}


def test_overrides_win_over_front_matter(tmp_path):
    path = tmp_path / "law.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = parse_file(path, overrides={
        "title": "专利法", "jurisdiction": "CN", "doc_type": "regulation", "issuer": "某机关",
        "effective_from": "2021/6/2", "effective_to": "2030-12-31", "version": "v2", "language": None,
    } | {"version": "2020-10-18"})
    assert (document.title, document.doc_type, document.issuer) == ("专利法", "regulation", "某机关")
    assert (document.effective_from, document.effective_to, document.version) == ("2021-06-02", "2030-12-31", "2020-10-18")


def test_bad_override_is_a_clear_error(tmp_path):
    path = tmp_path / "law.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    with pytest.raises(IngestError, match="effective_from 'soon' is not a date"):
        parse_file(path, overrides={"effective_from": "soon"})
    with pytest.raises(IngestError, match="doc_type 'poem' is not one of"):
        parse_file(path, overrides={"doc_type": "poem"})


def test_a_version_ending_before_it_starts_is_refused(tmp_path):
    # Found by a newcomer: effective_to 2020-01-01 with effective_from 2025-01-01 was stored, and answers read
    # "2025-01-01 起施行，2020-01-01 起不再有效". The same date on both ends is a version of one day, and allowed.
    path = tmp_path / "law.md"
    path.write_text("---\ntitle: 倒置日期测试办法\neffective_from: 2025-01-01\neffective_to: 2020-01-01\n---\n"
                    "第一条 本办法自公布之日起施行。\n", encoding="utf-8")
    with pytest.raises(IngestError, match="effective_to 2020-01-01 is before effective_from 2025-01-01"):
        parse_file(path)
    with pytest.raises(IngestError, match="effective_to 2024-12-31 is before effective_from 2025-01-01"):
        parse_file(tmp_path / "law.md", overrides={"effective_to": "2024-12-31"})
    assert parse_file(path, overrides={"effective_to": "2025-01-01"}).effective_to == "2025-01-01"


def test_metadata_detected_from_plain_text(tmp_path):
    path = tmp_path / "local.txt"
    path.write_text(
        "广东省知识产权证券化促进条例\n"
        "2022年3月29日广东省第十三届人民代表大会常务委员会第四十一次会议通过\n"
        "第一条 为了促进知识产权证券化，制定本条例。\n"
        "第二条 本条例自2022年5月1日起施行。\n", encoding="utf-8")
    document = parse_file(path)
    assert document.title == "广东省知识产权证券化促进条例"
    assert document.jurisdiction == "CN-GD"
    assert document.doc_type == "local_regulation"
    assert document.issuer == "广东省人民代表大会常务委员会"
    assert (document.version, document.effective_from) == ("2022-03-29", "2022-05-01")


def test_english_note_without_structure(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("Deal memo: patent licence ABS for Example Tech\n\n" + "The pool holds 40 patents. " * 80)
    document = parse_file(path)
    assert document.language == "en" and document.jurisdiction == ""
    assert document.doc_type == "note"
    assert len(document.chunks) > 1 and all(c.article == "" for c in document.chunks)


def test_read_dates():
    assert read_dates("2020-10-17 修正（2021-06-01 施行）") == ("2020-10-17", "2021-06-01", "")
    assert read_dates("2017-12-12 (signature); in force 2018-01-17; applies from 2019-01-01") == (
        "2017-12-12", "2019-01-01", "")
    assert read_dates("2010-11-25 发布；2011-01-01 施行；2015年12月31日废止") == ("2010-11-25", "2011-01-01", "2015-12-31")
    assert read_dates("no dates here") == ("", "", "")


@pytest.mark.parametrize(("title", "issuer", "jurisdiction", "expected"), [
    ("中华人民共和国专利法", "", "CN", "law"),
    ("中华人民共和国专利法实施细则", "国务院", "CN", "regulation"),
    ("著作权质权登记办法", "国家版权局", "CN", "departmental_rule"),
    ("最高人民法院关于审理融资租赁合同纠纷案件适用法律问题的解释", "", "CN", "judicial_interpretation"),
    ("知识产权强国建设纲要（2021－2035年）", "", "CN", "policy"),
    ("北京市专利保护和促进条例", "", "CN-BJ", "local_regulation"),
    ("DIGEST — 专利权质押登记办法", "", "CN", "digest"),
    ("专利许可合同", "", "CN", "deal"),
    ("Regulation (EU) 2017/2402", "", "EU", "regulation"),
])
def test_doc_type_from_title(title, issuer, jurisdiction, expected):
    assert detect_doc_type(title, issuer, jurisdiction) == expected


def test_issuer_from_preamble():
    assert detect_issuer("2013年9月27日北京市第十四届人民代表大会常务委员会第六次会议修订") == "北京市人民代表大会常务委员会"
    assert detect_issuer("国务院令第7号公布") == "国务院"


def test_control_characters_in_front_matter_never_reach_metadata(tmp_path):
    path = tmp_path / "note.md"
    path.write_text('---\ntitle: "Bad\\u0000Title\\u001b[31m"\nissuer: "A\\u0007B"\n---\n\n第一条 正文。\n', encoding="utf-8")
    doc = parse_file(path)
    assert doc.title == "BadTitle[31m" and doc.issuer == "AB"


def test_a_container_title_that_is_only_the_file_name_gives_way_to_the_first_line():
    # A newcomer's scan was titled by its file name (the scanner wrote it into the PDF), so answers cited
    # 《秦淮区奖补细则-扫描》 though its first line reads 秦淮区知识产权证券化奖补实施细则（试行）.
    from ingest.loaders import Line
    from ingest.metadata import detect_title

    lines = [Line("秦淮区知识产权证券化奖补实施细则（试行）"), Line("第一条 为推动知识产权证券化，制定本细则。")]
    assert detect_title(lines, "秦淮区奖补细则-扫描", "秦淮区奖补细则-扫描") == "秦淮区知识产权证券化奖补实施细则（试行）"
    assert detect_title(lines, "秦淮区知识产权证券化奖补实施细则", "scan-001") == "秦淮区知识产权证券化奖补实施细则"
