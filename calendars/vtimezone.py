"""The VTIMEZONE every Afiša feed carries: Europe/Riga as two yearly rules.

icalendar's add_missing_timezones() writes the zone as long RDATE lists; ical.js (Thunderbird)
reads only the first value of each RDATE line and vobject (Radicale) mis-reads them too, so
events there show an hour off for half the year. Two RRULE observances (EU rules since 1997:
the last Sunday of March at 03:00 EET, the last Sunday of October at 04:00 EEST) are read the
same way by every client. Dates before 1997 are not published, so the older history of the zone
(Soviet time, the 1989 change) is left out on purpose."""
from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

TZID = "Europe/Riga"
EET = timedelta(hours=2)
EEST = timedelta(hours=3)


def _observance(kind: type, start: datetime, month: int, name: str, offset_from: timedelta, offset_to: timedelta):
    observance = kind()
    observance.add("dtstart", start)
    observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
    observance.add("tzname", name)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    return observance


def riga_vtimezone() -> Timezone:
    """A fresh component each call: icalendar components are mutable and a feed owns its copy."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    # DTSTART is local time of the observance being left (RFC 5545 3.6.5)
    zone.add_component(_observance(TimezoneDaylight, datetime(1970, 3, 29, 3, 0), 3, "EEST", EET, EEST))
    zone.add_component(_observance(TimezoneStandard, datetime(1970, 10, 25, 4, 0), 10, "EET", EEST, EET))
    return zone
