"""Reading other organisations' .ics files into planner occurrences (local Riga wall time)."""
from datetime import datetime

import pytest

from calendars import importer
from calendars.importer import ExternalOccurrence, ImportFailed, read_calendar

DECEMBER = (datetime(2026, 12, 1), datetime(2027, 1, 1))


def ics(*events: str, header: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rožupes pamatskola//LV\r\n{header}{body}END:VCALENDAR\r\n"
    return text.encode()


def event(uid: str, *lines: str) -> str:
    return "\r\n".join((f"UID:{uid}", *lines))


def test_read_calendar_timed_event_with_tzid_is_riga_wall_time():
    data = ics(event("a@skola", "DTSTART;TZID=Europe/Riga:20261203T100000", "DTEND;TZID=Europe/Riga:20261203T114500",
                     "SUMMARY:Vecāku sapulce", "LOCATION:Aktu zāle"))

    found = read_calendar(data, *DECEMBER)

    assert found == [ExternalOccurrence("a@skola", datetime(2026, 12, 3, 10), datetime(2026, 12, 3, 11, 45), False, "Vecāku sapulce", "Aktu zāle", "")]


@pytest.mark.parametrize("start, expected", [("20261203T080000Z", datetime(2026, 12, 3, 10)), ("20260603T080000Z", datetime(2026, 6, 3, 11))])
def test_read_calendar_utc_time_becomes_local_in_winter_and_summer(start, expected):
    data = ics(event("u", f"DTSTART:{start}", "DURATION:PT1H", "SUMMARY:Koris"))

    found = read_calendar(data, datetime(2026, 1, 1), datetime(2027, 1, 1))

    assert [(o.starts_at, o.ends_at) for o in found] == [(expected, expected.replace(hour=expected.hour + 1))]


def test_read_calendar_floating_time_is_kept_as_wall_time():
    data = ics(event("f", "DTSTART:20261203T090000", "DTEND:20261203T100000", "SUMMARY:Peldēšana"))

    assert [(o.starts_at, o.ends_at) for o in read_calendar(data, *DECEMBER)] == [(datetime(2026, 12, 3, 9), datetime(2026, 12, 3, 10))]


def test_read_calendar_floating_time_follows_x_wr_timezone():
    data = ics(event("f", "DTSTART:20261203T090000", "SUMMARY:Online"), header="X-WR-TIMEZONE:Europe/Berlin\r\n")

    assert [o.starts_at for o in read_calendar(data, *DECEMBER)] == [datetime(2026, 12, 3, 10)]


def test_read_calendar_all_day_range_has_exclusive_end():
    data = ics(event("brivlaiks", "DTSTART;VALUE=DATE:20261221", "DTEND;VALUE=DATE:20270102", "SUMMARY:Ziemas brīvlaiks"))

    found = read_calendar(data, *DECEMBER)

    assert [(o.starts_at, o.ends_at, o.all_day) for o in found] == [(datetime(2026, 12, 21), datetime(2027, 1, 2), True)]


def test_read_calendar_all_day_without_end_lasts_one_day():
    data = ics(event("d", "DTSTART;VALUE=DATE:20261224", "SUMMARY:Ziemassvētku vakars"))

    assert [(o.starts_at, o.ends_at) for o in read_calendar(data, *DECEMBER)] == [(datetime(2026, 12, 24), datetime(2026, 12, 25))]


def test_read_calendar_weekly_series_with_override_and_exdate():
    data = ics(
        event("series", "DTSTART;TZID=Europe/Riga:20261201T140000", "DTEND;TZID=Europe/Riga:20261201T144000",
              "RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Riga:20261215T140000", "SUMMARY:Šaha pulciņš"),
        event("series", "RECURRENCE-ID;TZID=Europe/Riga:20261208T140000", "DTSTART;TZID=Europe/Riga:20261209T150000",
              "DTEND;TZID=Europe/Riga:20261209T154000", "SUMMARY:Šaha pulciņš (pārcelts)"),
    )

    found = read_calendar(data, *DECEMBER)

    assert [(o.starts_at, o.title) for o in found] == [
        (datetime(2026, 12, 1, 14), "Šaha pulciņš"),
        (datetime(2026, 12, 9, 15), "Šaha pulciņš (pārcelts)"),
        (datetime(2026, 12, 22, 14), "Šaha pulciņš"),
    ]


def test_read_calendar_keeps_cancelled_event_marked():
    data = ics(event("c", "DTSTART;TZID=Europe/Riga:20261210T180000", "SUMMARY:Koncerts", "STATUS:CANCELLED"))

    assert [(o.title, o.status) for o in read_calendar(data, *DECEMBER)] == [("Koncerts", "cancelled")]


def test_read_calendar_series_without_end_stops_at_the_window():
    data = ics(event("daily", "DTSTART;TZID=Europe/Riga:20200101T080000", "RRULE:FREQ=DAILY", "SUMMARY:Rīta vingrošana"))

    found = read_calendar(data, *DECEMBER)

    assert (len(found), found[0].starts_at, found[-1].starts_at) == (31, datetime(2026, 12, 1, 8), datetime(2026, 12, 31, 8))


def test_read_calendar_event_overlapping_the_window_start_is_kept():
    data = ics(event("x", "DTSTART;VALUE=DATE:20261125", "DTEND;VALUE=DATE:20261205", "SUMMARY:Izstāde"))

    assert [o.title for o in read_calendar(data, *DECEMBER)] == ["Izstāde"]


def test_read_calendar_drops_rules_repeating_more_often_than_daily():
    data = ics(event("s", "DTSTART:20261201T000000Z", "RRULE:FREQ=SECONDLY", "SUMMARY:Spams"),
               event("ok", "DTSTART;TZID=Europe/Riga:20261202T100000", "SUMMARY:Sapulce"))

    assert [o.uid for o in read_calendar(data, *DECEMBER)] == ["ok"]


def test_read_calendar_skips_one_broken_event_and_keeps_the_rest():
    data = ics(event("broken", "SUMMARY:Bez sākuma"), event("ok", "DTSTART;TZID=Europe/Riga:20261202T100000", "SUMMARY:Sapulce"))

    assert [o.uid for o in read_calendar(data, *DECEMBER)] == ["ok"]


def test_read_calendar_caps_the_number_of_occurrences(monkeypatch):
    monkeypatch.setattr(importer, "MAX_OCCURRENCES", 5)
    data = ics(event("daily", "DTSTART;TZID=Europe/Riga:20261201T080000", "RRULE:FREQ=DAILY", "SUMMARY:Vingrošana"))

    assert len(read_calendar(data, *DECEMBER)) == 5


def test_read_calendar_squeezes_whitespace_and_bounds_long_text():
    data = ics(event("t", "DTSTART;TZID=Europe/Riga:20261202T100000", "SUMMARY:" + "Ā" * 400 + "\\n  x"))

    assert read_calendar(data, *DECEMBER)[0].title == "Ā" * 300


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"  \r\n ", "empty"),
    (b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", "not_calendar"),
    (bytes(range(256)) * 4, "not_calendar"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T100000", "unreadable"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no_events"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:garbage\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "unreadable"),
    (b"\xef\xbb\xbfBEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "no_events"),
])
def test_read_calendar_refuses_what_is_not_a_usable_calendar(data, code):
    with pytest.raises(ImportFailed) as failed:
        read_calendar(data, *DECEMBER)

    assert failed.value.code == code


def test_read_calendar_refuses_more_than_two_megabytes():
    data = ics(event("big", "DTSTART:20261201T100000", "DESCRIPTION:" + "x" * (2 * 1024 * 1024)))

    with pytest.raises(ImportFailed) as failed:
        read_calendar(data, *DECEMBER)

    assert failed.value.code == "too_large"


def test_read_calendar_refuses_too_many_events(monkeypatch):
    monkeypatch.setattr(importer, "MAX_COMPONENTS", 3)
    data = ics(*(event(f"e{i}", f"DTSTART:2026120{i + 1}T100000") for i in range(4)))

    with pytest.raises(ImportFailed) as failed:
        read_calendar(data, *DECEMBER)

    assert failed.value.code == "too_many_events"
