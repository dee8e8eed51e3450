"""Exhibitions reach the statistics core without attendance: a record once one has opened, a new
version when its title or place changes, a withdrawal when it is cancelled or moved to the future,
and the attendance's own records outranking them (models/statistics/core_exhibitions.py)."""
from __future__ import annotations

from datetime import datetime, timezone

from models.statistics import core_exhibitions
from models.attendance.recording import record_attendance
from models.kernel.enums import Status
from models.planning.programme import create_item, set_status, update_item
from models.kernel.tables import CoreDelivery, Item, Occurrence
from tests.models import make_draft

NOW = datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc)  # 08:30 in Riga
EXHIBITION = dict(kind="exhibition", title="Skolēnu zīmējumi", all_day="on", start_date="20.11.2026.", end_date="15.12.2026.",
                  exhibition_form="physical")


async def outbox() -> list[tuple]:
    rows = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.status, CoreDelivery.payload).order_by(CoreDelivery.id).output(load_json=True)
    return [(r["version"], r["status"], r["payload"]["state"], r["payload"]["title"], r["payload"]["date"]) for r in rows]


async def edit(item_id: int, staff: dict, **overrides) -> None:
    version = (await Item.select(Item.version).where(Item.id == item_id).first())["version"]
    await update_item(item_id, await make_draft(staff["branch"], staff, **{**EXHIBITION, "version": str(version), **overrides}), staff["id"])


async def test_an_opened_exhibition_gets_one_record_without_a_headcount(branch, librarian, reading_room):
    await create_item(await make_draft(branch["id"], librarian, **EXHIBITION, place_id=str(reading_room["id"])), librarian["id"])

    first, again = await core_exhibitions.reconcile(NOW), await core_exhibitions.reconcile(NOW)

    [row] = await CoreDelivery.select(CoreDelivery.payload).output(load_json=True)
    record = row["payload"]
    assert (first, again) == (1, 0)
    assert (record["kind"], record["state"], record["version"], record["date"], record["place"], record["outside_library"]) == (
        "exhibition", "held", 1, "2026-11-20", {"name": "Lasītava", "kind": "room"}, False)
    assert record["attendance"] == {"total": 0, "children": 0, "adults": 0, "online": 0}


async def test_an_exhibition_still_to_open_or_a_draft_gets_none(branch, librarian):
    await create_item(await make_draft(branch["id"], librarian, **{**EXHIBITION, "start_date": "10.12.2026."}), librarian["id"])
    await create_item(await make_draft(branch["id"], librarian, **{**EXHIBITION, "status": "draft"}), librarian["id"])

    assert (await core_exhibitions.reconcile(NOW), await outbox()) == (0, [])


async def test_a_renamed_exhibition_is_sent_again_and_a_cancelled_one_withdrawn(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, **EXHIBITION), librarian["id"])
    await core_exhibitions.reconcile(NOW)

    await edit(item_id, librarian, title="Skolēnu zīmējumi un gleznas")
    await core_exhibitions.reconcile(NOW)
    await set_status(item_id, Status.CANCELLED, librarian["id"], now=NOW)
    await core_exhibitions.reconcile(NOW)

    assert await outbox() == [
        (1, "superseded", "held", "Skolēnu zīmējumi", "2026-11-20"),
        (2, "superseded", "held", "Skolēnu zīmējumi un gleznas", "2026-11-20"),
        (3, "queued", "withdrawn", "Skolēnu zīmējumi un gleznas", "2026-11-20"),
    ]


async def test_an_exhibition_moved_to_other_days_withdraws_the_old_opening_and_sends_the_new(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, **EXHIBITION), librarian["id"])
    await core_exhibitions.reconcile(NOW)

    await edit(item_id, librarian, start_date="23.11.2026.")
    await core_exhibitions.reconcile(NOW)

    assert [(state, day) for _, _, state, _, day in await outbox()] == [("held", "2026-11-20"), ("withdrawn", "2026-11-20"), ("held", "2026-11-23")]


async def test_attendance_of_the_opening_outranks_the_exhibitions_record(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, **{**EXHIBITION, "end_date": "25.11.2026."}), librarian["id"])
    await core_exhibitions.reconcile(NOW)
    [session] = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id)

    await record_attendance(session["id"], {"total": "40", "children": "30"}, librarian["id"], NOW)
    queued = await core_exhibitions.reconcile(NOW)

    rows = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.payload).order_by(CoreDelivery.id).output(load_json=True)
    assert queued == 0
    assert [(r["version"], r["payload"]["attendance"]["total"]) for r in rows] == [(1, 0), (2, 40)]


async def test_an_exhibition_moved_away_and_back_outranks_its_withdrawal(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, **EXHIBITION), librarian["id"])
    await core_exhibitions.reconcile(NOW)
    await edit(item_id, librarian, start_date="23.11.2026.")
    await core_exhibitions.reconcile(NOW)

    await edit(item_id, librarian, start_date="20.11.2026.")
    await core_exhibitions.reconcile(NOW)

    rows = await CoreDelivery.select(CoreDelivery.key, CoreDelivery.payload).order_by(CoreDelivery.id).output(load_json=True)
    last_of_day_20 = [r for r in rows if r["payload"]["date"] == "2026-11-20"][-1]
    assert (last_of_day_20["payload"]["state"], last_of_day_20["payload"]["version"]) == ("held", 3)
    assert last_of_day_20["key"].endswith(":v3")


async def test_a_withdrawal_waiting_for_a_dropped_session_is_kept(branch, librarian):
    from models.attendance.recording import remove_attendance

    series = dict(title="Rītarosmes", start_date="02.11.2026.", start_time="10:00", end_time="11:00",
                  repeat="weekly", weekdays=["0"], count="4")
    item_id = await create_item(await make_draft(branch["id"], librarian, **series), librarian["id"])
    first = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at).first())["id"]
    await record_attendance(first, {"total": "8"}, librarian["id"], NOW)
    await remove_attendance(first, librarian["id"], NOW)

    version = (await Item.select(Item.version).where(Item.id == item_id).first())["version"]
    later = await make_draft(branch["id"], librarian, **{**series, "start_date": "09.11.2026.", "version": str(version)})
    await update_item(item_id, later, librarian["id"])

    assert [(v, status, state) for v, status, state, _, _ in await outbox()] == [(1, "superseded", "held"), (2, "queued", "withdrawn")]


async def test_an_exhibition_made_an_event_is_withdrawn(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, **EXHIBITION), librarian["id"])
    await core_exhibitions.reconcile(NOW)

    await edit(item_id, librarian, kind="event", all_day="", start_time="10:00", end_time="11:00", end_date="", exhibition_form="")
    await core_exhibitions.reconcile(NOW)

    assert [(v, status, state) for v, status, state, _, _ in await outbox()] == [(1, "superseded", "held"), (2, "queued", "withdrawn")]
