"""Follow-up questions ("那外观设计呢？", "And for trademarks?") resolved against the previous turn, without an LLM."""
from __future__ import annotations

import re

from kb.asked import EN_QUESTION_WORDS, ZH_QUESTION_WORDS
from kb.asked_date import DATE

# Subjects that a follow-up swaps for one of the same kind in the previous question, in either language; the
# longest name is tried first so 外观设计专利 wins over 专利.
_KINDS = [
    ["发明专利", "实用新型专利", "实用新型", "外观设计专利", "外观设计", "专利权", "专利", "注册商标专用权", "注册商标",
     "商标专用权", "商标权", "商标", "著作权", "版权", "软件著作权", "集成电路布图设计", "植物新品种", "应收账款", "股权",
     "基金份额", "知识产权",
     "invention patents", "invention patent", "utility model patents", "utility model patent", "utility models",
     "utility model", "design patents", "design patent",
     "designs", "design", "patents", "patent", "registered trademarks", "registered trademark", "trademarks",
     "trademark", "copyrights", "copyright", "software copyright", "accounts receivable", "receivables", "receivable",
     "IP"],
    ["质押", "许可", "转让", "融资租赁", "信托", "保理", "pledge", "licences", "licence", "licenses", "license",
     "assignment", "transfer", "financing lease", "finance lease", "trust", "factoring"],
    ["有追索权", "无追索权", "with recourse", "without recourse", "non-recourse"],
    ["上海证券交易所", "深圳证券交易所", "上交所", "深交所", "Shanghai Stock Exchange", "Shenzhen Stock Exchange", "SSE", "SZSE"],
    ["中国", "欧盟", "美国", "China", "PRC", "EU", "European Union", "United States", "US"],
]
# A subject in the other language's words: "And for trademarks?" after "发明专利权的期限是多久？" asks
# "商标的期限是多久？"; "那商标呢？" after "How long does a patent last?" asks "How long does a trademark last?".
_CHINESE_FOR = {
    "invention patent": "发明专利", "utility model patent": "实用新型专利", "utility model": "实用新型",
    "design patent": "外观设计专利", "design": "外观设计", "patent": "专利", "registered trademark": "注册商标",
    "trademark": "商标", "copyright": "著作权", "software copyright": "软件著作权", "accounts receivable": "应收账款",
    "receivable": "应收账款", "IP": "知识产权", "pledge": "质押", "licence": "许可", "license": "许可",
    "assignment": "转让", "transfer": "转让", "financing lease": "融资租赁", "finance lease": "融资租赁", "trust": "信托",
    "factoring": "保理", "with recourse": "有追索权", "without recourse": "无追索权", "non-recourse": "无追索权",
    "Shanghai Stock Exchange": "上海证券交易所", "Shenzhen Stock Exchange": "深圳证券交易所", "SSE": "上交所",
    "SZSE": "深交所", "China": "中国", "PRC": "中国", "EU": "欧盟", "European Union": "欧盟", "United States": "美国",
    "US": "美国",
}
_ENGLISH_FOR = {zh: en for en, zh in reversed(_CHINESE_FOR.items())} | {
    "专利权": "patent", "外观设计": "design patent", "注册商标专用权": "registered trademark", "商标专用权": "trademark",
    "商标权": "trademark", "版权": "copyright", "集成电路布图设计": "layout design", "植物新品种": "plant variety",
    "股权": "equity", "基金份额": "fund units"}


def _in_language_of(name: str, text: str) -> str:
    """`name` in the language `text` is written in (as it is when they share it)."""
    chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
    if chinese == bool(re.search(r"[\u4e00-\u9fff]", name)):
        return name
    if chinese:
        singular = name if name in _CHINESE_FOR else re.sub(r"s$", "", name)
        return _CHINESE_FOR.get(singular, _CHINESE_FOR.get(singular.lower(), name))
    return _ENGLISH_FOR.get(name, name)


# Openers and closers that mark an elliptical follow-up.
_ZH_FOLLOW = re.compile(r"^(?:那么?|还有|另外|再问一下)?[，,\s]*(.+?)[呢吗]?[？?。]?\s*$")
_EN_FOLLOW = re.compile(r"^(?:and what about|what about|how about|and for|and in|same for|what of|and"
                        r"|(?:is|would|will) (?:it|that|this) (?:be )?the same|does the same (?:apply|hold|go))\b", re.I)
_SHORT = 24   # a Chinese question this short that opens with 那 or ends with 呢 leans on the one before it


def is_follow_up(question: str) -> bool:
    q = question.strip()
    if _EN_FOLLOW.match(q):
        return True
    return bool(re.search(r"呢[？?。]?$", q)) and len(q) <= _SHORT or bool(re.match(r"^(?:那|那么|还有)", q)) and len(q) <= _SHORT


def _subject(text: str) -> tuple[int, str] | None:
    """The first subject of a known kind named in `text`: (kind index, name as written)."""
    found = []
    for kind, names in enumerate(_KINDS):
        for name in sorted(names, key=len, reverse=True):
            match = re.search(re.escape(name) if re.search(r"[\u4e00-\u9fff]", name) else rf"\b{re.escape(name)}\b", text, re.I)
            if match:
                found.append((match.start(), kind, match.group()))
                break
    return (min(found)[1], min(found)[2]) if found else None


def _fitted(name: str, replaced: str) -> str:
    """`name` as it must read in the place of `replaced`: a kind of patent stays a patent (发明专利权 ->
    外观设计专利权, "an invention patent" -> "a design patent", not "a designs"), and an English name takes
    the number of the one it replaces ("does a patent last" -> "does a trademark last")."""
    if replaced.endswith("专利") and name in ("外观设计", "实用新型"):
        return name + "专利"
    if re.search(r"[\u4e00-\u9fff]", name) or not name.islower():
        return name
    if re.fullmatch(r"patents?", replaced.split()[-1]) and name.rstrip("s") == "design":
        name = "design patent"
    plural = replaced.endswith("s")
    if plural and not name.endswith("s"):
        return name + "s"
    if not plural and name.endswith("s"):
        return name[:-1]
    return name


# A follow-up that asks a question of its own ("And for copyrights, which authority registers the pledge?",
# "那外观设计的保护期多长呢？") is asked as it stands: swapping its subject into the last question would drop
# what it asks.
_OWN_ASK = re.compile(rf"{EN_QUESTION_WORDS}|{ZH_QUESTION_WORDS}"
                      r"|(.)不\1|(..)不\2",   # 能不能, 可不可以, 是不是, 有没有-style asks of their own
                      re.I)


# An English yes/no question of its own after the opener: an auxiliary, a subject, a verb ("And the copyrights in
# its software, can those be pledged as well?"): swapping its noun into the last question drops its predicate.
# "Is this the case for…", "does the same rule cover…" ask the last question again: no predicate of their own.
_OWN_YES_NO = re.compile(r"\b(?:can|could|must|may|should|will|would|do|does|did|is|are|was|were|has|have)\s+"
                         r"(?:it|they|those|these|we|the\s+(?!same\b|case\b)[a-z]+)\s+(?:still\s+|also\s+|then\s+)?(?:be\s+)?"
                         r"(?!the\b|same\b)[a-z]{3,}", re.I)


# A Chinese follow-up with a predicate of its own ("那许可别人使用商标呢，需要备案吗？") asks its own question too.
_OWN_ASK_ZH = re.compile(r"[呢，,]\s*\S{2,}[吗么][？?]?$|(?:需要|必须|应当|可以|能否|能|要|会)\S*[吗么][？?]?$")
_ZH_OPENER = re.compile(r"^(?:那么|那|还有|另外|再问一下)[，,\s]*")
# A question that points back at the last one instead of naming its subject: "Can the originator withdraw
# that notice?", "How many days does it have?", "该通知可以撤销吗？".
# "it" in "is it possible to…", "it is necessary that…" points at nothing.
# "that" before a clause ("said that registration is needed") or in "is that right" points at nothing either.
_POINTS_BACK_EN = re.compile(r"\b(?:that|this|these|those)\s*[?.!]?\s*$"   # the object closing it: "to bring that?"
                             r"|\b(?:that|this|these|those|such)\s+(?!(?:is|are|was|were|the|a|an|right|correct|true|so)\b)"
                             r"[a-z]{2,}\b(?!\s+(?:is|are|was|were|must|shall|may|can|has|have|needs?|applies|apply)\b)"
                             r"|\bit\b(?!\s+(?:is\s+|was\s+)?(?:possible|necessary|true|legal|lawful|allowed|permitted|"
                             r"required|mandatory|enough|sufficient|acceptable|advisable|common|usual|said|reported)\b)"
                             r"|\b(?:its|they|them|their)\b", re.I)
_POINTS_BACK_ZH = re.compile(r"(?:^|[，,]\s*)(?:它们|它|其(?![他中余次])|该|此|这个|那个|这种|这项|这份|上述)")   # opening a clause


# "Does that contract have to be in writing?": after an auxiliary opening the question, "that" is a demonstrative.
_ASKS_ABOUT_THAT = re.compile(r"^(?:does|do|did|can|could|must|may|will|would|should|is|are|was|were|has|have)\s+"
                              r"(?:that|this|these|those|such)\b", re.I)


def _points_back(question: str) -> bool:
    """Does the question lean on the last one through a pronoun, naming no subject of its own?"""
    if _ASKS_ABOUT_THAT.match(question):
        return True
    if _subject(question):
        return False
    pattern = _POINTS_BACK_ZH if re.search(r"[\u4e00-\u9fff]", question) else _POINTS_BACK_EN
    return bool(pattern.search(question))


def _joined(previous: str, question: str) -> str:
    """The last question and the follow-up as one: "专利权质押需要登记吗 — 该登记多久完成？"."""
    return f"{previous.strip().rstrip('?？。 ')} — {question}"


# Kinds of IP right: a follow-up that asks its own question about another one ("And for its patents, what does it
# have to file?") means the last question's situation for that right; other subjects it names are not parallel to
# the last question's ("the copyrights in its software" for "licence-fee receivables", 许可费 for 质押).
_IP_RIGHT = re.compile(r"专利|商标|著作权|版权|布图设计|植物新品种|patent|trademark|copyright|design|utility model", re.I)


def _swapped(previous: str, question: str, rights_only: bool = False) -> str | None:
    """The last question with its subject swapped for the one of the same kind `question` names, or None when
    `question` names none or the same one again (or, `rights_only`, when either is no kind of IP right)."""
    new = _subject(question)
    if not new or rights_only and not _IP_RIGHT.search(new[1]):
        return None
    name_now = _in_language_of(new[1], previous)
    for name in sorted(_KINDS[new[0]], key=len, reverse=True):
        pattern = re.escape(name) if re.search(r"[\u4e00-\u9fff]", name) else rf"\b{re.escape(name)}\b"
        old = re.search(pattern, previous, re.I)
        if old and old.group().lower() != name_now.lower() and not (rights_only and not _IP_RIGHT.search(old.group())):
            resolved = previous[:old.start()] + _fitted(name_now, old.group()) + previous[old.end():]
            resolved = re.sub(r"\b([Aa])n (?=[b-df-hj-np-tv-z])", r"\1 ", resolved)   # "an invention" -> "a design"
            return re.sub(r"\b([Aa]) (?=[aeio])", r"\1n ", resolved)                  # "a patent" -> "an invention"
    return None


# What a follow-up that only names a date says besides it ("那2019年1月1日呢？", "And what was it on 2019-01-01?"):
# it asks the last question of the law of that day.
_DATE_FILLER = re.compile(r"^(?:那么?|还有|呢|的|时|时候|当时|规定|\band\b|\bwhat\b|\babout\b|\bhow\b|\bwas\b|\bis\b|\bit\b|"
                          r"\bthat\b|\bthe\b|\brule\b|\blaw\b|\bon\b|\bat\b|\bas of\b|\bin force\b|[\s?？,，。.])*$", re.I)


def _date_only(question: str) -> re.Match | None:
    """The date a follow-up names, when it names nothing else."""
    match = DATE.search(question)
    return match if match and _DATE_FILLER.match(question[:match.start()] + " " + question[match.end():]) else None


def resolve(question: str, history: list[str] | None) -> str:
    """The question as it stands alone: a follow-up swaps its subject into the last question (or is
    joined to it); one that asks a question of its own is asked without its opener; one that points back
    with a pronoun is joined to the last question; any other question is returned as asked."""
    question = question.strip()
    if not history:
        return question
    if not is_follow_up(question):
        return _joined(history[-1], question) if _points_back(question) else question
    dated = _date_only(question)
    if dated:   # tied to the law as kb.asked_date reads it, so that the answer is of that day's version
        previous = history[-1].strip()
        if re.search(r"[\u4e00-\u9fff]", previous):
            return f"{dated.group()}时有效的规定：{previous}"
        lowered = previous[:1].lower() + previous[1:] if previous[1:2].islower() else previous   # not "cNIPA"
        return f"As of {dated.group()}, {lowered}"
    english = bool(_EN_FOLLOW.match(question))
    core = _EN_FOLLOW.sub("", question).strip(" ,，") if english else question
    # A follow-up asking its own question through a pronoun ("And what happens to the licence fees it receives?")
    # still leans on the last one for what the pronoun names: joined to it.
    # So does one that names no subject of its own ("那要是已经约定好的报酬，后面还能调吗？": whose fee?).
    if english and (_OWN_ASK.search(core) or _OWN_YES_NO.search(core)):
        own = core[:1].upper() + core[1:]
        leans = _POINTS_BACK_EN.search(core) or not _subject(core)
        return _joined(_swapped(history[-1], core, rights_only=True) or history[-1], own) if leans else own
    if not english and (_OWN_ASK.search(question) or _OWN_ASK_ZH.search(question)):
        own = re.sub(r"呢(?=[，,？?。]|$)", "", _ZH_OPENER.sub("", question))   # "那许可别人使用商标呢，需要备案吗" -> "许可别人使用商标，需要备案吗"
        leans = _POINTS_BACK_ZH.search(own) or not _subject(own)
        return _joined(_swapped(history[-1], own, rights_only=True) or history[-1], own) if leans else own
    previous = history[-1].strip()
    swapped = _swapped(previous, question)
    if swapped:
        return swapped
    # No subject of the same kind to swap: ask the earlier question about the new thing.
    core = (core if _EN_FOLLOW.match(question) else _ZH_FOLLOW.match(question).group(1)).strip(" ?？,，")
    return _joined(previous, core)
