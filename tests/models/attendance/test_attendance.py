"""Recording attendance: validation per kind, corrections with history and versions, the record
for the statistics core, the item becoming held, the dashboard query and the morning reminder."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from models.attendance.recording import item_attendance, record_attendance, remove_attendance, validate_figures
from models.planning.recorded import recorded_among
from models.attendance.reminders import count_lacking_attendance, send_attendance_reminders, sessions_lacking_attendance
from models.kernel.enums import Status
from models.planning.programme import NotFound, StaleEdit, create_item, edit_occurrence, set_status
from models.kernel.network_tables import Staff
from models.kernel.tables import (
    Attendance,
    CoreDelivery,
    Item,
    ItemChange,
    MailMessage,
    Notification,
    Occurrence,
)
from models.kernel.validation import ValidationFailed
from tests.conftest import at
from tests.models import make_draft

# 1 December 2026, 08:30 in Riga (UTC+2 in winter)
NOW = datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc)
ZEROS = dict(total=0, children=0, adults=0, online=0, kits=0, items_out=0, items_back=0, readers_served=0)


async def plan(branch_id: int, staff: dict, **overrides) -> int:
    values = dict(start_date="20.11.2026.", start_time="17:00", end_time="18:30")
    values.update(overrides)
    return await create_item(await make_draft(branch_id, staff, **values), staff["id"])


async def sessions(item_id: int) -> list[int]:
    rows = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)
    return [row["id"] for row in rows]


async def status_of(item_id: int) -> str:
    return (await Item.select(Item.status).where(Item.id == item_id).first())["status"]


@pytest.mark.parametrize("kind, raw, errors", [
    ("event", {"total": "-1"}, {"total": "not_negative"}),
    ("event", {"total": "12,5"}, {"total": "number"}),
    ("event", {"total": "daudz"}, {"total": "number"}),
    ("event", {"total": "²"}, {"total": "number"}),
    ("event", {"total": 3.0}, {"total": "number"}),
    ("event", {"total": True}, {"total": "number"}),
    ("event", {"total": "100001"}, {"total": "figure_too_large:100000"}),
    ("event", {"total": "99999999999999999999"}, {"total": "figure_too_large:100000"}),
    ("event", {"total": "4", "online": "-3"}, {"online": "not_negative"}),
    ("event", {"total": "10", "children": "8", "adults": "5"}, {"total": "children_adults_over_total"}),
    ("event", {"total": "5", "children": "9"}, {"total": "children_adults_over_total"}),
    ("lesson", {"total": "-2", "children": "x"}, {"total": "not_negative", "children": "number"}),
    ("event", {}, {"total": "attendance_blank"}),
    ("event", {"total": " ", "children": ""}, {"total": "attendance_blank"}),
    ("book_start", {}, {"children": "attendance_blank"}),
    ("delivery", {"items_out": "x"}, {"items_out": "number"}),
    ("delivery", {}, {"items_out": "attendance_blank"}),
    ("book_start", {"children": "6", "adults": "4", "kits": "50"}, {"kits": "kits_over_children"}),
])
def test_validate_figures_refuses_bad_numbers(kind, raw, errors):
    with pytest.raises(ValidationFailed) as failed:
        validate_figures(kind, raw)

    assert failed.value.errors == errors


@pytest.mark.parametrize("kind, raw, expected", [
    ("event", {"children": "12", "adults": "30"}, {"total": 42, "children": 12, "adults": 30}),
    ("event", {"total": "40", "children": "12"}, {"total": 40, "children": 12, "adults": 28}),
    ("event", {"total": "40", "adults": "10"}, {"total": 40, "children": 30, "adults": 10}),
    ("event", {"total": "40", "children": "12", "adults": "20", "online": "7"}, {"total": 40, "children": 12, "adults": 20, "online": 7}),
    ("event", {"total": "1 200", "children": "0"}, {"total": 1200, "adults": 1200}),
    ("event", {"total": 25, "children": 0, "adults": 0}, {"total": 25}),
    ("event", {"total": "-0"}, {}),
    ("lesson", {"total": "24", "children": "22"}, {"total": 24, "children": 22, "adults": 2}),
    ("lesson", {"total": "18"}, {"total": 18, "children": 18}),  # a class: its participants are children
    ("lesson", {"total": "20", "adults": "2"}, {"total": 20, "children": 18, "adults": 2}),
    ("book_start", {"children": "8", "adults": "6", "kits": "8"}, {"total": 14, "children": 8, "adults": 6, "kits": 8}),
    ("book_start", {"total": "99", "children": "8", "adults": "6"}, {"total": 14, "children": 8, "adults": 6}),
    ("exhibition", {}, {}),
    ("delivery", {"items_out": "30", "items_back": "12", "readers_served": "9"}, {"items_out": 30, "items_back": 12, "readers_served": 9}),
    ("delivery", {"items_out": "30", "total": "50"}, {"items_out": 30}),
])
def test_validate_figures_fills_blanks_and_derives_totals(kind, raw, expected):
    figures = validate_figures(kind, raw)

    assert figures == {**ZEROS, **expected}


async def test_record_attendance_saves_the_row_and_history(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)

    saved = await record_attendance(session, {"total": "35", "children": "12"}, librarian["id"], NOW)

    assert {k: saved[k] for k in ("total", "children", "adults", "online", "version", "recorded_by")} == {
        "total": 35, "children": 12, "adults": 23, "online": 0, "version": 1, "recorded_by": librarian["id"]}
    change = await ItemChange.select(ItemChange.details).where(ItemChange.action == "attendance").output(load_json=True).first()
    assert change["details"] == {"occurrence": "20.11.2026. 17:00", "total": [None, 35], "children": [None, 12],
                                 "adults": [None, 23], "online": [None, 0]}


async def test_record_attendance_in_the_future_is_refused(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="01.12.2026.", start_time="09:00", end_time="10:00")
    [session] = await sessions(item_id)

    with pytest.raises(ValidationFailed) as failed:
        await record_attendance(session, {"total": "5"}, librarian["id"], datetime(2026, 12, 1, 7, 59, tzinfo=timezone.utc))  # 09:59 in Riga

    assert failed.value.errors == {"session": "held_in_future"}
    assert await Attendance.count() == 0


async def test_record_attendance_once_the_session_ended_in_riga_time(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="01.12.2026.", start_time="09:00", end_time="10:00")
    [session] = await sessions(item_id)

    saved = await record_attendance(session, {"total": "5"}, librarian["id"], datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))

    assert saved["total"] == 5


async def test_record_attendance_of_a_cancelled_session_is_refused(branch, librarian):
    item_id = await plan(branch["id"], librarian, repeat="weekly", weekdays=["4"], count="2")
    first, _ = await sessions(item_id)
    row = await Occurrence.select().where(Occurrence.id == first).first()
    await edit_occurrence(first, starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="", staff_id=None)

    with pytest.raises(ValidationFailed) as failed:
        await record_attendance(first, {"total": "5"}, librarian["id"], NOW)

    assert failed.value.errors == {"session": "session_cancelled"}


@pytest.mark.parametrize("status", ["draft", "cancelled"])
async def test_record_attendance_of_a_draft_or_cancelled_item_is_refused(branch, librarian, status):
    item_id = await plan(branch["id"], librarian, status=status)
    [session] = await sessions(item_id)

    with pytest.raises(ValidationFailed) as failed:
        await record_attendance(session, {"total": "5"}, librarian["id"], NOW)

    assert failed.value.errors == {"session": "item_not_active"}


async def test_correction_keeps_history_and_raises_the_version(branch, librarian, coordinator):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30", "children": "10"}, librarian["id"], NOW)

    saved = await record_attendance(session, {"total": "32", "children": "12", "adults": "20"}, coordinator["id"], NOW, expected_version=1)

    assert (saved["version"], saved["total"], saved["children"], saved["adults"], saved["recorded_by"]) == (2, 32, 12, 20, coordinator["id"])
    changes = await ItemChange.select(ItemChange.staff, ItemChange.details).where(ItemChange.action == "attendance").order_by(ItemChange.id).output(load_json=True)
    assert changes[1] == {"staff": coordinator["id"], "details": {"occurrence": "20.11.2026. 17:00", "total": [30, 32], "children": [10, 12]}}


async def test_unchanged_correction_keeps_the_version(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)

    saved = await record_attendance(session, {"total": "30", "children": "0"}, librarian["id"], NOW, expected_version=1)

    assert saved["version"] == 1
    assert await ItemChange.count().where(ItemChange.action == "attendance") == 1


@pytest.mark.parametrize("expected_version", [0, 1])
async def test_stale_correction_is_refused(branch, librarian, expected_version):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)
    await record_attendance(session, {"total": "31"}, librarian["id"], NOW)

    with pytest.raises(StaleEdit):
        await record_attendance(session, {"total": "40"}, librarian["id"], NOW, expected_version=expected_version)

    assert (await Attendance.select(Attendance.total, Attendance.version).first()) == {"total": 31, "version": 2}


async def test_core_record_is_queued_and_a_correction_supersedes_it(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)

    await record_attendance(session, {"total": "30", "children": "10"}, librarian["id"], NOW)
    first = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.status, CoreDelivery.occurrence).output(load_json=True)
    await record_attendance(session, {"total": "32", "children": "10"}, librarian["id"], NOW, expected_version=1)
    both = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.status, CoreDelivery.payload).order_by(CoreDelivery.version).output(load_json=True)

    assert first == [{"version": 1, "status": "queued", "occurrence": session}]
    assert [(r["version"], r["status"]) for r in both] == [(1, "superseded"), (2, "queued")]
    assert both[1]["payload"]["attendance"] == {"total": 32, "children": 10, "adults": 22, "online": 0}


async def test_a_refused_record_queues_nothing(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)

    with pytest.raises(ValidationFailed):
        await record_attendance(session, {"total": "3", "children": "5", "adults": "5"}, librarian["id"], NOW)

    assert (await Attendance.count(), await CoreDelivery.count(), await status_of(item_id)) == (0, 0, "planned")


async def test_single_item_becomes_held_with_its_attendance(branch, librarian):
    item_id = await plan(branch["id"], librarian, status="published")
    [session] = await sessions(item_id)

    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)

    assert await status_of(item_id) == "held"
    actions = await ItemChange.select(ItemChange.action, ItemChange.details).where(ItemChange.item == item_id).order_by(ItemChange.id).output(load_json=True)
    assert actions[-1] == {"action": "status_changed", "details": {"status": ["published", "held"]}}


async def test_series_becomes_held_only_when_every_ended_session_is_recorded(branch, librarian):
    item_id = await plan(branch["id"], librarian, kind="lesson", lesson_class="3. klase", start_date="03.11.2026.",
                         repeat="weekly", weekdays=["1"], count="3")
    first, second, third = await sessions(item_id)

    await record_attendance(third, {"total": "20"}, librarian["id"], NOW)
    await record_attendance(first, {"total": "21"}, librarian["id"], NOW)
    after_two = await status_of(item_id)
    await record_attendance(second, {"total": "19"}, librarian["id"], NOW)

    assert (after_two, await status_of(item_id)) == ("planned", "held")


async def test_series_with_a_session_to_come_is_not_held(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="24.11.2026.", repeat="weekly", weekdays=["1"], count="2")
    first, _ = await sessions(item_id)

    await record_attendance(first, {"total": "20"}, librarian["id"], NOW)

    assert await status_of(item_id) == "planned"


async def test_cancelled_session_does_not_keep_a_series_from_being_held(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="10.11.2026.", repeat="weekly", weekdays=["1"], count="3")
    first, second, third = await sessions(item_id)
    row = await Occurrence.select().where(Occurrence.id == third).first()
    await edit_occurrence(third, starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="", staff_id=None)

    await record_attendance(first, {"total": "20"}, librarian["id"], NOW)
    await record_attendance(second, {"total": "20"}, librarian["id"], NOW)

    assert await status_of(item_id) == "held"


async def test_item_attendance_lists_ended_sessions_with_their_figures(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="24.11.2026.", repeat="weekly", weekdays=["1"], count="2")
    first, _ = await sessions(item_id)
    await record_attendance(first, {"total": "20"}, librarian["id"], NOW)

    rows = await item_attendance(item_id, NOW)

    assert [(r["id"], r["attendance"]["total"]) for r in rows] == [(first, 20)]


async def test_sessions_lacking_attendance_oldest_first_and_by_branch(branch, other_branch, librarian, other_librarian):
    late = await plan(branch["id"], librarian, title="Rudens lasījumi", start_date="25.11.2026.")
    early = await plan(branch["id"], librarian, title="Dzejas vakars", start_date="10.11.2026.")
    recorded = await plan(branch["id"], librarian, title="Jau ierakstīts", start_date="11.11.2026.")
    await plan(branch["id"], librarian, title="Melnraksts", status="draft", start_date="12.11.2026.")
    await plan(branch["id"], librarian, title="Atcelts", status="cancelled", start_date="13.11.2026.")
    await plan(branch["id"], librarian, title="Nākotnē", start_date="02.12.2026.")
    await plan(branch["id"], librarian, kind="exhibition", title="Izstāde", all_day="on", start_date="01.11.2026.", end_date="20.11.2026.")
    elsewhere = await plan(other_branch["id"], other_librarian, title="Rudzātu pasākums", start_date="15.11.2026.")
    await record_attendance((await sessions(recorded))[0], {"total": "3"}, librarian["id"], NOW)

    mine = await sessions_lacking_attendance([branch["id"]], NOW)
    network = await sessions_lacking_attendance(None, NOW)

    assert [(r["item_id"], r["title"], r["branch_name"]) for r in mine] == [(early, "Dzejas vakars", "Rožupe"), (late, "Rudens lasījumi", "Rožupe")]
    assert [r["item_id"] for r in network] == [early, elsewhere, late]
    assert mine[0]["starts_at"] == at("10.11.2026 17:00")
    assert (await count_lacking_attendance([branch["id"]], NOW), await count_lacking_attendance(None, NOW)) == (2, 3)
    assert await sessions_lacking_attendance([], NOW) == []


async def test_sessions_lacking_attendance_within_bounds_keeps_the_sessions_starting_between_them(branch, librarian):
    before = await plan(branch["id"], librarian, title="Oktobra vakars", start_date="30.10.2026.")
    inside = await plan(branch["id"], librarian, title="Novembra vakars", start_date="10.11.2026.")
    after = await plan(branch["id"], librarian, title="Decembra rīts", start_date="01.12.2026.", start_time="06:00", end_time="07:00")
    bounds = dict(starts_from=datetime(2026, 11, 1), starts_before=datetime(2026, 12, 1))

    rows = await sessions_lacking_attendance([branch["id"]], NOW, **bounds)

    assert ([r["item_id"] for r in rows], await count_lacking_attendance([branch["id"]], NOW, **bounds)) == ([inside], 1)
    assert [r["item_id"] for r in await sessions_lacking_attendance([branch["id"]], NOW)] == [before, inside, after]


async def test_reminder_waits_for_the_hour_in_riga(branch, librarian):
    await Staff.update({Staff.email: "maija@rozupe.lv"}).where(Staff.id == librarian["id"])
    await plan(branch["id"], librarian)

    sent = await send_attendance_reminders(datetime(2026, 12, 1, 5, 59, tzinfo=timezone.utc), hour=8, base_url="https://afisa.example")

    assert (sent, await MailMessage.count(), await Notification.count()) == (0, 0, 0)


async def test_reminder_is_sent_once_a_day(branch, other_branch, librarian, other_librarian):
    await Staff.update({Staff.email: "maija@rozupe.lv"}).where(Staff.id == librarian["id"])
    await plan(branch["id"], librarian, title="Dzejas vakars")
    await plan(branch["id"], librarian, title="Šodienas rīts", start_date="01.12.2026.", start_time="07:00", end_time="08:00")
    await plan(other_branch["id"], other_librarian, title="Rudzātu pasākums", start_date="20.11.2026.", status="draft")

    first = await send_attendance_reminders(NOW, hour=8, base_url="https://afisa.example")
    again = await send_attendance_reminders(datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc), hour=8, base_url="https://afisa.example")
    next_day = await send_attendance_reminders(datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc), hour=8, base_url="https://afisa.example")

    mails = await MailMessage.select(MailMessage.key, MailMessage.to_address, MailMessage.subject, MailMessage.body).order_by(MailMessage.id)
    notes = await Notification.select(Notification.staff, Notification.text).order_by(Notification.id)
    assert (first, again, next_day) == (1, 0, 1)
    assert [m["key"] for m in mails] == [f"attendance-reminder:{librarian['id']}:2026-12-01", f"attendance-reminder:{librarian['id']}:2026-12-02"]
    assert mails[0]["subject"] == "Afiša: ierakstiet apmeklējumu (1)"
    assert "- 20.11.2026. 17:00 Dzejas vakars\n" in mails[0]["body"] and "Šodienas rīts" not in mails[0]["body"]
    assert "https://afisa.example/attendance" in mails[0]["body"]
    assert "Šodienas rīts" in mails[1]["body"]
    assert notes[0] == {"staff": librarian["id"], "text": "Trūkst apmeklējuma: 1 reizei, vecākā 20.11.2026. „Dzejas vakars”."}
    assert len(notes) == 2


async def test_reminder_without_email_is_a_notification_once_a_day(branch, librarian):
    await Staff.update({Staff.language: "en"}).where(Staff.id == librarian["id"])
    await plan(branch["id"], librarian, title="Poetry evening")
    await plan(branch["id"], librarian, title="Puzzles", start_date="21.11.2026.")

    first = await send_attendance_reminders(NOW, hour=8, base_url="https://afisa.example")
    again = await send_attendance_reminders(NOW, hour=8, base_url="https://afisa.example")

    notes = await Notification.select(Notification.text)
    assert (first, again, await MailMessage.count()) == (1, 0, 0)
    assert notes == [{"text": "Attendance missing: 2 sessions, the oldest 20.11.2026. “Poetry evening”."}]


async def test_reminder_skips_a_branch_with_everything_recorded(branch, librarian):
    await Staff.update({Staff.email: "maija@rozupe.lv"}).where(Staff.id == librarian["id"])
    item_id = await plan(branch["id"], librarian)
    await record_attendance((await sessions(item_id))[0], {"total": "12"}, librarian["id"], NOW)
    await set_status(item_id, Status.HELD, librarian["id"], now=NOW)

    sent = await send_attendance_reminders(NOW, hour=8, base_url="https://afisa.example")

    assert (sent, await MailMessage.count()) == (0, 0)


# --- removing attendance recorded by mistake ---------------------------------------------------

async def test_remove_attendance_deletes_the_row_and_keeps_the_history(branch, librarian, coordinator):
    item_id = await plan(branch["id"], librarian, status="published")
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30", "children": "10"}, librarian["id"], NOW)

    removed = await remove_attendance(session, coordinator["id"], NOW, expected_version=1)

    assert (removed["total"], removed["version"]) == (30, 1)
    assert await Attendance.count() == 0
    changes = await ItemChange.select(ItemChange.staff, ItemChange.action, ItemChange.details).where(
        ItemChange.item == item_id).order_by(ItemChange.id).output(load_json=True)
    assert [c["action"] for c in changes] == ["created", "attendance", "status_changed", "attendance_removed", "status_changed"]
    assert changes[3] == {"staff": coordinator["id"], "action": "attendance_removed", "details": {
        "occurrence": "20.11.2026. 17:00", "total": [30, None], "children": [10, None], "adults": [20, None], "online": [0, None]}}


async def test_remove_attendance_puts_a_held_item_back_to_its_status_before(branch, librarian):
    item_id = await plan(branch["id"], librarian, status="published")
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)
    held = await status_of(item_id)

    await remove_attendance(session, librarian["id"], NOW)

    assert (held, await status_of(item_id)) == ("held", "published")
    last = await ItemChange.select(ItemChange.details).where(ItemChange.item == item_id).order_by(ItemChange.id, ascending=False).output(load_json=True).first()
    assert last["details"] == {"status": ["held", "published"]}


async def test_remove_attendance_of_an_internal_lesson_goes_back_to_planned(branch, librarian):
    item_id = await plan(branch["id"], librarian, kind="lesson", lesson_class="3. klase", status="planned", is_public="")
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "21"}, librarian["id"], NOW)

    await remove_attendance(session, librarian["id"], NOW)

    assert await status_of(item_id) == "planned"


@pytest.mark.parametrize("is_public, status", [(True, "published"), (False, "confirmed")])
async def test_remove_attendance_without_history_of_the_status_uses_the_item_being_public(branch, librarian, is_public, status):
    item_id = await plan(branch["id"], librarian, status="published")
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)
    await ItemChange.delete().where(ItemChange.action == "status_changed")
    await Item.update({Item.is_public: is_public}).where(Item.id == item_id)

    await remove_attendance(session, librarian["id"], NOW)

    assert await status_of(item_id) == status


async def test_remove_attendance_of_an_item_not_held_leaves_its_status(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="24.11.2026.", repeat="weekly", weekdays=["1"], count="2")
    first, _ = await sessions(item_id)
    await record_attendance(first, {"total": "20"}, librarian["id"], NOW)

    await remove_attendance(first, librarian["id"], NOW)

    assert (await status_of(item_id), await ItemChange.count().where(ItemChange.action == "status_changed")) == ("planned", 0)


async def test_remove_attendance_queues_a_withdrawal_above_the_last_version(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)
    await record_attendance(session, {"total": "31"}, librarian["id"], NOW, expected_version=1)

    await remove_attendance(session, librarian["id"], NOW, expected_version=2)

    rows = await CoreDelivery.select(CoreDelivery.key, CoreDelivery.version, CoreDelivery.status, CoreDelivery.payload).order_by(
        CoreDelivery.version).output(load_json=True)
    assert [(r["version"], r["status"]) for r in rows] == [(1, "superseded"), (2, "superseded"), (3, "queued")]
    withdrawal = rows[2]
    assert (withdrawal["payload"]["state"], withdrawal["payload"]["version"]) == ("withdrawn", 3)
    assert withdrawal["key"] == withdrawal["payload"]["idempotency_key"] == withdrawal["payload"]["record_id"] + ":v3"


async def test_recording_again_after_a_removal_outranks_the_withdrawal(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)
    await remove_attendance(session, librarian["id"], NOW, expected_version=1)

    saved = await record_attendance(session, {"total": "12"}, librarian["id"], NOW, expected_version=0)

    assert saved["version"] == 3
    rows = await CoreDelivery.select(CoreDelivery.version, CoreDelivery.status, CoreDelivery.payload).order_by(CoreDelivery.version).output(load_json=True)
    assert [(r["version"], r["status"], r["payload"]["state"]) for r in rows] == [
        (1, "superseded", "held"), (2, "superseded", "withdrawn"), (3, "queued", "held")]


@pytest.mark.parametrize("expected_version", [2, 0])
async def test_remove_attendance_with_a_stale_version_changes_nothing(branch, librarian, expected_version):
    item_id = await plan(branch["id"], librarian, status="published")
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)

    with pytest.raises(StaleEdit):
        await remove_attendance(session, librarian["id"], NOW, expected_version=expected_version)

    assert (await Attendance.count(), await CoreDelivery.count(), await status_of(item_id)) == (1, 1, "held")


async def test_remove_attendance_already_removed_is_stale(branch, librarian):
    item_id = await plan(branch["id"], librarian)
    [session] = await sessions(item_id)
    await record_attendance(session, {"total": "30"}, librarian["id"], NOW)
    await remove_attendance(session, librarian["id"], NOW, expected_version=1)

    with pytest.raises(StaleEdit):
        await remove_attendance(session, librarian["id"], NOW, expected_version=1)

    assert await ItemChange.count().where(ItemChange.action == "attendance_removed") == 1


async def test_remove_attendance_of_an_unknown_session_is_not_found(db):
    with pytest.raises(NotFound):
        await remove_attendance(987654, None, NOW)


async def test_after_removal_the_session_can_be_cancelled(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="10.11.2026.", repeat="weekly", weekdays=["1"], count="2")
    first, _ = await sessions(item_id)
    await record_attendance(first, {"total": "20"}, librarian["id"], NOW)
    row = await Occurrence.select().where(Occurrence.id == first).first()
    await remove_attendance(first, librarian["id"], NOW)

    await edit_occurrence(first, starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="", staff_id=None)

    assert (await Occurrence.select(Occurrence.cancelled).where(Occurrence.id == first).first())["cancelled"] is True


async def test_recorded_among_lists_the_recorded_sessions_oldest_first(branch, librarian):
    item_id = await plan(branch["id"], librarian, start_date="10.11.2026.", repeat="weekly", weekdays=["1"], count="3")
    first, second, third = await sessions(item_id)
    await record_attendance(third, {"total": "20"}, librarian["id"], NOW)
    await record_attendance(first, {"total": "20"}, librarian["id"], NOW)

    rows = await recorded_among([third, second, first])

    assert rows == [{"id": first, "starts_at": at("10.11.2026 17:00")}, {"id": third, "starts_at": at("24.11.2026 17:00")}]
    assert await recorded_among([]) == []


async def test_home_delivery_record_is_outside_the_library_and_a_lesson_counts_its_class_as_children(branch, librarian):
    delivery = await plan(branch["id"], librarian, kind="delivery", delivery_kind="home")
    lesson = await plan(branch["id"], librarian, kind="lesson", lesson_class="6. klase", start_time="10:00", end_time="10:45")
    await record_attendance((await sessions(delivery))[0], {"items_out": "7", "readers_served": "3"}, librarian["id"], NOW)
    await record_attendance((await sessions(lesson))[0], {"total": "18"}, librarian["id"], NOW)

    rows = await CoreDelivery.select(CoreDelivery.payload).order_by(CoreDelivery.id).output(load_json=True)

    assert [(r["payload"]["kind"], r["payload"]["place"], r["payload"]["outside_library"], r["payload"]["attendance"]) for r in rows] == [
        ("delivery", None, True, {"total": 0, "children": 0, "adults": 0, "online": 0}),
        ("lesson", None, False, {"total": 18, "children": 18, "adults": 0, "online": 0}),
    ]
