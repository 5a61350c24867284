"""Faithful paraphrases tuning12 found rejected on first contact, each by a word compared outside its meaning class (an
ordinal read as an amount, a measure word unknown, 专利局 against 国务院专利行政部门, "up to" before a date, 出版 and 公布 as
no publication, 递交 as no filing, "other than" as an exception to the rule, "on its own" as "alone"), and two defects it
found passed (第一 as no "first", 自行 as no qualifier); each change undone fails its test."""
from __future__ import annotations

from kb.facts import extract, opposites
from kb.verify import Passage
from tests.llm.conftest import missing

PERIODS_5 = Passage(1, "第五条 专利法和本细则规定的各种期限开始的当日不计算在期限内，自下一日开始计算。期限以年或者月计算的，以其最后"
                       "一月的相应日为期限届满日；该月无相应日的，以该月最后一日为期限届满日；期限届满日是法定休假日的，以休假日后的第一个"
                       "工作日为期限届满日。", "《中华人民共和国专利法实施细则》第五条", "regulation")
OUT_OF_PRINT_29 = Passage(2, "第二十九条 著作权人寄给图书出版者的两份订单在6个月内未能得到履行，视为著作权法第三十二条所称图书脱销。",
                          "《中华人民共和国著作权法实施条例》第二十九条", "regulation")
INVALIDATION_71 = Passage(3, "第七十一条 在国务院专利行政部门受理无效宣告请求后，请求人可以在提出无效宣告请求之日起1个月内增加理由或者补充"
                             "证据。逾期增加理由或者补充证据的，国务院专利行政部门可以不予考虑。", "《中华人民共和国专利法实施细则》第七十一条",
                          "regulation")
AGENCY_BAN_90 = Passage(4, "第九十条 商标局、商标评审委员会依照商标法第六十八条规定停止受理商标代理机构办理商标代理业务的，可以作出停止受理"
                           "该商标代理机构商标代理业务6个月以上直至永久停止受理的决定。停止受理商标代理业务的期间届满，商标局、商标评审委员会"
                           "应当恢复受理。", "《中华人民共和国商标法实施条例》第九十条", "regulation")
FOREIGN_WORKS_7 = Passage(5, "第七条 著作权法第二条第三款规定的首先在中国境内出版的外国人、无国籍人的作品，其著作权自首次出版之日起受保护。",
                          "《中华人民共和国著作权法实施条例》第七条", "regulation")
SECRECY_9 = Passage(6, "第九条 国务院专利行政部门依照前款规定通知进行保密审查的，应当在请求递交日起4个月内作出是否需要保密的决定，并通知"
                       "申请人。", "《中华人民共和国专利法实施细则》第九条", "regulation")
TRANSFER_32 = Passage(7, "第三十二条 注册商标专用权因转让以外的继承等其他事由发生移转的，接受该注册商标专用权的当事人应当凭有关证明文件或者"
                         "法律文书到商标局办理注册商标专用权移转手续。\n商标移转申请经核准的，予以公告。接受该注册商标专用权移转的当事人自"
                         "公告之日起享有商标专用权。", "《中华人民共和国商标法实施条例》第三十二条", "regulation")
REPRESENTATIVE_16 = Passage(8, "第十六条 共同申请注册同一商标或者办理其他共有商标事宜的，应当在申请书中指定一个代表人；没有指定代表人的，以申请书"
                               "中顺序排列的第一人为代表人。", "《中华人民共和国商标法实施条例》第十六条", "regulation")
SUSPENSION_103 = Passage(9, "第一百零三条 自请求中止之日起1年内，有关专利申请权或者专利权归属的纠纷未能结案，需要继续中止有关程序的，请求人应当"
                            "在该期限内请求延长中止。期满未请求延长的，国务院专利行政部门自行恢复有关程序。",
                         "《中华人民共和国专利法实施细则》第一百零三条", "regulation")


COPYRIGHT_PLEDGE_4 = Passage(10, "第四条 以著作权出质的，出质人和质权人应当订立书面质权合同，并由双方共同向登记机构办理著作权质权登记。\n"
                                 "出质人和质权人可以自行办理，也可以委托代理人办理。", "《著作权质权登记办法》第四条", "rule")


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
