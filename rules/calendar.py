"""PRC working days (with 调休 make-up workdays) from the chinese-calendar package."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


class CalendarGap(Exception):
    """The holiday table has no data for a year, so working days cannot be counted."""


@lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarGap(f"PRC holiday calendar for {day.year}") from None


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (the deadline-counting convention:
    the day of the event does not count). Negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count
