"""Sentence-level verification of a generated answer against the passages it cites, before anything is shown.

Why these three checks, and what each one misses (measured on the labelled pairs, bench/data/README.md):

1. **Quote.** Each sentence carries a short verbatim quote, which must occur in a passage the sentence cites:
   normalised exact match (NFKC, case, spacing and punctuation ignored), then a small fuzzy budget (about one
   edit in ten characters) for a model that drops a particle or changes a comma, never one that changes a number
   or duty. It ties the sentence to a place a reader can check. It misses a sentence that quotes correctly and
   then says something else, so checks 2 and 3 read the sentence itself.
2. **Hard facts** (kb.facts): what similarity barely sees (十年 and 十五年 embed almost alike). Facts are extracted
   the same way from the sentence and the passage, language-neutral, and compared as structure, not as phrases:
   - *amounts*: numbers with their units (二十年 = 20 years, 100万元 = RMB 1 million, 百分之五 = 5 %, 二分之一 =
     one half, 两份 = two), dates and article numbers must be stated by the passage; labels (第三款, Article 6(1), items
     (5) to (17)), ordinals (第二天, the 50th year) and 那一年 are no amounts. Where the passage states several values of one unit, a value must be the
     one of the passage stretch the sentence's own words point at (its clause or, across languages, the passage
     sentence, or the part of it since the previous value, holding most of the sentence's glossary and CC-CEDICT
     terms; the number's own rendering and terms every stretch holds left out): 十年 is the utility models' term,
     not the designs'; "three months" of the first filing is the designs' period, not the inventions'. Periods are
     one kind (六个月 contradicts a clause saying 六十日), and a bound is read with its value (不得少于三十日，并不得超过
     六十日: "at least sixty days" is removed). Misses arithmetic (120 months for 10 years is rejected,
     never wrongly accepted) and two values whose clauses the sentence's words cannot tell apart ("a reconvened
     meeting" when neither dictionary renders it);
   - *modality*: the duty words (应当/must, 不得/must not, 可以/may, 无须/need not; the court's 应予支持/不予支持;
     方可, 只能) are compared by strength, not by word: a permission and a release say the same of whether an act is
     required (可以委托 backs 不是必须), and a prohibition or release is backed where the passage denies something
     (不发生中止 backs "cannot be suspended"), what it denies being the negation checks' to compare; a duty word on a
     bound (不得超过, may not exceed, 最长只能是, may not run longer than) is the bound. The qualifiers that widen or
     narrow a rule (不论/regardless, 仅/only, 除外/unless, 单独/alone, 自行/on its own, 共同/jointly, 善意/good faith) must be of a kind
     the passage states (a conditional prohibition, 声明不许使用的不得使用, is an exception). Within one language
     each clause is compared with the passage clause on the same subject (duty and negation kept: 可以被强制执行 against 不得强制执行; an exception 除另有协议的以外 backs 没有另外约定的;
     批准或者不予批准 is a choice, no denial); across languages with the passage sentence the English one renders,
     found by its glossary terms, and what an English sentence negates (or states plainly) must not be what the
     passage says plainly (or only denies: 不视为侵犯, 人民法院不予支持). Misses a condition written without such a
     word, and one dropped from the sentence;
   - *polarity and order words*: a small bilingual table of opposites (之前/之后, 不少于/不超过, 有效/无效, 存续/消灭,
     首次/最后, 书面/口头, 公开/非公开, …): a word whose opposite the passage states and which it does not state
     itself has turned the rule round; a negation just before the word flips it; one inside an event clause
     ("after the lease term ends") is no claim; between Chinese texts an order word counts only against its
     opposite on the same event (职责终止后 is "once the duties end", not against 新基金管理人产生前). Misses opposites
     outside the table and orders reversed without one;
   - *events*: the event a period or an effect runs from (自登记之日起, from the filing date, created when the pledge
     is registered) must be one the passage runs periods from, and a period read with its event (自收到通知之日起
     2个月内) must not take another period of that event; between Chinese texts the events are also compared in their
     own words (从债务到期那天起算 against 自提存之日起, 签订后的六个月). An event an English sentence bounds its rule by
     ("the seller bears the risk until the contract is signed", "once … has been filed") must be one the passage names,
     where it names any. Misses English events outside its list (the date a decision was made, "the fund's launch") and
     periods from one event told apart only by their subject (left to the amounts);
   - *actors*: the party a duty binds (出质人不得; not an English party after a preposition or in a relative
     clause), who acts on whom in Chinese (许可人监督被许可人), who asks, whom a claim is against, whose consent is
     asked, and who holds a right, ranks first or gets an asset (归/属于/由…享有, 优先受偿, 享有…优先购买; belongs
     to, is paid first, ranks ahead, has a right of first refusal), compared by kind and thing held, with its
     denial (…优先于…的，人民法院不予支持 against "ranks ahead"), must be as the passage has them (a party heading its
     clause before 的 owns the subject and does not act; an English party is named by its phrase where the glossary
     renders it, "the secured creditor": 担保物权人); a public body must be of a kind the passage names (专利局 is of the kind of 国务院专利行政部门).
     Across languages also: who does an act the passage assigns with 由 (由新受托人承继 against "the settlor takes
     over"), a permission's party as a duty's (委托人有权要求受托人), whose thing a possessive names ("the licensee's
     name": 被许可人的名称; between Chinese texts 基金托管人的董事 too) and whose consent a phrase no party names asks ("the
     copyright office's approval"). Misses parties neither dictionary renders ("the troupe"), English party order
     (passives reverse it) and swaps between objects ("notified the debtor" for the guarantor). The parties of the named
     contracts are in the table as role pairs (lender/borrower 贷款人/借款人, contractor/ordering party 承揽人/定作人,
     custodian of goods kept/depositor 保管人/寄存人, commission agent 行纪人, intermediary 中介人, publisher, trust
     supervisor, underwriter); a party inside a Chinese time phrase (在承揽人完成工作前) is no subject, and a sentence
     opening on a party's condition (出租人出卖…的，应当通知) binds that party. Between Chinese texts also *what each role
     does*: a role opening its clause (or after 由, a condition word, its own modifier) does the words after it to the
     clause's end, and these must fit what the passage has that role do better than another's (定作人不能擅自更换 where
     承揽人不得擅自更换定作人提供的材料; 受托人可以…另找第三人 where 委托人经受托人同意，可以…委托第三人). Misses roles the
     passage names once and that the table lacks, swaps whose words a paraphrase changes (a role's words fitting another
     role's by less than 0.6 of their character pairs), a role a demand is made of (催告债权人…同意: reading it as acting
     rejected faithful sentences), and English sentences, whose swaps only the duty, consent, holder, agent and possessive
     checks see (an English version, the party opening its clause doing the glossary terms of the words after it, caught
     three tuning defects, one for a wrong reason, and rejected three faithful sentences: dropped);
   - *conditions*: a condition set as the only way the rule applies ("but only where", 只要…就) must be one whose words
     the passage holds (glossary terms, character pairs); so must a Chinese condition added with no such word, a conjunct
     of a 的-condition (且情节严重的, 并已告知…的), a scope or a time (在不超过报酬的范围内, 在合同履行期间) or a premise (前提是…),
     of which a third of the character pairs must be in the passage, and what "provided" or "as long as" sets, of whose
     words the glossary renders half must be. Misses invented conditions written any other way: a relative clause ("a
     legal person that also holds a licence"), a preposition ("for profit", "with a bank as the lender", "through its own
     fault") and a conjunct of an English condition ("when it is handed over and the fee has been paid": single glossary
     renderings rejected six faithful sentences for three defects, so it is not read).
3. **Support score.** The best e5 similarity between the sentence and a window of one or two passage sentences,
   against a gate per language pair (Chinese, English, across languages). It catches a sentence that drifted off
   its passage while quoting correctly. It is a score, not understanding: a minimal change (one party, one
   condition) scores as high as the faithful sentence, and among the pairs the other checks pass, defects and
   faithful paraphrases score alike, so no threshold catches defects without rejecting as many correct sentences.
   Each gate sits just below every faithful tuning sentence (bench/eval_generate.py), where it rejects most
   sentences scored against an unrelated article in the same language; across languages it is kept at 0.78,
   above the calibrated 0.75, where about a third of unrelated sentences are rejected (saying less is the safe
   error). Word overlap was dropped from it: it rejected faithful paraphrases far more than it caught defects.

Checks fitted to a few tuning pairs that caught nothing on a fresh batch were removed rather than kept (a verb after
a duty word compared across the passage, "first … then" against numbered items, a dropped 为限 restriction). Each fresh
batch written since has met about one faithful sentence in five rejected on first contact (tuning12: one in three),
each time by another word table (duty words, order words, party words, qualifiers, events, bodies, ordinals): these
checks compare words, and a paraphrase finds the words a table lacks. Where the fix was an equivalence (two duty kinds
of one strength, one event in two words, 公告/公布/出版 as one publication, 局 and 部门 as one kind of body), it was made
in the table's terms, not per sentence. Tuning12's class fixes left the held-out half where it was (83.8 % caught /
18.9 % rejected), as most such fixes before them barely moved it. Tuning13 (17.7 % rejected on first contact) was
followed by probes of faithful paraphrases only, of often cited articles (31 of 209 rejected at the start, 10 after),
each cause fixed as a rule about language; those rules moved the held-out half for the first time: 83.8 % / 14.9 %.
Tuning14 (15.3 % rejected, 66.1 % caught on first contact) was written toward the defects missed most (party and role
swaps, invented conditions); its rules about who acts, whose thing and which condition raised it to 88.1 % / 10.2 % and all
tuning pairs from 74.7 % / 2.2 % to 77.5 % / 1.8 %, losing no earlier catch; the held-out half stayed at 83.8 % / 14.9 %.
Tuning15 (18.8 % rejected on first contact, five of twelve by negated consent and other Chinese wordings of one meaning)
and four batches of faithful probes (123 sentences, 13 rejected at the start, 4 after) led to rules about how the law words
a thing (没有取得…同意 is 未经…同意, 不因…而受到影响 is "even if", 但是 is a proviso, a party named by its act or its own
word, an order word on its event): all tuning pairs 78.1 % / 3.1 % -> 78.2 % / 1.1 %, the held-out half 83.8 % / 14.9 % ->
83.8 % / 13.5 %.
Tuning16 (50.8 % caught, 12.3 % rejected on first contact; 22 party swaps among roles of the named contracts, 7 caught, and
22 invented conditions, 9 caught) led to role pairs in the party table, who acts in a Chinese clause (time phrases, a
party's condition opening its sentence, what each role does), conditions added without a qualifier word and the event an
English sentence bounds its rule by: tuning16 75.4 % / 4.6 %, all tuning pairs 76.2 % / 1.9 % -> 78.5 % / 1.3 %; the earlier
files' pairs 78.2 % / 1.1 % -> 78.7 % / 1.1 % (three party swaps caught through the new role words and one event, none newly
rejected): their misses among conditions and Chinese party swaps hardly moved, so these checks reach the wordings tuning16
was written in more than the language at large.
Tuning19 (57.1 % caught, 4.8 % rejected on first contact; fund, SME, appraisal and trademark laws) led to rules on faithful
可以 paraphrases (a plain rule with no duty word, denial or proviso; an act the passage makes the condition of a duty; a
case a proviso takes out of a ban), opposites (small/large enterprises, free/paid, encouraging/restricting), acting at
will, the Trademark Office as a body and "an instruction of the custodian" as a possessive: tuning19 76.2 % / 0 %; the
earlier tuning pairs 79.4 % / 2.0 % -> 79.4 % / 1.8 %; the held-out half stayed at 83.8 % / 12.2 %.
A sentence that fails any check is removed (and listed with its reason); one supported only by a note or digest, not
by the law itself, is shown flagged. Nothing unchecked is ever shown.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, replace

from kb.facts import (ANY_PARTY, ASSIGNED_DUTY, CONSENTER_EN, CONSENTER_ZH, KINDS_OF_PARTY, NOT_A_NEGATION, agents, amounts,
                      bindings, claimants, clauses, consent_condition, consenters, contradicted, denies, duty_backed,
                      english_actors, extract, Facts, holders, mask_numbers, missing_facts, negated, negation_scopes,
                      normalise, orders, owners_before, party_words, period_conflicts, plain_bounds, possessions,
                      prohibited_words, respondents, role_predicates, role_words, sentences, swapped_bounds,
                      turned_round, unanchored, unnamed_events, without_bounds)
from kb.limits import RIGHTS
from kb.tokenize import is_chinese, tokenize

STATUSES = ("supported", "flagged", "removed")
MIN_QUOTE_CHARS = 6           # normalised characters: shorter quotes (一个词) pin nothing down
FUZZY_EDITS_PER_CHAR = 0.1    # about one edit per ten characters of quote…
MAX_FUZZY_EDITS = 6           # …and never more than this
SECONDARY_DOC_TYPES = {"note", "digest"}
ALIGN_NUMBERS = True          # numbers bind to the passage clause about the same subject (calibrated: see bench)
CLAUSE_MARGIN_WORDS = 0.15    # clauses within this word coverage of the best also count…
CLAUSE_MARGIN_E5 = 0.005      # …or within this e5 similarity, across languages
UNIT_WEIGHTED = True          # glossary terms weighted by length, those in every passage sentence left out
UNIT_MARGIN = 0.8             # across languages, passage sentences holding this share of the best's glossary terms count too
CONTEXT_MARGIN = 0.0          # …of those, the ones in passage sentences within this overlap of the sentence's best
REQUIRE_SAME_NEGATION = True  # a clause negated where the passage's clause is not (or the reverse) fails
JOINED_CLAUSE_PARTIES = True  # a clause naming two parties is read against the whole passage sentence
CONSENT = True                # consent as a condition and the consequence's negation flip together
NEGATION_ACROSS = True        # what an English sentence negates must be negated where the Chinese passage says it
COURT_ANSWER = True           # a claim clause's duty may be the court's answer to it (…的，人民法院应予支持)
RESPONDENTS = True            # whom a claim is against (向债务人追偿, recourse against the debtor) must be the passage's
OPPOSITES = True              # a polar word (before/after, at least/at most, 存续/消灭) turned round fails
MAX_TERM_WEIGHT = 4           # across languages, a glossary term weighs its length up to this many characters…
UNIT_NUMBERS = True           # …and each of the sentence's numbers a passage sentence states weighs as much
CONSENTERS = True             # whose consent a sentence asks for must be a party the passage asks it of
NUMBERS_BY_TERMS = True       # across languages, of several values of one unit, a number goes with the clause its words find
NUMBER_TIE = 0.75             # …and a stretch scoring this share of the best's is a tie: the words do not decide
ENGLISH_BODIES = True         # a court or the State Council an English sentence names: the passage names its kind
DENIED_STATED_PLAINLY = True  # across languages, an unnegated sentence must not say what the passage only denies
NEGATION_FROM_NEAR = True     # a negated clause may take its negation from the passage clause closest to it
ASKING_IS_PERMITTED = True    # "can ask for" is backed by a Chinese passage's claim (抵押权人…请求确定债权)
HOLDERS = True                # who holds a right, ranks first or gets an asset must be a holder the passage names
ENGLISH_PARTY_PHRASES = True  # "the secured creditor" is named where the passage holds the glossary's 担保物权人
ROLES_BY_ACT = True           # across languages, "the assignor" is named where a passage party does the act (债权人转让债权)
ORDER_ON_ITS_EVENT = True     # "before the announcement" is backed by 公告前 in any passage sentence
BEST_CLAUSE_DUTY = True       # between Chinese texts the single closest passage clause must agree on the duty too
NEGATION_ANYWHERE = True      # a negated Chinese clause is backed where the passage denies the same words (未依照…办理信托登记)
PERMISSIONS_ACROSS = True     # across languages a permission is bound to its party too ("the settlor may require" for 委托人有权要求)
POSSESSIONS = True            # "the licensee's name", 托管人的董事: whose thing it is must be whose the Chinese passage has it
STILL_FROM_ITS_WORD = True    # "… nevertheless remains liable" is read from "nevertheless", not with its condition's "neither"
CONDITION_NOT_IN_SPITE = True # …and not one the passage names only to say the rule holds whatever it is (不因…而受到影响)
STATED_CONDITIONS = True      # a condition a sentence sets ("only where", 只要…就) must be one whose words the passage holds
CONSENTER_PHRASES = True      # whose consent an English sentence asks ("the copyright office's") is found by its words too
AGENTS = True                 # across languages, who does an act the passage assigns with 由 must be a party it names there
ASSIGNED_DUTIES = True        # a whole passage assigning a payment or a loss with 由 (由债务人清偿) states a duty
RIGHTS_NAMED = True           # a kind of IP right the sentence names (trademark, copyright, patent) must be one the passage names
EXCEPTIONS_GRANTED = True     # a case a proviso excludes (但…除外, except) must not be stated as covered
EXCLUSIONS_DENIED = True      # …and a clause denying that case says what the proviso says
BOUNDS_KEPT = True            # a value the passage only bounds (不超过五年) must not be stated as a fixed amount
WIDENED_SUBJECTS = True       # a universal subject (所有, every) needs ground in the passage
STRETCH_LEAD = True           # a passage sentence stating no value is the subject of the next one's first value
PLAIN_RULE_PERMITS = True     # a passage stating its rule with no duty word (由商业银行担任) backs "may" (可以由…担任)
CONDITIONAL_ACTS_PERMITTED = True   # a Chinese act the passage makes the condition of a rule (X将…委托给…的，应当) is allowed
PERMITTED_ACT_HELD = 0.6      # …where the passage's 的-condition holds this share of the 可以 clause's character pairs
EXCEPTED_PERMITTED = True     # a case a proviso takes out of a prohibition (不得…，但是经批准…的除外) may be done ("…的可以")


@dataclass(frozen=True)
class Thresholds:
    """Support-score gates: a Chinese and an English sentence over a passage in its own language, and a sentence
    over a passage in the other language (no lexical overlap there, so only the e5 similarity speaks).
    Calibrated on the tuning pairs by bench/eval_generate.py."""
    chinese: float = 0.885
    english: float = 0.85
    cross_language: float = 0.78   # above the calibrated 0.75, which lets nearly every unrelated sentence through


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Passage:
    n: int
    text: str
    label: str = ""          # title and article: an article number named there counts as stated
    doc_type: str = ""


@dataclass
class Draft:
    """One sentence as the model wrote it."""
    text: str
    citations: list[int] = field(default_factory=list)
    quote: str = ""


@dataclass
class Checked:
    text: str
    citations: list[int]
    quote: str
    status: str                # one of STATUSES
    reason: str = ""
    support: float | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        data["support"] = None if self.support is None else round(self.support, 4)
        return data


_CITATION_MARK = re.compile(r"\s*[\[【［]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]】］]")
_KEEP = re.compile(r"[\w\u3400-\u9fff]+")


def strip_citations(text: str) -> str:
    return _CITATION_MARK.sub("", text).strip()


def _compact(text: str) -> str:
    """Letters, digits and CJK only: the form quotes are matched in."""
    return "".join(_KEEP.findall(normalise(text))).replace("_", "")


def edit_distance_in(needle: str, haystack: str, limit: int) -> int:
    """Smallest edit distance between `needle` and any substring of `haystack` (Sellers), capped at limit+1."""
    previous = [0] * (len(haystack) + 1)
    for i, ch in enumerate(needle, start=1):
        current = [i] + [0] * len(haystack)
        for j, other in enumerate(haystack, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch != other))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous)


def quote_found(quote: str, passage: str) -> tuple[bool, str]:
    """Whether the quote (pieces joined by an ellipsis each) occurs in the passage, and how."""
    pieces = [_compact(p) for p in re.split(r"…+|\.{3,}", quote)]
    pieces = [p for p in pieces if p]
    if sum(map(len, pieces)) < MIN_QUOTE_CHARS:
        return False, "quote too short to check"
    target = _compact(passage)
    if all(p in target for p in pieces):
        return True, "exact"
    for piece in pieces:
        budget = min(MAX_FUZZY_EDITS, max(1, int(len(piece) * FUZZY_EDITS_PER_CHAR)))
        if piece not in target and edit_distance_in(piece, target, budget) > budget:
            return False, "not in the passage"
    if missing_facts(extract(quote), extract(passage)):   # one edit may not turn 十五年 into 二十五年
        return False, "a number or duty differs from the passage"
    return True, "fuzzy"


def _coverage(sentence: str, passage: str) -> float:
    tokens = set(tokenize(sentence))
    if not tokens:
        return 1.0
    weight = lambda t: 1.0 + math.log(len(t))   # noqa: E731 — longer words carry more meaning
    present = tokens & set(tokenize(passage))
    return sum(map(weight, present)) / sum(map(weight, tokens))


def _windows(text: str) -> list[str]:
    from kb.answer import split_sentences

    sentences = split_sentences(text) or [text]
    windows = list(sentences)
    windows += [a + (" " if not is_chinese(a) else "") + b for a, b in zip(sentences, sentences[1:])]
    return windows


class Verifier:
    """Checks drafted sentences against numbered passages; `embeddings` is the kb's LangChain Embeddings."""

    def __init__(self, embeddings, thresholds: Thresholds = DEFAULT_THRESHOLDS):
        self.embeddings = embeddings
        self.thresholds = thresholds
        self._vectors: dict[str, list[float]] = {}

    def similarity(self, sentence: str, passage: str) -> float:
        """Best e5 cosine between the sentence and a window of one or two passage sentences."""
        windows = _windows(passage)
        query = self.embeddings.embed_query(sentence)
        return max(_cosine(query, v) for v in self._embed_passages(windows))

    def _embed_passages(self, texts: list[str]) -> list[list[float]]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if todo:
            self._vectors.update(zip(todo, self.embeddings.embed_documents(todo)))
        return [self._vectors[t] for t in texts]

    def aligned_clauses(self, clause: str, passages: list[Passage], parties: bool = False,
                        context: str = "", margin: float | None = None) -> list[str]:
        """The passage clauses that say what `clause` talks about: the best match by subject (numbers
        masked, and parties with `parties`; character pairs for Chinese, words for English, e5 across
        languages) and any nearly as good; of those, with `context` (the whole sentence), the ones whose
        passage sentence matches the whole sentence best (人民法院应予支持 closes many passage sentences)."""
        units = [(c, u) for p in passages for u in _UNIT_END.split(p.text) for c in clauses(u)]
        candidates = [c for c, _ in units]
        if not candidates:
            return []
        masked = mask_numbers(clause, parties)
        if is_chinese(clause) == is_chinese(candidates[0]):
            scores = [_overlap(masked, mask_numbers(c, parties)) for c in candidates]
            margin = CLAUSE_MARGIN_WORDS if margin is None else margin
        else:
            query = self.embeddings.embed_query(masked)
            scores = [_cosine(query, v) for v in self._embed_passages([mask_numbers(c) for c in candidates])]
            margin = CLAUSE_MARGIN_E5
        best = max(scores)
        chosen = [(c, u) for (c, u), s in zip(units, scores) if s >= best - margin]
        if context and is_chinese(context) == is_chinese(candidates[0]):
            fit = {u: _overlap(context, u) for _, u in chosen}
            chosen = [(c, u) for c, u in chosen if fit[u] >= max(fit.values()) - CONTEXT_MARGIN]
        return list(dict.fromkeys(c for c, _ in chosen))

    def missing_facts(self, sentence: str, cited: list[Passage]) -> list[str]:
        """Facts the cited passages do not state. Every fact is looked for in the whole passage and its
        label; who does what (the party bound to a duty, the order of two parties) must not contradict
        the passage; with ALIGN_NUMBERS, each clause of a same-language sentence must also agree, fact by
        kind, with the passage clause about the same subject (numbers, dates, parties, duties, negation), so
        十年 cannot borrow from the utility-model clause when the sentence is about design patents (across
        languages the clause alignment proved unreliable)."""
        text = "\n".join(p.text for p in cited)
        whole = extract("\n".join(f"{p.label}\n{p.text}" for p in cited))
        if is_chinese(text) and not is_chinese(sentence):   # what an English prohibition bears on must be denied there
            whole = replace(whole, denies=_prohibition_backed(sentence, text, whole.denies))
        if ASSIGNED_DUTIES and ASSIGNED_DUTY.search(text):   # 不足部分由债务人清偿 backs "the debtor must make up"
            whole = replace(whole, duties=whole.duties | {("duty", "must")})
        # what the law states as plainly so (基金托管人由…担任, 根据需要设立) is allowed: "may" says no more of it, while a
        # passage with any duty word keeps the strength test (应当 -> 可以 is an obligation defect); not one that denies
        # (不是发明人: "may be deemed an inventor") or excepts a case (…除外: "the excepted case may too")
        if PLAIN_RULE_PERMITS and not whole.duties and not whole.denies and not _EXCEPTING.search(text):
            whole = replace(whole, duties=frozenset({("duty", "may")}))
        if EXCEPTED_PERMITTED and ("duty", "may") not in whole.duties and _excepted_permission(sentence, text):
            whole = replace(whole, duties=whole.duties | {("duty", "may")})
        if CONDITIONAL_ACTS_PERMITTED and ("duty", "may") not in whole.duties and _acts_contemplated(sentence, text):
            whole = replace(whole, duties=whole.duties | {("duty", "may")})
        said = extract(sentence)
        if EXCLUSIVE_PERMISSION and ("duty", "may") in said.duties and ("qualifier", "only") in said.qualifiers \
                and ("duty", "must-not") in whole.duties:   # "may … only": the prohibition on the rest (不得用于非公益目的)
            whole = replace(whole, duties=whole.duties | {("duty", "may")})
        missing = missing_facts(said, whole)
        if is_chinese(text) and not is_chinese(sentence):
            # "on its own", "by themselves" render 自行, 擅自, 自主, 其本人 or nothing (可以修改 beside 应当经作者许可): across
            # languages acting by oneself is no fact to compare (tuning13: 3 faithful sentences, 4 with tuning10; it caught
            # no defect alone but for a faithful twin's reason)
            missing = [m for m in missing if m != "qualifier 'itself'"]
        if RIGHTS_NAMED:
            missing += [f"the right '{right}'" for right in _rights_not_named(sentence, "\n".join(f"{p.label}\n{p.text}" for p in cited))]
        missing += _role_conflicts(sentence, text)
        missing += _holder_conflicts(sentence, text)
        missing += _agent_conflicts(sentence, text)
        missing += _possession_conflicts(sentence, text)
        missing += _consenter_phrase_conflicts(sentence, text)
        missing += _unstated_conditions(sentence, text)
        missing += [m for m in _added_conditions(sentence, text) if m not in missing]
        missing += _role_swaps(sentence, text)
        missing += period_conflicts(sentence, text)
        missing += unnamed_events(sentence, text)
        missing += [f"the bound {b}" for b in swapped_bounds(sentence, text)]
        missing += _exceptions_granted(sentence, text)
        missing += _bounds_dropped(sentence, text)
        missing += _widened_subjects(sentence, text)
        consent = consent_condition(sentence)
        consents = {consent_condition(whole) for p in cited for _, whole in _with_list_heads(p.text)} - {None}
        # consent named the other way from the passage (with consent, where it says 未经…同意): the negation must move too
        flipped = CONSENT and consent is not None and consents and all(form != consent[0] for form, _ in consents)
        if flipped and consent[1] not in {parity for _, parity in consents}:
            missing.append("consent as a condition, turned round (the passage: without consent, not)")
        # "with consent, may" or "without consent, may not" (a parity of 1: the way the law puts it) sets consent as a
        # condition; "may, without anyone's consent" only says none is needed
        if CONSENT and consent is not None and (consent[0] or consent[1]) and _ANY_CONSENT.search(normalise(sentence)) \
                and not _ANY_CONSENT.search(normalise(text)):
            missing.append("consent as a condition, which the passage does not set")   # 未通知保证人的 is no consent
        # 必须先取得质权人的同意 for 未经质权人同意，不得: the negation moved to the consent, as the passage's rule allows
        negation_moved = bool(flipped) and consent[1] in {parity for _, parity in consents}
        if negation_moved and ("duty", "must-not") in whole.duties:   # 必须先取得同意 says what 未经同意，不得 says
            missing = [m for m in missing if m != "obligation 'must'"]
        if OPPOSITES:   # a polar word the whole passage states only the other way round (之后 where it says 之前)
            missing += [f"the word {w}" for w in turned_round(sentence, text)]
        if is_chinese(sentence) and is_chinese(text):
            missing += [f"the body '{body}'" for body in _bodies(sentence) if not _body_named(body, text)]
            missing += unanchored(sentence, text)
        elif ENGLISH_BODIES and is_chinese(text):   # "decided by the people's court" where 国务院专利行政部门 decides
            named = _INSTRUMENT_BY.sub(" ", normalise(sentence))   # "the CSRC ABS Provisions" names an instrument
            missing += [f"the body '{name}'" for name, chinese in _EN_BODIES.items()
                        if re.search(rf"\b{name}(?:s|tions?|tors?|l)?\b", named) and not re.search(chinese, text)]
        if not ALIGN_NUMBERS:
            return missing
        if ENGLISH_PARTY_PHRASES and is_chinese(text) and not is_chinese(sentence):
            missing = [m for m in missing if not _party_phrase_in(m, sentence, text)]
            if not whole.parties:   # a passage naming no party names the one who acts by the act (销售 for "a seller")
                missing = [m for m in missing if not ((found := _MISSING_PARTY.match(m))
                                                      and re.search(_PARTY_ACTS.get(found.group(1), "^$"), text))]
            if ROLES_BY_ACT:   # 债权人转让债权的: the creditor assigning is the assignor a sentence names
                missing = [m for m in missing if not ((found := _MISSING_PARTY.match(m)) and _role_by_act(found.group(1), text))]
        if is_chinese(sentence) != is_chinese(text):
            # clause alignment across languages (by e5, or by the glossary) rejected more than it caught; the
            # passage sentence an English sentence renders, found by its glossary terms, is coarse enough
            if not is_chinese(text):
                return missing
            rendered = _rendered_units(sentence, text)
            if OPPOSITES and rendered:   # each clause of the sentence also against the passage sentences it renders itself
                on_event = _order_on_event(sentence, text) if ORDER_ON_ITS_EVENT else set()
                for part in clauses(sentence):
                    own = list(dict.fromkeys(rendered + _rendered_units(part, text)))
                    missing += [f"the word {w} (in the passage sentence on the same subject)"
                                for w in turned_round(part, "\n".join(own)) if f"the word {w}" not in missing
                                and w.split("'")[1] not in on_event | _WHOLE_PASSAGE_WORDS
                                and f"the word {w} (in the passage sentence on the same subject)" not in missing]
            if ASKING_IS_PERMITTED and "obligation 'may'" in missing and _ASK_EN.search(normalise(sentence)) \
                    and _ASK_ZH.search(text):
                missing.remove("obligation 'may'")   # a right to ask is what 请求/申请 in a rule grant
            if NEGATION_ACROSS:
                missing += _negation_across_languages(sentence, text)
                missing += _still_against_a_negation(sentence, rendered)
            if DENIED_STATED_PLAINLY:
                missing += _plain_against_a_denial(sentence, text)
            if NUMBERS_BY_TERMS:
                missing += _numbers_by_terms(sentence, text)
            return missing + _duty_across_languages(sentence, text)
        # a sentence that keeps the passage's semicolons (二至五年；情节严重的五至十年) is read unit by unit
        parts = [(clause, self.aligned_clauses(clause, cited, context=unit), unit)
                 for unit in _UNIT_END.split(sentence) for clause in clauses(unit)]
        for clause, aligned, unit in parts:
            facts = extract(clause)
            for item in contradicted(facts, extract("\n".join(aligned))):
                if item not in missing:
                    missing.append(item + " (in the clause on the same subject)")
            # a negated clause may take its negation from any passage clause nearly as close, not only from those in the
            # passage sentence closest to the whole sentence (a long one wins that: 债务人没有指定的 for 债务人未作指定的)
            near = self.aligned_clauses(clause, cited, margin=0) + aligned if NEGATION_FROM_NEAR else aligned
            around = [whole for p in cited for own, whole in _with_list_heads(p.text) if any(c in own for c in near)]
            if OPPOSITES:
                missing += [f"the word {w} (in the clause on the same subject)"
                            for w in turned_round(clause, "\n".join(aligned)) if f"the word {w}" not in missing
                            and w.split("'")[1] not in _WHOLE_PASSAGE_WORDS]
            # another clause of the sentence may carry the negation of the same passage clause (…的，这种放弃无效)
            others = [other for other, other_aligned, _ in parts
                      if other != clause and negated(other) and set(other_aligned) & set(aligned)]
            conflicts = _polarity_conflicts(clause, facts, aligned, around, others, negation_moved, text)
            excepted = bool(_MAY_ZH.search(clause)) and _excepted_permission(unit, text)   # its case may be a clause before
            if CONDITIONAL_ACTS_PERMITTED and _acts_contemplated(clause, text) or excepted:
                conflicts = [m for m in conflicts if m != "the duty of the clause on the same subject"]
            if OWN_WORDS_DUTY and "the duty of the clause on the same subject" in conflicts:
                # the passage sentence closest to the whole sentence may not be the one this clause renders (开户时要核对…，
                # 也不能把账户交给别人用): where the clauses aligned by it state no duty themselves (the duty is their sentence's)
                # and the clause's own closest passage clause backs its duty, the reading is unsure: no contradiction shown
                own = _closest(clause, self.aligned_clauses(clause, cited))
                own_around = [w for p in cited for o, w in _with_list_heads(p.text) if any(c in o for c in own)]
                if own and own != aligned and not any(extract(c).duties for c in aligned) \
                        and "the duty of the clause on the same subject" not in \
                        _polarity_conflicts(clause, facts, own, own_around, others, negation_moved, text):
                    conflicts = [m for m in conflicts if m != "the duty of the clause on the same subject"]
            missing += conflicts
            # a near clause may state a duty by chance (应当主张 beside 无需返还): the closest aligned clause's duty must agree
            # too (its negation need not: 必须通知 renders 未通知…的，不发生效力, whose closest clause is the negated one)
            best = _closest(clause, aligned) if BEST_CLAUSE_DUTY else aligned
            if len(best) == 1 and best != aligned and not (CONDITIONAL_ACTS_PERMITTED and _acts_contemplated(clause, text)
                                                           or excepted):
                missing += [m for m in _polarity_conflicts(clause, facts, best, around, others, negation_moved, text)
                            if m == "the duty of the clause on the same subject" and m not in missing]
            acting = self.aligned_clauses(clause, cited, parties=True)
            if JOINED_CLAUSE_PARTIES and len(facts.parties) > 1:
                # a clause naming two parties often joins two passage clauses (债务人转移债务须经债权人同意): its parties
                # are read against the passage sentence; their order is checked apart (orders)
                acting = [whole for p in cited for own, whole in _with_list_heads(p.text) if any(c in own for c in acting)]
            missing += _party_conflicts(facts, acting)
        return missing

    def support(self, sentence: str, passages: list[Passage]) -> float:
        """The best e5 similarity to a cited passage. Word overlap is no part of it: it penalised the faithful
        paraphrases a model writes (synonyms, reordering) far more than it caught defects (bench/eval_generate.py)."""
        return max(self.similarity(sentence, p.text) for p in passages)

    def threshold(self, sentence: str, passages: list[Passage]) -> float:
        if is_chinese(sentence) != is_chinese("\n".join(p.text for p in passages)):
            return self.thresholds.cross_language
        return self.thresholds.chinese if is_chinese(sentence) else self.thresholds.english

    def check(self, draft: Draft, passages: dict[int, Passage], require_quote: bool = True) -> Checked:
        result = Checked(draft.text, list(draft.citations), draft.quote, "removed")
        body = strip_citations(draft.text)
        if not body:
            result.reason = "empty sentence"
            return result
        if not draft.citations:
            result.reason = "cites no passage"
            return result
        unknown = [n for n in draft.citations if n not in passages]
        if unknown:
            result.reason = f"cites [{', '.join(map(str, unknown))}], which the model was not given"
            return result
        cited = [passages[n] for n in draft.citations]
        if require_quote:
            if not draft.quote.strip():
                result.reason = "no verbatim quote"
                return result
            matches = [quote_found(draft.quote, p.text) for p in cited]
            if not any(ok for ok, _ in matches):
                result.reason = f"quote not found in {_refs(draft.citations)} ({matches[0][1]})"
                return result
        missing = self.missing_facts(body, cited)
        if missing:
            result.reason = f"{_refs(draft.citations)} does not state: " + "; ".join(missing)
            return result
        result.support = self.support(body, cited)
        threshold = self.threshold(body, cited)
        if result.support < threshold:
            result.reason = f"weak support from {_refs(draft.citations)} ({result.support:.3f} < {threshold:.3f})"
            return result
        if all(p.doc_type in SECONDARY_DOC_TYPES for p in cited):
            result.status, result.reason = "flagged", "supported only by a note or digest, not by the law itself"
            return result
        result.status = "supported"
        return result

    def check_all(self, drafts: list[Draft], passages: dict[int, Passage]) -> list[Checked]:
        return [self.check(d, passages) for d in drafts]


_NEGATION_BEFORE = r"(?:不|未|没有|无|非|禁止)[\u4e00-\u9fff、]{0,6}?"   # 不发生中止、中断: a list after one verb
# 不适用有关诉讼时效中止、中断和延长的规定, 不受…限制: a rule not applied denies all it names, however far ("cannot be suspended")
_WIDE_NEGATION = r"(?:不适用|不受)[^，。；]{0,20}?"
WIDE_NEGATIONS = True


# Kinds of IP right as sentences and passages name them. A passage on 知识产权 in general bears on each kind.
_IP_IN_GENERAL = re.compile(r"知识产权|intellectual property", re.I)


def _rights_not_named(sentence: str, passage: str) -> list[str]:
    """The kinds of IP right the sentence names and the passage does not: 专利法第四十二条's 二十年 said of a
    registered trademark moves the rule onto another right (a newcomer's generated answer kept "注册商标专用权的期限也为二十年")."""
    if _IP_IN_GENERAL.search(passage):
        return []
    return [right for right, pattern in RIGHTS.items()
            if re.search(pattern, sentence, re.I) and not re.search(pattern, passage, re.I)]


def _prohibition_backed(sentence: str, passage: str, otherwise: bool) -> bool:
    """Whether the Chinese passage denies what an English prohibition or release bears on: a glossary term of the words
    after the duty word with a negation just before it (不发生中止 for "cannot be suspended", 不得收取报酬 for "may not
    charge any remuneration"; not 可以拒绝 for "may not refuse"). `otherwise` where the glossary renders none of them."""
    from kb.glossary import chinese_terms

    terms = [t for words in prohibited_words(sentence) for t in chinese_terms(words) if len(t) > 1]
    if not terms:
        return otherwise
    return any(re.search(_NEGATION_BEFORE + re.escape(t), passage)
               or WIDE_NEGATIONS and re.search(_WIDE_NEGATION + re.escape(t), passage) for t in terms)


_MISSING_PARTY = re.compile(r"^party '([\w ]+)'$")

# The act that makes someone a party, as a Chinese passage that names no party says it (销售…的商品 for "a seller").
_PARTY_ACTS = {"seller": "销售|出卖|出售", "buyer": "购买|买受", "agent": "代理", "settlor": "委托", "guarantor": "保证|担保",
               "assignee": "受让", "assignor": "转让", "licensee": "许可", "licensor": "许可", "pledgor": "出质",
               "mortgagor": "抵押", "lessor": "出租", "lessee": "承租", "issuer": "发行", "investor": "投资", "trustee": "受托",
               "beneficiary": "受益", "manager": "管理", "custodian": "托管|代管|保管", "lender": "出借|贷款|借款",
               "borrower": "借款"}


# The act a party does that gives it a role (债权人转让债权的: the creditor is the assignor there). Only acts whose doer
# holds the role: 许可他人 makes a licensor, never a licensee.
_ROLE_ACTS = {"assignor": "转让|让与", "lessor": "出租", "pledgor": "出质", "mortgagor": "抵押", "seller": "出卖|出售|销售",
              "licensor": "(?<!被)许可", "guarantor": "保证"}


def _role_by_act(kind: str, passage: str) -> bool:
    """Whether a party the passage names does, just after its name, the act that makes it a `kind` (债权人转让债权)."""
    return kind in _ROLE_ACTS and bool(re.search(rf"(?:{ANY_PARTY})[^，。；、]{{0,2}}(?:{_ROLE_ACTS[kind]})", passage))


# A notice's arrival or dispatch is compared with the whole passage only: a rule on the filing date names both (收到 …
# 寄出的邮戳日) in sentences a paraphrase joins.
_WHOLE_PASSAGE_WORDS = {"arrival", "dispatch"}
_ORDER_ON_EVENT = re.compile(r"\b(before|after|prior to)\s+((?:[a-z'’-]+\s+){0,3}[a-z'’-]+)")
_ORDER_ZH = {"before": r"之?前|以前", "prior to": r"之?前|以前", "after": r"之?后|以后"}


def _order_on_event(sentence: str, passage: str) -> set[str]:
    """The order words ("before", "after") of an English sentence that a Chinese passage states on the same event, and
    only that way round: a glossary term of the words after it, then 前 or 后 (公告前 for "before the announcement")."""
    from kb.glossary import chinese_terms

    found = set()
    for m in _ORDER_ON_EVENT.finditer(normalise(sentence)):
        words = [w for w in m.group(2).split() if w not in _EN_FILLER]
        terms = {t for n in range(len(words), 0, -1) for i in range(len(words) - n + 1)
                 for t in chinese_terms(" ".join(words[i:i + n])) if len(t) > 1}
        value = "before" if m.group(1) == "prior to" else m.group(1)
        on = lambda order: any(re.search(rf"{re.escape(t)}[^，。；]{{0,2}}?(?:{_ORDER_ZH[order]})", passage)  # noqa: E731
                               for t in terms)
        if on(value) and not on("after" if value == "before" else "before"):   # 设立前 and 设立后 both: the words decide nothing
            found.add(value)
    return found


def _party_phrase_in(item: str, sentence: str, passage: str) -> bool:
    """Whether a party the Chinese passage does not name (party 'creditor') is, with the word or two before it, a phrase
    the glossary renders into a term the passage holds ("the secured creditor": 担保物权人)."""
    from kb.glossary import chinese_terms

    found = _MISSING_PARTY.match(item)
    if not found:
        return False
    names = "|".join(re.escape(w) for w in party_words(found.group(1), chinese=False))
    for m in re.finditer(rf"((?:[a-z-]+ ){{0,2}})(?:{names})s?\b", normalise(sentence)):
        words = m.group(0).split()
        # the phrase's own terms, not those of its first words alone ("paid" in "unpaid creditor"); the party's own word
        # too, where the glossary renders it otherwise than the party table ("the clients' funds": 客户, not 委托人)
        for n in (1, 2, 3)[:len(words)]:
            own = set(chinese_terms(" ".join(words[-n:]))) - set(chinese_terms(" ".join(words[-n:-1])))
            if any(len(t) > 1 and t in passage for t in own):
                return True
    return False


# 前款规定的债务人或者第三人为抵押人，债权人为抵押权人: a passage defining a role names one party by two words, so "the
# mortgagee has priority" says what 债权人有权…优先受偿 says (an often cited article's faithful paraphrase was rejected)
_ROLE_DEFINITION = re.compile(r"([\u4e00-\u9fff]{2,5}?人)为([\u4e00-\u9fff]{2,5}?人)(?=[，。；,]|$)")
ROLE_DEFINITIONS = True


def _role_definitions(passage: str) -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2)) for m in _ROLE_DEFINITION.finditer(passage)}


def _holder_conflicts(sentence: str, passage: str) -> list[str]:
    """Who holds a right, ranks first or gets an asset must be one the passage names so, for the same kind of thing (著作权
    由…翻译人享有: not 归原作者; 留置权人优先受偿: not "the mortgagee is paid ahead"): a Chinese holder by its character pairs,
    an English one by its Chinese terms, found in a passage holder of the same kind (of a thing held, those whose thing
    shares the sentence thing's words, where any does). Said only where the passage names holders of that kind; a holder
    the glossary and CC-CEDICT cannot render ("the troupe"), or render into words the passage holds, says nothing."""
    stated = holders(passage)
    if not HOLDERS or not stated:
        return []
    found = []
    for kind, thing, holder, denied in holders(sentence):
        same = [(t, h, d) for k, t, h, d in stated if k == kind]
        keys, thing_keys = _keys(holder, passage), _keys(thing, passage)
        if ROLE_DEFINITIONS:   # 债权人为抵押权人: the passage names one party by both words
            keys = keys | {b for a, b in _role_definitions(passage) if a in keys} | {a for a, b in _role_definitions(passage) if b in keys}
        on_thing = [(h, d) for t, h, d in same if any(k in t for k in thing_keys)]
        candidates = on_thing or [(h, d) for _, h, d in same]
        # a holder whose words stand nowhere in the passage cannot be placed ("the employee" for 完成人): it says nothing
        # (抵押权人 is placed by the 抵押权 a passage names)
        if not candidates or not any(k in passage or (k.endswith("人") and k[:-1] in passage) for k in keys):
            continue
        named = [d for h, d in candidates if any(k in h for k in keys)]
        if not named:
            found.append(f"the holder '{holder}' (the passage names {', '.join(dict.fromkeys(h for h, _ in candidates))})")
        elif denied not in named:
            found.append(f"the holder '{holder}' ({'denied' if denied else 'given'} where the passage "
                         f"{'gives' if denied else 'denies'} it)")
    return found


def _agent_conflicts(sentence: str, passage: str) -> list[str]:
    """An English main clause must make act a party the Chinese passage assigns that act to with 由 (由新受托人承继: "the
    new trustee takes over", not "the settlor takes over"; 由让与人或者许可人承担责任: not "the licensee bears the
    liability"). The act is the passage clause holding most of the main clause's glossary and CC-CEDICT terms, party
    names left out (a clause opening on 由 is read with the one before it: 权利和义务，由新受托人承继); only where every
    such clause assigns its act with 由 is the party compared ("the lessee may repair it" is 承租人可以自行维修, not
    维修费用由出租人负担). A main clause naming none of the parties kb.facts knows says nothing."""
    if not AGENTS or is_chinese(sentence) or not is_chinese(passage):
        return []
    found = []
    for main, acting in english_actors(sentence):
        terms = [t for t in _terms(main, passage) if not re.search(ANY_PARTY, t)]
        windows = [parts[i - 1] + "，" + c if c.startswith("由") and i else c
                   for u in _UNIT_END.split(passage) for parts in [clauses(u)] for i, c in enumerate(parts)
                   if not (i + 1 < len(parts) and parts[i + 1].startswith("由"))]
        scores = [sum(min(len(t), MAX_TERM_WEIGHT) for t in terms if t in w) for w in windows]
        if not scores or max(scores) == 0:
            continue
        by_window = [agents(w) for w, score in zip(windows, scores) if score == max(scores)]
        doers = [parties for assigned in by_window for _, parties in assigned]
        if all(by_window) and not any(acting & parties for parties in doers):
            named = sorted(set().union(*doers))
            found.append(f"the {', '.join(sorted(acting))} acting (the passage has the {', '.join(named)} do it)")
    return found


def _possession_conflicts(sentence: str, passage: str) -> list[str]:
    """Whose thing a possessive names must be whose the Chinese passage has it: "the licensor's name" where the passage
    names only 被许可人的名称; "the licensee's annual fees" where 专利权人缴纳专利年费; 基金托管人的董事 where 基金管理人的董事.
    An English thing is found by its glossary and CC-CEDICT terms, a Chinese one by its own two characters; only where
    every occurrence the passage puts a party just before names another party."""
    if not POSSESSIONS or not is_chinese(passage):
        return []
    found = []
    for party, thing in possessions(sentence):
        terms = [thing] if is_chinese(thing) else _terms(thing, passage)   # a Chinese thing is found in its own words
        owners = [owners_before(t, passage) for t in terms if not re.search(ANY_PARTY, t)]
        owners = [o for o in owners if o]
        if owners and not any(party in o or KINDS_OF_PARTY.get(party, set()) & o for o in owners):
            found.append(f"the {party}'s {thing} (the passage has it the {', '.join(sorted(set().union(*owners)))}'s)")
    return found


# A condition a sentence sets in words that make it the only way the rule applies: "only if", "provided that", 只要…就,
# 只有…才, 前提是. Its content, party names aside, must be something the passage speaks of.
_CONDITION_EN = re.compile(r"\b(?:only (?:if|where|when|once)|provided that|on condition that)\b([^,;.]*)")
_CONDITION_ZH = re.compile(r"(?:只要|只有|前提是|条件是)([^，。；,;]{2,30}?)(?:[，,]|就|才|的)")


def _unstated_conditions(sentence: str, passage: str) -> list[str]:
    """A condition the sentence sets whose words the passage nowhere holds: "but only where the new debtor is insolvent"
    (破产, 不能清偿到期债务: glossary terms of the condition, none in the passage), 只要委托人认为有必要 (no character pair
    of it but the party's). A condition whose words neither the glossary renders nor any pair leaves says nothing."""
    if not STATED_CONDITIONS or not is_chinese(passage):
        return []
    from kb.glossary import chinese_terms

    found = []
    # the passage with its in-spite-of clauses (不因未办理登记而受到影响, 不论是否登记) left out: what they name is no condition
    conditions = _IN_SPITE_OF.sub(" ", passage) if CONDITION_NOT_IN_SPITE else passage
    if is_chinese(sentence):
        for m in _CONDITION_ZH.finditer(normalise(sentence)):
            said = re.sub(ANY_PARTY, " ", m.group(1))   # the party is compared by the party checks
            pairs = {said[i:i + 2] for i in range(len(said) - 1) if " " not in said[i:i + 2]}
            if pairs and not any(p in passage for p in pairs):
                found.append(f"the condition '{m.group(1)}' (the passage states none like it)")
            elif pairs and not any(p in conditions for p in pairs):
                found.append(f"the condition '{m.group(1)}' (the rule holds whatever it is)")
        return found
    for m in _CONDITION_EN.finditer(normalise(sentence)):
        terms = [t for t in chinese_terms(m.group(1)) if len(t) > 1 and not re.search(ANY_PARTY, t)]
        if terms and not any(t in passage for t in terms):
            found.append(f"the condition '{m.group(1).strip()}' (the passage states none like it)")
        elif any(t in passage and t not in conditions for t in terms):
            found.append(f"the condition '{m.group(1).strip()}' (the rule holds whatever it is)")
    return found


ROLE_SWAPS = True
ROLE_OTHER_FITS = 0.6     # what a Chinese role does fits another role's words in the passage this well…
ROLE_OWN_GAP = 0.3        # …and its own role's this much worse: the roles are swapped
ROLE_MIN_PAIRS = 3        # fewer character pairs than this say too little of what a role does


def _role_swaps(sentence: str, passage: str) -> list[str]:
    """Between Chinese texts, what each role of the sentence does (kb.facts.role_predicates, other roles masked) must fit
    what the passage has that role do, not another's: 定作人不能擅自更换 where 承揽人不得擅自更换定作人提供的材料;
    著作权人出版图书 where 图书出版者出版图书. Read only for roles the passage names, each by the share of its character
    pairs found in the best passage predicate of the same role and of any other. Misses a role the passage names once
    (不算一个角色), swaps a paraphrase words away from the passage's words, and English sentences."""
    if not ROLE_SWAPS or not (is_chinese(sentence) and is_chinese(passage)):
        return []
    roles = role_words(passage)
    stated = role_predicates(passage, roles)
    found = []
    for role, said in role_predicates(sentence, roles):
        pairs = {said[i:i + 2] for i in range(len(said) - 1) if _KEEP.fullmatch(said[i:i + 2]) and "X" not in said[i:i + 2]}
        if len(pairs) < ROLE_MIN_PAIRS:
            continue
        fit = lambda q: len({p for p in pairs if p in q}) / len(pairs)   # noqa: E731
        own = max((fit(q) for r, q in stated if r == role), default=0.0)
        others = [(fit(q), r) for r, q in stated if r != role and r not in role and role not in r]
        best, other = max(others, default=(0.0, ""))
        if best >= ROLE_OTHER_FITS and own <= best - ROLE_OWN_GAP:
            found.append(f"the {role} doing what the passage has the {other} do")
    return found


_IN_SPITE_OF = re.compile(r"不因[^，。；]{1,60}?而|不受[^，。；]{0,30}?影响|(?:不论|无论|不管|即使)[^，。；]{1,30}")


# A condition joined to another or set apart, with no word that makes it the only way: 且保管物价值不大的, 并已告知…的
# (a conjunct of a 的-condition), 在不超过报酬的范围内, 在合同履行期间 (a scope or a time), 前提是… to its sentence's end;
# in English what "provided", "as long as" set. An English conjunct of an if- or when-clause ("… and the fee has been
# paid") was tried and dropped: single glossary renderings (recourse: 追索, not 追偿) rejected six faithful sentences of the
# earlier tuning files for three defects caught.
_JOINED_CONDITION_ZH = re.compile(r"(?:且|并且|而且|并已|同时)([^，。；]{2,24}?)的[，,]")
_SCOPE_ZH = re.compile(r"(?<![存所正现实])在([^，。；在]{2,16}?)的?(?:范围内|期间|期内|以内)")
_PREMISE_ZH = re.compile(r"(?:前提是|条件是)([^。；]{2,30})")
_PREMISE_EN = re.compile(r"\b(?:provided(?: that)?|as long as|so long as)\b([^,;.]*)")
CONDITION_HELD_ZH = 1 / 3     # a Chinese condition with fewer of its character pairs in the passage is not the passage's
CONDITION_HELD_EN = 0.5       # an English one with fewer of its rendered words held there
ADDED_CONDITIONS = True


def _added_conditions(sentence: str, passage: str) -> list[str]:
    """Conditions a sentence adds with no word that marks them as the only way (且…的, 在…期间, "provided it has been
    registered"), whose words the Chinese passage mostly does not hold: fewer than a third
    of a Chinese condition's character pairs (party names left out), fewer than half of an English one's words that the
    glossary renders (each word held where any of its renderings is). A condition written as a noun phrase or a
    preposition ("with a bank as the lender", "for profit"), or joined to an English condition ("when it is handed over
    and the fee has been paid"), is not read."""
    if not ADDED_CONDITIONS or not is_chinese(passage):
        return []
    text = normalise(sentence)
    if is_chinese(sentence):
        said = [m.group(1) for pattern in (_JOINED_CONDITION_ZH, _SCOPE_ZH, _PREMISE_ZH) for m in pattern.finditer(text)]
        return [f"the condition '{c}' (the passage states none like it)" for c in said if _held_pairs(c, passage) < CONDITION_HELD_ZH]
    said = [m.group(1) for m in _PREMISE_EN.finditer(text)]
    return [f"the condition '{c.strip()}' (the passage states none like it)" for c in said if _held_words(c, passage) < CONDITION_HELD_EN]


_MAY_ZH = re.compile(r"可以|可(?=由|向|在|于|自|按|依|予|对|将|从|与|凭|把)")
_ACT_CONDITION_ZH = re.compile(r"([^，。；：:\n]{4,60}?)的[，,]")


def _acts_contemplated(sentence: str, passage: str) -> bool:
    """Whether every 可以 clause of a Chinese sentence says what the passage takes as the condition of a rule, unnegated
    (物业服务人将部分专项服务事项委托给专业性服务组织的，应当…负责: "物业服务人可以把部分专项服务委托给…"): an act the law
    attaches a duty to is one it allows. Not an act the passage denies or conditions on consent (未经同意转租的)."""
    if not (is_chinese(sentence) and is_chinese(passage)):
        return False
    acts = [_MAY_ZH.sub("", c) for c in clauses(sentence) if _MAY_ZH.search(c)]
    conditions = [m.group(1) for m in _ACT_CONDITION_ZH.finditer(passage)
                  if not _ANY_NEGATION.search(m.group(1)) and not _ANY_CONSENT.search(m.group(1))]
    return bool(acts and conditions) and all(
        any(_held_pairs(act, condition) >= PERMITTED_ACT_HELD for condition in conditions) for act in acts)


def _held_pairs(condition: str, passage: str) -> float:
    """The share of a Chinese condition's character pairs the passage holds (1 where it has none: nothing to compare)."""
    said = re.sub(ANY_PARTY, " ", condition)
    pairs = {said[i:i + 2] for i in range(len(said) - 1) if _KEEP.fullmatch(said[i:i + 2])}
    return sum(p in passage for p in pairs) / len(pairs) if pairs else 1.0


_BOUND_TERM = re.compile(r"不少于|不低于|不超过|不高于|至少|至多|以上|以下|以内")


def _held_words(condition: str, passage: str) -> float:
    """The share of an English condition's words, of those the glossary renders (parties aside), the passage holds."""
    from kb.glossary import chinese_terms

    rendered = [[t for t in chinese_terms(w) if len(t) > 1] for w in re.findall(r"[a-z][a-z-]+", condition)
                if not re.fullmatch(ANY_PARTY, w)]
    # a phrase the glossary renders whole ("in writing": 书面) counts as one word more; a bound ("at least") is the
    # number checks' to compare
    rendered += [[t] for t in chinese_terms(condition) if len(t) > 1 and not any(t in terms for terms in rendered)
                 and not _BOUND_TERM.search(t)]
    rendered = [terms for terms in rendered if terms and not any(re.search(ANY_PARTY, t) for t in terms)]
    return sum(any(t in passage for t in terms) for terms in rendered) / len(rendered) if rendered else 1.0


# A proviso (但由申请人引起的不合理延迟除外, "except for ABCP programmes") takes a case out of the rule. A sentence that
# states the excluded case without excluding it ("由申请人引起的不合理延迟也给予期限补偿") grants what the passage withholds.
_PROVISO_ZH = re.compile(r"但(?:是)?[，,]?\s*([^。；：:]{2,60}?)的?除外|除([^，。；、]{2,30}?)的?以?外|（([^（）]{2,20}?)除外）")
_PROVISO_EN = re.compile(r"\b(?:except(?: for| where| when| that| in)?|unless|other than|excluding)\s+([^,;.:]+)", re.I)
_GENERIC_PROVISO = re.compile(r"另有|下列|本法|规定的情形")   # 法律另有规定的除外: no case a sentence could name
_EXCEPTING = re.compile(r"除外|除非|除[^，。；]{1,30}外|以外|不包括|例外|不在此限"
                        r"|\b(?:unless|except|other than|excluding|save|but not|not including|apart from|aside from)\b")
# "也", "even if", "including": the sentence says the rule reaches the case too
_INCLUDING = re.compile(r"即使|即便|哪怕|同样|也|亦|包括|一并|无论|不论|都"
                        r"|\b(?:even|also|including|includes|too|as well|regardless)\b")
_NEGATING = re.compile(rf"不(?!{NOT_A_NEGATION})|未|没有|无(?!论)|非|\b(?:not|no|never|without|nor)\b|n't\b")
PROVISO_SHARE = 0.5           # a sentence holding this share of the excluded case's own character pairs states it


def _provisos(passage: str) -> list[str]:
    """The cases a passage's provisos exclude, generic ones (另有规定, 下列情形) left out."""
    found = [next(g for g in m.groups() if g) for m in _PROVISO_ZH.finditer(passage)]
    found += [m.group(1) for m in _PROVISO_EN.finditer(passage)]
    return [case.strip() for case in found if not _GENERIC_PROVISO.search(case)]


def _states_case(sentence: str, case: str, passage: str) -> bool:
    """Whether the sentence names the excluded case by what is its own (words the rest of the passage lacks)."""
    rest = passage
    for other in _provisos(passage):   # 道路 and 绿地 excepted alike (属于城镇公共道路/绿地): each case is told by its own words
        rest = rest.replace(other, " ")
    if is_chinese(case) and is_chinese(sentence):
        own = {case[i:i + 2] for i in range(len(case) - 1) if _KEEP.fullmatch(case[i:i + 2]) and case[i:i + 2] not in rest}
        return len(own) >= 2 and sum(p in sentence for p in own) / len(own) >= PROVISO_SHARE
    if is_chinese(case):   # an English sentence: its glossary terms that only the excluded case holds
        return any(len(t) > 1 and t in case and t not in rest for t in _terms(sentence, passage))
    own = set(re.findall(r"[a-z]{4,}", case.lower())) - set(re.findall(r"[a-z]{4,}", rest.lower()))
    words = set(re.findall(r"[a-z]{4,}", sentence.lower()))
    return len(own) >= 1 and len(own & words) / len(own) >= PROVISO_SHARE


def _exceptions_granted(sentence: str, passage: str) -> list[str]:
    """Excluded cases the sentence states as covered: with 也/even/including, or with no exception or negation at all."""
    text = normalise(sentence)
    if not EXCEPTIONS_GRANTED or _EXCEPTING.search(text):
        return []
    if EXCLUSIVE_PERMISSION and (_ONLY_ZH.search(text) or ("qualifier", "only") in extract(text).qualifiers):
        return []   # 只能为其代理服务申请: the excepted case restated as the only one allowed (除…外，不得)
    found = []
    for case in _provisos(passage):
        if not _states_case(text, case, passage):
            continue
        # the excluded case often holds a negation of its own (提前履行不损害债权人利益): only one beyond it denies the rule
        negations = len(_NEGATING.findall(text)) - (len(_NEGATING.findall(case)) if is_chinese(text) == is_chinese(case) else 0)
        # across languages only 'also'/'even' says so: "though a lienholder still comes first" renders 但是留置权人除外
        if _INCLUDING.search(text) or (negations <= 0 and is_chinese(text) == is_chinese(passage)):
            found.append(f"the excluded case '{case}' stated as covered")
    return found


_PROHIBITING = re.compile(r"不得|禁止|严禁|不能")


def _excepted_permission(sentence: str, passage: str) -> bool:
    """Whether every 可以 clause of a Chinese sentence names a case a proviso takes out of a prohibition of the passage
    (机关法人不得为保证人，但是经国务院批准…的除外: "但经国务院批准…的可以"): what the law excepts from a ban it allows."""
    if not (EXCEPTED_PERMITTED and is_chinese(sentence) and is_chinese(passage)):
        return False
    cases = [case for unit in _UNIT_END.split(passage) if _PROHIBITING.search(unit) for case in _provisos(unit)]
    parts = clauses(normalise(sentence))   # a case set as the condition before (…转贷的，则可以) is read with its 可以
    acts = [(parts[i - 1] if i and parts[i - 1].endswith("的") else "") + c for i, c in enumerate(parts) if _MAY_ZH.search(c)]
    return bool(acts and cases) and all(any(_states_case(act, case, passage) for case in cases) for act in acts)


def _excluded_case_denied(clause: str, passage: str) -> bool:
    """A negated clause naming a case a proviso excludes says what the proviso says (申请人引起的不合理延迟不予补偿 for
    但由申请人引起的不合理延迟除外)."""
    return EXCLUSIONS_DENIED and any(_states_case(normalise(clause), case, passage) for case in _provisos(passage))


# A cap (补偿期限不超过五年, "up to five years") stated as the amount itself ("获得五年的期限补偿") fixes what the passage
# only bounds; a floor likewise. The bound words are looked for just around the number.
_CAP_OR_FLOOR = (r"超过|少于|低于|高于|多于|至多|至少|最多|最少|最长|最短|最高|最低"
                 r"|up to|at most|at least|more than|less than|fewer than|longer than|exceed\w*|maximum|minimum|as much as"
                 r"|capped at|a cap of|a ceiling of|limited to|no longer than|not longer than")   # "capped at five years"
# the bound word may stand before its noun (不得超过主合同标的额的百分之二十); a range (二至五年, 1%到5%) bounds both ends
_BOUND_NEAR_BEFORE = re.compile(rf"(?:{_CAP_OR_FLOOR})[^,;。]{{0,12}}$|(?:至|(?<!达)到|~|-|–|\bto|\band|\bbetween)\s*$")
_BOUND_NEAR_AFTER = re.compile(r"^\s*(?:以下|以上|至|到|-|–|to\b|or (?:less|more|fewer|longer|shorter)|at (?:the )?(?:most|least))")
# a sentence may bound its value by a deadline too (五年内, "within five years", "beyond twenty years")
_SAID_BOUND_BEFORE = re.compile(rf"(?:within|beyond|under|over|no later than|not later than)\s*$|(?:{_CAP_OR_FLOOR})[^,;。]*$")
_SAID_BOUND_AFTER = re.compile(r"^\s*(?:以内|之内|内|at most|maximum)")


def _bounded(text: str, said: bool = False) -> tuple[set, set]:
    """The (value, unit) the text states with a bound word beside it, and those it states without one (a sentence's
    deadline, said=True, also bounds: only a flat amount is wrong)."""
    text = normalise(text)
    bounded, plain = set(), set()
    for start, end, values in amounts(text):
        before = re.split(r"[，,。；;:：]", text[max(0, start - (40 if said else 16)):start])[-1]
        after = text[end:end + 12]
        near = _BOUND_NEAR_BEFORE.search(before) or _BOUND_NEAR_AFTER.search(after) \
            or (said and (_SAID_BOUND_BEFORE.search(before) or _SAID_BOUND_AFTER.search(after)))
        (bounded if near else plain).update(values)
    return bounded, plain


def _bounds_dropped(sentence: str, passage: str) -> list[str]:
    """Values the passage only ever bounds (不超过五年) that the sentence states flatly (五年的期限补偿)."""
    if not BOUNDS_KEPT:
        return []
    bounded, plain = _bounded(passage)
    said_bounded, said_plain = _bounded(sentence, said=True)
    return [f"the bounded {value} {unit} stated as a fixed amount (the passage: at most or at least)"
            for value, unit in sorted(said_plain - said_bounded, key=str) if (value, unit) in bounded - plain]


# "所有专利权的期限均为十五年", "every patent lasts 15 years": a subject widened to all where the passage states the rule for
# one kind. Caught where the passage says nothing of all, gives the unit several values (二十年/十年/十五年), or excepts a case.
_ALL_ZH = re.compile(r"所有(?![权人者制的,.;:、，。；：\s]|$)|全部|一律|一切|各类|各种|各项|凡是|无一例外|总是|始终")
_ALL_EN = re.compile(r"^(?:all|every)\b|\b(?:always|without exception|at all times|in (?:all|every|each) cases?)\b")
# 'any' and 任何 mostly range over what the passage does ("any part of a lease term beyond twenty years"), and a mid-sentence
# 'every' or 'each' ranges over something else ("for every engagement"): a subject opening on 'any' is widened only where
# the passage gives its value several values
_ANY = re.compile(r"^any\b|^任何")
# "all other", 其他…一律: a universal word over what an exception leaves (除对其代理服务申请商标注册外，不得申请注册其他商标)
_THE_REST = re.compile(r"(?:其他|其余|其它|别的)[^，。；的]{0,6}$|\b(?:all|every|each) (?:the )?others?\b")
REST_NOT_WIDENED = True
_ALL_IN_PASSAGE = re.compile(r"所有(?![权人者制的,.;:、，。；：\s]|$)|全部|一律|一切|全体|任何|凡|均|都|各|每"
                             r"|\b(?:all|every|each|any|always)\b")


def _widened_subjects(sentence: str, passage: str) -> list[str]:
    """A universal word ('所有', 'every') the passage gives no ground for."""
    text = normalise(sentence)
    said = (_ALL_ZH if is_chinese(text) else _ALL_EN).search(text)
    weak = _ANY.search(text)
    if not WIDENED_SUBJECTS or not (said or weak) or _EXCEPTING.search(text):
        return []
    units = {}
    for _, value, unit in extract(passage).numbers:
        units.setdefault(unit, set()).add(value)
    several = any(unit and len(units.get(unit, ())) > 1 for _, _, unit in extract(text).numbers)
    if not said:
        return [f"the subject widened by '{weak.group(0)}' (the passage gives it several values)"] if several else []
    if REST_NOT_WIDENED and _THE_REST.search(text[max(0, said.start() - 12):said.start()]):
        return []   # 其他商标一律不得: all the others, what 除…外 leaves, is the rule's own complement, no widening
    if several or _provisos(passage) or not _ALL_IN_PASSAGE.search(normalise(passage)):
        return [f"the subject widened by '{said.group(0)}' (the passage states it for one kind or case)"]
    return []


def _consenter_phrase_conflicts(sentence: str, passage: str) -> list[str]:
    """Whose consent an English sentence asks must be whose the Chinese passage asks, compared by the phrase's words where
    kb.facts knows no party for it ("the copyright office's approval" where 未经质权人同意): its glossary and CC-CEDICT
    terms found in the passage, but in none of the phrases the passage asks consent of."""
    if not CONSENTER_PHRASES or is_chinese(sentence) or not is_chinese(passage):
        return []
    asked = [m.group(1) for m in CONSENTER_ZH.finditer(passage)]
    if not asked:
        return []
    found = []
    for m in CONSENTER_EN.finditer(normalise(sentence)):
        phrase = re.sub(r"^(?:the|a|an|its|their|his|her|prior|written) ", "", next(g for g in m.groups() if g))
        if re.search(ANY_PARTY, phrase):
            continue   # a party kb.facts knows: consenters compares it
        keys = [t for t in _terms(phrase, passage) if t in passage]
        if keys and not any(k in a for k in keys for a in asked):
            found.append(f"the consent of '{phrase}' (the passage asks it of {'/'.join(asked)})")
    return found


def _keys(phrase: str, passage: str) -> set[str]:
    """What finds a phrase in a Chinese passage: its character pairs if it is Chinese, else its Chinese terms."""
    if is_chinese(phrase):
        return {phrase[i:i + 2] for i in range(len(phrase) - 1)} - {"其他", "一方", "的人", "人的", "权利", "的权"}
    if not phrase:
        return set()
    # a party the table knows is found by its Chinese name too ("the commissioned party": 受托人), which the glossary may lack
    return set(_terms(phrase, passage)) | {w for _, kind in extract(phrase).parties for w in party_words(kind, chinese=True)}


def _role_conflicts(sentence: str, passage: str) -> list[str]:
    """Who does what: a duty the passage binds to parties must be bound to one of the same parties (or one of their
    kinds: a buyer where it binds the transferee), and
    two parties must not act on each other the other way round (被许可人监督许可人 for 许可人监督被许可人)."""
    found = []
    said, stated = bindings(sentence), bindings(passage)
    if is_chinese(sentence) != is_chinese(passage) and not PERMISSIONS_ACROSS:
        # a permission the Chinese text grants through the court (…追偿的，人民法院应予支持) names no party before it; it
        # binds none in the passage either (the topic party is bound, 享有的…权 grants nothing), so permissions are compared
        # across languages as duties are (tuning14: 委托人有权要求受托人 against "the trustee is entitled to require")
        said = {(party, duty) for party, duty in said if duty != "may"}
    bound = {duty for _, duty in stated}
    # a buyer is bound where the passage binds the transferee (受让人): a party is backed by one of its kinds
    found += [f"'{duty}' for the {party}" for party, duty in sorted(said - stated) if duty in bound
              and not any((kind, duty) in stated for kind in KINDS_OF_PARTY.get(party, ()))]
    # Chinese only: English passives (is supervised by the licensor) put the parties the other way round.
    order, passage_order = (orders(sentence), orders(passage)) if is_chinese(sentence) else (set(), set())
    found += [f"the {a} acting on the {b} (the passage has it the other way round)"
              for a, b in sorted(order) if (b, a) in passage_order and (a, b) not in passage_order]
    against = respondents(passage)
    if RESPONDENTS and against:
        found += [f"a claim against the {party} (the passage has claims against the {', '.join(sorted(against))})"
                  for party in sorted(respondents(sentence) - against)]
    asked = consenters(passage)
    if CONSENTERS and asked:   # "the exclusive licensee's permission" where 必须取得著作权人的许可
        found += [f"the consent of the {party} (the passage asks it of the {', '.join(sorted(asked))})"
                  for party in sorted(consenters(sentence) - asked)]
    asking = claimants(passage)
    found += [f"the {party} asking (the passage has the {', '.join(sorted(asking))} ask)"
              for party in sorted(claimants(sentence) - asking) if asking]
    return found


_ONLY_ZH = re.compile(r"只能|只可以|仅能|仅可以")


def _polarity_conflicts(clause: str, facts: Facts, aligned: list[str], around: list[str],
                        others: list[str] = (), negation_moved: bool = False, passage: str = "") -> list[str]:
    """A clause must keep the polarity of the passage clause on the same subject: negated or not, and
    the same kind of duty where both state one (可以被强制执行 against 不得强制执行). A negated clause may take
    its negation from the rest of that passage sentence: a paraphrase joins clauses the passage keeps apart
    (逾期未办还可以给予宽展期 for 在此期间未能办理的，可以给予…宽展期; 一经出质就不得转让 for 出质后，不得转让)."""
    if not aligned:
        return []
    found = []
    # Chinese only: English statute clauses run a whole sentence long and nearly all hold a "not" somewhere.
    if REQUIRE_SAME_NEGATION and is_chinese(clause) and not _CONTRAST.match(clause) and (
            negated(clause) and not any(denies(s) for s in around or aligned) and not _denied_anywhere(clause, passage)
            and not _excluded_case_denied(clause, passage)
            # 没有约定的 is backed by an exception for an agreement, or by the passage's own 没有约定的 wherever it stands
            and not (_NO_AGREEMENT.search(clause) and (any(_EXCEPTION.search(s) for s in around or aligned)
                                                       or _NO_AGREEMENT.search(passage)))
            or not denies(clause) and not negation_moved and all(_denies_what_it_says(c, clause, others) for c in aligned)):
        found.append("the negation of the clause on the same subject")
    # a clause with no duty word (在基金募集行为结束前) is the time or condition of its sentence's duty (任何人不得动用)
    duties = [extract(c).duties or extract(next((s for s in around if c in s), c)).duties for c in aligned]
    if COURT_ANSWER:   # 担保人主张…的，人民法院应予支持: the court's answer says whether the claim is allowed
        duties += [extract(m.group(0)).duties for s in around for m in _COURT_ANSWER.finditer(s)
                   if any(c in s and _CLAIM.search(c) for c in aligned)]
    said = facts.duties | ({("duty", "must-not")} if negation_moved and ("duty", "must") in facts.duties else set())
    if EXCLUSIVE_PERMISSION and _ONLY_ZH.search(clause):   # 只能就代理服务申请: 除…外，不得申请其他 says it
        duties = [d | {("duty", "must")} if ("duty", "must-not") in d else d for d in duties]
    denied = any(denies(c) for c in aligned)
    backed = any(duty_backed(k, {kind for _, kind in d}, denied) for _, k in said for d in duties)
    if facts.duties and any(duties) and not backed:
        found.append("the duty of the clause on the same subject")
    return found


def _closest(clause: str, aligned: list[str]) -> list[str]:
    """The one aligned passage clause sharing most of the clause's characters (numbers masked), if one does."""
    scores = [_overlap(mask_numbers(clause), mask_numbers(c)) for c in aligned]
    top = [c for c, score in zip(aligned, scores) if score == max(scores, default=0)]
    return top if len(top) == 1 else aligned


def _denied_anywhere(clause: str, passage: str) -> bool:
    """Whether the passage denies, in any sentence, the very words a negated clause denies (而没有办理信托登记的 for
    未依照前款规定办理信托登记的): a paraphrase joins the duty and its breach in one clause the passage keeps apart."""
    return NEGATION_ANYWHERE and any(len(scope) > 2 and re.search(_NEGATION_BEFORE + re.escape(scope), passage)
                                     for scope in negation_scopes(clause))


# 没有另外约定的 is what 除另有协议的以外 says: an exception for an agreement or a rule is a negated condition
_NO_AGREEMENT = re.compile(r"(?:没有|未|无)[^，,。；;]{0,4}(?:约定|规定|协议)")
_EXCEPTION = re.compile(r"除[^，,。；;]{0,30}外|另有(?:约定|规定|协议)")
_ASK_ZH = re.compile(r"请求|主张|要求|申请")
_ASK_EN = re.compile(r"\b(?:may|can)(?: [\w-]+){0,2} (?:ask|request|apply|claim|seek|demand|sue|petition)\b")
_COURT_ANSWER = re.compile(r"人民法院(?:应予|依法予以|应当予以|不予)支持")
_CLAIM = re.compile(r"请求|主张|要求")
# 而不是签合同之日: an aside that says what the rule is not; the passage need not say it
_CONTRAST = re.compile(r"而不是|而非|并非|不是因为")
_UNIT_END = re.compile(r"[。；;！？\n]+")


_EXCEPTION_EN = re.compile(r"\b(?:unless|except)\b[^,;.]*")
# a condition written after the rule ("can be withdrawn, provided the notice arrives first") points at the passage
# sentence on the condition (通知应当…到达), not at the one granting the rule (可以撤回): the rule's duty is read without it
_PROVIDED_EN = re.compile(r"\b(?:provided(?: that)?|as long as|so long as|on condition that)\b[^;.]*")
RULE_WITHOUT_PROVISO = True
# "only securities companies may underwrite", "may be used for charitable purposes only": a permission granted to one kind
# alone is the prohibition on the rest (除证券公司外，任何单位和个人不得; 不得用于非公益目的) the law words it as
EXCLUSIVE_PERMISSION = True


def _duty_across_languages(sentence: str, passage: str) -> list[str]:
    """An English sentence's duty must be of a kind the Chinese passage sentence (to its semicolon) it renders
    states, where that one states any: the passage sentence holding most of the sentence's glossary terms
    (weighted by length; ties all count). "the court will still support the mortgagee" against
    抵押权人主张行使抵押权的，人民法院不予支持."""
    said = extract(sentence).duties
    # the duty stands in the rule, not in its exception: "unless the claim is non-assignable by agreement" points at
    # the passage's sentences on agreements, the rule "a creditor can assign" at the one granting it
    rule = _EXCEPTION_EN.sub(" ", normalise(sentence))
    if RULE_WITHOUT_PROVISO:
        rule = _PROVIDED_EN.sub(" ", rule)
    if ASKING_IS_PERMITTED and _ASK_EN.search(normalise(sentence)) and any(
            _ASK_ZH.search(s) and ("duty", "may") in extract(s).duties for s in sentences(passage)):
        said -= {("duty", "may")}   # "can ask" is the right 有权要求 grants, in whichever passage sentence it stands
    units = _rendered_units(rule, passage)
    if not said or not units:
        return []
    stated = [extract(u).duties for u in units]
    # a prohibition is backed where the passage denies something: what it denies is the negation check's to compare
    # (_negation_across_languages), as the sentence rendered may not be the one holding most glossary terms; a release
    # ("filing is optional") only where the rendered sentence denies something (应当备案 is no denial)
    denied = {"must-not": _prohibition_backed(sentence, passage, any(negated(c) for c in clauses(passage))),
              "need-not": any(negated(c) for u in units for c in clauses(u))}
    if EXCLUSIVE_PERMISSION and ("duty", "may") in said and ("qualifier", "only") in extract(sentence).qualifiers:
        stated = [d | {("duty", "must-not")} if ("duty", "must-not") in d or ("duty", "must") in d else d for d in stated]
        stated = [d | {("duty", "may")} if ("duty", "must-not") in d else d for d in stated]
    if any(stated) and not any(duty_backed(k, {kind for _, kind in d}, denied.get(k, False))
                               for _, k in said for d in stated):
        return ["the duty of the passage sentence on the same subject"]
    return []


_LIST_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[a-z]\)|\d+\.)\s*")


def _with_list_heads(text: str) -> list[tuple[str, str]]:
    """(sentence, what governs it) for each passage sentence: an item of a list (（四）受理…的业务) is governed by the line
    that heads the list too (评估机构不得有下列行为：), whose negation or duty holds for every item."""
    found, head = [], ""
    for line in text.splitlines():
        if _LIST_ITEM.match(line) and head:
            found += [(s, head + s) for s in sentences(line)]
            continue
        head = line if line.rstrip().endswith(("：", ":")) else ""
        found += [(s, s) for s in sentences(line)]
    return found


# Whatever asks someone's leave (擅自: without it): a passage with none of these sets no consent as a condition. "Agreement"
# is no such word: "no agreement on rewards" renders 约定, which says what the parties agreed, not whose leave is asked.
_ANY_CONSENT = re.compile(r"同意|许可|批准|核准|授权|追认|认可|准许|允许|擅自|\bconsent|\bpermission|\bapprov|\bauthori[sz]")
_CONSENT_WORDS = re.compile(r"consent|permission|approval|authori[sz]ation|agreement")
_ANY_NEGATION = re.compile(r"不|未|没|无|非|禁止|严禁")
_EN_NEGATION = re.compile(r"\b(?:not|no|never|cannot|without|nor)\b|n['’]t\b")
_EN_FILLER = {"be", "been", "being", "is", "are", "was", "were", "have", "has", "had", "the", "a", "an", "any", "to", "do",
              "does", "did", "its", "their", "his", "her", "longer", "so", "also", "yet", "even", "then", "there"}


def _negation_across_languages(sentence: str, passage: str) -> list[str]:
    """What an English sentence negates ("has no priority", "does not end") must not be stated plainly wherever the
    Chinese passage says it: the glossary's Chinese terms for the words the negation bears on, found only in passage
    clauses with no negation nor a word that denies by itself (有权…优先受偿 against "no priority")."""
    from kb.glossary import chinese_terms

    found = []
    text = plain_bounds(normalise(sentence))   # "may not exceed" is a bound, not a negation
    units = [u for u in _UNIT_END.split(passage) if u.strip()]
    heads = {}
    if LIST_HEAD_NEGATION:   # an item of a list (（一）降低收购价格) is denied by its head (不得存在下列情形：)
        heads = {own.strip("；;"): whole[:len(whole) - len(own)].rsplit("。", 1)[-1]
                 for own, whole in _with_list_heads(passage) if own != whole and whole.endswith(own)}
    for m in _EN_NEGATION.finditer(text):
        scope = re.split(r"[,;:.]", text[m.end():m.end() + 60])[0]
        words = [w for w in re.findall(r"[a-z][a-z-]+", scope) if w not in _EN_FILLER][:2]
        if _CONSENT_WORDS.search(" ".join(words)):
            continue   # consent as a condition has a check of its own
        terms = [t for t in chinese_terms(" ".join(words)) if len(t) > 1]
        # the clause that says it, or a later clause of its sentence, where a Chinese rule puts its consequence
        # (抵押权人主张行使抵押权的，人民法院不予支持，但是…除外)
        holding = [parts[i:] + ([heads[u.strip()]] if u.strip() in heads else [])
                   for u in units for parts in [clauses(u)] for i, c in enumerate(parts) if any(t in c for t in terms)]
        if holding and not any(_ANY_NEGATION.search(c) or denies(c) for pair in holding for c in pair):
            found.append(f"the negation of '{' '.join(words)}' (the passage states it plainly)")
    return found


LIST_HEAD_NEGATION = True
OWN_WORDS_DUTY = True
_RESTRICTING = {"only", "only-if", "except", "condition"}
# "needs the employer's consent before licensing", "requires approval", "subject to the pledgee's consent": consent asked
# first restricts the act as 未经单位同意，不得许可 does (a paraphrase probe of 著作权法第十八条 was rejected)
_CONSENT_NEEDED = re.compile(r"\b(?:needs?|requires?|required|subject to|must (?:first )?(?:get|obtain|have))\b[^,;.]{0,40}?"
                             r"\b(?:consent|permission|approval|authori[sz]ation)\b")
CONSENT_NEEDED = True


def _plain_against_a_denial(sentence: str, passage: str) -> list[str]:
    """An English sentence with no negation ("is regarded as infringing the patent", "are liable together with the user")
    must not say what the Chinese passage only ever denies: a glossary term of the sentence that every passage clause
    holding it has just after a negation (不视为侵犯专利权, 不承担责任) or, for a sentence that permits ("can also set
    off"), anywhere after a prohibition (不得向债权人主张抵销). A sentence that restricts ("only with consent",
    "unless") or prohibits may render a Chinese negation in its own words, so it is left alone."""
    from kb.glossary import chinese_terms

    text = plain_bounds(normalise(sentence))
    facts = extract(sentence)
    if _EN_NEGATION.search(text) or _EN_DENYING.search(text) or {k for _, k in facts.duties} & {"must-not", "need-not"} \
            or {q for _, q in facts.qualifiers} & _RESTRICTING or (CONSENT_NEEDED and _CONSENT_NEEDED.search(text)):
        return []
    clauses_of = [without_bounds(c) for u in _UNIT_END.split(passage) for c in clauses(u)]
    negation = _ZH_VERB_NEGATION + ("|" + _ZH_PROHIBITION if ("duty", "may") in facts.duties else "")
    found = []
    for term in dict.fromkeys(t for t in chinese_terms(sentence) if len(t) > 1):
        where = [c for c in clauses_of if term in c]
        denied = re.compile(f"(?:{negation})" + re.escape(term[:2]))
        if where and all(denied.search(c) for c in where):
            found.append(f"'{term}' stated plainly (the passage denies it)")
    return found[:1]


# Negations that bear on a verb (不视为侵犯, 不承担责任, 未登记), not 非/无, which make nouns (非法人组织), up to two characters
# before the term (不视为侵犯); English words that deny or speak of a breach by themselves ("refuses to register", "fails to
# pay", "the unpaid rent", "breaks the self-dealing rule") may render a Chinese negation.
_ZH_VERB_NEGATION = (rf"(?:(?:不(?!{NOT_A_NEGATION})|未|没)(?:视为|构成|承担|予以|得|能|再|应|必|被|受)?"
                     r"|没有[\u4e00-\u9fff]{0,2}?)")
# a prohibition bears on its whole clause (不得向债权人主张抵销): against a sentence that permits ("can also set off")
_ZH_PROHIBITION = r"(?:不得|不能|禁止)[^，。；]*?"
_EN_DENYING = re.compile(r"\b(?:refus|reject|den(?:y|ies|ied)|declin|fail|violat|breach|break|broke|contraven|lack)\w*"
                         r"|\bun(?:paid|[a-z]+(?:ed|able|ful))\b")


def _numbers_by_terms(sentence: str, passage: str) -> list[str]:
    """Where the Chinese passage states several values of one unit (百分之三十 and 百分之六十; 十五日 for the newspaper
    and 三十日 for the periodical, both from the day the manuscript was sent), each number of an English sentence must
    be the value of the passage stretch its own words point at. A stretch is a passage sentence (to its semicolon), or,
    where one holds several values of the unit, each number's clause with the clauses before it since the last one
    (属于法定评估业务的，保存期限不少于三十年). The words are the sentence's (or, where it states two values of the unit,
    the piece around the number, to a comma, semicolon or "and"), rendered by the glossary and, for words it lacks,
    CC-CEDICT; the number's own rendering (三十日内) is left out, as is any term every stretch holds. A tie, or a piece
    holding two values of the unit, says nothing."""
    found = []
    whole = normalise(sentence)
    for piece in [whole] + re.split(r"[,;]|\band\b", whole):
        numbers = extract(piece).numbers
        for _, value, unit in numbers:
            if unit is None or sum(u == unit for _, _, u in numbers) > 1:
                continue   # two values of one unit in a piece: its words cannot say which is which
            if piece != whole and sum(u == unit for _, _, u in extract(whole).numbers) == 1:
                continue   # a sentence with one value of the unit is read whole
            holding = [(s, values) for s in _stretches(passage, unit)
                       if (values := {v for _, v, u in extract(s).numbers if u == unit})]
            if len(set().union(*[v for _, v in holding] or [set()])) < 2:
                continue
            terms = [t for t in _terms(piece, passage) if not extract(t).numbers]
            terms = [t for t in terms if not all(t in s for s, _ in holding)]
            scores = [sum(min(len(t), MAX_TERM_WEIGHT) for t in terms if t in s) for s, _ in holding]
            best = max(scores)
            chosen = [values for (s, values), score in zip(holding, scores) if score >= NUMBER_TIE * best]
            if best and len(chosen) == 1 and value not in chosen[0]:
                found.append(f"number {value} {unit} (the passage clause on the same subject says "
                             f"{', '.join(map(str, sorted(chosen[0])))})")
    return list(dict.fromkeys(found))


def _stretches(passage: str, unit: str) -> list[str]:
    """The passage's sentences (to their semicolons); one holding several values of `unit` is cut after each clause
    that states one, so each value keeps the conditions written before it (what follows the last is left out: it
    says something of every value, 无正当理由未实施 of both 三年 and 四年). With STRETCH_LEAD, a passage sentence stating no
    value is the subject of the first value cut from the next one (为补偿新药上市审评审批占用的时间…给予专利权期限补偿。
    补偿期限不超过五年: the five years are the new-drug compensation's, as much as the fourteen are)."""
    found, lead = [], ""
    for u in _UNIT_END.split(passage):
        values = {v for _, v, un in extract(u).numbers if un == unit}
        if len(values) < 2:
            found.append(u)
            lead = "" if values else u
            continue
        current, lead = (lead + "。" if STRETCH_LEAD and lead.strip() else ""), ""
        for c in clauses(u):
            current += c + "，"
            if any(un == unit for _, _, un in extract(c).numbers):
                found.append(current)
                current = ""
    return [s for s in found if s.strip()]


def _terms(english: str, passage: str) -> list[str]:
    """Chinese terms for an English text: the glossary's, and CC-CEDICT's for the words it lacks (those the passage holds)."""
    from kb.dictionary import chinese_words
    from kb.glossary import chinese_terms, uncovered_words

    terms = [t for t in chinese_terms(english) if len(t) > 1]
    return terms + [t for t in chinese_words(uncovered_words(english), lambda h: h in passage) if t not in terms]


_STILL = re.compile(r"\b(?:still|nevertheless|nonetheless|even so|all the same)\b")


_STILL_DUTY = re.compile(r"\w+\s+(?:(?:\w+\s+)?(?:has|have|needs?|is required|are required|is obliged|are obliged) to|must|should|shall)\b")
STILL_DUTY_KEPT = True


def _still_against_a_negation(sentence: str, rendered: list[str]) -> list[str]:
    """"The court will still support it", "it still infringes": a consequence said to hold in spite of its condition,
    where the passage sentence it renders ends in a negated one (人民法院不予支持, 不构成侵犯)."""
    text = plain_bounds(normalise(sentence))
    still = _STILL.search(text)
    # the consequence is what follows "still", to its clause's end: a negation in the condition before it ("if the creditor
    # neither sues nor …, the guarantor nevertheless remains liable") denies nothing of it
    said = re.split(r"[;:.]", text[still.start():])[0] if still and STILL_FROM_ITS_WORD else text
    if not rendered or not still or _EN_NEGATION.search(said):
        return []
    if STILL_DUTY_KEPT and _STILL_DUTY.match(said):
        return []   # "but you still have to credit the author": a duty kept beside a permission (但应当指明), no consequence
    if all(_ANY_NEGATION.search(clauses(u)[-1]) for u in rendered):
        return ["a consequence the passage sentence on the same subject denies"]
    return []


def _rendered_units(sentence: str, passage: str) -> list[str]:
    """The Chinese passage sentences (to their semicolons) an English sentence renders: those holding most of its
    glossary terms, each weighted by its length; a term every sentence holds tells them apart no more than none."""
    from kb.glossary import chinese_terms

    units = [u for u in _UNIT_END.split(passage) if u.strip()]
    terms = [t for t in chinese_terms(sentence) if not (UNIT_WEIGHTED and len(units) > 1 and all(t in u for u in units))]
    # a long glossary phrase (self-dealing: 固有财产与信托财产进行交易) weighs no more than a four-character term
    weight = (lambda t: min(len(t), MAX_TERM_WEIGHT)) if UNIT_WEIGHTED else (lambda t: 1)   # noqa: E731
    scores = [sum(weight(t) for t in terms if t in u) for u in units]
    if UNIT_NUMBERS:   # a number with its unit (twelve months) points at the passage sentence stating it
        said = extract(sentence).numbers
        scores = [score + MAX_TERM_WEIGHT * len(said & extract(u).numbers) for score, u in zip(scores, units)]
    if not units or max(scores) == 0:
        return []
    return [u for u, score in zip(units, scores) if score >= UNIT_MARGIN * max(scores)]


# A public body or association acting in a Chinese sentence (广东省版权局, 中国证券投资基金业协会) is named by its kind.
_BODY = re.compile(r"国务院|人民政府|人民法院|仲裁机构|委员会|协会|交易所|(?<![格结布大全])局(?!部)|部门|证监会|证券监督管理机构")


# A public body an English sentence names, and what the Chinese passage calls its kind.
_EN_BODIES = {"court": "法院", "state council": "国务院", "arbitra": "仲裁", "association": "协会",
              "stock exchange": "交易所", "securities exchange": "交易所", "(?<!regulatory )commission(?! (?:agent|merchant|contract|agreement|fee|business|matter)s?\\b)": "委员会",
              "committee": "委员会",
              # the securities regulator by its name (证监会 for 国务院证券监督管理机构), an administration by its English kind,
              # and the level of government a body sits at
              "csrc": "证券监督管理|证监会", "securities regulat(?:or|ory commission)": "证券监督管理|证监会",
              "bureau": "局|部门", "provincial": "省", "county": "县",
              # the Trademark Office by its name: a passage on the trademark user's duty (商标使用人应当) names none
              "trademark office": "商标局"}


# A body named as the maker of an instrument ("the CSRC ABS Provisions", "State Council regulations") is no body acting.
_INSTRUMENT_BY = re.compile(r"\b[\w'’-]+(?: (?!(?:the|a|an|to|of|by|for|under|in|with|and|or)\b)[\w'’-]+){0,2} "
                            r"(?:provisions|rules|guidelines?|measures|regulations?|interpretations?)\b")


def _bodies(sentence: str) -> list[str]:
    """The kinds of public body or association a Chinese sentence names: the passage must name the same kind."""
    return list(dict.fromkeys(_BODY.findall(sentence)))


# An administration is named as a 局 or a 部门 alike (专利局 for 国务院专利行政部门): one kind of body, not two.
_BODY_KIND = {"局": "部门", "证监会": "证券监督管理机构"}   # the securities regulator by its name


def _body_named(body: str, passage: str) -> bool:
    """Whether the passage names a body of the same kind as `body` (a kind of _BODY)."""
    kind = _BODY_KIND.get(body, body)
    return body in passage or any(_BODY_KIND.get(b, b) == kind for b in _bodies(passage))


def _denies_what_it_says(passage_clause: str, clause: str, others: list[str] = ()) -> bool:
    """Whether a negation of the passage clause denies something the sentence clause says (不发生效力 against
    发生效力; 放弃无效 against 放弃有效), not a word the clause leaves out (不知道 in a definition beside it), and
    no other negated clause of the sentence says it instead (放弃…的，这种放弃无效)."""
    for scope in negation_scopes(passage_clause):
        grams = {scope[i:i + 2] for i in range(len(scope) - 1)} if len(scope) > 1 else {scope}
        said = lambda text: any(g and g in text for g in grams)   # noqa: E731
        if said(clause) and not any(said(o) for o in others):
            return True
    return False


def _party_conflicts(facts: Facts, acting: list[str]) -> list[str]:
    """The parties of a clause must be among those of the passage clause that does the same thing (parties
    masked when aligning): 除非债务人同意 against 但是经受让人同意的除外. A clause naming no party constrains nothing.
    It rejects a faithful clause that joins two passage clauses with different parties (债务人转移债务须经债权人同意
    for 债务人将债务…转移给第三人的，应当经债权人同意); taking the parties of the whole passage sentence, or of the
    clause on the same subject, let swapped parties through (除非债务人同意) more often than it helped."""
    stated = extract("\n".join(acting)).parties
    if not stated:
        return []
    return [f"party '{p}' (the clause that does the same names another)" for _, p in sorted(facts.parties - stated)]


def _overlap(clause: str, other: str) -> float:
    """Share of the clause found in the other: character pairs for Chinese (no word splitting to disagree
    on: 发明专利 / 发明专利权), weighted words for English."""
    if not is_chinese(clause):
        return _coverage(clause, other)
    pairs = {clause[i:i + 2] for i in range(len(clause) - 1)} - {"N", " N", "N "}
    pairs = {p for p in pairs if _KEEP.fullmatch(p)}
    if not pairs:
        return 0.0
    return len({p for p in pairs if p in other}) / len(pairs)


def _refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0
