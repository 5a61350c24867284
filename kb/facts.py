"""Hard facts of a legal sentence (numbers with units, dates, articles, duties, parties, qualifiers, events), language-neutral."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from ingest.numerals import ARABIC, CN_NUMERAL, EN_MAGNITUDES, EN_NUMBER_WORD, arabic, cn_integer, en_number

# A fact is a tuple: ("num", value, unit | None), ("date", "YYYY-MM-DD" | "YYYY-MM"), ("article", n),
# ("duty", kind), ("party", name), ("qualifier", kind), ("event", kind). Chinese and English spellings of one fact give the same tuple, so an
# English answer can be checked against a Chinese article.

_CN_NUM = CN_NUMERAL

# Units, Chinese then English, mapped to one name. A Chinese numeral counts only before a unit or
# after 第: 一般, 统一 and 一致 are words, not numbers.
_UNITS = {
    "年": "year", "个月": "month", "月": "month", "日": "day", "天": "day", "周": "week", "个工作日": "workday",
    "工作日": "workday", "倍": "times", "元": "yuan", "%": "percent", "％": "percent", "次": "times-count",
    "years": "year", "year": "year", "months": "month", "month": "month", "days": "day", "day": "day",
    "weeks": "week", "week": "week", "working days": "workday", "business days": "workday",
    "working day": "workday", "business day": "workday", "percent": "percent", "per cent": "percent",
    "times": "times", "yuan": "yuan", "rmb": "yuan", "小时": "hour", "时": "hour", "hours": "hour", "hour": "hour",
}
# Counted things take a measure word (两个以上的申请人, 两种以上, 两份订单: two or more, two orders): a numeral before any counts.
_CN_UNIT = "个工作日|工作日|个月|年|月|日|天|周|倍|元|次|%|％|名|人|家|项|款|条|种|个|小时|时|份|件|位|部|本|批|类|套|张|笔|宗"
_EN_UNIT = r"working days?|business days?|years?|months?|days?|weeks?|hours?|per cent|percent|%|times|yuan"

_DUTIES = [   # negative forms first: their words contain the positive ones (不得 / 得, may not / may)
    ("must-not", r"不得|禁止|严禁|不应当|不应|不能|不可以|不予支持|不予保护|无权|shall not|must not|may not|cannot|can not|"
                 r"(?:may|can|shall|must) neither|"   # "may neither assign nor license"
                 r"neither (?:[\w'’-]+ ){1,8}nor (?:[\w'’-]+ ){0,6}(?:may|shall|can)|"   # "neither the meeting nor its body may"
                 r"can['’]t|mustn['’]t|shan['’]t|"
                 r"(?:has|have) no right to|"
                 r"no (?:[\w-]+ ){0,8}(?<!that )(?<!which )(?:may|shall|can)|(?:may|can|shall) no longer|"
                 r"(?:nobody|no one|no-one)(?: [\w-]+){0,3} (?:may|shall|can|must)|"   # "nobody may offer": 任何单位和个人不得   # "no automatic liquidation … may be required"
                 r"(?:is|are) (?:prohibited|forbidden|not allowed|not permitted)|prohibited from|"
                 r"(?:is|are) (?:barred|debarred|banned|precluded)(?: [\w-]+){0,4} from|"
                 # the court's answer to a claim, as 人民法院不予支持 / 应予支持 state it
                 r"(?:will|would|does|do) not (?:support|uphold|allow|grant|protect)|(?:is|are) not (?:supported|upheld)"),
    ("need-not", r"无须|无需|不必|不需要|不是必须|并非必须|并不是必须|不一定|need not|needn['’]t|(?:does|do|did) not (?:have|need) to|"
                 r"(?:doesn|don|didn)['’]t (?:have|need) to|(?:is|are) optional|(?:is|are) not (?:required|obliged|obligated)|not required to"),
    # "may be sold only to" restricts: it says what "shall be sold only to" says.
    ("must", r"法院应(?![当该予])|只能|应当|必须|应该|须当|shall|must|(?:may|can)(?: [\w-]+){0,3} only(?! as far as| to the extent| up to| insofar| after| if| when| once| where| upon)|"
             r"(?:is|are) required to|(?:is|are) obliged to|(?:is|are) obligated to|has to|have to"),
    # A claim the court upholds (请求…的，人民法院应予支持) and a right held (享有…权) are permissions too.
    # 可 before a preposition is 可以 (其发表权可由继承人行使)
    ("may", r"可以|方可|才可以|才能|可(?=由|向|在|于|自|按|依|予|对|将|从|与|凭)|有权|应予支持|应予保护|享有[^，。；]{0,12}权|may|"
            r"(?:is|are) entitled to|(?:has|have) the right to|can|(?:is|are) free to|"
            r"will (?:\w+ )?(?:support|uphold|protect)|(?:is|are) (?:supported|upheld)"),
]

# Words that widen or narrow a rule: a sentence that says "regardless of fault" or "only if" must find the
# same kind of word in its passage, or it has invented (or dropped) a condition.
_QUALIFIERS = [
    ("regardless", r"不论|无论|不管|不问|即使|即便|whether or not|regardless|irrespective|even if|even though|"
                   r"even without|even where|even when|even to|even (?:while|with|between|among|during|for|in|under)\b|even (?:one|those|someone|a party|a person) (?:who|that|which)|in any event|in all cases|in every case|whatever(?![^,.;]{0,60}\b(?:belongs?|goes|passes|falls|(?:is|are) (?:paid|returned|left)) to\b)|no matter"),
    # 包括但不限于 (including but not limited to) widens; 唯一 is "sole" (a sole trader, 个体工商户, is a kind of business)
    # "for that reason alone" is 仅以…为由, not acting alone
    # "is only created upon registration" says when it arises (自登记时设立), as "created only when" does
    # 只能 restricts as "may … only" does (a duty, 应当 states it); 只负责, 只适用 narrow as 只有 does (单只: one, a measure)
    ("only", r"仅|只(?<![单一两每几数]只)(?![要能可])|(?<!不)限于|为限|唯一|only(?! if| when| where| once| after| upon)(?! (?:be |is |are |becomes? )?"
             r"(?:created|established|effective|valid|formed|set up|arises?|takes? effect|starts?|begins?|commences?|"
             r"(?:is |are )?(?:counted|calculated))\b)|exclusively|\bsole\b(?! (?:trader|proprietor))|"
             r"(?:reason|ground|fact) alone|solely|专以|"   # "set up solely for litigation": 专以诉讼为目的
             r"(?<!not )(?:limited|restricted|confined) to"),
    # "only if" states a condition, which a Chinese conditional (…的，) states as well as 仅 or 除外 do.
    ("only-if", r"只有[^。；]{1,40}?才|only (?:if|when|where|once|after|upon)"),
    ("conditional", r"的[，,]|如果|若|假如|\bif\b|\bwhere\b|\bwhen\b|\bprovided\b"),   # evidence only, never required
    # 除…外 marks only its two ends: the words between are the exception itself (除法律规定可以不经许可的情形外).
    # "an event other than assignment" (转让以外的事由) narrows a noun; it makes no exception to the rule
    ("except", r"除外|除非|另有约定|另有规定|从其规定|依照其规定|适用其规定|除(?=[^，。；]{1,30}外)|unless|except|save (?:where|as|that)"),
    # A permission the law makes conditional (未经许可，不得; without consent … may not) is what a paraphrase
    # says with "only with" or "unless": those words are backed by it.
    ("condition", r"未经|非经|擅自|without (?:the )?(?:[\w'’]+ ){0,3}(?:consent|permission|approval|authori[sz]ation)"),   # the client's
    ("alone", r"单独(?!或者?(?:与他人)?共同)|独自|单方|(?<!reason )(?<!ground )(?<!fact )alone(?! or (?:jointly|together))|unilaterally"),
    # acting by oneself, not through another (自行恢复, 可以自行办理，也可以委托代理人): acting alone is that too, not the reverse
    ("itself", r"自行|on (?:its|his|her|their) own(?! initiative| motion| account)|by (?:itself|himself|herself|themselves)"),
    # acting at will ("whenever it wishes", "as it sees fit", 随时, 任意) drops every condition the law sets on the act:
    # the law says so itself where it means it (随时解除, 自主选择)
    ("at-will", r"随时|任意|随意|自由(?:决定|选择|处分)|自主|whenever (?:it|they|he|she|the [\w-]+) (?:wishes|wants|likes|chooses)|"
                r"at (?:its|their|his|her) (?:own )?(?:discretion|will|pleasure)|as (?:it|they|he|she) (?:sees?|thinks?) fit|"
                r"at will|at any time|freely"),
    # "a jointly owned copyright" (共有的著作权) says who owns it, not that all must act together.
    ("jointly", r"共同|全体|连带|jointly(?! owned| held| liable)|all (?:the )?co-owners"),   # 连带: jointly and severally
    # good or bad faith is a condition the law names where it matters (善意第三人); a sentence must not add it
    ("faith", r"善意|恶意|诚信|诚实[、，]?信用|good[ -]faith|bad[ -]faith|bona fide|mala fide"),   # 诚信原则: the good-faith principle
    # a rule that holds in spite of its condition (债务人放弃抗辩的，保证人仍有权): what "even if" says; evidence only
    # (not inside an exception: 但是其他担保人承诺仍然提供担保的除外 says when the rule does not hold)
    ("still", r"仍(?![^，。；]{0,20}除外)|依然(?![^，。；]{0,20}除外)|照样"),
]

# The event a period runs from (自申请日起, from the filing date): the sentence's event must be the passage's.
_EVENTS = {
    "filing": r"申请日|提出[^，。；]{0,12}申请|申请之日|递交|提交|filing|filed|application date|date of application|applied",
    "grant": r"授予|授权之日|授权公告|\bgrant",
    # making a text public, whoever does it (公告 a notice, 公布 an application, 出版 a book, 发布, 刊登): one event
    "publication": r"公告|公布|发布|出版|刊登|刊发|发表|announce|publish|publication",
    "registration": r"登记|注册|记载于|备案|\bregist|\brecord",
    "signing": r"签订|订立|签署|签章|签字|\bsign|\bconclu|entered into",
    "delivery": r"交付|交由|\bdeliver|hand(?:s|ed)? over",
    "death": r"死亡|death|dies|died",
    "creation": r"创作完成|\bcreat",
    "expiry": r"届满|期满|expir|end of the term",
    "notice": r"通知|收到|\bnotif|\bnotice|\breceipt|\breceiv",
    "due": r"到期|应付|履行期(?:限|间)?届满|\bdue\b",   # a debt's term of performance ends when it falls due
    "approval": r"批准|核准|approv",
    "effect": r"生效|施行|(?:take|takes|taking|took|taken) effect|entry into force|(?:come|comes|coming) into force",
    "knowledge": r"知道|知悉|\bknew\b|\bknow|\baware|\blearn",
    "commencement": r"开始|\bbegan\b|\bbegin|\bstart|\bcommenc",
}
_ANCHOR_ZH = re.compile(r"(?:自|从|截止于|截至)([^，。；]{1,30}?)(?:之日|之时|时|当日|次日|当年|起|开始)"
                        r"|为([^，。；为]{1,30}?)之日起"      # 保证期间为主债务履行期限届满之日起六个月
                        # when an effect arises: 在质押合同签订的时候设立, 信托合同签订时，信托成立
                        r"|(?:在|于|当|^|[，。；])([^，。；在于当]{1,30}?)(?:的)?时(?:候)?[，,]?[^，。；]{0,8}?"
                        r"(?:设立|成立|生效|发生效力|消灭|终止|解除)")
START_IS_ANY_ANCHOR = True
FAITH_IS_CONDITION = True
# "may, unless C" says what "may; C的，不得" says: a conditional prohibition is an exception (see missing_facts). It and
# a bare condition are evidence only, never asked of a passage.
# 的 with words before the prohibition and no comma is a possessive (私募基金的投资者人数累计不得超过), no condition
_CONDITIONAL_PROHIBITION = re.compile(r"的(?:[，,][^，。；]{0,8}?)?(?:不得|禁止|不许)")
_EVIDENCE_ONLY = {"conditional", "conditional-prohibition", "still", "proviso", "only-can", "exclusive", "at-will-window"}
# A rule that denies the rest (不得允许非会员参与, 不得用于非公益目的, 其他任何单位不得, 必须是会员) says what "only members",
# "for charitable purposes only" say: the law words an exclusive rule as a prohibition on everything else
# (不能 is mostly an inability, 其他导致权利人不能行使…的障碍; a bare 其他 names one more case of a list)
_EXCLUSIVE_ZH = re.compile(r"(?:不得|禁止|不予)[^，。；]{0,12}?非(?![法常])[\u4e00-\u9fff]"
                           r"|(?:以外|之外|其他任何)[^，。；]{0,20}?(?:不得|禁止)"
                           r"|必须是|只限于|仅限于")
EXCLUSIVE_RULES = True
# "at any time before the pledge is registered", 在登记完成之前…随时可以: "any time" inside a window the sentence bounds says
# the act may be done throughout it (登记前，申请人可以撤回), not that every condition of the law is dropped
_WINDOW = re.compile(r"\bat any time (?:before|until|till|prior to|during|within|up to)\b"
                     r"|(?:之前|以前|期间|期内|前)[，,]?[^。；]{0,12}随时|随时[^。；]{0,12}(?:之前|以前)")
WINDOWS_NOT_AT_WILL = True
DUTY_IS_EXCLUSIVE = True
PARTICIPLE_NO_HOLDER = True
# 但是 opening a clause is the law's proviso (但书): what follows qualifies the rule before it, as "unless" does
_PROVISO = re.compile(r"(?:^|[，。；,;])但是?[，,]?")
# 不因…未办理登记而受到影响, 不受…影响: the rule holds whatever the cause, which is what "even if" and "regardless" say
_GIVEN_CONSENT_ZH = re.compile(r"(?<![未非不没有])经[^，。；]{0,15}?(?:同意|许可|批准|核准|授权)")
_IN_SPITE_OF = re.compile(r"不因[^，。；]{1,60}?而(?:受到?)?影响|不受[^，。；]{0,30}?影响")
# the three restrictions say one thing: "not without consent" = "only with consent" = "not, except with consent"
_QUALIFIER_EVIDENCE = {"regardless": {"still"},   # "even if the debtor waives": 债务人放弃抗辩的，保证人仍有权
                       # "may use the label only where: (a) …": what "only securitisations that meet … may" says
                       "only": {"except", "condition", "only-can", "exclusive", "only-if"}, "at-will": {"at-will-window"}, "except": {"only", "condition", "proviso"}, "itself": {"alone"},
                       "condition": {"except", "only"},
                       "only-if": {"only", "except", "condition", "conditional"}}
# English anchors name a date, a day or a year ("from the date the grant is announced", "in the year the
# application is filed"), not any "from" ("separate from the settlor's property").
_EFFECT = (r"(?:created|established|effective|valid|formed|set up|takes? effect|arises?)"
           r"(?:,? (?:or |and )?(?:changed|transferred|extinguished|modified|terminated|assigned)){0,4}"   # created, changed … or extinguished when
           r" (?:only )?(?:when|once|upon|on)")
_EFFECT_WORDS = re.compile(r"^" + _EFFECT)
_ANCHOR_EN = re.compile(r"\b(?:(?:from|since|as of|until|on|in|after) the (?:date|day|time|year|moment)|"
                        r"(?:counted|calculated|running|runs|run|starting|beginning|starts|begins) from|from the \w+ date|"
                        # "three months of receiving the notice", "50 years after the author's death", "the 50th year after"
                        rf"(?:{EN_NUMBER_WORD}|\d+|\w+th)(?: full)?[\s-]+(?:years?|months?|weeks?|days?|working days?)"
                        r"(?:['’]s?)? (?:after|of|from|following)|"
                        rf"{_EFFECT})\b"
                        r"((?:\W+[\w'’]+){0,8})")

# Parties of IP securitisation and IP law: a sentence must name the party its passage names.
_PARTIES = {
    "patentee": "专利权人|patentee|patent holder|patent owner",
    "licensee": "被许可人|licensee",
    "licensor": "许可人|licensor",
    "originator": "原始权益人|originator",
    "manager": "管理人(?!员)|计划管理人|(?<!responsible )(?<!senior )(?<!general )manager",   # staff: 主管人员, 经理   # 高级管理人员 (senior management) is staff, no party
    "trustee": "受托人|trustee|commissioned party|entrusted party|mandatary",   # 受托人 of a commission contract too
    "settlor": "委托人|settlor|client|commissioning party|mandator",   # 委托人: the settlor of a trust, the client of an appraiser
    "beneficiary": "受益人|beneficiary",
    "issuer": "发行人|issuer",
    "investor": "投资者|投资人|investor",
    "lessee": "承租人|lessee",
    "lessor": "出租人|lessor",
    "pledgee": "质权人|pledgee",
    "pledgor": "出质人|pledgor",
    "custodian": "托管人|代管人|保管人|custodian|bailee",   # 财产代管人: the custodian of an absentee's property; 保管人 of goods kept
    "depositor": "寄存人|depositor|bailor",   # who hands goods over for safekeeping (保管合同)
    "servicer": "资产服务机构|servicer",
    "sponsor": "发起人|保荐人|sponsor",   # the EU sponsor (发起人) and the securities sponsor (保荐人)
    "creditor": "债权人|creditor",
    "debtor": "债务人|debtor",
    "guarantor": "保证人|担保人|guarantor",
    "copyright owner": "著作权人|copyright owner|copyright holder",
    "assignee": "受让人|assignee",
    "assignor": "转让人|让与人|assignor",
    "mortgagor": "抵押人|mortgagor",
    "mortgagee": "抵押权人|mortgagee",
    "principal": "被代理人",          # English "principal" is mostly the principal debt or amount
    # a withholding agent (扣缴义务人) collects tax, it acts for no principal; a commission agent is 行纪人, below
    "agent": "代理人|(?<!withholding )(?<!commission )agent",
    # The parties of the named contracts, each a role with its counterpart: who lends and who borrows, who works to
    # order and who orders, who sells on commission, who brokers, who publishes a work, who supervises a trust
    "lender": "贷款人|出借人|lender",
    "borrower": "借款人|borrower",
    "contractor": "承揽人|承包人|contractor",
    "ordering party": "定作人|ordering party|orderer",
    "commission agent": "行纪人|commission agent|commission merchant",
    "broker": "中介人|intermediary",   # a securities "broker" is the 证券公司, no party of a brokerage contract
    "publisher": "出版者|publisher",
    "trust supervisor": "信托监察人|trust supervisor",
    "underwriter": "承销商|承销机构|underwriter",
    "counterparty": "相对人|counterparty",
    "seller": "出卖人|seller|vendor",
    "buyer": "买受人|buyer|purchaser",
    "donor": "赠与人|donor",
    "donee": "受赠人|donee",
    # who carries, who ships and who receives goods; who holds a lien; who develops to order; who serves a property and
    # whose it is; who joins a partnership ("employer" is left out: for 单位 of a service invention it is no 发包人)
    "carrier": "承运人|carrier",
    "shipper": "托运人|shipper|consignor",
    "consignee": "收货人|consignee",
    "passenger": "旅客|passenger",
    "lienholder": "留置权人|lienholder|lien holder",
    "developer": "研究开发人|developer",
    "property service provider": "物业服务人|物业服务企业|property service provider|property management company",
    "property owner": "业主(?!大会|委员会)|property owner|homeowner",
    "partner": "合伙人|partner",
    # a fund's unitholders (their meeting, 基金份额持有人大会, is a body of its own)
    "unitholder": "基金份额持有人(?!大会)|份额持有人(?!大会)|"
                  "(?<!meeting of )(?<!meeting of fund )(?<!meeting of the )unit ?holder(?!s?['’]? (?:general )?meeting)",
}


@dataclass(frozen=True)
class Facts:
    numbers: frozenset
    dates: frozenset
    articles: frozenset
    duties: frozenset
    parties: frozenset
    qualifiers: frozenset = frozenset()
    events: frozenset = frozenset()      # events the text's periods run from (自…之日起, from …)
    named_events: frozenset = frozenset()  # every event the text names, anchored or not
    anchors: frozenset = frozenset()     # the events of each anchor apart ("the date the grant is announced": grant, publication)
    unknown_anchor: bool = False         # a period runs from an event _EVENTS does not know (自使用该作品之日起)
    denies: bool = False                 # the text denies something (不发生, 不受…限制, does not), bounds aside


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, one space between words; a short name said for the party named in
    full earlier (see _short_names)."""
    return _short_names(re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).lower().strip())


# "the commission agent …, the agent may": English names a party in full once and shortly after; the short name is the
# same party (行纪人), not an agent of a principal (代理人); the commission agent's principal is its client (委托人)
_SHORT_NAMES = {"commission agent": [(re.compile(r"(?<!commission )\bagent\b"), "commission agent"),
                                     (re.compile(r"\bprincipal(?!['’]?s? (?:debt|amount|sum|claim))\b"), "client")]}


def _short_names(text: str) -> str:
    for full, names in _SHORT_NAMES.items():
        if full in text:
            for short, name in names:
                text = short.sub(name, text)
    return text


def cn_value(text: str) -> int | None:
    """一百零五 -> 105, 五百万 -> 5000000, 二〇二一 -> 2021 (digit by digit), 12 -> 12."""
    if text and text.isdigit():
        return int(text)
    return cn_integer(text)


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_DATE_PATTERNS = [
    (re.compile(rf"([0-9{_CN_NUM}]{{4}})年([0-9{_CN_NUM}]{{1,3}})月(?:([0-9{_CN_NUM}]{{1,3}})日)?"), "ymd"),
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r"),? (\d{4})\b"), "dmy"),
    (re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2}),? (\d{4})\b"), "mdy"),
]
_EN_MAGNITUDE = "|".join(EN_MAGNITUDES)
_NUMBER = re.compile(
    rf"百分之([{_CN_NUM}\d.]+(?:点[{_CN_NUM}]+)?)"                                # 百分之五, 百分之零点五
    rf"|((?:{ARABIC}))\s*([万亿]|{_EN_MAGNITUDE})?[\s-]*({_CN_UNIT}|{_EN_UNIT})?"     # 20 年, 5 %, 500万元, 250,000, 1 million
    rf"|([{_CN_NUM}]+)({_CN_UNIT})"                                              # 二十年, 十五日
    rf"|\b({EN_NUMBER_WORD})\b(?:\s+((?:{_EN_MAGNITUDE})(?:\s+(?:{_EN_MAGNITUDE}))?))?(?:[\s-]+({_EN_UNIT}))?"   # twenty years, five hundred million
)
# Article, paragraph and item labels are references, not amounts: 第四十二条第三款, 第五项, Article 6(1), point (a).
# "Articles 20 to 23" names two articles (the passage's 第二十条至第二十三条), no numbers
_ARTICLE_REF = re.compile(rf"第([{_CN_NUM}\d]+)条|\b(?:articles?|arts?\.)\s*(\d+)(?:\s*\(\w{{1,4}}\))*"
                          r"(?:\s*(?:to|and|or|through|-|–)\s*(\d+)(?![\d.,]|\s*(?:%|per|years?|months?|weeks?|days?))"
                          r"(?:\s*\(\w{1,4}\))*)?")
# An ordinal (第二天, 第一人, the 50th year) places something in a row; it is no amount either.
_LABEL = re.compile(rf"第[{_CN_NUM}\d]+|\b\d+(?:st|nd|rd|th)\b|\b(?:paragraph|para\.|subparagraph|point|item)s?\s*\(?\w{{1,4}}\)?"
                    r"|\(\d{1,3}\)"       # "items (5) to (17)": an enumeration label, not an amount
                    r"|(?:^|(?<=[.:;] ))\d{1,2}\.(?= )")   # "… at origination. 4. Where": a paragraph number
# "as revised in 2013", "the 2019 revision", 2013年修订: the year names which version of an instrument is meant (its
# registry record's version), not a fact of the article
_VERSION_YEAR = re.compile(r"\b(?:revised|amended|revision|amendment|version|edition|enacted|promulgated)(?: (?:in|of))? (?:19|20)\d\d\b"
                           r"|\b(?:19|20)\d\d (?:revision|version|amendment|edition|text)\b"
                           r"|(?:19|20)\d\d年(?:修订|修正|版)")
_CN_RANGE = re.compile(rf"(?<![{_CN_NUM}\d])([{_CN_NUM}]+)(?:至|到)[{_CN_NUM}]+({_CN_UNIT})")
_EN_RANGE = re.compile(rf"\b({EN_NUMBER_WORD}|\d+)(?:\s+(?:to|and|or)\s+|\s*[-–]\s*)(?:{EN_NUMBER_WORD}|\d+)[\s-]+({_EN_UNIT})\b")
_DEMONSTRATIVES = set("那这同该某哪每当上下何")   # 下一日, 上一年: the next or previous one; 任何一个: any one


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    return _UNITS.get(raw.strip())


def _dates(text: str) -> tuple[set, str]:
    found = set()
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if order == "ymd":
                y, mo, d = (cn_value(g) if g else None for g in m.groups())
            elif order == "dmy":
                d, mo, y = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
            else:
                mo, d, y = _MONTHS[m.group(1)], int(m.group(2)), int(m.group(3))
            if y and mo:
                found.add(f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else ""))
        text = pattern.sub(" ", text)   # a date's parts are not numbers of their own
    return found, text


# Fractions (二分之一 = one half = 1/2): a share, compared as a value of its own unit.
_CN_FRACTION = re.compile(rf"(?<![百{_CN_NUM}\d])(?!百分之)([{_CN_NUM}\d]+)分之([{_CN_NUM}\d]+)")   # 百分之五 is a percentage
_EN_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
_EN_FRACTION = re.compile(r"\b(?:(one|two|three|four)[\s-]+)?(" + "|".join(_EN_DENOMINATORS) + r")\b"
                          r"|\b(\d+)/(\d+)\b")
_EN_NUMERATORS = {None: 1, "one": 1, "two": 2, "three": 3, "four": 4}


def _fractions(text: str) -> tuple[set, str]:
    found = set()
    for m in _CN_FRACTION.finditer(text):
        whole, part = cn_value(m.group(1)), cn_value(m.group(2))
        if whole and part is not None:
            found.add(("num", round(part / whole, 4), "fraction"))
    for m in _EN_FRACTION.finditer(text):
        if m.group(2) and (m.group(1) or m.group(2) in ("half", "halves")):   # "third" alone is an ordinal (the third party)
            found.add(("num", round(_EN_NUMERATORS[m.group(1)] / _EN_DENOMINATORS[m.group(2)], 4), "fraction"))
        elif m.group(3) and int(m.group(4)):
            found.add(("num", round(int(m.group(3)) / int(m.group(4)), 4), "fraction"))
    return found, _EN_FRACTION.sub(" ", _CN_FRACTION.sub(" ", text))


# "half a million" is 500,000 and "two decades" twenty years: how English writers restate 五十万 and 二十年. Read as
# fractions and bare counts, they stood for values no passage states (tuning20: two faithful sentences).
_HALF_MAGNITUDE = re.compile(r"\bhalf an? (million|billion|thousand|hundred)\b")
_DECADES = re.compile(rf"\b(an?|{EN_NUMBER_WORD}|\d+)[\s-]+decades?\b")
RESTATED_MAGNITUDES = True


def _restated(text: str) -> str:
    if not RESTATED_MAGNITUDES:
        return text
    text = _HALF_MAGNITUDE.sub(r"0.5 \1", text)
    count = lambda w: 1 if w in ("a", "an") else int(w) if w.isdigit() else en_number(w)   # noqa: E731
    return _DECADES.sub(lambda m: f"{count(m.group(1)) * 10} years" if count(m.group(1)) else m.group(0), text)


def _numbers(text: str) -> set:
    text = _restated(text)
    fractions, text = _fractions(text)
    found = set(fractions)
    plain = _LABEL.sub(" ", _VERSION_YEAR.sub(" ", text))
    for m in _NUMBER.finditer(plain):
        pct, number, magnitude, unit_a, cn, unit_cn, word, magnitude_w, unit_w = m.groups()
        if pct:
            value, unit = float(pct) if _is_float(pct) else _cn_decimal(pct), "percent"
        elif number:
            value, unit = arabic(number) * _magnitude(magnitude), _unit(unit_a)
        elif cn:
            if cn == "一" and m.start() and plain[m.start() - 1] in _DEMONSTRATIVES \
                    and plain[max(m.start() - 2, 0):m.start()] not in ("以上", "以下"):
                continue   # 那一年, 同一日, 每一次: which one, not how many (六个月以上一年以下: 以上 is a bound, 一年 a year)
            value, unit = cn_value(cn), _unit(unit_cn)
        else:
            if word == "one" and not (magnitude_w or unit_w):
                continue   # "one of the ways", "one party": a pronoun, not a count
            if not (magnitude_w or unit_w) and plain[m.end():m.end() + 1] == "-":
                continue   # "three-dimensional" (三维), "one-off": an adjective, not a count
            value, unit = en_number(word) * _magnitude(magnitude_w), _unit(unit_w)
        if value is None:
            continue
        value = int(value) if float(value).is_integer() else float(value)
        found.add(("num", value, unit))
    # 二至五年, 一到五倍, "one to five years": the lower end of a range takes the unit written after the upper one
    for m in _CN_RANGE.finditer(plain):
        low, unit = cn_value(m.group(1)), _unit(m.group(2))
        if low is not None and unit:
            found.add(("num", low, unit))
    if re.search(r"\btwice\b", plain):   # "penalised twice": two times ("once" is mostly a conjunction)
        found.add(("num", 2, "times"))
    for m in _EN_RANGE.finditer(plain):
        low = int(m.group(1)) if m.group(1).isdigit() else en_number(m.group(1))
        if low is not None and _unit(m.group(2)):
            found.add(("num", low, _unit(m.group(2))))
    return found


def amounts(text: str) -> list[tuple[int, int, set]]:
    """Each number of an already normalised text: its span and its (value, unit) readings that have a unit."""
    return [(m.start(), m.end(), {(v, u) for _, v, u in _numbers(m.group(0)) if u}) for m in _NUMBER.finditer(text)]

def _cn_decimal(text: str) -> float | int | None:
    """零点五 -> 0.5, 二十 -> 20: a Chinese numeral with its decimals read digit by digit after 点."""
    whole, _, decimals = text.partition("点")
    value = cn_value(whole) if whole != "零" else 0
    digits = [cn_value(ch) if ch != "零" else 0 for ch in decimals]
    if value is None or None in digits or (decimals and not digits):
        return None
    return float(f"{value}.{''.join(map(str, digits))}") if digits else value


def _magnitude(words: str | None) -> int:
    """万 -> 10000; "hundred million" -> 10**8: English magnitudes multiply as they are read."""
    return math.prod({"万": 10_000, "亿": 100_000_000, **EN_MAGNITUDES}.get(w, 1) for w in (words or "").split())


def _is_float(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", text))


def extract(text: str) -> Facts:
    """The hard facts a sentence or passage states."""
    text = normalise(text)
    articles = set()
    for m in _ARTICLE_REF.finditer(text):
        n = cn_value(m.group(1)) if m.group(1) else int(m.group(2))
        if n is not None:
            articles.add(("article", n))
        if m.group(3):
            articles.add(("article", int(m.group(3))))
    rest = _ARTICLE_REF.sub(" ", text)     # an article number is not an amount
    dates, rest = _dates(rest)
    duties, masked = set(), _plain_bounds(rest)
    for kind, pattern in _DUTIES:
        regex = _duty_regex(pattern)
        if re.search(regex, masked):
            duties.add(("duty", kind))
        masked = re.sub(regex, " ", masked)
    if DEADLINES and _CN_DEADLINE.search(text):
        duties |= {("duty", "must"), ("duty", "may")}
    named = _AS_ROLE.sub(" ", text) if ROLES_NOT_PARTIES else text   # "acts as an agent" names a role, not a party
    parties = {("party", name) for name, pattern in _PARTIES.items() if re.search(_party_regex(pattern), named)}
    # "may be sold only to" is a duty (must), which the passage must state: its "only" asks for no qualifier besides
    restricted = _MAY_ONLY.sub(r"\1", _CN_DUTY_ON_BOUND.sub("", text))
    qualifiers = {("qualifier", kind) for kind, pattern in _QUALIFIERS if re.search(_duty_regex(pattern), restricted)}
    if NEGATED_CONSENT_ZH.search(restricted):
        qualifiers.add(("qualifier", "condition"))
    # 经…批准后，可以: a permission on a condition, as "only after approval" says (但是经…同意的除外 is the exception)
    if _GIVEN_CONSENT_ZH.search(restricted) and ("qualifier", "except") not in qualifiers:
        qualifiers.add(("qualifier", "conditional"))
    if "只能" in restricted:   # 只能授予一项专利权 backs "only one patent", though a sentence's 只能 asks no "only"
        qualifiers.add(("qualifier", "only-can"))
    if _PROVISO.search(restricted) and ("qualifier", "except") not in qualifiers:   # 但是…除外 is an exception already
        qualifiers.add(("qualifier", "proviso"))
    if _IN_SPITE_OF.search(restricted):   # 不因…而受到影响 holds the rule in spite of its cause: "even if"
        qualifiers.add(("qualifier", "still"))
    if "不经" in restricted:   # 可以不经许可 is "without permission" too; unlike 未经 it also stays a negation (negation_scopes)
        qualifiers.add(("qualifier", "condition"))
    if _CONDITIONAL_PROHIBITION.search(restricted):
        qualifiers.add(("qualifier", "conditional-prohibition"))
    if EXCLUSIVE_RULES and _EXCLUSIVE_ZH.search(restricted):
        qualifiers.add(("qualifier", "exclusive"))
    if WINDOWS_NOT_AT_WILL and ("qualifier", "at-will") in qualifiers and _WINDOW.search(restricted):
        # "at any time before it is registered": a window, no discretion; as evidence it still backs "at any time"
        qualifiers = (qualifiers - {("qualifier", "at-will")}) | {("qualifier", "at-will-window")}
    return Facts(frozenset(_numbers(rest)), frozenset(("date", d) for d in dates), frozenset(articles),
                 frozenset(duties), frozenset(parties), frozenset(qualifiers), frozenset(anchor_events(text)),
                 frozenset(named_events(text)), frozenset(anchors(text)),
                 any(not named_events("".join(g)) for g in _ANCHOR_ZH.findall(text)),
                 any(negated(c) for c in clauses(text)))


# "acts as an agent", "in its capacity as trustee": the role someone plays, not a party the sentence names.
_AS_ROLE = re.compile(r"\b(?:as|capacity as) (?:an? |the )?[\w-]+")
ROLES_NOT_PARTIES = True
# Kinds of party an English word is broader than: a buyer is a transferee (受让人) by sale, a pledgee or a mortgagee is a
# (secured) creditor. A sentence's party is stated by the passage when the passage names it or one of its kinds.
KINDS_OF_PARTY = {"buyer": {"assignee"}, "seller": {"assignor"}, "creditor": {"pledgee", "mortgagee", "lender"},
                  "lender": {"creditor"}, "borrower": {"debtor"}}
PARTY_KINDS = True
_MAY_ONLY = re.compile(r"\b((?:may|can)(?: [\w-]+){0,3}) only\b")
# "must not be less than 5 %" is a duty to reach a floor, not a prohibition; "no more than 200 investors
# may" is a ceiling, not "no investor may".
_NEGATED_FLOOR = re.compile(r"\b(?:shall|must|may|can) not be (?:less|more|fewer|lower|higher|greater|later|earlier) than\b")
# "may not run longer than twenty years", "cannot last more than": a bound on a value, as 不得超过二十年 is, no duty word
_NEGATED_COMPARISON = re.compile(r"\b(?:(?:shall|must|may|can) not|cannot|can['’]t)(?: [\w-]+){0,2} "
                                 r"(?:less|more|fewer|lower|higher|greater|later|earlier|longer|shorter) than\b")
# "may not exceed 20 %" is the ceiling 不得超过百分之二十 states: a bound, no duty word of its own.
_NEGATED_CEILING = re.compile(r"\b(?:(?:shall|must|may|can) not|cannot|can['’]t|mustn['’]t) (?:exceed|go beyond)\b")
_NO_MORE_THAN = re.compile(r"\b(?:(?:can|may|shall|must|will) be )?no (?:less|more|fewer|later|earlier) than\b")   # "there can be no more than"
# "must invest at least RMB 1 million" states the floor 不低于100万元 states: the bound is the rule, not a duty word.
_DUTY_ON_BOUND = re.compile(r"\b(?:must|shall|has to|have to|(?:is|are) required to)((?: [\w-]+){0,3}) "
                            r"(?=at least|at most|no (?:less|more|fewer) than|not (?:less|more|fewer) than|"
                            r"a (?:minimum|maximum) of|up to|within (?:[\w-]+ )?(?:\d+|one|two|three|four|five|six|seven|"
                            r"eight|nine|ten|twelve|fifteen|twenty|thirty|sixty|ninety) )")

# "may last no more than 90 days", "can get up to five years": a permission on a bound is the bound 最长不得超过九十日 states
# (the law words a cap as a prohibition, a paraphrase as a permission), no duty word of its own.
_MAY_ON_BOUND = re.compile(r"\b(?:may|can|could)((?: [\w-]+){0,3}) (?=up to|at most|no more than|not more than|"
                           r"a maximum of)")
MAY_ON_BOUND = True



# 不得低于 / 不能超过 say what 不少于 / 不超过 say: a bound, neither a prohibition nor a duty word of its own.
_CN_NEGATED_BOUND = re.compile(r"(?:不得|不应当|不应|不能)(?=超过|少于|低于|高于|多于|晚于|早于)")
# 最长只能是二十年, 最多可以延长: a duty word after 最长/最多 is the bound itself (最长二十年), no duty or "only" of its own.
_CN_DUTY_ON_BOUND = re.compile(r"(?<=最长|最多|最高|最短|最少|最低|至多|至少)(?:只能|只可以|只可|不得|不能|可以|应当|须|必须)")


# A claim the court upholds is one the law permits, however the court's duty is worded (应当支持, 依法予以支持).
_COURT_UPHOLDS = re.compile(r"(?:应当|应该|会|依法)(?:予以|予)?支持")


# "a party who can prove" states what it is able to show (有证据证明), not a permission.
_ABLE_TO_PROVE = re.compile(r"\b(?:can|could|is able to|are able to) (?=prove|show|demonstrate|establish)")


def plain_bounds(text: str) -> str:
    """The text with its bounds in plain words (不得超过 -> 不超过, "may not exceed" -> "up to"), so that they read as
    neither a duty nor a negation."""
    return _plain_bounds(text)


# "If the lessee cannot possess the asset" states what it is unable to do (无法占有), not a prohibition.
_INABILITY = re.compile(r"\b((?:if|where|when|because|once|as long as|unless)\b[^,;.]{0,60}?)\b(?:cannot|can['’]t|can not)\b")
# A condition runs on past ", or" / ", and" and past 60 characters ("If there is no tortfeasor, or the tortfeasor has fled or
# cannot pay, and …", "When two or more people bear proportionate liability and their shares cannot be worked out"): its
# "cannot" is still what a party is unable to do (tuning20: two faithful sentences read as prohibitions)
_INABILITY_LONG = re.compile(r"\b((?:if|where|when|because|once|as long as|unless)\b(?:[^,;.]|,\s*(?:or|and)\b){0,150}?)"
                             r"\b(?:cannot|can['’]t|can not)\b")
LONG_CONDITIONS = True


# "the period during which the securities may be transferred": a modal in a relative clause describes, it is no rule.
_RELATIVE_MODAL = re.compile(r"\b((?:during|in|within|by|under|for|to) which(?: [\w-]+){1,4}?) (?:may|can|could)\b")
RELATIVE_MODALS = True


# 应当在…15日内提出, 可以在…6个月内补缴: a duty or a permission to act within a period states the deadline, which is the
# rule either way (as "must be filed within five years" does in English, _DUTY_ON_BOUND): it counts as both.
_CN_DEADLINE = re.compile(rf"(?:应当|可以|必须)(?=[^，。；]{{0,30}}?[{_CN_NUM}\d]+(?:个)?(?:工作日|日|天|个月|月|年)内)")
DEADLINES = True
# 不足部分由债务人清偿, 损失由出租人承担: who pays or bears something is named after 由, with no duty word; the law puts a
# duty so ("the debtor must make up the shortfall"). Who it is, is the agent checks' to compare (kb.verify._agent_conflicts).
ASSIGNED_DUTY = re.compile(r"由[^，。；由]{1,12}?(?:清偿|承担|负担|支付|赔偿|偿还|补足)")


# "必须通知债务人，否则不生效", "must register, otherwise it cannot be set up against": a duty with its consequence states
# the condition (未通知的，不发生效力), no duty word of its own
_DUTY_OTHERWISE = re.compile(r"(?:必须|应当|须|\bmust|\bhas to|\bhave to)(?=[^。；;]{0,40}?[，,]\s*(?:否则|otherwise|or else))")


# "cannot be extended the way a limitation period can", "as the law may": a modal with no verb after it repeats the rule
# for something else it is compared with; it states no rule of its own (tuning20: "can" read as a permission)
_ELLIPTICAL_MODAL = re.compile(r"\b(?:the way|as|like|unlike|than)\b((?: [\w'’-]+){1,6}?) (?:can|may|could|must|shall)(?=\s*(?:[,;.:)]|$))")
ELLIPTICAL_MODALS = True


def _plain_bounds(text: str) -> str:
    text = _DUTY_OTHERWISE.sub(" ", text)
    if ELLIPTICAL_MODALS:
        text = _ELLIPTICAL_MODAL.sub(r"\1", text)
    if RELATIVE_MODALS:
        text = _RELATIVE_MODAL.sub(r"\1", text)
    text = (_INABILITY_LONG if LONG_CONDITIONS else _INABILITY).sub(
        r"\1 fails to", _ABLE_TO_PROVE.sub("", _COURT_UPHOLDS.sub("应予支持", text)))
    text = _DUTY_ON_BOUND.sub(r"\1 ", _CN_NEGATED_BOUND.sub("不", _CN_DUTY_ON_BOUND.sub("", text)))
    if MAY_ON_BOUND:
        text = _MAY_ON_BOUND.sub(r"\1 ", text)
    text = _NEGATED_CEILING.sub("up to", text)
    text = _NEGATED_COMPARISON.sub("up to", _NEGATED_FLOOR.sub("must be within", text))
    return _NO_MORE_THAN.sub("up to", text)


def anchors(text: str) -> list[frozenset]:
    """The events each of the text's periods runs from, one set per anchor: 自登记之日起 -> {registration};
    from the date the grant is announced -> {grant, publication} (one event, named by two words)."""
    english = [re.split(r"[,;:]|\b(?:to|till|and|before|through|but)\b", _EFFECT_WORDS.sub("", m.group(0)))[0]
               for m in _ANCHOR_EN.finditer(text)]   # "created when": the event is what follows "when"
    chinese = ["".join(groups) for groups in _ANCHOR_ZH.findall(text)]
    found = [frozenset(("event", kind) for kind, pattern in _EVENTS.items() if re.search(pattern, anchor))
             for anchor in chinese + english]   # "from the filing date to the approval": the start only
    return [events for events in found if events]


def anchor_events(text: str) -> set:
    """The events the text's periods run from: 自登记之日起 -> registration, from the filing date -> filing."""
    return set().union(*anchors(text))


def named_events(text: str) -> set:
    """Every event the text names, anchored or not."""
    return {("event", kind) for kind, pattern in _EVENTS.items() if re.search(pattern, text)}


def _duty_regex(pattern: str) -> str:
    # English words need word boundaries (can / scan); Chinese ones do not have any.
    parts = pattern.split("|")
    return "|".join(p if re.match(r"[\u4e00-\u9fff]", p) else rf"\b{p}\b" for p in parts)


def _party_regex(pattern: str) -> str:
    # 许可人 is inside 被许可人 (代理人 inside 被代理人): a licensor is named only where 被 does not precede it.
    # A party is 方 as well as 人 (受让方, 出租方).
    parts = []
    for p in pattern.split("|"):
        p = re.sub(r"人$", "[人方]", p) if re.match(r"[\u4e00-\u9fff]", p) else p
        if p.startswith(("许可", "代理")):
            parts.append(rf"(?<!被){p}")
        elif re.match(r"[\u4e00-\u9fff]", p):
            parts.append(p)
        elif p.endswith("y"):   # "beneficiaries", "counterparties": the plural of a party in -y
            parts.append(rf"\b{p[:-1]}(?:y|ies)\b")
        else:
            parts.append(rf"\b{p}s?\b")
    return "|".join(parts)


ANY_PARTY = "|".join(_party_regex(pattern) for pattern in _PARTIES.values())


def party_words(kind: str, chinese: bool) -> list[str]:
    """The words that name a kind of party in one language: trustee -> 受托人 (Chinese) or trustee, commissioned party."""
    return [w for w in _PARTIES.get(kind, "").split("|") if bool(re.match(r"[\u4e00-\u9fff]", w)) == chinese]


# Duty kinds that say the same of whether an act is required: a permission leaves it optional as "need not" does (可以委托…，
# 但不是必须; 无须经同意 for "may act without consent"). Strength is what an obligation defect turns (应当 -> 可以, must -> may).
_SAME_STRENGTH = {"may": {"may", "need-not"}, "need-not": {"need-not", "may"}}
NEGATIVE_DUTIES = {"must-not", "need-not"}


def duty_backed(kind: str, stated: set[str], denies: bool = False) -> bool:
    """Whether a duty of this kind is backed by evidence stating the duty kinds `stated`: one of the same strength,
    or, for a prohibition or a release ("cannot be suspended", 不必等满两年), evidence that denies something
    (不发生中止, 不受…限制): what is denied is compared by the negation checks, not by the duty word."""
    return bool(_SAME_STRENGTH.get(kind, {kind}) & stated) or (denies and kind in NEGATIVE_DUTIES)


def missing_facts(sentence: Facts, evidence: Facts) -> list[str]:
    """Facts of the sentence that the evidence does not state, in words for the `reason` field."""
    missing = []
    for kind, value, unit in sorted(sentence.numbers, key=str):
        if not any(v == value and (unit is None or same_unit(u, unit)) for _, v, u in evidence.numbers):
            missing.append(f"number {value}{' ' + unit if unit else ''}")
    missing += [f"date {d}" for _, d in sorted(sentence.dates) if not _date_in(d, evidence.dates)]
    missing += [f"article {n}" for _, n in sorted(sentence.articles - evidence.articles)]
    stated_duties = {k for _, k in evidence.duties}
    missing += [f"obligation '{k}'" for _, k in sorted(sentence.duties) if not duty_backed(k, stated_duties, evidence.denies)]
    named = {p for _, p in evidence.parties}
    missing += [f"party '{p}'" for _, p in sorted(sentence.parties - evidence.parties)
                if not (PARTY_KINDS and KINDS_OF_PARTY.get(p, set()) & named)]
    stated = {kind for _, kind in evidence.qualifiers}
    if DUTY_IS_EXCLUSIVE and ("duty", "must") in sentence.duties and ("duty", "must") in evidence.duties:
        stated.add("exclusive")   # "must be sold to qualified investors only": 应当面向合格投资者发行 says no one else
    if "conditional-prohibition" in stated:
        stated.add("except")   # 著作权人声明不许使用的不得使用: "unless the owner has declared it may not be used"
    missing += [f"qualifier '{q}'" for _, q in sorted(sentence.qualifiers)
                if q not in _EVIDENCE_ONLY and q not in stated and not (_QUALIFIER_EVIDENCE.get(q, set()) & stated)
                and (q != "faith" or FAITH_IS_CONDITION)]
    # A period runs from an event the passage runs periods from (or, if it anchors none, at least names). An
    # anchor naming two events (the date the grant is announced) needs one of them anchored there and the other
    # at least named (提出注册申请 is a filing even though 自核准注册之日起 anchors a registration).
    allowed = evidence.events or evidence.named_events
    # "from the day it starts using the work" is how English says 自使用该作品之日起: a start backs an anchor on an event
    # outside _EVENTS (not 自知道…之日起: "from when the infringing act began" is another event)
    started = {("event", "commencement")} if START_IS_ANY_ANCHOR and evidence.unknown_anchor else set()
    missing += [f"period running from '{e}'" for anchor in sorted(sentence.anchors, key=sorted)
                if not (anchor & allowed and anchor <= allowed | evidence.named_events) and not anchor <= started
                for _, e in sorted(anchor)]
    return missing


# A period and the event it runs from: 自收到通知之日起2个月内, "two months from the notice", "within two years after the
# deadline expired". The number and its event are read together, so two periods of one article cannot swap events.
_PERIOD_ZH = re.compile(rf"(?:自|从)([^，。；自从]{{1,30}}?)(?:之日|之时|当日|次日)?起[^，。；自从]{{0,8}}?"
                        rf"([{_CN_NUM}\d]+(?:{_CN_UNIT}))")
_PERIOD_EN = re.compile(rf"\b((?:{EN_NUMBER_WORD}|\d+)(?: full)?[\s-]+(?:{_EN_UNIT}))(?:['’]s?)? "
                        r"(?:after|from|of|following) "
                        r"((?:[\w'’-]+\s*){1,7})")
# A sentence stating its periods first and what they run from last: "…期限为二十年，…期限为十年，均自申请日起计算".
_RUN_FROM_AFTER = re.compile(r"(?:均|都)?(?:自|从)([^，。；自从]{1,30}?)(?:之日|之时|当日|次日)?起(?:计算|算)[。；]?$")
_AMOUNT_ZH = re.compile(rf"[{_CN_NUM}\d]+(?:{_CN_UNIT})")
PERIOD_EVENTS = True


def periods(text: str) -> set[tuple]:
    """(value, unit, event) for each period the text runs from an event it names: 自收到通知之日起2个月内 ->
    (2, month, notice); "three years from the notice" -> (3, year, notice). Periods from events outside _EVENTS are
    left out."""
    text = normalise(text)
    found = set()
    for m in list(_PERIOD_ZH.finditer(text)) + list(_PERIOD_EN.finditer(text)):
        event, amount = (m.group(1), m.group(2)) if m.re is _PERIOD_ZH else (m.group(2), m.group(1))
        for _, value, unit in _numbers(amount):
            found |= {(value, unit, kind) for kind, pattern in _EVENTS.items() if unit and re.search(pattern, event)}
    for sentence in re.split(r"(?<=。)", text):
        last = _RUN_FROM_AFTER.search(sentence.strip())
        if not last:
            continue
        for amount in _AMOUNT_ZH.findall(sentence[:sentence.rfind(last.group(0).rstrip("。；"))]):
            for _, value, unit in _numbers(amount):
                found |= {(value, unit, kind) for kind, pattern in _EVENTS.items() if unit and re.search(pattern, last.group(1))}
    return found


# The event a Chinese period runs from, as written: 自提存之日起, 从提存那天起算, 在…之日起, 为…届满之日起, 签订后的六个月.
_ANCHOR_PHRASE = re.compile(r"(?:自|从|在|为)([^，。；自从在为]{2,30}?)(?:之日|那天|那日|当日|之时|次日)起?"
                            rf"|([^，。；]{{2,30}}?)(?:之)?后的?(?=[{_CN_NUM}\d]+(?:个)?(?:工作日|日|天|个月|月|年))"
                            r"|(?:自|从)([^，。；自从在为]{1,29}日)起")   # 均自申请日起计算
ANCHOR_WORDS = True


def anchor_phrases(text: str) -> list[str]:
    """The events a Chinese text runs its periods from, in its own words (提存, 主债务履行期限届满)."""
    # X后的六个月: the event is the end of the clause before 后 (保证合同签订, not 保证期间是保证合同签订)
    return [m.group(1) or m.group(3) or m.group(2)[-6:] for m in _ANCHOR_PHRASE.finditer(normalise(text))]


def unanchored(sentence: str, passage: str) -> list[str]:
    """Events a Chinese sentence runs a period from that no event the Chinese passage runs one from shares a character
    pair with (从债务到期那天起算 where it says 自提存之日起; 撤销决定作出之日起 for 自公告之日起): compared in the texts' own
    words, so events outside the list kb.facts knows (提存, 转让, 撤销决定) are compared too. A passage that runs no
    period from an event says nothing."""
    stated = anchor_phrases(passage)
    if not ANCHOR_WORDS or not stated:
        return []
    pairs = lambda t: {t[i:i + 2] for i in range(len(t) - 1)}   # noqa: E731
    held = set().union(*map(pairs, stated))
    return [f"a period running from '{a}' (the passage runs its periods from {'/'.join(stated)})"
            for a in anchor_phrases(sentence) if not pairs(a) & held]


# An English sentence bounding its rule by an event ("until the contract is signed", "after the goods are delivered"):
# the event, where kb.facts knows it, must be one the passage names.
_EN_EVENT_BOUND = re.compile(r"\b(?:until|till|before|after|once|upon)\s+((?:[\w'’-]+\s+){0,5}?"
                             r"(?:is|are|was|were|has been|have been|gets?|got)\s+[\w-]+)")
EVENT_BOUNDS = True


def unnamed_events(sentence: str, passage: str) -> list[str]:
    """The events an English sentence bounds its rule by ("the seller bears the risk until the contract is signed") that
    the passage names nowhere, where it names an event of the list at all (交付: delivery). Misses events outside the
    list and an event the passage names for another purpose."""
    stated = named_events(passage)
    if not EVENT_BOUNDS or not stated or _CJK.search(sentence):
        return []
    found = []
    for m in _EN_EVENT_BOUND.finditer(normalise(sentence)):
        said = named_events(m.group(1))
        if said and not said & stated:
            found.append(f"the event '{m.group(1)}' (the passage names {', '.join(sorted(k for _, k in stated))})")
    return found


def period_conflicts(sentence: str, passage: str) -> list[str]:
    """Periods of the sentence that run from an event the passage runs only other periods from ("three years from the
    notice" where it says 自收到通知之日起2个月内)."""
    if not PERIOD_EVENTS:
        return []
    stated = periods(passage)
    return [f"a period of {value} {unit} from the {event} (the passage runs another period from it)"
            for value, unit, event in sorted(periods(sentence), key=str)
            if any(e == event for _, _, e in stated) and (value, unit, event) not in stated]


def contradicted(clause: Facts, local: Facts) -> list[str]:
    """Numbers and dates of a sentence clause that the passage clause on the same subject states otherwise:
    it states a value of the same kind (the same unit; any date) and not this one. A kind it does not state
    contradicts nothing (the clause may sit next to the one with the number: 人民法院可以根据…，确定给予三万元…)."""
    found = []
    for _, value, unit in sorted(clause.numbers, key=str):
        same_kind = any(_kind(u) == _kind(unit) for _, _, u in local.numbers)
        if same_kind and not any(_same_amount((value, unit), (v, u)) for _, v, u in local.numbers):
            found.append(f"number {value}{' ' + unit if unit else ''}")
    if local.dates:
        found += [f"date {d}" for _, d in sorted(clause.dates) if not _date_in(d, local.dates)]
    return found


# Periods are one kind of fact: 六个月 contradicts a clause that says 六十日, as 十年 contradicts one that says 十五年.
_PERIOD_UNITS = {"year", "month", "week", "day", "workday"}
_IN_MONTHS = {"year": 12, "month": 1}
PERIODS_ONE_KIND = True


def _kind(unit: str | None) -> str | None:
    if unit == "times-count":
        return "times"
    return "period" if PERIODS_ONE_KIND and unit in _PERIOD_UNITS else unit


def same_unit(unit: str, other: str) -> bool:
    """One unit: English "times" counts (三次) or multiplies (三倍), and a paraphrase keeps which one it is."""
    return unit == other or {unit, other} == {"times", "times-count"}


def _same_amount(a: tuple, b: tuple) -> bool:
    """Whether two (value, unit) state the same amount: 十二个月 = one year; a unit left out matches any."""
    (value, unit), (other, other_unit) = a, b
    if unit is None or other_unit is None or same_unit(unit, other_unit):
        return value == other
    if unit in _IN_MONTHS and other_unit in _IN_MONTHS:
        return value * _IN_MONTHS[unit] == other * _IN_MONTHS[other_unit]
    return False


def _date_in(date: str, evidence: frozenset) -> bool:
    return any(d == date or d.startswith(date + "-") for _, d in evidence)


# Chinese statutes chain subjects with commas (发明专利权的期限为二十年，实用新型专利权的期限为十年);
# English ones use commas inside one subject (the originator, sponsor or original lender … shall).
_CLAUSE_END_ZH = re.compile(r"[，；。！？：\n]+|[,;:]\s*(?=[\u4e00-\u9fff])")
_CLAUSE_END_EN = re.compile(r"[；;。！？!?：:\n]+|(?<=[a-z)])\.\s+|,\s*(?=but\b)")


# A semicolon does not end the sentence: it joins the halves of one rule (出质人可以请求质权人…行使质权；质权人不行使的，…).
_SENTENCE_END = re.compile(r"[。！？!?\n]+|(?<=[a-z)])\.\s+")


def sentences(text: str) -> list[str]:
    """Sentences of a passage: the clauses around one clause that finish its thought (未能办理的，可以给予…)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def clauses(text: str) -> list[str]:
    """Clauses of a sentence or passage: where a number or a duty binds to its subject."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    pattern = _CLAUSE_END_ZH if cjk * 2 >= len(re.findall(r"[A-Za-z]", text)) and cjk else _CLAUSE_END_EN
    return [c.strip() for c in pattern.split(text) if c and len(c.strip()) > 1]


def mask_numbers(text: str, parties: bool = False) -> str:
    """The text with its numbers (and with `parties`, its parties) replaced by placeholders, so clauses align
    by what they say, not by the value or the party they state (除非债务人同意 with 经受让人同意的除外)."""
    text = re.sub(_ARTICLE_REF, " ", normalise(text))
    text = _NUMBER.sub(lambda m: " N " if m.group(0).strip() else m.group(0), text)
    return re.sub(ANY_PARTY, " P ", text) if parties else text


# Negation outside the duty words (those are facts of their own) and outside bounds (不超过, not less than).
_BOUNDS = re.compile(r"不(?:超过|少于|低于|高于|足|够|满|晚于|早于)|有无|是否|能否|未(?=[^，。；]{1,30}?前)|\bno (?:less|more|later|earlier|fewer) than\b|"
                     r"\bnot (?:less|more|later|earlier|fewer) than\b|\bnot exceeding\b")
# 不同 (different, 有不同意见 for 有异议) denies nothing; 不同意 (disagree) does
# 不过 opens a contrast ("but"), 不过户 and 不过期 still deny; 不相同 says what 不同 says (different), no denial either
NOT_A_NEGATION = "动产|良|正当|合理|特定|当|同(?!意)|同意见|相同|过(?![期户问])"
# 没有取得出租人同意, 没有经过出质人同意, 未征得…许可: what 未经…同意 says, a condition (consent), not a denial of an act
NEGATED_CONSENT_ZH = re.compile(r"(?:没有|没|未能?)(?:经过?|取得|征得|得到)(?=[^，。；]{0,15}?(?:同意|许可|批准|授权|核准))")
_NEGATION = re.compile(rf"不(?!{NOT_A_NEGATION})|未|没有|没|无(?!论)|非|\b(?:not|no|never|without|neither|nor|none)\b|n't\b")


def without_bounds(text: str) -> str:
    """The text with its bounds (不得超过, 不少于, not less than) blanked out: they deny nothing."""
    return _BOUNDS.sub(" ", _plain_bounds(normalise(text)))


def negated(clause: str) -> bool:
    """Whether a clause denies what it says (不发生效力, does not apply, 不得强制执行), bounds
    (不超过, not less than), qualifiers (无论) and 未…前 (before: 在未恢复原状前 is 在恢复原状之前) aside."""
    return bool(negation_scopes(clause))


# Words of release that deny by themselves: a paraphrase says 不再承担 for 免除, 没有 for 丧失.
_DENYING = re.compile(r"免除|丧失|失去|豁免|拒绝|拒不")   # 拒绝履行 for 不履行


def denies(clause: str) -> bool:
    """Whether a passage clause denies something, by a negation or by a word that denies by itself (免除, 丧失)."""
    return negated(clause) or bool(_DENYING.search(normalise(clause)))


def prohibited_words(text: str) -> list[str]:
    """The two content words after each English prohibition or release ("may not charge any remuneration" -> charge
    remuneration; "cannot be suspended, interrupted" -> suspended interrupted): what the duty word bears on."""
    text = _plain_bounds(normalise(text))
    found = []
    for kind, pattern in _DUTIES:
        if kind in NEGATIVE_DUTIES:
            for m in re.finditer(_duty_regex(pattern), text):
                words = [w for w in re.findall(r"[a-z][a-z-]+", re.split(r"[;:.]", text[m.end():m.end() + 60])[0])
                         if w not in _FILLER_WORDS]
                found.append(" ".join(words[:2]))
    return found


_FILLER_WORDS = {"be", "been", "being", "is", "are", "have", "has", "had", "the", "a", "an", "any", "to", "do", "its",
                 "their", "his", "her", "longer", "so", "also", "yet", "even", "then", "there", "it", "them", "this", "that"}


def negation_scopes(clause: str) -> list[str]:
    """What each negation of a clause denies: the three characters (or four words) after it, 不发生效力 -> 发生效,
    不知道且不应当知道 -> 知道且不, 应当知道."""
    text = _BOUNDS.sub(" ", _plain_bounds(normalise(clause)))
    text = _ALTERNATIVE.sub(lambda m: " " * len(m.group(0)), text)   # 批准或者不予批准 is a choice, no denial
    text = NEGATED_CONSENT_ZH.sub(lambda m: " " * len(m.group(0)), text)   # 没有取得…同意 is 未经…同意, a condition
    found = []
    for kind, pattern in _DUTIES + [q for q in _QUALIFIERS if q[0] not in ("conditional", "faith")]:
        regex = _duty_regex(pattern)
        if kind in ("must-not", "need-not"):
            found += [m.end() for m in re.finditer(regex, text)]
        text = re.sub(regex, lambda m: " " * len(m.group(0)), text)
    found += [m.end() for m in _NEGATION.finditer(text)]
    return [_scope(text[end:]) for end in sorted(found)]


# A decision either way (批准或者不予批准, 受理或不予受理) is a choice; 迟延履行或者不履行 still denies performance.
_ALTERNATIVE = re.compile(r"(?:或者|或)不予(?=[\u4e00-\u9fff])|\bor not\b")


# Three characters: a fourth mostly runs into the object (不应当知道法定代表人超越权限 -> 知道法, not 知道法定, which a
# sentence about 法定代表人 says without denying anything).
NEGATION_SCOPE_CHARS = 3


def _scope(rest: str) -> str:
    # 不因受托人的辞任而终止 denies the ending, not the cause: the scope is what follows 而.
    cause = re.match(r"[因以为][^，。；]{1,60}?而([\u4e00-\u9fff]{1,4})", rest)   # a cause may list five events
    if cause:
        return cause.group(1)
    cjk = re.match(rf"[\u4e00-\u9fff]{{1,{NEGATION_SCOPE_CHARS}}}", rest)
    return cjk.group(0) if cjk else " ".join(re.findall(r"[a-z]+", rest)[:4])


# "the beneficiaries cannot be determined", "the trustee may be removed": a duty word before a passive says what may be done
# to the party named before it, as 受益人不能确定 does: it binds that party to nothing (the act's doer is unnamed).
_EN_PASSIVE = re.compile(r"\s+(?:not\s+)?be\s+(?:[a-z]+(?:ed|en|wn)|held|paid|made|kept|set|chosen|borne|sold|sent)\b")
PASSIVE_BINDS_NONE = True


def _roles(clause: str) -> list[tuple[int, int, str, str]]:
    """(start, end, 'party' | 'duty', name) of every party and duty word in a clause, in reading order."""
    clause = _plain_bounds(clause)
    found = [(m.start(), m.end(), "party", name) for name, pattern in _PARTIES.items()
             for m in re.finditer(_party_regex(pattern), clause)]
    masked = clause
    for kind, pattern in _DUTIES:
        regex = _duty_regex(pattern)
        # 不能 binds no party: in the law it is mostly what a party is unable to do (债务人不能清偿, 不能追偿的部分).
        found += [(m.start(), m.end(), "duty", kind) for m in re.finditer(regex, masked)
                  if m.group(0) != "不能" and not (PASSIVE_BINDS_NONE and _EN_PASSIVE.match(masked[m.end():]))
                  and not m.group(0).startswith("享有的")]   # 债权人享有的担保物权: a right named, none granted
        masked = re.sub(regex, lambda m: " " * len(m.group(0)), masked)
    return sorted(found)


# Between two parties of one subject ("the originator, sponsor or original lender", 出质人和质权人).
# 基金管理人、基金托管人不得: each party of a Chinese list may carry its own modifier (基金), both are the subject
_SUBJECT_JOIN = re.compile(r"[\s,、]*(?:or|and|and/or|或者|或|和|及|以及|与)?[\s,、]*|、[^\s,、的，。；]{1,4}")


_EN_PREPOSITION_BEFORE = re.compile(r"\b(?:with|of|to|by|from|without|against|for|on|upon|between|than|towards?)\s+"
                                    r"(?:(?:the|a|an|its|their|his|her|any|each|every|another|other)\s+)*$")


# "to require the trustee to explain, and may inspect": a party a verb acts on is its object, not the subject of the
# duty word after it (that is the settlor's)
_EN_OBJECT_VERB_BEFORE = re.compile(r"\b(?:requir|ask|notif|compel|order|request|instruct|tell|inform|remov|replac|appoint|sue|"
                                    r"supervis|urg|demand)\w*\s+(?:(?:the|a|an|its|their|his|her|any|each|every|another|other)\s+)*$")


def _object_in_english(clause: str, start: int, end: int) -> bool:
    """An English party that cannot be the subject: possessive (the pledgee's consent), after a preposition (with the
    consent of the pledgee) or after a verb acting on it (require the trustee)."""
    before = clause[max(0, start - 60):start]
    return bool(re.match(r"s?['’]", clause[end:end + 2]) or _EN_PREPOSITION_BEFORE.search(before)
                or (OBJECTS_OF_VERBS and _EN_OBJECT_VERB_BEFORE.search(before)))


# An English condition before its main clause, to its comma ("Where the donee's act kills the donor, …"): the parties in it
# are not the subject of the main clause's duty.
_EN_CONDITION_FIRST = re.compile(r"^(?:where|if|when|once|after|unless|until|before|as soon as)\b[^,]*,")
CONDITION_NAMES_NO_SUBJECT = True
OBJECTS_OF_VERBS = True


def bindings(text: str) -> set[tuple[str, str]]:
    """(party, duty) pairs: each duty word with the subject named nearest before it in its clause, all its
    parties when it lists several (出质人不得转让 -> (pledgor, must-not); "the originator, sponsor or original
    lender shall" binds originator and sponsor); a duty with no party before it binds nothing, except in a Chinese
    sentence that opens on its subject (质权人在质权存续期间，…造成出质人损害的，应当承担赔偿责任 -> (pledgee, must)).
    An English party a relative clause follows ("a pledgor who … causes the pledgee loss has to pay") is the subject of
    the duty after it: the parties inside the relative clause are not."""
    pairs = set()
    for sentence in sentences(normalise(text)):
        topic = (_TOPIC.match(sentence) or (_CONDITION_TOPIC.match(sentence) if CONDITION_TOPICS else None)) \
            if TOPIC_SUBJECTS else None
        topic_party = next((name for name, pattern in _PARTIES.items()
                            if topic and re.fullmatch(_party_regex(pattern), topic.group(1))), None)
        for clause in clauses(sentence):
            bounded = _plain_bounds(clause)
            condition = _EN_CONDITION_FIRST.match(bounded) if CONDITION_NAMES_NO_SUBJECT else None
            spans = [m.span() for m in _ZH_TIME_SPAN.finditer(bounded)] if ZH_TIME_SPANS else []
            parties: list[tuple[int, int, str]] = []
            relative = None   # the party a relative clause ("who …") follows
            for start, end, kind, name in _roles(clause):
                if kind == "party":
                    if condition and start < condition.end():
                        continue   # "Where the donee's act kills the donor, the donor's heirs can revoke": no subject
                    if any(a <= start < b for a, b in spans):
                        continue   # 定作人在承揽人完成工作前可以解除: the party of a time phrase is not the subject
                    if any(c.start(1) <= start < c.end(1) for c in CONSENTER_ZH.finditer(bounded)):
                        continue   # 承租人经出租人同意，可以: whose consent is asked is no subject (consenters compares it)
                    if relative is None and not _object_in_english(bounded, start, end):
                        parties.append((start, end, name))
                        if TOPIC_SUBJECTS and _RELATIVE_AFTER.match(clause[end:]):
                            relative = (start, end, name)
                    continue
                subject = [relative] if relative else parties[-1:]
                for earlier in reversed(parties[:-1] if not relative else []):
                    if not _SUBJECT_JOIN.fullmatch(bounded[earlier[1]:subject[0][0]]):
                        break
                    subject.insert(0, earlier)
                if not subject and topic_party and re.match(r"[\u4e00-\u9fff]", clause):
                    subject = [(0, 0, topic_party)]
                pairs |= {(party, name) for _, _, party in subject}
                parties, relative = [], None
    return pairs


# A Chinese sentence that opens on a party (质权人在…, 受托人违反前款规定…) is about that party: a duty later in it with no
# party of its own binds it. An English relative clause after a party: "a pledgor who", "the licensee that".
_TOPIC = re.compile(r"(?:第[^条\s]{1,8}条\s*)?([\u4e00-\u9fff]{2,6}?人)(?=在|于|对|将|以|因|违反|未|不|应|可|须|有|依|就|与|向|经)")
_RELATIVE_AFTER = re.compile(r"s?\s*,?\s+(?:who|which|that)\b")
TOPIC_SUBJECTS = True
# A Chinese sentence that opens on a party's condition (承揽人完成工作的，应当交付): the consequence's duty is that party's.
_CONDITION_TOPIC = re.compile(r"(?:第[^条\s]{1,8}条\s*)?([\u4e00-\u9fff]{2,6}?[人方])[^，。；的]{1,30}?的[，,]")
CONDITION_TOPICS = True
# 在承揽人完成工作前, 在保管期间: a time named by an event; a party inside it is not the subject of the clause's duty.
_ZH_TIME_SPAN = re.compile(r"(?<![存所正现实])在[^，。；在]{1,20}?(?:之前|以前|之后|以后|前|后|时|期间|期内)")
ZH_TIME_SPANS = True


# Who asks for something (a court's relief, a payment, a registration): 抵押权人请求…, the mortgagee sues.
_CLAIM_ZH = re.compile(r"请求|主张|起诉|提起诉讼|申请|要求")
_CLAIM_EN = (r"(?:\s+(?:may|can|could|shall|must|will|would|also|then|directly|later|still|first|not|cannot))*\s+"
             r"(?:sues?|sued|claims?|claimed|asks?|asked|requests?|requested|applies|apply|applied|demands?|demanded|"
             r"seeks?|sought)\b")


def claimants(text: str) -> set[str]:
    """The parties that ask for something: in Chinese the party named nearest before a claim word in its clause,
    not after 向/对/与 (抵押权人请求给付义务人… -> mortgagee; 承租人…向出卖人主张 -> lessee); in English the party a
    claim verb follows ("the mortgagee sues", "the lessee may ask"), not an object before a noun ("the assignee a claim")."""
    text = normalise(text)
    found = {name for name, pattern in _PARTIES.items() if re.search(f"(?:{_party_regex(pattern)}){_CLAIM_EN}", text)}
    for clause in clauses(text):
        subjects = sorted((m.start(), name) for name, pattern in _PARTIES.items()
                          for m in re.finditer(_party_regex(pattern), clause)
                          if re.match(r"[\u4e00-\u9fff]", m.group(0)) and not re.search(r"[向对与跟同]$", clause[:m.start()]))
        for claim in _CLAIM_ZH.finditer(clause):
            found |= {name for _, name in [s for s in subjects if s[0] < claim.start()][-1:]}
    return found


def orders(text: str) -> set[tuple[str, str]]:
    """(first, second) for two different parties named in this order within one clause
    (许可人应当监督被许可人 -> (licensor, licensee)): who acts on whom. A party heading its clause before 的 owns the
    subject and does not act (发行人的控股股东…应当与发行人承担连带责任); one after the verb stands for its object
    (监督许可人的商品质量)."""
    pairs = set()
    for clause in clauses(normalise(text)):
        roles = _roles(clause)
        names = [name for i, (_, end, kind, name) in enumerate(roles)
                 if kind == "party" and not (POSSESSIVE_NO_ACTOR and i == 0 and clause[end:end + 1] == "的")]
        pairs |= {(a, b) for i, a in enumerate(names) for b in names[i + 1:] if a != b}
    return pairs


POSSESSIVE_NO_ACTOR = True


# "up to" bounds an amount (up to RMB 100,000, up to two years), not a date ("used up to 1 July 1993") or a state ("up to
# permanently"): the number after it must not be a day of a month.
_UP_TO_AMOUNT = (rf"(?:rmb |usd |eur |€|\$)?(?:\d|(?:{EN_NUMBER_WORD})\b)"
                 rf"(?!\d* (?:{'|'.join(_MONTHS)})\b)(?!\S* \d{{4}}\b)")


# Pairs of opposite words (a small bilingual polarity table): a sentence that says one where the passage says
# only the other has turned the rule round (之前 for 之后, at least for 不得超过, 存续 for 消灭). A value under a
# negation in its clause counts as its opposite (不终止 is 存续) for the kinds where that holds.
_OPPOSITES = [   # (kind, value, pattern), two values per kind
    ("order", "before", r"以前|之前|(?<![提目当事此])前(?![款述提项条列文者一])|(?<![首优原祖])先(?![生进])"
                        r"|\bbefore\b|\bprior to\b|(?<!no )(?<!not )\bearlier than\b"),
    ("order", "after", r"以后|之后|次日|翌日|(?<![然最先落此嗣])后(?![果者续])"
                       r"|\bafter\b|(?<!no )(?<!not )\blater than\b|\bsubsequent to\b"),
    ("bound", "at least", r"不少于|不低于|不得少于|不得低于|至少|(?<=[\d一二三四五六七八九十百千万个年月日人家项倍元次名种])以上"
                          r"|\bat least\b|\bnot less than\b|\bno less than\b|\bor more\b|\bminimum\b"),
    ("bound", "at most", r"不超过|不得超过|不高于|不多于|至多|最多|(?<=[\d一二三四五六七八九十百千万个年月日人家项倍元次名种])以下"
                         rf"|\bat most\b|\bnot more than\b|\bno more than\b|\bexceed|\bup to\b(?=\s+{_UP_TO_AMOUNT})|\bor less\b"
                         r"|\bmaximum\b"),
    ("change", "up", r"增加|提高|增长|上调|扩大|\bincreas|\braise|\bexpand"),
    ("change", "down", r"减少|降低|下调|缩小|缩短|减缴|减免|\breduc|\bdecreas|\bshorten"),
    ("validity", "void", r"无效|\bvoid\b|\binvalid\b"),
    ("validity", "valid", r"(?<!无)有效(?!期)|\bvalid\b(?! period)"),
    ("period", "within", r"(?:期间|期限|期)内|\b(?:within|during) (?:the|that|this|its) (?:[\w-]+ ){0,2}(?:period|term)\b"),
    ("period", "after it ends", r"(?:届满|期满|终止)(?:之)?后|\bafter (?:the|that|this|its) (?:[\w-]+ ){0,2}(?:period|term) "
                                r"(?:has )?(?:expired|ended|run out|lapsed)|\bafter (?:its|the) expiry\b"),
    # 第一人 is the one listed first; 第一款, 第一百条 are labels
    ("sequence", "first", r"首次|最先|最早|第一(?![款条项章节编目十百千零〇一二三四五六七八九\d])|\bfirst\b|\bearliest\b"),
    # "the last three years" (最近三年) is a recent period, not the last of a row
    ("sequence", "last", rf"最后|\blast\b(?! (?:{EN_NUMBER_WORD}|\d+) (?:years?|months?|weeks?|days?)\b)|\blatest\b"),
    ("profit", "for profit", r"(?<!非)营利|\bfor-profit\b|\bprofit-making\b"),
    ("profit", "not for profit", r"非营利|\bnon-profit\b|\bnot-for-profit\b|\bnonprofit\b"),
    ("extent", "all", r"全部|全额|\bfully\b|\bin full\b|\bentire(?:ly)?\b|\bwhole\b"),
    # 超过…的部分归抵押人, 不足部分由债务人清偿 name a portion, not a part of the whole
    ("extent", "part", r"(?<![的足余过])部分(?![由归规])|的部分(?![，。；由归])|\bpartly\b|\bpartially\b|\bin part\b|\bany part\b|\bpart of\b"),
    ("offer", "public", r"(?<!非)公开(?:发行|募集)|\bpublic(?:ly)? (?:offer|offered|offering|issue|issued|raised|fund)"),
    ("offer", "private", r"非公开(?:发行|募集)|\bprivate(?:ly)? (?:offer|offered|offering|placed|placement|raised|fund)"
                         r"|\bnon-public\b"),
    ("degree", "most", r"最多的|最大|\bthe most\b|\bthe largest\b|\bthe greatest\b"),
    ("degree", "least", r"最少|最小|\bthe least\b|\bthe smallest\b|\bthe fewest\b"),
    ("form", "written", r"书面|\bin writing\b|\bwritten\b"),
    ("form", "oral", r"口头|\borally\b|\boral\b"),
    ("faith", "good faith", r"(?<![非不])善意|\bgood faith\b|\bbona fide\b"),
    ("faith", "bad faith", r"恶意|非善意|\bbad faith\b|\bmala fide\b"),
    ("guarantee", "general", r"一般保证|\bgeneral guarantee"),
    ("guarantee", "joint and several", r"连带责任保证|\bjoint and several (?:liability )?guarantee"),
    ("choice", "either", r"选择|择一|\beither\b|\bchoose\b"),
    ("choice", "both", r"同时适用|一并适用|并用|\bboth\b[^.;]{0,80}\btogether\b|\bcumulatively\b"),
    # losing a right ends it ("loses that right", 丧失撤销权); 仍有权 says it lasts
    ("span", "end", r"消灭|终止|解除|失效|失去|丧失|\blapse|\bextinguish|\bterminat|\bceases?\b|\bends?\b"
                    r"|\blos(?:e|es|t|ing)\b(?! (?:money|value))"),
    # what a rule leaves as it was (保证责任不受影响) against a change to it (相应减轻, "is extended accordingly")
    ("effect", "unaffected", r"不受影响|不影响|\bunaffected\b|\bnot (?:be )?affected\b"),
    ("effect", "changed", r"减轻|加重|延长|缩短|\b(?:extended|reduced|shortened|lightened|increased)\b"),
    # a notice (or a document) takes effect on its arrival, or on its dispatch: the law says which (通知到达对方时解除)
    ("notice", "arrival", r"到达|送达|收到|\barriv\w*|\breceiv(?:e|es|ed|ing)\b|\bdelivered\b"),
    ("notice", "dispatch", r"发出|寄出|\bsent\b|\bdispatch\w*|\bmailed\b"),
    # fault by intent against fault by negligence (故意隐瞒 is not 因过失遗漏); 故意或者重大过失 names both
    ("fault", "intent", r"故意|\bintentional(?:ly)?\b|\bdeliberate(?:ly)?\b|\bwilful(?:ly)?\b|\bknowingly\b"),
    ("fault", "negligence", r"过失|\bnegligen\w*|\bcareless\w*"),
    # who must agree: all of them, or a majority (全体合伙人一致同意 is not 过半数合伙人同意)
    ("assent", "all", r"一致同意|全体[^，。；]{0,10}同意|\bunanimous(?:ly)?\b|\ball (?:the )?(?:other )?[\w-]+s? (?:must )?agree"),
    ("assent", "majority", r"过半数|半数以上|多数|\bmajority\b|\bmore than half\b"),
    # the size of an enterprise a rule is for (小型微型企业 is not 大型企业)
    ("size", "small", r"小型|微型|中小(?:型)?企业|\bsmall(?:[- ]sized?)?\b|\bmicro\b|\bsmes?\b"),
    ("size", "large", r"大型|\blarge(?:[- ]scale|[- ]sized?)?\b(?= (?:enterprises?|companies|company|firms?|businesses))"),
    # a service given free of charge, or for a fee (免费提供 is not 收费提供; 无偿 is not 有偿)
    ("charge", "free", r"免费|无偿|\bfree of charge\b|\bfor free\b|\bfree\b(?= [\w-]+ (?:advice|services?|information))"
                       r"|\bwithout (?:charge|payment)\b|\bgratuitous(?:ly)?\b"),
    ("charge", "paid", r"(?<!无)有偿|(?<!免)收费(?!减免)|\bfor a fee\b|\bagainst payment\b|\bfor consideration\b|\bcharges? (?:a )?fees?\b"),
    # what the state does to a kind of activity: encourages or eases it, or restricts it (鼓励 is not 禁止, 简化 not 严格)
    ("policy", "encourages", r"鼓励|扶持|简化|便利化|\bencourag\w*|\bsimplif\w*|\bfacilitat\w*"),
    ("policy", "restricts", r"禁止|限制(?!性)|严格(?!按照|遵守|依照|执行|履行)|\bprohibit\w*|\bforbid\w*|\brestrict\w*|\bban(?:s|ned)?\b|\btighten\w*"),
    ("span", "lasts", r"存续|继续有效|仍然有效|继续存在|仍然存在|仍(?:然)?(?:有权|享有)|不(?:受)?影响|\bunaffected\b|\bnot (?:be )?affected\b|"
                      r"\bcontinues? to (?:exist|apply)|\bremains? (?:valid|in force|in effect)|\bsurviv"),
]
_FLIPPED_BY_NEGATION = {"change", "span", "validity", "faith"}
# A negation that may bear on the verb: not 无/非/without, which mostly make a noun (无民事行为能力人实施的…无效,
# "a person without capacity").
_NEGATED_VERB = re.compile(rf"不(?!{NOT_A_NEGATION})|未|没有|没|\b(?:not|never|no|nor|neither)\b|n['’]t\b")
# A negation bearing on the word that follows: 不终止, 并不因此终止, 不因…而终止, "does not end", "no longer lapses".
_NEGATED_JUST_BEFORE = re.compile(r"(?:不|未|没有|并非|非)(?:因[^，。；]{0,60}?而)?[\u4e00-\u9fff]{0,2}$"
                                  r"|\b(?:not|never|no longer)\b(?: [\w-]+){0,2} ?$|n['’]t(?: [\w-]+){0,2} ?$")


# good or bad faith qualifies a noun: only a negation right before it turns it (非善意, not in good faith); 不影响善意受益人
# denies the effect, not the good faith
_NEGATED_ADJECTIVE = re.compile(r"(?:不是|并非|非|不)$|\bnot (?:in )?$")


_EVENT_CLAUSE = re.compile(r"\b(?:after|when|once|until|upon|before|if|where|as soon as)\b")
EVENT_CLAUSE_SPANS = True


# (之前 and 先, "before"; "no later than" is a deadline, as "at the latest" is, no order word)
def opposites(text: str, evidence: bool = False) -> set[tuple[str, str]]:
    """(kind, value) of each polar word of the text, read clause by clause: a value negated just before it
    (不终止, 不因…而终止, does not end) counts as the other value of its kind; one with a negation elsewhere in its
    clause (不存在预告登记失效, 不行使就消灭) is unclear: it counts as both values in `evidence` and as none in a sentence."""
    found = set()
    for clause in clauses(normalise(text)):
        for kind, value, pattern in _OPPOSITES:
            other = next(v for k, v, _ in _OPPOSITES if k == kind and v != value)
            for m in re.finditer(pattern, clause):
                before = clause[:m.start()].split(",")[-1]   # an English condition before a comma bears on its own verb
                if kind == "span" and not evidence and EVENT_CLAUSE_SPANS and _EVENT_CLAUSE.search(before):
                    continue   # "after the lease term ends": the event a rule starts from, not what the rule says
                if kind not in _FLIPPED_BY_NEGATION or not _NEGATED_VERB.search(_BOUNDS.sub(" ", before)):
                    found.add((kind, value))
                elif (_NEGATED_ADJECTIVE if kind == "faith" else _NEGATED_JUST_BEFORE).search(before):
                    found.add((kind, other))
                elif evidence:
                    found |= {(kind, value), (kind, other)}
    return found


# A bound read with its number: 不得少于三十日 -> (at least, 30, day); "no longer than sixty days" -> (at most, 60, day).
# A sentence's bound on a value the passage bounds only the other way has swapped the ends of a range (至少六十日 for
# 不得少于三十日，并不得超过六十日).
_SUFFIX_BOUND = re.compile(r"^(?:以上|以下)$|^or (?:more|less)$")
BOUNDS_WITH_VALUES = True


def bounded_values(text: str) -> set[tuple[str, object, str | None]]:
    """(bound, value, unit) for each number a bound word governs: the number just after it, or just before 以上/以下/or more."""
    text = normalise(text)
    found = set()
    for kind, bound, pattern in _OPPOSITES:
        if kind != "bound":
            continue
        for m in re.finditer(pattern, text):
            if _SUFFIX_BOUND.match(m.group(0)):
                window = re.split(r"[，,。；;:：]", text[max(0, m.start() - 16):m.start()])[-1]
                numbers = list(_NUMBER.finditer(window))[-1:]
            else:
                window = re.split(r"[，,。；;:：]", text[m.end():m.end() + 16])[0]
                numbers = list(_NUMBER.finditer(window))[:1]
            for n in numbers:
                found |= {(bound, value, unit) for _, value, unit in _numbers(n.group(0)) if unit}
    return found


def swapped_bounds(sentence: str, passage: str) -> list[str]:
    """Bounds of the sentence on a value the passage bounds, and only the other way."""
    if not BOUNDS_WITH_VALUES:
        return []
    stated = bounded_values(passage)
    return [f"'{bound}' {value} {unit} (the passage bounds it the other way)"
            for bound, value, unit in sorted(bounded_values(sentence), key=str)
            if any(v == value and u == unit for _, v, u in stated) and (bound, value, unit) not in stated]


# "within two months after the obstacle is removed" runs a period from an event, as 自障碍消除之日起2个月内 does: where
# the passage runs periods so, that "after" is no order word.
_PERIOD_AFTER = re.compile(rf"\b((?:{EN_NUMBER_WORD}|\d+)(?: full)? (?:{_EN_UNIT})) after\b")
PERIOD_AFTER_IS_ANCHOR = True


def turned_round(sentence: str, passage: str) -> list[str]:
    """Polar words of the sentence whose opposite the passage states and which it does not state itself; between two
    Chinese texts an order word only against its opposite on the same event (辞任后 is not turned round by 选出前)."""
    if PERIOD_AFTER_IS_ANCHOR and _ANCHOR_ZH.search(normalise(passage)):
        sentence = _PERIOD_AFTER.sub(r"\1 from", normalise(sentence))
    said, stated = opposites(sentence), opposites(passage, evidence=True)
    # 主张反担保合同无效的，人民法院不予支持: a claim the court rejects states its polar words either way round
    stated |= {(k, v) for claim in _REJECTED_CLAIM.findall(normalise(passage)) for k, _ in opposites(claim)
               for kk, v, _ in _OPPOSITES if kk == k}
    same_language = _CJK.search(sentence) and _CJK.search(passage)
    return [f"'{value}' (the passage says '{other}')" for kind, value in sorted(said - stated)
            for k, other, _ in _OPPOSITES if k == kind and other != value and (k, other) in stated
            and not (ORDER_BY_EVENT and kind == "order" and same_language
                     and not _order_events(sentence, value) & _order_events(passage, other))]


_REJECTED_CLAIM = re.compile(r"((?:主张|请求)[^。；]{1,60}?)的[，,]\s*人民法院不予支持")


# 前/后 follow the event they order by (选出前, 辞任之后); 先/后 before a verb precede it (先履行, 后履行). A Chinese paraphrase
# says "once X" as X后 (职责终止后 for 职责终止的), which no 前 on another event in the passage contradicts.
_CJK = re.compile(r"[\u4e00-\u9fff]")
ORDER_BY_EVENT = True


def _order_events(text: str, value: str) -> set[str]:
    """Character pairs of the events a Chinese text orders by with `value` (before / after): the four characters before
    each order word (之/以 and 在 left out) and the four after a 的 that follows it, or, for 先 or 后 before a verb, the two
    after it."""
    pattern = next(p for k, v, p in _OPPOSITES if k == "order" and v == value)
    found = set()
    for clause in clauses(normalise(text)):
        for m in re.finditer(pattern, clause):
            event = re.sub(r"[之以在]", "", "".join(_CJK.findall(clause[:m.start()])))[-4:]
            after = clause[m.end():]
            if after.startswith("的"):   # 解除之后的合理期限内: the period is ordered too (against 合理期限之前)
                event += " " + "".join(_CJK.findall(after[1:5]))
            elif m.group(0) in ("先", "后"):
                event += " " + "".join(_CJK.findall(after[:2]))
            found |= {event[i:i + 2] for i in range(len(event) - 1) if " " not in event[i:i + 2]}
    return found


# Consent as a condition (未经质权人同意 / without the pledgee's consent, 经…同意 / with the consent of): a rule says
# "without consent, not" or, the same thing, "only with consent" (必须先取得质权人的同意), so consent and the
# consequence's negation flip together; a sentence that flips one of them alone has turned the rule round.
_CONSENT_WORD = r"(?:同意|许可|批准|授权|核准)"
_CONSENT_EN = r"(?:[\w'’-]+ ){0,3}(?:consent|permission|approval|authori[sz]ation|agreement)\b"
_WITHOUT_CONSENT = re.compile(rf"(?:未经|非经|不经|没有?经过?|(?:没有|没|未能?)(?:取得|征得|得到))[^，。；]{{0,15}}?{_CONSENT_WORD}|\bwithout (?:the )?{_CONSENT_EN}")
_WITH_CONSENT = re.compile(rf"(?<![未非不没有])经[^，。；]{{0,15}}?{_CONSENT_WORD}|(?<![未没有能])(?:取得|征得)[^，。；]{{0,15}}?{_CONSENT_WORD}"
                           rf"|\b(?:with|obtains?|obtained|obtaining|gets?|getting|has|have|having|upon|subject to|gives?|gave|given|giving) "
                           rf"(?:the )?(?:prior )?"
                           rf"(?:written )?{_CONSENT_EN}")


_EXCEPT_BEFORE = re.compile(r"(?:\b(?:except|unless|save|other than)|除非|除)\s*$")
_EXCEPT_AFTER = re.compile(r"[^，。；]{0,4}?的?除外")


def consent_condition(text: str) -> tuple[bool, int] | None:
    """(with consent?, parity) of a text that makes consent a condition, None if it does not (or names it both ways).
    The parity is 1 where consent and a negated consequence go together as the law puts them (未经同意，不得; only
    with consent, may; 必须先取得同意) and 0 where they are turned round (without consent, may; with consent, does
    not lose): only a sentence that names consent the other way from its passage is compared by it, since a
    negation elsewhere in the passage sentence (但…不得侵犯) blurs the parity of one that names it the same way."""
    text = normalise(text)
    without, with_ = _WITHOUT_CONSENT.search(text), _WITH_CONSENT.search(text)
    if bool(without) == bool(with_):
        return None
    found = without or with_
    rest = text[:found.start()] + " " + text[found.end():]
    # "may not assign, except with the pledgee's consent" (除非经…同意) says "without consent, not": an exception
    # marker before "with consent" negates it
    # and so does 除外 after it (但是经受让人同意的除外: except with the assignee's consent)
    named_with = bool(with_) and not _EXCEPT_BEFORE.search(text[:found.start()]) and not _EXCEPT_AFTER.match(text[found.end():])
    return named_with, int(named_with != negated(_EXCEPT_BEFORE.sub(" ", text[:found.start()]) + " " + text[found.end():]))


# Whom a claim is made against (向债务人追偿, recourse against the debtor): a party the claim is against in the
# sentence must be one the passage has claims made against.
_AGAINST_ZH = re.compile(r"向([^，。；向]{0,12}?)(?:追偿|请求|主张|要求|起诉|索赔|提起)"
                         # 对让与人享有债权, 对让与人的抗辩: a claim or defence against the assignor
                         r"|对([^，。；对]{0,12}?)(?:享有[^，。；]{0,6}(?:债权|请求权|权利)|的(?:抗辩|债权|请求权))")
_AGAINST_EN = re.compile(r"\bagainst (?:the |a |an |its |their |his |her |any )?([\w-]+(?: [\w-]+)?)")


def _parties_named(text: str, zh: re.Pattern, en: re.Pattern, at_end: bool) -> set[str]:
    """The parties the first group these patterns match names, read from its start (or its end: "the exclusive
    licensee" ends on the party)."""
    text = normalise(text)
    found = set()
    for m in list(zh.finditer(text)) + list(en.finditer(text)):
        named = next(g for g in m.groups() if g is not None)
        found |= {name for name, pattern in _PARTIES.items()
                  if (re.search(rf"(?:{_party_regex(pattern)})$", named) if at_end else re.match(rf"(?:{_party_regex(pattern)})", named))}
    return found


def respondents(text: str) -> set[str]:
    """The parties claims are made against: 向债务人追偿 -> debtor; "seek recourse against the guarantor" -> guarantor."""
    return _parties_named(text, _AGAINST_ZH, _AGAINST_EN, at_end=False)


# Whose consent a rule asks for (经债权人同意, 取得著作权人的许可, the pledgee's consent, with the approval of the licensor):
# a sentence must ask it of a party the passage asks it of.
CONSENTER_ZH = re.compile(r"(?:经|取得|征得)([^，。；经]{1,12}?)的?(?:同意|许可|批准|授权|核准|追认)")
CONSENTER_EN = re.compile(r"([\w-]+(?: [\w-]+)?)['’]s? (?:(?:prior|written|express) )*"
                           r"(?:consent|permission|approval|authori[sz]ation)\b"
                           r"|\b(?:consent|permission|approval|authori[sz]ation) of (?:the )?([\w-]+(?: [\w-]+)?)")


def consenters(text: str) -> set[str]:
    """The parties whose consent the text asks for: 未经质权人同意 -> pledgee; "the licensee's permission" -> licensee."""
    return _parties_named(text, CONSENTER_ZH, CONSENTER_EN, at_end=True)


# Who holds a right, ranks first or gets an asset: 著作权归翻译人, 由演出单位享有, 申请专利的权利属于研究开发人 (kind
# "holds", with the thing held), 留置权人优先受偿 ("priority"), 承租人享有以同等条件优先购买的权利 ("pre-emption"); "belongs to
# the developer", "the lien holder is paid first", "the tenant has a right of first refusal". A holder is a phrase in its
# own language, compared by its characters or its Chinese terms (kb.verify).
_ZH_STOP = r"[，,。；;]"
_HOLDER_ZH = [
    ("holds", re.compile(rf"([^，,。；;]*?(?:权|利|费|益|产|品))(?:的归属)?(?:归|属于|归属于)(?!属)([^，,。；;]{{1,20}}?)"
                         rf"(?:单独|共同)?(?:所有|享有|行使|{_ZH_STOP}|$)")),
    ("holds", re.compile(r"([^，,。；;]*?)(?<![理自事缘])由(?!于)([^，,。；;由]{1,14}?)(?:单独|共同)?(?:享有|行使|所有|取得)")),
    ("priority", re.compile(r"(?:^|[，,。；;])()([^，,。；;]{1,14}?)(?:可以|有权|依法)?(?:就[^，,。；;]{0,20}?)?"
                            r"(?:优先受偿|优先于|优先受清偿)")),
    ("pre-emption", re.compile(r"(?:^|[，,。；;])()([^，,。；;]{1,14}?)(?:可以|有权|依法)?享有[^，,。；;]{0,12}?"
                               r"优先(?:购买|受让|承租)")),
]
_HOLDER_TRIM_ZH = re.compile(r"^(?:第[^条\s]{1,8}条\s*)?(?:但是|但|该|则|由|并|且|而)"
                             r"|(?:在同等条件下|只能|可以|有权|依法|也|仍然|仍|就|主张|请求|要求|申请).*$")
_EN_WORDS = r"((?:[\w'’-]+ ){0,5}[\w'’-]+)"
_EN_HAS = r"(?:still |also |then |alone )?(?:has|have|keeps?|gets?|holds?|enjoys?)"
_HOLDER_AFTER_EN = [   # the holder follows: "the right to apply belongs to the developer"
    ("holds", re.compile(rf"([^,;:.]*?)\b(?:belongs?|belonging|go|goes|went|passes?|falls?) to {_EN_WORDS}")),
    ("holds", re.compile(rf"([^,;:.]*?)\b(?:owned|held|exercised|enjoyed) by {_EN_WORDS}")),
]
_HOLDER_BEFORE_EN = [   # the holder comes first: "the lien holder is paid first"
    ("priority", re.compile(rf"{_EN_WORDS} (?:(?:is|are|gets?|will be) )?(?:paid|satisfied|repaid) "
                            r"(?:first|ahead|before|in priority)")),
    ("priority", re.compile(rf"{_EN_WORDS} (?:ranks?|comes?|stands?) (?:first|ahead|before|above|in priority)")),
    ("priority", re.compile(rf"{_EN_WORDS} {_EN_HAS} (?:a |the )?priority")),
    ("pre-emption", re.compile(rf"{_EN_WORDS} {_EN_HAS} (?:a |the |an )?"
                               r"(?:right of (?:first refusal|pre-emption)|pre-emption|right to buy (?:it )?first)")),
]
_EN_LEAD = (r"the|a|an|its|their|his|her|if|when|where|then|that|which|who|of|by|to|for|on|in|but|so|whether|than|with|"
            r"from|unless|after|before|is|are|was|were|be|may|can|shall|must|will|would|has|have|still|also|only|"
            r"generally|always")
_EN_FUNCTION = _EN_LEAD + "|and|other|another|any"
_EN_HOLDER_HEAD = re.compile(rf"^(?:(?:{_EN_FUNCTION}) )+")      # "the other co-owners" -> "co-owners"
_EN_HOLDER_TAIL = re.compile(rf" (?:{_EN_FUNCTION})\b.*$")     # "the developer, and …" -> "developer"
_EN_HOLDER_LEAD = re.compile(rf"^.*\b(?:{_EN_LEAD})\b ?")     # "… the mortgagee or pledgee" -> "mortgagee or pledgee"
_EN_HOLDER_END = re.compile(rf"(?: (?:{_EN_FUNCTION}))+$")
_EN_PREPOSITION_END = re.compile(r"\b(?:of|by|to|for|on|in|with|from|under|against|than|after|before) "
                                 r"(?:(?:the|a|an|its|their|his|her) )?$")
_EN_DENIED = re.compile(r" (?:(?:does|do|did|is|are|will|would|can|may) )?(?:not|never|no longer)$| cannot$| \w+n['’]t$")
_EXCEPTED = re.compile(r"(?:但是|但)([^，,。；;]{2,10}?)除外")
_HOLDER_DENIED_ZH = re.compile(r"不(?:得|能|享有|属于|归)|无权")
_COURT_DENIES = re.compile(r"不(?:予|会)?支持|不予保护|不受保护")
_PRONOUNS = {"it", "they", "he", "she", "them", "this", "that", "which", "who", "whom", "one", ""}


def holders(text: str) -> list[tuple[str, str, str, bool]]:
    """(kind, thing held, holder, denied) for each right, rank or asset the text gives someone, or denies them, in its own
    language: 申请专利的权利属于研究开发人 -> (holds, 申请专利的权利, 研究开发人, False); "the lien holder is paid first" ->
    (priority, "", "lien holder", False); 其他债权人主张其…顺位优先于新贷债权人的，人民法院不予支持 and "that creditor does not
    rank ahead" are denied. The thing is what comes before the holder in its clause ("" where the kind says it)."""
    text = normalise(text)
    found = []
    if len(re.findall(r"[\u4e00-\u9fff]", text)) * 2 >= max(1, len(re.findall(r"[a-z]", text))):
        for kind, pattern in _HOLDER_ZH:
            for m in pattern.finditer(text):
                holder = _HOLDER_TRIM_ZH.sub("", m.group(2).strip())
                rest = re.split(r"[。；;\n]", text[m.end():])[0]
                denied = bool(_HOLDER_DENIED_ZH.search(text[m.start():m.end()]) or _COURT_DENIES.search(rest))
                if len(holder) >= 2:
                    found.append((kind, m.group(1), holder, denied))
                if kind == "priority":   # 该抵押权人优先于…受偿，但是留置权人除外: the one excepted ranks ahead too
                    found += [(kind, "", e, denied) for e in _EXCEPTED.findall(rest)]
        return found
    for kind, pattern in _HOLDER_AFTER_EN:
        found += [(kind, m.group(1), _EN_HOLDER_TAIL.sub("", _EN_HOLDER_HEAD.sub("", m.group(2))),
                   bool(_NEGATED_VERB.search(m.group(1)))) for m in pattern.finditer(text)]
    for kind, pattern in _HOLDER_BEFORE_EN:
        for m in pattern.finditer(text):
            denied = bool(_EN_DENIED.search(m.group(1)))
            words = _EN_HOLDER_END.sub("", _EN_DENIED.sub("", m.group(1)))
            words = re.sub(r" (?:who|which)\b.*$", "", words)   # "the employee who made it": the employee ("that" may
            # be a determiner: "in that case the other creditor")
            lead = _EN_HOLDER_LEAD.match(words)
            if lead and _EN_PREPOSITION_END.search(lead.group(0)):
                continue   # "… under its agreement with the applicant can be paid first": an object is no holder
            holder = words[lead.end():] if lead else words
            if PARTICIPLE_NO_HOLDER and re.fullmatch(r"[a-z]+ed", holder.strip()):
                continue   # "… because the pledge was registered will not get priority": a participle names no holder
            found.append((kind, "", holder, denied))
    return [(kind, thing.strip(), holder.strip(), denied) for kind, thing, holder, denied in found
            if holder.strip() not in _PRONOUNS]


# Who does an act a Chinese rule assigns with 由 (由新受托人承继, 由其他受托人管理和处分, 由让与人或者许可人承担责任): the
# party (or parties joined by 或者/和/、) named right after 由, with a few words of modifier before it (新, 其他, 公益信托的).
_BY_ZH = re.compile(r"(?<![理自事缘经为])由(?!于|此)")   # not 理由, 为由 (the ground), 由于 (because)
# words before the party that make it an object, not the one acting (由第三人向债权人履行: the third person acts)
_AGENT_LEAD_STOP = re.compile(r"[向对与给将把人方]")
_AGENT_JOIN = re.compile(r"^(?:或者|或|和|及|以及|与|、)$")
_AGENT_LEAD = 8   # characters of modifier allowed between 由 and the party


def agents(text: str) -> list[tuple[str, set[str]]]:
    """(the clause with the one before it, the parties after 由) for each Chinese clause assigning an act with 由:
    信托财产由其他受托人管理和处分 -> ("…信托财产由其他受托人管理和处分", {trustee}). A 由 whose first party stands further
    on (由公益事业管理机构变更受托人: 受托人 is the object) gives nothing."""
    found = []
    for unit in re.split(r"[。；;\n]+", normalise(text)):
        parts = clauses(unit)
        for i, clause in enumerate(parts):
            for by in _BY_ZH.finditer(clause):
                rest = clause[by.end():]
                named = sorted((m.start(), m.end(), name) for name, pattern in _PARTIES.items()
                               for m in re.finditer(_party_regex(pattern), rest) if re.match(r"[\u4e00-\u9fff]", m.group(0)))
                if not named or named[0][0] > _AGENT_LEAD or _AGENT_LEAD_STOP.search(rest[:named[0][0]]):
                    continue
                parties, end = {named[0][2]}, named[0][1]
                for start, stop, name in named[1:]:
                    if start < end:
                        continue   # 计划管理人 also holds 管理人
                    if not _AGENT_JOIN.match(rest[end:start]):
                        break
                    parties.add(name)
                    end = stop
                found.append(("，".join(parts[max(0, i - 1):i + 1]), parties))
    return found


# An English condition or exception before or after the main clause ("If the duties of one co-trustee end, …"): its parties
# are not the ones the rule makes act.
_EN_SUBORDINATE = re.compile(r"^(?:if|when|whenever|where|unless|except|once|after|before|until|provided|even|whether|"
                             r"while|although|though|as long as|so long as|in|under|for|subject to|save)\b")
# "borne by the fund manager", "chosen by the settlor": the party after a passive's "by" is the one acting
_EN_PASSIVE_BY = re.compile(r"\b(?:[a-z]+(?:ed|en|ne|wn)|held|paid|made|kept|set|run|brought|chosen|borne) by "
                            r"(?:(?:the|a|an|its|their|that|this|any|each) )*(?:[\w-]+ )?$")


def english_actors(text: str) -> list[tuple[str, set[str]]]:
    """(main clause, the parties acting in it) for each main clause of an English text: the parts between commas and
    semicolons that open on no condition ("if", "when", "unless"), and in each the parties named as a subject or after a
    passive's "by" ("borne by the licensor"), not as an object ("of the settlor", "the trustee's rights")."""
    found = []
    for part in re.split(r"[;:,]\s*|\.\s+", normalise(text)):
        part = part.strip(" .")
        if not part or _EN_SUBORDINATE.match(part):
            continue
        acting = {name for name, pattern in _PARTIES.items() for m in re.finditer(_party_regex(pattern), part)
                  if re.match(r"[a-z]", m.group(0)) and (not _object_in_english(part, m.start(), m.end())
                                                          or _EN_PASSIVE_BY.search(part[:m.start()]))}
        if acting:
            found.append((part, acting))
    return found


CHINESE_POSSESSIONS = True
# Whose thing an English possessive names ("the licensee's name", "the patentee's annual fees"): the party and the words
# of the thing after it; consent has a check of its own (consenters).
_EN_POSSESSIVE = re.compile(r"['’]s? ((?:[a-z-]+ ){0,2}[a-z-]+)")
_OWNED_SKIP = re.compile(r"\b(?:consent|permission|approval|authori[sz]ation|agreement|own)\b")


# "an investment instruction of the custodian" names whose thing it is as "the custodian's investment instruction" does;
# the thing is the one or two words before "of" ("on behalf of", "at the request of" name no thing owned)
OF_POSSESSIONS = True
_EN_OF_THING = re.compile(r"(?:^|\b(?:the|an?|its|their|any|each)\s+)((?:[a-z-]+ )?[a-z-]+) of (?:the |an? |its |their )?$")
_OF_SKIP = re.compile(r"\b(?:behalf|favou?r|request|case|instead|because|out|part|one|none|each|any|all|both|either|neither|"
                      r"most|some|many|side|name|consent|permission|approval|authori[sz]ation|agreement|own|number|kind|type)\b")


# A Chinese possessive: the party, 的, and the two characters of the thing (基金托管人的董事 -> (custodian, 董事))
_ZH_POSSESSIVE = re.compile(r"的([\u4e00-\u9fff]{2})")


def possessions(text: str) -> list[tuple[str, str]]:
    """(party, the thing it owns) for each possessive of a party: "the licensee's name" -> (licensee, "name"); 基金托管人的
    董事 -> (custodian, 董事)."""
    text = normalise(text)
    found = []
    if CHINESE_POSSESSIONS:
        for name, pattern in _PARTIES.items():
            for m in re.finditer(_party_regex(pattern), text):
                owned = _ZH_POSSESSIVE.match(text[m.end():])
                if re.match(r"[\u4e00-\u9fff]", m.group(0)) and owned and not re.match(ANY_PARTY, owned.group(1)):
                    found.append((name, owned.group(1)))
    for name, pattern in _PARTIES.items():
        for m in re.finditer(_party_regex(pattern), text):
            before = _EN_OF_THING.search(text[max(0, m.start() - 40):m.start()]) if OF_POSSESSIONS else None
            listed = re.match(r"\s*(?:,|or\b|and\b)", text[m.end():])   # "the fault of the shipper or the consignee": theirs
            if re.match(r"[a-z]", m.group(0)) and before and not listed and not _OF_SKIP.search(before.group(1)) \
                    and not re.search(ANY_PARTY, before.group(1)):
                found.append((name, re.sub(r"^(?:the|an?|its|their|any|each) ", "", before.group(1))))
            owned = _EN_POSSESSIVE.match(text[m.end():])
            thing = re.sub(r" (?:and|or|are|is|was|were|to|of|in|for|on|by|with|as|that|which)\b.*$", "", owned.group(1)) if owned else ""
            # "the partner's creditor" is a party of its own (合伙人的债权人), as in Chinese above, not a thing owned
            if re.match(r"[a-z]", m.group(0)) and thing and not _OWNED_SKIP.search(thing) and not re.match(ANY_PARTY, thing):
                found.append((name, thing))
    return found


# A Chinese party just before a thing (被许可人的名称, 专利权人缴纳专利年费): up to this many characters between them, no
# punctuation
_OWNER_GAP = 6


def owners_before(term: str, text: str) -> set[str]:
    """The parties a Chinese text names just before each occurrence of `term` (its owner or the one acting on it)."""
    found = set()
    names = [p.span() for pattern in _PARTIES.values() for p in re.finditer(_party_regex(pattern), text)]
    for m in re.finditer(re.escape(term), text):
        if any(a <= m.start() < b for a, b in names):
            continue   # 保证 inside 保证人 is the party's name, not its thing
        before = re.split(r"[，。；、,;：:\n]", text[max(0, m.start() - 20):m.start()])[-1]
        named = [(p.end(), name) for name, pattern in _PARTIES.items()
                 for p in re.finditer(_party_regex(pattern), before) if re.match(r"[\u4e00-\u9fff]", p.group(0))]
        if named:
            end, name = max(named)
            if len(before) - end <= _OWNER_GAP:
                found.add(name)
    return found


# Who does what in Chinese, by each role's own words: a role is a party the table knows or a word ending in 人 or 者 the
# passage names at least twice (承揽人, 定作人, 寄存人, 图书出版者), and what it does is the text after it to its clause's
# end (a clause where no role acts goes on the last one's). A role acts where it opens its clause, after a time phrase or
# a word that opens a condition (如果, 但是) or after 由 (由行纪人负担); not after a verb or a preposition (更换定作人提供的
# 材料, 向定作人, 经委托人同意), nor before 的 (定作人的要求).
_ROLE_NOUN = re.compile(r"[\u4e00-\u9fff]{2,4}[人者]")
_NOT_A_ROLE = re.compile(r"[的对向与和及或把将由经为被让在于从以并且而就也都要应可不得能须其该之所是有无他任何个第本当事]"
                         r"|^(?:法人|自然人)$")
_ZH_JOIN = re.compile(r"与|和|及|以及|或者|或|、")
JOINED_ROLES = True   # 抵押权人与抵押人可以协议…: a role joined to the acting one acts too
_GOES_ON = re.compile(r"(?:应|可|不|未|须|必|要|需|得|并|也|还|就|则|仍|均|都|即|有权|向|对|按|依|及时|另|再|亦|方可|才)")
# 连带责任保证的债权人未在…: a role after its own modifier still opens the clause (the role a demand is made of, 催告债权人
# 在合理期限内同意, was tried as doing what follows: it rejected two faithful sentences, 要求受让人返还原物)
# 定作人提供的材料，…: a clause that is a noun its role describes (a relative clause) says nothing the role does
_NOUN_PHRASE_REST = re.compile(r"[^，的]{1,10}的[\u4e00-\u9fff]{1,4}")
# 定作人提供的图纸…不合理: a role whose short verb makes a relative clause (提供的) describes the noun after it; the clause's
# predicate (不合理) is that noun's, not something the role does
_RELATIVE_REST = re.compile(r"[\u4e00-\u9fff]{1,3}的[\u4e00-\u9fff]")
_ROLE_MODIFIED = re.compile(r"[^对向与和及把将给同跟为被经由]{1,12}的")
_ROLE_OPENS = re.compile(r"^(?:如果|若|但是|但|并且|并|而且|而|则|且|即使|只要|只有|同时|此外|另外|也|还|就)?(?:由)?$")


def _opens(before: str) -> bool:
    """Whether a role after these words opens its clause: nothing, a word that opens a condition or 由, or a short
    modifier of its own (图书出版者, 原著作权人) with no word that makes it an object."""
    return bool(_ROLE_OPENS.match(before) or re.fullmatch(r"[\u4e00-\u9fff]{1,3}", before) and not _NOT_A_ROLE.search(before)
                or _ROLE_MODIFIED.fullmatch(before))


def role_words(passage: str) -> list[str]:
    """The roles a Chinese passage names: the table's parties it holds and its words of three characters ending in 人 or
    者 named twice or more, each grown by a character before it as long as that is always the same (著作权人, not 作权人;
    监管人, not 证明监管人), longest first."""
    named = {m.group(0) for pattern in _PARTIES.values() for m in re.finditer(_party_regex(pattern), passage)
             if re.match(r"[\u4e00-\u9fff]", m.group(0))}
    for end in (m.end() for m in re.finditer(r"[人者]", passage)):
        word = passage[max(0, end - 3):end]
        if not re.fullmatch(r"[\u4e00-\u9fff]{3}", word) or _NOT_A_ROLE.search(word[:-1]) or passage.count(word) < 2:
            continue
        while end - len(word) > 0 and len(word) < 5 and passage.count(passage[end - len(word) - 1:end]) == passage.count(word) \
                and not _NOT_A_ROLE.search(passage[end - len(word) - 1]):
            word = passage[end - len(word) - 1:end]
        named.add(word)
    return sorted(named, key=len, reverse=True)


def role_predicates(text: str, roles: list[str]) -> list[tuple[str, str]]:
    """(role, what it does) for each acting role of a Chinese text, the other roles masked as X."""
    pattern = re.compile("|".join(map(re.escape, roles))) if roles else None
    found: list[list[str]] = []
    for unit in re.split(r"[。；;\n]+", normalise(text)):
        current: list[list[str]] = []
        unit = re.sub(r"^第[^条\s]{1,8}条\s*", "", unit.strip())   # the article's own label opens no clause
        for clause in clauses(unit):
            opening = _ZH_TIME_SPAN.sub("", clause)   # 在承揽人完成工作前，定作人…: the time phrase opens nothing
            acting = [m for m in (pattern.finditer(opening) if pattern else [])
                      if _opens(opening[:m.start()]) and opening[m.end():m.end() + 1] != "的"
                      and not _NOUN_PHRASE_REST.fullmatch(opening[m.end():])
                      and not _RELATIVE_REST.match(opening[m.end():])][:1]
            clause = opening
            if not acting:
                # a clause opening on a verb or a duty goes on the role before (…，应当及时检验); one opening on another
                # subject (当事人有证据证明…, 人民法院应当…) ends it
                if current and _GOES_ON.match(clause):
                    for item in current:
                        item[1] += "，" + clause
                else:
                    current = []
                continue
            joined = [acting[0]]
            for m in pattern.finditer(clause, acting[0].end()) if JOINED_ROLES else []:
                if not _ZH_JOIN.fullmatch(clause[joined[-1].end():m.start()]):
                    break
                joined.append(m)   # 抵押权人与抵押人可以协议: both do it
            current = [[m.group(0), clause[joined[-1].end():]] for m in joined]
            found += current
    return [(role, pattern.sub("X", said)) for role, said in found]
