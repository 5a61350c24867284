"""A quote answers everything asked: each part of the question, the paragraph a sentence applies ("依前款"),
the case asked for ("未经决议"), and meaning does not outvote words on a difference e5 cannot tell."""
from __future__ import annotations

import pytest

from ingest import parse_file
from kb.quotes import answering_quote, asked_for, question_parts
from tests.shared import CORPUS, require

# Written here after the shape of an open-licence article: a condition first, then what a declaration states.
DECLARATION = ("第一条 权利人自愿声明开放许可的，应当在授权公告后提出。\n"
               "开放许可声明应当写明以下事项：\n（一）编号；\n（二）权利人的名称；\n（三）许可费的标准。")


def test_each_part_of_a_question_is_answered():
    question = "池里有一件发明还在实审阶段，原始权益人想现在就发开放许可声明，早点收许可费。这样做可以吗？声明里需要写些什么？"
    assert question_parts(question) == ["池里有一件发明还在实审阶段，原始权益人想现在就发开放许可声明，早点收许可费。这样做可以吗？",
                                        "声明里需要写些什么？"]
    quote = answering_quote(question, DECLARATION)
    # The condition answers the first part ("这样做可以吗"), the list the second.
    assert "应当在授权公告后提出" in quote and "写明以下事项" in quote, quote


def test_english_parts_split_at_and_what():
    question = "Is there a ceiling on the patent's share of the capital, and what documents are needed?"
    assert question_parts(question) == ["Is there a ceiling on the patent's share of the capital",
                                        "what documents are needed?"]
    assert question_parts("Can a licensee sublicense?") == ["Can a licensee sublicense?"]


# Written here after the shape of a valuation article: the second paragraph applies the first ("依前款").
VALUE = ("第十二条 双方对租赁物的价值有争议的，法院按照合同的约定确定；合同没有约定的，参照折旧和残值确定。\n"
         "一方认为依前款确定的价值严重偏离实际价值的，可以请求法院委托机构评估或者拍卖确定。")


def test_a_sentence_applying_the_paragraph_before_it_is_quoted_with_it():
    quote = answering_quote("认为确定的价值严重偏离实际价值怎么办？", VALUE)
    assert quote.startswith("第十二条 双方对租赁物的价值有争议的") and "委托机构评估或者拍卖" in quote, quote


def test_without_an_agreement_reads_as_the_negative_case_asked():
    # 未经 states the case without the approval; the question asks about that case. The words of both
    # paragraphs are nearly the same, so the case asked decides.
    text = ("分支机构经公司决议以自己的名义对外提供担保的，公司承担担保责任。\n"
            "分支机构未经公司决议以自己的名义对外提供担保，相对人请求公司承担担保责任的，法院不予支持。")
    quote = answering_quote("分支机构没有公司决议就以自己的名义提供担保，公司要承担担保责任吗？", text)
    assert quote.startswith("分支机构未经公司决议"), quote


def test_shareholders_ask_for_no_amount_but_a_share_of_capital_does():
    assert "amount" not in asked_for("Was there a shareholders' resolution behind the guarantee?")
    assert "amount" in asked_for("Is there a ceiling on the patent's share of the registered capital?")


def test_meaning_closer_than_e5_can_tell_does_not_outvote_the_words():
    # Three candidates within 0.006 of each other by meaning; the words clearly favour the first.
    text = ("公司的分支机构未经公司决议对外提供担保，相对人请求公司承担担保责任的，法院不予支持。\n"
            "金融机构的分支机构开立保函的，按照保函的约定处理。\n"
            "担保公司的分支机构超越授权范围的，按照授权处理。")
    first, second, third = text.split("\n")
    similarity = {first: 0.806, second: 0.8115, third: 0.808}
    quote = answering_quote("A company's branch gave a guarantee without a resolution of the company. "
                            "Is the company liable?", text, similarity=similarity)
    assert quote == first, quote


def _article(file: str, article: str) -> str:
    doc = parse_file(require(CORPUS) / file)
    return "\n".join(c.text for c in doc.chunks if c.article == article)


@pytest.mark.corpus
def test_the_open_licence_condition_is_quoted_with_what_a_declaration_states():
    # 专利法实施细则第八十五条: a declaration only after the grant is announced (para 1); its contents (para 2).
    text = _article("CN-R-专利法实施细则-2023.md", "第八十五条")
    quote = answering_quote("资产池里有一件发明专利还在实审阶段，原始权益人想现在就对它发开放许可声明，早点收许可费。"
                            "这样做可以吗？声明里需要写些什么？", text)
    assert "应当在公告授予专利权后提出" in quote and "专利号" in quote, quote


@pytest.mark.corpus
def test_a_valuation_challenge_is_quoted_with_the_rule_it_challenges():
    # 融资租赁解释第十二条: para 2 (appraisal or auction) applies the value fixed under para 1.
    text = _article("CN-J-融资租赁解释-2020.md", "第十二条")
    quote = answering_quote("租赁物价值按前款确定后严重偏离实际价值的，怎么办？", text)
    assert "按照融资租赁合同的约定确定租赁物价值" in quote and "评估或者拍卖确定" in quote, quote


def test_without_a_similarity_a_question_in_the_other_language_is_read_through_the_glossary():
    # The note bridge quotes a note by words alone: an English question shares no words with a Chinese note
    # but the glossary's (receivables 债权, debtor 债务人, tell 通知).
    note = "根据约定不得转让的债权不能转让。债权转让只有在通知债务人后才对债务人有约束力。"
    quote = answering_quote("Can the originator assign its receivables without telling the debtor?", note)
    assert quote == "债权转让只有在通知债务人后才对债务人有约束力。", quote


# Written here after the shape of a co-ownership article: para 1 is the exception, para 2 the rule for every other
# case ("除前款规定的情形外").
CO_OWNED = ("第十四条 共有人对权利的行使有约定的，从其约定。没有约定的，共有人可以单独实施或者以普通许可方式许可他人实施；"
            "许可他人实施的，收取的使用费应当在共有人之间分配。\n"
            "除前款规定的情形外，行使共有的权利应当取得全体共有人的同意。")


def test_an_exception_is_quoted_with_the_rule_for_every_other_case():
    quote = answering_quote("共有人之一未经其他共有人同意，能以独占许可方式许可他人实施吗？", CO_OWNED)
    assert "普通许可方式" in quote and "应当取得全体共有人的同意" in quote, quote


def test_the_rule_for_every_other_case_follows_only_its_own_paragraph():
    # The third paragraph follows no exception of the quoted one: not pulled in.
    text = ("第一条 甲应当在十日内通知乙。\n除前款规定的情形外，丙可以自行处理。\n丁应当登记。\n除前款规定的情形外，戊不得转让。")
    quote = answering_quote("丁需要登记吗？", text)
    assert "丁应当登记" in quote and "丙可以自行处理" not in quote, quote


@pytest.mark.corpus
def test_a_co_owner_licence_is_quoted_with_the_consent_of_all():
    # 专利法第十四条: alone only a non-exclusive licence (para 1); anything else needs every co-owner's consent (para 2).
    text = _article("CN-L-专利法-2020.md", "第十四条")
    quote = answering_quote("专利权共有人之一能否未经其他共有人同意，以独占许可方式许可他人实施该专利？", text)
    assert "普通许可方式" in quote and "应当取得全体共有人的同意" in quote, quote


# Written here after the shape of a pledge article: creation on registration, then a prohibition with its exception.
PLEDGED = ("第一条 以专利权中的财产权出质的，质权自办理出质登记时设立。\n"
           "知识产权中的财产权出质后，出质人不得转让或者许可他人使用，但是出质人与质权人协商同意的除外。")


def test_without_the_exception_asked_is_answered_by_the_prohibition_that_names_it():
    # "without the pledgee's consent" is the case the prohibition states (user12: para 1 was quoted, para 2 answers).
    for question in ("Can a pledged patent be licensed without the pledgee's consent?",
                     "专利权出质后，出质人没有质权人同意能许可他人实施吗？"):
        assert answering_quote(question, PLEDGED).startswith("知识产权中的财产权出质后，出质人不得转让"), question
