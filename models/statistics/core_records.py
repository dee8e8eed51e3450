"""The record of a held session that goes to the library's lending and statistics core.

A record is built and queued (a CoreDelivery row) inside the transaction that records or corrects
the attendance, so the figures and their record are committed together or not at all;
app/statistics/core_sender.py delivers the queue later. The record is identified by `record_id`, which stays
the same for the session whatever is corrected; every correction is a new `version` with its own
idempotency key, and the receiver keeps the highest version it has seen.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from models.kernel.clock import utcnow
from models.kernel.enums import Kind, PlaceKind
from models.kernel.changes import ItemChanged, SessionsDropping
from models.kernel.network_tables import Branch
from models.kernel.tables import Attendance, CoreDelivery, Item, Occurrence, Place

SCHEMA_VERSION = 1

# JSON Schema (draft 2020-12) of one record, as POSTed to AFISA_CORE_URL. README "Statistics core"
# and the OpenAPI document (components/schemas/CoreRecord) show this same dict.
RECORD_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "CoreRecord",
    "description": "One held session of a library programme item, as Afiša delivers it to the statistics core. "
                   "Delivered with the HTTP header Idempotency-Key equal to `idempotency_key`; the receiver "
                   "answers 2xx once it has stored the record (or already had this key) and keeps, per "
                   "`record_id`, the record with the highest `version`.",
    "type": "object",
    "required": ["schema_version", "record_id", "version", "idempotency_key", "state", "date", "starts_at",
                 "branch", "kind", "title", "place", "outside_library", "attendance", "book_start_kits",
                 "delivery", "recorded_at"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "record_id": {"type": "string", "description": "Stable id of the session: afisa:<item uid>:<its day in the series, yyyymmdd>; it stays when the session's time, place or figures are corrected"},
        "version": {"type": "integer", "minimum": 1, "description": "Rises by one with every correction"},
        "idempotency_key": {"type": "string", "description": "<record_id>:v<version>"},
        "state": {"enum": ["held", "withdrawn"], "description": "withdrawn: the session no longer counts (cancelled or its attendance removed)"},
        "date": {"type": "string", "format": "date", "description": "Day of the session in Europe/Riga"},
        "starts_at": {"type": "string", "description": "Local wall time (Europe/Riga), ISO 8601 without offset"},
        "branch": {"type": "object", "required": ["slug", "name"], "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}},
        "kind": {"enum": [k.value for k in Kind]},
        "title": {"type": "string"},
        "place": {"type": ["object", "null"], "required": ["name", "kind"],
                  "properties": {"name": {"type": "string"}, "kind": {"enum": [k.value for k in PlaceKind]}}},
        "outside_library": {"type": "boolean", "description": "The session took place outside the library's own rooms (at a venue, a service point or, for a home delivery, readers' homes)"},
        "attendance": {"type": "object", "required": ["total", "children", "adults", "online"],
                       "description": "Headcount in person (children under 18 and adults apart) and online participants apart. "
                                      "For lessons and Book Start `total` is the participants; an exhibition's opening "
                                      "without recorded attendance carries zeros (it counts without a headcount).",
                       "properties": {k: {"type": "integer", "minimum": 0} for k in ("total", "children", "adults", "online")}},
        "book_start_kits": {"type": "integer", "minimum": 0},
        "delivery": {"type": ["object", "null"], "required": ["kind", "items_out", "items_back", "readers_served"],
                     "properties": {"kind": {"enum": ["service_point", "home"]},
                                    "items_out": {"type": "integer", "minimum": 0},
                                    "items_back": {"type": "integer", "minimum": 0},
                                    "readers_served": {"type": "integer", "minimum": 0}}},
        "recorded_at": {"type": "string", "format": "date-time", "description": "When these figures were recorded (UTC)"},
    },
}


def record_id_for(item_uid: str, original_start: datetime) -> str:
    """By day, not by time: an item has at most one session a day (models/programme keeps a
    session's row while its rule has a session on that day), and correcting the hour of a held
    session must not make the core count it twice under a new id."""
    return f"afisa:{item_uid}:{original_start:%Y%m%d}"


def _iso(value: datetime) -> str:
    return value.isoformat()


# the figures of a session that counts without a headcount (an exhibition's opening)
NO_ATTENDANCE = {"version": 1, "total": 0, "children": 0, "adults": 0, "online": 0, "kits": 0,
                 "items_out": 0, "items_back": 0, "readers_served": 0}


async def build_record(occurrence_id: int, *, state: str = "held", allow_without_attendance: bool = False) -> dict[str, Any] | None:
    """The record of one session as it stands now; None when it has no attendance, unless
    `allow_without_attendance` (an exhibition counts without one: models/statistics/core_exhibitions.py)."""
    attendance = await Attendance.select().where(Attendance.occurrence == occurrence_id).first()
    if attendance is None:
        if not allow_without_attendance:
            return None
        attendance = {**NO_ATTENDANCE, "updated_at": utcnow()}
    occurrence = await Occurrence.select().where(Occurrence.id == occurrence_id).first()
    if occurrence is None:
        return None
    item = await Item.select().where(Item.id == occurrence["item"]).first()
    branch = await Branch.select(Branch.slug, Branch.name).where(Branch.id == item["branch"]).first()
    place_id = occurrence["place"] or item["place"]
    place = await Place.select(Place.name, Place.kind).where(Place.id == place_id).first() if place_id else None
    original = occurrence["recurrence_id"] or occurrence["starts_at"]
    record_id = record_id_for(item["uid"], original)
    version = attendance["version"]
    is_delivery = item["kind"] == Kind.DELIVERY.value
    return {
        "schema_version": SCHEMA_VERSION,
        "record_id": record_id,
        "version": version,
        "idempotency_key": f"{record_id}:v{version}",
        "state": state,
        "date": occurrence["starts_at"].date().isoformat(),
        "starts_at": _iso(occurrence["starts_at"]),
        "branch": {"slug": branch["slug"], "name": branch["name"]},
        "kind": item["kind"],
        "title": item["title"],
        "place": {"name": place["name"], "kind": place["kind"]} if place else None,
        # a home delivery has no place of the library's: it takes the books to the reader's door
        "outside_library": (bool(place) and place["kind"] != PlaceKind.ROOM.value) or (is_delivery and item["delivery_kind"] == "home"),
        "attendance": {k: attendance[k] for k in ("total", "children", "adults", "online")},
        "book_start_kits": attendance["kits"],
        "delivery": {"kind": item["delivery_kind"] or "service_point", "items_out": attendance["items_out"],
                     "items_back": attendance["items_back"], "readers_served": attendance["readers_served"]} if is_delivery else None,
        "recorded_at": _iso(attendance["updated_at"]),
    }


async def queue_record(occurrence_id: int, *, state: str = "held", version: int | None = None) -> bool:
    """Queue the current record of a session for the core. Call it inside the transaction that
    changed the attendance. `version` overrides the attendance's version (a withdrawal must
    outrank the last held record). Returns False when there is nothing to send or this version is
    already queued."""
    record = await build_record(occurrence_id, state=state)
    if record is None:
        return False
    branch = await Occurrence.select(Occurrence.item.branch.as_alias("branch")).where(Occurrence.id == occurrence_id).first()
    return await queue_payload(record, occurrence_id, branch["branch"] if branch else None, version=version or record["version"])


async def queue_payload(record: dict[str, Any], occurrence_id: int | None, branch_id: int | None, *, version: int) -> bool:
    """Queue `record` as `version` of its record id. Older versions of the same record still
    waiting are superseded: the receiver only keeps the newest anyway, and sending them first
    would just cost requests. False when this version is already queued."""
    record = {**record, "version": version, "idempotency_key": f"{record['record_id']}:v{version}"}
    await CoreDelivery.update({CoreDelivery.status: "superseded"}).where(
        (CoreDelivery.record_id == record["record_id"]) & (CoreDelivery.status == "queued") & (CoreDelivery.version < version))
    rows = await CoreDelivery.insert(CoreDelivery(
        key=record["idempotency_key"], record_id=record["record_id"], version=version, occurrence=occurrence_id,
        branch=branch_id, payload=record, status="queued",
    )).on_conflict(target=CoreDelivery.key, action="DO NOTHING").returning(CoreDelivery.id)
    return bool(rows)


def withdrawal_of(payload: dict[str, Any]) -> dict[str, Any]:
    """A record sent before, now saying the session no longer counts: its figures as they were
    recorded, as remove_attendance() sends them too (queue_payload gives it its version)."""
    return {**payload, "state": "withdrawn"}


async def next_version(record_id: str) -> int:
    """One above every version of the record queued so far, whichever session row it came from:
    the core keeps the highest version, so a new record must outrank an earlier withdrawal."""
    last = await CoreDelivery.select(CoreDelivery.version).where(CoreDelivery.record_id == record_id).order_by(
        CoreDelivery.version, ascending=False).first()
    return (last["version"] if last else 0) + 1


async def record_id_of(occurrence_id: int) -> str | None:
    row = await Occurrence.select(Occurrence.recurrence_id, Occurrence.starts_at, Occurrence.item.uid.as_alias("uid")).where(
        Occurrence.id == occurrence_id).first()
    return record_id_for(row["uid"], row["recurrence_id"] or row["starts_at"]) if row else None


async def withdraw_before_dropping(occurrence_ids: list[int]) -> int:
    """Sessions are about to be deleted (their item's rule no longer has them). Whatever the core
    still counts of them is withdrawn, and their outbox rows are kept, no longer tied to the
    session, so that the deletion does not take a withdrawal still waiting with it. Call it inside
    the transaction of the change, before the delete."""
    if not occurrence_ids:
        return 0
    rows = await CoreDelivery.select(CoreDelivery.occurrence, CoreDelivery.branch, CoreDelivery.version, CoreDelivery.payload).where(
        CoreDelivery.occurrence.is_in(list(occurrence_ids))).order_by(CoreDelivery.version).output(load_json=True)
    newest = {row["occurrence"]: row for row in rows}
    await CoreDelivery.update({CoreDelivery.occurrence: None}).where(CoreDelivery.occurrence.is_in(list(occurrence_ids)))
    withdrawn = 0
    for row in newest.values():
        if row["payload"].get("state") == "held":
            withdrawn += await queue_payload(withdrawal_of(row["payload"]), None, row["branch"], version=row["version"] + 1)
    return withdrawn


async def requeue_records(occurrence_ids: list[int], now: datetime) -> int:
    """The item or session behind recorded sessions changed (time, place, title, kind…): each
    recorded one is queued again as a new version, above any version the core has had, so the
    core's copy follows. Call it inside the transaction of the change."""
    rows = await Attendance.select(Attendance.id, Attendance.occurrence, Attendance.version).where(Attendance.occurrence.is_in(list(occurrence_ids) or [0]))
    for row in rows:
        sent = await CoreDelivery.select(CoreDelivery.version).where(CoreDelivery.occurrence == row["occurrence"]).order_by(
            CoreDelivery.version, ascending=False).first()
        version = max(row["version"], sent["version"] if sent else 0) + 1
        await Attendance.update({Attendance.version: version, Attendance.updated_at: now}).where(Attendance.id == row["id"])
        await queue_record(row["occurrence"])
    return len(rows)


# What the statistics core's record of a held session says about its item
RECORD_FIELDS = frozenset({"title", "kind", "place", "delivery_kind", "branch", "starts_at"})


async def resend_after(event: ItemChanged) -> None:
    """Listener (models/consequences.py): a recorded session's record changed (its time, place,
    title…), so the core gets the new version; a new item has no recorded session yet."""
    if event.action == "created" or not RECORD_FIELDS & event.changes.keys():
        return
    ids = event.occurrence_ids or tuple(row["id"] for row in await Occurrence.select(Occurrence.id).where(Occurrence.item == event.item_id))
    await requeue_records(list(ids), event.at)


async def withdraw_dropped(event: SessionsDropping) -> None:
    """Listener (models/consequences.py): sessions about to be deleted are withdrawn from the core."""
    await withdraw_before_dropping(list(event.occurrence_ids))
