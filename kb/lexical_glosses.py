"""English glosses of a Chinese passage's words: the lexical index's field that English questions search."""
from __future__ import annotations

import hashlib
from functools import lru_cache

from kb.dictionary import english_senses
from kb.glossary import GLOSSARY, english_terms, glossary_english
from kb.tokenize import is_chinese, tokenize

# The first senses of a dictionary headword only: later ones drift from the statute's meaning (解除 is
# "remove, sack, get rid of, ... rescind"). A glossary entry, written for legal text, wins over them.
SENSES_PER_WORD = 3
_NUMERALS = "零〇一二三四五六七八九十百千万两"
# Raised whenever the glosses of a text change: an index saved with other glosses is rebuilt, not read.
VERSION = 2


@lru_cache(maxsize=1)
def gloss_stamp() -> str:
    """What the glosses were made from (this code's VERSION and the glossary's content), saved with an index."""
    return f"{VERSION}-{hashlib.sha256(GLOSSARY.read_bytes()).hexdigest()[:12]}"


@lru_cache(maxsize=100_000)
def word_gloss(word: str) -> tuple[str, ...]:
    """The lexical tokens of one Chinese word's English: the legal glossary's where it has the word, else
    CC-CEDICT's first senses; none for a single character (too ambiguous) or a numeral (article labels)."""
    if len(word) < 2 or not "\u3400" <= word[0] <= "\u9fff" or not word.strip(_NUMERALS):
        return ()
    return tuple(tokenize(" ".join(glossary_english(word)[:2] or english_senses(word)[:SENSES_PER_WORD])))


def gloss_tokens(text: str) -> list[str]:
    """The English tokens of a Chinese text's words, once per occurrence (so BM25 counts them as the words
    count), then those of the glossary's longer terms that the word cutter splits (原始权益人); none for a
    text that is not Chinese: its own words are English already."""
    if not is_chinese(text):
        return []
    return [token for word in tokenize(text) for token in word_gloss(word)] + tokenize(" ".join(english_terms(text)))
