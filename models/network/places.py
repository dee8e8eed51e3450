"""Places of a branch: rooms, external venues and service points. A branch's librarians and the
coordinators keep them; a place once used by an item is deactivated, never deleted, so the
programme and its statistics keep their place names."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from models.kernel.db import transaction
from models.kernel.enums import PlaceKind
from models.kernel.permissions import can_edit_branch
from models.kernel.network_tables import Branch
from models.kernel.tables import Item, Partner, Place
from models.kernel.validation import Collector, ValidationFailed, as_int, clean_text, enum_value, optional_date
from models.network import history

POINT_TYPES = ("care_home", "settlement", "school", "preschool", "other")
MAX_CAPACITY = 100_000


@dataclass
class PlaceDraft:
    branch: int
    name: str
    kind: str
    address: str
    capacity: int | None
    accessibility: str
    equipment: str
    contact: str
    host_partner: int | None
    point_type: str
    opened_on: date | None
    closed_on: date | None


def _capacity(value: Any) -> int | None:
    number = as_int(value)
    if number is not None and not 1 <= number <= MAX_CAPACITY:
        raise ValueError("capacity_range")
    return number


def _point_type(value: Any) -> str:
    text = str(value or "").strip()
    if text and text not in POINT_TYPES:
        raise ValueError("choice")
    return text


async def validate_place(raw: Mapping[str, Any], staff: Mapping[str, Any]) -> PlaceDraft:
    fields = Collector()
    branch_id = fields.check("branch_id", as_int, raw.get("branch_id"))
    if branch_id is None and "branch_id" not in fields.errors:
        fields.errors["branch_id"] = "required"
    elif branch_id is not None:
        if not await Branch.exists().where(Branch.id == branch_id):
            fields.errors["branch_id"] = "unknown"
        elif not can_edit_branch(staff, branch_id):
            fields.errors["branch_id"] = "place_branch_forbidden"
    name = fields.check("name", clean_text, raw.get("name"), 200, True)
    kind = fields.check("kind", enum_value, PlaceKind, raw.get("kind"))
    address = fields.check("address", clean_text, raw.get("address"), 300)
    capacity = fields.check("capacity", _capacity, raw.get("capacity"))
    accessibility = fields.check("accessibility", lambda v: clean_text(v, 2000, multiline=True), raw.get("accessibility"))
    equipment = fields.check("equipment", lambda v: clean_text(v, 2000, multiline=True), raw.get("equipment"))
    contact = fields.check("contact", clean_text, raw.get("contact"), 300)
    host = fields.check("host_partner", as_int, raw.get("host_partner"))
    if host is not None:
        partner = await Partner.select(Partner.branch).where(Partner.id == host).first()
        if partner is None:
            fields.errors["host_partner"] = "unknown"
        elif partner["branch"] not in (None, branch_id):
            fields.errors["host_partner"] = "partner_other_branch"
    point_type = fields.check("point_type", _point_type, raw.get("point_type"))
    opened = fields.check("opened_on", optional_date, raw.get("opened_on"))
    closed = fields.check("closed_on", optional_date, raw.get("closed_on"))
    if opened and closed and closed < opened:
        fields.errors.setdefault("closed_on", "end_before_start")
    if fields.errors:
        raise ValidationFailed(fields.errors)
    service_point = kind == PlaceKind.SERVICE_POINT
    return PlaceDraft(branch=branch_id, name=name, kind=kind.value, address=address, capacity=capacity, accessibility=accessibility,
                      equipment=equipment, contact=contact, host_partner=host, point_type=point_type if service_point else "",
                      opened_on=opened if service_point else None, closed_on=closed if service_point else None)


async def save_place(draft: PlaceDraft, staff_id: int | None, place_id: int | None = None) -> int:
    values = asdict(draft)
    async with transaction():
        if place_id is None:
            rows = await Place.insert(Place(**values)).returning(Place.id)
            place_id = rows[0]["id"]
            await history.record("place", place_id, staff_id, "created", history.changed_fields(None, values))
            return place_id
        before = await Place.select(*[getattr(Place, name) for name in values]).where(Place.id == place_id).first()
        changes = history.changed_fields(before, values)
        if changes:
            await Place.update({getattr(Place, name): value for name, value in values.items()}).where(Place.id == place_id)
            await history.record("place", place_id, staff_id, "edited", changes)
    return place_id


async def set_place_active(place_id: int, active: bool, staff_id: int | None) -> None:
    async with transaction():
        await Place.update({Place.active: active}).where(Place.id == place_id)
        await history.record("place", place_id, staff_id, "activated" if active else "deactivated", {"active": [not active, active]})


async def delete_unused_place(place_id: int, staff_id: int | None) -> bool:
    """A place no item ever used may go for good (a typo); a used one is deactivated instead."""
    async with transaction():
        if await Item.exists().where(Item.place == place_id):
            return False
        await Place.delete().where(Place.id == place_id)
        await history.record("place", place_id, staff_id, "deleted", {})
    return True


async def place_detail(place_id: int) -> dict | None:
    return await Place.select(Place.all_columns(), Place.branch.short_name.as_alias("branch_name"),
                              Place.host_partner.name.as_alias("host_name")).where(Place.id == place_id).first()


async def places_for(branch_ids: list[int] | None, *, include_inactive: bool = True) -> list[dict]:
    query = Place.select(Place.all_columns(), Place.branch.short_name.as_alias("branch_name"), Place.host_partner.name.as_alias("host_name"))
    if branch_ids is not None:
        query = query.where(Place.branch.is_in(branch_ids or [-1]))
    if not include_inactive:
        query = query.where(Place.active == True)  # noqa: E712
    rows = await query.order_by(Place.branch).order_by(Place.kind).order_by(Place.name)
    return sorted(rows, key=lambda row: not row["active"])
