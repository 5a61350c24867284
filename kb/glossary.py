"""Query expansion: the bilingual legal glossary (kb/data/glossary.tsv) both ways, and everyday Chinese words to the statutes' terms."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import Stemmer

from kb.tokenize import _EN_STOP as STOPWORDS   # the lexical index's English function words

GLOSSARY = Path(__file__).parent / "data" / "glossary.tsv"
PLAIN_WORDS = Path(__file__).parent / "data" / "plain_words.tsv"
# STARD train (1,235 layman questions, 58,612 articles, e5) lexical R@10 / R@100 0.4485 / 0.6494 without
# the everyday words, 0.4550 / 0.6620 with them; hybrid 0.5503 / 0.7678 -> 0.5542 / 0.7765.
PLAIN_EXPANSION = True
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("english")
# Past forms the stemmer leaves as they are ("sold" stays "sold"), of verbs the glossary has: a question tells
# what happened ("the originator sold the patents") where the glossary names the act ("sell").
_IRREGULAR = {"sold": "sell", "paid": "pay", "lent": "lend", "bought": "buy", "withdrew": "withdraw",
              "withdrawn": "withdraw", "froze": "freeze", "frozen": "freeze", "told": "tell"}


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(english phrase -> chinese terms, chinese term -> english phrases), read once."""
    to_zh: dict[str, list[str]] = {}
    to_en: dict[str, list[str]] = {}
    for number, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        terms = [t.strip() for t in chinese.split("|") if t.strip()]
        if not english.strip() or not terms:
            raise ValueError(f"{GLOSSARY}: line {number} needs english<TAB>chinese")
        phrase = " ".join(english.lower().split())
        to_zh.setdefault(phrase, []).extend(t for t in terms if t not in to_zh.get(phrase, []))
        for term in terms:
            to_en.setdefault(term, []).append(phrase)
    return ({k: tuple(v) for k, v in to_zh.items()}, {k: tuple(v) for k, v in to_en.items()})


def _stems(text: str) -> tuple[str, ...]:
    """Lowercased English word stems, stopwords kept: a phrase matches whatever its inflection
    ("pledged receivables" finds the entry "pledge receivable")."""
    return tuple(_stemmer.stemWord(_IRREGULAR.get(w, w)) for w in _WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def _by_stems() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """(stemmed english phrase -> chinese terms, the longest phrase's length in words)."""
    table: dict[tuple[str, ...], list[str]] = {}
    for phrase, terms in _entries()[0].items():
        merged = table.setdefault(_stems(phrase), [])
        merged.extend(t for t in terms if t not in merged)
    return {k: tuple(v) for k, v in table.items() if k}, max((len(k) for k in table), default=0)


@lru_cache(maxsize=1)
def _by_words() -> dict[tuple[str, ...], tuple[str, ...]]:
    """(english phrase as written, in lowercase words -> chinese terms): an entry spelt as the question
    spells it wins over the others its stems merge it with ("securities" and "security" both stem to
    "secur", "inventiveness" and "invention" to "invent", "designer" and "design" to "design"). On
    bench/data/questions_en_tuning2.jsonl (with the words added beside it) search Hit@1 / Hit@5 0.603 /
    0.879 against 0.569 / 0.845 with stems alone; questions.jsonl and gate_questions.jsonl search unchanged."""
    return {tuple(_WORD.findall(phrase)): terms for phrase, terms in _entries()[0].items()}


def _english_scan(question: str) -> tuple[list[str], list[str]]:
    """(the glossary's Chinese terms for the English phrases of `question`, in order, without repeats;
    the question's other words, function words left out): at each word the longest phrase wins
    ("patent right" over "patent"), and of phrases as long, the one spelt as the question spells it
    before one matched by stems only."""
    table, longest = _by_stems()
    exact = _by_words()
    plain = _WORD.findall(question.lower())
    words = _stems(question)
    found: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            # A function word alone is no term, whatever it stems to ("under" is the stem of "underlying").
            terms = (exact.get(tuple(plain[i:i + n])) or table.get(words[i:i + n])) \
                if n > 1 or plain[i] not in STOPWORDS else None
            if terms:
                found.extend(terms)
                i += n
                break
        else:
            if plain[i] not in STOPWORDS:
                rest.append(plain[i])
            i += 1
    return list(dict.fromkeys(found)), rest


# Security over an IP right is a pledge of it (民法典第四百四十条第五项, 第四百四十四条): "a security interest over a patent"
# means 质权 and 出质, which "security interest" alone (担保物权, 抵押权) never reaches.
_IP_RIGHTS = frozenset({"专利", "专利权", "商标", "注册商标", "商标权", "注册商标专用权", "著作权", "版权", "知识产权"})
_SECURITY = frozenset({"担保物权", "担保", "抵押权", "抵押", "担保财产"})
_IP_SECURITY = ("质权", "出质")


def chinese_terms(question: str) -> list[str]:
    """Chinese legal terms for the English phrases of `question`, in order, without repeats; at each
    word the longest phrase wins ("patent right" over "patent"), and of phrases as long, the one spelt
    as the question spells it before one matched by stems only."""
    found = _english_scan(question)[0]
    if _IP_RIGHTS & set(found) and _SECURITY & set(found):
        found = list(dict.fromkeys([*found, *_IP_SECURITY]))
    return found


def uncovered_words(question: str) -> list[str]:
    """The English words of `question` that no glossary phrase covers, function words left out."""
    return _english_scan(question)[1]


def glossary_english(term: str) -> tuple[str, ...]:
    """The glossary's English phrases for one Chinese term (empty when it has no entry)."""
    return _entries()[1].get(term, ())


@lru_cache(maxsize=1)
def _by_opening() -> dict[str, tuple[str, ...]]:
    """The glossary's Chinese terms by their first two characters (a one-character term by itself)."""
    table: dict[str, list[str]] = {}
    for term in _entries()[1]:
        table.setdefault(term[:2], []).append(term)
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def _term_order() -> dict[str, int]:
    return {term: i for i, term in enumerate(_entries()[1])}


def _terms_in(text: str) -> set[str]:
    """The glossary's Chinese terms that occur in `text`: only those opening with one of its character
    pairs are tried (the index's glosses look up every chunk; trying all terms cost ~1 ms a chunk)."""
    table = _by_opening()
    openings = {text[i:i + 2] for i in range(len(text) - 1)} | set(text)
    return {term for opening in openings for term in table.get(opening, ()) if term in text}


def english_terms(question: str) -> list[str]:
    """English phrases for the Chinese terms of `question` (longest terms first, no overlaps)."""
    to_en = _entries()[1]
    found: list[str] = []
    covered = [False] * len(question)
    order = _term_order()   # of terms as long, the glossary's first wins
    for term in sorted(_terms_in(question), key=lambda t: (-len(t), order[t])):
        start = question.find(term)
        if any(covered[start:start + len(term)]):
            continue
        covered[start:start + len(term)] = [True] * len(term)
        found.extend(to_en[term][:2])
    return list(dict.fromkeys(found))


def translation(question: str, leave_out: set[str] = frozenset()) -> str:
    """The glossary's terms for `question` in the other language only, but those in `leave_out`: a rough
    translation that the multilingual embedding matches against documents written in that language."""
    terms = english_terms(question) if _CJK.search(question) else chinese_terms(question)
    return " ".join(t for t in terms if t not in leave_out)


@lru_cache(maxsize=1)
def _plain_words() -> dict[str, tuple[str, ...]]:
    """Everyday Chinese word -> the statutes' terms for it (kb/data/plain_words.tsv), read once."""
    table: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(PLAIN_WORDS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        plain, _, legal = line.partition("\t")
        terms = tuple(t.strip() for t in legal.split("|") if t.strip())
        if not plain.strip() or not terms:
            raise ValueError(f"{PLAIN_WORDS}: line {number} needs plain<TAB>legal terms")
        table[plain.strip()] = terms
    return table


def legal_terms(question: str) -> list[str]:
    """The statutes' terms for the everyday Chinese words of `question` (房东 -> 出租人), longest words
    first, not overlapping: a layman's question then shares words with the article that answers it."""
    table = _plain_words()
    found: list[str] = []
    rest = question
    for word in sorted((w for w in table if w in question), key=len, reverse=True):
        if word in rest:
            found.extend(t for t in table[word] if t not in question)
            rest = rest.replace(word, "\0")
    return list(dict.fromkeys(found))


def expand(question: str, leave_out: set[str] = frozenset()) -> str:
    """The question plus the glossary's terms in the other language (but those in `leave_out`) and, for a
    Chinese question, the statutes' terms for its everyday words (for the lexical search)."""
    if _CJK.search(question):
        extra = english_terms(question) + (legal_terms(question) if PLAIN_EXPANSION else [])
    else:
        extra = chinese_terms(question)
    extra = [t for t in extra if t not in leave_out]
    return f"{question} {' '.join(extra)}" if extra else question

