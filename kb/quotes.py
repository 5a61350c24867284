"""Quotes: the sentences of a passage that answer the question, its PDF line breaks joined, never cut mid-word."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping

from kb.glossary import expand, legal_terms
from kb.records import CHINESE_INSTRUMENT_ENDS
from kb.tokenize import is_chinese, tokenize

MAX_QUOTE_CHARS = 360
# A quote shorter than this is usually a heading or a lead-in ("有下列情形之一的："): its next sentence joins it.
SHORT_QUOTE = 40
# A further sentence joins the quote when it answers as well as the best one (a tie, not a near miss:
# the term-compensation sentences of 专利法第四十二条 share the question's words but not its answer).
ALSO_QUOTE = 0.97

_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z(\"“]|\d{1,3}[.)]\s)|\n\s*\n+")
_CJK = "\u3400-\u9fff\uf900-\ufaff，。；：、（）《》“”"
# A line that starts a new unit (item, paragraph number, article, list dash) keeps its line break.
_PARAGRAPH_NUMBER = re.compile(r"\(?\d{1,3}[.)]|\([a-z]{1,4}\)")
_NEW_UNIT = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\da-z]+[）)]|\d+[.、]|第[一二三四五六七八九十百零〇\d]+[条款]|[-*•]\s)")
# An item of an enumeration: （一）, (1), (a), 1. / 1、 at a sentence start.
_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\da-z]{1,4}[）)]|\d{1,2}[.、](?!\d))")
# A question for the members of a list: which assets, what circumstances, 哪些情形.
ASKS_LIST = re.compile(r"哪些|哪几|哪一些|包括什么|有什么情形|\bwhich\b|\bwhat (?:are|kinds?|types?|sorts?)\b|\blist\b", re.I)
# A paragraph without any punctuation (standing apart from the text after it): a title or heading.
_HEADING = re.compile(r"(?=.*\w)[^。！？；;：:，,.!?\n]{1,60}")
# Marks where sentences of the passage were left out between two quoted ones.
GAP = "…"

# Sentences of an article in the other language embedded to find the answering one: about 5 ms each on
# this 2-core machine (12 ms for one, 45 for eight, 82 for sixteen), within the ask's 100 ms at p95.
MEANING_CANDIDATES = 3
# Cosines of a question and sentences closer than this are e5's noise, not a difference in meaning: three
# candidates at 0.806 / 0.812 / 0.808 must not outvote the words (担保制度解释第十一条's first paragraph).
MEANING_NOISE = 0.005
# How close (characters) a question word must stand before the fact for the proximity bonus:
# "期限为二十年" in Chinese, "a term of 20 years" in English.
PROXIMITY = {"zh": 4, "en": 16}
# What kind of fact the question asks for, and how a sentence that states one looks.
_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety"
_NUMBER = rf"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千两半]+|\b(?:{_WORDS})(?:[- ](?:{_WORDS}))?)"
_CUES = {
    "time": (re.compile(r"期限|多久|多长|几年|有效期|何时|什么时候|时限|之日|how long|term\b|duration|last|expire|deadline|when|within|period", re.I),
             re.compile(rf"{_NUMBER}\s*(?:年|个月|月|日|天|周|years?|months?|days?|weeks?)|之日起|届满|within|from the date", re.I)),
    "amount": (re.compile(r"比例|多少|百分之|金额|不低于|不超过|percent|%|how much|minimum|maximum|at least|threshold|\brate\b|\bshare\b", re.I),
               re.compile(rf"百分之{_NUMBER}|{_NUMBER}\s*(?:%|％|万元|亿元|元|倍)|not less than|at least|no more than|不低于|不少于|不超过", re.I)),
    "condition": (re.compile(r"条件|要求|应当|必须|哪些|谁|who|what must|requirement|condition|must|may|eligible", re.I),
                  re.compile(r"应当|必须|不得|可以|下列|shall|must|may not|may only|only if|provided that", re.I)),
}


def join_line_breaks(text: str) -> str:
    """Join lines broken by page layout (PDF): inside a paragraph a single break joins the words,
    with nothing between Chinese characters and a space between English ones."""
    lines = text.split("\n")
    out = lines[0] if lines else ""
    for line in lines[1:]:
        if not line.strip() or not out.strip() or out.endswith("\n") or _NEW_UNIT.match(line):
            out += "\n" + line
        elif re.search(f"[{_CJK}]$", out.rstrip()) and re.match(f"\\s*[{_CJK}]", line):
            out = out.rstrip() + line.lstrip()
        else:
            out = out.rstrip() + " " + line.lstrip()
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences end at 。！？ or . ! ? and at blank lines; a semicolon stays inside its sentence, and a
    paragraph's number ("11. The underlying exposures …") heads the sentence after it."""
    sentences: list[str] = []
    for part in (s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()):
        if sentences and _PARAGRAPH_NUMBER.fullmatch(sentences[-1]):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return sentences


# Words that name the same thing in a question and in the text that answers it: a question about a
# patent's 期限 is answered by a note saying its 保护期 is twenty years.
SAME_TERM = {"保护期": "期限", "有效期": "期限", "存续期": "期限", "保护期限": "期限"}


def terms(text: str) -> set[str]:
    """The words of a text as quotes compare them: 保护期 and 有效期 read as 期限."""
    return {SAME_TERM.get(t, t) for t in tokenize(text)}


def _weight(token: str) -> float:
    # Longer words carry more meaning (知识产权 vs 权); numbers such as article numbers count fully.
    return 1.0 + math.log(len(token))


def term_coverage(question_tokens: set[str], text: str) -> float:
    """Share of the question's weighted terms that occur in `text`."""
    if not question_tokens:
        return 0.0
    present = terms(text) & question_tokens
    return math.fsum(map(_weight, present)) / math.fsum(map(_weight, question_tokens))


# Laws state a rule and its negative case side by side ("在证券交易场所挂牌的，…；不在证券交易场所挂牌转让的，…",
# "有约定的…；没有约定的…"): the words are nearly the same, only the negation tells them apart.
NEGATIVE_CASE_BONUS = 0.2
# A prohibition with its exception ("不得转让或者许可他人使用，但是…协商同意的除外") states the case without the exception too.
_NEGATIVE_CASE = re.compile(r"未经|(?:不|未|没有|无|非)(?!得|予|应|能|可|超过|少于|低于|高于|足|动产|特定)[\u4e00-\u9fff]{0,12}?的[，,]|"
                            r"不得[^。；;]{0,40}?但(?:是)?[^。；;]{0,40}?除外|"
                            r"\b(?:if|where|when)\b[^.;]{0,60}\b(?:not|no)\b|\b(?:unless|without|fails? to)\b", re.I)
# A question about the negative case: "will not be listed", "没有约定", "未登记"; not the A-not-A of a yes/no
# question (能不能, 是不是) nor "no more than" asking for a limit.
_ASKS_NEGATIVE = re.compile(r"\b(?:not|never|without)\b(?!\s+(?:more|less|later|earlier)\b)|n't\b|\bno\b(?!\s+(?:more|less|later|earlier)\b)|"
                            r"(?<![能是会要可有该用])(?:不(?!动产|特定)|未(?!来)|没有|没)(?![得能是会要可用行超少低高])", re.I)


# A proviso ("但…除外", "但是…", "However, …") qualifies the sentence before it: a rule is never quoted without it.
_PROVISO = re.compile(r"^(?:但是|但|(?:however|provided(?: that)?|unless)\b)", re.I)


def asks_negative_case(question: str) -> bool:
    """Does the question ask about the case where something is not done or not so ("if it is not listed")?"""
    # A negative yes/no question ("Doesn't a pledge need registration?") asks no negative case either.
    return bool(_ASKS_NEGATIVE.search(re.sub(r"(.)[不没]\1|是否|^\W*\w+n't\b", "", question.strip())))


def asked_for(question: str) -> list[str]:
    """The kinds of fact the question asks for (time, amount, condition)."""
    return [kind for kind, (asks, _) in _CUES.items() if asks.search(question)]


def answer_score(question_tokens: set[str], kinds: list[str], sentence: str, negated: bool = False) -> float:
    """Term coverage, plus a bonus when the sentence states the kind of fact asked for, and more when
    it states it right after a word of the question ("期限为二十年", "term of 20 years"); when the question
    asks about the negative case (`negated`: "not listed", "未约定"), a bonus for the sentence that states it."""
    score = term_coverage(question_tokens, sentence)
    if negated and _NEGATIVE_CASE.search(sentence):
        score += NEGATIVE_CASE_BONUS
    for kind in kinds:
        for match in _CUES[kind][1].finditer(sentence):
            score += 0.3
            window = PROXIMITY["zh" if re.match(f"[{_CJK}]", sentence[max(0, match.start() - 1)]) else "en"]
            before = terms(sentence[max(0, match.start() - window):match.start()])
            if before & question_tokens:
                score += 0.2
                # The very word the question asks about ("期限", "保护期", "term") names this fact: the
                # sentence states the answer, whatever else of the question it repeats.
                if any(_CUES[kind][0].fullmatch(token) for token in before & question_tokens):
                    score += 0.3
            break
    return score


def states_something(text: str) -> bool:
    """Does the text hold a sentence at all? A law's title with its adoption history, or a heading alone,
    has no sentence mark: it states no rule and is never quoted as one."""
    return bool(re.search(r"[。！？；;!?]|[.:](?:\s|$)", text))


def quote_sentences(text: str) -> list[str]:
    """The sentences a quote is chosen from: PDF line breaks joined, split at sentence ends; a heading
    standing apart (a title line, no punctuation) is not one: it names the text, it states nothing."""
    paragraphs = re.split(r"\n\s*\n+", join_line_breaks(text))
    stating = [p for p in paragraphs if not _HEADING.fullmatch(p.strip())]
    return split_sentences("\n\n".join(stating or paragraphs)) or [text.strip()]


def meaning_candidates(question: str, text: str, n: int = MEANING_CANDIDATES) -> list[str]:
    """The `n` sentences of `text` the glossary's words rank best for `question` (all when it has no more):
    the ones worth embedding when the question is in another language."""
    sentences = quote_sentences(text)
    if len(sentences) <= n:
        return sentences
    tokens, kinds, negated = terms(expand(question)), asked_for(question), asks_negative_case(question)
    best = sorted(range(len(sentences)), key=lambda i: -answer_score(tokens, kinds, sentences[i], negated))[:n]
    return [sentences[i] for i in sorted(best)]


def answering_quote(question: str, text: str, max_chars: int = MAX_QUOTE_CHARS,
                    similarity: Mapping[str, float] | None = None, title: str = "") -> str:
    """The sentence(s) of `text` that answer `question`, in the order they stand.

    `similarity` (sentence -> the embedding similarity of question and sentence, for the sentences
    `meaning_candidates` names) is for a question in another language than the text: they share no words
    to compare, only meaning. Then the best of those sentences by meaning and by the glossary's words is
    quoted (bench/eval_quotes.py: English over Chinese articles 16/24 by words alone, 20/24 so).

    `title`: the document's title. Where the question names the document by it ("尽职调查工作指引里说的业务参与人
    包括哪些" is about 业务参与人), those words name the instrument, not what is asked of it: they do not count.
    The title's words used as a concept ("哪些基础资产被列入负面清单") still do."""
    sentences = quote_sentences(text)
    kinds, negated, asks_list = asked_for(question), asks_negative_case(question), bool(ASKS_LIST.search(question))
    other_language = is_chinese(question) != is_chinese(text)
    if similarity is None:
        tokens = _question_terms(question, other_language, title)
        scores = [answer_score(tokens, kinds, s, negated) for s in sentences]
    else:
        # Meaning and the glossary's words, each standardised over the candidates, count alike: meaning
        # alone takes "how long is a patent protected" to the new-drug cap of 十四年.
        tokens = terms(expand(question))
        candidates = [i for i, s in enumerate(sentences) if s in similarity] or list(range(len(sentences)))
        by_words = _standardized([answer_score(tokens, kinds, sentences[i], negated) for i in candidates])
        by_meaning = _standardized([similarity.get(sentences[i], 0.0) for i in candidates], MEANING_NOISE)
        scores = [-math.inf] * len(sentences)
        for i, w, m in zip(candidates, by_words, by_meaning):
            scores[i] = w + m
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    chosen = {best}

    def fits(i: int) -> bool:
        return sum(len(sentences[j]) for j in chosen) + len(sentences[i]) <= max_chars

    if is_lead_in(sentences[best]) and not asks_list:
        # "…还需要符合以下要求：" shares the question's setting, not its answer: the best of what follows it is
        # quoted with it ("…以下要求：…不得附带抵押、质押等担保负担").
        after = [i for i in _listed_after(text, sentences, best) if scores[i] > 0]
        if after:
            item = max(after, key=lambda i: (scores[i], -i))
            best, chosen = item, ({best, item} if fits(item) else {item})
    if len(chosen) == 1 and len(sentences[best]) < SHORT_QUOTE and best + 1 < len(sentences):
        chosen.add(best + 1)
    # Which further sentences answer as well as the best: a near tie of words, or the same standardised sum.
    joins = max(ALSO_QUOTE * scores[best], 1e-9) if similarity is None else scores[best]
    for i, score in enumerate(scores):
        if i not in chosen and score >= joins and fits(i):
            chosen.add(i)
    for i in _part_answers(question, title, sentences, other_language):
        if i not in chosen and fits(i):
            chosen.add(i)
    for i in sorted(chosen):
        for j in _referred_back(text, sentences, i):
            if j not in chosen and fits(j):
                chosen.add(j)
    for j, sentence in enumerate(sentences):
        if j not in chosen and _EXCEPT_PRECEDING.match(sentence) and chosen & set(_referred_back(text, sentences, j)) \
                and fits(j):
            chosen.add(j)
    for i in sorted(chosen) if not asks_list else []:   # a list's items are quoted without theirs
        following = i + 1
        if following < len(sentences) and following not in chosen and _PROVISO.match(sentences[following]) and \
                fits(following):
            chosen.add(following)
    listed, more = _list_items(sentences, best, max_chars - sum(len(sentences[j]) for j in chosen)) \
        if asks_list else (set(), False)
    chosen |= listed
    quote = _joined(sentences, sorted(chosen), is_chinese(text))
    # A list quoted in part says so: items, or the rest of the last one, follow in the passage.
    more = more or bool(listed) and max(chosen) < len(sentences) - 1
    return shorten(quote + (GAP if more else ""), max_chars)


def _question_terms(question: str, other_language: bool, title: str) -> set[str]:
    """The words a quote is chosen by: a layman's words count as the statute's (垫付 as 先行支付, 代办 as 委托代理人:
    kb/data/plain_words.tsv); a question in the other language is read through the glossary (a note the bridge
    reads for an English question); words naming the document by its title do not count."""
    tokens = terms(expand(question) if other_language else " ".join([question, *legal_terms(question)]))
    return (tokens - (terms(_title_named(question, title)) & terms(title))) or tokens


# Where a question asks a further thing: after a question mark, or at ", and what/how/…" in English.
_NEXT_PART = re.compile(r"(?<=[？?])\s*|,?\s+and\s+(?=(?:what|which|how|when|who|whom|whether|where|is|are|does|do|can|must|should)\b)", re.I)


def question_parts(question: str) -> list[str]:
    """The things a question asks, each with the words that ask it ("…这样做可以吗？", "声明里需要写些什么？");
    the story told before the first stays with it. One part: [question]."""
    return [part for part in _NEXT_PART.split(question.strip()) if part and part.strip()] or [question]


def _part_answers(question: str, title: str, sentences: list[str], other_language: bool) -> list[int]:
    """For a question of several parts, the sentence answering each part best by its words: "可以吗？…写些什么？"
    is answered by the condition and by the list, not by the list alone."""
    parts = question_parts(question)
    if len(parts) < 2:
        return []
    found = []
    for part in parts:
        tokens = _question_terms(part, other_language, title)
        kinds, negated = asked_for(part), asks_negative_case(part)
        scores = [answer_score(tokens, kinds, s, negated) for s in sentences]
        best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
        if scores[best] > 0:
            found.append(best)
    return found


# A sentence applying the paragraph before it ("依前款确定的价值…", "参照适用前款规定", "the preceding paragraph")
# says nothing without it.
_REFERS_BACK = re.compile(r"前款|前两款|preceding paragraph", re.I)
# A paragraph stating the rule for every case but the one before it ("除前款规定的情形外，…应当取得全体共有人的同意"):
# the paragraph before states an exception, and quoted without it reads as the whole rule (a co-owner "may license
# alone", when only a non-exclusive licence is so).
_EXCEPT_PRECEDING = re.compile(r"^(?:除(?:前款|前两款)|(?:except|save) (?:as|in the cases?) (?:provided|set out|referred to) in the preceding paragraph)", re.I)


def _referred_back(text: str, sentences: list[str], i: int) -> list[int]:
    """The sentences of the paragraph (款, with its items) before sentence `i` when `i` refers back to it."""
    if not _REFERS_BACK.search(sentences[i]):
        return []
    clause_of, clause = [], -1
    # A paragraph ends where a line ends a sentence: stored articles keep one line break between 款.
    for paragraph in map(join_line_breaks, re.split(r"(?<=[。！？.!?])[ \t]*\n\s*", text)):
        if _HEADING.fullmatch(paragraph.strip()) or not paragraph.strip():
            continue
        if not is_item(paragraph) or clause < 0:
            clause += 1
        clause_of += [clause] * len(split_sentences(paragraph))
    if len(clause_of) != len(sentences):   # split otherwise than the quote's sentences: leave it
        return []
    return [j for j in range(i) if clause_of[j] == clause_of[i] - 1]


# How an instrument's name ends: a span of the question ending so, and found in the title, names the document.
_INSTRUMENT_END = re.compile(CHINESE_INSTRUMENT_ENDS + r"|\b(?:Regulation|Act|Law|Code|Directive|Guidelines?|Rules?)\b")


def _title_named(question: str, title: str) -> str:
    """Where the question names the document: its text up to the end of the longest span (3 characters or
    more) found in the title and ending as an instrument's name does ("资产证券化尽职调查工作指引" for a
    title ending 业务尽职调查工作指引: the words before the span name it too); "" when it is not named."""
    best, naming = 0, ""
    for end in (m.end() for m in _INSTRUMENT_END.finditer(question)):
        length = next((end - start for start in range(end - 2) if question[start:end] in title), 0)
        if length > best:
            best, naming = length, question[:end]
    return naming


def _listed_after(text: str, sentences: list[str], lead_in: int) -> list[int]:
    """The sentences of the list a lead-in opens: those on the lines after it that open an item ("（一）…", with
    the rest of that item's line), not a paragraph after the list."""
    lines = [line.strip() for line in join_line_breaks(text).split("\n") if line.strip()]
    start = next((n for n, line in enumerate(lines) if sentences[lead_in] in line), None)
    if start is None:
        return []
    body = []
    for line in lines[start + 1:]:
        if not is_item(line):
            break
        body.append(line)
    return [i for i in range(lead_in + 1, len(sentences)) if any(sentences[i] in line for line in body)]


def is_lead_in(sentence: str) -> bool:
    """Does the sentence lead into what follows it ("还需要符合以下要求：", "the following conditions:")?"""
    return sentence.rstrip().endswith(("：", ":"))


def is_item(sentence: str) -> bool:
    """Does the sentence open an item of an enumeration (（一）, (a), 1.)?"""
    return bool(_ITEM.match(sentence))


def _list_items(sentences: list[str], best: int, room: int) -> tuple[set[int], bool]:
    """For a question asking which things a list holds: the opening sentence of each item of the
    enumeration that follows the best sentence (within two sentences of it), as many as fit in `room`
    characters, and whether items were left out. An item's further sentences (its exceptions) are
    left out with the gap marked, so the reader knows to read on."""
    items = [i for i in range(best + 1, len(sentences)) if is_item(sentences[i])]
    if not items or items[0] > best + 2:
        return set(), False
    taken: set[int] = set()
    for i in items:
        room -= len(sentences[i])
        if room < 0:
            return taken, True
        taken.add(i)
    return taken, False


def _joined(sentences: list[str], chosen: list[int], chinese: bool) -> str:
    """The chosen sentences in order; where sentences between two of them are left out, a gap mark."""
    glue = "" if chinese else " "
    out = sentences[chosen[0]]
    for before, i in zip(chosen, chosen[1:]):
        out += (glue if i == before + 1 else f"{glue}{GAP}{glue}") + sentences[i]
    return out


def _standardized(values: list[float], noise: float = 0.0) -> list[float]:
    """Each value's distance from the mean in units of their spread, the spread taken as at least `noise`."""
    mean = sum(values) / len(values)
    spread = max(math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)), noise)
    return [(v - mean) / spread if spread > 1e-9 else 0.0 for v in values]


def shorten(text: str, max_chars: int = MAX_QUOTE_CHARS) -> str:
    """At most `max_chars`, cut at the last clause boundary (or space) so no word is split."""
    text = re.sub(r"[ \t]*\n[ \t]*", " " if not is_chinese(text) else "", text).strip()
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    cut = max(head.rfind(mark) for mark in "，；：,;:")
    if cut < max_chars // 2:
        cut = head.rfind(" ") if not is_chinese(head) else max_chars - 1
        # Chinese is cut anywhere, but not inside a Latin word it holds ("…1134号 pe…" of a status line).
        if is_chinese(head) and _latin(text[cut]) and _latin(text[cut + 1]) and head.rfind(" ") > max_chars // 2:
            cut = head.rfind(" ")
    return head[:cut + 1].rstrip(" ,;:") + "…"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
