"""Citations: a numbered passage with its quote, labelled as law ("《专利法》第四十二条") or as commentary."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numerals import cn_number
from kb.passage import Passage
from kb.records import IN_FORCE, today
from kb.tokenize import is_chinese

# Titles longer than this are cited by their short form (an EU regulation's number, the words before
# its first " of ").
MAX_TITLE_CHARS = 60
_EU_NUMBER = re.compile(r"^((?:Commission\s+)?(?:Delegated\s+|Implementing\s+)?(?:Regulation|Directive|Decision)"
                        r"\s+\((?:EU|EC|EEC|Euratom)\)\s+(?:No\s+)?\d+/\d+)")


def short_title(title: str) -> str:
    """`Regulation (EU) 2017/2402 of the European Parliament … (Securitisation Regulation) — EXCERPT…`
    -> `Regulation (EU) 2017/2402`; short titles stay as they are."""
    # "DIGEST (not official text) — US Credit Risk Retention …" was cited as "DIGEST": the label says it
    # is a digest already, the subject is what tells digests apart.
    title = re.sub(r"^DIGEST\s*(?:\([^)]*\))?\s*[—–-]+\s*", "", title.strip(), flags=re.I)
    if is_chinese(title):
        # A bracket that describes the contents ("（含第五百四十五条起 债权转让…）") is left out; a version
        # bracket ("（2020年第四次修正）") stays, it tells the versions apart.
        return re.sub(r"\s*（含[^）]*）", "", title)
    if len(title) <= MAX_TITLE_CHARS:
        return title
    eu = _EU_NUMBER.match(title)
    if eu:
        return eu.group(1)
    head = re.split(r"\s+(?:of|on|—|-)\s+|[,;(（]", title, maxsplit=1)[0].strip()
    return head if 0 < len(head) <= MAX_TITLE_CHARS else title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


@dataclass
class Citation:
    n: int
    passage: Passage
    quote: str
    score: float
    as_of: str = ""        # the date the question was asked for ("" = today)

    @property
    def record(self):
        return self.passage.record

    @property
    def title(self) -> str:
        return self.passage.title

    @property
    def article(self) -> str:
        return self.passage.article

    @property
    def page(self) -> int | None:
        return self.passage.page

    @property
    def doc_id(self) -> str:
        return self.passage.doc_id

    @property
    def chunk_id(self) -> str:
        return self.passage.chunk_id

    @property
    def doc_type(self) -> str:
        return self.passage.doc_type

    @property
    def commentary(self) -> bool:
        return self.record.is_commentary

    @property
    def state(self) -> str:
        """The version's state on the date asked (in_force, superseded, not_yet_in_force, …)."""
        return self.record.state(self.as_of or today())

    @property
    def in_force_then(self) -> bool:
        return self.state == IN_FORCE

    @property
    def gist(self) -> str:
        """The editors' English caption of the article (kb.captions), "" when it has none: shown beside a Chinese
        quote in an English answer as what it is, a summary in our words, never as the law's text."""
        from kb.captions import captions_of

        return captions_of(self.record).get(self.article, "") if not self.commentary else ""

    def label(self, chinese: bool) -> str:
        """《专利法（…）》第四十二条 / `Regulation (EU) 2017/2402, Article 6`; commentary never looks like law."""
        title = short_title(self.title)
        if self.commentary:
            kind = "digest" if self.doc_type == "digest" else "note"
            where = f", {_section(self.article, chinese)}" if self.article else ""
            return (f"[评注·{'摘要' if kind == 'digest' else '说明'}，非法律条文] {title}{where}" if chinese
                    else f"[commentary: {kind}, not law] {title}{where}")
        if is_chinese(title):
            return f"《{title}》{self.article}"
        return f"{title}, {self.article}".rstrip(", ")

    def to_json(self, chinese: bool | None = None) -> dict:
        """`chinese`: the language of the answer the citation belongs to (its label reads in it; default:
        the title's)."""
        r = self.record
        return {
            "n": self.n, "label": self.label(is_chinese(self.title) if chinese is None else chinese), "title": r.title, "short_title": short_title(r.title),
            "article": self.article, "page": self.page, "path": self.passage.path, "doc_id": r.doc_id,
            "chunk_id": self.chunk_id, "quote": self.quote, "score": self.score, "doc_type": r.doc_type,
            "commentary": self.commentary, "jurisdiction": r.jurisdiction, "version": r.version,
            "effective_from": r.effective_from, "effective_to": r.effective_to, "superseded_by": r.superseded_by,
            "status": r.state(), "state_on_as_of": self.state, "as_of": self.as_of or today(),
            # The source's own word on its status ("SUPERSEDED — …"): with no end date the dates above still
            # read in force, so a client must see this too.
            "source_status": r.source_status, "doubted_by_source": r.doubted_by_source,
            # The source's own word on how much of the instrument it holds: what it lacks may bear on the question.
            "source_completeness": r.source_completeness, "partial_source": r.partial_source,
            # Where the text comes from, as its file or uploader states it: "" for a text of unknown origin.
            "stated_source": r.stated_source,
            # The editors' English caption of the article, not its text: "" when it has none.
            "gist": self.gist,
        }


def _section(article: str, chinese: bool) -> str:
    """A note's numbered part as a section (第十九节, section 19), never an article (第十九条) that reads as law."""
    number = re.fullmatch(r"第(.+)条", article)
    if not number:
        return article
    if chinese:
        return f"第{number.group(1)}节"
    value = cn_number(number.group(1)) if not number.group(1).isdigit() else int(number.group(1))
    return f"section {value}" if value else article
