"""Feeds built from real items (created, moved and cancelled through models.planning.programme, read back
through items_in_scope) and read back by icalendar and recurring-ical-events."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from calendars.feed import FeedInfo, build_calendar, build_item_ics, last_change
from models.kernel.enums import Status
from models.planning.programme import create_item, edit_occurrence, set_status
from models.publishing.publication import Scope, items_in_scope
from models.kernel.tables import Occurrence
from models.planning.validation import validate_item
from tests.conftest import at

RIGA = ZoneInfo("Europe/Riga")
INFO = FeedInfo(name="Afiša · Rožupe", base_url="https://afisa.example.lv", organizer_email="programma@example.lv",
                kind_labels={"event": "Pasākums", "exhibition": "Izstāde", "lesson": "Bibliotekārā stunda"})
LONG = "Garš apraksts ar latviešu burtiem ā č ē ģ ī ķ ļ ņ š ū ž; komats, semikols. " * 8


async def plan(staff, branch_id, title, *, day="01.12.2026.", start="10:00", end="11:00", status="published", is_public=True, **extra):
    raw = {"kind": "event", "title": title, "branch_id": branch_id, "start_date": day, "start_time": start,
           "end_date": extra.pop("end_day", day), "end_time": end, "status": status, "is_public": is_public, **extra}
    return await create_item(await validate_item(raw, staff), staff["id"])


async def plan_lessons(staff, branch_id, reading_room_id):
    """Tuesdays 13.10.–17.11.2026 across the October clock change; the 3rd moved, the 4th cancelled."""
    item_id = await plan(staff, branch_id, "Bibliotekārā stunda 4. klasei", day="13.10.2026.", start="14:00", end="14:45",
                         kind="lesson", lesson_class="4. klase", repeat="weekly", weekdays=[1], count=6, place_id=reading_room_id)
    sessions = await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at)
    moved, cancelled = sessions[2], sessions[3]
    await edit_occurrence(moved["id"], starts_at=at("29.10.2026 10:00"), ends_at=at("29.10.2026 10:45"), place_id=reading_room_id,
                          cancelled=False, note="Pārcelta uz ceturtdienu.", staff_id=staff["id"])
    await edit_occurrence(cancelled["id"], starts_at=cancelled["starts_at"], ends_at=cancelled["ends_at"], place_id=reading_room_id,
                          cancelled=True, note="Klase dodas ekskursijā.", staff_id=staff["id"])
    return item_id


async def feed(scope: Scope = Scope()) -> bytes:
    return build_calendar(await items_in_scope(scope), INFO)


def occurrences(body: bytes) -> list[tuple[str, datetime | date, str]]:
    events = recurring_ical_events.of(Calendar.from_ical(body)).between(date(2026, 1, 1), date(2027, 6, 1))
    found = [(str(e["SUMMARY"]), e["DTSTART"].dt, str(e.get("STATUS", ""))) for e in events]
    return sorted(found, key=lambda o: (o[1].isoformat() if isinstance(o[1], date) else "", o[0]))


async def test_feed_series_with_moved_and_cancelled_session_expands_to_each_session(librarian, branch, reading_room):
    await plan_lessons(librarian, branch["id"], reading_room["id"])

    found = occurrences(await feed())

    title, cancelled = "Bibliotekārā stunda 4. klasei", "Atcelts: Bibliotekārā stunda 4. klasei"
    assert found == [
        (title, datetime(2026, 10, 13, 14, 0, tzinfo=RIGA), "CONFIRMED"),
        (title, datetime(2026, 10, 20, 14, 0, tzinfo=RIGA), "CONFIRMED"),
        (title, datetime(2026, 10, 29, 10, 0, tzinfo=RIGA), "CONFIRMED"),
        (cancelled, datetime(2026, 11, 3, 14, 0, tzinfo=RIGA), "CANCELLED"),
        (title, datetime(2026, 11, 10, 14, 0, tzinfo=RIGA), "CONFIRMED"),
        (title, datetime(2026, 11, 17, 14, 0, tzinfo=RIGA), "CONFIRMED"),
    ]


async def test_feed_series_keeps_local_time_across_the_clock_change(librarian, branch, reading_room):
    await plan_lessons(librarian, branch["id"], reading_room["id"])

    starts = [start.astimezone(timezone.utc).hour for _, start, _ in occurrences(await feed())]

    # 14:00 in Riga is 11:00 UTC in summer time and 12:00 UTC after 25 October
    assert starts == [11, 11, 8, 12, 12, 12]


async def test_feed_moved_session_is_an_override_not_an_exdate(librarian, branch, reading_room):
    await plan_lessons(librarian, branch["id"], reading_room["id"])

    events = Calendar.from_ical(await feed()).events
    overrides = [e for e in events if "RECURRENCE-ID" in e]

    assert [e.get("EXDATE") for e in events] == [None, None, None]
    assert [(e["RECURRENCE-ID"].dt, e["DTSTART"].dt, int(e["SEQUENCE"]), str(e["STATUS"])) for e in overrides] == [
        (datetime(2026, 10, 27, 14, 0, tzinfo=RIGA), datetime(2026, 10, 29, 10, 0, tzinfo=RIGA), 1, "CONFIRMED"),
        (datetime(2026, 11, 3, 14, 0, tzinfo=RIGA), datetime(2026, 11, 3, 14, 0, tzinfo=RIGA), 1, "CANCELLED"),
    ]
    assert {str(e["UID"]) for e in events} == {str(events[0]["UID"])}


async def test_feed_series_rule_has_utc_until(librarian, branch):
    await plan(librarian, branch["id"], "Pūčulēnu skola", day="04.11.2026.", repeat="weekly", weekdays=[2], until="16.12.2026.")

    master = Calendar.from_ical(await feed()).events[0]

    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20261216T215959Z;BYDAY=WE"


async def test_feed_all_day_exhibition_has_exclusive_date_end(librarian, branch):
    await plan(librarian, branch["id"], "Izstāde „Amatnieku darbi”", kind="exhibition", all_day=True, day="01.12.2026.",
               end_day="31.12.2026.", exhibition_form="physical")

    event = Calendar.from_ical(await feed()).events[0]

    assert (event["DTSTART"].dt, event["DTEND"].dt, str(event["TRANSP"])) == (date(2026, 12, 1), date(2027, 1, 1), "TRANSPARENT")
    assert [o[1] for o in occurrences(await feed())] == [date(2026, 12, 1)]


async def test_feed_cancelled_event_stays_with_status_cancelled(librarian, branch):
    item_id = await plan(librarian, branch["id"], "Tikšanās ar autoru")
    await set_status(item_id, Status.CANCELLED, librarian["id"])

    event = Calendar.from_ical(await feed()).events[0]

    assert (str(event["SUMMARY"]), str(event["STATUS"]), int(event["SEQUENCE"])) == ("Atcelts: Tikšanās ar autoru", "CANCELLED", 1)


async def test_feed_keeps_latvian_letters_and_long_description(librarian, branch, reading_room):
    await plan(librarian, branch["id"], "Ķekatas ar Ūdensvīru un Žubīti", description=LONG, place_id=reading_room["id"])

    body = await feed()
    event = Calendar.from_ical(body).events[0]

    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == ("Ķekatas ar Ūdensvīru un Žubīti", LONG.strip())
    assert str(event["LOCATION"]) == "Lasītava, Rožupe, Skolas iela 7, Rožupe"
    assert max(len(line) for line in body.split(b"\r\n")) <= 75


async def test_feed_event_has_organizer_url_categories_and_stamps_from_last_change(librarian, branch):
    item_id = await plan(librarian, branch["id"], "Dzejas dienas")
    [item] = await items_in_scope(Scope())

    event = Calendar.from_ical(build_item_ics(item, INFO)).events[0]

    # the item's or its session's change, whichever was later (they are written a moment apart, and
    # now and then a second boundary falls between them)
    changed = max(row["updated_at"] for row in (item, *item["occurrences"])).astimezone(timezone.utc).replace(microsecond=0)
    assert event["ORGANIZER"].to_ical() == b"mailto:programma@example.lv"
    assert event["ORGANIZER"].params["CN"] == branch["name"]
    assert str(event["URL"]) == f"https://afisa.example.lv/programme/rozupe/{item_id}"
    assert event["CATEGORIES"].cats == ["Pasākums"]
    assert (event["DTSTAMP"].dt, event["LAST-MODIFIED"].dt, last_change([item])) == (changed, changed, changed)


async def test_feed_calendar_properties_for_subscribers(librarian, branch):
    await plan(librarian, branch["id"], "Dzejas dienas")

    calendar = Calendar.from_ical(await feed())

    assert [str(calendar[name]) for name in ("VERSION", "PRODID", "METHOD", "NAME", "X-WR-CALNAME", "X-WR-TIMEZONE", "X-PUBLISHED-TTL")] == [
        "2.0", "-//Afisa//Afisa programme feeds 1.0//LV", "PUBLISH", "Afiša · Rožupe", "Afiša · Rožupe", "Europe/Riga", "PT1H",
    ]
    assert "UID" not in calendar
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in calendar.to_ical()


async def test_feed_place_scope_leaves_out_a_session_held_elsewhere_as_exdate(librarian, branch, reading_room, care_centre):
    item_id = await plan(librarian, branch["id"], "Lasījumi", day="03.11.2026.", repeat="weekly", weekdays=[1], count=3, place_id=reading_room["id"])
    second = (await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at))[1]
    await edit_occurrence(second["id"], starts_at=second["starts_at"], ends_at=second["ends_at"], place_id=care_centre["id"],
                          cancelled=False, note="", staff_id=librarian["id"])

    found = occurrences(await feed(Scope(place_id=reading_room["id"])))

    assert [start for _, start, _ in found] == [datetime(2026, 11, 3, 10, 0, tzinfo=RIGA), datetime(2026, 11, 17, 10, 0, tzinfo=RIGA)]


async def test_feed_bytes_are_identical_across_builds(librarian, branch, reading_room):
    await plan_lessons(librarian, branch["id"], reading_room["id"])
    await plan(librarian, branch["id"], "Dzejas dienas", description=LONG)

    first, second = await feed(), await feed()

    assert first == second
