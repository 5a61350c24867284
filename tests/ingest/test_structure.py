"""The legal-structure parser and chunking on small Chinese and English texts written for the tests."""
from __future__ import annotations

from ingest.chunking import make_chunks
from ingest.loaders import Line, text_lines
from ingest.numerals import cn_number
from ingest.structure import parse_structure

CN_CODE = """示范知识产权融资条例
2024年3月1日 某省人民代表大会常务委员会第九次会议通过
第一编 总则
第一章 一般规定
第一条 为了促进知识产权融资，制定本条例。
第二条 依照本条例第十条规定登记的质权，受法律保护。
第十条规定的登记机关，应当公开登记信息。
第二章 质押登记
第一节 申请
第十条 出质人和质权人应当共同申请登记。
申请登记应当提交下列材料：
（一）登记申请表；
（二）权属证明；
（三）质押合同。
第十条之一 登记机关应当在十个工作日内完成审查。
第二节 审查
第12条 登记机关发现材料不全的，应当一次性告知。
第二编 附则
第一百零五条 本条例自2024年5月1日起施行。
"""


def blocks_of(text: str):
    return parse_structure(text_lines(text))


def chunks_of(text: str, language: str = "zh"):
    return make_chunks(parse_structure(text_lines(text)), "d" * 16, language)


def test_chinese_articles_paths_and_labels():
    chunks = chunks_of(CN_CODE)
    labels = [c.article for c in chunks]
    assert labels == ["", "第一条", "第二条", "第十条", "第十条之一", "第12条", "第一百零五条"]
    by_label = {c.article: c for c in chunks}
    assert by_label["第十条"].path == "第一编 总则 > 第二章 质押登记 > 第一节 申请 > 第十条"
    assert by_label["第12条"].path == "第一编 总则 > 第二章 质押登记 > 第二节 审查 > 第12条"
    assert by_label["第一百零五条"].path == "第二编 附则 > 第一百零五条"
    assert by_label["第12条"].article_no == 12 and by_label["第一百零五条"].article_no == 105
    assert by_label["第十条之一"].article_no == 10


def test_after_missing_articles_the_chapter_before_them_no_longer_heads_the_next():
    # A partial source (管理规定: 第一条, 第二条, then 第二十八条, the chapters between not seen) must not file 第二十八条
    # under 第一章 总则, as a newcomer's breadcrumb showed; a heading seen again after the gap still heads it.
    partial = "示范管理规定\n第一章 总则\n第一条 为了规范业务，制定本规定。\n第二条 本规定适用于专项计划。\n" \
              "第二十八条 投资者享有下列权利。\n第二十九条 发行对象不得超过二百人。\n"
    by_label = {c.article: c.path for c in chunks_of(partial)}
    assert by_label["第二条"] == "第一章 总则 > 第二条"
    assert by_label["第二十八条"] == "第二十八条" and by_label["第二十九条"] == "第二十九条"
    seen_again = partial.replace("第二十八条", "第五章 投资者\n第二十八条")
    assert {c.article: c.path for c in chunks_of(seen_again)}["第二十九条"] == "第五章 投资者 > 第二十九条"


def test_chinese_references_stay_inside_their_article():
    chunks = {c.article: c for c in chunks_of(CN_CODE)}
    # "第十条规定的…" starts a line but continues 第二条: a reference, not a new article.
    assert "第十条规定的登记机关" in chunks["第二条"].text
    assert "依照本条例第十条规定" in chunks["第二条"].text


def test_paragraphs_and_items_stay_with_their_article():
    article = next(c for c in chunks_of(CN_CODE) if c.article == "第十条")
    assert article.text.startswith("第十条 出质人和质权人应当共同申请登记。")
    assert article.text.endswith("（三）质押合同。")
    assert article.text.count("\n") == 4  # one 款 line and three 项 lines


def test_preamble_holds_title_and_history():
    preamble = chunks_of(CN_CODE)[0]
    assert preamble.article == "" and preamble.path == ""
    assert preamble.text.startswith("示范知识产权融资条例\n2024年3月1日")


def test_long_article_splits_at_paragraphs_and_keeps_label():
    paragraphs = [f"第{n}款的内容" + "很长的规定" * 60 + "。" for n in range(1, 8)]
    text = "第一条 简短。\n第二条 " + "\n".join(paragraphs) + "\n第三条 也很简短。"
    chunks = chunks_of(text)
    pieces = [c for c in chunks if c.article == "第二条"]
    assert len(pieces) > 1
    assert [c.part for c in pieces] == list(range(1, len(pieces) + 1))
    assert all(len(c.text) <= 1200 for c in pieces)
    assert pieces[0].text.startswith("第二条 ")
    # never merged across articles: neighbours stay whole and alone
    assert [c.text for c in chunks if c.article == "第一条"] == ["第一条 简短。"]
    assert [c.text for c in chunks if c.article == "第三条"] == ["第三条 也很简短。"]
    assert "".join(c.text for c in pieces).replace("\n", "") == ("第二条 " + "".join(paragraphs))


def test_a_single_huge_paragraph_is_cut_at_sentences():
    sentence = "出质人应当按照约定履行义务" * 10 + "。"
    text = "第一条 " + sentence * 30
    pieces = chunks_of(text)
    assert len(pieces) > 1 and all(len(c.text) <= 1200 for c in pieces)
    assert all(c.text.endswith("。") for c in pieces)


def test_cn_numerals():
    assert cn_number("一百二十三") == 123
    assert cn_number("十") == 10 and cn_number("十五") == 15 and cn_number("二十") == 20
    assert cn_number("一百零五") == 105 and cn_number("一千二百六十") == 1260
    assert cn_number("12") == 12 and cn_number("章") is None


EN_REG = """Model Securitisation Regulation
CHAPTER 1 GENERAL PROVISIONS
Article 1
Subject matter
1. This Regulation lays down a framework.
Article 79 of Directive 2013/36/EU shall apply.
SECTION 1 Risk retention
Article 2
Retention
1. The originator shall retain not less than 5 %.
2. Paragraph 1 shall not apply where:
(a) the exposures are guaranteed by central banks;
(b) the index is widely traded.
Art. 2a Supplementary rule
A short rule.
"""


def test_english_articles_sections_and_references():
    chunks = chunks_of(EN_REG, "en")
    assert [c.article for c in chunks] == ["", "Article 1", "Article 2", "Article 2a"]
    first = chunks[1]
    assert "Article 79 of Directive 2013/36/EU shall apply." in first.text
    assert first.path == "CHAPTER 1 GENERAL PROVISIONS > Article 1"
    assert chunks[2].path == "CHAPTER 1 GENERAL PROVISIONS > SECTION 1 Risk retention > Article 2"
    assert chunks[2].text.endswith("(b) the index is widely traded.")


def test_section_signs_rules_and_numbered_clauses():
    cfr = "Part 246 Credit risk retention\n§ 246.3 Base requirement.\nA sponsor shall retain.\n§246.4 Standard risk retention.\nText."
    assert [c.article for c in chunks_of(cfr, "en")] == ["§ 246.3", "§ 246.4"]
    assert chunks_of(cfr, "en")[0].path == "Part 246 Credit risk retention > § 246.3"
    rulebook = "Rule 6.2.1 An Issuer must appoint a trustee.\nRule 6.2.2 The trustee must be independent.\n"
    assert [c.article for c in chunks_of(rulebook, "en")] == ["Rule 6.2.1", "Rule 6.2.2"]
    contract = ("Licence Agreement\n1. Definitions\n1.1 \"Patents\" means the patents listed.\n"
                "1.2 \"Royalty\" means the fee.\n2. Payment\n2.1 The Licensee pays 6 months after signing.\n"
                "Clause text continues here.\n")
    assert [c.article for c in chunks_of(contract, "en")] == ["", "1", "1.1", "1.2", "2", "2.1"]
    statute = "Section 1 Short title\nThis Act may be cited.\nSection 2 Definitions\nIn this Act.\n"
    assert [c.article for c in chunks_of(statute, "en")] == ["Section 1", "Section 2"]


def test_unstructured_text_is_packed_near_800_chars():
    paragraphs = [f"Paragraph {n}. " + "The deal pays royalties quarterly. " * 6 for n in range(20)]
    chunks = chunks_of("\n\n".join(paragraphs), "en")
    assert len(chunks) > 3
    assert all(c.article == "" for c in chunks)
    assert all(300 <= len(c.text) <= 1000 for c in chunks[:-1])


def test_markdown_heading_under_an_article_is_its_title():
    lines = [Line("Article 6", None, 4), Line("Risk retention", None, 5), Line("1. Retain 5 %."),
             Line("SECTION 1 Requirements", None, 3), Line("Article 18", None, 4), Line("Body.")]
    chunks = make_chunks(parse_structure(lines), "d" * 16, "en")
    assert chunks[0].text == "Article 6\n\nRisk retention\n\n1. Retain 5 %."
    assert chunks[1].path == "SECTION 1 Requirements > Article 18"
