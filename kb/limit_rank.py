"""Re-ranking by the fact asked: among the best hits, passages that state what a question asks for (a quantity named
by the word it asks with, the moment a right arises, the authority in charge) move up."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from kb.fusion import boost_head
from kb.glossary import expand
from kb.limits import KINDS, asked_limit, stating_sentence
from kb.passage import Passage
from kb.quotes import answer_score, asked_for, quote_sentences, term_coverage, terms

# How many of the fused head are looked at, and how much a stating passage's score is multiplied by (the
# head's scores are rank scores, 1 / (RRF_K + rank): 1.1 lifts a passage about six places near the top).
# Tuning sets, search Hit@1 / Hit@5, cited first / in first 3 and not-answerable answered
# (bench/eval_questions.py): questions.jsonl 0.633 / 0.900, 0.642 / 0.825, 0/20 -> 0.642 / 0.900,
# 0.650 / 0.833, 0/20; gate_questions.jsonl 0.829 / 0.971, 0.829 / 0.914, 0/25 -> 0.857 / 0.971,
# 0.857 / 0.943, 0/25 (g002: 专利法第四十二条 first). The first 20 and boost 1.2 measured the same. One-language
# libraries (bench/eval_retrieval.py) rarely ask for a quantity: STARD train 27 of 1,235 questions, ObliQA
# dev 21 of 500; one order changes in each, for the worse (a licence's 有效期届满三十日前 over the time limit
# for deciding it; a complaints record's six years over the eKYC records rule), R@10 unchanged.
# Then 10 and 1.1. The first 20 and 1.3 since: the whole corpus's "外观设计专利的保护期多长？" (the chat's "那外观设计呢？"
# after an invention patent's term) gets 专利法第四十二条 third instead of 15th (the rules' design
# articles share its other words; at 20 and 1.2 it stays below the first 7); questions.jsonl Chinese search Hit@1 / Hit@5
# 0.667 / 0.930 -> 0.667 / 0.947, gate_questions.jsonl and English search unchanged (questions_en_tuning2 answer in first 3 0.724 -> 0.707), 0/20 and 0/25
# not-answerable answered; STARD train (1,235) hybrid R@10 / MAP@10 / R@100 0.5542 / 0.3690 / 0.7765 unchanged.
# (保护期 -> 期限 among the everyday words with 20 and 1.2 measured 0.684 / 0.965, but
# leaves tests/kb/test_limit_rank.py's unranked order already right, so that test could no longer fail.)
HEAD = 20
BOOST = 1.3
# A passage counts when a sentence kb.limits finds stating the kind of quantity asked on the question's
# subject also states it right after the very word the question asks with (kb.quotes.answer_score's full
# bonus: "外观设计专利权的期限为十五年" for "保护期最长是多少年"). stating_sentence alone is loose: it lifted
# 实施细则第一百四十一条 ("自外观设计国际申请公布之日起2个月内") over 第四十二条, and let the answer quote
# numbers that do not answer (7/25 unanswerable gate questions answered from the first 10; 1/25 with the
# word of the question merely near the number).
NAMED_BY_THE_WORD_ASKED = 0.8
# kb.limits' kinds of quantity as kb.quotes names them (a count has no cue there).
_QUOTE_KINDS = {"time": "time", "money": "amount", "ratio": "amount"}
# Facts other than quantities that a question can ask for, and how a sentence stating one looks: when a right
# arises or an act takes effect ("质权自办理出质登记时设立" for "专利权质押什么时候生效", "when is a pledge over goods
# created"), and which authority is in charge ("国家版权局负责著作权质权登记工作" for "which authority registers
# copyright pledges"). Articles on the same subject that share more of the question's words (the documents to file,
# the pledge contract's form) otherwise rank above the one sentence that answers. Same HEAD and BOOST; search Hit@1 /
# answer cites expected first (bench/eval_questions.py, tuning sets): questions.jsonl 0.667 / 0.692 -> 0.683 / 0.708,
# questions_en_tuning2 0.621 / 0.603 -> 0.638 / 0.621, questions_en_tuning3 0.500 / 0.472 -> 0.528 / 0.500; Hit@5,
# gate_questions.jsonl and not-answerable answered (0/20, 0/25) unchanged.
ASKED_FACTS = {
    "moment": (re.compile(r"(?:什么时候|何时|什么时间|哪一天|从何时|自何时)[^？?，,]{0,8}(?:设立|生效|成立|发生效力|产生效力)"
                          r"|(?:设立|生效|成立)(?:的)?(?:时间|时点)"
                          r"|\bwhen\b[^?]{0,80}?\b(?:created|established|effective|take|takes|arise|arises|valid|"
                          r"perfected|formed|attach|attaches)\b", re.I),
               re.compile(r"自[^。；，,]{1,30}?(?:时|之日)起?(?:设立|生效|成立|发生效力)")),
    "authority": (re.compile(r"(?:哪个|哪一个|哪家|什么|何)(?:部门|机关|机构|单位)|由谁|谁(?:负责|主管|登记|审批|监管)"
                             r"|\bwhich\s+(?:authority|authorities|agency|body|office|department|regulator)\b"
                             r"|\bwho\s+(?:registers|records|handles|approves|is in charge|is responsible|supervises|regulates|oversees)\b",
                             re.I),
                  re.compile(r"(?:局|部门|委员会|机关|机构|人民法院|证监会|协会|交易所|人民政府)(?:统一)?(?:负责|主管)")),
}


def _states_it(limit, asked_terms: set[str], kinds: list[str], passage: Passage) -> bool:
    sentence = stating_sentence(limit, passage.text, passage.title, passage.record.issuer)
    bonus = answer_score(asked_terms, kinds, sentence) - term_coverage(asked_terms, sentence) if sentence else 0.0
    return bonus >= NAMED_BY_THE_WORD_ASKED - 1e-9


def _without_the_word_asked(limit) -> frozenset[str]:
    """The limit's subject without the word that names the quantity asked and its parts (保护期, 保护): a
    copyright term (保护期为五十年) is no answer to "商标权的保护期是多久" (STARD train 529)."""
    asked = [w for w in limit.subject for k in limit.kinds
             if any(re.fullmatch(KINDS[k][0], t, re.I) for t in terms(w))]
    return frozenset(w for w in limit.subject if not any(w in a for a in asked))


def asked_fact(question: str) -> str:
    """Which of ASKED_FACTS the question asks for, or ""."""
    return next((fact for fact, (asks, _) in ASKED_FACTS.items() if asks.search(question)), "")


def _states_fact(fact: str, asked_terms: set[str], passage: Passage) -> bool:
    """Does a sentence of the passage state the fact asked, on something the question names?"""
    return any(ASKED_FACTS[fact][1].search(s) and terms(s) & asked_terms for s in quote_sentences(passage.text))


def rank_by_fact_asked(question: str, head: list[tuple[str, float]], passages: Mapping[str, Passage],
                       n: int = HEAD, boost: float = BOOST) -> list[tuple[str, float]]:
    """`head` ((chunk id, score), best first) with the scores of those among its first `n` whose passage
    states what `question` asks for (a quantity, a moment, an authority) multiplied by `boost`, sorted
    again; unchanged when the question asks for none of these."""
    limit = asked_limit(question)
    if limit is None:
        fact = asked_fact(question)
        if not fact:
            return head
        asked_terms = terms(expand(ASKED_FACTS[fact][0].sub(" ", question)))   # the words besides the asking ones
        return boost_head(head, n, boost, lambda cid: cid in passages and _states_fact(fact, asked_terms, passages[cid]))
    kinds = sorted({_QUOTE_KINDS[k] for k in limit.kinds if k in _QUOTE_KINDS}) if limit.kinds \
        else [k for k in asked_for(question) if k != "condition"]
    if not kinds:
        return head
    asked_terms = terms(expand(question))   # an English question is answered by a Chinese article
    limit = replace(limit, subject=_without_the_word_asked(limit))
    return boost_head(head, n, boost, lambda cid: cid in passages and _states_it(limit, asked_terms, kinds, passages[cid]))
