"""Specific over general: among the best hits, the articles naming the contract type or right a question asks about
("must a factoring contract be in writing": 保理合同应当采用书面形式) rank above the general rule sharing its other words."""
from __future__ import annotations

from collections.abc import Mapping

from kb.asked import asked_clause, scene_terms
from kb.fusion import boost_head
from kb.glossary import chinese_terms
from kb.passage import Passage
from kb.tokenize import is_chinese

# Contract types (and kinds of security) the Civil Code, the Trust Law and the IP rules give rules of their own,
# longest first. Not the rights themselves (专利权, 著作权) nor the ABS words: a question on valuing a patent
# portfolio or on an ABS's disclosure is no question on patents or securities as such (questions_en_tuning4 lost
# three of its Hit@1 / Hit@5 with them). Defined once here.
CONTRACT_TYPES = tuple(sorted((
    "保理", "融资租赁", "技术转让", "技术许可", "专利实施许可", "技术开发", "技术进出口", "技术咨询", "技术服务",
    "信托", "保证合同", "质押合同", "质权合同", "借款合同", "委托合同", "租赁合同", "买卖合同", "赠与合同",
    "许可使用合同", "商标使用许可", "所有权保留", "著作权质权",
), key=len, reverse=True))
# How many of the head are looked at and how much a passage naming the subject counts (rank scores: 1.1 lifts a
# passage some six places near the top, as kb.limit_rank's boost does). Search Hit@1 / Hit@5 off (1.0) / 1.05 / 1.1
# / 1.2: questions_en_tuning3 0.583 / 0.972 at 1.0 and 1.05, 0.611 / 0.972 at 1.1 (t3-015, a factoring contract in
# writing: 第七百六十二条 over 第四百六十九条); questions_en_tuning5 0.417 / 0.708 at 1.0 and 1.05, 0.417 / 0.688 at 1.1
# and 1.2 (t5-045 second to sixth); tuning4, tuning2 and gate_questions.jsonl the same at all.
HEAD = 10
BOOST = 1.1


def asked_contract_types(question: str) -> list[str]:
    """The CONTRACT_TYPES the question asks about: those of its asked clause when it sets a scene first (a factoring
    company in the scene is no question about factoring), else of the whole question."""
    text = asked_clause(question) or question
    if not is_chinese(text):
        text = " ".join(t for t in chinese_terms(text) if t not in scene_terms(question))
    found: list[str] = []
    for subject in CONTRACT_TYPES:
        if subject in text and not any(subject in longer for longer in found):
            found.append(subject)
    return found


def rank_specific_first(question: str, head: list[tuple[str, float]], passages: Mapping[str, Passage],
                        n: int = HEAD, boost: float = BOOST) -> list[tuple[str, float]]:
    """`head` ((chunk id, score), best first) with the scores of those among its first `n` whose passage (or its
    chapter) names a subject the question asks about multiplied by `boost`, sorted again; unchanged when it asks about none, or
    when none or all of them name it (nothing general to rank below)."""
    subjects = asked_contract_types(question)
    if not subjects:
        return head
    naming = {cid for cid, _ in head[:n] if cid in passages and _names(passages[cid], subjects)}
    if not naming or len(naming) == len(head[:n]):
        return head
    return boost_head(head, n, boost, naming.__contains__)


def _names(passage: Passage, subjects: list[str]) -> bool:
    """Does the passage's text or its heading path (第十三章 保证合同) name one of the subjects? An article of the
    chapter on a contract type need not repeat its name (第六百九十二条 on the guarantee period)."""
    return any(s in passage.text or s in passage.path for s in subjects)
