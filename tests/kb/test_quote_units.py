"""Quotes and citations by the units a lawyer reads: the items of a list, an article cited once, no title as a sentence."""
from __future__ import annotations

import hashlib

from ingest import parse_file
from ingest.document import Chunk, ParsedDocument
from kb.answer import ask
from kb.quotes import GAP, answering_quote
from kb.retriever import Retriever

# Written here after the shape of an exclusion list: a lead-in, items, an exception inside one item.
EXCLUSION_LIST = (
    "本办法对基础资产实行排除清单管理。排除清单列明不得用于证券化的基础资产。\n"
    "（一）以县级政府为债务人的基础资产。但依照公开约定支付的补贴款除外。\n"
    "（二）尚未取得权属证书的采矿收益权。\n"
    "（三）空置房屋的租金债权。但已列入保障房计划的除外。"
)


def test_a_question_for_a_lists_members_quotes_each_item_and_marks_what_is_left_out():
    # As answers quote it, with the title: its words used as a concept ("排除清单") still count.
    quote = answering_quote("哪些基础资产列入排除清单？", EXCLUSION_LIST, title="基础资产排除清单指引")
    assert all(item in quote for item in ("（一）以县级政府", "（二）尚未取得", "（三）空置房屋"))
    # The exception of item (一) is not quoted: the gap says the item goes on in the text.
    assert "补贴款除外" not in quote and f"资产。{GAP}（二）" in quote
    english = answering_quote("Which assets are on the exclusion list?", EXCLUSION_LIST)
    assert "（三）空置房屋" in english


def test_a_question_that_asks_no_list_gets_no_items():
    quote = answering_quote("排除清单是什么？", EXCLUSION_LIST)
    assert quote.startswith("本办法对基础资产实行排除清单管理") and "（二）" not in quote


def test_a_list_quoted_in_part_ends_with_the_gap_mark():
    quote = answering_quote("哪些基础资产列入排除清单？", EXCLUSION_LIST + "\n（四）" + "其他现金流不确定的资产，" * 30 + "。")
    assert "（三）空置房屋" in quote and "（四）" not in quote and quote.endswith(GAP)


def test_a_markdown_title_is_neither_glued_to_the_first_sentence_nor_quoted(tmp_path):
    source = tmp_path / "list.md"
    source.write_text("---\ntitle: 排除清单指引\njurisdiction: CN\n---\n\n# 排除清单指引\n\n" + EXCLUSION_LIST + "\n",
                      encoding="utf-8")
    chunk = parse_file(source).chunks[0]
    assert chunk.text.startswith("排除清单指引\n\n本办法")
    quote = answering_quote("排除清单指引是怎么规定的？", chunk.text)
    assert quote.startswith("本办法对基础资产实行排除清单管理")


def _split_article_doc() -> ParsedDocument:
    """Article 20 stored in three chunks (a long article), and another article after it."""
    title = "Regulation on test securitisations"
    texts = [("Article 20", "Article 20 Requirements on true sale. 1. The title to the underlying exposures shall be "
                            "acquired by the SSPE by means of a true sale."),
             ("Article 20", "2. The seller keeps records of the exposures sold."),
             ("Article 20", "3. The true sale of the underlying exposures to the SSPE shall not be subject to severe "
                            "clawback provisions in the seller's insolvency."),
             ("Article 21", "Article 21 Requirements on reporting. The sponsor shall report quarterly.")]
    sha = hashlib.sha256(repr(texts).encode()).hexdigest()
    doc_id = sha[:16]
    chunks = [Chunk(f"{doc_id}:{i:04d}", i, text, label, f"{title} > {label}", None, part=i + 1 if label == "Article 20" else 0)
              for i, (label, text) in enumerate(texts)]
    return ParsedDocument(doc_id, sha, title, "EU", "regulation", "issuer", "", "", "", "en", "reg.md", chunks)


def test_two_chunks_of_one_article_are_cited_once(kb):
    doc = _split_article_doc()
    kb.add(doc)
    answer = ask(Retriever(kb), "What does the regulation require of a true sale of the underlying exposures to the SSPE?")
    assert answer.found
    labels = [c.label(False) for c in answer.citations]
    assert labels.count("Regulation on test securitisations, Article 20") == 1, labels
    article = next(c for c in answer.citations if c.article == "Article 20")
    # Its passage holds the parts found, in order, with the part between them marked as left out.
    assert "true sale." in article.passage.text and "clawback" in article.passage.text
    assert "\n\n…\n\n" in article.passage.text and "keeps records" not in article.passage.text


def test_the_documents_own_title_words_in_the_question_do_not_choose_the_quote():
    # 尽职调查工作指引第二条 in our words: the first sentence repeats the title's words, the second answers.
    article = ("第二条 本指引所称尽职调查是指管理人通过查阅、访谈等方法对业务参与人进行调查的过程。"
               "本指引所称业务参与人，包括原始权益人、托管人和信用增级机构。")
    question = "尽职调查工作指引里说的业务参与人包括哪些？"
    assert answering_quote(question, article, title="尽职调查工作指引").startswith("本指引所称业务参与人，包括")



# Written here after the shape of a listing guide: a long lead-in, then an item whose second sentence is the bar.
LISTING_TERMS = (
    "第四条 以租赁债权作为基础资产发行资产支持证券，入池的基础资产在基准日除满足合格标准的一般要求外，还需要符合以下要求：\n\n"
    "（一）原始权益人应当合法拥有租赁物的所有权。除以原始权益人为权利人设立的担保物权外，租赁物不得附带质押等担保负担。\n\n"
    "（二）承租人不得为地方融资平台公司。"
)


def test_a_yes_no_question_on_one_item_quotes_the_item_after_its_lead_in():
    quote = answering_quote("这笔租赁债权入池时，租赁物上还有银行的质押，还能入池吗？", LISTING_TERMS)
    assert "不得附带质押等担保负担" in quote
    # The lead-in stays as the item's setting, the sentences between left out with the gap.
    assert quote.startswith("第四条 以租赁债权") and GAP in quote
    # Asked for the list, the lead-in heads its items as before.
    assert "（二）承租人" in answering_quote("入池的租赁债权还需要符合哪些要求？", LISTING_TERMS)


# Written here after the shape of a disclosure rule: the same words for a case and its negative.
DISCLOSURE_PLACES = ("第四条 资产支持证券在证券交易场所挂牌、转让的，管理人应当在证券交易场所指定的网站披露信息。"
                     "资产支持证券不在证券交易场所挂牌转让的，管理人应当在基金业协会指定的网站披露信息。")


def test_a_question_on_the_negative_case_quotes_the_sentence_that_states_it():
    negative = answering_quote("我们的资产支持证券没有挂牌，管理人在哪个网站披露？", DISCLOSURE_PLACES)
    assert "基金业协会指定的网站" in negative and "证券交易场所指定的网站" not in negative
    assert "交易场所指定的网站" in answering_quote("我们的资产支持证券已经挂牌，管理人在哪个网站披露？", DISCLOSURE_PLACES)
    # A yes/no question's 能不能 asks no negative case.
    assert "交易场所指定的网站" in answering_quote("挂牌的资产支持证券能不能在交易场所指定的网站披露？", DISCLOSURE_PLACES)


def test_a_rule_is_quoted_with_the_proviso_that_follows_it():
    # 信托法第五十八条's shape: the release, then "但…除外" as a sentence of its own.
    text = ("第五十八条 信托终止的，受托人应当作出清算报告。受益人或者信托财产的权利归属人对清算报告无异议的，受托人就清算报告所列事项解除责任。"
            "但受托人有不正当行为的除外。")
    assert answering_quote("受益人对清算报告没有异议，受托人就解除责任了吗？", text).endswith("但受托人有不正当行为的除外。")
