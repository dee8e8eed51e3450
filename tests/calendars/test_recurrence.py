from datetime import date, datetime, timezone

from icalendar import Calendar, Event

from calendars.recurrence import all_day_end, expand_external, to_ical
from models.planning.recurrence import Recurrence, expand_rrule


def test_published_rule_has_until_in_utc():
    rule = Recurrence("weekly", weekdays=(1,), until=date(2026, 12, 18)).to_rrule(datetime(2026, 9, 1, 10, 0))

    value = to_ical(rule, datetime(2026, 9, 1, 10, 0))

    assert value.to_ical() == b"FREQ=WEEKLY;UNTIL=20261218T215959Z;BYDAY=TU"


def test_published_rule_expands_to_the_same_sessions_in_icalendar():
    dtstart = datetime(2026, 10, 6, 10, 0)
    rule = Recurrence("weekly", weekdays=(1,), until=date(2026, 11, 10)).to_rrule(dtstart)
    event = Event()
    event.add("dtstart", dtstart.replace(tzinfo=__import__("zoneinfo").ZoneInfo("Europe/Riga")))
    event.add("rrule", to_ical(rule, dtstart))
    calendar = Calendar()
    calendar.add_component(event)
    import recurring_ical_events

    found = [e["DTSTART"].dt.replace(tzinfo=None) for e in recurring_ical_events.of(Calendar.from_ical(calendar.to_ical())).between(date(2026, 1, 1), date(2027, 1, 1))]

    # across the October clock change the session stays at 10:00 local time
    assert found == expand_rrule(rule, dtstart)
    assert [d.strftime("%d.%m. %H:%M") for d in found] == ["06.10. 10:00", "13.10. 10:00", "20.10. 10:00", "27.10. 10:00", "03.11. 10:00", "10.11. 10:00"]


def test_external_rule_without_end_is_bounded_by_the_window():
    starts = expand_external("FREQ=DAILY", datetime(2026, 12, 1, 9, 0), window_end=datetime(2026, 12, 5, 23, 0))

    assert [d.day for d in starts] == [1, 2, 3, 4, 5]


def test_external_rule_in_utc_is_read_as_riga_wall_time():
    starts = expand_external("FREQ=WEEKLY;COUNT=2", datetime(2026, 10, 20, 8, 0, tzinfo=timezone.utc), window_end=datetime(2027, 1, 1))

    assert [d.strftime("%d.%m. %H:%M") for d in starts] == ["20.10. 11:00", "27.10. 10:00"]


def test_all_day_end_is_exclusive():
    assert all_day_end(date(2026, 12, 31)) == date(2027, 1, 1)
