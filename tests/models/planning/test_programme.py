"""Keeping the programme: creating, editing, moving, splitting, cancelling and duplicating
items and their sessions, with history and the iCalendar SEQUENCE."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from models.kernel.enums import Confirmation, Status
from models.planning.programme import (
    NotFound,
    StaleEdit,
    create_item,
    duplicate_item,
    edit_occurrence,
    get_item,
    move_item,
    set_status,
    split_series,
    update_item,
)
from models.planning.queries import item_history
from models.planning.recurrence import parse_rrule
from models.planning.status import StatusChangeRefused
from models.kernel.tables import Item, ItemAudience, ItemChange, ItemPartner, Occurrence, Partner
from models.kernel.validation import ValidationFailed
from tests.conftest import at, make_place
from tests.models import make_draft

LESSON_DAYS = [
    "01.09.2026", "08.09.2026", "15.09.2026", "22.09.2026", "29.09.2026",
    "06.10.2026", "13.10.2026", "20.10.2026", "27.10.2026",
    "03.11.2026", "10.11.2026", "17.11.2026", "24.11.2026",
    "01.12.2026", "08.12.2026", "15.12.2026",
]
LESSON = dict(
    kind="lesson", title="Bibliotekārā stunda", lesson_class="2. klase", lesson_teacher="Inese Ozola",
    start_date="01.09.2026.", start_time="12:30", end_time="13:10", repeat="weekly", weekdays=["1"], until="18.12.2026.",
)


async def sessions(item_id: int) -> list[dict]:
    return await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.recurrence_id)


async def changes(item_id: int) -> list[dict]:
    query = ItemChange.select(ItemChange.action, ItemChange.staff, ItemChange.details).where(ItemChange.item == item_id)
    return await query.order_by(ItemChange.id).output(load_json=True)


async def plan_lessons(branch, reading_room, librarian) -> int:
    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], responsible_id=librarian["id"], **LESSON)
    return await create_item(draft, librarian["id"])


async def move(row: dict, starts_at: datetime, ends_at: datetime, staff_id: int | None, **overrides) -> dict:
    values = dict(starts_at=starts_at, ends_at=ends_at, place_id=row["place"], cancelled=row["cancelled"], note=row["note"], staff_id=staff_id)
    values.update(overrides)
    return await edit_occurrence(row["id"], **values)


# --- creating -----------------------------------------------------------------------------

async def test_create_item_single_makes_one_session(branch, reading_room, librarian, school):
    draft = await make_draft(
        branch["id"], librarian, place_id=reading_room["id"], audiences=["adults", "seniors"],
        partners=[{"partner_id": school["id"], "role": "co_organiser"}], responsible_id=librarian["id"],
    )

    item_id = await create_item(draft, librarian["id"])

    item = await get_item(item_id)
    assert (item["title"], item["kind"], item["status"], item["version"], item["sequence"]) == ("Dzejas dienas", "event", "planned", 1, 0)
    assert (item["starts_at"], item["ends_at"], item["place"], item["created_by"]) == (at("10.09.2026 17:00"), at("10.09.2026 18:30"), reading_room["id"], librarian["id"])
    assert item["uid"].endswith("@afisa")
    rows = await sessions(item_id)
    assert [(r["recurrence_id"], r["starts_at"], r["ends_at"], r["cancelled"], r["overridden"], r["sequence"]) for r in rows] == [
        (at("10.09.2026 17:00"), at("10.09.2026 17:00"), at("10.09.2026 18:30"), False, False, 0),
    ]
    assert sorted(r["audience"] for r in await ItemAudience.select().where(ItemAudience.item == item_id)) == ["adults", "seniors"]
    assert [(p["partner"], p["role"], p["confirmation"]) for p in await ItemPartner.select().where(ItemPartner.item == item_id)] == [
        (school["id"], "co_organiser", "not_asked"),
    ]


async def test_create_item_keeps_a_given_uid(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"], uid="dzejas-dienas-2026@rozupe")

    assert (await get_item(item_id))["uid"] == "dzejas-dienas-2026@rozupe"


async def test_create_item_records_who_created_it(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    assert await changes(item_id) == [{"action": "created", "staff": librarian["id"], "details": {"title": "Dzejas dienas"}}]


async def test_create_item_weekly_series_makes_every_tuesday_of_the_term(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)

    rows = await sessions(item_id)
    assert [r["starts_at"] for r in rows] == [at(f"{d} 12:30") for d in LESSON_DAYS]
    assert [r["ends_at"] for r in rows] == [at(f"{d} 13:10") for d in LESSON_DAYS]
    assert all(r["recurrence_id"] == r["starts_at"] for r in rows)
    assert (await get_item(item_id))["rrule"] == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959"


async def test_create_item_monthly_second_thursday_series(branch, librarian):
    draft = await make_draft(branch["id"], librarian, title="Lasītāju klubs", repeat="monthly", monthly_mode="nth", until="31.12.2026.")

    item_id = await create_item(draft, librarian["id"])

    assert [r["starts_at"] for r in await sessions(item_id)] == [
        at("10.09.2026 17:00"), at("08.10.2026 17:00"), at("12.11.2026 17:00"), at("10.12.2026 17:00"),
    ]


async def test_create_item_all_day_exhibition_is_one_session(branch, reading_room, librarian):
    draft = await make_draft(
        branch["id"], librarian, kind="exhibition", title="Rožupes novadnieku grāmatas", all_day="on",
        start_date="01.10.2026.", end_date="31.10.2026.", place_id=reading_room["id"],
    )

    item_id = await create_item(draft, librarian["id"])

    assert [(r["starts_at"], r["ends_at"]) for r in await sessions(item_id)] == [(at("01.10.2026 00:00"), at("01.11.2026 00:00"))]


async def test_get_item_missing_raises_not_found(db):
    with pytest.raises(NotFound):
        await get_item(999999)


# --- editing the whole item ---------------------------------------------------------------

async def test_update_item_title_change_recorded_with_who_and_what(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    diff = await update_item(item_id, await make_draft(branch["id"], librarian, title="Dzejas dienas 2026", version="1"), librarian["id"])

    assert diff == {"title": ["Dzejas dienas", "Dzejas dienas 2026"]}
    assert (await changes(item_id))[-1] == {"action": "updated", "staff": librarian["id"], "details": {"title": ["Dzejas dienas", "Dzejas dienas 2026"]}}
    history = await item_history(item_id)
    assert [(h["action"], h["staff_name"], h["details"]) for h in history] == [
        ("updated", "Maija Jasinska", {"title": ["Dzejas dienas", "Dzejas dienas 2026"]}),
        ("created", "Maija Jasinska", {"title": "Dzejas dienas"}),
    ]


async def test_history_names_the_place_and_responsible_instead_of_their_ids(branch, librarian, reading_room):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    await update_item(item_id, await make_draft(branch["id"], librarian, place_id=str(reading_room["id"]), version="1"), librarian["id"])

    [updated, _] = await item_history(item_id)
    assert updated["details"] == {"place": [None, "Lasītava"]}


async def test_update_item_time_change_diff_uses_minutes(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    diff = await update_item(item_id, await make_draft(branch["id"], librarian, start_time="16:00"), librarian["id"])

    assert diff == {"starts_at": ["2026-09-10T17:00", "2026-09-10T16:00"]}


async def test_update_item_raises_version_and_keeps_identity(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])
    before = await get_item(item_id)

    await update_item(item_id, await make_draft(branch["id"], librarian, description="Jauns apraksts"), librarian["id"])

    after = await get_item(item_id)
    assert (after["version"], after["uid"], after["created_by"]) == (2, before["uid"], librarian["id"])


async def test_update_item_stale_version_raises_stale_edit(branch, librarian, coordinator):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])
    await update_item(item_id, await make_draft(branch["id"], coordinator, title="Dzejas dienas Rožupē", version="1"), coordinator["id"])

    with pytest.raises(StaleEdit):
        await update_item(item_id, await make_draft(branch["id"], librarian, title="Dzejas vakars", version="1"), librarian["id"])

    item = await get_item(item_id)
    assert (item["title"], item["version"]) == ("Dzejas dienas Rožupē", 2)
    assert [c["action"] for c in await changes(item_id)] == ["created", "updated"]


async def test_update_item_refused_status_change_saves_nothing(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, status="draft"), librarian["id"])

    with pytest.raises(StatusChangeRefused) as refused:
        await update_item(item_id, await make_draft(branch["id"], librarian, status="held", title="Cits"), librarian["id"])

    assert refused.value.code == "status_transition"
    assert ((await get_item(item_id))["title"], (await get_item(item_id))["status"]) == ("Dzejas dienas", "draft")


@pytest.mark.parametrize(
    "overrides, sequence",
    [
        ({"start_time": "16:00"}, 1),
        ({"end_time": "19:00"}, 1),
        ({"start_date": "11.09.2026.", "end_date": "11.09.2026."}, 1),
        ({"place": "hall"}, 1),
        ({"status": "confirmed"}, 1),
        ({"title": "Dzejas dienas 2026"}, 0),
        ({"description": "Dzejnieki lasa savus dzejoļus"}, 0),
        ({"audiences": ["families"]}, 0),
        ({}, 0),
    ],
    ids=["start", "end", "date", "place", "status", "title", "description", "audiences", "nothing"],
)
async def test_update_item_sequence_rises_on_time_place_status_only(branch, reading_room, librarian, overrides, sequence):
    hall = await make_place(branch["id"], "Zāle")
    item_id = await create_item(await make_draft(branch["id"], librarian, place_id=reading_room["id"]), librarian["id"])
    fields = dict(overrides)
    fields["place_id"] = hall["id"] if fields.pop("place", None) else reading_room["id"]

    await update_item(item_id, await make_draft(branch["id"], librarian, **fields), librarian["id"])

    assert (await get_item(item_id))["sequence"] == sequence


@pytest.mark.parametrize(
    "overrides, sequence",
    [({"start_time": "12:00"}, 1), ({"place": "hall"}, 1), ({"status": "confirmed"}, 1), ({"title": "Dzejas dienas 2026"}, 0)],
    ids=["start", "place", "status", "title"],
)
async def test_update_item_sequence_of_the_sessions_follows_the_item(branch, reading_room, librarian, overrides, sequence):
    hall = await make_place(branch["id"], "Zāle")
    item_id = await plan_lessons(branch, reading_room, librarian)
    fields = {**LESSON, **overrides}
    fields["place_id"] = hall["id"] if fields.pop("place", None) else reading_room["id"]

    await update_item(item_id, await make_draft(branch["id"], librarian, **fields), librarian["id"])

    assert [r["sequence"] for r in await sessions(item_id)] == [sequence] * 16


async def test_update_item_whole_series_keeps_a_moved_occurrence(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    third = (await sessions(item_id))[2]
    await move(third, at("16.09.2026 10:00"), at("16.09.2026 10:40"), librarian["id"])
    version = (await get_item(item_id))["version"]

    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], responsible_id=librarian["id"], **{**LESSON, "start_time": "12:40", "end_time": "13:20"}, version=str(version))
    await update_item(item_id, draft, librarian["id"])

    rows = await sessions(item_id)
    assert len(rows) == 16
    assert (rows[2]["recurrence_id"], rows[2]["starts_at"], rows[2]["ends_at"], rows[2]["overridden"]) == (
        at("15.09.2026 12:40"), at("16.09.2026 10:00"), at("16.09.2026 10:40"), True,
    )
    others = rows[:2] + rows[3:]
    assert [(r["starts_at"], r["ends_at"]) for r in others] == [(at(f"{d} 12:40"), at(f"{d} 13:20")) for d in LESSON_DAYS if d != "15.09.2026"]


async def test_update_item_whole_series_keeps_a_cancelled_occurrence(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    await move((await sessions(item_id))[7], at("20.10.2026 12:30"), at("20.10.2026 13:10"), librarian["id"], cancelled=True)

    await update_item(item_id, await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "title": "Bibliotekārā stunda 2. klasei"}), librarian["id"])

    assert [r["starts_at"].date() for r in await sessions(item_id) if r["cancelled"]] == [date(2026, 10, 20)]


async def test_update_item_shorter_series_drops_the_late_sessions(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)

    await update_item(item_id, await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "until": "31.10.2026."}), librarian["id"])

    assert [r["starts_at"] for r in await sessions(item_id)] == [at(f"{d} 12:30") for d in LESSON_DAYS[:9]]
    assert (await get_item(item_id))["sequence"] == 1


async def test_update_item_single_into_series_adds_sessions(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    await update_item(item_id, await make_draft(branch["id"], librarian, repeat="weekly", count="3"), librarian["id"])

    assert [r["starts_at"] for r in await sessions(item_id)] == [at("10.09.2026 17:00"), at("17.09.2026 17:00"), at("24.09.2026 17:00")]


async def test_update_item_partner_role_change_keeps_confirmation(branch, librarian, school):
    culture_house = (await Partner.insert(Partner(name="Rožupes tautas nams", type="culture_house")).returning(Partner.id))[0]["id"]
    item_id = await create_item(await make_draft(branch["id"], librarian, partners=[{"partner_id": school["id"], "role": "participant"}]), librarian["id"])
    await ItemPartner.update({ItemPartner.confirmation: Confirmation.CONFIRMED.value}).where(ItemPartner.item == item_id)

    await update_item(item_id, await make_draft(branch["id"], librarian, partners=[{"partner_id": school["id"], "role": "host"}, {"partner_id": culture_house, "role": "performer"}]), librarian["id"])

    rows = await ItemPartner.select(ItemPartner.partner, ItemPartner.role, ItemPartner.confirmation).where(ItemPartner.item == item_id).order_by(ItemPartner.partner)
    assert rows == [
        {"partner": school["id"], "role": "host", "confirmation": "confirmed"},
        {"partner": culture_house, "role": "performer", "confirmation": "not_asked"},
    ]


async def test_update_item_removed_partner_and_audience_are_gone(branch, librarian, school):
    item_id = await create_item(await make_draft(branch["id"], librarian, audiences=["children"], partners=[{"partner_id": school["id"]}]), librarian["id"])

    await update_item(item_id, await make_draft(branch["id"], librarian, audiences=["adults"]), librarian["id"])

    assert await ItemPartner.count().where(ItemPartner.item == item_id) == 0
    assert [r["audience"] for r in await ItemAudience.select().where(ItemAudience.item == item_id)] == ["adults"]


# --- one session of a series --------------------------------------------------------------

async def test_edit_occurrence_moves_one_without_touching_others(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    before = await sessions(item_id)

    diff = await move(before[4], at("30.09.2026 09:00"), at("30.09.2026 09:40"), librarian["id"])

    after = await sessions(item_id)
    assert diff == {"starts_at": ["2026-09-29T12:30", "2026-09-30T09:00"], "ends_at": ["2026-09-29T13:10", "2026-09-30T09:40"]}
    assert (after[4]["recurrence_id"], after[4]["starts_at"], after[4]["overridden"], after[4]["sequence"]) == (at("29.09.2026 12:30"), at("30.09.2026 09:00"), True, 1)
    assert after[:4] + after[5:] == before[:4] + before[5:]
    item = await get_item(item_id)
    assert (item["version"], item["sequence"]) == (2, 0)
    assert (await changes(item_id))[-1] == {
        "action": "occurrence_changed", "staff": librarian["id"],
        "details": {"occurrence": "2026-09-29T12:30", **diff},
    }


async def test_edit_occurrence_cancels_one_session(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    autumn_break = (await sessions(item_id))[7]

    diff = await move(autumn_break, autumn_break["starts_at"], autumn_break["ends_at"], librarian["id"], cancelled=True, note="Rudens brīvdienas")

    rows = await sessions(item_id)
    assert diff == {"cancelled": [False, True], "note": ["", "Rudens brīvdienas"]}
    assert [r["recurrence_id"] for r in rows if r["cancelled"]] == [at("20.10.2026 12:30")]
    assert len(rows) == 16
    assert (await get_item(item_id))["status"] == "planned"
    assert (await changes(item_id))[-1]["action"] == "occurrence_cancelled"


async def test_edit_occurrence_into_another_room(branch, reading_room, librarian):
    hall = await make_place(branch["id"], "Zāle")
    item_id = await plan_lessons(branch, reading_room, librarian)
    first = (await sessions(item_id))[0]

    diff = await move(first, first["starts_at"], first["ends_at"], None, place_id=hall["id"])

    assert diff == {"place": [None, hall["id"]]}
    assert (await sessions(item_id))[0]["place"] == hall["id"]


async def test_edit_occurrence_without_change_records_nothing(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    first = (await sessions(item_id))[0]

    diff = await move(first, first["starts_at"], first["ends_at"], librarian["id"])

    assert diff == {}
    assert (await sessions(item_id))[0] == first
    assert (await get_item(item_id))["version"] == 1
    assert [c["action"] for c in await changes(item_id)] == ["created"]


async def test_edit_occurrence_stale_sequence_raises_stale_edit(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    first = (await sessions(item_id))[0]
    await move(first, at("02.09.2026 12:30"), at("02.09.2026 13:10"), librarian["id"], expected_sequence=0)

    with pytest.raises(StaleEdit):
        await move(first, at("03.09.2026 12:30"), at("03.09.2026 13:10"), librarian["id"], expected_sequence=0)

    assert (await sessions(item_id))[0]["starts_at"] == at("02.09.2026 12:30")


async def test_edit_occurrence_missing_raises_not_found(db):
    with pytest.raises(NotFound):
        await edit_occurrence(999999, starts_at=at("01.09.2026 12:30"), ends_at=at("01.09.2026 13:10"), place_id=None, cancelled=False, note="", staff_id=None)


# --- this and the following ---------------------------------------------------------------

async def test_split_series_sessions_together_equal_the_original(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    original = [r["starts_at"] for r in await sessions(item_id)]
    november = (await sessions(item_id))[9]
    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "start_date": "03.11.2026.", "lesson_class": "3. klase"}, version="1")

    new_id = await split_series(item_id, november["id"], draft, librarian["id"])

    assert new_id != item_id
    first_part = [r["starts_at"] for r in await sessions(item_id)]
    second_part = [r["starts_at"] for r in await sessions(new_id)]
    assert first_part == [at(f"{d} 12:30") for d in LESSON_DAYS[:9]]
    assert second_part == [at(f"{d} 12:30") for d in LESSON_DAYS[9:]]
    assert first_part + second_part == original
    old, new = await get_item(item_id), await get_item(new_id)
    assert (old["rrule"], old["version"], old["sequence"], old["lesson_class"]) == ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261102T235959", 2, 1, "2. klase")
    assert (new["rrule"], new["lesson_class"], new["starts_at"]) == ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959", "3. klase", at("03.11.2026 12:30"))
    assert [c["action"] for c in await changes(item_id)] == ["created", "series_split"]
    assert (await changes(item_id))[-1]["details"] == {"from": "2026-11-03T12:30"}
    assert [c["action"] for c in await changes(new_id)] == ["created", "split_from"]


async def test_split_series_keeps_earlier_moves(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    await move((await sessions(item_id))[1], at("09.09.2026 12:30"), at("09.09.2026 13:10"), librarian["id"])
    november = (await sessions(item_id))[9]
    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "start_date": "03.11.2026."})

    await split_series(item_id, november["id"], draft, librarian["id"])

    assert (await sessions(item_id))[1]["starts_at"] == at("09.09.2026 12:30")


async def test_split_series_at_the_first_session_edits_the_whole_series(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    first = (await sessions(item_id))[0]
    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "start_time": "11:30", "end_time": "12:10"})

    same_id = await split_series(item_id, first["id"], draft, librarian["id"])

    assert same_id == item_id
    assert [r["starts_at"] for r in await sessions(item_id)] == [at(f"{d} 11:30") for d in LESSON_DAYS]
    assert await Item.count() == 1


async def test_split_series_stale_version_raises_stale_edit(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    await move((await sessions(item_id))[0], at("02.09.2026 12:30"), at("02.09.2026 13:10"), librarian["id"])
    november = (await sessions(item_id))[9]
    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "start_date": "03.11.2026."}, version="1")

    with pytest.raises(StaleEdit):
        await split_series(item_id, november["id"], draft, librarian["id"])

    assert len(await sessions(item_id)) == 16
    assert await Item.count() == 1


async def test_split_series_failing_new_series_leaves_the_original_whole(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    november = (await sessions(item_id))[9]
    draft = await make_draft(branch["id"], librarian, place_id=reading_room["id"], **{**LESSON, "start_date": "03.11.2026."})
    draft.place_id = 999999  # the room was deleted after the form was checked: the insert fails on its foreign key

    with pytest.raises(Exception):
        await split_series(item_id, november["id"], draft, librarian["id"])

    assert [r["starts_at"] for r in await sessions(item_id)] == [at(f"{d} 12:30") for d in LESSON_DAYS]
    item = await get_item(item_id)
    assert (item["rrule"], item["version"]) == ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959", 1)
    assert [c["action"] for c in await changes(item_id)] == ["created"]


async def test_split_series_occurrence_of_another_item_is_not_found(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    other_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])
    foreign = (await sessions(other_id))[0]

    with pytest.raises(NotFound):
        await split_series(item_id, foreign["id"], await make_draft(branch["id"], librarian), librarian["id"])


# --- status -------------------------------------------------------------------------------

async def test_set_status_publish_raises_sequence_and_records(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    await set_status(item_id, Status.PUBLISHED, librarian["id"], version=1)

    item = await get_item(item_id)
    assert (item["status"], item["version"], item["sequence"]) == ("published", 2, 1)
    assert (await changes(item_id))[-1] == {"action": "status_changed", "staff": librarian["id"], "details": {"status": ["planned", "published"]}}


async def test_set_status_cancel_records_cancelled(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    await set_status(item_id, Status.CANCELLED, librarian["id"])

    assert (await get_item(item_id))["status"] == "cancelled"
    assert (await changes(item_id))[-1]["action"] == "cancelled"


async def test_set_status_same_status_changes_nothing(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    await set_status(item_id, Status.PLANNED, librarian["id"])

    item = await get_item(item_id)
    assert (item["version"], item["sequence"]) == (1, 0)


async def test_set_status_held_in_future_refused(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, status="published"), librarian["id"])

    with pytest.raises(StatusChangeRefused) as refused:
        await set_status(item_id, Status.HELD, librarian["id"], now=at("10.09.2026 18:00"))

    assert refused.value.code == "held_in_future"
    assert (await get_item(item_id))["status"] == "published"


async def test_set_status_held_after_the_end_in_local_time(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, status="published"), librarian["id"])

    await set_status(item_id, Status.HELD, librarian["id"], now=at("10.09.2026 18:45"))

    assert (await get_item(item_id))["status"] == "held"


async def test_set_status_held_compares_utc_now_with_riga_wall_time(branch, librarian):
    # ends 18:30 in Riga (EEST, UTC+3) = 15:30 UTC; at 16:00 UTC (19:00 in Riga) it is over
    item_id = await create_item(await make_draft(branch["id"], librarian, status="published"), librarian["id"])

    await set_status(item_id, Status.HELD, librarian["id"], now=datetime(2026, 9, 10, 16, 0, tzinfo=timezone.utc))

    assert (await get_item(item_id))["status"] == "held"


async def test_set_status_held_utc_now_before_the_riga_end_refused(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, status="published"), librarian["id"])

    with pytest.raises(StatusChangeRefused) as refused:
        await set_status(item_id, Status.HELD, librarian["id"], now=datetime(2026, 9, 10, 15, 0, tzinfo=timezone.utc))

    assert refused.value.code == "held_in_future"


async def test_update_item_held_compares_utc_now_with_riga_wall_time(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, status="published"), librarian["id"])

    await update_item(item_id, await make_draft(branch["id"], librarian, status="held"), librarian["id"], now=datetime(2026, 9, 10, 16, 0, tzinfo=timezone.utc))

    assert (await get_item(item_id))["status"] == "held"


async def test_set_status_refused_transition(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, status="draft"), librarian["id"])

    with pytest.raises(StatusChangeRefused) as refused:
        await set_status(item_id, Status.HELD, librarian["id"], now=at("01.01.2027 10:00"))

    assert refused.value.code == "status_transition"


async def test_set_status_stale_version_raises_stale_edit(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])
    await set_status(item_id, Status.CONFIRMED, librarian["id"], version=1)

    with pytest.raises(StaleEdit):
        await set_status(item_id, Status.PUBLISHED, librarian["id"], version=1)

    assert (await get_item(item_id))["status"] == "confirmed"


# --- moving -------------------------------------------------------------------------------

async def test_move_item_keeps_its_length(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    await move_item(item_id, at("17.09.2026 16:00"), librarian["id"], version=1)

    item = await get_item(item_id)
    assert (item["starts_at"], item["ends_at"], item["version"], item["sequence"]) == (at("17.09.2026 16:00"), at("17.09.2026 17:30"), 2, 1)
    assert [(r["recurrence_id"], r["starts_at"], r["ends_at"]) for r in await sessions(item_id)] == [(at("17.09.2026 16:00"), at("17.09.2026 16:00"), at("17.09.2026 17:30"))]
    assert (await changes(item_id))[-1]["details"] == {"starts_at": ["2026-09-10T17:00", "2026-09-17T16:00"]}


async def test_move_item_stale_version_raises_stale_edit(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])
    await move_item(item_id, at("17.09.2026 16:00"), librarian["id"], version=1)

    with pytest.raises(StaleEdit):
        await move_item(item_id, at("24.09.2026 16:00"), librarian["id"], version=1)


# --- duplicating --------------------------------------------------------------------------

async def test_duplicate_item_makes_a_draft_copy_with_audiences_and_partners(branch, reading_room, librarian, coordinator, school):
    source = await make_draft(
        branch["id"], librarian, place_id=reading_room["id"], status="published", audiences=["adults", "seniors"],
        partners=[{"partner_id": school["id"], "role": "performer"}], responsible_id=librarian["id"],
    )
    item_id = await create_item(source, librarian["id"])
    await ItemPartner.update({ItemPartner.confirmation: Confirmation.CONFIRMED.value}).where(ItemPartner.item == item_id)

    copy_id = await duplicate_item(item_id, coordinator["id"])

    original, copy = await get_item(item_id), await get_item(copy_id)
    assert copy_id != item_id
    assert copy["uid"] != original["uid"]
    assert (copy["title"], copy["status"], copy["place"], copy["responsible"], copy["starts_at"], copy["ends_at"]) == (
        "Dzejas dienas", "draft", reading_room["id"], librarian["id"], at("10.09.2026 17:00"), at("10.09.2026 18:30"),
    )
    assert (copy["version"], copy["sequence"], copy["created_by"]) == (1, 0, coordinator["id"])
    assert sorted(r["audience"] for r in await ItemAudience.select().where(ItemAudience.item == copy_id)) == ["adults", "seniors"]
    assert await ItemPartner.select(ItemPartner.partner, ItemPartner.role, ItemPartner.confirmation).where(ItemPartner.item == copy_id) == [
        {"partner": school["id"], "role": "performer", "confirmation": "not_asked"},
    ]
    assert [r["starts_at"] for r in await sessions(copy_id)] == [at("10.09.2026 17:00")]
    assert await changes(copy_id) == [{"action": "duplicated", "staff": coordinator["id"], "details": {"from": "Dzejas dienas", "item_id": item_id}}]
    assert (await get_item(item_id))["status"] == "published"


async def test_duplicate_item_to_next_year(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    copy_id = await duplicate_item(item_id, librarian["id"], new_start=at("09.09.2027 17:00"))

    copy = await get_item(copy_id)
    assert (copy["starts_at"], copy["ends_at"]) == (at("09.09.2027 17:00"), at("09.09.2027 18:30"))
    assert [r["starts_at"] for r in await sessions(copy_id)] == [at("09.09.2027 17:00")]


async def test_duplicate_item_series_shifts_its_until(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)

    copy_id = await duplicate_item(item_id, librarian["id"], new_start=at("07.09.2027 12:30"), as_status=Status.PLANNED)

    copy = await get_item(copy_id)
    assert copy["status"] == "planned"
    assert parse_rrule(copy["rrule"]).until == date(2027, 12, 24)
    assert len(await sessions(copy_id)) == 16
    assert (await sessions(copy_id))[0]["starts_at"] == at("07.09.2027 12:30")


async def test_duplicate_item_does_not_copy_moves(branch, reading_room, librarian):
    item_id = await plan_lessons(branch, reading_room, librarian)
    await move((await sessions(item_id))[0], at("02.09.2026 12:30"), at("02.09.2026 13:10"), librarian["id"])

    copy_id = await duplicate_item(item_id, librarian["id"])

    assert [r["starts_at"] for r in await sessions(copy_id)] == [at(f"{d} 12:30") for d in LESSON_DAYS]


async def test_duplicate_series_a_day_later_shifts_its_weekdays(librarian, branch):
    from models.planning.programme import duplicate_item
    from models.planning.recurrence import parse_rrule
    from tests.conftest import at

    raw = {"kind": "lesson", "title": "Stunda", "lesson_class": "4. klase", "branch_id": branch["id"], "start_date": "01.12.2026.",
           "start_time": "10:00", "end_date": "01.12.2026.", "end_time": "10:45", "repeat": "weekly", "weekdays": ["1", "3"],
           "until": "18.12.2026.", "status": "planned"}
    from models.planning.programme import create_item
    from models.planning.validation import validate_item
    item_id = await create_item(await validate_item(raw, librarian), librarian["id"])

    copy_id = await duplicate_item(item_id, librarian["id"], new_start=at("02.12.2026 10:00"))

    copy = await Item.select(Item.rrule).where(Item.id == copy_id).first()
    assert parse_rrule(copy["rrule"]).weekdays == (2, 4)


async def test_held_for_a_series_waits_for_its_last_session(librarian, branch):
    from models.kernel.enums import Status
    from models.planning.programme import create_item, set_status
    from models.planning.status import StatusChangeRefused
    from models.planning.validation import validate_item
    from tests.conftest import at

    raw = {"kind": "lesson", "title": "Stunda", "lesson_class": "4. klase", "branch_id": branch["id"], "start_date": "01.12.2026.",
           "start_time": "10:00", "end_date": "01.12.2026.", "end_time": "10:45", "repeat": "weekly", "until": "15.12.2026.", "status": "planned"}
    item_id = await create_item(await validate_item(raw, librarian), librarian["id"])

    with pytest.raises(StatusChangeRefused):
        await set_status(item_id, Status.HELD, librarian["id"], now=at("09.12.2026 12:00"))
    await set_status(item_id, Status.HELD, librarian["id"], now=at("15.12.2026 11:00"))

    assert (await Item.select(Item.status).where(Item.id == item_id).first())["status"] == "held"


async def test_edit_occurrence_refuses_an_end_before_the_start(librarian, branch):
    from models.planning.programme import create_item, edit_occurrence
    from models.planning.validation import validate_item
    from models.kernel.validation import ValidationFailed
    from tests.conftest import at

    raw = {"kind": "event", "title": "Pasākums", "branch_id": branch["id"], "start_date": "01.12.2026.", "start_time": "10:00",
           "end_date": "01.12.2026.", "end_time": "11:00", "status": "planned"}
    item_id = await create_item(await validate_item(raw, librarian), librarian["id"])
    occurrence = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()

    with pytest.raises(ValidationFailed) as failed:
        await edit_occurrence(occurrence["id"], starts_at=at("01.12.2026 12:00"), ends_at=at("01.12.2026 11:00"), place_id=None, cancelled=False, note="", staff_id=librarian["id"])

    assert failed.value.errors == {"end_time": "end_before_start"}


# --- a session with attendance is the record of what happened --------------------------------

RECORDED_AT = datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc)  # when the librarian typed the figures in


async def recorded_series(branch, librarian, **overrides) -> tuple[int, list[int]]:
    """Tuesday lessons 03.11.–24.11.2026 (four, all ended); the first two have attendance."""
    from models.attendance.recording import record_attendance

    values = dict(LESSON, start_date="03.11.2026.", until="", count="4")
    values.update(overrides)
    item_id = await create_item(await make_draft(branch["id"], librarian, **values), librarian["id"])
    ids = [r["id"] for r in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)]
    for session in ids[:2]:
        await record_attendance(session, {"total": "20", "children": "19"}, librarian["id"], RECORDED_AT)
    return item_id, ids


async def attendance_rows() -> list[int]:
    from models.kernel.tables import Attendance

    return [r["occurrence"] for r in await Attendance.select(Attendance.occurrence).order_by(Attendance.occurrence)]


async def test_update_item_dropping_recorded_sessions_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, start_date="04.11.2026.", until="", count="4", weekdays=["2"]))

    with pytest.raises(ValidationFailed) as failed:
        await update_item(item_id, draft, librarian["id"])

    assert failed.value.errors == {"repeat": "recorded_sessions:03.11.2026., 10.11.2026."}
    assert await attendance_rows() == ids[:2]
    assert (await get_item(item_id))["version"] == 1
    assert [r["id"] for r in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)] == ids


async def test_update_item_starting_the_series_later_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, start_date="10.11.2026.", until="", count="3"))

    with pytest.raises(ValidationFailed) as failed:
        await update_item(item_id, draft, librarian["id"])

    assert failed.value.errors == {"repeat": "recorded_sessions:03.11.2026."}
    assert await attendance_rows() == ids[:2]


async def test_update_item_dropping_only_unrecorded_sessions_keeps_the_attendance(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, start_date="03.11.2026.", until="", count="2", title="Stunda"))

    await update_item(item_id, draft, librarian["id"])

    assert [r["id"] for r in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)] == ids[:2]
    assert await attendance_rows() == ids[:2]
    assert (await get_item(item_id))["title"] == "Stunda"


async def test_update_item_longer_series_keeps_the_attendance(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, start_date="03.11.2026.", until="", count="6"))

    await update_item(item_id, draft, librarian["id"])

    assert await Occurrence.count().where(Occurrence.item == item_id) == 6
    assert await attendance_rows() == ids[:2]


async def test_update_item_moving_a_recorded_single_item_into_the_future_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian, repeat="none", count="")
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, repeat="none", until="", start_date="03.11.2099.", status="held"))

    with pytest.raises(ValidationFailed) as failed:
        await update_item(item_id, draft, librarian["id"])

    assert failed.value.errors == {"start_date": "recorded_sessions:03.11.2026."}
    assert await attendance_rows() == ids


async def test_update_item_correcting_a_recorded_single_items_past_time_is_allowed(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian, repeat="none", count="")
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, repeat="none", until="", start_date="03.11.2026.", start_time="12:00",
                                                             end_time="12:40", status="held"))

    await update_item(item_id, draft, librarian["id"])

    row = await Occurrence.select(Occurrence.id, Occurrence.starts_at).where(Occurrence.item == item_id).first()
    assert row == {"id": ids[0], "starts_at": at("03.11.2026 12:00")}
    assert await attendance_rows() == ids


async def test_update_item_taking_a_held_item_back_to_planned_is_refused_while_it_has_attendance(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian, repeat="none", count="")
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, repeat="none", until="", start_date="03.11.2026.", status="planned"))

    with pytest.raises(ValidationFailed) as failed:
        await update_item(item_id, draft, librarian["id"])

    assert failed.value.errors == {"status": "recorded_held:03.11.2026."}
    assert (await Item.select(Item.status).where(Item.id == item_id).first())["status"] == "held"


async def test_move_item_of_a_recorded_session_to_another_day_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian, repeat="none", count="")

    with pytest.raises(ValidationFailed) as failed:
        await move_item(item_id, at("04.11.2026 12:30"), librarian["id"])

    assert failed.value.errors == {"start_date": "recorded_sessions:03.11.2026."}
    assert (await get_item(item_id))["starts_at"] == at("03.11.2026 12:30")
    assert await attendance_rows() == ids


async def test_split_series_at_a_recorded_session_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, start_date="10.11.2026.", until="", count="3", start_time="11:00", end_time="11:40"))

    with pytest.raises(ValidationFailed) as failed:
        await split_series(item_id, ids[1], draft, librarian["id"])

    assert failed.value.errors == {"repeat": "recorded_sessions:10.11.2026."}
    assert await Item.count() == 1
    assert await attendance_rows() == ids[:2]


async def test_split_series_after_the_recorded_sessions_is_allowed(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    draft = await make_draft(branch["id"], librarian, **dict(LESSON, start_date="17.11.2026.", until="", count="2", start_time="11:00", end_time="11:40"))

    new_id = await split_series(item_id, ids[2], draft, librarian["id"])

    assert await Occurrence.count().where(Occurrence.item == new_id) == 2
    assert await attendance_rows() == ids[:2]


async def test_edit_occurrence_cancelling_a_recorded_session_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    row = await Occurrence.select().where(Occurrence.id == ids[0]).first()

    with pytest.raises(ValidationFailed) as failed:
        await edit_occurrence(ids[0], starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="", staff_id=librarian["id"])

    assert failed.value.errors == {"cancelled": "session_recorded:03.11.2026."}
    assert (await Occurrence.select(Occurrence.cancelled, Occurrence.sequence).where(Occurrence.id == ids[0]).first()) == {"cancelled": False, "sequence": 0}


async def test_edit_occurrence_moving_a_recorded_session_into_the_future_is_refused(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)

    with pytest.raises(ValidationFailed) as failed:
        await edit_occurrence(ids[1], starts_at=at("10.11.2099 12:30"), ends_at=at("10.11.2099 13:10"), place_id=None, cancelled=False,
                              note="", staff_id=librarian["id"])

    assert failed.value.errors == {"start_date": "session_recorded:10.11.2026."}
    assert (await Occurrence.select(Occurrence.starts_at).where(Occurrence.id == ids[1]).first())["starts_at"] == at("10.11.2026 12:30")


async def test_edit_occurrence_correcting_a_recorded_sessions_past_time_is_allowed(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)

    changes = await edit_occurrence(ids[1], starts_at=at("10.11.2026 13:00"), ends_at=at("10.11.2026 13:40"), place_id=None,
                                    cancelled=False, note="", staff_id=librarian["id"])

    assert changes == {"starts_at": ["2026-11-10T12:30", "2026-11-10T13:00"], "ends_at": ["2026-11-10T13:10", "2026-11-10T13:40"]}
    assert await attendance_rows() == ids[:2]


async def test_edit_occurrence_cancelling_an_unrecorded_session_is_allowed(branch, librarian):
    item_id, ids = await recorded_series(branch, librarian)
    row = await Occurrence.select().where(Occurrence.id == ids[3]).first()

    await edit_occurrence(ids[3], starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="", staff_id=librarian["id"])

    assert (await Occurrence.select(Occurrence.cancelled).where(Occurrence.id == ids[3]).first())["cancelled"] is True
