"""Chinese patent numbers (ZL + application number + check digit): the kind they give and whether they add up."""
from __future__ import annotations

import re
from dataclasses import dataclass

# ZL + application number + check digit. The application number has 12 digits since 2003 (year,
# type digit, 7-digit serial) and 8 before (2-digit year, type digit, 5-digit serial). Lists also write
# x for X and leave out the dot; without the dot the check digit runs on from the number (group 3).
_NUMBER = r"((?:19|20)\d{10}|\d{8})(?:\s?[.．]\s?([\dXx])|([\dXx])(?![0-9A-Za-z]))"
PATENT_NO = re.compile(r"ZL\s?" + _NUMBER)
APPLICATION_NO = re.compile(r"(?:ZL\s?)?" + _NUMBER)   # under a 申请号/专利号 header, ZL may be left out
# The type digit: 1/8 invention (8: PCT national phase), 2/9 utility model (9: PCT), 3 design.
KIND_DIGITS = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
KIND_NAMES = {"invention": "invention 发明", "utility": "utility model 实用新型", "design": "design 外观设计"}
# CNIPA's check digit: the digits times these weights, summed, mod 11; a remainder of 10 is written X.
# Checked against granted numbers published with their grant notices (see tests/rules/intake/test_patent_no.py).
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def check_digit(digits: str) -> str:
    """The check digit of an application number's 8 or 12 digits."""
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS)) % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True)
class PatentNumber:
    digits: str      # the application number without its check digit
    check: str       # the check digit as written (x as X)

    @classmethod
    def parse(cls, text: str, bare: bool = False) -> "PatentNumber | None":
        """The number `text` is (`bare`: ZL may be left out); None when it is none. A number written without the
        dot is one only when its check digit adds up: else its last digit may as well be the number's own."""
        match = (APPLICATION_NO if bare else PATENT_NO).fullmatch(re.sub(r"\s", "", text))
        if not match:
            return None
        digits, dotted, run_on = match.groups()
        number = cls(digits, (dotted or run_on).upper())
        return number if dotted or number.adds_up else None

    @property
    def text(self) -> str:
        """As the deal holds it, however the document wrote it: ZL, the application number, a dot, the check digit."""
        return f"ZL{self.digits}.{self.check}"

    @property
    def type_digit(self) -> str:
        return self.digits[4] if len(self.digits) == 12 else self.digits[2]

    @property
    def kind(self) -> str | None:
        """invention / utility / design as the type digit says; None for a digit that names no kind."""
        return KIND_DIGITS.get(self.type_digit)

    @property
    def expected_check(self) -> str:
        return check_digit(self.digits)

    @property
    def adds_up(self) -> bool:
        return self.check == self.expected_check
