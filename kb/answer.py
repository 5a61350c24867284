"""Extractive answers: the law first, the sentences that answer the question quoted, each numbered and cited."""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kb.asked import tells_a_story
from kb.asked_date import asked_date, without_asked_date
from kb.citations import Citation, short_title
from kb.filters import Filters
from kb.followup import resolve
from kb.glossary import translation
from kb.limits import Limit, asked_limit, stating_sentences
from kb.passage import Passage, one_per_article
from kb.quotes import MAX_QUOTE_CHARS, answering_quote, meaning_candidates, quote_sentences, shorten, split_sentences, states_something, term_coverage  # noqa: F401 - re-exported
from kb.records import NATIONAL_TYPES, SUBORDINATE_TYPES, instrument_name, today
from kb.retriever import Hit
from kb.scope import other_jurisdictions_only, outside_library, unknown_instrument, unmentioned_acronym, unmentioned_subject
from kb.tokenize import is_chinese, tokenize

# The evidence gate, calibrated with bench/eval_questions.py on bench/data/questions.jsonl (answerable vs
# off-topic, e5, glossary expansion on) and checked on bench/answer_questions.py. Best dense similarity:
# zh answerable 0.887-0.950, off-topic 0.832-0.859; en answerable 0.808-0.918 (English over Chinese law
# sits low), off-topic 0.771-0.806. Best BM25 score of the expanded query: answerable >= 6.1 (zh) and
# >= 8.8 (en), off-topic <= 5.1. A question passes with a dense similarity above HIGH, or above LOW
# with lexical evidence too; the dense floor alone no longer separates English questions over Chinese law.
# The English floor 0.80 refuses "What is the penalty for speeding in California?" (0.794; bench/answer_questions.py),
# whose glossary expansion (penalty -> 违约金, 罚款) alone reaches the BM25 threshold.
MIN_DENSE_SIMILARITY = {"zh": 0.90, "en": 0.84}     # HIGH: the meaning alone is close enough
DENSE_FLOOR = {"zh": 0.875, "en": 0.80}             # LOW: below it nothing passes
MIN_LEXICAL_SCORE = 6.5
# BM25's idf, and so its scores, grow with the log of the index size: the threshold above holds at the
# calibration library's size and scales with log(N) elsewhere (a 2-chunk test library scores ~1).
CALIBRATION_CHUNKS = 2832
# Across languages (bench/data/questions.jsonl, e5, the best of the question's dense hits among Chinese
# passages and the BM25 score of its glossary-expanded query among them): English questions the Chinese law
# answers 0.757-0.838 and BM25 >= 8.49; English off-topic questions 0.74-0.772 and BM25 <= 4.26 (the
# speeding question of bench/answer_questions.py 0.751 and 7.57). Without this a library of Chinese law
# alone refused most English questions: only an English document's higher similarity let them through.
# Above CROSS_MIN_DENSE the meaning alone carries it ("How long does a registered trademark last?" shares
# only words every article of the Trademark Law has); between the floor and it, the words must too.
CROSS_DENSE_FLOOR = 0.75
CROSS_MIN_DENSE = 0.80
CROSS_LEXICAL_SCORE = 8.0
MIN_TERM_COVERAGE = 0.8     # lexical-only search: the question's terms must be in the passage
MEANING, WORDS = "meaning", "words"   # what carries the evidence (`evidence`)
CANDIDATES = 10
# An article of law this short (characters, its label included) is quoted whole (_quote).
WHOLE_ARTICLE_CHARS = 100
# A limit stated alike for the cases a question does not tell apart is quoted for each, up to this many (kb.limits.stating_sentences).
MAX_STATING_SENTENCES = 3
MAX_CITATIONS = 3
# Carried by close words only (evidence WORDS), an answer whose first article no single search leads with still stands
# when at least NEAR_LISTS of them hold it among their first articles (kb.retriever.Retriever.HEAD_ARTICLES): second in
# the words' list and third in the translated terms' is agreement, not chance ("What is the limitation period for civil
# claims?": 民法典第一百八十八条 behind 第一百九十四条 in one, 第一百九十六条 and 第一百九十四条 in the other). On the 541
# answerable tuning questions (questions, gate, questions_en_tuning2-5, _fresh6, fresh9, fresh10, zh_tuning7,
# en_fresh12) answered 498 -> 508, the answer cites the expected article first 298 -> 305, in its first 3 378 -> 387
# (first 2 articles a list: 301, 381); the 103 off-topic and unanswerable questions answered the same 8.
NEAR_LISTS = 2
MEANING_PASSAGES = 1   # passages in the other language quoted by meaning (the first cited); further ones by words
# Articles a note points to that are quoted ahead of it.
MAX_REFERENCES = 2
# A further passage is cited only when it is nearly as close as the best one (the band is narrower
# for English, whose similarities are compressed), or shares most terms.
CITATION_SIMILARITY_GAP = {"zh": 0.04, "en": 0.02}
# Related passages shown with a not-found answer are quoted briefly: they are pointers, not the answer.
RELATED_QUOTE_CHARS = 160
SOURCE_STATUS_CHARS = 160   # of a source's own status line quoted in a notice
LEXICAL_CLOSE = 0.8
# Under a Chinese quote in an English answer: the article's English caption (kb.captions), said to be ours, not the law.
GIST_LABEL = "Gist (ipabs editors' English caption, not the text of the law; the Chinese text governs)"


@dataclass
class Answer:
    question: str                 # as asked
    found: bool
    answer: str                   # the text shown to the reader, assembled by `render`
    citations: list[Citation] = field(default_factory=list)
    resolved_question: str = ""   # a follow-up as it stands alone (= question otherwise)
    notices: list[str] = field(default_factory=list)   # limitations the reader must see (dates, why not found, …)
    # Not found: the nearest passages, shown as related and not answering (never as citations).
    related: list[Citation] = field(default_factory=list)
    # How many of the hybrid search's single lists lead with the first article quoted (SearchResult.leaders);
    # None: not counted (another search mode, an article the question or a cited note names, a limit stated).
    searches_agreeing: int | None = None
    # How many of them hold it among their first articles (SearchResult.heads), counted where searches_agreeing is.
    searches_near: int | None = None

    @property
    def chinese(self) -> bool:
        """Is the answer in Chinese (the language of the question as resolved)?"""
        return is_chinese(self.resolved_question or self.question)

    @property
    def commentary_only(self) -> bool:
        """Found, but only in notes or digests: no governing provision is quoted (clients must not count it as law)."""
        return self.found and bool(self.citations) and all(c.commentary for c in self.citations)

    def to_json(self) -> dict:
        return {
            "question": self.question, "resolved_question": self.resolved_question or self.question,
            "found": self.found, "commentary_only": self.commentary_only, "answer": self.answer, "notices": self.notices,
            "citations": [c.to_json(self.chinese) for c in self.citations],
            "related": [c.to_json(self.chinese) for c in self.related],
            "searches_agreeing": self.searches_agreeing, "searches_near": self.searches_near,
        }


def best_quote(question_tokens: set[str], text: str) -> str:
    """The sentence(s) answering a question made of these tokens (kept for older callers)."""
    return answering_quote(" ".join(question_tokens), text)


def evidence(question: str, hits: list[Hit]) -> str:
    """How the hits bear on the question: MEANING (the meaning alone is close enough), WORDS (close enough with
    the words shared), or "" (too far: not found)."""
    if not hits:
        return ""
    language = "zh" if is_chinese(question) else "en"
    dense = getattr(hits, "best_dense", None)
    if dense is None:
        dense = max((h.dense_similarity for h in hits if h.dense_similarity is not None), default=None)
    lexical = getattr(hits, "best_lexical", None)
    if lexical is None:
        lexical = max((h.lexical_score for h in hits if h.lexical_score is not None), default=None)
    if dense is None:   # lexical-only search: the terms must carry it alone
        tokens = set(tokenize(question))
        covered = max(term_coverage(tokens, f"{h.passage.title} {h.text}") for h in hits[:3]) >= MIN_TERM_COVERAGE
        return WORDS if covered else ""
    if dense >= MIN_DENSE_SIMILARITY[language]:
        return MEANING
    size = getattr(hits, "indexed_chunks", 0) or CALIBRATION_CHUNKS
    scale = min(1.0, math.log1p(size) / math.log1p(CALIBRATION_CHUNKS))
    # Words shared carry an answer only where the question uses a word of law (one the legal glossary translates):
    # the English glosses of Chinese articles give "training plan" 培训 and 计划 to share (fresh10's half-marathon
    # question, BM25 6.9).
    speaks_law = bool(translation(question))
    if dense >= DENSE_FLOOR[language] and (lexical or 0.0) >= MIN_LEXICAL_SCORE * scale and speaks_law:
        return WORDS
    # A question over passages of the other language (English over a library of Chinese law) sits below
    # the floors above whatever it asks; the glossary's words must carry it.
    across = max((h.dense_similarity for h in hits
                  if h.dense_similarity is not None and h.passage.record.language not in ("", language)), default=None)
    if across is None or across < CROSS_DENSE_FLOOR:
        return ""
    if across >= CROSS_MIN_DENSE:
        return MEANING
    return WORDS if (lexical or 0.0) >= CROSS_LEXICAL_SCORE * scale and speaks_law else ""


def not_found_text(chinese: bool, topic_found: bool = False) -> str:
    """The refusal's first line. When passages on the topic were found, the rule asked for is not in them: it
    may stand in a passage the search did not reach (naming the instrument or article finds it), or in an
    instrument not yet ingested. Saying it cannot be in the library would be stating more than is known."""
    if topic_found:
        return ("知识库中有涉及该主题的条文，但没有一条回答该问题。如知识库其他条文有此项规定，可在问题中写明法规名称或条号再问；"
                "如它载于尚未导入的文件，请先导入。"
                if chinese else
                "Not found in the knowledge base: the passages found on this topic do not answer this question. If the "
                "library holds the rule elsewhere, naming the instrument or article will find it; if it is in an "
                "instrument not yet in the library, ingest it.")
    return ("知识库中未找到能够回答该问题的条文。请换一种问法，或先导入相关法规。" if chinese else
            "Not found in the knowledge base: no stored provision supports an answer to this question. "
            "Try rephrasing, or ingest the relevant instrument first.")


def render(answer: Answer) -> str:
    """The answer's text, the one place it is assembled (CLI, web and JSON show this)."""
    chinese = answer.chinese
    if not answer.found:
        lines = [not_found_text(chinese, topic_found=bool(answer.related)), *answer.notices]
        if answer.related:
            lines.append("以下段落与问题相关，但均未回答该问题（仅供参考，不是答案）：" if chinese else
                         "Related passages, which do not answer the question (for orientation only, not an answer):")
            lines += [citation_line(c, chinese) for c in answer.related]
        return "\n".join(lines)
    lines = []
    if answer.resolved_question and answer.resolved_question != answer.question:
        lines.append(f"（理解为：{answer.resolved_question}）" if chinese else f"(Understood as: {answer.resolved_question})")
    lines += answer.notices
    law = [c for c in answer.citations if not c.commentary]
    notes = [c for c in answer.citations if c.commentary]
    if law:
        lines.append(_law_heading(chinese, across=any(is_chinese(c.quote) != chinese for c in law),
                                  story=tells_a_story(answer.resolved_question or answer.question),
                                  agreeing=answer.searches_agreeing, in_force_then=law[0].in_force_then,
                                  near=answer.searches_near))
        lines += [citation_line(c, chinese) for c in law]
    else:
        lines.append("知识库中没有找到相关法律条文，仅有以下评注（非法律条文，仅供参考）：" if chinese else
                     "No governing provision was found in the library; only this commentary (not law, for orientation):")
    if law and notes:
        lines.append("评注（非法律条文）：" if chinese else "Commentary (not law):")
    lines += [citation_line(c, chinese) for c in notes]
    return "\n".join(lines)


def _law_heading(chinese: bool, across: bool, story: bool = False, agreeing: int | None = None,
                 in_force_then: bool = True, near: int | None = None) -> str:
    """The line above the law quoted. Found across languages (an English question, Chinese law) the articles are
    matched through the glossary, and the first found is the expected one about half the time or less (English
    search Hit@1 0.51 on bench/data/questions_heldout.jsonl, 0.18 on bench/data/questions_en_fresh6.jsonl, deal
    stories); so is it after a deal story (`story`: kb.asked found the point asked after the facts): the first
    article cited was right for 22 of 39 answered Chinese stories against 53 of 65 other Chinese questions
    (questions, gate_questions, questions_zh_tuning7). The heading says so instead of calling them governing.
    `agreeing`: how many of the search's single lists lead with the first article (Answer.searches_agreeing). On the
    tuning sets (questions, gate_questions, questions_en_tuning2-5, _fresh6, questions_zh_tuning7) the first article was
    the expected one for 23 of 89 answers no list led with (17 of the 60 of them carried by their meaning, and still
    answered: `_no_search_agrees`), 88 of 163 with one, 67 of 94 with two (across languages or after a story); of the 36
    headed as governing, 35 (60 of 72 before the lists were read). On the held-out questions (reported, not tuned on):
    6 of 20 (5 of the 15 still answered), 19 of 37, 11 of 19; governing 9 of 11 (15 of 23 before). The heading says
    which of these the reader has. With the English captions' two lists an English question has five searches; on the
    English tuning questions (with the captions' questions searched too) the first article was right for 4 of 30 answers
    none led with, 19 of 42 with one, 58 of 71 with two, 66 of 69 with three and 51 of 53 with four: the heading gives
    the count. The Chinese captions make five for a Chinese question too: on the Chinese tuning questions
    (questions_zh_tuning7, questions, gate_questions, fresh9, fresh10; captions with their questions) the first article
    was right for 0 of 7 answers none led with, 8 of 19 with one, 28 of 30 with two, 23 of 27 with three and 18 of 18 with four (with three searches and no captions: 4 of 12, 43
    of 57, 24 of 28). A first article whose version
    was not in force on the date asked (the library holds none that was) is no governing provision for that date,
    however well it matches: the heading says it is the nearest stored version (a newcomer read "依据…" over the 2020 Patent Law's 十五年, asked for 2019-01-01)."""
    if not in_force_then:
        return ("以下条文不是所问日期有效的版本，而是知识库中最接近的版本，不能作为该日的依据；该日的规定可能不同：" if chinese else
                "These provisions are not the versions in force on the date asked but the nearest stored ones, no basis "
                "for that date; the rule then may have differed:")
    if agreeing == 0 and (near or 0) >= NEAR_LISTS:
        # Held near the top by two searches, first in none: right 7 of the 10 times on the tuning sets (NEAR_LISTS).
        return ("没有一种单独检索把下列第一条排在首位，但有两种检索把它排在前三位；请核对其是否针对所问之点：" if chinese else
                "No single search puts the first provision below first, but two of them rank it among their first "
                "three: check that it governs the point asked:")
    if agreeing == 0:
        return ("知识库中没有明确回答该问题的条文：各种单独检索（按语义、按字词、按译名、按条文要旨）都没有把下列第一条排在首位。"
                "以下只是最接近的条文，很可能并非所问之点的依据，仅供核对：" if chinese else
                "No provision in the knowledge base clearly answers this: none of the separate searches (by meaning, by "
                "the question's words, by its terms translated, by the articles' captions) puts the first "
                "article below first. These are only the nearest provisions, probably not the governing ones; check "
                "them:")
    if across:
        # How far the searches agree is said here too: two or more leading with the first article, it was right about
        # twice as often as with one (the docstring's counts). Said with the count: with the English captions there
        # are up to five.
        agree = _how_many_agree(agreeing)
        return (f"以下条文系跨语言检索所得，是知识库中最接近的规定{agree[0]}；请核对其是否针对所问之点：" if chinese else
                "The nearest provisions in the knowledge base, found across languages (an English question, Chinese "
                f"law{agree[1]}): check that they govern the point asked:")
    if agreeing == 1:
        return ("以下是知识库中与所问之点最接近的条文（不同检索方式对首条意见不一）；请核对其是否针对所问之点：" if chinese else
                "The nearest provisions in the knowledge base (the separate searches differ on the first): check that "
                "they govern the point asked:")
    if story:
        return ("以下是知识库中与所问之点最接近的条文（问题先叙述了交易情形）；请核对其是否针对所问之点：" if chinese else
                "The nearest provisions in the knowledge base to the point asked after the deal's facts: check that "
                "they govern it:")
    return "依据知识库中的条文：" if chinese else "The knowledge base has these governing provisions:"


def _how_many_agree(agreeing: int) -> tuple[str, str]:
    """How many single searches lead with the first article, said in Chinese and in English ("" for none)."""
    if not agreeing:
        return "", ""
    if agreeing == 1:
        return "；各种检索对首条意见不一", "; the separate searches differ on the first"
    count = min(agreeing, 5) - 2
    return (f"；{'两三四五'[count]}种检索都把首条排在首位",
            f"; {('two', 'three', 'four', 'five')[count]} of the separate searches lead with the first")


def citation_line(c: Citation, chinese: bool) -> str:
    quote = f"“{c.quote}”" if is_chinese(c.quote) else f'"{c.quote}"'
    page = f" (p. {c.page})" if c.page else ""
    when = ""
    if not c.in_force_then:
        when = (f" ［注意：该版本在{c.as_of or today()}并未生效，是知识库中最接近的版本］" if chinese else
                f" [note: this version was not in force on {c.as_of or today()}; it is the nearest stored version]")
    line = f"[{c.n}] {c.label(chinese)}{page}{when}: {quote}"
    if not chinese and is_chinese(c.quote) and c.gist:
        line += f"\n    {GIST_LABEL}: {c.gist}"
    return line


def _shares_a_measure(hit: Hit, other: Hit) -> bool:
    """Were both found by meaning, or both by words (a similarity, a BM25 score)?"""
    return (hit.dense_similarity is not None and other.dense_similarity is not None) or \
        (hit.lexical_score is not None and other.lexical_score is not None)


def _close_to_best(hit: Hit, best: Hit, tokens: set[str], gap: float) -> bool:
    if hit.dense_similarity is not None and best.dense_similarity is not None:
        if hit.dense_similarity >= best.dense_similarity - gap:
            return True
    if hit.lexical_score is not None and best.lexical_score is not None and hit.dense_similarity is None:
        # Found by its words alone (English over Chinese law): close when nearly as good a lexical match.
        if hit.lexical_score >= LEXICAL_CLOSE * best.lexical_score:
            return True
    return term_coverage(tokens, hit.text) >= MIN_TERM_COVERAGE


def compose_answer(question: str, hits: list[Hit], max_citations: int = MAX_CITATIONS, as_of: str = "",
                   referenced: list[Passage] | None = None,
                   similarities: Callable[[list[str]], dict[str, float]] | None = None,
                   named: list[Passage] | None = None) -> Answer:
    """Quote the passages that answer `question`, the law before commentary, or say honestly that none does.

    `referenced` are the articles the commentary among the hits points to: quoted as law, ahead of it.
    `named` are the articles the question names ("民法典第四百四十五条规定…，对吗？"): quoted first, so that
    the reader sees what the article says, whatever the question supposes it says.
    `similarities` scores sentences against the question (KnowledgeBase.similarities): with it, a passage
    in the other language is quoted by meaning, since it shares no words with the question."""
    chinese = is_chinese(question)
    carried_by = evidence(question, hits)
    if not carried_by:
        return Answer(question, False, not_found_text(chinese), resolved_question=question)
    leaders, heads = getattr(hits, "leaders", ()), getattr(hits, "heads", ())
    # A title with its adoption history, or a heading alone, states nothing: it answers nothing either.
    hits = [h for h in hits if states_something(h.text)]
    if not hits:
        return Answer(question, False, not_found_text(chinese), resolved_question=question)
    tokens = set(tokenize(question))
    gap = CITATION_SIMILARITY_GAP["zh" if chinese else "en"]
    # A passage is measured against the first hit on a measure both have (similarity, BM25). A note found by words
    # alone is no yardstick for an article found by meaning alone (questions_fresh9 f9-022: an English note led a
    # Chinese question through its translated terms, and "no law found" was said though 民法典第四百三十六条, similar
    # 0.91, stood second): such an article is measured against the best article of law found.
    best_law = next((h for h in hits[:max_citations] if not h.passage.record.is_commentary), hits[0])

    def cited(hit: Hit) -> bool:
        if hit.dense_similarity is None and hit.lexical_score is None and \
                (hit.passage.doc_id, hit.passage.article) in leaders:
            # Found through the captions alone, and a caption list leads with it: it has no similarity or BM25 score
            # to measure against the first hit's (the README's notice question's 第五百四十六条, behind two notes).
            return True
        yardstick = hits[0]
        if hits[0].passage.record.is_commentary and not hit.passage.record.is_commentary and \
                not _shares_a_measure(hit, hits[0]):
            yardstick = best_law
        return hit is yardstick or _close_to_best(hit, yardstick, tokens, gap)

    chosen = one_per_article([h.passage for h in hits[:max_citations] if h is hits[0] or cited(h)])
    limit = asked_limit(question)
    stating = _stating(limit, chosen + list(referenced or []) + list(named or [])) if limit else {}
    if limit and not stating:
        # One of the best few passages that was left out as less close, but states the limit asked, answers
        # better than the closer ones that do not. (Looking further down answered unanswerable questions.)
        cited = {p.chunk_id for p in chosen}
        left_out = _stating(limit, [h.passage for h in hits[:MAX_CITATIONS] if h.chunk_id not in cited], first_only=True)
        if left_out:
            chosen = one_per_article([h.passage for h in hits if h.chunk_id in left_out] + chosen[:max_citations - 1])
            stating = left_out
    scores = {h.chunk_id: h.score for h in hits}
    law = [p for p in chosen if not p.record.is_commentary]
    notes = [p for p in chosen if p.record.is_commentary]
    named = [p for p in named or [] if not p.record.is_commentary]
    first = {(p.doc_id, p.article) for p in named}
    law = [p for p in law if (p.doc_id, p.article) not in first]
    extra = [p for p in referenced or [] if (p.doc_id, p.article) not in {(q.doc_id, q.article) for q in law} | first]
    # A note that leads points at the governing article: that article answers first.
    ordered = named + (extra + law if chosen[0].record.is_commentary else law + extra) + notes
    if stating:
        # A question for a limit is answered by the passages that state it; the others found with them,
        # however close, are no basis for the number (a planning passage cited first for a rating floor).
        named_by_notes = {(p.doc_id, p.article) for p in referenced or []}
        grounds = [p for p in ordered if not p.record.is_commentary and (p.doc_id, p.article) in named_by_notes]
        ordered = [p for p in ordered if p.chunk_id in stating]
        if all(p.record.is_commentary for p in ordered):
            # A note that states it stands on the article it names: that article is quoted first, never left out.
            ordered = grounds + ordered
    ordered = _outranked_or_superseded_last(ordered)
    # The likeliest sentences of the first passage in the other language, where there is a choice, are
    # embedded: bench_kb's ask p95 at 58,612 chunks was 150 ms embedding every sentence of every such
    # passage, 117 ms for three passages' best three, 104 for two, 81-83 for one (goal 100).
    choices = ((p.chunk_id, meaning_candidates(question, p.text)) for p in ordered if is_chinese(p.text) != chinese)
    other_language = dict(itertools.islice(((c, s) for c, s in choices if len(s) > 1), MEANING_PASSAGES))
    similar = similarities([s for sentences in other_language.values() for s in sentences]) \
        if similarities and other_language else {}
    citations = [Citation(n, p, _quote(question, p, stating.get(p.chunk_id, ""), similar if p.chunk_id in other_language else None),
                          round(scores.get(p.chunk_id, 0.0), 6), as_of)
                 for n, p in enumerate(ordered, start=1)]
    if limit and not stating:
        return _limit_not_stated(question, limit, citations, chinese)
    # An article only a note's citation found (Hit.cited_by) is one the search found through the note: the searches'
    # agreement counts.
    found_by_note = {h.chunk_id: h.cited_by for h in hits if h.cited_by}
    agreeing = _searches_agreeing(leaders, ordered, {(p.doc_id, p.article) for p in named} |
                                  {(p.doc_id, p.article) for p in referenced or [] if p.chunk_id not in found_by_note})
    near = _lists_near(heads, ordered)
    if agreeing == 0 and carried_by == WORDS and near < NEAR_LISTS:
        return _no_search_agrees(question, citations, chinese)
    answer = Answer(question, True, "", citations, question,
                    _source_notices(citations, as_of, chinese) + _found_through_note(ordered, found_by_note, chinese) +
                    _rank_notices(citations, chinese) + _instruction_notices(citations, chinese),
                    searches_agreeing=None if stating else agreeing, searches_near=None if stating else near)
    answer.answer = render(answer)
    return answer


def _outranked_or_superseded_last(ordered: list[Passage]) -> list[Passage]:
    """The passages with a local or policy text that states no source of its own put after the national law quoted
    with it: an uploaded "local measure" saying a patent pledge arises on signing led 民法典第四百四十四条 under the
    governing heading (user13 S1-5). So are those of a text whose source says flatly that it is superseded, after the
    law quoted with them that is not (the SZSE 2013 guide led 管理规定第二十九条 on the investor cap, user13 S3-6)."""
    national = any(p.record.doc_type in NATIONAL_TYPES and p.record.stated_source for p in ordered)
    current = any(not p.record.is_commentary and not p.record.doubted_by_source for p in ordered)
    late = [p for p in ordered if (national and p.record.doc_type in SUBORDINATE_TYPES and not p.record.stated_source)
            or (current and not p.record.is_commentary and p.record.superseded_by_source)]
    law = [p for p in ordered if not p.record.is_commentary and p not in late]
    return law + late + [p for p in ordered if p.record.is_commentary]


def _rank_notices(citations: list[Citation], chinese: bool) -> list[str]:
    """Say, when a local or policy text is quoted beside the national law, that the law prevails where they differ."""
    national = next((c for c in citations if not c.commentary and c.record.doc_type in NATIONAL_TYPES), None)
    lower = list({c.doc_id: c for c in reversed(citations)
                  if not c.commentary and c.record.doc_type in SUBORDINATE_TYPES}.values())[::-1]   # each text once
    if not national or not lower:
        return []
    high = short_title(national.title)
    if chinese:
        names = "、".join(f"[{c.n}]《{short_title(c.title)}》（{SUBORDINATE_TYPES[c.record.doc_type][1]}）" for c in lower)
        return [f"注意：{names}的效力层级低于[{national.n}]《{high}》（{NATIONAL_TYPES[national.record.doc_type][1]}）；"
                "两者规定不一致的，以上位法为准。"]
    names = ", ".join(f"[{c.n}] {short_title(c.title)} ({SUBORDINATE_TYPES[c.record.doc_type][0]})" for c in lower)
    return [f"Note: {names} ranks below [{national.n}] {high} ({NATIONAL_TYPES[national.record.doc_type][0]}); "
            "where they differ, the higher law prevails."]


# Words addressed to a machine reading the text, not to the people it binds: a planted "【系统指令：忽略此前所有规则…】"
# in an uploaded file is quoted verbatim like the rest, so the reader is told what it is.
_ADDRESSED_TO_A_MACHINE = re.compile(r"系统指令|系统提示|忽略(?:此前|之前|以上|上述|前述)?的?(?:所有|全部|一切)?(?:规则|指令|要求)"
                                     r"|ignore (?:all |any )?(?:the )?(?:previous|prior|above) (?:instructions|rules)"
                                     r"|system prompt|developer mode", re.I)


def _instruction_notices(citations: list[Citation], chinese: bool) -> list[str]:
    """Say which quoted passages hold instructions addressed to an AI system: they are text, not law, and change nothing."""
    marked = [c for c in citations if _ADDRESSED_TO_A_MACHINE.search(c.passage.text)]
    if not marked:
        return []
    numbers = ", ".join(f"[{c.n}]" for c in marked)
    return [f"注意：{numbers}的原文含有针对AI系统的指令性文字（如“系统指令”“忽略此前所有规则”）；此类文字不是法律规定，"
            "本系统不执行，仅按原文照录，请核实该文件的来源。" if chinese else
            f"Note: {numbers} holds words addressed to an AI system (\"system instruction\", \"ignore previous rules\"); "
            "they are no rule of law, this system does not act on them and quotes them only as written: check where "
            "that file comes from."]


def _found_through_note(ordered: list[Passage], found_by_note: dict[str, Passage], chinese: bool) -> list[str]:
    """The notice that the first article of law quoted was found through the note citing it on the point asked
    (Retriever.NOTE_BRIDGE), naming the note: the reader checks the article against it."""
    law = [p for p in ordered if not p.record.is_commentary]
    note = found_by_note.get(law[0].chunk_id) if law else None
    if note is None:
        return []
    return [f"（第一条是经评注《{note.record.title}》{note.article.rstrip('.')}找到的：该评注就所问之点引用了它。）" if chinese else
            f"(The first article was found through the note \"{note.record.title}\" {note.article.rstrip('.')}, which cites it on "
            "the point asked.)"]


def _no_search_agrees(question: str, related: list[Citation], chinese: bool) -> Answer:
    """Not found: the evidence is only close words (`evidence` WORDS) and no single search leads with the article
    ranked first. On the tuning sets of _law_heading such answers were right 6 times and wrong 23 times; it refuses 3 of
    the 8 questions of questions_unanswerable_tuning8 that were answered before it (a library that does not answer)."""
    notice = ("（检索到的条文与问题只是字面相近，而且综合排序最靠前的条文在各种单独检索（按语义、按字词、按译名、按条文要旨）中都不居首位："
              "不能认定其中有回答该问题的规定。）" if chinese else
              "(The passages found are close to the question in words only, and the article ranked first overall is first "
              "in none of the separate searches (by meaning, by the question's words, by its terms translated, by the "
              "articles' captions): none of them can be taken to answer the question.)")
    return _related_only(question, notice, related, searches_agreeing=0)


def _related_only(question: str, notice: str, related: list[Citation], searches_agreeing: int | None = None) -> Answer:
    """Not found, with the reason: the passages found are listed as related, briefly quoted, never as the answer."""
    related = [replace(c, quote=shorten(c.quote, RELATED_QUOTE_CHARS)) for c in related]
    answer = Answer(question, False, "", resolved_question=question, notices=[notice], related=related,
                    searches_agreeing=searches_agreeing)
    answer.answer = render(answer)
    return answer


def _searches_agreeing(leaders: tuple[tuple[str, str], ...], ordered: list[Passage], named: set[tuple[str, str]]
                       ) -> int | None:
    """How many single searches lead with the first article of law quoted; None when not measured: fewer than
    two lists ran (a dense or lexical search), no law is quoted, or the question or a cited note names it. (A limit
    asked and stated is quoted for stating it, kb.limits: the heading does not count the lists for it, the gate does.)"""
    law = [(p.doc_id, p.article) for p in ordered if not p.record.is_commentary]
    if len(leaders) < 2 or not law or law[0] in named:
        return None
    return sum(leader == law[0] for leader in leaders)


def _lists_near(heads: tuple[tuple[tuple[str, str], ...], ...], ordered: list[Passage]) -> int:
    """How many single searches hold the first article of law quoted among their first articles (SearchResult.heads)."""
    law = [(p.doc_id, p.article) for p in ordered if not p.record.is_commentary]
    return sum(law[0] in head for head in heads) if law else 0


def _stating(limit: Limit, passages: list[Passage], first_only: bool = False) -> dict[str, str]:
    """chunk id -> the sentence stating the limit asked, for the passages that state it."""
    found = {}
    for p in passages:
        sentences = stating_sentences(limit, p.text, p.title, p.record.issuer)[:MAX_STATING_SENTENCES]
        if sentences:
            found[p.chunk_id] = "".join(sentences) if is_chinese(p.text) else " ".join(sentences)
            if first_only:
                break
    return found


def _quote(question: str, passage: Passage, stating: str, similarity: dict[str, float] | None) -> str:
    """The answering sentences; a passage that states the limit asked is quoted where it states it; a short article
    whole, as a rule and its proviso or notice qualify each other ("未通知债务人的，该转让对债务人不发生效力。债权转让的
    通知不得撤销…": asked whether notice is needed, the words picked the second sentence alone)."""
    if not passage.record.is_commentary and len(passage.text) <= WHOLE_ARTICLE_CHARS:
        return re.sub(r"\s*\n\s*", "" if is_chinese(passage.text) else " ", passage.text.strip())
    quote = answering_quote(question, passage.text, similarity=similarity, title=passage.title)
    if not stating or all(sentence[:40] in quote for sentence in quote_sentences(stating)):
        return quote
    return shorten(stating, MAX_QUOTE_CHARS * MAX_STATING_SENTENCES)


def _limit_not_stated(question: str, limit: Limit, related: list[Citation], chinese: bool) -> Answer:
    """Not found: the question asks for a limit (a term, an amount, a ratio, …) that no passage found states.
    The passages found talk about the topic; they are listed as related, not as the answer."""
    notice = (f"（所问的是{limit.describe(True)}。检索到的条文涉及相关主题，但没有一条就所问事项规定{limit.describe(True)}。）"
              if chinese else
              f"(The question asks for {limit.describe(False)}. The passages found concern the topic, but none of them "
              f"states {limit.describe(False)} on what is asked.)")
    return _related_only(question, notice, related)


def _source_notices(citations: list[Citation], as_of: str, chinese: bool) -> list[str]:
    """Say when the version in force on the date asked is not in the library, when a source says of itself
    that it is, or may be, superseded, and when it says it holds only part of the instrument."""
    notices = []
    for c in citations:
        if c.commentary:
            continue
        name = short_title(c.title)
        if not c.in_force_then:
            # The instrument is named without the stored version's bracket: "the version of 专利法（2020年第四次
            # 修正） in force on 2019-01-01" named the 2020 text as the one missing.
            bare = instrument_name(name) if is_chinese(c.title) else name
            span = _in_force_span(c.record, chinese)
            notices.append(
                f"注意：《{bare}》在 {as_of or today()} 有效的版本不在知识库中；下文引用的是最接近的版本《{name}》（{span}），"
                "并非当日有效的文本。" if chinese else
                f"Note: {bare} as in force on {as_of or today()} is not in the library; quoted below is the nearest "
                f"stored version, {name} ({span}), which was not the law on that date.")
        elif c.record.doubted_by_source and not c.record.effective_to:   # with an end date, the dates say it
            status = shorten(c.record.source_status, SOURCE_STATUS_CHARS)
            notices.append(f"注意：《{name}》的来源文件注明该版本已被取代或状态存疑，原文：“{status}”；引用前请核对现行文本。"
                           if chinese else
                           f"Note: the source of {name} states of itself: \"{status}\". Check the current text before "
                           "relying on it.")
        if not c.record.stated_source:
            notices.append(f"注意：《{name}》的文件没有注明文本出处（不是来源有据的官方文本），引用前请与官方文本核对。" if chinese else
                           f"Note: {name} states no source for its text (neither its file nor its uploader names one): "
                           "check it against the official text before relying on it.")
        if c.record.partial_source:
            held = shorten(c.record.source_completeness, SOURCE_STATUS_CHARS)
            notices.append(f"注意：知识库中的《{name}》只是该文件的部分文本，来源文件注明：“{held}”；未收录的条款也可能与问题有关。"
                           if chinese else
                           f"Note: the library holds only part of {name}; its source says: \"{held}\". Provisions it "
                           "lacks may bear on the question.")
    return list(dict.fromkeys(notices))


def ask(retriever, question: str, k: int = MAX_CITATIONS, filters: Filters | None = None, search: str = "hybrid",
        history: list[str] | None = None) -> Answer:
    """Resolve a follow-up, retrieve, and answer citing at most `k` searched passages (plus the articles a
    cited note points to): the one call the CLI and the web app make.

    Args:
        retriever: a kb.retriever.Retriever over the KnowledgeBase.
        question: the question as asked, Chinese or English.
        k: how many searched passages to cite at most (MAX_CITATIONS).
        filters: which documents may answer (kb.filters.Filters); None = every type, in force today.
        search: "hybrid", "dense" or "lexical" (kb.retriever.SEARCH_MODES).
        history: the earlier questions of the conversation, oldest first, to resolve a follow-up.
    Returns:
        Answer: found or not, the text shown (the governing sentences quoted, law first), its
        citations (document, article, page, status) and the notices the reader must see.
    """
    with retriever.kb.pinned():   # one registry read for the whole answer
        return _ask(retriever, question, k, filters, search, history)


def _ask(retriever, question: str, k: int, filters: Filters | None, search: str, history: list[str] | None) -> Answer:
    from kb.lookup import instrument_candidates

    filters = filters or Filters()
    resolved = resolve(question, history)
    chinese = is_chinese(resolved)
    readable = {d: r for d, r in retriever.kb.documents().items() if filters.allows_kind(r)}
    docs = set(readable)

    def mentioned(name: str) -> bool:
        return _mentioned(retriever.kb, name, docs)

    reason = outside_library(resolved, list(readable.values())) or \
        unknown_instrument(resolved, lambda name: bool(instrument_candidates(list(readable.values()), name))) or \
        unmentioned_subject(resolved, mentioned) or unmentioned_acronym(resolved, mentioned)
    if reason:
        answer = Answer(question, False, "", resolved_question=resolved,
                        notices=[f"（{reason[1]}）" if chinese else f"({reason[0]})"])
        answer.answer = render(answer)
        return answer
    named_date = "" if filters.as_of else asked_date(resolved)
    searched = resolved
    if named_date:   # "in force on 2019-01-01": the law of that day, as --as-of would ask it
        filters = replace(filters, as_of=named_date)
        searched = without_asked_date(resolved)   # the date's words match nothing the law says on the matter
    hits = _search_on_date(retriever, searched, max(k, CANDIDATES), filters, search)
    referenced = _referenced_articles(retriever.kb, searched, hits[:k], filters) if hits else []
    named, missing = _named_articles(retriever.kb, resolved, filters)
    answer = compose_answer(searched, hits, max_citations=k, as_of=filters.as_of, referenced=referenced,
                            similarities=lambda sentences: retriever.kb.similarities(searched, sentences), named=named)
    answer.notices += [f"（问题所称{instrument}{article}不在知识库中该文件的文本里：请核对条号，或导入载有该条的文本。）"
                       if chinese else
                       f"(The question names {instrument} {article}, which the library's text of it does not hold: check "
                       "the article number, or ingest a text that holds it.)" for instrument, article in missing]
    # The law cited must be of the jurisdiction asked about (a US digest beside PRC articles does not make them US law).
    law = [c for c in answer.citations if not c.commentary] or answer.citations
    foreign = other_jurisdictions_only(resolved, [c.record.country for c in law])
    if foreign:   # listed as related: the reader sees what the other jurisdictions say, never as the answer
        answer = _related_only(resolved, f"（{foreign[1]}）" if chinese else f"({foreign[0]})", answer.citations)
    answer = _with_compared_versions(retriever.kb, resolved, answer)
    answer.question, answer.resolved_question = question, resolved
    if named_date:
        answer.notices.insert(0, f"（按问题所述日期 {named_date} 有效的文本作答。）" if chinese else
                              f"(Answered with the law in force on {named_date}, the date the question names.)")
    answer.answer = render(answer)
    return answer


# A question comparing versions of an instrument it names by year ("2008年专利法和2020年专利法对外观设计专利权期限的规定有何
#不同？"): each article quoted is quoted from every stored version of those years too, next to it.
_COMPARES = re.compile(r"不同|区别|差异|变化|变动|对比|比较|相比|修改了什么|differ|compare|comparison|changed?\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _with_compared_versions(kb, question: str, answer: Answer) -> Answer:
    """`answer` with the versions a comparison question names by year quoted beside each article it quotes."""
    years = set(_YEAR.findall(question))
    if not answer.found or len(years) < 2 or not _COMPARES.search(question):
        return answer
    from kb.lookup import article_label

    records = kb.documents().values()
    quoted = {(c.doc_id, c.article) for c in answer.citations}
    passages: list[Passage] = []
    for c in answer.citations:
        passages.append(c.passage)
        for r in records:
            named = any(year in f"{r.title} {r.version} {r.effective_from}" for year in years)
            if c.commentary or not named or r.instrument != c.record.instrument or (r.doc_id, c.article) in quoted:
                continue
            found = kb.article_passages(r.doc_id, article_label(c.article))
            if found:
                passages.append(replace(found[0], text="\n".join(p.text for p in found)))
                quoted.add((r.doc_id, c.article))
    if len(passages) == len(answer.citations):
        return answer
    old = {c.passage.chunk_id: c for c in answer.citations}
    # Each compared version is quoted as of its own first day: it is not "the nearest version" to a day asked.
    answer.citations = [replace(old[p.chunk_id], n=n) if p.chunk_id in old else
                        Citation(n, p, _quote(question, p, "", None), 0.0, p.record.effective_from)
                        for n, p in enumerate(passages, start=1)]
    added = [c for c in answer.citations if c.passage.chunk_id not in old]
    answer.notices += [_compared_notice(c, answer.chinese) for c in added] + \
        _source_notices(added, "", answer.chinese)
    answer.answer = render(answer)
    return answer


def _compared_notice(c: Citation, chinese: bool) -> str:
    span = _in_force_span(c.record, chinese)
    if chinese:
        return f"（[{c.n}] 是《{short_title(c.title)}》的文本（{span}），按问题所作的版本比较一并引用。）"
    return f"([{c.n}] is the text of {short_title(c.title)} ({span}), quoted for the comparison of versions asked.)"


def _in_force_span(record, chinese: bool) -> str:
    """When a version was in force: "2009-10-01 起施行，2021-05-31 起不再有效" / "in force from 2009-10-01 to 2021-05-31"."""
    since, until = record.effective_from or "?", record.effective_to
    if chinese:
        return f"{since} 起施行" + (f"，{until} 起不再有效" if until else "")
    return f"in force from {since}" + (f" to {until}" if until else "")


def _mentioned(kb, name: str, docs: set[str]) -> bool:
    """Does any passage of these documents contain `name` verbatim (its best lexical matches are read)?"""
    ids = [cid for cid, _ in kb.lexical_search(name, 20, docs)]
    return any(name in p.text for p in kb.passages(ids)) if ids else False


def _search_on_date(retriever, question: str, k: int, filters: Filters, search: str) -> list[Hit]:
    """Search the versions in force on the date; for an instrument with no version in force then, the
    nearest stored version is searched too (its citation says so)."""
    if filters.any_date:
        return retriever.search(question, k=k, filters=filters, mode=search)
    records, on = retriever.kb.documents(), filters.as_of or today()
    # Today too: an instrument whose only stored version has expired (a list superseded by one not yet
    # ingested) is quoted as such rather than hidden.
    in_force_names = {instrument_name(r.title) for r in records.values() if filters.allows_kind(r) and r.in_force(on)}
    others = {d for d, r in records.items() if filters.allows_kind(r) and instrument_name(r.title) not in in_force_names
              and _nearest_version(r, records, on)}
    if not others:
        return retriever.search(question, k=k, filters=filters, mode=search)
    # One search over both, so that their fused ranks compare: searched apart, the nearest version was
    # first of its own list and led every answer, whatever was asked.
    searched = {d for d, r in records.items() if filters.allows_kind(r) and (r.in_force(on) or d in others)}
    return retriever.search(question, k=k, filters=replace(filters, as_of="", doc_ids=searched, any_date=True), mode=search)


def _nearest_version(record, records: dict, on: str) -> bool:
    """Of an instrument's stored versions, is this the nearest to `on` (soonest after, else latest before)?"""
    from kb.lookup import nearest_first

    same = [r for r in records.values() if instrument_name(r.title) == instrument_name(record.title)]
    return nearest_first(same, on)[0].doc_id == record.doc_id


def _named_articles(kb, question: str, filters: Filters) -> tuple[list[Passage], list[tuple[str, str]]]:
    """The articles the question names, as stored in the version of the date, and those named that an
    instrument in the library does not hold ("民法典第二百二十七条" in a library whose 民法典 lacks it)."""
    from kb.lookup import lookup_basis
    from kb.references import find_references

    found, missing = [], []
    for instrument, article in find_references(question)[:MAX_REFERENCES]:
        basis = lookup_basis(kb, instrument, article, filters.as_of, doc_types=filters.doc_types)
        if basis.found and not basis.passage.record.is_commentary:
            found.append(basis.passage)
        elif basis.record is not None and not basis.record.is_commentary:
            missing.append((instrument, article))
    return found, missing


def _referenced_articles(kb, question: str, hits: list[Hit], filters: Filters) -> list[Passage]:
    """The articles the commentary among the hits names (in order), as stored in the version of the date; an
    article only a note's citation found (Hit.cited_by) counts as named by it."""
    from kb.lookup import lookup_basis
    from kb.references import find_references

    found: list[Passage] = []
    for hit in hits:
        if hit.cited_by and all(p.chunk_id != hit.chunk_id for p in found):
            found.append(hit.passage)
        if not hit.passage.record.is_commentary:
            continue
        quoted = answering_quote(question, hit.text)
        for instrument, article in dict.fromkeys(find_references(quoted) + find_references(hit.text)):
            basis = lookup_basis(kb, instrument, article, filters.as_of, doc_types=filters.doc_types)
            passage = basis.passage   # the whole article, all its chunks
            if passage is None or passage.record.is_commentary or any(p.chunk_id == passage.chunk_id for p in found):
                continue
            found.append(passage)
            if len(found) == MAX_REFERENCES:
                return found
    return found
