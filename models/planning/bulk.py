"""Changing many items at once (publish the month's drafts, cancel or move a week): each item goes through
the same rules as one changed alone, and what one item refuses does not stop the others."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from models.kernel.enums import Status
from models.kernel.tables import Item, Occurrence
from models.planning.programme import move_item, move_sessions, set_status
from models.planning.status import StatusChangeRefused
from models.kernel.validation import ValidationFailed


@dataclass
class BulkResult:
    changed: list[tuple[int, str]] = field(default_factory=list)  # (item id, the status it had): what undo puts back
    refused: list[tuple[str, str]] = field(default_factory=list)  # (title, reason code)


async def set_statuses(item_ids: list[int], status: Status, staff_id: int | None, *, undoing: dict[int, str] | None = None) -> BulkResult:
    """Give each item `status` (or, undoing, the status it had: `undoing` maps id -> status)."""
    result = BulkResult()
    items = await Item.select(Item.id, Item.title, Item.status).where(Item.id.is_in(sorted(set(item_ids)) or [-1])).order_by(Item.starts_at)
    for item in items:
        wanted = Status(undoing[item["id"]]) if undoing else status
        if item["status"] == wanted.value:
            continue
        try:
            await set_status(item["id"], wanted, staff_id, undoing=bool(undoing))
        except StatusChangeRefused as refused:
            result.refused.append((item["title"], refused.code))
        except ValidationFailed as failed:  # attendance recorded: it stays counted
            result.refused.append((item["title"], next(iter(failed.errors.values()))))
        else:
            result.changed.append((item["id"], item["status"]))
    return result


async def shift_items(item_ids: list[int], days: int, staff_id: int | None) -> BulkResult:
    """Move each item `days` days later (earlier when negative), keeping its times: a single item
    as the dialog moves it, every session of a series alike. `changed` holds (id, "days") for the undo."""
    result = BulkResult()
    items = await Item.select(Item.id, Item.title, Item.rrule, Item.starts_at).where(Item.id.is_in(sorted(set(item_ids)) or [-1])).order_by(Item.starts_at)
    shift = timedelta(days=days)
    for item in items:
        try:
            if item["rrule"]:
                sessions = await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.ends_at).where(Occurrence.item == item["id"])
                await move_sessions(item["id"], [(s["id"], s["starts_at"] + shift, s["ends_at"] + shift) for s in sessions], staff_id)
            else:
                await move_item(item["id"], item["starts_at"] + shift, staff_id)
        except ValidationFailed as failed:  # a session with attendance stays where it happened
            result.refused.append((item["title"], next(iter(failed.errors.values()))))
        else:
            result.changed.append((item["id"], str(days)))
    return result
