"""Faithful paraphrases tuning12 found rejected on first contact, each by a word compared outside its meaning class (an
ordinal read as an amount, a measure word unknown, 专利局 against 国务院专利行政部门, "up to" before a date, 出版 and 公布 as
no publication, 递交 as no filing, "other than" as an exception to the rule, "on its own" as "alone"), and two defects it
found passed (第一 as no "first", 自行 as no qualifier); each change undone fails its test."""
from __future__ import annotations

from kb.facts import extract, opposites
from tests.llm.conftest import law, missing

PERIODS_5 = law(1, "CN-R-专利法实施细则-2023.md", "第五条")
OUT_OF_PRINT_29 = law(2, "CN-R-著作权法实施条例-2013.md", "第二十九条")
INVALIDATION_71 = law(3, "CN-R-专利法实施细则-2023.md", "第七十一条")
AGENCY_BAN_90 = law(4, "CN-R-商标法实施条例-2014.md", "第九十条")
FOREIGN_WORKS_7 = law(5, "CN-R-著作权法实施条例-2013.md", "第七条")
SECRECY_9 = law(6, "CN-R-专利法实施细则-2023.md", "第九条")
TRANSFER_32 = law(7, "CN-R-商标法实施条例-2014.md", "第三十二条")
REPRESENTATIVE_16 = law(8, "CN-R-商标法实施条例-2014.md", "第十六条")
SUSPENSION_103 = law(9, "CN-R-专利法实施细则-2023.md", "第一百零三条")


COPYRIGHT_PLEDGE_4 = law(10, "CN-M-著作权质权登记办法-2011.md", "第四条")


def test_an_ordinal_is_no_amount():
    # 从第二天开始计算 says 自下一日开始计算: neither is two days nor one
    assert missing("专利法上的各种期限，起算当天不算在内，从第二天开始计算。", PERIODS_5) == []
    assert extract("第三人").numbers == extract("the 50th year").numbers == extract("下一日").numbers == frozenset()


def test_a_numeral_before_a_measure_word_counts():
    # 两份订单 are the "two orders"; three would not be
    assert missing("A book counts as out of print when two orders the copyright owner sent to the publisher have gone "
                   "unfilled for six months.", OUT_OF_PRINT_29) == []
    assert "number 3" in missing("A book counts as out of print when three orders the copyright owner sent to the publisher "
                                 "have gone unfilled for six months.", OUT_OF_PRINT_29)


def test_a_bureau_and_a_department_are_one_kind_of_body():
    assert missing("无效宣告请求人可以在提出请求后一个月内补充理由或者证据，超过期限补充的，专利局可以不予考虑。", INVALIDATION_71) == []
    assert missing("无效宣告请求人可以在提出请求后一个月内补充理由或者证据，超过期限补充的，人民法院可以不予考虑。", INVALIDATION_71) != []


def test_up_to_bounds_an_amount_not_a_date_or_a_state():
    assert missing("The Trademark Office and the Review Board may stop accepting a trademark agency's business for six months "
                   "or longer, up to permanently.", AGENCY_BAN_90) == []
    assert opposites("used continuously up to 1 July 1993") == set()
    assert opposites("a fine of up to RMB 100,000") == opposites("for up to two years") == {("bound", "at most")}
    assert missing("The Trademark Office and the Review Board may stop accepting a trademark agency's business for up to "
                   "6 months.", AGENCY_BAN_90) != []


def test_making_a_text_public_is_one_event():
    # 出版, 公布 and 公告 make a text public as "publication" and "announcement" do
    assert missing("A work of a foreigner or stateless person that is first published in China enjoys copyright protection "
                   "from the date of its first publication.", FOREIGN_WORKS_7) == []
    assert extract("自外观设计国际申请公布之日起2个月内").events == extract("自公告之日起").events \
        == extract("within two months of the application's publication").events == {("event", "publication")}
    assert missing("A work of a foreigner or stateless person that is first published in China enjoys copyright protection "
                   "from the date it is registered.", FOREIGN_WORKS_7) != []


def test_submitting_a_request_is_filing_it():
    assert missing("After a confidentiality review request is filed, the patent office has four months from the filing of the "
                   "request to decide whether the invention must be kept secret.", SECRECY_9) == []
    assert extract("自请求递交日起").events == {("event", "filing")}


def test_other_than_narrows_a_noun_and_makes_no_exception():
    assert missing("Where a trademark passes by inheritance or another event other than assignment and the transfer is approved, "
                   "the recipient holds the exclusive right from the date the transfer is published.", TRANSFER_32) == []
    assert ("qualifier", "except") in extract("unless the parties agree otherwise").qualifiers


def test_acting_by_oneself_is_not_acting_alone():
    # 自行恢复 backs "resumes on its own"; 可以自行办理，也可以委托代理人 (by themselves, not through an agent) backs no "alone";
    # 可以自行决定 invents what the passage does not say
    assert missing("If the ownership dispute is not settled within a year of the request to suspend and no extension is asked "
                   "for in time, the patent office resumes the procedure on its own.", SUSPENSION_103) == []
    assert missing("To pledge a copyright, the pledgor and the pledgee sign a written contract, and either of them may register "
                   "the pledge alone.", COPYRIGHT_PLEDGE_4) != []
    assert "qualifier 'itself'" in missing("逾期补充证据的，国务院专利行政部门可以自行决定不予考虑。", INVALIDATION_71)


def test_the_ordinal_first_is_first():
    # 以…顺序排列的第一人为代表人: "the person listed last" turns it round; 第一百条 is an article, no order
    assert missing("Where joint applicants name no representative, the person listed first in the application is the "
                   "representative.", REPRESENTATIVE_16) == []
    assert missing("Where joint applicants name no representative, the person listed last in the application is the "
                   "representative.", REPRESENTATIVE_16) != []
    assert ("sequence", "first") not in opposites("第一百零三条 请求人应当在该期限内请求延长中止")
