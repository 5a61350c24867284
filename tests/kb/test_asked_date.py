"""A date the question names as the law's ("in force on 2019-01-01") is answered as --as-of would be."""
from __future__ import annotations

import pytest

from kb.answer import ask
from kb.asked_date import asked_date
from kb.retriever import Retriever
from tests.kb.conftest import PATENT_2008, PATENT_2020


@pytest.mark.parametrize("question, day", [
    ("Which version of the Patent Law was in force on 2019-01-01?", "2019-01-01"),
    ("2019年1月1日时有效的专利法规定外观设计保护期多长？", "2019-01-01"),
    ("截至2019年1月1日，外观设计专利的期限是多少年？", "2019-01-01"),
    ("What was the design term as of 1 January 2019?", "2019-01-01"),
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
