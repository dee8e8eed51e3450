"""External calendars' stored state and occurrences."""
from datetime import datetime, timedelta, timezone

from calendars.importer import ExternalOccurrence
from models.overlays.calendars import (
    active_calendar_count, add_calendar, calendars_of, calendars_with_errors, delete_calendar, due_calendars, get_calendar,
    mark_unchanged, overlay_events_between, record_error, store_events,
)
from models.kernel.tables import ExternalCalendar, ExternalEvent
from tests.conftest import at

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def lesson(title: str, start: str, minutes: int = 40, status: str = "") -> ExternalOccurrence:
    return ExternalOccurrence(f"{title}@skola", at(start), at(start) + timedelta(minutes=minutes), False, title, "Rožupes pamatskola", status)


async def test_store_events_replaces_previous_occurrences_and_records_success(branch):
    calendar_id = await add_calendar(branch["id"], "Rožupes pamatskola", "https://skola.example/k.ics", 360, None)
    await store_events(calendar_id, [lesson("Matemātika", "01.12.2026 10:00")], checked_at=NOW)

    count = await store_events(calendar_id, [lesson("Latviešu valoda", "02.12.2026 09:00"), lesson("Sports", "02.12.2026 11:00")],
                               etag='"v2"', last_modified="Wed, 25 Nov 2026 08:00:00 GMT", checked_at=NOW)

    titles = [r["title"] for r in await ExternalEvent.select(ExternalEvent.title).order_by(ExternalEvent.starts_at)]
    state = await get_calendar(calendar_id)
    assert (count, titles) == (2, ["Latviešu valoda", "Sports"])
    assert (state["etag"], state["last_modified"], state["last_success_at"], state["last_checked_at"], state["last_error"]) == (
        '"v2"', "Wed, 25 Nov 2026 08:00:00 GMT", NOW, NOW, "")


async def test_store_events_writes_more_rows_than_one_insert_holds(branch):
    calendar_id = await add_calendar(branch["id"], "Novada pasākumi", "https://novads.example/k.ics", 360, None)
    many = [lesson(f"Pasākums {i}", "01.12.2026 10:00") for i in range(250)]

    await store_events(calendar_id, many, checked_at=NOW)

    assert await ExternalEvent.count().where(ExternalEvent.calendar == calendar_id) == 250


async def test_record_error_keeps_the_previous_events(branch):
    calendar_id = await add_calendar(branch["id"], "Rožupes pamatskola", "https://skola.example/k.ics", 360, None)
    await store_events(calendar_id, [lesson("Matemātika", "01.12.2026 10:00")], checked_at=NOW)
    later = NOW + timedelta(hours=6)

    await record_error(calendar_id, "http_status:404", checked_at=later)

    state = await get_calendar(calendar_id)
    assert (state["last_error"], state["last_checked_at"], state["last_success_at"]) == ("http_status:404", later, NOW)
    assert [r["title"] for r in await ExternalEvent.select(ExternalEvent.title)] == ["Matemātika"]
    assert [c["id"] for c in await calendars_with_errors([branch["id"]])] == [calendar_id]


async def test_mark_unchanged_clears_the_error_and_keeps_events(branch):
    calendar_id = await add_calendar(branch["id"], "Rožupes pamatskola", "https://skola.example/k.ics", 360, None)
    await store_events(calendar_id, [lesson("Matemātika", "01.12.2026 10:00")], checked_at=NOW)
    await record_error(calendar_id, "timeout", checked_at=NOW)
    later = NOW + timedelta(hours=6)

    await mark_unchanged(calendar_id, checked_at=later)

    state = await get_calendar(calendar_id)
    assert (state["last_error"], state["last_success_at"]) == ("", later)
    assert await ExternalEvent.count() == 1
    assert await calendars_with_errors(None) == []


async def test_due_calendars_are_active_and_not_checked_within_their_interval(branch):
    never = await add_calendar(branch["id"], "Nekad", "https://a.example/k.ics", 60, None)
    fresh = await add_calendar(branch["id"], "Svaigs", "https://b.example/k.ics", 60, None)
    stale = await add_calendar(branch["id"], "Vecs", "https://c.example/k.ics", 60, None)
    paused = await add_calendar(branch["id"], "Apturēts", "https://d.example/k.ics", 60, None)
    await record_error(fresh, "timeout", checked_at=NOW - timedelta(minutes=59))
    await mark_unchanged(stale, checked_at=NOW - timedelta(minutes=60))
    await ExternalCalendar.update({ExternalCalendar.active: False}).where(ExternalCalendar.id == paused)

    due = await due_calendars(NOW)

    assert [c["id"] for c in due] == [never, stale]


async def test_overlay_events_between_shows_the_chosen_branches_active_calendars(branch, other_branch):
    ours = await add_calendar(branch["id"], "Rožupes pamatskola", "https://skola.example/k.ics", 360, None)
    theirs = await add_calendar(other_branch["id"], "Rudzātu skola", "https://rudzati.example/k.ics", 360, None)
    await store_events(ours, [lesson("Matemātika", "01.12.2026 10:00"), lesson("Janvārī", "05.01.2027 10:00")], checked_at=NOW)
    await store_events(theirs, [lesson("Fizika", "01.12.2026 12:00")], checked_at=NOW)

    december = (at("01.12.2026 00:00"), at("01.01.2027 00:00"))
    ours_only = await overlay_events_between(*december, [branch["id"]])
    everyone = await overlay_events_between(*december, None)
    await ExternalCalendar.update({ExternalCalendar.active: False}).where(ExternalCalendar.id == ours)

    assert [(r["title"], r["calendar_name"], r["branch_id"]) for r in ours_only] == [("Matemātika", "Rožupes pamatskola", branch["id"])]
    assert [r["title"] for r in everyone] == ["Matemātika", "Fizika"]
    assert [r["title"] for r in await overlay_events_between(*december, None)] == ["Fizika"]
    assert (await active_calendar_count([branch["id"]]), await active_calendar_count(None)) == (0, 1)


async def test_delete_calendar_removes_its_events(branch):
    calendar_id = await add_calendar(branch["id"], "Rožupes pamatskola", "https://skola.example/k.ics", 360, None)
    await store_events(calendar_id, [lesson("Matemātika", "01.12.2026 10:00")], checked_at=NOW)

    await delete_calendar(calendar_id)

    assert (await get_calendar(calendar_id), await ExternalEvent.count()) == (None, 0)


async def test_calendars_of_lists_a_branch_with_event_counts(branch, other_branch):
    school = await add_calendar(branch["id"], "Rožupes pamatskola", "https://skola.example/k.ics", 360, None)
    await add_calendar(branch["id"], "Novada pasākumi", "https://novads.example/k.ics", 1440, None)
    await add_calendar(other_branch["id"], "Rudzātu skola", "https://rudzati.example/k.ics", 360, None)
    await store_events(school, [lesson("Matemātika", "01.12.2026 10:00"), lesson("Sports", "01.12.2026 12:00")], checked_at=NOW)

    rows = await calendars_of(branch["id"])

    assert [(r["name"], r["event_count"], r["refresh_minutes"]) for r in rows] == [("Novada pasākumi", 0, 1440), ("Rožupes pamatskola", 2, 360)]
