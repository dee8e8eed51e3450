"""Keeping the programme: creating, editing, moving, cancelling and duplicating items, each
change written to the item's history in the same transaction and told to the areas that follow
it (models/kernel/changes.py; who listens is listed in models/consequences.py)."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from models.kernel.changes import ItemChanged, SessionsDropping, tell
from models.kernel.clock import local_wall_time, utcnow
from models.kernel.db import transaction
from models.kernel.enums import Confirmation, Status
from models.planning.recorded import refuse_if_recorded, refuse_if_ticked
from models.planning.recurrence import Recurrence, expand_rrule, parse_rrule, truncate_before
from models.planning.status import check_transition
from models.kernel.tables import Item, ItemAudience, ItemChange, ItemPartner, Occurrence
from models.planning.validation import ItemDraft
from models.kernel.validation import NotFound, ValidationFailed, clean_text

# the fields whose change makes calendar clients re-read an event (RFC 5545 SEQUENCE)
SEQUENCE_FIELDS = {"starts_at", "ends_at", "place", "status", "all_day", "rrule"}


class StaleEdit(Exception):
    """Somebody else saved the item after this form was opened."""


def _item_values(draft: ItemDraft) -> dict[str, Any]:
    values = {
        "kind": draft.kind.value, "title": draft.title, "description": draft.description,
        "branch": draft.branch_id, "place": draft.place_id, "all_day": draft.all_day,
        "starts_at": draft.starts_at, "ends_at": draft.ends_at, "rrule": draft.rrule,
        "status": draft.status.value, "is_public": draft.is_public, "responsible": draft.responsible_id,
    }
    values.update(draft.kind_fields)
    return values


async def record_and_tell(item_id: int, staff_id: int | None, action: str, details: Mapping[str, Any] | None = None, *,
                          changes: Mapping[str, Any] | None = None, occurrence_ids: tuple[int, ...] = ()) -> None:
    """The item's history entry of a change, written after the change in its transaction, and the
    change told to its listeners (models/consequences.py): every change of an item, its sessions
    or their attendance comes through here. `details` is what the history shows; `changes`
    (field -> [before, after]) what the listeners act on: a new time or place for the partners
    who confirmed, a recorded session's new facts for the statistics core."""
    now = utcnow()
    await ItemChange.insert(ItemChange(item=item_id, staff=staff_id, action=action, details=dict(details or {}), at=now))
    await tell(ItemChanged(item_id=item_id, action=action, changes=dict(changes or {}), at=now, occurrence_ids=occurrence_ids))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if hasattr(value, "value"):
        return value.value
    return value


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    return {
        name: [_jsonable(before.get(name)), _jsonable(value)]
        for name, value in after.items()
        if name in before and _jsonable(before.get(name)) != _jsonable(value)
    }


async def _write_links(item_id: int, draft: ItemDraft) -> None:
    await ItemAudience.delete().where(ItemAudience.item == item_id)
    if draft.audiences:
        await ItemAudience.insert(*[ItemAudience(item=item_id, audience=a.value) for a in draft.audiences])
    old = {row["partner"]: row for row in await ItemPartner.select().where(ItemPartner.item == item_id)}
    wanted = dict(draft.partners)
    gone = [pid for pid in old if pid not in wanted]
    if gone:
        await ItemPartner.delete().where((ItemPartner.item == item_id) & ItemPartner.partner.is_in(gone))
    for partner_id, role in draft.partners:
        if partner_id in old:
            if old[partner_id]["role"] != role.value:
                await ItemPartner.update({ItemPartner.role: role.value}).where(ItemPartner.id == old[partner_id]["id"])
        else:
            await ItemPartner.insert(ItemPartner(item=item_id, partner=partner_id, role=role.value, confirmation=Confirmation.NOT_ASKED.value))


async def _refuse_losing_recorded(existing: list[dict], by_day: dict, wanted: list[datetime], duration: timedelta,
                                   field: str, wall_now: datetime) -> None:
    """A session with attendance is the record of what happened: the rule may neither drop it
    nor move it into the future (models/attendance/recording.py; its attendance must be removed first).
    Nor may it drop a session where who came was ticked (its ticks would go with it)."""
    kept = {by_day[start.date()]["id"]: start for start in wanted if start.date() in by_day}
    at_risk = [row["id"] for row in existing if row["id"] not in kept
               or (not row["overridden"] and kept[row["id"]] + duration > wall_now and kept[row["id"]] + duration != row["ends_at"])]
    await refuse_if_recorded(at_risk, field, "recorded_sessions")
    await refuse_if_ticked([row["id"] for row in existing if row["id"] not in kept], field)


async def _sync_occurrences(item_id: int, rrule: str, starts_at: datetime, duration: timedelta, bump: bool) -> None:
    """Make the item's occurrences match its rule. A session keeps its row (and any move or
    cancellation made to it alone) while the rule still has a session on that day."""
    now = utcnow()
    existing = await Occurrence.select().where(Occurrence.item == item_id)
    by_day = {row["recurrence_id"].date(): row for row in existing}
    wanted = expand_rrule(rrule, starts_at)
    await _refuse_losing_recorded(existing, by_day, wanted, duration, "repeat" if rrule else "start_date", local_wall_time(now))
    keep_ids = set()
    new_rows = []
    for start in wanted:
        row = by_day.get(start.date())
        if row is None:
            new_rows.append(Occurrence(item=item_id, recurrence_id=start, starts_at=start, ends_at=start + duration, updated_at=now))
            continue
        keep_ids.add(row["id"])
        changes: dict = {Occurrence.recurrence_id: start}
        if not row["overridden"]:
            changes.update({Occurrence.starts_at: start, Occurrence.ends_at: start + duration})
        if bump or row["recurrence_id"] != start:
            changes.update({Occurrence.sequence: row["sequence"] + 1, Occurrence.updated_at: now})
        await Occurrence.update(changes).where(Occurrence.id == row["id"])
    dropped = [row["id"] for row in existing if row["id"] not in keep_ids]
    if dropped:
        await tell(SessionsDropping(item_id=item_id, occurrence_ids=tuple(dropped)))
        await Occurrence.delete().where(Occurrence.id.is_in(dropped))
    if new_rows:
        await Occurrence.insert(*new_rows)


async def create_item(draft: ItemDraft, staff_id: int | None, *, uid: str | None = None) -> int:
    now = utcnow()
    async with transaction():
        values = _item_values(draft)
        rows = await Item.insert(Item(uid=uid or f"{uuid.uuid4()}@afisa", created_by=staff_id, created_at=now, updated_at=now, **values)).returning(Item.id)
        item_id = rows[0]["id"]
        await _write_links(item_id, draft)
        await _sync_occurrences(item_id, draft.rrule, draft.starts_at, draft.duration, bump=False)
        await record_and_tell(item_id, staff_id, "created", {"title": draft.title})
    return item_id


async def last_end(item_id: int, default: datetime) -> datetime:
    """When the last session that still takes place ends: a series is held only after it."""
    row = await Occurrence.select(Occurrence.ends_at).where((Occurrence.item == item_id) & (Occurrence.cancelled == False)).order_by(Occurrence.ends_at, ascending=False).first()  # noqa: E712
    return row["ends_at"] if row else default


async def _refuse_uncounting_recorded(item_id: int, status: Status, current: Status | None = None) -> None:
    """A cancelled or draft item counts nowhere: sessions already recorded would vanish from the
    statistics, and the core would keep counting them. A held item with attendance is held because
    of it: it goes back to planned only with its attendance removed. The librarian removes the
    attendance first (the attendance page puts the status back itself)."""
    if status in (Status.CANCELLED, Status.DRAFT):
        await _refuse_if_any_recorded(item_id, "status", "recorded_status")
    elif current == Status.HELD:
        await _refuse_if_any_recorded(item_id, "status", "recorded_held")


async def _refuse_if_any_recorded(item_id: int, field: str, code: str) -> None:
    ids = [o["id"] for o in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id)]
    await refuse_if_recorded(ids, field, code)


async def get_item(item_id: int) -> dict:
    item = await Item.select().where(Item.id == item_id).first()
    if item is None:
        raise NotFound(item_id)
    return item


async def _save_item(item: dict, draft: ItemDraft, staff_id: int | None, action: str, now: datetime) -> dict:
    values = _item_values(draft)
    changes = _diff(item, values)
    bump = bool(SEQUENCE_FIELDS & changes.keys())
    updated = await Item.update({
        **{getattr(Item, name): value for name, value in values.items()},
        Item.version: item["version"] + 1,
        Item.sequence: item["sequence"] + (1 if bump else 0),
        Item.updated_at: now,
    }).where((Item.id == item["id"]) & (Item.version == item["version"])).returning(Item.id)
    if not updated:
        raise StaleEdit(item["id"])
    await _write_links(item["id"], draft)
    await _sync_occurrences(item["id"], draft.rrule, draft.starts_at, draft.duration, bump=bump)
    await record_and_tell(item["id"], staff_id, action, changes, changes=changes)
    return changes


async def update_item(item_id: int, draft: ItemDraft, staff_id: int | None, *, now: datetime | None = None) -> dict:
    """Edit the whole item (every session of a series). Refuses a stale form with StaleEdit."""
    now = now or utcnow()
    async with transaction():
        item = await get_item(item_id)
        if draft.version is not None and draft.version != item["version"]:
            raise StaleEdit(item_id)
        return await _update(item, draft, staff_id, now)


async def _update(item: dict, draft: ItemDraft, staff_id: int | None, now: datetime) -> dict:
    """The whole-item edit's rules, for update_item and for "this and following" from the first session."""
    last = draft.occurrence_starts()[-1] + draft.duration
    check_transition(Status(item["status"]), draft.status, last, local_wall_time(now))
    if draft.status.value != item["status"]:
        await _refuse_uncounting_recorded(item["id"], draft.status, Status(item["status"]))
    if draft.kind.value != item["kind"]:
        # the figures were recorded as the old kind's (an event's headcount is not a delivery's items)
        await _refuse_if_any_recorded(item["id"], "kind", "recorded_kind")
    return await _save_item(item, draft, staff_id, "updated", now)


async def split_series(item_id: int, occurrence_id: int, draft: ItemDraft, staff_id: int | None) -> int:
    """"This and the following": the series ends before the chosen session and a new series,
    made from the edited form, begins with it."""
    now = utcnow()
    async with transaction():
        item = await get_item(item_id)
        if draft.version is not None and draft.version != item["version"]:
            raise StaleEdit(item_id)
        occurrence = await Occurrence.select().where((Occurrence.id == occurrence_id) & (Occurrence.item == item_id)).first()
        if occurrence is None:
            raise NotFound(occurrence_id)
        if occurrence["recurrence_id"] == item["starts_at"]:
            await _update(item, draft, staff_id, now)
            return item_id
        cut_rule = truncate_before(item["rrule"], item["starts_at"], occurrence["recurrence_id"])
        await Item.update({
            Item.rrule: cut_rule, Item.version: item["version"] + 1, Item.sequence: item["sequence"] + 1, Item.updated_at: now,
        }).where(Item.id == item_id)
        duration = item["ends_at"] - item["starts_at"]
        await _sync_occurrences(item_id, cut_rule, item["starts_at"], duration, bump=True)
        await record_and_tell(item_id, staff_id, "series_split", {"from": _jsonable(occurrence["recurrence_id"])},
                              changes={"rrule": [item["rrule"], cut_rule]})
        # inside the same transaction (create_item's joins it): a failing new series leaves the old one whole
        new_id = await create_item(draft, staff_id)
        await record_and_tell(new_id, staff_id, "split_from", {"item_id": item_id})
    return new_id


async def edit_occurrence(
    occurrence_id: int, *, starts_at: datetime, ends_at: datetime, place_id: int | None,
    cancelled: bool, note: str, staff_id: int | None, expected_sequence: int | None = None,
) -> dict:
    """Move, re-place or cancel one session of a series without touching the rest."""
    if ends_at <= starts_at:
        raise ValidationFailed({"end_time": "end_before_start"})
    try:
        note = clean_text(note, 500)
    except ValueError as error:
        raise ValidationFailed({"note": str(error)}) from None
    now = utcnow()
    async with transaction():
        row = await Occurrence.select().where(Occurrence.id == occurrence_id).first()
        if row is None:
            raise NotFound(occurrence_id)
        if expected_sequence is not None and expected_sequence != row["sequence"]:
            raise StaleEdit(row["item"])
        after = {"starts_at": starts_at, "ends_at": ends_at, "place": place_id, "cancelled": cancelled, "note": note}
        changes = _diff(row, after)
        if not changes:
            return {}
        cancelling = cancelled and not row["cancelled"]
        if cancelling or (changes.keys() & {"starts_at", "ends_at"} and ends_at > local_wall_time(now)):
            await refuse_if_recorded([occurrence_id], "cancelled" if cancelling else "start_date", "session_recorded")
        await Occurrence.update({
            Occurrence.starts_at: starts_at, Occurrence.ends_at: ends_at, Occurrence.place: place_id,
            Occurrence.cancelled: cancelled, Occurrence.note: note, Occurrence.overridden: True,
            Occurrence.sequence: row["sequence"] + 1, Occurrence.updated_at: now,
        }).where(Occurrence.id == occurrence_id)
        await Item.update({Item.updated_at: now, Item.version: Item.version + 1}).where(Item.id == row["item"])
        action = "occurrence_cancelled" if cancelled and not row["cancelled"] else "occurrence_changed"
        await record_and_tell(row["item"], staff_id, action, {"occurrence": _jsonable(row["recurrence_id"]), **changes},
                              changes=changes, occurrence_ids=(occurrence_id,))
        return changes


async def move_sessions(item_id: int, moves: list[tuple[int, datetime, datetime]], staff_id: int | None, *,
                        action: str = "sessions_moved", details: Mapping[str, Any] | None = None) -> int:
    """Move several sessions of a series at once (a partner's proposal taken for "this and the
    following" or the whole series): each session keeps its row and becomes an override, and the
    change is one history entry told once, so a partner who confirmed gets one mail, not one per
    session. `moves`: (session id, new start, new end)."""
    now = utcnow()
    async with transaction():
        rows = {row["id"]: row for row in await Occurrence.select().where(
            (Occurrence.item == item_id) & Occurrence.id.is_in([m[0] for m in moves] or [-1]))}
        moving = [(rows[oid], start, end) for oid, start, end in moves
                  if oid in rows and (rows[oid]["starts_at"], rows[oid]["ends_at"]) != (start, end)]
        if not moving:
            return 0
        wall_now = local_wall_time(now)
        await refuse_if_recorded([row["id"] for row, _, end in moving if end > wall_now], "start_date", "session_recorded")
        for row, start, end in moving:
            await Occurrence.update({
                Occurrence.starts_at: start, Occurrence.ends_at: end, Occurrence.overridden: True,
                Occurrence.sequence: row["sequence"] + 1, Occurrence.updated_at: now,
            }).where(Occurrence.id == row["id"])
        await Item.update({Item.updated_at: now, Item.version: Item.version + 1}).where(Item.id == item_id)
        first, first_start, _ = min(moving, key=lambda move: move[0]["starts_at"])
        change = {"starts_at": [_jsonable(first["starts_at"]), _jsonable(first_start)]}
        await record_and_tell(item_id, staff_id, action, {**change, "sessions": len(moving), **dict(details or {})},
                              changes=change, occurrence_ids=tuple(row["id"] for row, _, _ in moving))
        return len(moving)


async def set_status(item_id: int, status: Status, staff_id: int | None, *, version: int | None = None, now: datetime | None = None,
                     undoing: bool = False) -> None:
    """`undoing`: the status it had a moment ago comes back (an undone bulk change), whatever the
    usual order of statuses; what is recorded still keeps it counted."""
    now = now or utcnow()
    async with transaction():
        item = await get_item(item_id)
        if version is not None and version != item["version"]:
            raise StaleEdit(item_id)
        if not undoing:
            check_transition(Status(item["status"]), status, await last_end(item_id, item["ends_at"]), local_wall_time(now))
        if item["status"] == status.value:
            return
        await _refuse_uncounting_recorded(item_id, status, Status(item["status"]))
        await Item.update({
            Item.status: status.value, Item.version: item["version"] + 1, Item.sequence: item["sequence"] + 1, Item.updated_at: now,
        }).where(Item.id == item_id)
        change = {"status": [item["status"], status.value]}
        await record_and_tell(item_id, staff_id, "cancelled" if status == Status.CANCELLED else "status_changed", change, changes=change)


async def move_item(item_id: int, new_start: datetime, staff_id: int | None, *, version: int | None = None,
                    new_end: datetime | None = None) -> None:
    """Move a single item (not a series) to another start, keeping its length unless `new_end` is given."""
    now = utcnow()
    async with transaction():
        item = await get_item(item_id)
        if version is not None and version != item["version"]:
            raise StaleEdit(item_id)
        duration = (new_end - new_start) if new_end else item["ends_at"] - item["starts_at"]
        await Item.update({
            Item.starts_at: new_start, Item.ends_at: new_start + duration, Item.version: item["version"] + 1,
            Item.sequence: item["sequence"] + 1, Item.updated_at: now,
        }).where(Item.id == item_id)
        await _sync_occurrences(item_id, item["rrule"], new_start, duration, bump=True)
        change = {"starts_at": [_jsonable(item["starts_at"]), _jsonable(new_start)]}
        if duration != item["ends_at"] - item["starts_at"]:
            change["ends_at"] = [_jsonable(item["ends_at"]), _jsonable(new_start + duration)]
        await record_and_tell(item_id, staff_id, "moved", change, changes=change)


async def duplicate_item(item_id: int, staff_id: int | None, *, new_start: datetime | None = None, as_status: Status = Status.DRAFT) -> int:
    """A copy (last year's Poetry Days), as a draft, optionally moved to another start."""
    item = await get_item(item_id)
    shift = (new_start - item["starts_at"]) if new_start else timedelta(0)
    rrule = item["rrule"]
    if rrule and shift:
        rule = parse_rrule(rrule)
        until = rule.until + shift if rule.until else None
        # "every Tuesday and Thursday" moved by a day becomes "every Wednesday and Friday"
        weekdays = tuple(sorted((d + shift.days) % 7 for d in rule.weekdays))
        rrule = Recurrence(rule.freq, rule.interval, weekdays, rule.monthly_mode, until=until, count=rule.count).to_rrule(item["starts_at"] + shift)
    now = utcnow()
    async with transaction():
        copy = {k: v for k, v in item.items() if k not in ("id", "uid", "version", "sequence", "created_at", "updated_at", "created_by")}
        copy.update(starts_at=item["starts_at"] + shift, ends_at=item["ends_at"] + shift, rrule=rrule, status=as_status.value)
        rows = await Item.insert(Item(uid=f"{uuid.uuid4()}@afisa", created_by=staff_id, created_at=now, updated_at=now, **copy)).returning(Item.id)
        new_id = rows[0]["id"]
        audiences = await ItemAudience.select(ItemAudience.audience).where(ItemAudience.item == item_id)
        if audiences:
            await ItemAudience.insert(*[ItemAudience(item=new_id, audience=a["audience"]) for a in audiences])
        partners = await ItemPartner.select(ItemPartner.partner, ItemPartner.role).where(ItemPartner.item == item_id)
        if partners:
            await ItemPartner.insert(*[ItemPartner(item=new_id, partner=p["partner"], role=p["role"]) for p in partners])
        await _sync_occurrences(new_id, rrule, copy["starts_at"], copy["ends_at"] - copy["starts_at"], bump=False)
        await record_and_tell(new_id, staff_id, "duplicated", {"from": item["title"], "item_id": item_id})
    return new_id
