"""A branch's opening hours by weekday: typed as a librarian writes them ("9:00–18:00",
"10.00-13.00, 14.00-18.00", empty for a closed day), kept as intervals, shown in either language."""
from __future__ import annotations

import re
from typing import Any

from models.kernel.validation import parse_time

WEEKDAYS = range(7)  # 0 = Monday, as Python and the clash checker count
MAX_INTERVALS = 4
_DASH = re.compile(r"\s*[-–—]\s*")


def parse_day(text: Any) -> list[list[str]]:
    """One weekday's hours; raises ValueError("hours_format") on what is not hours."""
    written = str(text or "").strip()
    if not written:
        return []
    intervals = []
    for part in re.split(r"\s*[,;]\s*", written):
        pieces = _DASH.split(part)
        if len(pieces) != 2:
            raise ValueError("hours_format")
        try:
            opens, closes = parse_time(pieces[0]), parse_time(pieces[1])
        except ValueError:
            raise ValueError("hours_format") from None
        if closes <= opens:
            raise ValueError("hours_order")
        intervals.append([opens.strftime("%H:%M"), closes.strftime("%H:%M")])
    intervals.sort()
    if len(intervals) > MAX_INTERVALS or any(later[0] < earlier[1] for earlier, later in zip(intervals, intervals[1:])):
        raise ValueError("hours_overlap")
    return intervals


def day_text(intervals: list[list[str]]) -> str:
    """"09:00–13:00, 14:00–18:00" as the form shows it again."""
    return ", ".join(f"{opens}–{closes}" for opens, closes in intervals)


def week_rows(weekly: dict) -> list[tuple[int, str]]:
    """(weekday, hours) for each open weekday, Monday first: what a page lists."""
    return [(day, day_text(weekly[str(day)])) for day in WEEKDAYS if weekly.get(str(day))]
