"""A day's delivery round: finishing it records the stops' figures as the delivery sessions'
attendance, ending a session that has not ended yet; finishing it again corrects, never adds."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from models.kernel.clock import utc_of_wall
from models.kernel.outreach_tables import HomeLoan, HomeReader
from models.kernel.tables import Attendance, CoreDelivery, Item, Occurrence
from models.kernel.validation import ValidationFailed
from models.attendance import record_attendance
from models.outreach import (erase_reader, finish_round, finish_stop, plan_round, reopen_stop, round_detail, save_reader, set_bring,
                             validate_reader)
from tests.conftest import at

pytestmark = pytest.mark.clock("02.02.2026 09:00")


async def delivery(branch: dict, place: dict, start: str, end: str) -> int:
    """A confirmed delivery to the service point: returns its session."""
    starts, ends = at(start), at(end)
    rows = await Item.insert(Item(uid=uuid.uuid4().hex, branch=branch["id"], kind="delivery", delivery_kind="service_point", title="Grāmatu kopa",
                                  status="confirmed", place=place["id"], starts_at=starts, ends_at=ends)).returning(Item.id)
    sessions = await Occurrence.insert(Occurrence(item=rows[0]["id"], recurrence_id=starts, starts_at=starts, ends_at=ends)).returning(Occurrence.id)
    return sessions[0]["id"]


async def home_reader(branch: dict, librarian: dict) -> int:
    return await save_reader(validate_reader({"name": "Olga Krūmiņa", "address": "„Ceriņi”, Druvas", "consent_on": "01.11.2025",
                                              "carrier": "postman", "weekday": "0"}, branch["id"]), librarian["id"])


async def test_finish_round_ends_a_delivery_not_ended_yet_and_records_it(branch, care_centre, librarian):
    session = await delivery(branch, care_centre, "02.02.2026 10:00", "02.02.2026 11:00")  # after now: 09:00
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await finish_stop(stop["id"], {"items_out": "20", "items_back": "18", "readers_served": "9"}, librarian,
                      now=utc_of_wall(at("02.02.2026 08:40")))  # done earlier than planned

    recorded = await finish_round(round_id, librarian)
    moved = await Occurrence.select().where(Occurrence.id == session).first()
    attendance = await Attendance.select().where(Attendance.occurrence == session).first()

    assert recorded == {session: {"items_out": 20, "items_back": 18, "readers_served": 9}}
    assert (moved["starts_at"], moved["ends_at"]) == (at("02.02.2026 08:40"), at("02.02.2026 09:00"))  # from the stop done to now
    assert (attendance["items_out"], attendance["items_back"], attendance["readers_served"]) == (20, 18, 9)
    assert await CoreDelivery.count().where(CoreDelivery.occurrence == session) == 1


async def test_finish_round_ends_a_delivery_under_way_now_keeping_its_start(branch, care_centre, librarian):
    session = await delivery(branch, care_centre, "02.02.2026 08:30", "02.02.2026 11:00")
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await finish_stop(stop["id"], {"readers_served": "7"}, librarian)

    await finish_round(round_id, librarian)
    moved = await Occurrence.select().where(Occurrence.id == session).first()

    assert (moved["starts_at"], moved["ends_at"]) == (at("02.02.2026 08:30"), at("02.02.2026 09:00"))
    assert (await Attendance.select(Attendance.readers_served).where(Attendance.occurrence == session).first())["readers_served"] == 7


async def test_finish_round_leaves_an_ended_delivery_where_it_was(branch, care_centre, librarian):
    session = await delivery(branch, care_centre, "02.02.2026 07:30", "02.02.2026 08:15")
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await finish_stop(stop["id"], {"readers_served": "4"}, librarian)

    await finish_round(round_id, librarian)
    row = await Occurrence.select().where(Occurrence.id == session).first()

    assert (row["starts_at"], row["ends_at"]) == (at("02.02.2026 07:30"), at("02.02.2026 08:15"))


async def test_finish_round_twice_corrects_and_does_not_duplicate(branch, care_centre, librarian):
    point = await delivery(branch, care_centre, "02.02.2026 07:30", "02.02.2026 08:15")
    reader = await home_reader(branch, librarian)
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    point_stop, home_stop = (await round_detail(round_id))["stops"]
    await set_bring(home_stop["id"], "Regīna Ezera — Aka\nJānis Poruks — Kukažiņa", librarian)
    await finish_stop(point_stop["id"], {"items_out": "20", "readers_served": "9"}, librarian)
    await finish_stop(home_stop["id"], {}, librarian)
    first = await finish_round(round_id, librarian)

    await finish_stop(point_stop["id"], {"items_out": "22", "readers_served": "10"}, librarian)  # a correction
    await finish_stop(home_stop["id"], {"items_back": "1"}, librarian)
    second = await finish_round(round_id, librarian)
    rows = await Attendance.select().order_by(Attendance.id)
    home_session = (await round_detail(round_id))["home_session"]

    assert list(first) == list(second) == [point, home_session]
    assert [(r["occurrence"], r["items_out"], r["items_back"], r["readers_served"], r["version"]) for r in rows] == [
        (point, 22, 0, 10, 2), (home_session, 2, 1, 1, 2)]
    assert await HomeLoan.count().where(HomeLoan.reader == reader) == 2
    assert await CoreDelivery.count() == 4  # two versions of each session's record
    assert (await HomeReader.select(HomeReader.last_visit_on).where(HomeReader.id == reader).first())["last_visit_on"] == date(2026, 2, 2)


async def test_finish_round_without_a_stop_done_is_refused(branch, care_centre, librarian):
    await delivery(branch, care_centre, "02.02.2026 07:30", "02.02.2026 08:15")
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")

    with pytest.raises(ValidationFailed) as refused:
        await finish_round(round_id, librarian)

    assert (refused.value.errors, await Attendance.count()) == ({"round": "no_stop_done"}, 0)


async def test_finish_round_of_a_day_to_come_is_refused(branch, care_centre, librarian):
    await delivery(branch, care_centre, "03.02.2026 10:00", "03.02.2026 11:00")
    round_id = await plan_round(branch["id"], date(2026, 2, 2) + timedelta(days=1), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]

    with pytest.raises(ValidationFailed) as refused:
        await finish_stop(stop["id"], {"readers_served": "4"}, librarian)

    assert refused.value.errors == {"stop": "round_in_future"}


async def test_finish_stop_twice_writes_the_readers_titles_once(branch, librarian):
    reader = await home_reader(branch, librarian)
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await set_bring(stop["id"], "Regīna Ezera — Aka\nJānis Poruks — Kukažiņa", librarian)

    await finish_stop(stop["id"], {}, librarian)
    await finish_stop(stop["id"], {"items_back": "1"}, librarian)  # a double tap, or a colleague's correction

    assert await HomeLoan.count().where(HomeLoan.reader == reader) == 2


async def test_reopen_stop_takes_back_what_its_done_wrote(branch, librarian):
    reader = await home_reader(branch, librarian)
    earlier = await HomeLoan.insert(HomeLoan(reader=reader, delivered_on=date(2026, 1, 19), title="Mērnieku laiki")).returning(HomeLoan.id)
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await set_bring(stop["id"], "Regīna Ezera — Aka", librarian)
    await finish_stop(stop["id"], {}, librarian)

    await reopen_stop(stop["id"], librarian)
    await finish_stop(stop["id"], {}, librarian)

    loans = await HomeLoan.select(HomeLoan.title, HomeLoan.returned_on).where(HomeLoan.reader == reader).order_by(HomeLoan.id)
    assert loans == [{"title": "Mērnieku laiki", "returned_on": date(2026, 2, 2)}, {"title": "Aka", "returned_on": None}]
    assert earlier


async def test_finish_round_keeps_attendance_already_recorded_on_the_attendance_page(branch, care_centre, librarian):
    session = await delivery(branch, care_centre, "02.02.2026 07:30", "02.02.2026 08:15")
    await record_attendance(session, {"items_out": "30", "items_back": "28", "readers_served": "14"}, librarian["id"])
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await finish_stop(stop["id"], {"readers_served": "9"}, librarian)

    recorded = await finish_round(round_id, librarian)

    assert (dict(recorded), recorded.kept) == ({}, [session])
    assert await Attendance.select(Attendance.items_out, Attendance.readers_served).first() == {"items_out": 30, "readers_served": 14}


async def test_finish_round_leaves_out_a_delivery_cancelled_in_the_planner(branch, care_centre, librarian):
    session = await delivery(branch, care_centre, "02.02.2026 07:30", "02.02.2026 08:15")
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await finish_stop(stop["id"], {"readers_served": "9"}, librarian)
    await Occurrence.update({Occurrence.cancelled: True}).where(Occurrence.id == session)

    recorded = await finish_round(round_id, librarian)

    assert (dict(recorded), recorded.kept, await Attendance.count()) == ({}, [], 0)


async def test_plan_round_again_adds_a_delivery_planned_since(branch, care_centre, librarian):
    first = await delivery(branch, care_centre, "02.02.2026 07:30", "02.02.2026 08:15")
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    later = await delivery(branch, care_centre, "02.02.2026 13:00", "02.02.2026 13:30")

    again = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")

    assert again == round_id
    assert [stop["session"] for stop in (await round_detail(round_id))["stops"]] == [first, later]


async def test_erased_reader_leaves_the_rounds_to_come_and_cannot_get_books(branch, librarian):
    reader = await home_reader(branch, librarian)
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]

    await erase_reader(reader, librarian["id"])

    assert (await round_detail(round_id))["stops"] == []
    with pytest.raises(ValidationFailed) as refused:
        await finish_stop(stop["id"], {}, librarian)
    assert refused.value.errors == {"stop": "unknown"}
