"""Reading a library's past programme from an .ics export (Google Calendar, Outlook, Thunderbird)
into what Afiša would create: one row per event or series, with its kind and place guessed.

A series stays a series: its RRULE becomes the item's repeat fields (daily, weekly on its days,
monthly on a day or the nth/last weekday; every n-th; until a day or n times), an EXDATE a
cancelled session, a moved occurrence (RECURRENCE-ID) a moved session. A rule Afiša cannot say
(yearly, several weekdays a month, by set position) is brought in as its separate sessions, and the
row says so. Times are the library's wall-clock times, so a weekly 17:00 stays 17:00 across the
change to summer time, whatever zone the file wrote it in. Nothing here writes: the web layer
shows the rows, and models.planning.importing creates the confirmed ones in one transaction."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar

from calendars.importer import MAX_COMPONENTS, ImportFailed, parse_calendar
from models.kernel.clock import local_wall_time
from models.planning import ImportRow

MAX_ROWS = 2000
MAX_EXPANDED = 200  # sessions of one series brought in one by one
OPEN_SERIES_YEARS = 1  # a series without an end is brought in for a year from its start
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _local(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return local_wall_time(value) if value.tzinfo is not None else value
    return datetime.combine(value, time())


def _text(component, name: str, limit: int) -> str:
    value = component.get(name)
    return str(value).strip()[:limit] if value is not None else ""


def _span(event) -> tuple[datetime, datetime, bool]:
    start = event.decoded("DTSTART")
    all_day = not isinstance(start, datetime)
    starts_at = _local(start)
    if event.get("DTEND") is not None:
        ends_at = _local(event.decoded("DTEND"))
    elif event.get("DURATION") is not None:
        ends_at = starts_at + event.decoded("DURATION")
    else:
        ends_at = starts_at + (timedelta(days=1) if all_day else timedelta(hours=1))
    if ends_at <= starts_at:
        ends_at = starts_at + (timedelta(days=1) if all_day else timedelta(hours=1))
    return starts_at, ends_at, all_day


def _repeat(rule, starts_at: datetime) -> tuple[dict, list[str]] | None:
    """ItemFields' repeat fields for an RRULE, or None when Afiša cannot say the rule."""
    def one(name: str):
        values = rule.get(name) or []
        return values[0] if values else None

    freq = str(one("FREQ") or "").upper()
    if freq not in ("DAILY", "WEEKLY", "MONTHLY") or any(rule.get(name) for name in ("BYSETPOS", "BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE")):
        return None
    interval = int(one("INTERVAL") or 1)
    if not 1 <= interval <= 12:
        return None
    fields: dict = {"repeat": freq.lower(), "interval": interval}
    byday = [str(day).upper() for day in rule.get("BYDAY") or []]
    if freq == "DAILY" and (byday or rule.get("BYMONTHDAY") or rule.get("BYMONTH")):
        return None
    if freq == "WEEKLY":
        if rule.get("BYMONTHDAY") or rule.get("BYMONTH") or any(day not in WEEKDAYS for day in byday):
            return None
        fields["weekdays"] = sorted({WEEKDAYS.index(day) for day in byday}) or [starts_at.weekday()]
    if freq == "MONTHLY":
        if rule.get("BYMONTH"):
            return None
        monthdays = [int(day) for day in rule.get("BYMONTHDAY") or []]
        if monthdays and (byday or monthdays != [starts_at.day]):
            return None
        if not byday:
            fields["monthly_mode"] = "day"
        elif len(byday) == 1 and byday[0][-2:] == WEEKDAYS[starts_at.weekday()]:
            position = byday[0][:-2]
            nth = (starts_at.day - 1) // 7 + 1
            if position == "-1":
                fields["monthly_mode"] = "last"
            elif position == str(nth):
                fields["monthly_mode"] = "nth"
            else:
                return None
        else:
            return None
    notes = []
    if one("COUNT") is not None:
        fields["count"] = int(one("COUNT"))
    elif one("UNTIL") is not None:
        fields["until"] = _local(one("UNTIL")).date().isoformat()
    else:
        fields["until"] = starts_at.date().replace(year=starts_at.year + OPEN_SERIES_YEARS).isoformat()
        notes.append("open_series")
    return fields, notes


def _exdates(event) -> list[datetime]:
    found = []
    value = event.get("EXDATE")
    for entry in value if isinstance(value, list) else [value] if value is not None else []:
        found.extend(_local(item.dt) for item in entry.dts)
    return found


def _unknown_zones(calendar: Calendar) -> set[str]:
    """TZIDs the events use that neither the file defines (VTIMEZONE) nor the time zone database
    knows: their times cannot be placed, and guessing would shift sessions by hours."""
    defined = {str(zone.get("TZID")) for zone in calendar.walk("VTIMEZONE")}
    used = set()
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE"):
            values = event.get(name)
            for value in values if isinstance(values, list) else [values] if values is not None else []:
                if (tzid := value.params.get("TZID")) is not None:
                    used.add(str(tzid))
    unknown = set()
    for tzid in used - defined:
        try:
            ZoneInfo(tzid)
        except (ZoneInfoNotFoundError, ValueError):
            unknown.add(tzid)
    return unknown


def read_programme(data: bytes) -> list[ImportRow]:
    """Every event and series of the file, earliest first. Raises ImportFailed with a code the web
    layer translates: empty, too_large, not_calendar, unreadable, no_events, too_many_events,
    unknown_timezone."""
    calendar = parse_calendar(data)
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise ImportFailed("no_events")
    if len(events) > MAX_COMPONENTS:
        raise ImportFailed("too_many_events")
    if _unknown_zones(calendar):
        raise ImportFailed("unknown_timezone")
    try:
        calendar = x_wr_timezone.to_standard(calendar)
        events = list(calendar.walk("VEVENT"))
        overrides: dict[str, list] = {}
        for event in events:
            if event.get("RECURRENCE-ID") is not None:
                overrides.setdefault(_text(event, "UID", 300), []).append(event)
        rows = []
        for event in events:
            if event.get("RECURRENCE-ID") is None and event.get("DTSTART") is not None:
                rows.extend(_rows_of(calendar, event, overrides.get(_text(event, "UID", 300), [])))
    except ImportFailed:
        raise
    except Exception as exc:  # a broken date or rule: the file is not usable as it is
        raise ImportFailed("unreadable") from exc
    if len(rows) > MAX_ROWS:
        raise ImportFailed("too_many_events")
    return sorted(rows, key=lambda row: (row.starts_at, row.title))


def _rows_of(calendar: Calendar, event, overrides: list) -> list[ImportRow]:
    starts_at, ends_at, all_day = _span(event)
    row = ImportRow(uid=_text(event, "UID", 300), title=" ".join(_text(event, "SUMMARY", 300).split()),
                    description=_text(event, "DESCRIPTION", 5000), location=" ".join(_text(event, "LOCATION", 300).split()),
                    all_day=all_day, starts_at=starts_at, ends_at=ends_at)
    if _text(event, "STATUS", 20).upper() == "CANCELLED":
        row.notes.append("cancelled_event")
    rule = event.get("RRULE")
    if rule is None:
        return [row]
    said = _repeat(rule[0] if isinstance(rule, list) else rule, starts_at)
    if said is None:
        return _expanded(calendar, row)
    row.repeat, notes = said
    row.notes.extend(notes)
    row.cancelled = _exdates(event)
    for override in overrides:
        original = _local(override.decoded("RECURRENCE-ID"))
        if _text(override, "STATUS", 20).upper() == "CANCELLED":
            row.cancelled.append(original)
            continue
        new_start, new_end, _ = _span(override)
        if (new_start, new_end) != (original, original + (ends_at - starts_at)):
            row.moved.append((original, new_start, new_end))
    return [row]


def _expanded(calendar: Calendar, row: ImportRow) -> list[ImportRow]:
    """A rule Afiša cannot say, brought in as its sessions (overrides and EXDATEs applied)."""
    single = Calendar()
    for component in calendar.walk("VEVENT"):
        if _text(component, "UID", 300) == row.uid:
            single.add_component(component)
    sessions = []
    for occurrence in recurring_ical_events.of(single).between(row.starts_at - timedelta(days=1),
                                                                 row.starts_at + timedelta(days=366 * OPEN_SERIES_YEARS)):
        start, end, all_day = _span(occurrence)
        sessions.append(ImportRow(uid=row.uid, title=row.title, description=row.description, location=row.location,
                                  all_day=all_day, starts_at=start, ends_at=end, notes=["rule_expanded"]))
        if len(sessions) >= MAX_EXPANDED:
            break
    return sessions
