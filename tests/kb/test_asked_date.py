"""A date the question names as the law's ("in force on 2019-01-01") is answered as --as-of would be."""
from __future__ import annotations

import pytest

from kb.answer import ask
from kb.asked_date import asked_date, without_asked_date
from kb.retriever import Retriever
from tests.kb.conftest import PATENT_2008, PATENT_2020


@pytest.mark.parametrize("question, day", [
    ("Which version of the Patent Law was in force on 2019-01-01?", "2019-01-01"),
    ("2019年1月1日时有效的专利法规定外观设计保护期多长？", "2019-01-01"),
    ("截至2019年1月1日，外观设计专利的期限是多少年？", "2019-01-01"),
    ("What was the design term as of 1 January 2019?", "2019-01-01"),
    ("What will the term of a design patent be on 1 February 2027?", "2027-02-01"),   # a newcomer's, once ignored
    ("A licence signed on 2019-01-01 — must it be recorded?", ""),   # a fact of the case, not the law's date
    ("Was the law in force on 2019-02-30?", ""),                       # no such day
])
def test_the_date_asked(question, day):
    assert asked_date(question) == day


def test_the_version_in_force_on_the_date_named_answers(kb):
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    answer = ask(Retriever(kb), "2019年1月1日时有效的专利法规定外观设计专利权的期限是多少年？")
    assert answer.found and answer.citations[0].doc_id == PATENT_2008.doc_id   # ten years then, not fifteen
    assert "十年" in answer.citations[0].quote and answer.citations[0].in_force_then
    assert "2019-01-01" in answer.notices[0]
    today = ask(Retriever(kb), "外观设计专利权的期限是多少年？")
    assert today.citations[0].doc_id == PATENT_2020.doc_id


def test_a_version_not_in_force_on_the_date_asked_is_headed_as_the_nearest_never_as_governing(kb):
    # Found by a newcomer: with only the 2020 Patent Law stored, "2019-01-01 …外观设计…期限" was answered under
    # "依据知识库中的条文" with 十五年 (the term then was ten years); the notice alone does not undo a governing heading.
    kb.add(PATENT_2020)
    for question in ("2019年1月1日时有效的专利法规定，外观设计专利权的期限是多久？",
                     "In force on 2019-01-01, what was the term of a design patent?"):
        answer = ask(Retriever(kb), question)
        assert answer.found and not answer.citations[0].in_force_then
        assert "依据知识库中的条文" not in answer.answer and "governing provisions" not in answer.answer
        assert "不是所问日期有效的版本" in answer.answer or "not the versions in force on the date asked" in answer.answer


@pytest.mark.parametrize("question, day, searched", [
    ("2020年6月1日时，以专利权出质的质权何时设立？", "2020-06-01", "以专利权出质的质权何时设立？"),
    ("2020年6月1日，以专利权出质的质权何时设立？", "2020-06-01", "以专利权出质的质权何时设立？"),
    ("2024年3月1日有效的专利法实施细则规定，许可合同要在多长时间内备案？", "2024-03-01", "专利法实施细则规定，许可合同要在多长时间内备案？"),
    ("On 1 June 2020, when was a pledge over a patent created?", "2020-06-01", "when was a pledge over a patent created?"),
    ("What did the Patent Law in force on 2019-01-01 say about designs?", "2019-01-01", "What did the Patent Law say about designs?"),
    ("许可合同于2019年1月1日签订，需要备案吗？", "", "许可合同于2019年1月1日签订，需要备案吗？"),
])
def test_a_date_opening_the_question_is_asked_and_left_out_of_what_is_searched(question, day, searched):
    assert asked_date(question) == day
    assert without_asked_date(question) == searched


def test_the_date_named_does_not_crowd_out_the_article_that_answers(kb):
    # The date's words ("2019年1月1日时有效的") stayed in the searched text and matched the article that
    # names a date rather than the one that answers.
    from tests.kb.conftest import make_doc

    kb.add(make_doc("示范年费法", [
        "第十条 专利权人应当自被授予专利权的当年开始缴纳年费。",
        "第十一条 专利权人未按时缴纳年费的，专利权在期限届满时终止。",
        "第七十五条 本法的规定自2019年1月1日时起有效。",
        "第七十六条 2019年1月1日时有效的其他规定，与本法不一致的，以本法为准。",
    ], effective_from="2019-01-01"))
    answer = ask(Retriever(kb), "2019年1月1日时有效的示范年费法对专利权人缴纳年费是怎么规定的？")
    assert answer.found and [c.article for c in answer.citations][:2] == ["第十条", "第十一条"]   # not 第七十五条
    assert "2019-01-01" in answer.notices[0]


def test_a_follow_up_naming_only_a_date_is_answered_from_that_days_version(kb):
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    for follow_up, first in (("那2019年1月1日呢？", "外观设计专利权的期限是多久？"),
                             ("And what was it on 2019-01-01?", "What is the term of a design patent?")):
        answer = ask(Retriever(kb), follow_up, history=[first])
        assert answer.found and answer.citations[0].doc_id == PATENT_2008.doc_id, answer.answer


def test_a_question_comparing_two_versions_quotes_the_article_from_both(kb):
    # user13 S2-4: "2008年专利法和2020年专利法…有何不同？" quoted only the 2020 text.
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    for question in ("2008年专利法和2020年专利法对外观设计专利权期限的规定有何不同？",
                     "How did the design patent term change between the 2008 and the 2020 Patent Law?"):
        answer = ask(Retriever(kb), question)
        quoted = [(c.doc_id, c.article) for c in answer.citations]
        assert (PATENT_2008.doc_id, "第四十二条") in quoted and (PATENT_2020.doc_id, "第四十二条") in quoted, answer.answer
    # Without a comparison, one version answers.
    single = ask(Retriever(kb), "外观设计专利权的期限是多久？")
    assert PATENT_2008.doc_id not in [c.doc_id for c in single.citations]
