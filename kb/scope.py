"""What the library cannot answer by construction: another jurisdiction's law, tax, or a subject no stored document mentions."""
from __future__ import annotations

import re
from typing import Callable

from kb.records import DocumentRecord
from kb.tokenize import is_chinese

# Jurisdiction codes (as documents carry them) and how questions name them.
_JURISDICTIONS = {
    "HK": ("Hong Kong", "香港", r"hong\s*kong|香港"),
    "SG": ("Singapore", "新加坡", r"(?<!sino-)singapore|新加坡"),   # the Sino-Singapore Guangzhou Knowledge City is Chinese
    "JP": ("Japan", "日本", r"japan(?:ese)?|日本"),
    "KR": ("Korea", "韩国", r"korea(?:n)?|韩国"),
    "TW": ("Taiwan", "台湾地区", r"taiwan(?:ese)?|台湾"),
    "GB": ("the United Kingdom", "英国", r"united\s+kingdom|\bU\.?K\.?\b|england|english\s+law|british(?!\s+virgin)|英国"),
    # Where offshore vehicles of a cross-border deal sit: their company and trust law is no law the library holds.
    "KY": ("the Cayman Islands", "开曼群岛", r"cayman|开曼"),
    "VG": ("the British Virgin Islands", "英属维尔京群岛", r"british\s+virgin\s+islands|(?-i:\bBVI\b)|维尔京"),
    "BM": ("Bermuda", "百慕大", r"bermuda|百慕大"),
    "LU": ("Luxembourg", "卢森堡", r"luxemb(?:o|ou)rg|卢森堡"),
    "IE": ("Ireland", "爱尔兰", r"ireland|irish|爱尔兰"),
    "MO": ("Macao", "澳门", r"maca[ou]\b|澳门"),
    "AU": ("Australia", "澳大利亚", r"australia|澳大利亚|澳洲"),
    "DE": ("Germany", "德国", r"germany|german|德国"),
    "FR": ("France", "法国", r"france|french|法国"),
    # The US rules by their names, and "US" in capitals only ("us" is a pronoun).
    # A state's law or the UCC is US law too ("Under Delaware law, how is a true sale perfected?").
    "US": ("the United States", "美国", r"united\s+states|\bU\.S\.|(?-i:\bUS\b)|american|美国|\bSEC\b|\bReg(?:ulation)?\.?\s+(?:RR|AB)\b"
                                       r"|\bRule\s+144A\b|\bDodd-Frank\b|Securities\s+Act\s+of\s+1933"
                                       r"|delaware|new\s+york\s+law|california|\bUCC\b|uniform\s+commercial\s+code|特拉华|纽约州"),
    # STS securitisation and the SSPE are the EU Regulation's own terms.
    "EU": ("the European Union", "欧盟", r"\bEU\b|european\s+union|欧盟|\bSTS\b|\bSSPE\b"),
    "CN": ("China", "中国", r"china|chinese|\bPRC\b|中国|中华人民共和国|北京|上海|深圳|广东|广州|重庆"),
}
# Subjects a question may ask about that the library may not cover: English name -> (Chinese name, how
# questions name it, the words a stored text mentioning it would hold). A question about one that no stored
# text mentions cannot be answered from the library, however close its other words are: ingesting a text
# that mentions it makes it answerable again.
_SUBJECTS = {
    # Trading venues.
    "the Shanghai Stock Exchange": ("上海证券交易所", r"上海证券交易所|上交所|shanghai\s+stock\s+exchange|\bSSE\b", ("上海证券交易所",)),
    "the Shenzhen Stock Exchange": ("深圳证券交易所", r"深圳证券交易所|深交所|shenzhen\s+stock\s+exchange|\bSZSE\b", ("深圳证券交易所",)),
    "the Beijing Stock Exchange": ("北京证券交易所", r"北京证券交易所|北交所|beijing\s+stock\s+exchange|\bBSE\b", ("北京证券交易所",)),
    "the NEEQ": ("全国中小企业股份转让系统", r"全国中小企业股份转让系统|新三板|\bNEEQ\b", ("全国中小企业股份转让系统",)),
    "the Hong Kong Stock Exchange": ("香港联合交易所", r"香港联合交易所|港交所|\bHKEX\b|hong\s+kong\s+stock\s+exchange", ("香港联合交易所",)),
    # The interbank market's self-regulator and its asset-backed notes: the exchange and AMAC rules the
    # library holds do not govern them.
    "NAFMII (the interbank market's dealers association) or its asset-backed notes":
        ("交易商协会", r"交易商协会|\bNAFMII\b|资产支持票据|\bABNs?\b|asset-backed notes?", ("交易商协会",)),
    # Regulatory subjects next to securitisation that its rules do not govern: the originator's accounts,
    # investors' capital, foreign exchange, green labels.
    "accounting standards (derecognition of the assets)":
        ("企业会计准则", r"会计准则|会计处理|(?<!列)出表|终止确认|accounting\s+(?:standards?|treatment)|\bIFRS\b|derecogni[sz]|"
                   r"off[- ]balance[- ]sheet", ("会计准则", "终止确认", "出表")),
    "capital and solvency rules for banks and insurers (risk weights, capital charges)":
        ("资本与偿付能力监管规则", r"风险权重|资本充足|资本计提|保险\S{0,6}偿付能力|偿付能力(?:充足|监管|资本)|risk[- ]weights?|capital\s+(?:charges?|adequacy)|regulatory\s+capital|"
                        r"solvency\s+(?:capital|ratio|rules?|regime)|C-ROSS|\bBasel\b", ("风险权重", "资本充足", "偿付能力")),
    "foreign exchange administration (SAFE registration)":
        ("外汇管理", r"外汇局|外管局|外汇管理局|外汇登记|foreign\s+exchange\s+(?:registration|administration|control|approval|rules?)|"
                 r"(?-i:\bSAFE\b)", ("外汇管理局", "外汇登记", "外汇局")),
    "green bond and green securitisation labels":
        ("绿色债券与绿色资产证券化认定", r"绿色(?:债券|资产支持|ABS|认证|标识|认定|金融)|green\s+(?:bonds?|ABS|labels?|certification|securiti[sz]ation|finance)|"
                           r"(?-i:\bESG\b)", ("绿色债券", "绿色资产支持", "绿色认证", "绿色金融")),
}
_TAX = re.compile(r"\btax(?:es|ation)?\b|stamp\s+duty|\bVAT\b|税", re.I)
_TAX_TITLE = re.compile(r"税|tax", re.I)


def named_jurisdictions(question: str) -> list[str]:
    """Codes of the jurisdictions a question names ("under Chinese law" -> CN)."""
    return _named(question)


def _named(question: str) -> list[str]:
    question = latin_apart(question)
    return [code for code, (_, _, pattern) in _JURISDICTIONS.items() if re.search(pattern, question, re.I)]


def latin_apart(question: str) -> str:
    """The question with a space between Chinese and Latin letters: a Chinese character is a word character,
    so "符合STS标准" holds no word boundary around STS for the patterns above to find."""
    return re.sub(r"(?<=[\u3400-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3400-\u9fff])", " ", question)


def outside_library(question: str, records: list[DocumentRecord]) -> tuple[str, str] | None:
    """Why the library cannot answer `question` (another jurisdiction, tax), in English and Chinese;
    None when it may."""
    stored = {r.country for r in records if r.country}
    named = _named(question)
    if named and not any(code in stored for code in named):
        return (f"the library holds no law of {' / '.join(_JURISDICTIONS[c][0] for c in named)}",
                f"知识库中没有{'、'.join(_JURISDICTIONS[c][1] for c in named)}的法律")
    if _TAX.search(question) and not any(_TAX_TITLE.search(r.title) for r in records):
        return ("the library holds no tax law", "知识库中没有税法")
    return None


def other_jurisdictions_only(question: str, cited: list[str]) -> tuple[str, str] | None:
    """Why passages of other jurisdictions (`cited`: their countries, DocumentRecord.country) do not answer a question that names its own
    ("under the US Bankruptcy Code…" answered from PRC rules, because the library holds a US digest but no US
    statute), in English and Chinese; None when a cited passage is of the jurisdiction asked about.

    A question in Chinese that names none asks about Chinese law: "原始权益人风险自留的比例是多少？" is not
    answered by the EU Regulation's 5 % (an English question naming none may be about any of the library's laws)."""
    said = _named(question)
    named = said or (["CN"] if is_chinese(question) else [])
    if not named or not cited or any(country in named for country in cited):
        return None
    if not said:
        found = "、".join(dict.fromkeys(_JURISDICTIONS[c][1] for c in cited if c in _JURISDICTIONS)) or "其他法域"
        return ("", f"问题未指明法域，按中国法理解；检索到的条文都不是中国法（而是{found}的规定），不能作为答案")
    return (f"the passages found are not of {' / '.join(_JURISDICTIONS[c][0] for c in named)}, the jurisdiction asked about",
            f"检索到的条文都不属于所问的{'、'.join(_JURISDICTIONS[c][1] for c in named)}")


def unmentioned_subject(question: str, mentioned: Callable[[str], bool]) -> tuple[str, str] | None:
    """Why the library cannot answer a question about a subject of `_SUBJECTS` (a trading venue, accounting
    standards, capital rules…) that `mentioned` finds in no stored text by any of its words, in English and
    Chinese; None otherwise."""
    for english, (chinese, pattern, words) in _SUBJECTS.items():
        if re.search(pattern, latin_apart(question), re.I) and not any(mentioned(word) for word in words):
            return (f"no stored document mentions {english}", f"知识库中没有任何文件提及{chinese}")
    return None


_NAMED_INSTRUMENT = re.compile(r"《([^《》]{2,60})》")
# A law named without 《》 where a question cites it ("公司法要求…", "按照合同法第五十二条", "破产法对…"): a word ending
# of three characters or more ending in 法, next to a word that cites it; words ending in 方法 or 办法 name none.
_CITES_BEFORE = frozenset("根据 按照 依照 依据 适用 按 依".split())
_CITES_AFTER = re.compile(r"^(?:要求|规定|的规定|第|条|下|中|里|上|对|关于|[，,。？?；;])")
_NOT_A_LAW = re.compile(r"(?:方法|办法|做法|说法|看法|想法|用法|手法|算法|写法|技法)$")   # 公司法 ends in 司法 and is a law
_FUNCTION_WORDS = frozenset("按照 根据 依照 依据 适用 和 及 与 或 的 是 在 对 把 由 被".split())


def _laws_named_plainly(question: str) -> list[str]:
    """The laws a Chinese question names without 《》, with the word before when it is part of the name (企业破产法)."""
    import jieba

    words = [w for w in jieba.cut(question) if w.strip()]
    names = []
    for i, word in enumerate(words):
        if len(word) < 3 or not word.endswith("法") or _NOT_A_LAW.search(word):
            continue
        before = words[i - 1] if i else ""
        if before in _CITES_BEFORE or _CITES_AFTER.match("".join(words[i + 1:i + 3])):
            joined = before + word if len(before) >= 2 and before not in _FUNCTION_WORDS and \
                re.fullmatch(r"[\u4e00-\u9fff]+", before) else word
            names.append(joined)
    return names


def unknown_instrument(question: str, stored: Callable[[str], bool]) -> tuple[str, str] | None:
    """Why the library cannot answer a question about an instrument it names in 《》, or a law it cites by name
    ("公司法要求…"), that `stored` finds no document of ("证监会2023年发布的《知识产权证券化业务指引》第十二条…"):
    quoting other rules would read as that instrument's text. In English and Chinese; None when every named
    instrument is stored."""
    # The word joined before the name may not belong to it: a stored 破产法 answers for "企业破产法" too.
    plain = [n for n in _laws_named_plainly(question) if not stored(n[-3:])] \
        if re.search(r"[\u4e00-\u9fff]", question) else []
    for name in _NAMED_INSTRUMENT.findall(question) + plain:
        if not stored(name):
            return (f"the library holds no instrument named 《{name}》; ingest it to have it quoted",
                    f"知识库中没有名为《{name}》的文件；如需引用，请先导入该文件")
    return None


# A Latin acronym (QFII, CAS 23, WFOE) names one specific regime, product or body.
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9]{1,6}(?![A-Za-z])(?:\s?\d{1,3}(?!\d))?")
# Capitals that name nothing either: currency codes, short English words written in capitals for stress
# ("Is NO consent needed?"; longer ones are found in the dictionary), and an office's shorthand ("needs CFO
# sign-off", "with the originator's OK": the probe7 audit's E01 and E06 were refused for them).
_NAMING_NOTHING = frozenset({"RMB", "CNY", "USD", "EUR", "HKD", "NO", "OR", "IF", "IS", "BE", "TO", "AN", "AT", "IN", "ON",
                             "OF", "BY", "AS", "IT", "DO", "SO", "UP", "OK", "CEO", "CFO", "COO", "CTO", "CIO", "CLO", "GC",
                             "HR", "PR", "KPI"})


def unmentioned_acronym(question: str, mentioned: Callable[[str], bool]) -> tuple[str, str] | None:
    """Why the library cannot answer a question about something it names by an acronym that no stored text
    mentions, by the acronym or by the glossary's Chinese for it ("QFII能不能认购…", "under CAS 23, can the
    originator derecognise…"): the passages its other words find speak of something else. In English and
    Chinese; None otherwise. Jurisdictions, venues and tax have their own reasons above."""
    from kb.dictionary import GENERAL_WORDS, headwords
    from kb.glossary import chinese_terms

    rest = question
    for pattern in [p for _, _, p in _JURISDICTIONS.values()] + [p for _, p, _ in _SUBJECTS.values()] + [_TAX.pattern]:
        rest = re.sub(pattern, " ", rest, flags=re.I)   # "Regulation RR", "SSE", "VAT" have their own reasons
    for match in _ACRONYM.finditer(rest):
        acronym = match.group(0)
        letters = re.match(r"[A-Z0-9]+", acronym).group(0)
        if sum(c.isupper() for c in letters) < 2 or letters in _NAMING_NOTHING or \
                letters.lower() in GENERAL_WORDS or headwords(letters.lower()):   # an English word in capitals: "NOT"
            continue
        if not mentioned(acronym) and not mentioned(letters) and not any(mentioned(t) for t in chinese_terms(letters)):
            return (f"no stored document mentions {acronym}", f"知识库中没有任何文件提及{acronym}")
    return None

