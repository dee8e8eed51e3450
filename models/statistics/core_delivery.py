"""The outbox towards the statistics core: the rows models/core_records.queue_record() commits with
the attendance, and the steps app/statistics/core_sender.py takes with them.

States: queued → sending (claimed by one sender) → sent; a failed try goes back to queued with a
backoff (30 s doubling up to an hour), and after MAX_ATTEMPTS answers that failed, or at once when
the receiver refuses the record for good (a 4xx), stays `failed` until a librarian retries it. A
core that cannot be reached at all is waited for however long it takes. A version older than one
already sent is `superseded`: the receiver keeps the newest only. Every function takes `now` so the
tests can run the clock forward instead of waiting."""
from __future__ import annotations

from datetime import datetime, timedelta

from piccolo.query.functions.aggregate import Count

from models.kernel.tables import CoreDelivery
from models.kernel.clock import utcnow  # noqa: F401 - the sender and its tests read the time here

MAX_ATTEMPTS = 30  # about a day of answers that fail, with the backoff at its hour
BACKOFF_START = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
# a claimed row whose sender died (crash, restart) is queued again after this long; the column
# next_attempt_at doubles as the claim's deadline
CLAIM_TIMEOUT = timedelta(minutes=2)
STATUSES = ("queued", "sending", "sent", "failed", "superseded")


def backoff(attempts: int, start: timedelta = BACKOFF_START) -> timedelta:
    """The wait after the n-th failed try: start, 2 × start, 4 × start … at most an hour."""
    return min(BACKOFF_MAX, start * 2 ** max(0, min(attempts, 30) - 1))


async def due(limit: int = 50, now: datetime | None = None) -> list[dict]:
    """What may be sent now, oldest first (id order keeps a record's versions in order)."""
    return await CoreDelivery.select().where(
        (CoreDelivery.status == "queued") & (CoreDelivery.next_attempt_at <= (now or utcnow()))
    ).order_by(CoreDelivery.id).limit(limit).output(load_json=True)


async def claim(row_id: int, now: datetime | None = None) -> bool:
    """Take a queued row for sending. Only one of several senders gets True: the status check and
    the change are one statement."""
    # the deadline counts from the real clock too: a pass's `now` is taken at its start, and a long
    # pass would otherwise claim rows whose deadline has already gone by
    deadline = max(now or utcnow(), utcnow()) + CLAIM_TIMEOUT
    rows = await CoreDelivery.update({CoreDelivery.status: "sending", CoreDelivery.next_attempt_at: deadline}).where(
        (CoreDelivery.id == row_id) & (CoreDelivery.status == "queued")).returning(CoreDelivery.id)
    return bool(rows)


async def release_stale(now: datetime | None = None) -> int:
    """Queue again what a dead sender claimed and never finished. The receiver may already have the
    record (the crash came between its answer and mark_sent); it is sent again with the same
    idempotency key, and the receiver answers that it already has it."""
    rows = await CoreDelivery.update({CoreDelivery.status: "queued"}).where(
        (CoreDelivery.status == "sending") & (CoreDelivery.next_attempt_at < (now or utcnow()))).returning(CoreDelivery.id)
    return len(rows)


async def newer_sent(row: dict) -> bool:
    """Has a higher version of the same record already gone out (or is it going)? Then this one
    must not follow it: the receiver would see an older figure after a newer one."""
    return await CoreDelivery.exists().where(
        (CoreDelivery.record_id == row["record_id"]) & (CoreDelivery.version > row["version"])
        & CoreDelivery.status.is_in(["sending", "sent"]))


async def supersede(row_id: int) -> None:
    await CoreDelivery.update({CoreDelivery.status: "superseded"}).where(
        (CoreDelivery.id == row_id) & CoreDelivery.status.is_in(["queued", "sending", "failed"]))


async def mark_sent(row_id: int, now: datetime | None = None) -> None:
    """Sent; the record's older versions still waiting or failed are superseded by it."""
    row = await CoreDelivery.select(CoreDelivery.record_id, CoreDelivery.version).where(CoreDelivery.id == row_id).first()
    await CoreDelivery.update({CoreDelivery.status: "sent", CoreDelivery.sent_at: now or utcnow(), CoreDelivery.last_error: ""}).where(
        (CoreDelivery.id == row_id) & CoreDelivery.status.is_in(["queued", "sending"]))
    if row:
        await CoreDelivery.update({CoreDelivery.status: "superseded"}).where(
            (CoreDelivery.record_id == row["record_id"]) & (CoreDelivery.version < row["version"])
            & CoreDelivery.status.is_in(["queued", "failed"]))


async def mark_failed(row_id: int, attempts: int, error: str, *, final: bool = False, unreachable: bool = False,
                      now: datetime | None = None, start: timedelta = BACKOFF_START) -> str:
    """Another try after the backoff; after MAX_ATTEMPTS (or at once, when `final`) it stays
    `failed` with its error until retried, except when the core was `unreachable`: an outage is not
    the record's fault, and it waits for the core however long. Returns the new status."""
    status = "failed" if final or (attempts >= MAX_ATTEMPTS and not unreachable) else "queued"
    await CoreDelivery.update({
        CoreDelivery.status: status, CoreDelivery.attempts: attempts, CoreDelivery.last_error: error[:2000],
        CoreDelivery.next_attempt_at: (now or utcnow()) + backoff(attempts, start),
    }).where((CoreDelivery.id == row_id) & CoreDelivery.status.is_in(["queued", "sending"]))  # never undo another sender's `sent`
    return status


async def requeue_failed(branch_id: int | None, now: datetime | None = None) -> int:
    """A librarian's retry of her branch's failed records (None: the network's): a fresh round of
    attempts, starting now. Returns how many."""
    query = CoreDelivery.update({CoreDelivery.status: "queued", CoreDelivery.attempts: 0, CoreDelivery.next_attempt_at: now or utcnow()}).where(
        CoreDelivery.status == "failed")
    if branch_id is not None:
        query = query.where(CoreDelivery.branch == branch_id)
    return len(await query.returning(CoreDelivery.id))


async def counts(branch_id: int | None = None) -> dict[str, int]:
    """How many rows in each state, for a branch or (None) the network; every state present."""
    query = CoreDelivery.select(CoreDelivery.status, Count(CoreDelivery.id, alias="n")).group_by(CoreDelivery.status)
    if branch_id is not None:
        query = query.where(CoreDelivery.branch == branch_id)
    found = {row["status"]: row["n"] for row in await query}
    return {status: found.get(status, 0) for status in STATUSES}


async def recent(branch_id: int | None = None, limit: int = 100, *, status: str | None = None) -> list[dict]:
    """The newest rows first (only those in `status`, if given), with their payload."""
    query = CoreDelivery.select().order_by(CoreDelivery.id, ascending=False).limit(limit)
    if status is not None:
        query = query.where(CoreDelivery.status == status)
    if branch_id is not None:
        query = query.where(CoreDelivery.branch == branch_id)
    return await query.output(load_json=True)
