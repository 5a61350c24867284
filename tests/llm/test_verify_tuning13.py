"""Faithful paraphrases tuning13 found rejected on first contact, each by a rule about language (以上一年 read as "the
previous year", a range's lower end lost, "times" that count, 不同 as a negation, "on its own" compared across languages,
a Chinese list of parties each with its own modifier, "can ask" beside 有权要求 in another passage sentence, a sentence
read whole where it keeps the passage's semicolons), and the defects the same rules catch, with three it found passed
("twice", "without the client's consent", an exception where a possessive 的 before 不得 passed for a condition) and four
bodies it did not know (证监会, the CSRC, a bureau, a province). The last tests hold faithful English and Chinese
paraphrases of often cited articles, written as probes after tuning13 (7 of 48 rejected at this branch's start, 2
after); each change undone fails its test."""
from __future__ import annotations

from kb.facts import bindings, extract, negated, opposites
from tests.llm.conftest import law, missing

APPRAISAL = "CN-L-资产评估法-2016.md"
ENGAGEMENT_24 = law(1, APPRAISAL, "第二十四条")
OBJECTION_30 = law(2, APPRAISAL, "第三十条")
FALSE_SIGNATURE_45 = law(3, APPRAISAL, "第四十五条")
FALSE_REPORT_48 = law(4, APPRAISAL, "第四十八条")
REPEATED_49 = law(5, APPRAISAL, "第四十九条")
NONCONFORMING_8 = law(6, "CN-J-融资租赁解释-2020.md", "第八条")
TEN_CHOOSE = law(7, "CN-J-融资租赁解释-2020.md", "第十条")
FUNDED_PROJECTS_36 = law(8, "CN-LOCAL-北京-专利保护和促进条例.md", "第三十六条")
FUND_PROPERTY_5 = law(9, "CN-L-证券投资基金法-2015.md", "第五条")
STAFF_DEALING_17 = law(10, "CN-L-证券投资基金法-2015.md", "第十七条")
PLEDGE_FILING_8 = law(11, "CN-M-著作权质权登记办法-2011.md", "第八条")
AGENCIES_44 = law(12, "CN-LOCAL-北京-专利保护和促进条例.md", "第四十四条")
FAIR_USE_24 = law(13, "CN-L-著作权法-2020.md", "第二十四条")
UNIT_TRANSFER_11 = law(14, "CN-M-私募投资基金监督管理暂行办法-2014-摘录.md", "第十一条")
NEW_CUSTODIAN_42 = law(15, "CN-L-证券投资基金法-2015.md", "第四十二条")
SZSE_SERVICES_5 = law(16, "CN-SRO-深圳证券交易所资产证券化业务指引-2013.md", "第五条")
DISCLOSURE_SITE_4 = law(17, "CN-M-证券公司及基金管理公司子公司资产证券化业务信息披露指引-2014.md", "第四条")
PLEDGE_REGISTRY_2 = law(18, "CN-M-著作权质权登记办法-2011.md", "第二条")
MISSING_PERSON_40 = law(19, "CN-L-民法典-总则编.md", "第四十条")
ABS_INVESTORS_29 = law(20, "CN-M-证券公司及基金管理公司子公司资产证券化业务管理规定-2014.md", "第二十九条")
ASSIGNMENT_545 = law(21, "CN-L-民法典-合同编.md", "第五百四十五条")
NOTICE_546 = law(22, "CN-L-民法典-合同编.md", "第五百四十六条")
IP_PLEDGE_444 = law(23, "CN-L-民法典-物权编.md", "第四百四十四条")
BUSINESS_SCOPE = law(24, "CN-L-民法典-合同编.md", "第五百零五条")
TRUST_VOID_11 = law(25, "CN-L-信托法-2001.md", "第十一条")
TRUST_SURVIVES_52 = law(26, "CN-L-信托法-2001.md", "第五十二条")
TERM_42 = law(27, "CN-L-专利法-2020.md", "第四十二条")
REGISTERED_MORTGAGE_402 = law(28, "CN-L-民法典-物权编.md", "第四百零二条")
PERFORMANCE_509 = law(29, "CN-L-民法典-合同编.md", "第五百零九条")
PLEDGE_DELIVERY_429 = law(30, "CN-L-民法典-物权编.md", "第四百二十九条")
TRADEMARK_SIGNS_8 = law(31, "CN-L-商标法-2019.md", "第八条")
IPO_CONDITIONS_12 = law(32, "CN-L-证券法-2019.md", "第十二条")
STANDARDISATION_21 = law(33, "EU-Reg-2017-2402-Securitisation-Art6-18-22-excerpt.md", "Article 21")
INDEPENDENCE_2 = law(34, "CN-J-担保制度解释-2020.md", "第二条")
INNOCENT_SELLER_64 = law(35, "CN-L-商标法-2019.md", "第六十四条")
GUARANTEE_TYPE_686 = law(36, "CN-L-民法典-合同编.md", "第六百八十六条")
AGENCY_STAFF_85 = law(37, "CN-R-商标法实施条例-2014.md", "第八十五条")
CO_OWNERS_14 = law(38, "CN-L-专利法-2020.md", "第十四条")
LEASE_ASSIGNMENT_4 = law(39, "CN-J-融资租赁解释-2020.md", "第四条")
HOLDERS_MEETING_49 = law(40, "CN-L-证券投资基金法-2015.md", "第四十九条")
OFFERING_ACCOUNT_59 = law(41, "CN-L-证券投资基金法-2015.md", "第五十九条")
TIME_BARRED_192 = law(42, "CN-L-民法典-总则编.md", "第一百九十二条")


def test_a_bound_word_is_no_demonstrative():
    # 上一年 is "the previous year"; in 六个月以上一年以下 上 belongs to 以上 and 一年 is a year
    assert ("num", 1, "year") in extract("责令停业六个月以上一年以下").numbers
    assert extract("上一年").numbers == frozenset()
    assert missing("评估机构出具虚假评估报告的，责令停业半年到一年，没收违法所得并处违法所得一到五倍的罚款；情节严重的，"
                   "由工商部门吊销营业执照。", FALSE_REPORT_48) == []
    assert missing("评估机构出具虚假评估报告的，责令停业半年到两年，没收违法所得并处违法所得一到五倍的罚款。", FALSE_REPORT_48) != []


def test_a_range_keeps_its_lower_end():
    assert {("num", 2, "year"), ("num", 5, "year")} <= extract("停止从业二至五年").numbers
    assert ("num", 1, "year") in extract("the suspension runs from one to five years").numbers
    assert "number 3 year" in missing("评估专业人员签署虚假评估报告的，由评估行政管理部门责令其停止从业三至五年。", FALSE_SIGNATURE_45)


def test_a_sentence_keeping_the_passages_semicolons_is_read_unit_by_unit():
    # each unit of the sentence is aligned within the passage unit it renders, not the one closest to the whole sentence
    assert missing("评估专业人员签署虚假评估报告的，由评估行政管理部门责令其停止从业二至五年；情节严重的停止从业五至十年；"
                   "构成犯罪的，终身不得从事评估业务。", FALSE_SIGNATURE_45) == []
    assert missing("申请材料齐全的，登记机构应当受理；材料不齐全的，也应当先受理再通知补正。", PLEDGE_FILING_8) != []


def test_times_in_english_count_as_they_multiply():
    # 累计三次 is "three times", 一倍以上五倍以下 "one to five times"
    assert missing("If an appraisal firm or professional is penalised three times within one year for breaches of the "
                   "Appraisal Law, by penalties other than suspension, the authority may order it to suspend business or "
                   "practice for one to five years.", REPEATED_49) == []
    assert missing("If an appraisal firm or professional is penalised four times within one year for breaches of the "
                   "Appraisal Law, the authority may order it to suspend business for one to five years.", REPEATED_49) != []


def test_different_is_no_negation():
    # 有不同意见 says what 有异议 says; 不同意 still disagrees
    assert missing("委托人如果对评估报告有不同意见，可以要求评估机构作出说明解释。", OBJECTION_30) == []
    assert negated("委托人不同意") and not negated("有不同意见")
    assert missing("委托人如果对评估报告有不同意见，不能要求评估机构作出说明解释。", OBJECTION_30) != []


def test_acting_by_oneself_is_not_compared_across_languages():
    # "on its own" renders 擅自 and 自主, "by themselves" 其本人: words the Chinese tables do not line up with 自行
    assert missing("If the leased asset does not conform and the lessor changed the chosen supplier or asset on its own, the "
                   "lessee can hold the lessor liable.", NONCONFORMING_8) == []
    assert missing("If the agreement says nothing on who owns the resulting patents, they belong to the entity carrying "
                   "out the project, which decides on its own how to exploit, license or transfer them.",
                   FUNDED_PROJECTS_36) == []
    assert missing("Staff of a public fund manager must report to the manager in advance any securities investment by "
                   "themselves, their spouses or related parties.", STAFF_DEALING_17) == []
    # between Chinese texts an added 自行 is still a qualifier the passage lacks
    assert "qualifier 'itself'" in missing("项目承担单位在合理期限内不提出专利申请的，发明人、设计人可以自行决定是否申请专利。",
                                           FUNDED_PROJECTS_36)


def test_each_party_of_a_chinese_list_may_carry_its_own_modifier():
    assert {("manager", "must-not"), ("custodian", "must-not")} <= bindings("基金管理人、基金托管人不得将基金财产归入其固有财产。")
    assert missing("Debts of fund property are borne by the fund property itself; the manager and custodian may not fold "
                   "fund property into their own assets.", FUND_PROPERTY_5) == []


def test_can_ask_is_the_right_another_passage_sentence_grants():
    # 委托人有权要求…回避 grants "the client can ask", though the rendered passage sentence is the one with 应当
    assert missing("For every engagement it accepts, the appraisal firm has to assign no fewer than two appraisal "
                   "professionals to handle it, and the client can ask that a professional with an interest in the "
                   "parties or the asset step aside.", ENGAGEMENT_24) == []
    # a passage that grants no right (人民法院应告知其…作出选择) backs no "may demand … both"
    assert missing("A lessor may demand all the unpaid rent and terminate the finance lease at once, and the court will "
                   "grant both under Article 752 of the Civil Code.", TEN_CHOOSE) != []


def test_twice_is_two_times():
    assert ("num", 2, "times") in extract("penalised twice within one year").numbers
    assert "number 2 times" in missing("If an appraisal firm or professional is penalised twice within one year for "
                                       "breaches of the Appraisal Law, the authority may order it to suspend business for "
                                       "one to five years.", REPEATED_49)


def test_consent_with_a_possessive_is_a_condition_and_bu_jing_is_without():
    # "without the client's written consent" invents a condition 不得泄露委托人的商业秘密 does not make
    assert "qualifier 'condition'" in missing("Patent agencies and their staff may not disclose their clients' trade "
                                              "secrets without the client's written consent.", AGENCIES_44)
    # 可以不经著作权人许可 is "without the copyright owner's permission"
    assert missing("For the listed fair uses, such as private study or research with a published work, the work can be used "
                   "without the copyright owner's permission or payment, but the author and the title of the work have to "
                   "be named.", FAIR_USE_24) == []


def test_a_possessive_de_before_a_prohibition_makes_no_exception():
    # 单只私募基金的投资者人数累计不得超过: 的 is a possessive, so nothing backs an added "unless"
    assert ("qualifier", "conditional-prohibition") not in extract("单只私募基金的投资者人数累计不得超过规定数量").qualifiers
    assert ("qualifier", "conditional-prohibition") in extract("著作权人声明不许使用的不得使用").qualifiers
    assert "qualifier 'except'" in missing("An investor who transfers fund units must transfer them to a qualified investor "
                                           "unless the transferee already holds units in the fund.", UNIT_TRANSFER_11)


def test_the_securities_regulator_is_a_body_by_its_name():
    # 证监会 and "the CSRC" are 国务院证券监督管理机构; where the exchange (本所) or the fund association acts, they are wrong
    assert missing("When a custodian's duties end, the unit holders' meeting must choose a new custodian within six months, "
                   "and until one is in place the CSRC appoints a temporary custodian.", NEW_CUSTODIAN_42) == []
    assert missing("Until a new custodian is chosen, the China Securities Regulatory Commission appoints a temporary "
                   "custodian.", NEW_CUSTODIAN_42) == []
    assert missing("基金托管人职责终止的，持有人大会须在半年内选出新的基金托管人，选出前由证监会指定临时基金托管人。",
                   NEW_CUSTODIAN_42) == []
    assert missing("深交所为资产支持证券的信息披露和转让提供服务，同时进行自律管理。", SZSE_SERVICES_5) == []
    assert "the body '证监会'" in missing("中国证监会为资产支持证券的信息披露和转让提供服务，同时进行自律管理。", SZSE_SERVICES_5)
    assert "the body 'csrc'" in missing("If the asset-backed securities are not listed on an exchange, the manager discloses "
                                        "on the website designated by the CSRC.", DISCLOSURE_SITE_4)


def test_a_bureau_and_a_province_are_bodies_an_english_sentence_names():
    assert missing("Copyright pledges are registered by the National Copyright Administration.", PLEDGE_REGISTRY_2) == []
    assert "the body 'provincial'" in missing("Copyright pledges are registered by the provincial copyright bureaus.",
                                              PLEDGE_REGISTRY_2)
    assert "the body 'bureau'" in missing("An interested party may ask the public security bureau to declare a person missing "
                                          "once that person has been missing for two full years.", MISSING_PERSON_40)


def test_a_body_naming_an_instrument_does_not_act():
    assert missing("Under Article 29 of the CSRC asset securitisation provisions, asset-backed securities must be issued to "
                   "qualified investors.", ABS_INVESTORS_29) == []


def test_a_rule_is_found_by_its_own_words_not_its_exceptions():
    # "unless … by agreement of the parties" points at 当事人约定…不得转让; the rule "can assign" is 债权人可以…转让
    assert missing("A creditor can assign all or part of its claim to a third party, unless the claim is non-assignable by "
                   "its nature, by agreement of the parties or by law.", ASSIGNMENT_545) == []
    assert missing("A creditor must assign all or part of its claim to a third party, unless the claim is non-assignable by "
                   "its nature, by agreement of the parties or by law.", ASSIGNMENT_545) != []


def test_not_without_consent_is_not_except_with_consent():
    # 不得撤销，但是经受让人同意的除外 says "cannot be withdrawn without the assignee's consent"
    assert missing("An assignment of a claim has no effect on the debtor until the debtor is notified, and once given the "
                   "notice cannot be withdrawn without the assignee's consent.", NOTICE_546) == []
    assert missing("Once given, the notice of assignment can be withdrawn without the assignee's consent.", NOTICE_546) != []


def test_may_neither_nor_prohibits():
    assert ("duty", "must-not") in extract("the pledgor may neither assign nor license it").duties
    assert missing("A pledge over the property rights in a patent or trademark is created when the pledge is registered, "
                   "and afterwards the pledgor may neither assign nor license the IP without agreeing it with the "
                   "pledgee.", IP_PLEDGE_444) == []


def test_for_that_reason_alone_is_only():
    # 不得仅以超越经营范围确认合同无效: "for that reason alone" is 仅以, no party acting alone
    assert ("qualifier", "only") in extract("void for that reason alone").qualifiers
    assert ("qualifier", "alone") not in extract("void for that reason alone").qualifiers
    assert missing("A contract is not void for the reason alone that a party concluded it beyond its business scope.",
                   BUSINESS_SCOPE) == []


def test_a_duty_with_its_consequence_states_a_condition():
    # 必须通知债务人，否则对债务人不生效 says what 未通知债务人的，该转让对债务人不发生效力 says
    assert ("duty", "must") not in extract("债权转让必须通知债务人，否则对债务人不生效").duties
    assert missing("债权转让必须通知债务人，否则对债务人不生效；通知发出后不能撤回，除非受让人同意。", NOTICE_546) == []


def test_solely_is_only():
    # 专以诉讼或者讨债为目的设立信托: "set up solely for litigation", no party acting alone
    assert ("qualifier", "only") in extract("a trust set up solely for litigation").qualifiers
    assert missing("A trust is void if, among other things, its purpose breaks the law or harms the public interest, the trust "
                   "property cannot be identified, it is set up solely for litigation or debt collection, or the "
                   "beneficiaries cannot be determined.", TRUST_VOID_11) == []


def test_a_long_cause_before_er_is_no_scope_of_the_negation():
    # 不因委托人或者受托人的死亡、…或者被宣告破产而终止 denies the ending, however many causes it lists
    assert missing("除非信托法或信托文件另有规定，委托人或受托人死亡、丧失行为能力、解散、被撤销或破产，以及受托人辞任，都不会导致"
                   "信托终止。", TRUST_SURVIVES_52) == []
    assert missing("委托人或受托人死亡、丧失行为能力、解散、被撤销或破产的，信托终止。", TRUST_SURVIVES_52) != []


def test_a_number_goes_with_a_stretch_only_where_its_words_decide():
    # "granted" (授予) stands after 满三年, "filing" (申请日) before 满四年: nearly a tie, so neither value is refused
    assert missing("If an invention patent is granted more than four years after filing and more than three years after the "
                   "request for substantive examination, the patentee can ask for the term to be extended to make up for "
                   "unreasonable delays in examination, except delays the applicant caused.", TERM_42) == []
    assert missing("Invention patents last 20 years, utility models 15 years and designs 10 years, all counted from the "
                   "filing date.", TERM_42) != []


def test_only_upon_an_event_says_when_a_right_arises():
    # 抵押权自登记时设立: "is only created upon registration"
    assert missing("A mortgage over a building or land-use right has to be registered, and it is only created upon "
                   "registration.", REGISTERED_MORTGAGE_402) == []
    assert ("qualifier", "only") in extract("only the pledgee may sell it").qualifiers


def test_the_good_faith_principle_is_good_faith():
    # 遵循诚信原则 is "following good faith"; a good-faith third party where the passage names none is still asked for
    assert missing("Each party has to perform its obligations in full as agreed and, following good faith, give notice, "
                   "cooperate and keep things confidential as the nature and purpose of the contract and trade practice "
                   "require.", PERFORMANCE_509) == []
    assert "qualifier 'faith'" in missing("A pledge over goods delivered to a good-faith pledgee comes into being when the "
                                          "pledgor delivers them.", PLEDGE_DELIVERY_429)


def test_a_number_in_a_hyphenated_adjective_is_no_count():
    # 三维标志 is a "three-dimensional sign"; "a two-year period" still counts its years
    assert extract("three-dimensional signs").numbers == frozenset()
    assert ("num", 2, "year") in extract("a two-year period").numbers
    assert missing("Any sign that can distinguish one person's goods from another's, including words, figures, letters, "
                   "numbers, three-dimensional signs, colour combinations and sounds, or any combination of them, can be "
                   "registered as a trademark.", TRADEMARK_SIGNS_8) == []


def test_the_last_three_years_is_a_recent_period():
    # 最近三年 beside 首次公开发行: "the last three years" is no "last" against "first"
    assert opposites("audit opinions for the last three years") == set()
    assert opposites("on the last day of the period") == {("sequence", "last")}
    assert missing("For an IPO, the company needs a sound and well-functioning organisation, the ability to continue as a "
                   "going concern, and unqualified audit opinions on its financial reports for the last three years.",
                   IPO_CONDITIONS_12) == []


def test_good_faith_is_turned_only_by_a_negation_right_before_it():
    # 不影响善意受益人: the negation denies the effect; 非善意 is bad faith
    assert ("faith", "good faith") in opposites("不影响善意受益人已经取得的信托利益", evidence=True)
    assert opposites("非善意第三人", evidence=True) == {("faith", "bad faith")}


def test_no_long_noun_phrase_may_prohibits():
    # "no provisions shall require automatic liquidation": "no automatic liquidation … may be required" says it
    assert ("duty", "must-not") in extract("no automatic liquidation of the exposures at market value may be required").duties
    assert missing("Once an enforcement or acceleration notice has been delivered, principal receipts have to be passed to "
                   "investors through sequential amortisation according to seniority, and no automatic liquidation of the "
                   "exposures at market value may be required.", STANDARDISATION_21) == []


def test_each_english_clause_is_compared_with_the_passage_sentence_it_renders():
    # "if the main contract is valid, …, but if it is void …": each clause has its own passage sentence (主合同有效的… /
    # 主合同无效的…), not the one the whole sentence's terms point at
    assert missing("A clause making the guarantee independent of the main contract is void; if the main contract is valid, "
                   "that does not affect the guarantee, but if the main contract is void the court will typically hold the "
                   "guarantee void too, unless the law provides otherwise.", INDEPENDENCE_2) == []



def test_a_passage_naming_no_party_names_the_one_who_acts_by_the_act():
    # 销售不知道是侵犯…的商品 is about "a seller"; 按照一般保证承担保证责任 about "the guarantor"; 接受委托 about clients
    assert missing("A seller who did not know the goods infringed a registered trademark is not liable for damages if it can "
                   "show it obtained them lawfully and names its supplier.", INNOCENT_SELLER_64) == []
    assert missing("Where a guarantee contract says nothing clear about the type of guarantee, the guarantor is liable as "
                   "under a general guarantee.", GUARANTEE_TYPE_686) == []
    assert missing("A person working at a trademark agency may not take on clients in his or her own name.",
                   AGENCY_STAFF_85) == []
    # a passage that names its parties (出质人, 质权人) still asks for them, though it has the act (许可他人使用)
    assert "party 'licensee'" in missing("After a patent is pledged, the licensee may not assign it or license it to others "
                                         "unless the pledgee agrees.", IP_PLEDGE_444)


def test_any_one_is_no_count_and_no_agreement_is_backed_where_the_passage_says_it():
    # 任何一个共有人 is "any co-owner"; 没有约定的 stands in the passage, though the clause closest in words is 有约定的
    assert extract("任何一个共有人都可以自己实施").numbers == frozenset()
    assert missing("共有人对权利行使没有约定的，任何一个共有人都可以自己实施，或者以普通许可方式许可他人实施，许可费要在共有人之间"
                   "分配。", CO_OWNERS_14) == []


def test_a_party_is_fang_as_well_as_ren():
    # 受让方 is the assignee, 被许可方 the licensee (not the licensor)
    assert extract("受让方以此为由请求解除").parties == {("party", "assignee")}
    assert extract("被许可方").parties == {("party", "licensee")}
    assert missing("A lessor's assignment of some or all of its rights under the finance lease does not give the assignee "
                   "grounds to have the lease terminated or changed; the court will reject such a claim.",
                   LEASE_ASSIGNMENT_4) == []


def test_neither_nor_may_prohibits():
    assert missing("Neither the unit holders' meeting nor its standing body may take part in or interfere with the fund's "
                   "investment management.", HOLDERS_MEETING_49) == []
    assert missing("The unit holders' meeting and its standing body may take part in the fund's investment management.",
                   HOLDERS_MEETING_49) != []


def test_a_clause_without_a_duty_word_takes_its_sentences_duty():
    # 在基金募集行为结束前 is the time of 任何人不得动用
    assert missing("基金募集期间的钱必须存进专门账户，募集结束之前谁都不能动。", OFFERING_ACCOUNT_59) == []
    assert missing("基金募集期间的钱必须存进专门账户，募集结束之前管理人可以动用。", OFFERING_ACCOUNT_59) != []


def test_refusing_is_a_denial():
    # 可以拒绝履行 says what 可以提出不履行义务的抗辩 says
    assert missing("诉讼时效届满后，义务人可以拒绝履行；但之后同意履行的，就不能再以时效届满为由抗辩，已经自愿履行的，也不能要求返还。",
                   TIME_BARRED_192) == []
    assert missing("诉讼时效期间届满后，义务人已经自愿履行的，可以请求返还。", TIME_BARRED_192) != []
