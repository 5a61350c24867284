"""The sentence verifier: quotes, hard facts and support, each guard with a case it must catch."""
from __future__ import annotations

import pytest

from kb.facts import cn_value, extract
from kb.verify import Draft, Passage, quote_found
from tests.llm.conftest import law

# Spans kept as text: read whole, 第四十二条 adds the compensation period and Article 6 its other paragraphs, which
# turn the tests about them; NOTE is invented commentary. The others are read from ../shared/corpus.
PATENT_42 = Passage(1, "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，"
                       "均自申请日起计算。", "《中华人民共和国专利法》第四十二条", "law")
FEES_43 = law(2, "CN-L-专利法-2020.md", "第四十三条")
EU_6 = Passage(3, "Article 6 The originator, sponsor or original lender of a securitisation shall retain on an ongoing "
                  "basis a material net economic interest in the securitisation of not less than 5 %.",
               "Regulation (EU) 2017/2402 Article 6", "regulation")
NOTE = Passage(4, "说明：外观设计专利权的期限为十五年，自申请日起计算。", "外观设计期限说明", "note")
PASSAGES = {p.n: p for p in (PATENT_42, FEES_43, EU_6, NOTE)}


def test_chinese_numerals_and_units_are_language_neutral_facts():
    assert cn_value("二十") == 20 and cn_value("一百零五") == 105 and cn_value("五百万") == 5_000_000
    assert ("num", 20, "year") in extract("期限为二十年").numbers
    assert extract("期限为二十年").numbers == extract("a term of 20 years").numbers == extract("twenty years").numbers
    assert extract("百分之五").numbers == extract("5 %").numbers == {("num", 5, "percent")}
    assert extract("2021年6月1日起施行").dates == extract("from June 1, 2021").dates == {("date", "2021-06-01")}
    assert extract("第四十二条").articles == extract("Article 42").articles == {("article", 42)}
    # 一般 and 统一 are words, not the number one
    assert not extract("一般情况下统一办理").numbers


def test_obligation_words_keep_their_polarity():
    assert extract("专利权人不得转让").duties == extract("the patentee may not assign").duties == {("duty", "must-not")}
    assert extract("应当缴纳").duties == extract("shall pay").duties == {("duty", "must")}
    assert extract("可以转让").duties == extract("may assign").duties == {("duty", "may")}
    assert extract("无须登记").duties == extract("need not register").duties == {("duty", "need-not")}


def test_licensee_is_not_the_licensor():
    assert extract("被许可人应当支付").parties == {("party", "licensee")}
    assert extract("许可人应当保证").parties == {("party", "licensor")}


@pytest.mark.parametrize("quote, ok", [
    ("外观设计专利权的期限为十五年", True),          # verbatim
    ("外观设计专利权的期限为 十五年。", True),        # spacing and punctuation are ignored
    ("外观设计专利权期限为十五年", True),            # one edit in 13 characters: within the budget
    ("外观设计的专利期限为十五年", False),           # two edits: beyond it
    ("外观设计专利权的期限为二十五年", False),       # invented
    ("十五年", False),                              # too short to pin anything down
])
def test_quote_must_be_in_the_passage(quote, ok):
    assert quote_found(quote, PATENT_42.text)[0] is ok


@pytest.mark.slow
def test_supported_sentence_is_kept(verifier):
    result = verifier.check(Draft("外观设计专利权的期限为十五年，自申请日起计算[1]。", [1], "外观设计专利权的期限为十五年"), PASSAGES)
    assert (result.status, result.reason) == ("supported", "")
    assert result.support >= verifier.thresholds.chinese


@pytest.mark.slow
def test_english_sentence_over_the_chinese_article_is_kept(verifier):
    result = verifier.check(Draft("The term of a design patent is 15 years from the filing date [1].", [1],
                                  "外观设计专利权的期限为十五年"), PASSAGES)
    assert result.status == "supported", result.reason


@pytest.mark.slow
@pytest.mark.parametrize("text, quote, cites, reason", [
    # wrong number: 十年 is in the passage, but for utility models, not for designs
    ("外观设计专利权的期限为十年[1]。", "外观设计专利权的期限为十五年", [1], "number 10 year"),
    # across languages, of the passage's several terms the sentence's words find the designs' (verify.NUMBERS_BY_TERMS)
    ("The term of a design patent is 10 years [1].", "外观设计专利权的期限为十五年", [1], "number 10 year"),
    # wrong article
    ("依照第四十四条，外观设计专利权的期限为十五年[1]。", "外观设计专利权的期限为十五年", [1], "article 44"),
    # negated obligation
    ("专利权人不得自被授予专利权的当年开始缴纳年费[2]。", "专利权人应当自被授予专利权的当年开始缴纳年费", [2], "obligation 'must-not'"),
    ("The originator may retain a net economic interest of not less than 5 % [3].",
     "shall retain on an ongoing basis a material net economic interest", [3], "obligation 'may'"),
    # wrong party
    ("被许可人应当自被授予专利权的当年开始缴纳年费[2]。", "专利权人应当自被授予专利权的当年开始缴纳年费", [2], "party 'licensee'"),
    # wrong percentage
    ("The originator shall retain a net economic interest of not less than 10 % [3].",
     "shall retain on an ongoing basis a material net economic interest", [3], "number 10 percent"),
    # invented quote
    ("外观设计专利权的期限为十五年[1]。", "外观设计专利权的期限为十五年，可续展一次", [1], "quote not found"),
    # no quote, no citation, a passage the model was not given
    ("外观设计专利权的期限为十五年[1]。", "", [1], "no verbatim quote"),
    ("外观设计专利权的期限为十五年。", "外观设计专利权的期限为十五年", [], "cites no passage"),
    ("外观设计专利权的期限为十五年[9]。", "外观设计专利权的期限为十五年", [9], "which the model was not given"),
    # invented condition: the passage states no exception
    ("The originator shall retain not less than 5 %, unless the securitisation is listed on an exchange [3].",
     "shall retain on an ongoing basis a material net economic interest", [3], "qualifier 'except'"),
])
@pytest.mark.slow
def test_defective_sentence_is_removed_with_its_reason(verifier, text, quote, cites, reason):
    result = verifier.check(Draft(text, cites, quote), PASSAGES)
    assert result.status == "removed"
    assert reason in result.reason


@pytest.mark.slow
def test_sentence_backed_only_by_a_note_is_flagged_not_supported(verifier):
    result = verifier.check(Draft("外观设计专利权的期限为十五年，自申请日起计算[4]。", [4], "外观设计专利权的期限为十五年"), PASSAGES)
    assert result.status == "flagged" and "note" in result.reason


def test_streamed_draft_shows_sentence_texts_of_partial_json():
    from kb.generate import draft_text

    partial = '{"answered": true, "sentences": [{"text": "外观设计专利权的期限为十五年[1]。", "citations": [1], "quote": "外观'
    assert draft_text(partial) == "外观设计专利权的期限为十五年[1]。"
    assert draft_text('{"sentences": [{"text": "The term is fif') == "The term is fif"
    assert draft_text("Plain text so far") == "Plain text so far"
