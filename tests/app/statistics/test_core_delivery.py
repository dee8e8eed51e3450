"""Held-session records delivered to a real receiver on loopback that fails half of the time, is
stopped and started again, while the sender itself is killed mid-way: in the end every record is
applied exactly once by key, corrections replace what they correct, and nothing is lost."""
from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from app.statistics.core_sender import deliver_due, run_core_sender
from models.statistics import core_delivery
from models.statistics.core_records import queue_record
from models.kernel.tables import Attendance, CoreDelivery, Item, Occurrence
from tests.app.conftest import login
from tests.app.core_server import CoreServer
from tests.conftest import at

T0 = datetime.now(timezone.utc) + timedelta(days=1)  # the outbox's clock, run forward by the tests
LATER = timedelta(hours=2)  # past every backoff and every claim's deadline


@pytest.fixture
def core_server():
    server = CoreServer(failure_rate=0.5, seed=2026).start()
    yield server
    server.stop()


@pytest.fixture
def core_settings(settings, core_server):
    return replace(settings, core_url=core_server.url, core_token="kodola-atslega-7", extra={"core_backoff_seconds": 0})


async def held_session(branch_id: int, place_id: int | None, n: int, *, total: int = 20, children: int = 12) -> int:
    """An event held on day n (counted from 01.01.2026.) with its attendance; the occurrence id."""
    start = at("01.01.2026 17:00") + timedelta(days=n % 300, minutes=n)
    item = (await Item.insert(Item(uid=f"test-{n}@afisa", branch=branch_id, kind="event", title=f"Dzejas pēcpusdiena Nr. {n}",
                                   place=place_id, starts_at=start, ends_at=start + timedelta(hours=1), status="held")).returning(Item.id))[0]["id"]
    occurrence = (await Occurrence.insert(Occurrence(item=item, recurrence_id=start, starts_at=start, ends_at=start + timedelta(hours=1)))
                  .returning(Occurrence.id))[0]["id"]
    await Attendance.insert(Attendance(occurrence=occurrence, item=item, total=total, children=children, adults=total - children))
    return occurrence


async def correct(occurrence_id: int, total: int) -> None:
    """What the attendance helper does on a correction: a new version, queued in the same transaction."""
    async with Attendance._meta.db.transaction():
        await Attendance.update({Attendance.total: total, Attendance.children: 0, Attendance.adults: total,
                                 Attendance.version: Attendance.version + 1}).where(Attendance.occurrence == occurrence_id)
        await queue_record(occurrence_id)


async def statuses() -> dict[str, int]:
    return {k: v for k, v in (await core_delivery.counts()).items() if v}


async def rounds(settings, now: datetime, count: int) -> datetime:
    async with httpx.AsyncClient(timeout=5) as client:
        for _ in range(count):
            await deliver_due(settings, client, now, limit=500)
            now += LATER
    return now


async def test_delivery_survives_a_failing_receiver_its_restart_and_a_killed_sender(db, branch, reading_room, core_settings, core_server):
    sessions = [await held_session(branch["id"], reading_room["id"], n) for n in range(120)]
    for occurrence in sessions:
        assert await queue_record(occurrence) is True

    now = await rounds(core_settings, T0, 3)  # about half goes out, some of it twice
    core_server.stop()
    now = await rounds(core_settings, now, 2)  # the receiver is down: nothing lost, nothing sent
    core_server.start()
    corrected = [r["occurrence"] for r in await CoreDelivery.select(CoreDelivery.occurrence).where(CoreDelivery.status == "sent").limit(10)]
    for occurrence in corrected:
        await correct(occurrence, total=99)

    # the app dies while the receiver holds its answer: the record arrived, its row says "sending"
    core_server.failure_rate, core_server.hold_seconds = 0.0, 1.0
    core_server.received.clear()
    async with httpx.AsyncClient(timeout=5) as client:
        sender = asyncio.create_task(deliver_due(core_settings, client, now, limit=500))
        await asyncio.to_thread(core_server.received.wait, 5)
        await asyncio.sleep(0.2)
        sender.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sender
    stuck = await statuses()
    core_server.failure_rate, core_server.hold_seconds = 0.5, 0.0
    assert await core_delivery.release_stale(now + core_delivery.CLAIM_TIMEOUT + timedelta(seconds=1)) == stuck["sending"] == 1

    await rounds(core_settings, now + LATER, 30)

    rows = await CoreDelivery.select().output(load_json=True)
    assert await statuses() == {"sent": 130}
    assert {key for key, times in core_server.applied.items()} == {r["key"] for r in rows}
    assert set(core_server.applied.values()) == {1}
    assert sum(core_server.requests.values()) > 130  # resends happened, and were not applied twice
    assert len(core_server.records) == 120
    assert sorted(core_server.records[r["record_id"]]["attendance"]["total"] for r in rows if r["version"] == 2) == [99] * 10
    assert {h["Authorization"] for h in core_server.headers} == {"Bearer kodola-atslega-7"}


async def test_correction_replaces_version_1_at_the_receiver(db, branch, reading_room, core_settings, core_server):
    core_server.failure_rate = 0.0
    occurrence = await held_session(branch["id"], reading_room["id"], 1, total=30, children=10)
    await queue_record(occurrence)
    await rounds(core_settings, T0, 1)

    await correct(occurrence, total=31)
    await rounds(core_settings, T0 + LATER, 1)

    (record,) = core_server.records.values()
    assert (record["version"], record["attendance"], record["state"]) == (2, {"total": 31, "children": 0, "adults": 31, "online": 0}, "held")
    assert record["idempotency_key"].endswith(":v2")
    assert dict(core_server.applied) == {record["record_id"] + ":v1": 1, record["record_id"] + ":v2": 1}


async def test_correction_before_sending_supersedes_the_waiting_version(db, branch, reading_room, core_settings, core_server):
    core_server.failure_rate = 0.0
    occurrence = await held_session(branch["id"], reading_room["id"], 1)
    await queue_record(occurrence)
    await correct(occurrence, total=40)

    await rounds(core_settings, T0, 1)

    assert [(r["version"], r["status"]) for r in await CoreDelivery.select().order_by(CoreDelivery.id)] == [(1, "superseded"), (2, "sent")]
    assert list(core_server.applied) == ["afisa:test-1@afisa:20260102:v2"]


async def test_older_version_never_follows_a_newer_one(db, branch, reading_room, core_settings, core_server):
    core_server.failure_rate = 0.0
    occurrence = await held_session(branch["id"], reading_room["id"], 1)
    await queue_record(occurrence)
    first = await CoreDelivery.select().first()
    await core_delivery.claim(first["id"], T0)  # version 1 is held up (a sender that died with it)
    await correct(occurrence, total=40)
    await rounds(core_settings, T0, 1)  # version 2 goes out

    await core_delivery.release_stale(T0 + LATER)
    await rounds(core_settings, T0 + LATER, 1)

    assert [(r["version"], r["status"]) for r in await CoreDelivery.select().order_by(CoreDelivery.id)] == [(1, "superseded"), (2, "sent")]
    assert list(core_server.applied) == ["afisa:test-1@afisa:20260102:v2"]


async def test_core_down_for_long_keeps_records_waiting(db, branch, reading_room, core_settings, core_server):
    for n in range(3):
        await queue_record(await held_session(branch["id"], reading_room["id"], n))
    core_server.stop()

    await rounds(core_settings, T0, core_delivery.MAX_ATTEMPTS + 5)

    rows = await CoreDelivery.select(CoreDelivery.status, CoreDelivery.attempts).order_by(CoreDelivery.id)
    assert [(r["status"], r["attempts"]) for r in rows] == [("queued", core_delivery.MAX_ATTEMPTS + 5), ("queued", 0), ("queued", 0)]


async def test_without_core_url_nothing_is_sent_and_nothing_lost(db, branch, reading_room, settings, core_server):
    occurrence = await held_session(branch["id"], reading_room["id"], 1)
    await queue_record(occurrence)

    await rounds(settings, T0, 3)

    assert await statuses() == {"queued": 1}
    assert core_server.requests == {}


async def test_refusal_422_fails_for_good_with_its_error_kept(db, branch, reading_room, core_settings, core_server):
    core_server.fixed_status = 422
    occurrence = await held_session(branch["id"], reading_room["id"], 1)
    await queue_record(occurrence)

    await rounds(core_settings, T0, 3)

    row = await CoreDelivery.select().first()
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert row["last_error"] == 'HTTP 422: {"error": "refused by the test"}'
    assert sum(core_server.requests.values()) == 0 and len(core_server.headers) == 1


async def test_busy_receiver_429_is_tried_again(db, branch, reading_room, core_settings, core_server):
    core_server.fixed_status = 429
    await queue_record(await held_session(branch["id"], reading_room["id"], 1))
    await rounds(core_settings, T0, 2)
    assert (await CoreDelivery.select(CoreDelivery.status, CoreDelivery.attempts).first()) == {"status": "queued", "attempts": 2}

    core_server.fixed_status = None
    core_server.failure_rate = 0.0
    await rounds(core_settings, T0 + 3 * LATER, 1)

    assert await statuses() == {"sent": 1}


async def test_core_url_other_than_http_sends_nothing(db, branch, reading_room, core_settings):
    await queue_record(await held_session(branch["id"], reading_room["id"], 1))

    await rounds(replace(core_settings, core_url="ftp://127.0.0.1/records"), T0, 1)

    assert await statuses() == {"queued": 1}


async def test_core_token_outside_ascii_sends_nothing(db, branch, reading_room, core_settings, core_server):
    await queue_record(await held_session(branch["id"], reading_room["id"], 1))

    await rounds(replace(core_settings, core_token="atslēga"), T0, 1)

    assert await statuses() == {"queued": 1}
    assert core_server.headers == []


async def test_run_core_sender_delivers_in_the_background(db, branch, reading_room, core_settings, core_server):
    core_server.failure_rate = 0.0
    await queue_record(await held_session(branch["id"], reading_room["id"], 1))

    task = asyncio.create_task(run_core_sender(replace(core_settings, extra={"core_seconds": 0.05})))
    for _ in range(100):
        await asyncio.sleep(0.05)
        if await statuses() == {"sent": 1}:  # not core_server.applied: the sender may not have marked it yet
            break
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert len(core_server.applied) == 1
    assert await statuses() == {"sent": 1}


async def test_core_deliveries_api_gives_the_network_to_a_coordinator(client, coordinator, branch, other_branch, reading_room):
    await queue_record(await held_session(branch["id"], reading_room["id"], 1, total=30, children=10))
    await CoreDelivery.insert(CoreDelivery(key="afisa:old:v1", record_id="afisa:old", branch=other_branch["id"], status="failed",
                                           last_error="HTTP 422: nederīgs", payload={"title": "no older schema"}))
    await login(client, coordinator)

    body = (await client.get("/api/v1/core/deliveries")).json()

    assert (body["scope"], body["counts"]["queued"], body["counts"]["failed"]) == ("network", 1, 1)
    old, new = body["latest"]
    assert (old["status"], old["last_error"], old["payload"]) == ("failed", "HTTP 422: nederīgs", None)
    assert (new["key"], new["payload"]["attendance"], new["payload"]["outside_library"]) == (
        "afisa:test-1@afisa:20260102:v1", {"total": 30, "children": 10, "adults": 20, "online": 0}, False)
    assert new["payload"] == (await CoreDelivery.select(CoreDelivery.payload).where(CoreDelivery.key == new["key"]).output(load_json=True).first())["payload"]


async def test_exhibition_reaches_the_core_without_attendance_and_its_cancellation_follows(db, branch, librarian, core_settings, core_server):
    from models.kernel.enums import Status
    from models.planning.programme import create_item, set_status
    from tests.models import make_draft

    core_server.failure_rate = 0.0
    draft = await make_draft(branch["id"], librarian, kind="exhibition", title="Novadnieku fotogrāfijas", all_day="on",
                             start_date="02.11.2026.", end_date="30.11.2026.", exhibition_form="physical")
    item_id = await create_item(draft, librarian["id"])
    await rounds(core_settings, T0, 1)

    await set_status(item_id, Status.CANCELLED, librarian["id"], now=T0)
    await rounds(core_settings, T0 + LATER, 1)

    (record,) = core_server.records.values()
    assert (record["kind"], record["date"], record["version"], record["state"]) == ("exhibition", "2026-11-02", 2, "withdrawn")
    assert len(core_server.applied) == 2
