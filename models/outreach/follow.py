"""What a change in the planner means for the book sets and the rounds (listeners,
models/consequences.py):

- a delivery moved to another day takes its set out on that day, its due day moving with it; a
  single item moved to another day gets a new session, and its placements follow it there;
- a delivery cancelled (alone, or with its item) or dropped from a series takes nothing out: the
  set stays in the library, and the set it was to collect waits for the next proposal again;
- a delivery that leaves a day leaves that day's unfinished round; one that comes to a day with
  an unfinished round joins it."""
from __future__ import annotations

from datetime import timedelta

from models.kernel.changes import ItemChanged, SessionsDropping
from models.kernel.outreach_tables import DeliveryRound, RoundStop, SetPlacement
from models.kernel.tables import Attendance, Item, Occurrence
from models.outreach.rounds import add_to_round


async def _forget(session_ids: list[int]) -> None:
    """Sessions that will not happen: their placements not yet out are undone."""
    if not session_ids:
        return
    held = {row["occurrence"] for row in await Attendance.select(Attendance.occurrence).where(Attendance.occurrence.is_in(session_ids))}
    gone = [session_id for session_id in session_ids if session_id not in held]
    if gone:
        await SetPlacement.delete().where(SetPlacement.delivery.is_in(gone) & SetPlacement.returned_on.is_null())
        await SetPlacement.update({SetPlacement.collection: None, SetPlacement.collection_item: None}).where(
            SetPlacement.collection.is_in(gone) & SetPlacement.returned_on.is_null())


async def _leave_rounds(session_ids: list[int]) -> None:
    """Stops not yet done, of rounds not yet finished, for sessions no longer on their day."""
    if session_ids:
        open_rounds = [row["id"] for row in await DeliveryRound.select(DeliveryRound.id).where(DeliveryRound.finished_at.is_null())]
        await RoundStop.delete().where(RoundStop.session.is_in(session_ids) & RoundStop.done_at.is_null()
                                       & RoundStop.round.is_in(open_rounds or [-1]))


async def follow_deliveries(event: ItemChanged) -> None:
    item = await Item.select(Item.kind, Item.status, Item.rrule, Item.branch, Item.delivery_kind).where(Item.id == event.item_id).first()
    if item is None or item["kind"] != "delivery":
        return
    sessions = await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.cancelled).where(Occurrence.item == event.item_id)
    if not item["rrule"] and len(sessions) == 1:  # a single item's new session after a move to another day
        await SetPlacement.update({SetPlacement.delivery: sessions[0]["id"]}).where(
            (SetPlacement.delivery_item == event.item_id) & SetPlacement.delivery.is_null() & SetPlacement.returned_on.is_null())
        await SetPlacement.update({SetPlacement.collection: sessions[0]["id"]}).where(
            (SetPlacement.collection_item == event.item_id) & SetPlacement.collection.is_null() & SetPlacement.returned_on.is_null())
    off = item["status"] in ("cancelled", "draft")
    stopped = [row["id"] for row in sessions if off or row["cancelled"]]
    await _forget(stopped)
    await _leave_rounds(stopped)
    for row in sessions:
        if off or row["cancelled"]:
            continue
        day = row["starts_at"].date()
        for placement in await SetPlacement.select(SetPlacement.id, SetPlacement.placed_on, SetPlacement.due_on).where(
                (SetPlacement.delivery == row["id"]) & SetPlacement.returned_on.is_null()):
            if placement["placed_on"] != day:
                await SetPlacement.update({SetPlacement.placed_on: day,
                                           SetPlacement.due_on: day + timedelta(days=(placement["due_on"] - placement["placed_on"]).days)}).where(
                    SetPlacement.id == placement["id"])
        stops = await RoundStop.select(RoundStop.id, RoundStop.round.day.as_alias("day")).where(
            (RoundStop.session == row["id"]) & RoundStop.done_at.is_null() & RoundStop.round.finished_at.is_null())
        moved_away = [stop["id"] for stop in stops if stop["day"] != day]
        if moved_away:
            await RoundStop.delete().where(RoundStop.id.is_in(moved_away))
        if item["delivery_kind"] == "service_point":
            await add_to_round(item["branch"], day, row["id"])


async def forget_dropped(event: SessionsDropping) -> None:
    """A series' dropped sessions will not happen; a single item's one session is replaced by a new
    one (a move to another day), which follow_deliveries links its placements to."""
    item = await Item.select(Item.rrule).where(Item.id == event.item_id).first()
    await _leave_rounds(list(event.occurrence_ids))
    if item is not None and item["rrule"]:
        await _forget(list(event.occurrence_ids))
