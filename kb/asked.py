"""The asked clause of a question: the interrogative part after the scene a lawyer sets ("The originator plans to sell
its royalty receivables to a factoring company. How does the Civil Code define a factoring contract?")."""
from __future__ import annotations

import re

from kb.glossary import chinese_terms
from kb.tokenize import is_chinese, tokenize

# Sentences end at . ? ! ; (and their Chinese forms); a decimal point or "Art. 5" is no end (the next word
# must start with a capital letter or a quote, as a new sentence does).
_EN_SENTENCE = re.compile(r"(?<=[.?!;])\s+(?=[A-Z\"'(])")
_ZH_SENTENCE = re.compile(r"(?<=[。？！；?!;])")
# Whole sentences in either language, as kb.limits reads a limit asked (asking_sentences): coarser on purpose, no
# clause of a sentence cut off (the held-out Chinese lost cites-first when limits read the asked clause instead).
_ANY_SENTENCE = re.compile(r"(?<=[。！？!?])\s*|(?<=[.;])\s+")
# "专项计划想接过整份合同，不只是收费的权利，这需要对方同意吗？": one sentence whose last clause asks.
_ZH_CLAUSE = re.compile(r"(?<=[，,：:])")
# Words an English question opens its asked clause with.
_ASKING = ("can", "could", "may", "might", "must", "does", "do", "did", "is", "are", "was", "were", "will",
           "would", "should", "shall", "has", "have", "what", "how", "when", "which", "who", "whom", "whose",
           "where", "why", "whether")
_OPENS_ASKING = re.compile(r"^(?:%s)\b" % "|".join(_ASKING), re.I)
# "If the originator goes bankrupt, can our licensees keep ...?": after a clause of condition or time, the asked
# clause starts at the comma ("And the copyrights in its software, can those be pledged?" names its subject first).
_SCENE_OPENING = re.compile(r"^(?:if|when|once|before|after|since|although|though|because|while|unless)\b", re.I)
# Not at "who", "which", "where", "when", "whose", "whom": after a comma they open a relative clause ("If the
# licensee, who has paid the royalty, is sued, can it stop paying?").
_ASKED_AFTER_COMMA = re.compile(r",\s+(?=(?:%s)\b)" % "|".join(
    w for w in _ASKING if w not in ("who", "whom", "whose", "which", "where", "when")), re.I)
# Words that ask for something rather than for yes or no; kb.followup reads a follow-up's own question with them
# too. 几 in 几乎 ("almost"), 未来几年, 近几年, 好几个 or 十几天 does not ask.
ZH_QUESTION_WORDS = r"什么|如何|怎么|怎样|哪|谁|是否|能否|可否|多少|多久|多长|(?<!未来)(?<!近)(?<!好)(?<!十)(?<!过去)几(?!乎)"
EN_QUESTION_WORDS = r"\b(?:which|what|who|whom|whose|when|where|how|whether|why)\b"
# 么 asks alone or in 什么 / 怎么, not in 这么 / 那么 ("认为不能这么做。" is a statement).
_ZH_ASKING = re.compile(rf"[吗呢？?]|(?<![这那多要])么|{ZH_QUESTION_WORDS}")
# Words that make no point of their own in an asked clause ("Is that right?", "Was that allowed?", "Can it
# still rely on that?"): such a clause leans on the scene, and the whole question is searched as it stands.
_EMPTY = frozenset(tokenize("""right true correct allowed allow permitted permissible ok okay fine possible case
really still so then now also ever legal lawful valid enough good problem rely relying do done happen happens
say says mean means apply applies let lets law laws rule rules require requires
required 对 对吗 可以 行 允许 合法 有效 这样 这些 那样 这种 情况 问题 还 吗"""))


# A sentence that asks only whether what came before is so.
_CONFIRMING = re.compile(r"\s*(?:(?:and |so )?(?:is|was) (?:that|this|it) (?:right|correct|true|so|the case)|right|correct|true"
                         r"|对吗|是吗|对不对|是不是|是这样吗|没错吧|对吧)\s*[？?]\s*$", re.I)


def asking_sentences(question: str) -> list[str]:
    """The whole sentences of `question` that ask: those ending in a question mark, else the last one; all of them
    when the asking ones only ask to confirm what was said ("…up to ten years of compensation. Is that right?").
    Coarser than asked_clause: what kb.limits reads a limit asked from."""
    sentences = [s for s in _ANY_SENTENCE.split(question.strip()) if s.strip()]
    asking = [s for s in sentences if re.search(r"[？?]\s*$", s)] or sentences[-1:] or [question]
    return sentences if all(_CONFIRMING.match(s) for s in asking) else asking


def asked_clause(question: str) -> str:
    """The part of `question` that asks, when the question sets a scene before it; "" when the question is
    all ask, or when its asked part has no point of its own (then the whole question is what is asked)."""
    text = " ".join(question.split())
    asked = _chinese_ask(text) if is_chinese(text) else _english_ask(text)
    if not asked or len(asked) >= len(text) or not _has_point(asked):
        return ""
    return asked


def tells_a_story(question: str) -> bool:
    """Does the question tell a deal's facts before it asks? Not when what comes before the asked clause is a case put
    as the law puts one, ending in 的 ("债权人转让债权，未通知债务人的，对债务人有什么效力？"): that asks the rule for the
    case, as plainly as a question with no scene."""
    text = " ".join(question.split())
    asked = asked_clause(text)
    if not asked:
        return False
    return not _CASE_PUT.search(text[:text.rfind(asked)])


# The end of a case put as a statute puts it: "…未通知债务人的，".
_CASE_PUT = re.compile(r"的\s*[，,]\s*$")


def _english_ask(text: str) -> str:
    sentences = [s for s in _EN_SENTENCE.split(text) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    if not asking:
        return ""
    first = asking[0]
    if not _OPENS_ASKING.match(first) and _SCENE_OPENING.match(first):
        commas = list(_ASKED_AFTER_COMMA.finditer(first))
        if commas:   # the last: "If the licensee, who has paid, is sued, can it stop paying?"
            first = first[commas[-1].end():]
    return " ".join([first, *asking[1:]])


def _chinese_ask(text: str) -> str:
    sentences = [s for s in _ZH_SENTENCE.split(text) if s.strip()]
    if len(sentences) < 2:
        # One sentence: its last clause when that one asks after a story of two clauses or more; a topic named
        # before one comma is no scene ("证券公司担任专项计划管理人，净资本要求是多少？" asks about the plan's manager).
        clauses = [c for c in _ZH_CLAUSE.split(text) if c.strip()]
        return clauses[-1] if len(clauses) > 2 and _ZH_ASKING.search(clauses[-1]) else ""
    # A sentence closed by 。 states, whatever words it holds ("入池的主要是几件实用新型专利。": a few, not how many).
    return "".join(s for s in sentences if _ZH_ASKING.search(s) and not s.rstrip().endswith("。"))


def _has_point(asked: str) -> bool:
    """Does the asked part name something itself: a glossary term, or two words beyond the empty ones?"""
    if not is_chinese(asked):
        # "right" alone is no point ("Is that right?"), though the glossary has it (权利)
        asked = " ".join(w for w in re.findall(r"[\w-]+", asked) if not set(tokenize(w)) <= _EMPTY)
        if chinese_terms(asked):
            return True
    return len({t for t in tokenize(asked) if t not in _EMPTY}) >= 2


# The deal's cast and its money, the words an arranger sets a scene with: where only the scene names them, they (an
# English question's glossary terms for them: 使用费, 被许可人, 原始权益人, 专项计划) stay out of the words searched, or
# they pull the licence-fee, technical-service and ABS articles ahead of the one on the point asked. By language.
# Not in the Chinese list: 许可人 (the statutes' own word, and inside 被许可人), 资产支持证券 and 投资者 (what an ABS
# rule is about; questions_zh_tuning7 measured the same with them), bare 管理人 (inside 破产管理人).
SCENE_WORDS = {
    "en": ("royalty", "royalties", "licence fee", "license fee", "licence fees", "license fees", "licence-fee",
           "license-fee", "licensee", "licensees", "licensor", "licensors", "originator", "special plan", "SPV",
           "pool", "pooled", "servicer", "ABS", "tranche", "investor", "investors"),
    "zh": ("许可费", "使用费", "被许可人", "专利实施许可合同", "专利许可合同", "许可合同", "原始权益人",
           "资产支持专项计划", "专项计划", "基础资产", "资产池", "入池", "资产服务机构", "服务机构", "计划管理人",
           "技术服务"),
}


def scene_words(question: str) -> list[str]:
    """The SCENE_WORDS a question uses only in the scene it sets before its asked clause."""
    asked = asked_clause(question)
    if not asked:
        return []
    scene = question.replace(asked, " ")
    if is_chinese(question):
        # 服务机构 asked is the 资产服务机构 of the scene: a word the asked clause names by its short form stays.
        asked_words = _said_zh(asked)
        return sorted((w for w in _said_zh(scene) if not any(w.endswith(a) for a in asked_words)), key=question.find)

    def said(word: str, text: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I) is not None

    return [w for w in SCENE_WORDS["en"] if said(w, scene) and not said(w, asked)]


# At each place the longest word: 被许可人 is no 许可人.
_ZH_SCENE = re.compile("|".join(sorted(SCENE_WORDS["zh"], key=len, reverse=True)))


def _said_zh(text: str) -> set[str]:
    return set(_ZH_SCENE.findall(text))


def without_scene_words(question: str) -> str:
    """`question` with the SCENE_WORDS of its scene only blanked out, the words it is searched with."""
    words = scene_words(question)
    if not words:
        return question
    if is_chinese(question):
        return _ZH_SCENE.sub(lambda m: " " if m.group() in words else m.group(), question)
    return re.sub("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words), " ", question, flags=re.I)


def scene_terms(question: str) -> set[str]:
    """The glossary's Chinese terms for the scene-only SCENE_WORDS of an English question, less those its asked
    clause has (a Chinese question's scene words are left out of it as they stand: without_scene_words)."""
    if is_chinese(question):
        return set()
    words = scene_words(question)
    if not words:
        return set()
    return set(chinese_terms(" , ".join(words))) - set(chinese_terms(asked_clause(question)))


def asked_point(question: str) -> str:
    """What a Chinese question asks: of several clauses the last that asks, its deal words (SCENE_WORDS) blanked
    ("原始权益人把许可费应收账款转让给专项计划，需要通知被许可人吗？" asks 需要通知吗); else the whole question, whose
    deal words may be its subject ("资产支持专项计划的存续期限最长不得超过几年？")."""
    clauses = [c for c in _ZH_CLAUSE.split(" ".join(question.split())) if c.strip()]
    asking = [c for c in clauses if _ZH_ASKING.search(c)]
    return _ZH_SCENE.sub(" ", asking[-1]) if len(clauses) > 1 and asking else question
