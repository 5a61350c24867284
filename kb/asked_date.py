"""The date a question asks the law of ("in force on 2019-01-01", "2019年1月1日时有效的"), used as its as-of date."""
from __future__ import annotations

import re
from datetime import date

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], start=1)}
DATE = re.compile(r"(?P<y>\d{4})(?:-|/|年)(?P<m>\d{1,2})(?:-|/|月)(?P<d>\d{1,2})日?"
                   r"|(?P<d2>\d{1,2}) (?P<mon>[A-Za-z]+),? (?P<y2>\d{4})|(?P<mon3>[A-Za-z]+) (?P<d3>\d{1,2}),? (?P<y3>\d{4})")
# Only a date tied to the law's state asks for the law of that day; "a licence signed on 2019-01-01" does not.
# "What will the term be on 1 February 2027?": the state of the law on that day.
_BEFORE = re.compile(r"(?:in force|effective|applicable|applied|valid|the law|as (?:of|at)|截至|截止|在)\s*(?:on|at)?\s*$"
                     r"|\b(?:be|is|was|were|stands?|stood)\s+on\s*$", re.I)
_AFTER = re.compile(r"^\s*(?:(?:时|当时|那时|之时)?\s*(?:有效|施行|生效|适用|的规定|的法律|的版本)|(?:时|当时|那时|之时)\s*[，,])")
# A date that opens the question ("2020年6月1日，…", "On 1 June 2020, …") sets the day it asks about.
_OPENS = re.compile(r"^\s*(?:在|于|on|at|as of)?\s*$", re.I)
# The words that tie the date to the law, dropped with it from what is searched ("2024年3月1日有效的").
_TIE_AFTER = re.compile(r"^\s*(?:时|当时|那时|之时)?\s*(?:有效的|施行的|生效的|适用的|有效|施行|生效|适用|的)?\s*[，,]?")
_TIE_BEFORE = re.compile(r"(?:(?:in force|effective|applicable|valid)\s*(?:on|at|as (?:of|at))?|as (?:of|at)|截至|截止|在|于|on)\s*$", re.I)


def asked_date(question: str) -> str:
    """The ISO date the question asks the law of, or ""."""
    found = _asked(question)
    return found[0] if found else ""


def without_asked_date(question: str) -> str:
    """The question with the date it asks the law of, and the words tying it to the law, left out: what
    is searched ("2024年3月1日有效的专利法实施细则规定，…" searches as "专利法实施细则规定，…")."""
    found = _asked(question)
    if not found:
        return question
    _, match = found
    head = _TIE_BEFORE.sub("", question[:match.start()])
    tail = _TIE_AFTER.sub("", question[match.end():], count=1)
    return (head.rstrip(" ,，") + (" " if head.strip() and tail[:1].isascii() else "") + tail).strip() or question


def _asked(question: str) -> tuple[str, re.Match] | None:
    for match in DATE.finditer(question):
        before, after = question[max(0, match.start() - 20):match.start()], question[match.end():match.end() + 8]
        if not (_BEFORE.search(before) or _AFTER.search(after) or _OPENS.fullmatch(question[:match.start()])):
            continue
        iso = _iso(match)
        if iso:
            return iso, match
    return None


def _iso(match: re.Match) -> str:
    if match.group("y"):
        y, m, d = match.group("y"), match.group("m"), match.group("d")
    else:
        y = match.group("y2") or match.group("y3")
        m = _MONTHS.get((match.group("mon") or match.group("mon3") or "").lower(), 0)
        d = match.group("d2") or match.group("d3")
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""
