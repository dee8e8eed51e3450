"""Who came: the librarian ticks the registered who came (on the printed sign-in sheet, then on a
phone, or on the phone at the door), and the attendance form of the session starts from it.

A tick is a registration's mark at one session of its item (RegistrationMark): came, did not come,
or no mark (not ticked yet). A series registers once for all its sessions (setup.py), but each of
its sessions has its own ticks: a Book Start family may come to the first session and miss the
fourth. A tick is no change to the item: it writes no history entry and tells no listener (nothing
is mailed). Only what is registered can be ticked, and only at a session of its own item that is not
cancelled; the marks stay when the retention pass blanks the names."""
from __future__ import annotations

from datetime import datetime

from models.kernel.clock import local_wall_time, utcnow
from models.kernel.db import transaction
from models.kernel.registration_tables import Registration, RegistrationMark, RegistrationSetup
from models.kernel.tables import Item, Occurrence
from models.registration.common import RegistrationNotFound, as_dict, as_utc
from models.registration.registrations import registrations_of

SHEET_ROWS = 20  # an A4 page's rows; never fewer than BLANK_ROWS_MIN blank ones for those who come unregistered
BLANK_ROWS_MIN = 8


def mark_key(registration_id: int, occurrence_id: int) -> str:
    return f"{registration_id}:{occurrence_id}"


async def mark_came(registration_id: int, item_id: int, occurrence_id: int, came: bool | None, *, staff_id: int | None) -> dict:
    """Ticks (True), unticks (False) or clears (None) one registered party of the item at one of
    its sessions. RegistrationNotFound for another item's registration or session, a cancelled
    session, a waiting or a cancelled registration. `staff_id` is who ticked; a tick is not kept in
    the item's history (see the module's note). The registration comes back with `came` at the session."""
    async with transaction():
        row = await Registration.select().where(
            (Registration.id == registration_id) & (Registration.item == item_id) & (Registration.state == "registered")).first()
        session = await Occurrence.select(Occurrence.id).where(
            (Occurrence.id == occurrence_id) & (Occurrence.item == item_id) & (Occurrence.cancelled == False)).first()  # noqa: E712
        if row is None or session is None:
            raise RegistrationNotFound()
        key = mark_key(registration_id, occurrence_id)
        if came is None:
            await RegistrationMark.delete().where(RegistrationMark.key == key)
        else:
            await RegistrationMark.insert(RegistrationMark(
                registration=registration_id, occurrence=occurrence_id, came=came, key=key, marked_at=utcnow(), marked_by=staff_id,
            )).on_conflict(target=RegistrationMark.key, action="DO UPDATE",
                           values=[RegistrationMark.came, RegistrationMark.marked_at, RegistrationMark.marked_by])
        return {**as_dict(row), "came": came, "session_id": occurrence_id}


async def marks_of(occurrence_id: int) -> dict[int, bool]:
    """{registration id: came} of the session's ticks."""
    rows = await RegistrationMark.select(RegistrationMark.registration, RegistrationMark.came).where(
        RegistrationMark.occurrence == occurrence_id)
    return {row["registration"]: bool(row["came"]) for row in rows}


async def with_marks(rows: list[dict], occurrence_id: int | None) -> list[dict]:
    """The registrations with `came` at the session (None: not ticked there; all None without a session)."""
    marks = await marks_of(occurrence_id) if occurrence_id is not None else {}
    return [{**row, "came": marks.get(row["id"])} for row in rows]


async def came_count(item_id: int, occurrence_id: int) -> dict[str, int]:
    """One session's counts, people, not parties: "registered_people" (all registered),
    "came_people" (ticked as came at the session), "no_show_people" (registered but not ticked as
    came, counted once anybody is marked at the session; 0 while nobody is, as who came is not
    known yet)."""
    rows = await Registration.select(Registration.id, Registration.party).where(
        (Registration.item == item_id) & (Registration.state == "registered"))
    marks = await marks_of(occurrence_id)
    registered = sum(row["party"] for row in rows)
    came = sum(row["party"] for row in rows if marks.get(row["id"]) is True)
    marked = any(row["id"] in marks for row in rows)
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
    """The session asked for, or without one the next to end (else the last): the sheet to print."""
    if occurrence_id is not None:
        return next((s for s in sessions if s["id"] == occurrence_id), None)
    wall = local_wall_time(as_utc(now))
    return next((s for s in sessions if s["ends_at"] > wall), sessions[-1] if sessions else None)


def ticking_session(sessions: list[dict], occurrence_id: int | None, now: datetime) -> dict | None:
    """The session whose ticks the librarian's list shows: the one asked for (None when it is not
    one of `sessions`), or without one today's, else the last that has started, else the first."""
    if occurrence_id is not None:
        return next((s for s in sessions if s["id"] == occurrence_id), None)
    if not sessions:
        return None
    wall = local_wall_time(as_utc(now))
    today = next((s for s in sessions if s["starts_at"].date() == wall.date()), None)
    if today is not None:
        return today
    started = [s for s in sessions if s["starts_at"] <= wall]
    return started[-1] if started else sessions[0]


async def sign_in_sheet(item_id: int, occurrence_id: int | None, now: datetime) -> dict | None:
    """What the sign-in sheet of one session shows: the session, the registered (in the order they
    got their place, each with `came` at this session), the blank rows' count and the waiting list.
    None when the item has no registration or the session is not one of its own (cancelled ones included)."""
    if not await has_registration(item_id):
        return None
    session = _chosen(await sessions_of(item_id), occurrence_id, now)
    if session is None:
        return None
    setup = await RegistrationSetup.select(RegistrationSetup.ask_age_band).where(RegistrationSetup.item == item_id).first()
    item = await Item.select(Item.title, Item.branch.name.as_alias("branch_name")).where(Item.id == item_id).first()
    rows = await registrations_of(item_id)
    registered = await with_marks([r for r in rows if r["state"] == "registered"], session["id"])
    return {"item_id": item_id, "title": item["title"], "branch_name": item["branch_name"], "session": session,
            "ask_age_band": setup["ask_age_band"], "registered": registered, "waiting": [r for r in rows if r["state"] == "waiting"],
            "blank_rows": max(BLANK_ROWS_MIN, SHEET_ROWS - len(registered)), "people": sum(r["party"] for r in registered)}
