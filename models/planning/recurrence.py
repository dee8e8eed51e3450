"""Series rules: "every Tuesday until the end of term", "the second Thursday of each month".

A rule is kept on the item as an RRULE text in local wall time (UNTIL is local too); the
iCalendar layer rewrites UNTIL to UTC when it publishes. Expansion is bounded: a series must
end, by a date or a count, and never yields more than MAX_OCCURRENCES sessions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, weekday

MAX_OCCURRENCES = 400
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQS = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}


@dataclass(frozen=True)
class Recurrence:
    freq: str  # daily | weekly | monthly
    interval: int = 1
    weekdays: tuple[int, ...] = field(default=())  # 0 = Monday, for weekly rules
    monthly_mode: str = "day"  # day: the same day of month; nth: e.g. the 2nd Thursday; last: the last Thursday
    until: date | None = None
    count: int | None = None

    def to_rrule(self, dtstart: datetime) -> str:
        parts = [f"FREQ={self.freq.upper()}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.freq == "weekly":
            days = self.weekdays or (dtstart.weekday(),)
            parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in sorted(days)))
        if self.freq == "monthly":
            code = WEEKDAY_CODES[dtstart.weekday()]
            if self.monthly_mode == "nth":
                parts.append(f"BYDAY={nth_of_month(dtstart.date())}{code}")
            elif self.monthly_mode == "last":
                parts.append(f"BYDAY=-1{code}")
            else:
                parts.append(f"BYMONTHDAY={dtstart.day}")
        if self.until is not None:
            parts.append("UNTIL=" + datetime.combine(self.until, time(23, 59, 59)).strftime("%Y%m%dT%H%M%S"))
        elif self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)


def nth_of_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def parse_rrule(text: str) -> Recurrence:
    """The inverse of Recurrence.to_rrule for the rules Afiša writes."""
    props = dict(part.split("=", 1) for part in text.split(";") if "=" in part)
    freq = props["FREQ"].lower()
    weekdays: tuple[int, ...] = ()
    mode = "day"
    byday = props.get("BYDAY", "")
    if freq == "weekly" and byday:
        weekdays = tuple(WEEKDAY_CODES.index(code[-2:]) for code in byday.split(","))
    if freq == "monthly" and byday:
        mode = "last" if byday.startswith("-1") else "nth"
    until = None
    if "UNTIL" in props:
        until = datetime.strptime(props["UNTIL"][:8], "%Y%m%d").date()
    return Recurrence(
        freq=freq,
        interval=int(props.get("INTERVAL", "1")),
        weekdays=weekdays,
        monthly_mode=mode,
        until=until,
        count=int(props["COUNT"]) if "COUNT" in props else None,
    )


def expand(rule: Recurrence, dtstart: datetime) -> list[datetime]:
    """The starts of every session of the series, dtstart first, at most MAX_OCCURRENCES."""
    kwargs: dict = {"freq": FREQS[rule.freq], "dtstart": dtstart, "interval": rule.interval}
    if rule.freq == "weekly":
        kwargs["byweekday"] = [weekday(d) for d in (rule.weekdays or (dtstart.weekday(),))]
    if rule.freq == "monthly":
        if rule.monthly_mode == "nth":
            kwargs["byweekday"] = [weekday(dtstart.weekday())(nth_of_month(dtstart.date()))]
        elif rule.monthly_mode == "last":
            kwargs["byweekday"] = [weekday(dtstart.weekday())(-1)]
        else:
            kwargs["bymonthday"] = [dtstart.day]
    if rule.until is not None:
        kwargs["until"] = datetime.combine(rule.until, time(23, 59, 59))
    if rule.count is not None:
        kwargs["count"] = min(rule.count, MAX_OCCURRENCES)
    starts = []
    for start in rrule(**kwargs):
        starts.append(start)
        if len(starts) >= MAX_OCCURRENCES + 1:
            break
    # the first session is the one the librarian entered, even if the rule would skip it
    if not starts or starts[0] != dtstart:
        starts.insert(0, dtstart)
    return starts


def expand_rrule(text: str, dtstart: datetime) -> list[datetime]:
    return expand(parse_rrule(text), dtstart) if text else [dtstart]


def truncate_before(text: str, dtstart: datetime, first_excluded: datetime) -> str:
    """The rule of a series cut so that it ends before `first_excluded` ("this and following")."""
    rule = parse_rrule(text)
    last_day = (first_excluded - timedelta(days=1)).date()
    cut = Recurrence(rule.freq, rule.interval, rule.weekdays, rule.monthly_mode, until=last_day)
    return cut.to_rrule(dtstart)
