"""The one validation path for programme items: the HTML forms and the JSON API both hand
their ItemFields (models/planning/fields.py) to `validate_item` and get back an ItemDraft or a
ValidationFailed that maps each field to an error code (app/i18n turns codes into Latvian or
English sentences). The single-field checks, the cross-field rules and the database's are here."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from models.kernel.enums import (
    Audience,
    DeliveryKind,
    ExhibitionForm,
    Kind,
    LiteracyArea,
    PartnerRole,
    PlaceKind,
    Status,
)
from models.kernel.permissions import can_edit_branch
from models.planning.fields import ItemFields, PartnerLinkIn
from models.planning.recurrence import MAX_OCCURRENCES, Recurrence, expand
from models.kernel.network_tables import Branch, Staff
from models.kernel.tables import Partner, Place
from models.kernel.validation import (
    Collector, ValidationFailed, as_bool, as_int, as_list, clean_text, enum_value, optional_date, parse_time,
    required_date,
)

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
# the kinds that take a literacy area: the annual report's school table lists them by area
LITERACY_KINDS = (Kind.LESSON, Kind.EVENT, Kind.EXHIBITION)
# the lengths of the Item table's columns (models/kernel/tables.py)
KIND_TEXT_LIMITS = {"lesson_class": 80, "lesson_teacher": 200, "book_start_group": 120, "age_band": 40}
MAX_PARTNERS = 50
LONGEST_TIMED = timedelta(days=14)
LONGEST_ALL_DAY = timedelta(days=366)


@dataclass
class ItemDraft:
    kind: Kind
    title: str
    description: str
    branch_id: int
    place_id: int | None
    all_day: bool
    starts_at: datetime
    ends_at: datetime
    recurrence: Recurrence | None
    rrule: str
    audiences: list[Audience]
    partners: list[tuple[int, PartnerRole]]
    responsible_id: int | None
    is_public: bool
    status: Status
    kind_fields: dict[str, str] = field(default_factory=dict)
    version: int | None = None

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    def occurrence_starts(self) -> list[datetime]:
        return expand(self.recurrence, self.starts_at) if self.recurrence else [self.starts_at]


async def validate_item(fields: ItemFields | Mapping[str, Any], staff: Mapping[str, Any]) -> ItemDraft:
    """Clean an item's fields; a mapping is read as a form's values (ItemFields.from_form).
    `staff` is the acting staff row."""
    f = fields if isinstance(fields, ItemFields) else ItemFields.from_form(fields)
    c = Collector()
    kind = c.check("kind", enum_value, Kind, f.kind)
    title = c.check("title", clean_text, f.title, TITLE_MAX, True)
    description = c.check("description", lambda v: clean_text(v, DESCRIPTION_MAX, multiline=True), f.description)
    status = c.check("status", enum_value, Status, f.status or Status.PLANNED.value)
    is_public = as_bool(f.is_public)
    all_day = as_bool(f.all_day)

    branch_id = c.check("branch_id", as_int, f.branch_id)
    if branch_id is None and "branch_id" not in c.errors:
        c.errors["branch_id"] = "required"
    elif branch_id is not None:
        if not await Branch.exists().where(Branch.id == branch_id):
            c.errors["branch_id"] = "unknown"
        elif not can_edit_branch(staff, branch_id):
            c.errors["branch_id"] = "branch_forbidden"

    place_id = c.check("place_id", as_int, f.place_id)
    place = None
    if place_id is not None:
        place = await Place.select(Place.id, Place.branch, Place.kind).where(Place.id == place_id).first()
        if place is None:
            c.errors["place_id"] = "unknown"
        elif branch_id is not None and place["branch"] != branch_id:
            c.errors["place_id"] = "place_other_branch"

    start_day = c.check("start_date", required_date, f.start_date)
    end_day = c.check("end_date", optional_date, f.end_date) or start_day
    starts_at = ends_at = None
    if all_day:
        if start_day and end_day:
            starts_at = datetime.combine(start_day, time())
            ends_at = datetime.combine(end_day + timedelta(days=1), time())
            if end_day < start_day:
                c.errors["end_date"] = "end_before_start"
            elif ends_at - starts_at > LONGEST_ALL_DAY:
                c.errors["end_date"] = "too_long_range"
    else:
        start_time = c.check("start_time", parse_time, f.start_time)
        end_time = c.check("end_time", parse_time, f.end_time)
        if start_day and end_day and start_time and end_time:
            starts_at = datetime.combine(start_day, start_time)
            ends_at = datetime.combine(end_day, end_time)
            if ends_at <= starts_at:
                c.errors["end_time"] = "end_before_start"
            elif ends_at - starts_at > LONGEST_TIMED:
                c.errors["end_date"] = "too_long_range"

    recurrence = _recurrence(c, f, starts_at)

    audiences = []
    for value in as_list(f.audiences):
        audience = c.check("audiences", enum_value, Audience, value)
        if audience and audience not in audiences:
            audiences.append(audience)

    partners = await _partners(c, f.partners, branch_id)

    responsible_id = c.check("responsible_id", as_int, f.responsible_id)
    if responsible_id is not None:
        person = await Staff.select(Staff.branch, Staff.role, Staff.active).where(Staff.id == responsible_id).first()
        if person is None or not person["active"]:
            c.errors["responsible_id"] = "unknown"

    kind_fields = _kind_fields(c, kind, f, place)
    version = c.check("version", as_int, f.version)

    if c.errors:
        raise ValidationFailed(c.errors)
    draft = ItemDraft(
        kind=kind, title=title, description=description, branch_id=branch_id, place_id=place_id,
        all_day=all_day, starts_at=starts_at, ends_at=ends_at, recurrence=recurrence,
        rrule=recurrence.to_rrule(starts_at) if recurrence else "", audiences=audiences,
        partners=partners, responsible_id=responsible_id, is_public=is_public, status=status,
        kind_fields=kind_fields, version=version,
    )
    if recurrence and len(draft.occurrence_starts()) > MAX_OCCURRENCES:
        raise ValidationFailed({"until": f"too_many_occurrences:{MAX_OCCURRENCES}"})
    return draft


def _recurrence(c: Collector, f: ItemFields, starts_at: datetime | None) -> Recurrence | None:
    freq = str(f.repeat or "none")
    if freq == "none":
        return None
    if freq not in ("daily", "weekly", "monthly"):
        c.errors["repeat"] = "choice"
        return None
    interval = c.check("interval", as_int, f.interval)
    if interval is None:
        interval = 1
    if not 1 <= interval <= 12:
        c.errors["interval"] = "interval_range"
    weekdays = []
    for value in as_list(f.weekdays):
        day = c.check("weekdays", as_int, value)
        if day is not None and not 0 <= day <= 6:
            c.errors["weekdays"] = "choice"
        elif day is not None and day not in weekdays:
            weekdays.append(day)
    mode = str(f.monthly_mode or "day")
    if mode not in ("day", "nth", "last"):
        c.errors["monthly_mode"] = "choice"
    until = c.check("until", optional_date, f.until)
    count = c.check("count", as_int, f.count)
    if until is None and count is None and "until" not in c.errors:
        c.errors["until"] = "series_without_end"
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        c.errors["count"] = f"count_range:{MAX_OCCURRENCES}"
    if until is not None and starts_at is not None and until < starts_at.date():
        c.errors["until"] = "until_before_start"
    if c.errors:
        return None
    return Recurrence(freq, interval, tuple(sorted(weekdays)), mode, until=until, count=None if until else count)


async def _partners(c: Collector, links: list[PartnerLinkIn], branch_id: int | None) -> list[tuple[int, PartnerRole]]:
    pairs: list[tuple[int, PartnerRole]] = []
    if len(links) > MAX_PARTNERS:
        # a form or a script with thousands of ids held a worker for seconds; no programme item has that many
        c.errors["partners"] = f"too_many_partners:{MAX_PARTNERS}"
        return pairs
    for link in links:
        partner_id = c.check("partners", as_int, link.partner_id)
        role = c.check("partners", enum_value, PartnerRole, link.role or PartnerRole.PARTICIPANT.value)
        if partner_id is None or role is None:
            continue
        if any(existing == partner_id for existing, _ in pairs):
            continue
        pairs.append((partner_id, role))
    if pairs:
        ids = [partner_id for partner_id, _ in pairs]
        known = {row["id"]: row["branch"] for row in await Partner.select(Partner.id, Partner.branch).where(Partner.id.is_in(ids))}
        if set(ids) - set(known):
            c.errors["partners"] = "unknown"
        elif any(owner not in (None, branch_id) for owner in known.values()):
            # a branch's own partners are its own; the network's (no branch) are everyone's
            c.errors["partners"] = "partner_other_branch"
    return pairs


def _kind_fields(c: Collector, kind: Kind | None, f: ItemFields, place) -> dict[str, str]:
    fields = {name: c.check(name, clean_text, getattr(f, name), limit) or "" for name, limit in KIND_TEXT_LIMITS.items()}
    fields["literacy_area"] = (c.check("literacy_area", enum_value, LiteracyArea, f.literacy_area, False) or "")
    fields["exhibition_form"] = (c.check("exhibition_form", enum_value, ExhibitionForm, f.exhibition_form, False) or "")
    fields["delivery_kind"] = (c.check("delivery_kind", enum_value, DeliveryKind, f.delivery_kind, False) or "")
    if kind == Kind.LESSON and not fields["lesson_class"]:
        c.errors.setdefault("lesson_class", "required")
    if kind not in LITERACY_KINDS:  # the school table's literacy areas are of lessons, events and exhibitions done with schools
        fields["literacy_area"] = ""
    if kind == Kind.EXHIBITION and not fields["exhibition_form"]:
        fields["exhibition_form"] = ExhibitionForm.PHYSICAL
    if kind == Kind.DELIVERY:
        if not fields["delivery_kind"]:
            fields["delivery_kind"] = DeliveryKind.SERVICE_POINT
        if fields["delivery_kind"] == DeliveryKind.SERVICE_POINT and (place is None or place["kind"] != PlaceKind.SERVICE_POINT):
            c.errors.setdefault("place_id", "service_point_required")
    return {name: (value.value if hasattr(value, "value") else value) for name, value in fields.items()}
