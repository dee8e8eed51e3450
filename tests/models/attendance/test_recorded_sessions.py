"""A recorded session is a record of what happened: the item it belongs to cannot be cancelled or
made a draft under it, and when its time, place or item changes the statistics core gets the
change as a new version of the same record."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from models.attendance.recording import record_attendance
from models.kernel.enums import Status
from models.planning.programme import create_item, edit_occurrence, get_item, set_status, split_series, update_item
from models.kernel.tables import Attendance, CoreDelivery, Occurrence
from models.kernel.validation import ValidationFailed
from tests.conftest import at
from tests.models import make_draft

NOW = datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc)


async def recorded_series(branch, librarian) -> tuple[int, list[int]]:
    item_id = await create_item(await make_draft(branch["id"], librarian, start_date="05.11.2026.", start_time="17:00", end_time="18:00",
                                                 repeat="weekly", count=6), librarian["id"])
    sessions = [o["id"] for o in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)]
    await record_attendance(sessions[0], {"total": "10"}, librarian["id"], now=NOW)
    return item_id, sessions


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.DRAFT])
async def test_set_status_refuses_to_uncount_recorded_sessions(branch, librarian, status):
    item_id, _ = await recorded_series(branch, librarian)

    with pytest.raises(ValidationFailed) as failed:
        await set_status(item_id, status, librarian["id"], now=NOW)

    assert failed.value.errors == {"status": "recorded_status:05.11.2026."}
    assert (await get_item(item_id))["status"] != status.value


async def test_update_item_refuses_to_cancel_over_recorded_sessions(branch, librarian):
    item_id, _ = await recorded_series(branch, librarian)
    item = await get_item(item_id)
    draft = await make_draft(branch["id"], librarian, start_date="05.11.2026.", start_time="17:00", end_time="18:00", repeat="weekly",
                             count=6, status="cancelled", version=item["version"])

    with pytest.raises(ValidationFailed) as failed:
        await update_item(item_id, draft, librarian["id"], now=NOW)

    assert failed.value.errors == {"status": "recorded_status:05.11.2026."}


async def test_moving_a_recorded_session_within_the_past_sends_a_new_version(branch, librarian, reading_room):
    item_id, sessions = await recorded_series(branch, librarian)

    await edit_occurrence(sessions[0], starts_at=at("05.11.2026 16:00"), ends_at=at("05.11.2026 17:00"), place_id=reading_room["id"],
                          cancelled=False, note="", staff_id=librarian["id"])

    records = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.status, CoreDelivery.payload).order_by(CoreDelivery.version).output(load_json=True)
    assert [(r["version"], r["status"]) for r in records] == [(1, "superseded"), (2, "queued")]
    assert (records[1]["payload"]["starts_at"], records[1]["payload"]["place"]) == ("2026-11-05T16:00:00", {"name": "Lasītava", "kind": "room"})
    assert (await Attendance.select(Attendance.version).first())["version"] == 2


async def test_renaming_an_item_sends_its_recorded_sessions_again(branch, librarian):
    item_id, _ = await recorded_series(branch, librarian)
    item = await get_item(item_id)
    draft = await make_draft(branch["id"], librarian, title="Stāstu vakars", start_date="05.11.2026.", start_time="17:00", end_time="18:00",
                             repeat="weekly", count=6, version=item["version"])

    await update_item(item_id, draft, librarian["id"], now=NOW)

    latest = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.payload).order_by(CoreDelivery.version, ascending=False).output(load_json=True).first()
    assert (latest["version"], latest["payload"]["title"]) == (2, "Stāstu vakars")


async def test_changing_only_the_note_of_a_recorded_session_sends_nothing(branch, librarian):
    _, sessions = await recorded_series(branch, librarian)

    await edit_occurrence(sessions[0], starts_at=at("05.11.2026 17:00"), ends_at=at("05.11.2026 18:00"), place_id=None,
                          cancelled=False, note="Lija lietus", staff_id=librarian["id"])

    assert await CoreDelivery.count() == 1


async def test_correcting_the_hour_of_recorded_sessions_keeps_their_record_ids(branch, librarian):
    item_id, _ = await recorded_series(branch, librarian)
    item = await get_item(item_id)
    draft = await make_draft(branch["id"], librarian, start_date="05.11.2026.", start_time="16:30", end_time="17:30",
                             repeat="weekly", count=6, version=item["version"])

    await update_item(item_id, draft, librarian["id"], now=NOW)

    records = await CoreDelivery.select(CoreDelivery.record_id, CoreDelivery.version, CoreDelivery.status).order_by(CoreDelivery.version)
    assert [(r["version"], r["status"]) for r in records] == [(1, "superseded"), (2, "queued")]
    assert records[0]["record_id"] == records[1]["record_id"] == f"afisa:{item['uid']}:20261105"


async def test_changing_the_kind_of_an_item_with_recorded_sessions_is_refused(branch, librarian):
    item_id, _ = await recorded_series(branch, librarian)
    item = await get_item(item_id)
    draft = await make_draft(branch["id"], librarian, kind="lesson", lesson_class="4. klase", start_date="05.11.2026.",
                             start_time="17:00", end_time="18:00", repeat="weekly", count=6, version=item["version"])

    with pytest.raises(ValidationFailed) as failed:
        await update_item(item_id, draft, librarian["id"], now=NOW)

    assert failed.value.errors == {"kind": "recorded_kind:05.11.2026."}
    assert (await get_item(item_id))["kind"] == "event"


async def test_this_and_following_from_the_first_session_keeps_the_same_guards(branch, librarian):
    item_id, sessions = await recorded_series(branch, librarian)
    item = await get_item(item_id)
    draft = await make_draft(branch["id"], librarian, start_date="05.11.2026.", start_time="17:00", end_time="18:00",
                             repeat="weekly", count=6, status="cancelled", version=item["version"])

    with pytest.raises(ValidationFailed) as failed:
        await split_series(item_id, sessions[0], draft, librarian["id"])

    assert failed.value.errors == {"status": "recorded_status:05.11.2026."}
    assert (await get_item(item_id))["status"] != "cancelled"
