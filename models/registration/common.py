"""What every registration path shares: the errors, the setup row's lock, the item's dates as
registration reads them, and a registration as the web layer gets it."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from models.kernel.clock import aware_local, local_wall_time, utc_of_wall
from models.kernel.db import engine_name
from models.kernel.enums import Status
from models.kernel.registration_tables import Registration, RegistrationSetup
from models.kernel.tables import Item, Occurrence, Place

STATES = ("registered", "waiting", "cancelled")
CLOSED_REASONS = ("not_open", "closed", "off", "full", "ended")  # "ended": only a person's cancel after the last session


class RegistrationClosed(Exception):
    """No registration taken: `reason` is "not_open", "closed", "off" or "full"; "ended" refuses a
    person's cancel after the item's last session (the registration stays for the attendance counts)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class StaleVersion(Exception):
    """Somebody else saved the item's registration setup after this form was opened."""


class RegistrationNotFound(LookupError):
    """No live registration behind a token or an id (the web layer answers the same 404)."""


def as_utc(moment: datetime) -> datetime:
    """Every stored moment in UTC: SQLite keeps them as text, and the waiting list's order is
    the order of that text, which mixed offsets would break. A naive moment is Riga wall time."""
    return aware_local(moment).astimezone(timezone.utc)


def stored_moment(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


async def lock_setup(item_id: int) -> dict | None:
    """The item's setup, locked for the rest of the transaction. On SQLite the transaction is
    IMMEDIATE and already holds the database's write lock; on PostgreSQL two registrations
    would otherwise both count the same last place, so the setup row is taken FOR UPDATE and
    every count after it reads what the previous holder committed."""
    if engine_name(RegistrationSetup._meta.db) == "postgresql":
        await RegistrationSetup.raw('SELECT "id" FROM "registration_setup" WHERE "item" = {} FOR UPDATE', item_id)
    return await RegistrationSetup.select().where(RegistrationSetup.item == item_id).first()


async def item_facts(item_id: int) -> dict | None:
    """What a registration's mail or text says of its item: title, status, all day or not, its
    library and usual place (names). None when there is no such item."""
    return await Item.select(
        Item.id, Item.title, Item.status, Item.all_day, Item.branch, Item.place.name.as_alias("place_name"),
        Item.branch.name.as_alias("branch_name"), Item.branch.short_name.as_alias("branch_short"),
    ).where(Item.id == item_id).first()


async def item_timing(item_id: int) -> dict | None:
    """The item as registration sees it: its status, its sessions still taking place (wall
    times), and what a mail says of it."""
    item = await item_facts(item_id)
    if item is None:
        return None
    sessions = await Occurrence.select(Occurrence.starts_at, Occurrence.ends_at, Occurrence.place).where(
        (Occurrence.item == item_id) & (Occurrence.cancelled == False)).order_by(Occurrence.starts_at)  # noqa: E712
    item["sessions"] = [(row["starts_at"], row["ends_at"]) for row in sessions]
    item["first_start"] = sessions[0]["starts_at"] if sessions else None
    item["last_end"] = max((row["ends_at"] for row in sessions), default=None)
    if sessions and sessions[0]["place"]:
        # the first session held elsewhere than the item's usual place is where people come first
        place = await Place.select(Place.name).where(Place.id == sessions[0]["place"]).first()
        item["place_name"] = place["name"] if place else item["place_name"]
    return item


def closes_at(setup: dict, item: dict) -> datetime | None:
    """When registration closes: the setup's own moment, else the first session's start."""
    if setup["closes_at"] is not None:
        return stored_moment(setup["closes_at"])
    return utc_of_wall(item["first_start"]) if item["first_start"] else None


def has_future_session(item: dict, now: datetime) -> bool:
    wall = local_wall_time(as_utc(now))
    return any(start > wall for start, _ in item["sessions"])


def has_ended(item: dict, now: datetime) -> bool:
    """The item's last session (not cancelled) has ended."""
    return item["last_end"] is not None and item["last_end"] <= local_wall_time(as_utc(now))


def refusal(setup: dict | None, item: dict | None, now: datetime) -> str | None:
    """Why a new registration cannot be taken now, or None."""
    if setup is None or item is None or not setup["active"]:
        return "off"
    if not is_before_close(setup, item, now):
        return "closed"
    opens = stored_moment(setup["opens_at"])
    if opens is not None and as_utc(now) < opens:
        return "not_open"
    return None


def is_before_close(setup: dict, item: dict, now: datetime) -> bool:
    """A cancelled item, or one with no session still to come, is closed whatever its setup says."""
    if item["status"] == Status.CANCELLED.value or not has_future_session(item, now):
        return False
    closing = closes_at(setup, item)
    return closing is None or as_utc(now) < closing


async def counts(item_id: int) -> dict:
    rows = await Registration.select(Registration.state, Registration.party).where(
        (Registration.item == item_id) & Registration.state.is_in(["registered", "waiting"]))
    taken = sum(row["party"] for row in rows if row["state"] == "registered")
    waiting = [row["party"] for row in rows if row["state"] == "waiting"]
    return {"taken": taken, "waiting": len(waiting), "waiting_people": sum(waiting)}


async def waiting_order(item_id: int) -> list[dict]:
    """The waiting list, first come first: by when each was put on it, then by id for the same moment."""
    return await Registration.select().where((Registration.item == item_id) & (Registration.state == "waiting")).order_by(
        Registration.queued_at).order_by(Registration.id)


def as_dict(row: dict, position: int | None = None) -> dict[str, Any]:
    return {
        "id": row["id"], "item_id": row["item"], "name": row["name"], "phone": row["phone"], "email": row["email"],
        "party": row["party"], "age_band": row["age_band"], "state": row["state"], "queued_at": stored_moment(row["queued_at"]),
        "created_at": stored_moment(row["created_at"]), "changed_at": stored_moment(row["changed_at"]), "language": row["language"],
        "position": position if row["state"] == "waiting" else None, "anonymised": row["anonymised_at"] is not None,
    }


async def position_of(row: dict) -> int | None:
    if row["state"] != "waiting":
        return None
    ids = [other["id"] for other in await waiting_order(row["item"])]
    return ids.index(row["id"]) + 1 if row["id"] in ids else None


async def with_position(row: dict) -> dict[str, Any]:
    return as_dict(row, await position_of(row))

