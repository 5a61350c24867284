"""Lexical tokens for mixed Chinese/English legal text: jieba words, stemmed English, no stopwords."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import Stemmer

jieba.setLogLevel(logging.WARNING)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z]+|\d+(?:\.\d+)*")

# Function words that match everywhere and only add noise to BM25.
_ZH_STOP = set("的 了 和 与 及 或 是 在 对 由 为 以 其 之 等 并 被 将 把 从 中 上 下 个 这 那 有 也 就 都 而 但 所 该 本 于 向 如 可 能 会 要 不 没有 什么 怎么 如何 吗 呢 吧 啊 我 你 他 她 它 我们 哪些 是否 应当 可以 规定 按照 依照 根据".split())
_EN_STOP = set("""a an the of to in on at by for from with without and or nor not no is are was were be been being
do does did has have had will shall would should may might must can could this that these those it its as if
then than so such which who whom whose what when where why how any all each every other into onto about under
over per via i we you he she they them their our your my me us there here also only""".split())

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def _zh_words(run: str) -> tuple[str, ...]:
    # Search mode also emits the sub-words of long compounds (知识产权 -> 知识, 产权, 知识产权).
    return tuple(w for w in jieba.cut_for_search(run) if w.strip() and w not in _ZH_STOP)


def tokenize(text: str) -> list[str]:
    """Tokens of `text`: Chinese words, lowercased English stems, numbers."""
    tokens: list[str] = []
    for match in _RUN.finditer(text):
        run = match.group()
        if _CJK.fullmatch(run):
            tokens.extend(_zh_words(run))
        elif run[0].isdigit():
            tokens.append(run)
        else:
            word = run.lower()
            if word not in _EN_STOP and len(word) > 1:
                tokens.append(_stemmer.stemWord(word))
    return tokens


def is_chinese(text: str) -> bool:
    """True when the text is mostly Chinese (decides the language of an answer's framing)."""
    cjk = sum(len(m) for m in _CJK.findall(text))
    latin = sum(len(m) for m in re.findall(r"[A-Za-z]+", text))
    return cjk > 0 and cjk * 2 >= latin
