"""A generated sentence must not move a rule onto another kind of IP right: a newcomer's model answered "发明专利权的期限
是多久？" with 专利法第四十二条's 二十年 said of a registered trademark and of software copyright, and all three sentences were
shown as verified. The sentences are written for this test."""
from __future__ import annotations

from tests.llm.conftest import law, missing

PATENT_TERM_42 = law(1, "CN-L-专利法-2020.md", "第四十二条")
TRADEMARK_TERM_39 = law(2, "CN-L-商标法-2019.md", "第三十九条")
IP_PLEDGE_444 = law(3, "CN-L-民法典-物权编.md", "第四百四十四条")


def test_a_right_the_passage_does_not_name_is_missing():
    for moved in ("注册商标专用权的期限也为二十年。", "计算机软件著作权的保护期同样为二十年。",
                  "A registered trademark is also protected for twenty years."):
        assert any(m.startswith("the right ") for m in missing(moved, PATENT_TERM_42)), moved
    assert any(m.startswith("the right ") for m in missing("A design patent lasts ten years.", TRADEMARK_TERM_39))


def test_the_right_the_passage_names_or_ip_in_general_is_no_defect():
    assert not any(m.startswith("the right ") for m in missing("An invention patent lasts twenty years.", PATENT_TERM_42))
    assert not any(m.startswith("the right ") for m in missing("注册商标的有效期为十年。", TRADEMARK_TERM_39))
    # 知识产权中的财产权 covers each kind, though the article lists them as 注册商标专用权、专利权、著作权等.
    assert not any(m.startswith("the right ") for m in
                   missing("A pledge over a software copyright arises when the pledge is registered.", IP_PLEDGE_444))


def test_periods_a_sentence_runs_from_its_closing_clause_are_read_from_it():
    # 专利法第四十二条 states its terms first and "均自申请日起计算" last: "twenty years from the filing date" is what it says
    # (a newcomer saw it removed, "the passage runs another period from it", the compensation paragraph's 满四年); a term
    # run from the grant is still not what it says, and the reason names the passage's own events.
    assert missing("An invention patent lasts twenty years from the filing date.", PATENT_TERM_42) == []
    assert missing("外观设计专利权的期限为十五年，自申请日起计算。", PATENT_TERM_42) == []
    from_grant = missing("外观设计专利权的期限为十五年，自授权之日起计算。", PATENT_TERM_42)
    assert from_grant and "申请日" in from_grant[0]
