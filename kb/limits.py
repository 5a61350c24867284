"""Limits asked for: does a passage state the number a question asks for (a term, an amount, a ratio, a head count) on its subject?"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.asked import asking_sentences
from kb.glossary import translation
from kb.quotes import ASKS_LIST, SAME_TERM, is_item, quote_sentences, terms
from kb.tokenize import is_chinese, tokenize

_ZH_NUMBER = "[零〇一二三四五六七八九十百千万两半]+"
_EN_NUMBER = (r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
              r"|forty|fifty|sixty|ninety|hundred")
_ANY_NUMBER = rf"(?:{_ZH_NUMBER}|\d+(?:\.\d+)?)"

# A question asks for a limit when it asks for a number, a bound or a rate.
# (最高人民法院 is a court, not a bound, and 最高额抵押 / 最高债权额 name a kind of security, not a bound asked;
# "limit" is as often a verb; "有什么门槛" asks for the conditions of entry,
# "门槛多高" for a number.)
_ASKS_LIMIT = re.compile(
    r"上限|下限|几个工作日|最低|最高(?!人民|法院|检|额|债权额)|最长|最短|最多|最少|多少|几年|几天|几日|几个月|几名|多长|多久|比例|比率|利率|费率|门槛(?=有?多|多?高)"
    # Whether there is a time limit at all asks for it too ("撤销有没有期限？").
    r"|(?:有没有|有无)(?:期限|时限|时间限制)|(?:期限|时限)吗"
    r"|\bminimum\b|\bmaximum\b|at least|at most|\bcap\b|how many|how much|how long|\brate\b|\bratio\b"
    # A deadline asked for, not one a story tells of ("If a deadline was missed …, can the right be restored?").
    r"|what(?:'s| is| was| are) the deadlines?|(?:is there|are there) (?:a |any )?deadlines?|\bdeadlines? (?:to|for)\b"
    # A bound the question states to have it checked ("can receive up to ten years of compensation, right?").
    rf"|\b(?:up to|no more than|not more than|not exceeding)\s+(?:{_EN_NUMBER})\b"
    # Naming a period is not asking for its length ("What events interrupt the limitation period?").
    r"|what(?:'s| is| was) the (?:statute of limitations?|limitations? period|time limit)"
    r"|\bwhat (?:is the |was the )?term\b(?! of art)"
    r"|(?:protection|patent|copyright|trademark|licen[cs]e|lease) term"
    r"|term of (?:protection|the (?:patent|licen[cs]e|lease))"
    r"|percentage|threshold|\blongest\b|\bshortest\b|\bwhat (?:\w+ ){0,2}(?:fee|price|amount|rate|percentage|ratio)s?\b", re.I)
# Nouns and units that name a quantity rather than what it is about ("多少日内", "how many days").
_QUANTITY_NOUNS = re.compile(r"期限|期间|时间|数额|金额|数量|个?(?:工作日|[日天年月周])内?"
                             r"|\b(?:term|period|duration|length|amount|number|(?:working )?days?|weeks?|months?|years?)s?\b", re.I)

# Kind of quantity: (how a question asks for it, how a clause states it). A question about a fee is not
# answered by a clause stating a number of days, nor a question about a rate by an amount of money.
KINDS = {
    "time": (r"多长|多久|几年|几天|几日|几个月|几个工作日|时限|多少天|多少日|多少年|多少个月|多少个工作日|期限|期间|时效"
             r"|how long|how many (?:years|months|days|working days)|longest|shortest|\bterm\b|\bperiod\b|deadline"
             r"|statute of limitations?|time limit",
             rf"{_ANY_NUMBER}\s*个?(?:工作日|年|月|日|天|周|小时)|\b(?:{_EN_NUMBER})\s*(?:working days?|years?|months?|days?|weeks?)\b"
             # How often, or for how long without a number ("每季度", "on an ongoing basis").
             r"|每(?:年|季度?|月|周|日|天)|按[年季月]|终身|永久|\b(?:annually|quarterly|monthly|yearly)\b|ongoing basis|for the life of"),
    # "How much" is not here: it asks for a share as often as for money ("How much must the originator retain?").
    "money": (r"多少钱|金额|资本|价款|价格|费用|收费|补贴|奖金|赔偿|罚款|capital|\bfees?\b|\bfines?\b|price|subscription"
              r"|amount|damages|subsid",
              rf"{_ANY_NUMBER}\s*(?:万元|亿元|元)|(?:RMB|EUR|USD)\s*\d|\b(?:{_EN_NUMBER})\s*(?:million|billion)\b"
              # Damages stated as a measure: "赔偿范围为全部未付租金…与收回租赁物价值的差额" (融资租赁解释第十一条).
              r"|赔偿范围为|的差额"),
    "ratio": (r"比例|比率|费率|利率|质押率|百分之|倍|\brate\b|\bratios?\b|percentage|per ?cent|share of|\btimes\b|coupon",
              rf"百分之{_ZH_NUMBER}|{_ZH_NUMBER}分之{_ZH_NUMBER}|\d+(?:\.\d+)?\s*[%％‰]|{_ANY_NUMBER}\s*倍"
              rf"|\b(?:{_EN_NUMBER})\s*(?:%|per ?cent|times)"),
    # A credit rating is a grade, not a number: "至少每年跟踪评级" states how often, not which rating.
    "rating": (r"评级|信用等级|\brating\b",
               r"(?<![A-Za-z])(?:AAA|AA[+-]?|A[+-]|BBB[+-]?)(?![A-Za-z])"),
    "count": (r"多少人|几人|多少名|几名|人数|多少件|多少项|number of"
              r"|how many (?:investors|persons|people|holders|appraisers|patents|members)",
              rf"{_ANY_NUMBER}\s*(?:人|名|件|项)|\b(?:{_EN_NUMBER})\s*(?:persons|investors|holders|appraisers|members|patents)\b"),
}
_ANY_QUANTITY = "|".join(f"(?:{states})" for _, states in KINDS.values())
# Numbers that are no limit: dates, years, and article or point references.
_NOT_A_LIMIT = re.compile(r"\d{4}\s*年(?:\d{1,2}\s*月(?:\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\b(?:19|20)\d\d\b"
                          r"|第[零〇一二三四五六七八九十百千\d]+[条款项章节编]|Articles? \d+|point \(\w+\)|\(\d+\)")
_CLAUSE_END = re.compile(r"[，。；：！？\n]|(?<=[.;:!?])\s+|,\s+")

# Words that say what is asked rather than about what, and words every passage of this library shares
# (they name the field, not the thing asked): neither makes a clause about the question's subject.
_ASKING_WORDS = ("上限 下限 最低 最高 最长 最短 最多 最少 多少 多长 多久 比例 标准 要求 规定 法律 条件 期限 期间 时间 金额 数额 "
                 "数量 分别 至少 不得 超过 不低于 不少于 怎么 起算 计算 哪天 何时 作为 minimum maximum least most cap limit many much long rate ratio "
                 "percentage threshold longest shortest period term duration amount number require requirement law rule "
                 "allow permit need")
_FIELD_WORDS = ("知识产权 专利 专利权 商标 注册商标 商标权 商标专用权 注册商标专用权 著作权 版权 证券化 资产支持证券 产品 发行 知识产权证券化 商标局 国务院专利行政部门 "
                "intellectual property patent trademark copyright securitisation securitization asset-backed securities "
                "product issue IP ABS")
# As written too: cut apart from their sentence, words are cut differently (起算 alone is not the 起算 of 从哪天起算).
_NOT_SUBJECT = set(tokenize(_ASKING_WORDS)) | set(tokenize(_FIELD_WORDS)) | set(_ASKING_WORDS.split()) | set(_FIELD_WORDS.split())
# A rate as the way something is reckoned ("按销售额比例提成", "按年") is what the question is about, not what it asks for
# (but "按发行规模的多少比例" asks for it);
# "未来几年" and "十几天" count rather than ask.
_MANNER = re.compile(r"(?:按照|按|依照)(?:(?!多少|几|什么)[^，。；？！,;?!]){0,12}?(?:比例|比率|费率)|(?:未来|近|好|十|过去)几(?=[年个天日月])")
# Words that point back into the question ("这个期限是多久？") name no subject of their own.
_POINTING = re.compile(r"^[这那该此其它][个些种项]?$")

# Bodies a question may name as the source of a limit (how questions name them, how documents do): a
# limit stated by a passage that neither comes from nor mentions the body asked about is not its rule.
BODIES = {
    "CSRC": (r"证监会|中国证券监督管理委员会|\bCSRC\b", r"证监会|中国证券监督管理委员会|证券监督管理机构|CSRC"),
    "CNIPA": (r"国家知识产权局|\bCNIPA\b", r"国家知识产权局|专利行政部门|商标局|CNIPA"),
    "Trademark Office": (r"商标局|trademark office", r"商标局|Trademark Office"),
    "NCAC": (r"国家版权局|版权局|copyright administration|\bNCAC\b", r"版权局|著作权行政管理部门|著作权主管部门"),
    "AMAC": (r"基金业协会|\bAMAC\b|asset management association", r"基金业协会|AMAC|Asset Management Association"),
    "PBOC": (r"人民银行|央行|\bPBOC\b|people'?s bank", r"人民银行|PBOC|People's Bank"),
    "NFRA": (r"金融监督管理总局|银保监会|银监会|\bCBIRC\b|\bCBRC\b|\bNFRA\b", r"金融监督管理总局|银保监会|银监会|CBIRC|CBRC|NFRA"),
}

# Which way a bound runs, as a question asks for it and as a clause states it: a question for a minimum
# is not answered by a clause stating only a cap ("许可使用费的最低标准" by "五百万元以下的赔偿").
DIRECTIONS = {
    "lower": (r"最低|下限|至少|不低于|不少于|\bminimum\b|at least|\bfloor\b",
              r"以上|不低于|不少于|不得低于|最低|至少|下限|not less than|at least|minimum"),
    "upper": (r"上限|最高(?!人民|法院|检)|最多|最长|不超过|\bcap\b|\bmaximum\b|at most|ceiling",
              r"以下|以内|不超过|不得超过|最高|最多|至多|上限|not exceed|no more than|up to|at most|maximum"),
}

# A question for how long a right lasts (保护期, 有效期, 专利权的期限, "how long are designs protected") is not answered by
# a deadline to act ("自公布之日起2个月内提出分案申请", "within 30 days") or a wait ("满3年后向商标局提出申请"), though
# all state a time. A
# question that itself asks "within" (几个月内, 多长时间内) asks for a deadline.
_ASKS_TERM = re.compile(r"(?:保护|有效|存续)期(?!满|届满)|(?:权|专利|商标|合同)的?期限|保护(?:多|几)|有效(?:多|几)|protect|\bvalid|\blasts?\b|expire|duration|\bterm\b",
                        re.I)
_ASKS_DEADLINE = re.compile(r"(?:[日天月年周间]|以|之)内|之前|截止|within|deadline|by when|no later than", re.I)
_DEADLINE_AFTER = re.compile(r"\s*[以之]?[内后]")
_TERM_NAMES = frozenset({"期限", "term"})
# A time that a period of another name follows ("可以给予6个月的宽展期") is that period's length, not the right's term.
_OTHER_PERIOD = re.compile(r"\s*的?(?!的|保护|有效|存续)[\u4e00-\u9fff]{1,3}期(?![满内间])")
_DEADLINE_BEFORE = re.compile(r"(?:within|(?:no|not) later than)\s+(?:a period of\s+)?$", re.I)

# The kinds of IP right (how questions and texts name them): a limit on one is no answer for another. Every
# kind is a field word (not a subject word), so a trademark renewal term answered "how long is a copyright valid".
RIGHTS = {
    "patent": r"专利|patent|utility model|外观设计|实用新型",
    "trademark": r"商标|trademark|trade mark",
    "copyright": r"著作权|版权|copyright|作品",
}

# The legal acts a limit may be set for (how questions and texts name them): a deadline to record a licence is no
# deadline to register a pledge, though both are "within N months … with CNIPA" (专利法实施细则第十五条 answered
# "the deadline to file a patent pledge registration", and 第六十条's grant registration its Chinese twin).
# A party named by the act ("against a licensee", 质权人) says who, not which act the limit is on.
ACTS = {
    "pledge": r"(?:质押|出质|质权)(?!人)|pledg(?!ee|or|er)",
    "licence": r"(?<!被)许可(?!人)|licen[cs](?:e|ing)(?!e)",
    "assignment": r"转让(?!人|方)|assign(?!ee|or)",
    "lease": r"租赁(?!人|物)|\blease(?!e|s?or)",
    "factoring": r"保理(?!人|商)|factoring",
}

# Periods that are terms of art: asked by name, they are stated only by a clause that names them ("五年内实施
#两次以上商标侵权行为" is a time about infringement, not the limitation period for suing over it).
# How long one has to sue a party over a claim (a debt, damages) is the limitation period too, whatever the words: a
# statute's window to challenge a ruling ("对…裁决不服的，可以自收到通知之日起三个月内向人民法院起诉") is no answer to "how
# long does the plan have to sue a licensee for overdue royalties" (民法典第一百八十八条: 三年).
_TIME_TO_SUE = (r"(?:how long|time limit|deadline|多久|多长时间|几年)[^?？]{0,60}(?:\bsue\b|\bsuing\b|bring (?:a |an )?(?:claim|action|"
                r"suit|lawsuit)|起诉|提起诉讼)|(?:起诉|提起诉讼)的?(?:期限|时限)")
# The period to apply for enforcement of a judgment (申请执行的期间, a procedural statute's) is not the limitation period
# for the claim: a clause of the Civil Code's 诉讼时效期间为三年 does not state it.
TERMS_OF_ART = [(r"强制执行|申请执行|enforce(?:ment of)?\s+(?:a |the )?(?:judgment|judgement|award)", r"执行|enforce"),
                (r"时效|statute of limitations?|limitations? period", r"时效|limitation"),
                (rf"(?:{_TIME_TO_SUE})(?![^?？]*(?:decision|ruling|裁决|决定))", r"时效|limitation"),
                # A rate named by what it is of is stated only as that rate: 一倍以上五倍以下 of the royalties is
                # damages, not a discount rate for valuing them.
                (r"discount rate|折现率|贴现率", r"折现率|贴现率|discount rate"),
                (r"interest rate|利率", r"利率|interest rate"),
                (r"tax rate|税率", r"税率|tax rate")]

KIND_NAMES = {"time": ("a period of time", "期限或时间"), "money": ("an amount of money", "金额"),
              "ratio": ("a ratio or percentage", "比例或倍数"), "count": ("a number of persons or items", "人数或数量"),
              "rating": ("a credit rating", "信用评级")}


@dataclass(frozen=True)
class Limit:
    """What a question asks for: the kinds of quantity (none = any number), its subject's words and the
    bodies it names as the source of the limit."""
    kinds: tuple[str, ...]
    subject: frozenset[str]
    bodies: tuple[str, ...] = ()
    direction: str = ""      # "lower" or "upper" when the question asks for one way of bound only
    term: bool = False       # asks how long a right lasts, which a deadline to act does not answer
    named: str = ""          # a term of art the stating sentence must name (TERMS_OF_ART)
    rights: frozenset[str] = frozenset()   # the kinds of IP right the question is about (RIGHTS)
    asked: frozenset[str] = frozenset()    # the words of its asking sentences after a story: the passage must hold one
    acts: frozenset[str] = frozenset()     # the legal acts it is about (ACTS)

    def stated_in(self, clause: str, states: re.Pattern) -> bool:
        """The clause states a quantity of the kind asked (for a term, not as a deadline)."""
        return any(not self.term or not (_DEADLINE_AFTER.match(clause, m.end()) or
                                         _DEADLINE_BEFORE.search(clause, 0, m.start()) or
                                         _OTHER_PERIOD.match(clause, m.end()))
                   for m in states.finditer(clause))

    def runs_against(self, clause: str) -> bool:
        """The clause bounds the other way only (a cap where a minimum was asked, or the reverse)."""
        if not self.direction:
            return False
        other = "upper" if self.direction == "lower" else "lower"
        return bool(re.search(DIRECTIONS[other][1], clause, re.I)) and not re.search(DIRECTIONS[self.direction][1], clause, re.I)

    def describe(self, chinese: bool) -> str:
        names = [KIND_NAMES[k][1 if chinese else 0] for k in self.kinds]
        if chinese:
            return "、".join(names) if names else "具体数值或限额"
        return " or ".join(names) if names else "a specific number or limit"


def asked_limit(question: str) -> Limit | None:
    """The limit `question` asks for (minimum, cap, rate, term, …), or None when it asks for none.

    What is asked, and of what kind, is read from the sentences that ask (kb.asked.asking_sentences): a story
    before them sets the scene ("…agreed to cut the royalty rate. Is the factor bound by that change?" asks for no
    rate), and "Is that right?" asks about the story. The bodies and the kind of IP right it names anywhere say whose limit, on what."""
    asking_part = asking_sentences(question)
    text = _MANNER.sub(" ", " ".join(asking_part))
    if not _ASKS_LIMIT.search(text):
        return None
    kinds = tuple(kind for kind, (asks, _) in KINDS.items() if re.search(asks, text, re.I))
    # "Which minimum conditions …", "最低要求有哪些": a list of requirements, not a number, unless a kind of
    # quantity is asked as well.
    if not kinds and ASKS_LIST.search(text):
        return None
    # The subject: the question's words and the glossary's words for them in the other language (an English
    # question is answered by a Chinese article), except the asking words in both ("term" -> 期限, 有效期).
    term = "time" in kinds and bool(_ASKS_TERM.search(text)) and not _ASKS_DEADLINE.search(text)
    # How a term is asked ("valid", 保护期, 有效期) is no subject either; it stands as the 期限 a clause states (terms()),
    # so that neither "有效" nor "保护" decides between two sentences stating a term.
    asking = " ".join(m.group() for pattern in (_ASKS_LIMIT, _QUANTITY_NOUNS, *([_ASKS_TERM] if term else []))
                      for m in pattern.finditer(question))
    not_subject = _NOT_SUBJECT | set(tokenize(asking)) | set(tokenize(translation(asking)))
    # An article or a date the question names says where to look, not what about: the clauses they are
    # compared with have them left out too (_NOT_A_LIMIT).
    words = _words(question)
    # What the asking sentences name must be in the passage too, when they name anything: "…被交易对手骗了，想撤销这份
    # 协议。撤销有没有期限？" asks about 撤销, and a 收购协议's 三日内 is no answer; the story still says where in it
    # ("已经初步审定公告了。…去提异议，期限是多长？": 自公告之日起三个月内). One that only points back ("这个期限") names nothing.
    after_story = re.sub(r"\s", "", "".join(asking_part)) != re.sub(r"\s", "", question)   # some sentence only tells
    asked = frozenset(w for w in _words(text) - not_subject if not _POINTING.match(w) and len(w) > 1 and not w.isdigit()) \
        if after_story else frozenset()
    bodies = tuple(body for body, (named, _) in BODIES.items() if re.search(named, question, re.I))
    directions = [d for d, (asks, _) in DIRECTIONS.items() if re.search(asks, text, re.I)]
    subject = frozenset(w for w in words if w not in not_subject and len(w) > 1 and not w.isdigit()) | \
        (_TERM_NAMES if term else frozenset())
    named = next((stated for asked, stated in TERMS_OF_ART if re.search(asked, text, re.I)), "")
    rights = frozenset(right for right, pattern in RIGHTS.items() if re.search(pattern, question, re.I))
    # The acts the asking sentences name: a story's licence is the scene of "担保公司最多要赔多少？", not its subject.
    acts = frozenset(act for act, pattern in ACTS.items() if re.search(pattern, text, re.I))
    return Limit(kinds, subject, bodies, directions[0] if len(directions) == 1 else "", term, named, rights, asked, acts)


def _words(text: str) -> set[str]:
    """The words of `text` and the glossary's words for them in the other language, dates and article numbers left out."""
    about = _NOT_A_LIMIT.sub(" ", text)
    return set(tokenize(about)) | set(tokenize(translation(about)))


def stating_sentence(limit: Limit, text: str, title: str = "", issuer: str = "") -> str:
    """The sentence of `text` that states a quantity of the kind asked in a clause about the question's
    subject (that clause or the one before it shares a word of the subject); "" when none does, or when
    the question names a body (CSRC, …) that neither issued the document nor is mentioned in the passage.
    The instrument's own title words do not count: every article of 商标法 is about 商标."""
    return next(iter(stating_sentences(limit, text, title, issuer)), "")


def stating_sentences(limit: Limit, text: str, title: str = "", issuer: str = "") -> list[str]:
    """The sentences of `text` that state the limit asked and name most of its subject, in their order: one where
    the question's words pick it, all of them where they do not. "计算机软件著作权的保护期是多久？" is answered by
    著作权法第二十三条's term for a natural person's works and its term for a legal person's alike (software is most
    often the second): quoting the first alone gave a natural person's term as the answer."""
    source = f"{title} {issuer} {text}"
    if limit.bodies and not any(re.search(BODIES[b][1], source, re.I) for b in limit.bodies):
        return []
    named = {right for right, pattern in RIGHTS.items() if re.search(pattern, source, re.I)}
    if limit.rights and named and not limit.rights & named:
        return []
    # A right's term is the same whatever is done with the right ("how long does a licensed patent last"); any other
    # limit on an act is stated by a sentence naming that act, or in an instrument whose title names it (细则第十五条
    # names 出质 in its third paragraph, not in the second's licence deadline).
    acts = [ACTS[act] for act in limit.acts] if not limit.term else []
    if acts and any(re.search(act, title, re.I) for act in acts):
        acts = []
    # Only words in the passage's language can be found in it: an English subject word the glossary does
    # not translate ("last") says nothing about a Chinese article, so a subject without any is no subject.
    subject = {SAME_TERM.get(w, w) for w in limit.subject - set(tokenize(title)) if is_chinese(w) == is_chinese(text)}
    states = re.compile("|".join(f"(?:{KINDS[k][1]})" for k in limit.kinds) or _ANY_QUANTITY, re.I)
    asked = {SAME_TERM.get(w, w) for w in limit.asked - set(tokenize(title)) if is_chinese(w) == is_chinese(text)}
    stating = [sentence for sentence, lead_in in _with_lead_ins(quote_sentences(text))
               if _states_on_subject(limit, subject, states, sentence, lead_in)
               and (not limit.named or re.search(limit.named, sentence, re.I))
               and (not acts or any(re.search(act, sentence, re.I) for act in acts))
               and (not asked or asked & terms(text))]
    # Of several, those that name most of the subject (as written, not as cut into words: 发明专利权
    # names 发明专利): 著作权法第二十三条 states 五十年 for a natural person's works and for a legal
    # person's, and a question about the legal person's work wants the second.
    named_words = [sum(word in sentence.lower() for word in subject) for sentence in stating]
    return [sentence for sentence, n in zip(stating, named_words) if n == max(named_words)]


def _with_lead_ins(sentences: list[str]) -> list[tuple[str, str]]:
    """Each sentence with the lead-in of the enumeration it is an item of ("有下列情形之一的，为公开发行：" for
    "（二）向特定对象发行证券累计超过二百人"), or "": an item says what it is about only through its lead-in.
    The lead-in is what the last sentence that is no item says before its colon (the first item may be
    glued to it, "…之一的：（一）…。")."""
    out, lead_in = [], ""
    for sentence in sentences:
        if not is_item(sentence):
            lead_in = re.split(r"[：:]", sentence, maxsplit=1)[0] if re.search(r"[：:]", sentence) else ""
        out.append((sentence, lead_in if is_item(sentence) else ""))
    return out


def _states_on_subject(limit: Limit, subject: set[str], states: re.Pattern, sentence: str, lead_in: str = "") -> bool:
    clauses = [c for c in _CLAUSE_END.split(_NOT_A_LIMIT.sub(" ", sentence)) if c.strip()]
    for i, clause in enumerate(clauses):
        if limit.runs_against(clause) or not limit.stated_in(clause, states):
            continue
        # Where a subject word is looked for: this clause and the one before; the sentence's topic, its opening
        # clause ("资产支持证券应当面向合格投资者发行，发行对象不得超过二百人，单笔认购不少于100万元") or the
        # clauses before its first item ("有下列情形之一的，为公开发行：…（二）…累计超过二百人"); and the lead-in
        # of an item standing as its own sentence. 保护期 and 有效期 read as the 期限 a clause states (terms()).
        # A question that names nothing beyond the field ("专利的期限是多久?") has no subject to match.
        first_item = next((j for j, c in enumerate(clauses) if is_item(c)), 0)
        topic = clauses[:first_item] if 0 < first_item <= i else clauses[:1]
        window = " ".join([*topic, *clauses[max(1, i - 1):i + 1], _NOT_A_LIMIT.sub(" ", lead_in)])
        if not subject or subject & terms(window):
            return True
    return False
