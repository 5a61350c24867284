"""Chinese patent numbers (ZL + application number + check digit): the kind they give and whether they add up."""
from __future__ import annotations

import re
from dataclasses import dataclass

# ZL + application number + check digit. The application number has 12 digits since 2003 (year,
# type digit, 7-digit serial) and 8 before (2-digit year, type digit, 5-digit serial).
PATENT_NO = re.compile(r"ZL\s?((?:19|20)\d{2}\d{8}|\d{8})\s?[.．]\s?([\dX])")
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
    check: str       # the check digit as written

    @classmethod
    def parse(cls, text: str) -> "PatentNumber | None":
        match = PATENT_NO.fullmatch(re.sub(r"\s", "", text))
        return cls(match.group(1), match.group(2)) if match else None

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
