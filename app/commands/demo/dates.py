"""Days of the demo programme, reckoned from `today` so the demo always shows this month and next."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from models.kernel.calendar_facts import SCHOOL_BREAKS, holiday_name, school_break

MON, TUE, WED, THU, FRI = range(5)


def month_start(day: date, months_ahead: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months_ahead
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def nth_weekday(first: date, weekday: int, n: int) -> date:
    """The n-th Monday/Tuesday/... of the month that begins on `first`."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    return day + timedelta(weeks=n - 1)


def working_day(day: date) -> date:
    """The day itself, or the next weekday that is not a public holiday (18 November, Christmas)."""
    while day.weekday() >= 5 or holiday_name(day):
        day += timedelta(days=1)
    return day


def first_school_day(weekday: int, first: date, horizon: date) -> date | None:
    """The first such weekday from `first` on that is a school day (no lessons over the summer)."""
    day = nth_weekday(first, weekday, 1)
    while day <= horizon:
        if not school_break(day) and not holiday_name(day):
            return day
        day += timedelta(weeks=1)
    return None


def term_end(start: date, horizon: date) -> date:
    """The last school day before the winter or summer holidays: a lesson series runs for the
    term, and the short autumn and spring breaks only cancel single sessions. `horizon` when
    the ministry's dates for that year are not known yet."""
    for school_break_ in SCHOOL_BREAKS:
        long_break = school_break_.last - school_break_.first >= timedelta(days=10)
        if long_break and school_break_.first > start:
            last = school_break_.first - timedelta(days=1)
            while last.weekday() >= 5:
                last -= timedelta(days=1)
            return last
    return horizon
