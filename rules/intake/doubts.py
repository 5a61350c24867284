"""Values to confirm before relying on them: a patent number whose check digit is wrong, a kind its number contradicts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rules.intake.evidence import Evidence, Found
from rules.intake.patent_no import KIND_DIGITS, KIND_NAMES, PatentNumber

_RIGHT = re.compile(r"^(pool\.ip\[\d+\])\.reg_no$")


@dataclass(frozen=True)
class Doubt:
    """A value the documents state that cannot be right as written; the user must confirm it."""

    path: str
    value: Any
    evidence: Evidence
    reason: str
    kept: bool      # True: the value stays in the draft as written; False: the field is left empty


def find_doubts(evidence: dict[str, list[Found]]) -> list[Doubt]:
    """Doubts about the accepted values; a doubted kind is taken out of `evidence` (the field stays empty:
    the number and the words disagree, as two documents can)."""
    doubts: list[Doubt] = []
    for path, sources in list(evidence.items()):
        right = _RIGHT.match(path)
        number = PatentNumber.parse(str(sources[0].value)) if right else None
        if number is None:
            continue
        written = sources[0]
        if not number.adds_up:
            doubts.append(Doubt(path, written.value, written.evidence, kept=True, reason=(
                f"check digit is {number.check}, but {number.digits} gives {number.expected_check}: "
                "most likely a misread (OCR) or mistyped digit; confirm the number on the certificate or CNIPA register")))
        if number.kind is None:
            doubts.append(Doubt(path, written.value, written.evidence, kept=True, reason=(
                f"type digit {number.type_digit} names no patent kind ({', '.join(KIND_DIGITS)} do)")))
        kind_path = f"{right.group(1)}.ip_type"
        stated = evidence.get(kind_path)
        if number.kind and stated and stated[0].value != number.kind:
            evidence.pop(kind_path)
            doubts.append(Doubt(kind_path, stated[0].value, stated[0].evidence, kept=False, reason=(
                f"the document says {KIND_NAMES.get(stated[0].value, stated[0].value)}, but {written.value}'s "
                f"type digit {number.type_digit} means {KIND_NAMES[number.kind]}: confirm the kind "
                "(it sets the term) and the number")))
    return doubts
