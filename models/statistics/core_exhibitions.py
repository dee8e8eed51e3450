"""Exhibitions in the records for the statistics core. An exhibition counts once, when it opens,
and needs no attendance (BRIEF, "Counting rules"), so the core must hear of it without anybody
recording visitors: its record is the record of its opening session (its first that is not
cancelled), with no headcount.

reconcile() compares what the core should have, every exhibition that has opened and counts,
with the newest record queued for each opening, and queues what differs: a first record, a new
version after a change of title, place, library or day, and a withdrawal when the exhibition was
cancelled, made a draft or moved back into the future. It runs before every pass of the core
sender, so no change of an exhibition has to remember to tell the core, and a restart loses
nothing. An opening session with attendance is left to the attendance's own records
(models/attendance/recording.py), which outrank these by version."""
from __future__ import annotations

import json
from datetime import datetime

from models.kernel.clock import local_wall_time
from models.statistics.core_records import build_record, next_version, queue_payload, withdrawal_of
from models.kernel.db import transaction
from models.kernel.tables import CoreDelivery

# every exhibition that has opened by {} and counts, with its opening session: the first one not
# cancelled (the lower id when two start together), unless that one has attendance of its own
_OPENINGS = """SELECT o.id AS occurrence, i.branch AS branch, o.starts_at AS starts_at, i.title AS title,
  b.slug AS branch_slug, b.name AS branch_name, pl.name AS place_name, pl.kind AS place_kind
FROM occurrence o
JOIN item i ON i.id = o.item
JOIN branch b ON b.id = i.branch
LEFT JOIN place pl ON pl.id = COALESCE(o.place, i.place)
WHERE i.kind = 'exhibition' AND i.status NOT IN ('draft', 'cancelled') AND o.cancelled = {} AND o.starts_at <= {}
  AND NOT EXISTS (SELECT 1 FROM occurrence e WHERE e.item = o.item AND e.cancelled = {}
                  AND (e.starts_at < o.starts_at OR (e.starts_at = o.starts_at AND e.id < o.id)))
  AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.occurrence = o.id)"""

# the newest record of each session without attendance: an exhibition's (kept below by the
# payload's kind, so that one made an event since is still withdrawn) or a withdrawn one
_LATEST = """SELECT c.occurrence AS occurrence, c.branch AS branch, c.version AS version, c.payload AS payload
FROM occurrence o
JOIN core_delivery c ON c.occurrence = o.id
WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.occurrence = o.id)
  AND c.version = (SELECT MAX(d.version) FROM core_delivery d WHERE d.occurrence = o.id)"""
# (driven by the sessions without attendance, a few hundred, not by the outbox, a row per held
# session: bench/core_exhibitions.py, a pass with nothing to do 253 → 70 ms on 60,000 sessions on PostgreSQL)


def _payload(value) -> dict:
    return json.loads(value) if isinstance(value, (str, bytes)) else dict(value)


def _as_sent(opening: dict) -> tuple:
    """What the record says of the opening, as its payload has it."""
    place = {"name": opening["place_name"], "kind": opening["place_kind"]} if opening["place_name"] is not None else None
    return (opening["starts_at"].isoformat(), opening["title"], {"slug": opening["branch_slug"], "name": opening["branch_name"]}, place)


def _in_payload(payload: dict) -> tuple:
    return (payload.get("starts_at"), payload.get("title"), payload.get("branch"), payload.get("place"))


async def reconcile(now: datetime) -> int:
    """Queue what the core lacks of the exhibitions that opened by `now`; returns how many records
    were queued (first records, new versions and withdrawals)."""
    wall = local_wall_time(now)
    openings = {row["occurrence"]: row for row in await CoreDelivery.raw(_OPENINGS, False, wall, False)}
    rows = [{**row, "payload": _payload(row["payload"])} for row in await CoreDelivery.raw(_LATEST)]
    latest = {row["occurrence"]: row for row in rows if row["payload"].get("kind") == "exhibition"}
    queued = 0
    for occurrence_id, opening in openings.items():
        known = latest.get(occurrence_id)
        if known and known["payload"].get("state") == "held" and _in_payload(known["payload"]) == _as_sent(opening):
            continue
        async with transaction():
            record = await build_record(occurrence_id, allow_without_attendance=True)
            if record is not None:
                queued += await queue_payload(record, occurrence_id, opening["branch"], version=await next_version(record["record_id"]))
    for occurrence_id, known in latest.items():
        if occurrence_id not in openings and known["payload"].get("state") == "held":
            async with transaction():
                queued += await queue_payload(withdrawal_of(known["payload"]), occurrence_id, known["branch"], version=known["version"] + 1)
    return queued
