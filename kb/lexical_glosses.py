"""English glosses of a Chinese passage's words: the lexical index's field that English questions search."""
from __future__ import annotations

from kb.dictionary import english_senses
from kb.glossary import english_terms, glossary_english
from kb.tokenize import is_chinese, tokenize

# The first senses of a dictionary headword only: later ones drift from the statute's meaning (解除 is
# "remove, sack, get rid of, ... rescind"). A glossary entry, written for legal text, wins over them.
SENSES_PER_WORD = 3
_NUMERALS = "零〇一二三四五六七八九十百千万两"


def gloss(text: str) -> str:
    """English for the Chinese words of `text`, once per occurrence (so BM25 counts them as the words
    count), the legal glossary's English where it has the word, else CC-CEDICT's first senses; then the
    glossary's English for its longer terms that the word cutter splits (原始权益人). Empty for a text
    that is not Chinese: its own words are English already."""
    if not is_chinese(text):
        return ""
    parts: list[str] = []
    for word in tokenize(text):
        if len(word) < 2 or not "\u3400" <= word[0] <= "\u9fff" or not word.strip(_NUMERALS):
            continue   # a single character is too ambiguous to gloss; numerals are article labels
        parts.extend(glossary_english(word)[:2] or english_senses(word)[:SENSES_PER_WORD])
    parts.extend(english_terms(text))
    return " ".join(parts)
