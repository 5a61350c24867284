"""The built-in functions rule expressions may call, with their arities."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from rules import calendar as cal


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"needs 'YYYY-MM-DD', got {text!r}") from None


def add_years(day: dt.date, years) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year. The one
    year-adder: rule expressions call it as `add_years`, and IP terms are computed with it (rules.derived)."""
    try:
        return day.replace(year=day.year + int(years))
    except ValueError:  # 29 Feb into a non-leap year
        return day.replace(year=day.year + int(years), day=28)


def _add_months(day: dt.date, months) -> dt.date:
    total = day.month - 1 + int(months)
    year, month = day.year + total // 12, total % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"year {year} is out of range")  # every month has a day 28: only the year can fail


_RATINGS = ["AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB",
            "BB-", "B+", "B", "B-", "CCC", "CC", "C", "D"]


def rating_rank(rating: str) -> int:
    """Higher is better: AAA=20 ... D=1; an unrated or unknown grade is 0."""
    text = str(rating).strip().upper().removesuffix("SF").removesuffix("(SF)")
    return len(_RATINGS) - _RATINGS.index(text) if text in _RATINGS else 0


def _pct(x) -> str:
    """A percentage to two decimals, or to as many more (up to ten) as keep it off a whole number it is not: thresholds
    are whole numbers, and "Retention 5.00 % is below 5 %" (23,499,999 of 470,000,000) read as a contradiction."""
    percent = x * 100
    for decimals in range(2, 11):
        shown = f"{percent:.{decimals}f}"
        if float(shown) != round(percent) or abs(percent - round(percent)) < 1e-9:
            return f"{shown}%"
    return f"{shown}%"


def _money(x) -> str:
    return f"{x:,.0f}"


def _distinct(values) -> list:
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


# name -> (implementation, (min args, max args)); all are strict in UNKNOWN except `present`,
# `coalesce` and `choose`, which the evaluator special-cases.
FUNCTIONS: dict[str, tuple[Callable | None, tuple[int, int]]] = {
    "date": (_date, (1, 1)),
    "days_between": (lambda a, b: (b - a).days, (2, 2)),
    "wd": (cal.working_days_between, (2, 2)),
    "add_workdays": (cal.add_working_days, (2, 2)),   # the n-th PRC working day after a date
    "roll_workday": (cal.roll_to_workday, (1, 1)),    # a deadline on a holiday moves to the next working day
    "add_days": (lambda d, n: d + dt.timedelta(days=int(n)), (2, 2)),
    "add_months": (_add_months, (2, 2)),
    "add_years": (add_years, (2, 2)),
    "year": (lambda d: d.year, (1, 1)),
    "month": (lambda d: d.month, (1, 1)),
    "day": (lambda d: d.day, (1, 1)),
    "len": (len, (1, 1)),
    "distinct": (_distinct, (1, 1)),
    "min": (min, (1, 8)),
    "max": (max, (1, 8)),
    "abs": (abs, (1, 1)),
    "round": (lambda x, n=0: round(x, int(n)), (1, 2)),
    "rating_rank": (rating_rank, (1, 1)),
    "pct": (_pct, (1, 1)),
    "money": (_money, (1, 1)),
    "present": (None, (1, 1)),
    "coalesce": (None, (2, 2)),
    "choose": (None, (3, 3)),  # choose(condition, if_true, if_false), lazy in the branches
}

COMPREHENSIONS = {"all", "any", "count", "sum", "min", "max", "map", "pick"}
