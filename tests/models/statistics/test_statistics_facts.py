"""The statistics facts of held sessions follow every change made through the domain: recording
attendance, editing the item (audiences, place, literacy area), moving or re-placing one session
of a series. After any of them the facts equal what a full refresh computes from the sources, and
the statistics read from them follow."""
from __future__ import annotations

from datetime import date, datetime, timezone

from models.statistics import facts as statistics_facts
from models.attendance.recording import record_attendance
from models.kernel.enums import PlaceKind
from models.planning.programme import create_item, edit_occurrence, update_item
from models.statistics.summary import period_figures
from models.statistics.period import month_period
from models.kernel.tables import Attendance, Item, Occurrence
from tests.conftest import at, make_place
from tests.models import make_draft

NOW = datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc)  # 08:30 in Riga
NOVEMBER = month_period(2026, 11)
FACTS = (Attendance.occurrence, Attendance.session_start, Attendance.session_branch, Attendance.session_kind, Attendance.session_place,
         Attendance.home_delivery, Attendance.for_young, Attendance.session_literacy_area, Attendance.counted)


async def facts() -> list[dict]:
    rows = await Attendance.select(*FACTS).order_by(Attendance.occurrence)
    return [{**row, **{k: bool(row[k]) for k in ("home_delivery", "for_young", "counted")}} for row in rows]


async def sessions(item_id: int) -> list[dict]:
    return await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at)


async def edit(item_id: int, staff: dict, **overrides) -> None:
    version = (await Item.select(Item.version).where(Item.id == item_id).first())["version"]
    await update_item(item_id, await make_draft(staff["branch"], staff, version=str(version), **overrides), staff["id"])


async def test_recorded_session_carries_the_facts_of_its_session_and_item(branch, librarian):
    house = await make_place(branch["id"], "Kultūras nams", PlaceKind.VENUE)
    item_id = await create_item(await make_draft(branch["id"], librarian, start_date="20.11.2026.", place_id=str(house["id"]),
                                                 audiences=["children", "adults"]), librarian["id"])
    [session] = await sessions(item_id)

    await record_attendance(session["id"], {"total": "30", "children": "18"}, librarian["id"], now=NOW)

    assert await facts() == [{
        "occurrence": session["id"], "session_start": at("20.11.2026 17:00"), "session_branch": branch["id"], "session_kind": "event",
        "session_place": house["id"], "home_delivery": False, "for_young": True, "session_literacy_area": "", "counted": True}]


async def test_item_edit_changes_the_facts(branch, librarian, reading_room):
    house = await make_place(branch["id"], "Kultūras nams", PlaceKind.VENUE)
    form = dict(kind="lesson", lesson_class="4. klase", start_date="20.11.2026.", place_id=str(house["id"]), audiences=["children"],
                literacy_area="digital")
    item_id = await create_item(await make_draft(branch["id"], librarian, **form), librarian["id"])
    [session] = await sessions(item_id)
    await record_attendance(session["id"], {"total": "18", "children": "18"}, librarian["id"], now=NOW)

    await edit(item_id, librarian, **{**form, "place_id": str(reading_room["id"]), "audiences": ["adults"], "literacy_area": "science",
                                      "status": "held"})

    [row] = await facts()
    assert (row["session_place"], row["for_young"], row["session_literacy_area"]) == (reading_room["id"], False, "science")


async def test_moved_and_replaced_session_of_a_series_changes_its_facts(branch, librarian, reading_room):
    house = await make_place(branch["id"], "Kultūras nams", PlaceKind.VENUE)
    item_id = await create_item(await make_draft(branch["id"], librarian, start_date="03.11.2026.", place_id=str(reading_room["id"]),
                                                 repeat="weekly", count="3"), librarian["id"])
    first, second, _ = await sessions(item_id)
    for session in (first, second):
        await record_attendance(session["id"], {"total": "10"}, librarian["id"], now=NOW)
    before = await period_figures(NOVEMBER, branch["id"], date(2026, 12, 1))

    await edit_occurrence(second["id"], starts_at=at("11.11.2026 12:00"), ends_at=at("11.11.2026 13:00"), place_id=house["id"],
                          cancelled=False, note="", staff_id=librarian["id"])

    moved = [row for row in await facts() if row["occurrence"] == second["id"]][0]
    assert (moved["session_start"], moved["session_place"]) == (at("11.11.2026 12:00"), house["id"])
    after = await period_figures(NOVEMBER, branch["id"], date(2026, 12, 1))
    assert (before.total.events_outside, after.total.events_outside) == (0, 1)


async def test_facts_after_domain_changes_equal_a_full_refresh(branch, librarian, reading_room, school):
    house = await make_place(branch["id"], "Kultūras nams", PlaceKind.VENUE)
    delivery = await create_item(await make_draft(branch["id"], librarian, kind="delivery", delivery_kind="home",
                                                  start_date="05.11.2026."), librarian["id"])
    series = await create_item(await make_draft(branch["id"], librarian, start_date="02.11.2026.", repeat="weekly", count="4",
                                                place_id=str(reading_room["id"]), partners=[str(school["id"])]), librarian["id"])
    await record_attendance((await sessions(delivery))[0]["id"], {"items_out": "12", "readers_served": "3"}, librarian["id"], now=NOW)
    for session in (await sessions(series))[:3]:
        await record_attendance(session["id"], {"total": "9", "children": "4"}, librarian["id"], now=NOW)
    await edit(series, librarian, start_date="02.11.2026.", repeat="weekly", count="4", place_id=str(house["id"]), audiences=["teens"])
    await edit_occurrence((await sessions(series))[1]["id"], starts_at=at("10.11.2026 18:00"), ends_at=at("10.11.2026 19:00"),
                          place_id=reading_room["id"], cancelled=False, note="", staff_id=librarian["id"])
    kept = await facts()

    await statistics_facts.refresh()

    assert await facts() == kept
    assert [(row["session_kind"], row["home_delivery"], row["for_young"]) for row in kept] == [
        ("delivery", True, False), ("event", False, True), ("event", False, True), ("event", False, True)]
