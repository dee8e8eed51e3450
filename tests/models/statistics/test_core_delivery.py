"""The outbox towards the statistics core: backoff, claims, stale claims, failures and retries."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from models.statistics import core_delivery
from models.kernel.tables import CoreDelivery

NOW = datetime.now(timezone.utc) + timedelta(days=1)


async def _row(key: str, branch_id: int | None, *, version: int = 1, status: str = "queued") -> int:
    rows = await CoreDelivery.insert(CoreDelivery(
        key=f"{key}:v{version}", record_id=key, version=version, branch=branch_id, payload={"record_id": key, "version": version},
        status=status, next_attempt_at=NOW - timedelta(seconds=1),
    )).returning(CoreDelivery.id)
    return rows[0]["id"]


async def _get(row_id: int) -> dict:
    return await CoreDelivery.select().where(CoreDelivery.id == row_id).first()


def test_backoff_doubles_from_30_seconds_to_an_hour():
    assert [core_delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4, 7, 8, 50)] == [30, 60, 120, 240, 1920, 3600, 3600]


def test_backoff_with_zero_start_is_zero():
    assert core_delivery.backoff(5, timedelta(0)) == timedelta(0)


async def test_claim_succeeds_once(db, branch):
    row_id = await _row("afisa:a", branch["id"])

    first, second = await core_delivery.claim(row_id, NOW), await core_delivery.claim(row_id, NOW)

    assert (first, second) == (True, False)
    assert (await _get(row_id))["status"] == "sending"


async def test_due_is_in_id_order_with_payload_as_json(db, branch):
    first = await _row("afisa:b", branch["id"])
    second = await _row("afisa:a", branch["id"])

    rows = await core_delivery.due(10, NOW)

    assert [(r["id"], r["payload"]) for r in rows] == [(first, {"record_id": "afisa:b", "version": 1}), (second, {"record_id": "afisa:a", "version": 1})]


async def test_due_leaves_out_what_waits_for_its_backoff(db, branch):
    row_id = await _row("afisa:a", branch["id"])
    await core_delivery.claim(row_id, NOW)
    await core_delivery.mark_failed(row_id, 1, "HTTP 503", now=NOW)

    assert await core_delivery.due(10, NOW + timedelta(seconds=29)) == []
    assert [r["id"] for r in await core_delivery.due(10, NOW + timedelta(seconds=30))] == [row_id]


async def test_release_stale_only_after_the_claim_timeout(db, branch):
    row_id = await _row("afisa:a", branch["id"])
    await core_delivery.claim(row_id, NOW)

    early = await core_delivery.release_stale(NOW + core_delivery.CLAIM_TIMEOUT - timedelta(seconds=1))
    late = await core_delivery.release_stale(NOW + core_delivery.CLAIM_TIMEOUT + timedelta(seconds=1))

    assert (early, late) == (0, 1)
    assert (await _get(row_id))["status"] == "queued"


async def test_mark_failed_gives_up_after_max_attempts(db, branch):
    row_id = await _row("afisa:a", branch["id"])

    before = await core_delivery.mark_failed(row_id, core_delivery.MAX_ATTEMPTS - 1, "HTTP 500", now=NOW)
    after = await core_delivery.mark_failed(row_id, core_delivery.MAX_ATTEMPTS, "HTTP 500", now=NOW)

    row = await _get(row_id)
    assert (before, after) == ("queued", "failed")
    assert (row["status"], row["attempts"], row["last_error"]) == ("failed", core_delivery.MAX_ATTEMPTS, "HTTP 500")


async def test_mark_failed_unreachable_core_keeps_waiting(db, branch):
    row_id = await _row("afisa:a", branch["id"])

    status = await core_delivery.mark_failed(row_id, core_delivery.MAX_ATTEMPTS + 5, "ConnectError", unreachable=True, now=NOW)

    assert status == "queued"
    assert (await _get(row_id))["next_attempt_at"] == NOW + core_delivery.BACKOFF_MAX


async def test_mark_sent_supersedes_older_versions_waiting(db, branch):
    old = await _row("afisa:a", branch["id"], version=1, status="failed")
    new = await _row("afisa:a", branch["id"], version=2)
    other = await _row("afisa:b", branch["id"], version=1)

    await core_delivery.mark_sent(new, NOW)

    assert [(await _get(i))["status"] for i in (old, new, other)] == ["superseded", "sent", "queued"]


async def test_newer_sent_sees_a_higher_version_gone_out(db, branch):
    await _row("afisa:a", branch["id"], version=2, status="sent")
    old = await _get(await _row("afisa:a", branch["id"], version=1))
    other = await _get(await _row("afisa:b", branch["id"], version=1))

    assert (await core_delivery.newer_sent(old), await core_delivery.newer_sent(other)) == (True, False)


async def test_requeue_failed_is_scoped_to_the_branch(db, branch, other_branch):
    mine = await _row("afisa:a", branch["id"], status="failed")
    theirs = await _row("afisa:b", other_branch["id"], status="failed")
    await CoreDelivery.update({CoreDelivery.attempts: 3}).where(CoreDelivery.id == mine)

    count = await core_delivery.requeue_failed(branch["id"], NOW)

    assert count == 1
    assert [((r := await _get(i))["status"], r["attempts"]) for i in (mine, theirs)] == [("queued", 0), ("failed", 0)]


async def test_counts_per_branch_and_network(db, branch, other_branch):
    await _row("afisa:a", branch["id"], status="sent")
    await _row("afisa:b", branch["id"], status="failed")
    await _row("afisa:c", other_branch["id"], status="sent")

    mine, network = await core_delivery.counts(branch["id"]), await core_delivery.counts()

    assert mine == {"queued": 0, "sending": 0, "sent": 1, "failed": 1, "superseded": 0}
    assert network == {"queued": 0, "sending": 0, "sent": 2, "failed": 1, "superseded": 0}


async def test_recent_is_newest_first_and_scoped(db, branch, other_branch):
    first = await _row("afisa:a", branch["id"])
    await _row("afisa:b", other_branch["id"])
    third = await _row("afisa:c", branch["id"])

    assert [r["id"] for r in await core_delivery.recent(branch["id"])] == [third, first]


async def test_recent_of_one_status(db, branch):
    await _row("afisa:a", branch["id"], status="failed")
    await _row("afisa:b", branch["id"], status="sent")

    assert [r["record_id"] for r in await core_delivery.recent(None, 5, status="failed")] == ["afisa:a"]
