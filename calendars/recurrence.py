"""Recurrence between Afiša's series and iCalendar.

Afiša keeps a series rule as RRULE text in local wall time (models.planning.recurrence). RFC 5545 wants
UNTIL in UTC when DTSTART carries a TZID, so a published rule is rewritten; and a rule read from
an external calendar is expanded with the same bounds Afiša's own series obey."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import vRecur

from models.kernel.clock import LIBRARY_TZ
from models.planning import MAX_OCCURRENCES, parse_rrule


def to_ical(rrule_text: str, dtstart: datetime, tz: ZoneInfo = LIBRARY_TZ) -> vRecur:
    """The item's rule as an iCalendar RRULE value, UNTIL as the UTC instant of its last local second."""
    rule = parse_rrule(rrule_text)
    value = vRecur.from_ical(rrule_text.split(";UNTIL=")[0] if rule.until else rrule_text)
    if rule.until is not None:
        last_local = datetime.combine(rule.until, time(23, 59, 59), tzinfo=tz)
        value["UNTIL"] = [last_local.astimezone(timezone.utc)]
    return value


def expand_external(rrule_text: str, dtstart: datetime, *, window_end: datetime, tz: ZoneInfo = LIBRARY_TZ) -> list[datetime]:
    """Starts of an external calendar's series (local wall time) up to `window_end`, at most
    MAX_OCCURRENCES: a rule without an end must not run away with the planner."""
    aware_start = dtstart if dtstart.tzinfo else dtstart.replace(tzinfo=tz)
    rule = rrulestr(rrule_text, dtstart=aware_start)
    limit = window_end if window_end.tzinfo else window_end.replace(tzinfo=tz)
    starts: list[datetime] = []
    for start in rule:
        if start > limit or len(starts) >= MAX_OCCURRENCES:
            break
        starts.append(start.astimezone(tz).replace(tzinfo=None))
    return starts


def all_day_end(last_day: date) -> date:
    """iCalendar's DTEND of an all-day range is exclusive: the day after the last day."""
    from datetime import timedelta

    return last_day + timedelta(days=1)
