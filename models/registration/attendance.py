"""Who came: the librarian ticks the registered who came (on the printed sign-in sheet, then on a
phone, or on the phone at the door), and the attendance form of the item's session starts from it.

`came` is one column per registration: None not marked yet, True came, False did not come. A
series registers once for all its sessions (setup.py), so its tick is the item's, not a session's.
A tick is no change to the item: it writes no history entry and tells no listener (nothing is mailed).
Only what is registered can be ticked; the counts stay when the retention pass blanks the names."""
from __future__ import annotations

from datetime import datetime

from models.kernel.clock import local_wall_time
from models.kernel.db import transaction
from models.kernel.registration_tables import Registration, RegistrationSetup
from models.kernel.tables import Item, Occurrence
from models.registration.common import RegistrationNotFound, as_dict, as_utc
from models.registration.registrations import registrations_of

SHEET_ROWS = 20  # an A4 page's rows; never fewer than BLANK_ROWS_MIN blank ones for those who come unregistered
BLANK_ROWS_MIN = 8


async def mark_came(registration_id: int, item_id: int, came: bool | None, *, staff_id: int | None) -> dict:
    """Ticks (True), unticks (False) or clears (None) one registered party of the item.
    RegistrationNotFound for another item's registration, a waiting or a cancelled one. `staff_id`
    is who ticked; a tick is not kept in the item's history (see the module's note)."""
    async with transaction():
        rows = await Registration.update({Registration.came: came}).where(
            (Registration.id == registration_id) & (Registration.item == item_id) & (Registration.state == "registered")
        ).returning(*Registration.all_columns())
        if not rows:
            raise RegistrationNotFound()
        return as_dict(rows[0])


async def came_count(item_id: int) -> dict[str, int]:
    """People, not parties: "registered_people" (all registered), "came_people" (ticked as came),
    "no_show_people" (registered but not ticked, counted once anybody of the item is marked; 0
    while nobody is, as who came is not known yet)."""
    rows = await Registration.select(Registration.party, Registration.came).where(
        (Registration.item == item_id) & (Registration.state == "registered"))
    registered = sum(row["party"] for row in rows)
    came = sum(row["party"] for row in rows if row["came"] is True)
    marked = any(row["came"] is not None for row in rows)
    return {"registered_people": registered, "came_people": came, "no_show_people": registered - came if marked else 0}


async def has_registration(item_id: int) -> bool:
    return await RegistrationSetup.exists().where(RegistrationSetup.item == item_id)


async def sessions_of(item_id: int) -> list[dict]:
    """The item's sessions not cancelled, in order (wall times), with where each is held."""
    rows = await Occurrence.select(
        Occurrence.id, Occurrence.starts_at, Occurrence.ends_at, Occurrence.place.name.as_alias("session_place"),
        Occurrence.item.all_day.as_alias("all_day"), Occurrence.item.place.name.as_alias("item_place"),
    ).where((Occurrence.item == item_id) & (Occurrence.cancelled == False)).order_by(Occurrence.starts_at)  # noqa: E712
    return [{"id": row["id"], "starts_at": row["starts_at"], "ends_at": row["ends_at"], "all_day": row["all_day"],
             "place_name": row["session_place"] or row["item_place"] or ""} for row in rows]


def _chosen(sessions: list[dict], occurrence_id: int | None, now: datetime) -> dict | None:
    """The session asked for, or without one the next to end (else the last)."""
    if occurrence_id is not None:
        return next((s for s in sessions if s["id"] == occurrence_id), None)
    wall = local_wall_time(as_utc(now))
    return next((s for s in sessions if s["ends_at"] > wall), sessions[-1] if sessions else None)


async def sign_in_sheet(item_id: int, occurrence_id: int | None, now: datetime) -> dict | None:
    """What the sign-in sheet of one session shows: the session, the registered (in the order they
    got their place), the blank rows' count and the waiting list. None when the item has no
    registration or the session is not one of its own (cancelled ones included)."""
    if not await has_registration(item_id):
        return None
    session = _chosen(await sessions_of(item_id), occurrence_id, now)
    if session is None:
        return None
    setup = await RegistrationSetup.select(RegistrationSetup.ask_age_band).where(RegistrationSetup.item == item_id).first()
    item = await Item.select(Item.title, Item.branch.name.as_alias("branch_name")).where(Item.id == item_id).first()
    rows = await registrations_of(item_id)
    registered = [r for r in rows if r["state"] == "registered"]
    return {"item_id": item_id, "title": item["title"], "branch_name": item["branch_name"], "session": session,
            "ask_age_band": setup["ask_age_band"], "registered": registered, "waiting": [r for r in rows if r["state"] == "waiting"],
            "blank_rows": max(BLANK_ROWS_MIN, SHEET_ROWS - len(registered)), "people": sum(r["party"] for r in registered)}

