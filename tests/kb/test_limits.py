"""Limit questions: answered only when a found passage states the number asked on its subject, else an honest
not found with the reason and the nearest passages labelled as related, never as the answer."""
from __future__ import annotations

import pytest

from kb.answer import ask, compose_answer
from kb.limits import asked_limit, stating_sentence
from kb.retriever import Retriever
from tests.kb.conftest import PATENT_2020, TRADEMARK, make_doc

# Our own wording of a pledge-registration rule: it talks about patent pledges and states no number.
PLEDGE = make_doc("专利权质押登记规则（测试）", [
    "第三条 以专利权出质的，出质人和质权人应当订立书面质押合同，并共同向国务院专利行政部门办理出质登记；质权自登记时设立。",
])


def test_a_limit_question_the_library_does_not_answer_is_not_found_with_related_passages(kb):
    for doc in (PATENT_2020, TRADEMARK, PLEDGE):
        kb.add(doc)
    answer = ask(Retriever(kb), "专利权出质时，质押率最高可以是多少？")
    assert not answer.found and not answer.citations
    # The topic is in the library, so the refusal says so and does not suggest rephrasing.
    assert answer.answer.startswith("知识库中有涉及该主题的条文，但没有一条回答该问题")
    assert "换一种问法" not in answer.answer
    # Nor does it claim the rule cannot be in the library: the search may not have reached it (audits found
    # 著作权法第二十三条 stored and missed); naming the instrument or article is the way to find it.
    assert "写明法规名称或条号" in answer.answer and "它载于尚未导入的文件中" not in answer.answer
    assert any("比例" in n for n in answer.notices)   # what was looked for: a ratio
    assert PLEDGE.doc_id in [c.doc_id for c in answer.related]
    assert "未回答该问题" in answer.answer and "依据知识库中的条文" not in answer.answer
    data = answer.to_json()
    assert data["found"] is False and data["citations"] == [] and data["related"] and data["notices"]


def test_a_limit_question_the_library_answers_is_answered_with_the_sentence_that_states_it(kb):
    for doc in (PATENT_2020, TRADEMARK, PLEDGE):
        kb.add(doc)
    for question in ("外观设计专利权的保护期最长是多少年？", "What is the maximum term of a design patent in China?"):
        answer = ask(Retriever(kb), question)
        assert answer.found and not answer.related, question
        first = answer.citations[0]
        assert (first.doc_id, first.article) == (PATENT_2020.doc_id, "第四十二条")
        assert "十五年" in first.quote
    assert ask(Retriever(kb), "注册商标的有效期是几年？").found


def test_the_number_must_be_of_the_kind_asked():
    limit = asked_limit("著作权许可使用费的最低费率是多少？")
    assert limit and limit.kinds == ("ratio",)
    assert not stating_sentence(limit, "著作权许可使用合同应当载明付酬标准，合同有效期不超过十年。")
    assert stating_sentence(limit, "著作权许可使用费不得低于作品收入的百分之五。")
    # "How much" asks for a share as often as for money; "how often" is answered by a frequency.
    retain = asked_limit("How much must the originator retain?")
    assert stating_sentence(retain, "The originator shall retain a material net economic interest of not less than 5 %.")
    often = asked_limit("托管银行应当多久报送一次托管报告？")
    assert stating_sentence(often, "托管银行应当每季度向管理人报送一次托管报告。")
    # A question that names only the field has no subject beyond it: the kind of number decides.
    assert stating_sentence(asked_limit("专利的期限是多久?"), "发明专利权的期限为二十年。", title="专利法")


def test_the_number_must_be_about_the_subject_asked():
    limit = asked_limit("商标专用权质押登记应当在多少个工作日内办结？")
    assert not stating_sentence(limit, "商标评审委员会应当将申请书副本送交对方当事人，限其自收到之日起30日内答辩。")
    assert stating_sentence(limit, "商标专用权质押登记申请材料齐全的，商标局应当在5个工作日内办结。")
    # An English question reaches the Chinese clause through the glossary.
    english = asked_limit("How many qualified investors may a privately offered fund have at most?")
    assert stating_sentence(english, "非公开募集基金应当向合格投资者募集，合格投资者累计不得超过二百人。")


def test_dates_and_article_numbers_are_no_limit():
    limit = asked_limit("专利权质押登记的办理期限最长是多少天？")
    assert not stating_sentence(limit, "专利权质押登记依照第十五条办理，本办法自2021年11月15日起施行。")


def test_the_instruments_own_name_is_not_the_subject():
    # Every article of the Trust Law is about 信托: that word alone does not tie a number to the question.
    limit = asked_limit("信托财产由受托人管理的期限最长是多少年？")
    text = "第十二条 债权人申请撤销该信托的权利，自知道撤销原因之日起一年内不行使的，归于消灭。"
    assert stating_sentence(limit, text)   # read as if from an unnamed text, 信托 ties them
    assert not stating_sentence(limit, text, title="中华人民共和国信托法")


def test_questions_that_ask_no_limit_are_left_to_the_evidence_gate():
    assert asked_limit("以共有的著作权出质，需要全体共有人同意吗？") is None
    assert asked_limit("Who registers a patent pledge?") is None
    assert asked_limit("最高人民法院的担保制度解释对流动质押有什么规定？") is None
    # 最高额抵押 and 最高债权额 name a kind of mortgage and its ceiling, they do not ask for a bound (民法典第四百二十二条).
    assert asked_limit("最高额抵押的债权还没有确定，想签补充协议把最高债权额调高，需要注意什么？") is None
    assert asked_limit("最高额抵押的最高债权额最多能约定多少？") is not None
    assert asked_limit("Which minimum terms must a patent licence contract contain?") is None
    assert asked_limit("What fee does the registry charge for a copyright pledge?") is not None


def test_a_limit_of_a_named_body_must_come_from_it_or_name_it():
    limit = asked_limit("证监会对原始权益人自持比例的最低要求是多少？")
    assert limit.bodies == ("CSRC",)
    practice = "银行业信贷资产证券化中，原始权益人自持比例通常不低于百分之五。"
    assert not stating_sentence(limit, practice)
    assert stating_sentence(limit, "中国证监会规定，原始权益人自持比例不低于百分之五。")
    assert stating_sentence(limit, practice, title="资产证券化业务规定", issuer="中国证券监督管理委员会")


def test_a_subject_word_without_a_translation_does_not_hide_the_chinese_article_that_states_the_limit():
    # "last" has no glossary entry and 注册商标 names the field: no subject word can be found in Chinese
    # text, so the article stating the term answers (it used to be refused as "not stated").
    limit = asked_limit("How long does a registered trademark last?")
    assert stating_sentence(limit, "第三十九条 注册商标的有效期为十年，自核准注册之日起计算。", "中华人民共和国商标法")


def test_a_cap_does_not_answer_a_question_for_a_minimum_nor_the_reverse():
    # 商标法第六十三条 caps statutory damages (五百万元以下) in a sentence naming the licence fee: no answer
    # to a question for the licence fee's minimum, but one to a question for the damages' maximum.
    damages = "权利人的损失、侵权人获得的利益、注册商标许可使用费难以确定的，由人民法院判决给予五百万元以下的赔偿。"
    assert not stating_sentence(asked_limit("商标许可使用费的最低标准是多少？"), damages, "商标法")
    assert stating_sentence(asked_limit("商标侵权的法定赔偿最高是多少？"), damages, "商标法")
    # A clause bounding both ways answers either ("一倍以上五倍以下").
    both = "对恶意侵犯商标专用权，情节严重的，可以在按照上述方法确定数额的一倍以上五倍以下确定赔偿数额。"
    assert stating_sentence(asked_limit("恶意侵权的赔偿倍数最低是多少？"), both, "商标法")


# 专利法实施细则第一百四十一条 (2023), in substance: a deadline to act, not how long a design is protected.
DESIGN_DIVISION = make_doc("专利法实施细则（测试）", [
    "第一百四十一条 一件外观设计国际申请包括两项以上外观设计的，申请人可以自外观设计国际申请公布之日起2个月内，"
    "向国务院专利行政部门提出分案申请。",
])


@pytest.mark.parametrize("question", ["外观设计专利的保护期多长？", "How long are designs protected in China?"])
def test_a_deadline_to_act_is_no_answer_to_how_long_a_right_lasts(question):
    # 专利法第四十二条 answers with 期限为十五年; "2个月内 … 提出分案申请" is a time, but a deadline.
    limit = asked_limit(question)
    assert limit and limit.term
    assert not stating_sentence(limit, DESIGN_DIVISION.chunks[0].text)
    assert "十五年" in stating_sentence(limit, PATENT_2020.chunks[0].text)


def test_a_question_for_a_deadline_is_answered_by_one():
    limit = asked_limit("外观设计国际申请公布后，申请人几个月内可以提出分案申请？")
    assert limit and not limit.term
    assert "2个月内" in stating_sentence(limit, DESIGN_DIVISION.chunks[0].text)
    limit = asked_limit("Within how many months may an applicant divide an international design application?")
    assert limit and not limit.term


def test_the_library_refuses_rather_than_quote_a_deadline_for_a_term(kb):
    kb.add(DESIGN_DIVISION)
    answer = ask(Retriever(kb), "外观设计专利的保护期多长？")
    assert not answer.found and not answer.citations
    kb.add(PATENT_2020)
    answer = ask(Retriever(kb), "外观设计专利的保护期多长？")
    assert answer.found and answer.citations[0].article == "第四十二条"


def test_a_passage_left_out_as_less_close_is_cited_when_only_it_states_the_limit(kb):
    # Only the first hit is close enough to cite; it states a deadline, not the term asked. The third of
    # the best hits states the term (专利法第四十二条) and is cited instead of refusing.
    kb.add(DESIGN_DIVISION)
    kb.add(PATENT_2020)
    question = "外观设计专利权的期限是多少年？"
    hits = {h.passage.article: h for h in Retriever(kb).search(question, k=5)}
    ordered = [hits["第一百四十一条"], hits["第四十三条"], hits["第四十二条"]]
    answer = compose_answer(question, ordered, max_citations=1)
    assert answer.found and answer.citations[0].article == "第四十二条"
    assert "十五年" in answer.citations[0].quote
    assert answer.to_json()["commentary_only"] is False


# 著作权法第二十三条 (2020), its two paragraphs: both state 五十年, for different authors.
COPYRIGHT_TERM = ("第二十三条 自然人的作品，其发表权、本法第十条第一款第五项至第十七项规定的权利的保护期为作者终生及其死亡后五十年，"
                  "截止于作者死亡后第五十年的12月31日。\n法人或者非法人组织的作品、著作权（署名权除外）由法人或者非法人组织享有的"
                  "职务作品，其发表权的保护期为五十年，截止于作品创作完成后第五十年的12月31日。")


def test_of_several_sentences_stating_the_limit_the_one_about_the_subject_asked_is_quoted():
    sentence = stating_sentence(asked_limit("法人作品的发表权保护期多长？"), COPYRIGHT_TERM)
    assert sentence.startswith("法人或者非法人组织的作品")
    assert stating_sentence(asked_limit("自然人作品的发表权保护期多长？"), COPYRIGHT_TERM).startswith("第二十三条 自然人的作品")


RATING_NOTE = make_doc("评级实务笔记（测试）", ["第八条 评级机构对各档证券至少每年跟踪评级一次，优先档证券通常为AAA。"],
                       doc_type="note")
RATING_RULE = make_doc("资产支持证券评级规则（测试）", ["第五条 资信评级机构应当每年对资产支持证券进行跟踪评级。"])


def test_a_rating_asked_is_a_grade_and_only_passages_stating_one_are_cited(kb):
    # "每年跟踪评级" says how often a rating is reviewed, not which rating is required: the rule that says
    # only that is no basis for the grade, and the answer says no governing provision states one.
    limit = asked_limit("优先级资产支持证券的信用评级最低要达到什么级别？")
    assert limit and limit.kinds == ("rating",)
    assert not stating_sentence(limit, RATING_RULE.chunks[0].text)
    kb.add(RATING_RULE)
    kb.add(RATING_NOTE)
    answer = ask(Retriever(kb), "优先级资产支持证券的信用评级最低要达到什么级别？")
    assert answer.found and [c.doc_id for c in answer.citations] == [RATING_NOTE.doc_id]
    assert "AAA" in answer.citations[0].quote and answer.citations[0].commentary
    assert "没有找到相关法律条文" in answer.answer
    # A client reading the JSON sees that only commentary answered, not the law.
    assert answer.to_json()["commentary_only"] is True


@pytest.mark.parametrize("question", ["商标侵权的诉讼时效是多久？", "What is the statute of limitations for a trademark infringement claim?"])
def test_a_limitation_period_is_stated_only_by_a_clause_that_names_it(question):
    # 商标法第六十条: a time about infringement, not the period for suing over it.
    limit = asked_limit(question)
    assert limit and "time" in limit.kinds
    assert not stating_sentence(limit, "对五年内实施两次以上商标侵权行为或者有其他严重情节的，应当从重处罚。")


def test_a_clause_naming_the_limitation_period_states_it():
    limit = asked_limit("专利侵权的诉讼时效是几年？")
    assert "三年" in stating_sentence(limit, "第七十四条 侵犯专利权的诉讼时效为三年，自专利权人或者利害关系人知道或者应当知道"
                                             "侵权行为以及侵权人之日起计算。")


# 专利法第六十三条 (2020): a window to challenge a ruling, not the time to sue a party over a claim.
_RULING_WINDOW = ("专利权人对国务院专利行政部门关于实施强制许可的使用费的裁决不服的，可以自收到通知之日起三个月内向人民法院起诉。")
# Our own wording of a limitation period for a claim the question names. (民法典第一百八十八条 states the general one
# with none of the question's words: it is not matched to the claim, and such a question is refused, not answered.)
_LIMITATION = "请求支付许可使用费的诉讼时效期间为三年。"


@pytest.mark.parametrize("question", ["How long does the special plan have to sue a licensee for overdue royalties?",
                                      "专项计划起诉被许可人追讨拖欠的许可费，起诉期限是多久？"])
def test_the_time_to_sue_a_party_is_the_limitation_period(question):
    limit = asked_limit(question)
    assert limit and limit.named
    assert not stating_sentence(limit, _RULING_WINDOW)   # royalties, suing and a number of months: still no answer
    assert "三年" in stating_sentence(limit, _LIMITATION)


def test_the_time_to_challenge_a_ruling_is_the_statutes_window():
    limit = asked_limit("How long does a patentee have to sue over the ruling on compulsory licence fees?")
    assert limit and not limit.named and "三个月" in stating_sentence(limit, _RULING_WINDOW)


def test_the_first_of_equally_fitting_sentences_stating_the_limit_is_quoted():
    # 专利法第四十二条: the twenty-year term, not the term compensation "满四年" that also names 发明专利.
    article = ("第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。\n"
               "自发明专利申请日起满四年，且自实质审查请求之日起满三年后授予发明专利权的，国务院专利行政部门应专利权人的请求，"
               "就发明专利在授权过程中的不合理延迟给予专利权期限补偿，但由申请人引起的不合理延迟除外。")
    for question in ("How long is an invention patent protected in China?", "发明专利权的期限是多久？"):
        assert "二十年" in stating_sentence(asked_limit(question), article), question


@pytest.mark.parametrize("question", ["专利权质押登记的法定办理时限是几个工作日？", "管理人应当在几个工作日内报基金业协会备案？",
                                      "What was the protection term for design patents in 2019?",
                                      "What term does the PRC Patent Law give design patents?"])
def test_working_days_a_time_limit_and_a_protection_term_ask_for_a_time(question):
    # Unrecognised, these were answered by any passage found (实施细则第一百二十条's PCT 30 months).
    limit = asked_limit(question)
    assert limit and limit.kinds == ("time",)


def test_the_terms_of_a_licence_ask_for_no_number():
    assert asked_limit("What are the terms of the licence?") is None


@pytest.mark.parametrize("question", ["What events interrupt the limitation period and restart the clock?",
                                      "诉讼时效中断的事由有哪些？"])
def test_naming_a_period_is_not_asking_for_its_length(question):
    assert asked_limit(question) is None


@pytest.mark.parametrize("question", ["专利权的保护期是多久？", "《专利法》第四十二条规定的期限是多少年？"])
def test_the_term_asked_by_another_name_and_the_article_named_are_no_subject(question):
    # 专利法第四十二条 states each 期限; the question's 保护期 is that 期限, and "第四十二条" says where to
    # look. Both were read as subject words no clause has, and the article stating the term was refused.
    limit = asked_limit(question)
    text = "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。"
    assert stating_sentence(limit, text, title="中华人民共和国专利法（2020年第四次修正）")


def test_a_term_of_one_kind_of_ip_right_does_not_answer_for_another():
    # A follow-up resolved to "How long does a copyright registration stay valid?" was answered with the
    # renewal term of an international trademark registration.
    limit = asked_limit("How long does a copyright registration stay valid in China?")
    renewal = "国际注册的有效期为十年，期满可以续展。"
    assert not stating_sentence(limit, renewal, title="中华人民共和国商标法实施条例（2014年修订）")
    assert stating_sentence(asked_limit("How long does a trademark registration stay valid in China?"), renewal,
                            title="中华人民共和国商标法实施条例（2014年修订）")
    # A text naming several kinds, the asked one among them, may state it.
    pledge = "以注册商标专用权、专利权、著作权等知识产权中的财产权出质的，出质人应当在三十日内办理出质登记。"
    assert stating_sentence(asked_limit("著作权出质后多少日内办理登记？"), pledge)


@pytest.mark.parametrize("article", [
    # 证券法第九条 in our words, as a chunk stores it (a line per item), as blank-line paragraphs, and with
    # items ending in 。 so that the first one is glued to the lead-in.
    "第九条 公开募集须经注册。\n有下列情形之一的，为公开募集：\n（一）向不特定对象募集；\n（二）向特定对象募集累计超过二百人；\n（三）其他募集行为。",
    "第九条 公开募集须经注册。\n\n有下列情形之一的，为公开募集：\n\n（一）向不特定对象募集；\n\n（二）向特定对象募集累计超过二百人；",
    "有下列情形之一的，为公开募集：（一）向不特定对象募集。（二）向特定对象募集累计超过二百人。",
])
def test_an_item_of_a_list_is_about_what_its_lead_in_says(article):
    limit = asked_limit("How many investors can a private placement reach before it counts as a public offering?")
    assert "二百人" in stating_sentence(limit, article)
    # Without the lead-in the item names nothing of the question.
    assert not stating_sentence(limit, "（二）向特定对象募集累计超过二百人；")


def test_a_clause_is_about_the_topic_its_sentence_opens_with():
    # 管理规定第二十九条 in our words: the minimum subscription is the third clause of a sentence whose first
    # clause names the qualified investors asked about.
    sentence = "受益凭证应当面向合格投资者发售，发售对象不得超过二百人，单笔认购不少于100万元。"
    limit = asked_limit("What is the minimum ticket for a qualified investor?")
    assert stating_sentence(limit, sentence) == sentence
    assert not stating_sentence(limit, "受益凭证的登记机构另行规定，发售对象不得超过二百人，单笔认购不少于100万元。")


def test_a_bound_stated_to_be_checked_is_answered_by_the_sentence_stating_the_real_one(kb):
    """"Up to ten years of compensation, is that right?" asks for the cap (专利法第四十二条第三款: 不超过五年). Read as no
    limit question, the article's first sentence was quoted, where 实用新型…十年 seemed to confirm the premise."""
    patent = make_doc("中华人民共和国专利法（2020年第四次修正）", [
        "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。"
        "为补偿新药上市审评审批占用的时间，对在中国获得上市许可的新药相关发明专利，国务院专利行政部门应专利权人的请求给予专利权期限补偿。"
        "补偿期限不超过五年，新药批准上市后总有效专利权期限不超过十四年。",
    ])
    kb.add(patent)
    question = "Our model assumes a new-drug patent can receive up to ten years of term compensation under Article 42. Is that right?"
    assert asked_limit(question) is not None
    assert asked_limit("Can the licence be granted up to the expiry of the patent?") is None   # "up to" with no number
    answer = ask(Retriever(kb), question)
    assert answer.found and answer.citations[0].quote.startswith("补偿期限不超过五年")


@pytest.mark.parametrize("question", ["专项计划拿到了胜诉判决，对方一直不履行，向法院申请强制执行的期间是多长？",
                                      "How long does the special plan have to apply to enforce a judgment against a licensee?"])
def test_the_time_to_enforce_a_judgment_is_not_the_limitation_period(question):
    limit = asked_limit(question)
    assert limit and limit.named
    # 民法典第一百八十八条: the limitation period for the claim, not the period to apply for enforcement.
    assert not stating_sentence(limit, "第一百八十八条 向人民法院请求保护民事权利的诉讼时效期间为三年。")
    # Our own wording of an enforcement period states it.
    assert "二年" in stating_sentence(limit, "申请执行的期间为二年，从法律文书规定履行期间的最后一日起计算。")


def test_the_conditions_of_entry_are_no_number_but_how_high_the_bar_is_one():
    # 监管问答（三）二 answers "有什么门槛" with qualifications and abilities, no number: it must not be refused as
    # stating no limit.
    assert asked_limit("监管对原始权益人或者资产服务机构本身有什么门槛？") is None
    assert asked_limit("私募基金的合格投资者中，个人的金融资产门槛有多高？")


def test_damages_stated_as_a_measure_answer_how_much_compensation():
    limit = asked_limit("出租人解除合同、收回租赁物以后，还能向承租人要多少赔偿？")
    assert limit and "money" in limit.kinds
    # 融资租赁解释第十一条第二款 states the measure, not a sum.
    assert "差额" in stating_sentence(limit, "前款规定的损失赔偿范围为承租人全部未付租金及其他费用与收回租赁物价值的差额。")
    # A duty to compensate that states no measure is still no answer.
    assert not stating_sentence(limit, "出租人解除合同、收回租赁物的，承租人应当承担赔偿责任。")


def test_whether_there_is_a_time_limit_asks_for_one_about_what_the_asking_sentence_names():
    # The probe6 audit's C13 quoted 证券法第六十七条's 收购期限 as if it answered; the period asked is for 撤销
    # (民法典第一百五十二条: 一年, 九十日, 五年), and the story's 协议 does not make 证券法第七十一条's 三日内 one.
    limit = asked_limit("原始权益人发现，签基础资产买卖协议时被交易对手骗了，想撤销这份协议。撤销有没有期限？")
    assert limit and limit.kinds == ("time",)
    assert not stating_sentence(limit, "以协议方式收购上市公司时，达成协议后，收购人必须在三日内将该收购协议向国务院证券监督管理机构"
                                       "及证券交易所作出书面报告，并予公告。")
    assert stating_sentence(limit, "有下列情形之一的，撤销权消灭：（一）当事人自知道或者应当知道撤销事由之日起一年内、"
                                   "重大误解的当事人自知道或者应当知道撤销事由之日起九十日内没有行使撤销权；")
    # An asking sentence that only points back ("这个期限") leaves the subject to the whole question.
    pointing = asked_limit("专利许可合同约定了许可费的支付期限。这个期限最长是多久？")
    assert {"许可费", "许可"} & pointing.subject


@pytest.mark.parametrize("question", [
    "The factor was notified of the assignment; afterwards the originator and a licensee halved the royalty rate. "
    "Is the factor bound by the change?",
    "保理人已经通知了被许可人。之后原始权益人和被许可人把许可费率降了一半。保理人要受这个变更的约束吗？",
])
def test_a_rate_the_story_mentions_is_not_asked_for(question):
    # The tuning5 set's t5-017 was refused for stating no rate (民法典第七百六十五条 answers it, with no number).
    assert asked_limit(question) is None


@pytest.mark.parametrize("question", [
    # The probe7 audit's C09 and C14 were refused as asking for a period and a ratio.
    "原始权益人想用未来几年的收费收入发ABS。监管对这类现金流的来源有什么要求？",
    "对方说许可费按销售额比例提成的约定无效，只能约定固定价款。是这样吗？",
])
def test_a_few_years_to_come_and_a_fee_reckoned_by_a_rate_ask_for_no_number(question):
    assert asked_limit(question) is None


def test_a_rate_asked_for_is_still_a_limit_question():
    assert asked_limit("许可费按销售额提成的，提成比例最高是多少？").kinds == ("ratio",)


def test_the_story_says_where_the_period_runs_from_and_the_asked_clause_what_it_is_for():
    # The probe7 audit's C12: read from the asked clause alone, 商标法第三十三条's 三个月 (the clause before it names the
    # 初步审定公告 the story told of) no longer counted, and 第三十五条's 十二个月 for the Office's decision was all that was left.
    limit = asked_limit("对手的近似商标已经初步审定公告了。我们作为在先权利人要提异议，有多长时间？")
    assert stating_sentence(limit, "对初步审定公告的商标，自公告之日起三个月内，在先权利人、利害关系人认为违反本法第十三条第二款"
                                   "和第三款规定的，可以向商标局提出异议。")
    # The story's words alone do not make a period about what is asked.
    assert not stating_sentence(limit, "商标注册申请人应当在收到通知之日起三个月内将说明或者修正交回商标局；初步审定后予以公告。")


def test_asking_when_a_period_starts_names_no_subject():
    # The probe7 audit's C12 led with 商标法实施条例第四十六条 (6个月的宽展期 of an international registration): its 起算 was
    # taken for the subject of "期限是多长、从哪天起算".
    limit = asked_limit("有人申请的近似商标已经初步审定公告了。原始权益人作为在先权利人去提异议，期限是多长、从哪天起算？")
    assert not stating_sentence(limit, "在中国获得保护的国际注册商标，有效期自国际注册日或者后期指定日起算。在有效期届满前，"
                                       "注册人可以向国际局申请续展，在有效期内未申请续展的，可以给予6个月的宽展期。")


def test_a_rate_named_by_what_it_is_of_is_stated_only_as_that_rate():
    # 浦东新区规定第十条 multiplies royalties to fix damages: no discount rate for valuing a royalty stream.
    limit = asked_limit("Is there a prescribed discount rate an appraiser must use when valuing a patent royalty stream?")
    assert limit and "ratio" in limit.kinds
    damages = "故意侵犯知识产权，情节严重的，可以按照许可使用费倍数的一倍以上五倍以下确定赔偿数额。"
    assert not stating_sentence(limit, damages)
    # Our own wording of a clause that does state one.
    assert stating_sentence(limit, "评估专利许可使用费收益时，折现率不得低于百分之八。")


def test_a_rate_reckoned_by_is_no_limit_asked_but_how_much_of_it_is():
    assert asked_limit("许可费按销售额比例提成，被许可人拖欠时出质人能否转让？") is None
    limit = asked_limit("律师费和承销费一般按发行规模的多少比例收？")
    assert limit and limit.kinds == ("ratio",)
    # A size in money is no ratio (our own wording of a note's aside).
    assert not stating_sentence(limit, "市场常说其规模为4.7亿元，但本项目未能核实这一数字。")


def test_the_sentence_stating_a_term_is_chosen_over_a_cap_on_another_period():
    # Found by a user: "How long is a patent valid?" quoted 专利法第四十二条's cap on the compensated term ("…总有效
    # 专利权期限不超过十四年"), since "valid" counted as a subject word that only that sentence held (有效).
    article = ("第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。\n"
               "补偿期限不超过五年，新药批准上市后总有效专利权期限不超过十四年。")
    for question in ("How long is a patent valid?", "发明专利的有效期是多久？"):
        assert stating_sentence(asked_limit(question), article).startswith("第四十二条 发明专利权的期限为二十年"), question


def test_the_name_of_the_right_is_no_subject_a_term_must_be_stated_on():
    # "商标权的期限是多久？" was not found: 商标法第三十九条 says 注册商标, not 商标权; "注册商标专用权的保护期限" was answered
    # with 第三十六条's 三个月 because only it holds 商标专用权.
    term = "第三十九条 注册商标的有效期为十年，自核准注册之日起计算。"
    opposition = "经审查异议不成立而准予注册的商标，商标注册申请人取得商标专用权的时间自初步审定公告三个月期满之日起计算。"
    for question in ("商标权的期限是多久？", "注册商标专用权的保护期限是多久？"):
        assert stating_sentence(asked_limit(question), term), question
        assert not stating_sentence(asked_limit(question), opposition), question


def test_a_time_naming_another_period_does_not_state_a_term():
    # 商标法实施条例第四十六条's grace period is no answer to how long a registration is valid; the renewal term
    # beside it is.
    grace = "在有效期届满前，注册人可以向国际局申请续展，在有效期内未申请续展的，可以给予6个月的宽展期。"
    assert not stating_sentence(asked_limit("注册商标的有效期是多久？"), grace)
    assert stating_sentence(asked_limit("注册商标的有效期是多久？"), "每次续展注册的有效期为十年，自该商标上一届有效期满次日起计算。")
    # Nor does a wait before acting (商标法实施条例第四十九条: "…届满之日起满3年后向商标局提出申请").
    assert not stating_sentence(asked_limit("How long is a registered trademark valid?"),
                                "依照商标法第四十九条第二款规定申请撤销国际注册商标，应当自该商标国际注册申请的驳回期限届满之日起满3年后向商标局提出申请。")
    # A period named as the term asked still states it.
    assert stating_sentence(asked_limit("外观设计专利的保护期是多久？"), "外观设计专利权享有十五年的保护期。")


def test_a_period_asked_after_the_term_expires_is_that_period_not_the_term():
    # "有效期满" is the term's end, an event: "…宽展期是多长？" asks the grace period (商标法第四十条: 六个月), and the
    # sentence stating each renewal's ten years is no answer to it (user12's report, S1-4).
    text = ("第四十条 注册商标有效期满，需要继续使用的，商标注册人应当按照规定在期满前十二个月内办理续展手续；在此期间未能办理的，"
            "可以给予六个月的宽展期。每次续展注册的有效期为十年，自该商标上一届有效期满次日起计算。")
    grace = asked_limit("注册商标有效期满未续展的宽展期是多长？")
    assert not grace.term and "六个月的宽展期" in stating_sentence(grace, text, "中华人民共和国商标法", "")
    term = asked_limit("注册商标的有效期是多久？")
    assert term.term and "有效期为十年" in stating_sentence(term, text, "中华人民共和国商标法", "")


def test_a_deadline_for_one_act_is_no_deadline_for_another():
    # 专利法实施细则第十五条: the licence recordal deadline sits in one paragraph, pledge registration (no deadline) in
    # another; asked for the pledge deadline, neither states it (user12 S1-6).
    article = ("除依照专利法第十条规定转让专利权外，专利权因其他事由发生转移的，当事人应当凭有关证明文件办理专利权转移手续。"
               "专利权人与他人订立的专利实施许可合同，应当自合同生效之日起3个月内向国务院专利行政部门备案。"
               "以专利权出质的，由出质人和质权人共同向国务院专利行政部门办理出质登记。")
    for question in ("What is the deadline to file a patent pledge registration with CNIPA after signing the pledge contract?",
                     "专利权质押登记应在合同签订后多久内办理？"):
        limit = asked_limit(question)
        assert limit and "pledge" in limit.acts, question
        assert not stating_sentence(limit, article, title="中华人民共和国专利法实施细则"), question
        # A sentence that sets the pledge's own deadline states it; so does any of an instrument about pledges.
        assert stating_sentence(limit, "出质人和质权人应当自质押合同生效之日起30日内向国务院专利行政部门办理出质登记。", title="实施细则")
        assert stating_sentence(limit, "当事人应当自合同生效之日起30日内向国务院专利行政部门申请登记。", title="专利权质押登记办法")
    # Asked for the licence deadline, the licence sentence answers.
    assert "3个月" in stating_sentence(asked_limit("专利实施许可合同应当在多长时间内备案？"), article)
    # A right's term is the same whatever is done with it: a licensed patent lasts as any patent does.
    assert stating_sentence(asked_limit("How long does a licensed patent last?"), "发明专利权的期限为二十年，自申请日起计算。")


def test_registration_asks_for_no_ratio():
    # "registration" holds the letters of "ratio": a deadline question is not a question for a percentage.
    assert asked_limit("What is the deadline for the pledge registration?").kinds == ("time",)


def test_a_limit_stated_for_cases_the_question_does_not_tell_apart_is_quoted_for_each():
    # 著作权法第二十三条 sets a natural person's term and a legal person's; software is mostly the second (user12 S1-6).
    from kb.limits import stating_sentences
    natural = "自然人的作品，其发表权的保护期为作者终生及其死亡后五十年。"
    legal = "法人或者非法人组织的作品，其发表权的保护期为五十年，截止于作品创作完成后第五十年的12月31日。"
    assert stating_sentences(asked_limit("计算机软件著作权的保护期是多久？"), natural + legal) == [natural, legal]
    assert stating_sentences(asked_limit("法人作品的著作权保护期多长？"), natural + legal) == [legal]
