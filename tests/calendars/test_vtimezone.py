from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from calendars.vtimezone import riga_vtimezone

RIGA = ZoneInfo("Europe/Riga")


def _parsed_zone():
    calendar = Calendar()
    calendar.add_component(riga_vtimezone())
    return Calendar.from_ical(calendar.to_ical()).timezones[0].to_tz()


def test_vtimezone_offsets_match_zoneinfo_across_both_clock_changes():
    zone = _parsed_zone()
    samples = [
        datetime(2026, 3, 29, 2, 59), datetime(2026, 3, 29, 4, 1), datetime(2026, 7, 1, 12, 0),
        datetime(2026, 10, 25, 2, 0), datetime(2026, 10, 25, 4, 1), datetime(2027, 1, 15, 12, 0),
        datetime(2030, 3, 31, 12, 0), datetime(2030, 10, 27, 12, 0),
    ]

    offsets = [sample.replace(tzinfo=zone).utcoffset() for sample in samples]

    assert offsets == [sample.replace(tzinfo=RIGA).utcoffset() for sample in samples]
    assert offsets[:3] == [timedelta(hours=2), timedelta(hours=3), timedelta(hours=3)]


def test_vtimezone_is_rule_based_without_rdate_lists():
    text = riga_vtimezone().to_ical().decode()

    assert "RDATE" not in text
    assert text.count("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=") == 2
    assert [line for line in text.splitlines() if line.startswith("TZNAME")] == ["TZNAME:EEST", "TZNAME:EET"]


def test_vtimezone_bytes_are_identical_across_calls():
    assert riga_vtimezone().to_ical() == riga_vtimezone().to_ical()
