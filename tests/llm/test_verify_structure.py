"""Facts compared as structure on both sides (tuning8): which of an article's several periods a sentence's words point at,
and who holds a right or ranks first. Each switch turned off (or the mechanism undone) fails its test."""
from __future__ import annotations

import pytest

from kb import verify
from kb.verify import Passage
from tests.llm.conftest import missing

# Short spans of the articles (the benchmark reads whole articles from ../shared/corpus).
PRIORITY_30 = Passage(1, "第三十条 申请人要求发明、实用新型专利优先权的，应当在申请的时候提出书面声明，并且在第一次提出申请之日起十六个"
                         "月内，提交第一次提出的专利申请文件的副本。\n申请人要求外观设计专利优先权的，应当在申请的时候提出书面声明，并且在"
                         "三个月内提交第一次提出的专利申请文件的副本。", "《中华人民共和国专利法》第三十条", "law")
ARCHIVES_29 = Passage(2, "第二十九条 评估档案的保存期限不少于十五年，属于法定评估业务的，保存期限不少于三十年。",
                      "《中华人民共和国资产评估法》第二十九条", "law")
COMPULSORY_53 = Passage(3, "第五十三条 有下列情形之一的，国务院专利行政部门根据具备实施条件的单位或者个人的申请，可以给予实施发明专利或者"
                           "实用新型专利的强制许可：\n（一）专利权人自专利权被授予之日起满三年，且自提出专利申请之日起满四年，无正当理由未"
                           "实施或者未充分实施其专利的；", "《中华人民共和国专利法》第五十三条", "law")


@pytest.fixture
def switch(monkeypatch):
    """Sets one switch of kb.verify for the rest of the test."""
    return lambda name, value=False: monkeypatch.setattr(verify, name, value)


def test_a_period_goes_with_the_paragraph_its_words_name_not_with_its_own_rendering(switch):
    # 十六个月 for inventions, 三个月 for designs, both from the first filing: "three months" must not find the designs'
    # paragraph by its own rendering (三个月内), and "invention" finds the first paragraph
    faithful = ("An applicant claiming priority for an invention must make a written declaration when filing and submit a "
                "copy of the first application within sixteen months of the first filing date.")
    swapped = faithful.replace("sixteen months", "three months")
    assert missing(faithful, PRIORITY_30) == []
    assert any(m.startswith("number 3 month") for m in missing(swapped, PRIORITY_30))
    switch("NUMBERS_BY_TERMS")
    assert missing(swapped, PRIORITY_30) == []


def test_a_value_keeps_the_condition_written_before_it(switch):
    # 属于法定评估业务的，保存期限不少于三十年: the thirty years of a statutory appraisal are not read as the general rule's
    faithful = "For a statutory appraisal the appraisal file must be kept for no less than thirty years."
    assert missing(faithful, ARCHIVES_29) == []
    # two periods in one sentence from different events: the words after the last one bind neither
    assert missing("A compulsory licence for non-working can be sought once three years have passed since grant and four "
                   "years since filing, without a legitimate reason for the non-working.", COMPULSORY_53) == []
