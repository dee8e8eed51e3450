"""An item's registration setup: the librarian's form, read and saved. Saving it with more
places promotes the waiting parties that now fit, in the same transaction."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, time
from typing import Any

from models.kernel.clock import utc_of_wall
from models.kernel.db import transaction
from models.kernel.registration_tables import RegistrationSetup
from models.kernel.tables import Item
from models.kernel.validation import Collector, ValidationFailed, as_bool, bounded_int, in_range, parse_date, parse_time
from models.planning import record_and_tell
from models.registration.common import StaleVersion, as_utc, counts, lock_setup, stored_moment
from models.registration.promotion import promote

CAPACITY_MAX = 10000
PARTY_MAX = 20
WAITING_LIMIT_MAX = 10000
RETENTION_MAX = 365
RETENTION_DEFAULT = 30


@dataclass
class SetupDraft:
    capacity: int
    party_max: int = 1
    opens_at: datetime | None = None  # aware
    closes_at: datetime | None = None  # aware
    waiting_list: bool = True
    waiting_limit: int | None = None
    ask_age_band: bool = False
    retention_days: int = RETENTION_DEFAULT
    active: bool = True


def parse_moment(value: Any, *, end_of_day: bool = False) -> datetime | None:
    """A Riga wall-clock date and time as typed ("01.12.2026. 10:00", or "2026-12-01T10:00" as
    <input type=datetime-local> sends it), as an aware moment.
    A date alone means the day's start, or for a closing moment its end."""
    if isinstance(value, datetime):
        return as_utc(value)
    text = str(value or "").strip()
    if not text:
        return None
    parts = text.replace("T", " ").split()
    if len(parts) > 2:
        raise ValueError("date_format")
    day = in_range(parse_date(parts[0]))
    clock = parse_time(parts[1]) if len(parts) == 2 else (time(23, 59) if end_of_day else time(0, 0))
    return utc_of_wall(datetime.combine(day, clock))


def _moment_field(form: Mapping[str, Any], name: str) -> Any:
    """The moment as one field, or as a date field and a time field (<name>_date, <name>_time)."""
    if form.get(name) not in (None, ""):
        return form.get(name)
    day, clock = str(form.get(f"{name}_date") or "").strip(), str(form.get(f"{name}_time") or "").strip()
    return f"{day} {clock}".strip()


def parse_setup(form: Mapping[str, Any]) -> SetupDraft:
    """The setup form. Checkboxes as HTML sends them: absent is off."""
    fields = Collector()
    capacity = fields.check("capacity", bounded_int, form.get("capacity"), 1, CAPACITY_MAX, None)
    if capacity is None and "capacity" not in fields.errors:
        fields.errors["capacity"] = "required"
    party_max = fields.check("party_max", bounded_int, form.get("party_max"), 1, PARTY_MAX, 1)
    opens_at = fields.check("opens_at", parse_moment, _moment_field(form, "opens_at"))
    closes_at = fields.check("closes_at", lambda v: parse_moment(v, end_of_day=True), _moment_field(form, "closes_at"))
    if opens_at and closes_at and closes_at <= opens_at:
        fields.errors.setdefault("closes_at", "end_before_start")
    waiting_list = as_bool(form.get("waiting_list"))
    waiting_limit = fields.check("waiting_limit", bounded_int, form.get("waiting_limit"), 1, WAITING_LIMIT_MAX, None) if waiting_list else None
    retention = fields.check("retention_days", bounded_int, form.get("retention_days"), 1, RETENTION_MAX, RETENTION_DEFAULT)
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return SetupDraft(capacity=capacity, party_max=party_max, opens_at=opens_at, closes_at=closes_at, waiting_list=waiting_list,
                      waiting_limit=waiting_limit, ask_age_band=as_bool(form.get("ask_age_band")), retention_days=retention,
                      active=as_bool(form.get("active")))


def _setup_dict(row: dict) -> dict:
    return {**row, "item_id": row["item"], "opens_at": stored_moment(row["opens_at"]), "closes_at": stored_moment(row["closes_at"]),
            "updated_at": stored_moment(row["updated_at"])}


async def setup_of(item_id: int) -> dict | None:
    row = await RegistrationSetup.select().where(RegistrationSetup.item == item_id).first()
    return _setup_dict(row) if row else None


def _values(draft: SetupDraft) -> dict[str, Any]:
    values = asdict(draft)
    values["opens_at"] = as_utc(draft.opens_at) if draft.opens_at else None
    values["closes_at"] = as_utc(draft.closes_at) if draft.closes_at else None
    return values


async def save_setup(item_id: int, draft: SetupDraft, *, version: int | None, staff_id: int | None, base_url: str, now: datetime) -> list[dict]:
    """Creates the setup (`version` None) or updates the one of `version`; returns the waiting
    registrations a raised capacity promoted, their mails queued in the same transaction.
    `base_url` is taken for the mails' sake; a promotion mail carries no link (messages.promoted_mail)."""
    moment = as_utc(now)
    values = _values(draft)
    async with transaction():
        if not await Item.exists().where(Item.id == item_id):
            raise ValidationFailed({"item": "unknown"})
        current = await lock_setup(item_id)
        if current is None:
            if version is not None:
                raise StaleVersion()
            # two librarians creating it at once: the unique item refuses the second, without an error
            # that would abort a PostgreSQL transaction
            rows = await RegistrationSetup.insert(RegistrationSetup(
                item=item_id, version=1, updated_at=moment, updated_by=staff_id, **values,
            )).on_conflict(target=RegistrationSetup.item, action="DO NOTHING").returning(RegistrationSetup.id)
            if not rows:
                raise StaleVersion()
            action = "registration_opened"
        else:
            if version != current["version"]:
                raise StaleVersion()
            taken = (await counts(item_id))["taken"]
            if draft.capacity < taken:
                raise ValidationFailed({"capacity": f"capacity_below_registered:{taken}"})
            await RegistrationSetup.update({
                **{getattr(RegistrationSetup, name): value for name, value in values.items()},
                RegistrationSetup.version: current["version"] + 1, RegistrationSetup.updated_at: moment,
                RegistrationSetup.updated_by: staff_id,
            }).where(RegistrationSetup.id == current["id"])
            action = "registration_changed"
        await record_and_tell(item_id, staff_id, action, {"capacity": draft.capacity, "party_max": draft.party_max,
                                                           "waiting_list": draft.waiting_list, "active": draft.active})
        setup = await RegistrationSetup.select().where(RegistrationSetup.item == item_id).first()
        return await promote(item_id, setup, now=now)
