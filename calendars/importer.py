"""Reading another organisation's .ics into occurrences for the planner's overlays.

The bytes come from a URL nobody at the library controls, so every way in which they can be
wrong (an HTML error page, a truncated download, a rule that repeats every second) ends in an
ImportFailed with a short code the web layer translates, never in a trace. Times are local
Europe/Riga wall time, the way Occurrence stores them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar

from models.kernel.clock import LIBRARY_TZ, local_wall_time

MAX_BYTES = 2 * 1024 * 1024
MAX_COMPONENTS = 5000
MAX_OCCURRENCES = 3000
# a planner has no use for these, and expanding them over a year is what makes a parser hang
REFUSED_FREQUENCIES = {"SECONDLY", "MINUTELY", "HOURLY"}
TEXT_LIMITS = {"uid": 300, "title": 300, "location": 300}


class ImportFailed(Exception):
    """`code` is one of: empty, too_large, not_calendar, unreadable, no_events, too_many_events."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ExternalOccurrence:
    uid: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    title: str
    location: str
    status: str  # "" or the lower-case STATUS, e.g. "cancelled", "tentative"


def _local(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        # floating times (no TZID, no Z) are already the reader's wall time
        return local_wall_time(value)
    return datetime.combine(value, time())


def _text(component, name: str, limit: int) -> str:
    value = component.get(name)
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:limit]


def parse_calendar(data: bytes) -> Calendar:
    if not data or not data.strip():
        raise ImportFailed("empty")
    if len(data) > MAX_BYTES:
        raise ImportFailed("too_large")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if head != b"BEGIN:VCALENDAR":
        raise ImportFailed("not_calendar")
    try:
        calendar = Calendar.from_ical(data.decode("utf-8-sig", errors="replace"))
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError… on broken input
        raise ImportFailed("unreadable") from exc
    if not isinstance(calendar, Calendar):
        raise ImportFailed("not_calendar")
    return calendar


def _usable(component) -> bool:
    """A VEVENT with a readable start and no rule repeating more often than daily."""
    try:
        if not isinstance(component.decoded("DTSTART"), date):  # datetime is a date too
            return False
        rule = component.get("RRULE")
        rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
        return not any(str(freq).upper() in REFUSED_FREQUENCIES for r in rules for freq in (r.get("FREQ") or []))
    except Exception:  # a broken property of one event must not cost the others
        return False


def _keep_usable(calendar: Calendar) -> int:
    """Drop the VEVENTs a planner cannot show; returns how many remain."""
    kept = 0
    for component in list(calendar.subcomponents):
        if component.name != "VEVENT":
            continue
        if _usable(component):
            kept += 1
        else:
            calendar.subcomponents.remove(component)
    return kept


def read_calendar(data: bytes, window_start: datetime, window_end: datetime) -> list[ExternalOccurrence]:
    """The calendar's occurrences overlapping [window_start, window_end) (naive local times),
    earliest first, at most MAX_OCCURRENCES of them."""
    calendar = parse_calendar(data)
    count = sum(1 for c in calendar.walk("VEVENT"))
    if count == 0:
        raise ImportFailed("no_events")
    if count > MAX_COMPONENTS:
        raise ImportFailed("too_many_events")
    try:
        if _keep_usable(calendar) == 0:
            raise ImportFailed("unreadable")
        calendar = x_wr_timezone.to_standard(calendar)
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        found: list[ExternalOccurrence] = []
        # `after` yields in order and lazily: a rule without an end stops at the window's end
        for event in query.after(window_start.replace(tzinfo=LIBRARY_TZ)):
            occurrence = _occurrence(event)
            if occurrence is None or occurrence.ends_at <= window_start:
                continue
            if occurrence.starts_at >= window_end or len(found) >= MAX_OCCURRENCES:
                break
            found.append(occurrence)
    except ImportFailed:
        raise
    except Exception as exc:  # a bad series, an unknown TZID, a broken date: the file is unusable
        raise ImportFailed("unreadable") from exc
    return found


def _occurrence(event) -> ExternalOccurrence | None:
    start = event.get("DTSTART")
    if start is None:
        return None
    start_value = start.dt
    end_value = event["DTEND"].dt if event.get("DTEND") is not None else None
    all_day = not isinstance(start_value, datetime)
    starts_at = _local(start_value)
    if end_value is None:
        duration = event["DURATION"].dt if event.get("DURATION") is not None else None
        ends_at = starts_at + (duration or (timedelta(days=1) if all_day else timedelta()))
    else:
        ends_at = _local(end_value)
    if ends_at < starts_at:
        ends_at = starts_at
    if all_day and ends_at == starts_at:
        ends_at = starts_at + timedelta(days=1)
    return ExternalOccurrence(
        uid=_text(event, "UID", TEXT_LIMITS["uid"]), starts_at=starts_at, ends_at=ends_at, all_day=all_day,
        title=_text(event, "SUMMARY", TEXT_LIMITS["title"]), location=_text(event, "LOCATION", TEXT_LIMITS["location"]),
        status=_text(event, "STATUS", 20).lower(),
    )
