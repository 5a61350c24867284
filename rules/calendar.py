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


def roll_to_workday(day: dt.date) -> dt.date:
    """The day a period ending on `day` really ends: a last day that is a rest day or statutory
    holiday moves to the first working day after it (民法典第二百零三条; 调休 workdays count)."""
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the day of the event does not count), so that
    `working_days_between(start, add_working_days(start, n)) == n`."""
    if count < 0:
        raise ValueError(f"needs a count of 0 or more, got {count}")
    day = start
    for _ in range(int(count)):
        day += dt.timedelta(days=1)
        while not is_workday(day):
            day += dt.timedelta(days=1)
    return day
