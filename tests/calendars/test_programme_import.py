"""Reading a library's past programme from a calendar export (calendars/programme_import.py)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from calendars.importer import ImportFailed
from calendars.programme_import import read_programme

GOOGLE_EXPORT = (Path(__file__).parents[1] / "fixtures" / "google_export.ics").read_bytes()


def by_title(rows):
    found = {}
    for row in rows:
        found.setdefault(row.title, []).append(row)
    return found


def test_weekly_series_keeps_its_rule_its_cancelled_and_its_moved_session():
    club = by_title(read_programme(GOOGLE_EXPORT))["Lasītāju klubs"]

    assert len(club) == 1
    assert (club[0].starts_at, club[0].ends_at) == (datetime(2026, 3, 4, 17, 0), datetime(2026, 3, 4, 18, 0))
    assert club[0].repeat == {"repeat": "weekly", "interval": 1, "weekdays": [2], "count": 6}
    assert club[0].cancelled == [datetime(2026, 3, 18, 17, 0)]
    assert club[0].moved == [(datetime(2026, 3, 25, 17, 0), datetime(2026, 3, 26, 16, 0), datetime(2026, 3, 26, 17, 0))]


def test_times_are_the_librarys_wall_clock_in_winter_and_summer():
    rows = by_title(read_programme(GOOGLE_EXPORT))

    # written in UTC (14:00Z) on a summer day: 17:00 in Rožupe
    assert (rows["Dzejas vakars"][0].starts_at, rows["Dzejas vakars"][0].ends_at) == (datetime(2026, 4, 15, 17, 0), datetime(2026, 4, 15, 18, 30))
    # a monthly series on the 2nd Tuesday until 30.06 (UNTIL 20:59:59Z is 23:59:59 that day in Riga)
    assert rows["Senioru rīts"][0].repeat == {"repeat": "monthly", "interval": 1, "monthly_mode": "nth", "until": "2026-06-30"}


def test_all_day_exhibition_spans_its_days():
    exhibition = by_title(read_programme(GOOGLE_EXPORT))["Izstāde „Rožupe fotogrāfijās”"][0]

    assert (exhibition.all_day, exhibition.starts_at, exhibition.ends_at) == (True, datetime(2026, 3, 2), datetime(2026, 4, 1))


def test_rule_afisa_cannot_say_comes_in_as_its_sessions():
    meetings = by_title(read_programme(GOOGLE_EXPORT))["Plānošanas sanāksme"]

    assert [row.starts_at for row in meetings] == [datetime(2026, 3, 2, 9), datetime(2026, 4, 1, 9), datetime(2026, 5, 1, 9)]
    assert {tuple(row.notes) for row in meetings} == {("rule_expanded",)}


def test_series_without_an_end_comes_in_for_a_year():
    data = GOOGLE_EXPORT.replace(b"RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6", b"RRULE:FREQ=WEEKLY;BYDAY=WE")

    club = by_title(read_programme(data))["Lasītāju klubs"][0]

    assert (club.repeat["until"], club.notes) == ("2027-03-04", ["open_series"])


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"<html>not found</html>", "not_calendar"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no_events"),
    (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260301T100000Z\r\nEND:VEVENT\r\n" * 5001 + b"END:VCALENDAR\r\n", "too_many_events"),
    (GOOGLE_EXPORT.replace(b"TZID=Europe/Riga:20260310", b"TZID=Mars/Olympus_Mons:20260310"), "unknown_timezone"),
])
def test_a_file_that_cannot_be_read_says_why(data, code):
    with pytest.raises(ImportFailed) as failed:
        read_programme(data)

    assert failed.value.code == code
