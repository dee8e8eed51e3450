"""Attendance: what the librarian records after a session has taken place (BRIEF "Counting rules").

One Attendance row per session. Recording it, correcting it, the item's history entry, the item
becoming "held" and the record for the statistics core are committed in one transaction.
Which figures a kind records is FIELDS_BY_KIND; every figure is a whole number from 0 to MAX_FIGURE.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from models.kernel.clock import aware_local, local_wall_time, utcnow
from models.statistics import next_version, queue_record, record_id_of
from models.kernel.enums import Kind, Status
from models.kernel.db import transaction
from models.planning import NotFound, StaleEdit, record_and_tell, set_status
from models.planning import NEXT
from models.kernel.tables import Attendance, Item, ItemChange, Occurrence
from models.kernel.validation import ValidationFailed

FIGURES = ("total", "children", "adults", "online", "kits", "items_out", "items_back", "readers_served")
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.EVENT.value: ("total", "children", "adults", "online"),
    Kind.EXHIBITION.value: ("total", "children", "adults"),
    Kind.LESSON.value: ("total", "children", "adults"),
    Kind.BOOK_START.value: ("children", "adults", "kits"),
    Kind.DELIVERY.value: ("items_out", "items_back", "readers_served"),
}
MAX_FIGURE = 100_000
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d)")  # "1 200" as Latvians write a thousand
_WHOLE = re.compile(r"^-?[0-9]+$")


def parse_figure(value: Any) -> int | None:
    """A whole number from 0 to MAX_FIGURE, or None when blank; ValueError with an error code otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("number")
    text = _SPACES.sub("", str(value).strip())
    if not _WHOLE.match(text):
        raise ValueError("number")
    if text.startswith("-") and text.strip("-0"):
        raise ValueError("not_negative")
    if len(text.lstrip("-0")) > len(str(MAX_FIGURE)) or int(text) > MAX_FIGURE:
        raise ValueError(f"figure_too_large:{MAX_FIGURE}")
    return abs(int(text))


def validate_figures(kind: str, raw: Mapping[str, Any]) -> dict[str, int]:
    """The figures of one session of `kind`, every column filled (blank = 0, totals derived)."""
    fields = FIELDS_BY_KIND[kind]
    values: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for name in fields:
        try:
            values[name] = parse_figure(raw.get(name))
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise ValidationFailed(errors)
    if kind != Kind.EXHIBITION.value and all(v is None for v in values.values()):
        raise ValidationFailed({fields[0]: "attendance_blank"})
    figures = {name: values.get(name) or 0 for name in FIGURES}
    if "children" in fields:
        total, children, adults = values.get("total"), values["children"], values["adults"]
        # the group left blank is what the total leaves of the other; with both blank, a lesson's
        # participants are the class (children), an event's audience adults
        if kind == Kind.BOOK_START.value or total is None:  # Book Start: children and the adults with them
            figures["total"] = (children or 0) + (adults or 0)
        elif kind == Kind.LESSON.value and children is None:
            figures["children"] = max(total - (adults or 0), 0)
        elif adults is None:
            figures["adults"] = max(total - (children or 0), 0)
        elif children is None:
            figures["children"] = max(total - adults, 0)
        if figures["children"] + figures["adults"] > figures["total"]:
            raise ValidationFailed({"total": "children_adults_over_total"})
    if figures["kits"] > figures["children"] and kind == Kind.BOOK_START.value:  # a gift kit is a child's
        raise ValidationFailed({"kits": "kits_over_children"})
    return figures


async def get_session(occurrence_id: int) -> dict | None:
    """A session with what the attendance form shows, and its attendance (None when not recorded)."""
    row = await Occurrence.select(
        Occurrence.id, Occurrence.item, Occurrence.starts_at, Occurrence.ends_at, Occurrence.cancelled, Occurrence.recurrence_id,
        Occurrence.item.title.as_alias("title"), Occurrence.item.kind.as_alias("kind"), Occurrence.item.status.as_alias("status"),
        Occurrence.item.branch.as_alias("branch"), Occurrence.item.branch.short_name.as_alias("branch_name"),
        Occurrence.item.delivery_kind.as_alias("delivery_kind"), Occurrence.item.all_day.as_alias("all_day"),
        Occurrence.place.name.as_alias("session_place"), Occurrence.item.place.name.as_alias("item_place"),
    ).where(Occurrence.id == occurrence_id).first()
    if row is None:
        return None
    session_place, item_place = row.pop("session_place"), row.pop("item_place")
    row["place_name"] = session_place or item_place
    row["item_id"] = row["item"]
    row["last_day"] = (row["ends_at"] - timedelta(days=1)).date() if row["all_day"] else row["ends_at"].date()
    row["attendance"] = await Attendance.select().where(Attendance.occurrence == occurrence_id).first()
    return row


def refusal(session: Mapping[str, Any], now: datetime) -> str | None:
    """Why this session cannot have attendance now (an error code), or None."""
    if session["status"] in (Status.DRAFT.value, Status.CANCELLED.value):
        return "item_not_active"
    if session["cancelled"]:
        return "session_cancelled"
    if session["ends_at"] > local_wall_time(now):
        return "held_in_future"
    return None


def _shown(kind: str) -> tuple[str, ...]:
    return FIELDS_BY_KIND[kind] + (("total",) if kind == Kind.BOOK_START.value else ())


async def record_attendance(occurrence_id: int, figures: Mapping[str, Any], staff_id: int | None, now: datetime | None = None,
                            expected_version: int | None = None) -> dict:
    """Record or correct a session's attendance. `figures` are raw form values or ints.
    `expected_version`: 0 for a form opened on a session without attendance, else the version the
    form showed; a stale one raises StaleEdit. Returns the Attendance row as it stands."""
    now = aware_local(now or utcnow())
    async with transaction():
        session = await get_session(occurrence_id)
        if session is None:
            raise NotFound(occurrence_id)
        if code := refusal(session, now):
            raise ValidationFailed({"session": code})
        after = validate_figures(session["kind"], figures)
        before = session["attendance"]
        if before is None:
            if expected_version not in (None, 0):
                raise StaleEdit(session["item"])
            saved = await Attendance.insert(Attendance(
                occurrence=occurrence_id, item=session["item"], version=await _next_version(occurrence_id), recorded_by=staff_id, recorded_at=now, updated_at=now, **after,
            )).on_conflict(target=Attendance.occurrence, action="DO NOTHING").returning(*Attendance.all_columns())
            changes = {name: [None, after[name]] for name in _shown(session["kind"])}
        else:
            if expected_version is not None and expected_version != before["version"]:
                raise StaleEdit(session["item"])
            changes = {name: [before[name], after[name]] for name in FIGURES if before[name] != after[name]}
            if not changes:
                return before
            saved = await Attendance.update({
                **{getattr(Attendance, name): value for name, value in after.items()},
                Attendance.version: before["version"] + 1, Attendance.recorded_by: staff_id, Attendance.updated_at: now,
            }).where((Attendance.id == before["id"]) & (Attendance.version == before["version"])).returning(*Attendance.all_columns())
        if not saved:  # somebody else recorded it between our read and our write
            raise StaleEdit(session["item"])
        await record_and_tell(session["item"], staff_id, "attendance", {"occurrence": session["starts_at"].strftime("%d.%m.%Y. %H:%M"), **changes})
        await _mark_held(session["item"], staff_id, now)
        await queue_record(occurrence_id)
        return saved[0]


async def _next_version(occurrence_id: int) -> int:
    """A first record is version 1, unless the core has heard of the session before (its
    attendance removed, or an exhibition's opening sent without one): it keeps the highest version."""
    return await next_version(await record_id_of(occurrence_id))


async def _mark_held(item_id: int, staff_id: int | None, now: datetime) -> bool:
    """The item is held once its last session has ended and every session that took place has attendance."""
    item = await Item.select(Item.status).where(Item.id == item_id).first()
    if item["status"] in (Status.HELD.value, Status.DRAFT.value, Status.CANCELLED.value):
        return False
    sessions = await Occurrence.select(Occurrence.id, Occurrence.ends_at).where((Occurrence.item == item_id) & (Occurrence.cancelled == False))  # noqa: E712
    wall = local_wall_time(now)
    if not sessions or any(s["ends_at"] > wall for s in sessions):
        return False
    recorded = await Attendance.count().where(Attendance.occurrence.is_in([s["id"] for s in sessions]))
    if recorded < len(sessions):
        return False
    await set_status(item_id, Status.HELD, staff_id, now=now)
    return True


async def item_attendance(item_id: int, now: datetime | None = None) -> list[dict]:
    """The item page's attendance table: every session that has ended and is not cancelled, oldest first."""
    wall = local_wall_time(now or utcnow())
    sessions = await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.ends_at).where(
        (Occurrence.item == item_id) & (Occurrence.cancelled == False) & (Occurrence.ends_at <= wall)  # noqa: E712
    ).order_by(Occurrence.starts_at).order_by(Occurrence.id)
    rows = await Attendance.select().where(Attendance.item == item_id)
    by_session = {row["occurrence"]: row for row in rows}
    return [{**s, "attendance": by_session.get(s["id"])} for s in sessions]


async def _status_before_held(item: Mapping[str, Any]) -> Status:
    """What a held item was before it became held (its history), else published if public, else confirmed."""
    changes = await ItemChange.select(ItemChange.details).where(
        (ItemChange.item == item["id"]) & (ItemChange.action == "status_changed")).order_by(ItemChange.id, ascending=False).output(load_json=True)
    for change in changes:
        before, after = (change["details"] or {}).get("status", [None, None])
        if after == Status.HELD.value and before in {s.value for s in NEXT[Status.HELD]}:
            return Status(before)
    return Status.PUBLISHED if item["is_public"] else Status.CONFIRMED


async def remove_attendance(occurrence_id: int, staff_id: int | None, now: datetime | None = None,
                            expected_version: int | None = None) -> dict:
    """Remove a session's attendance recorded by mistake (the session did not take place). In one
    transaction: the core is told the record is withdrawn (a version above the last one), the row
    goes, the history keeps the figures, and a held item is no longer held. Returns the removed row.
    A stale `expected_version`, or attendance already removed, raises StaleEdit."""
    now = now or utcnow()
    async with transaction():
        session = await get_session(occurrence_id)
        if session is None:
            raise NotFound(occurrence_id)
        before = session["attendance"]
        if before is None or (expected_version is not None and expected_version != before["version"]):
            raise StaleEdit(session["item"])
        await queue_record(occurrence_id, state="withdrawn", version=before["version"] + 1)  # it reads the row: before the delete
        gone = await Attendance.delete().where((Attendance.id == before["id"]) & (Attendance.version == before["version"])).returning(Attendance.id)
        if not gone:
            raise StaleEdit(session["item"])
        figures = {name: [before[name], None] for name in _shown(session["kind"])}
        await record_and_tell(session["item"], staff_id, "attendance_removed", {"occurrence": session["starts_at"].strftime("%d.%m.%Y. %H:%M"), **figures})
        item = await Item.select(Item.id, Item.status, Item.is_public).where(Item.id == session["item"]).first()
        if item["status"] == Status.HELD.value:
            await set_status(item["id"], await _status_before_held(item), staff_id, now=now)
        return before
