"""The request and response shapes of the JSON API, as the OpenAPI schema documents them.

Bodies carry only JSON types: what a value means is validate_item's to judge (a 422), so the
metadata here documents the rules rather than enforcing them, except for ids."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from litestar.params import PathParameter

from models.kernel.enums import Audience, Kind, PartnerRole, Status
from models.kernel.tables import Occurrence

INT32_MAX = 2**31 - 1
NOTE_MAX = Occurrence.note.length


def _doc(description: str) -> msgspec.Meta:
    """Field documentation for the OpenAPI schema (never a constraint the decoder enforces)."""
    return msgspec.Meta(description=description)


def _choices(enum_type) -> str:
    return ", ".join(member.value for member in enum_type)


def _id(description: str = "") -> msgspec.Meta:
    """Ids are PostgreSQL integers: a larger number can only be a wrong one (400, not a database error)."""
    return msgspec.Meta(ge=1, le=INT32_MAX, description=description or None)


# a path id, bounded like the body's ids (FromPath[int] would let 99999999999 reach PostgreSQL)
PathId = Annotated[int, PathParameter(ge=1, le=INT32_MAX)]


# --- bodies ---------------------------------------------------------------------------------

class PartnerLinkIn(msgspec.Struct):
    partner_id: Annotated[int, _id()]
    role: Annotated[str | None, _doc(f"One of: {_choices(PartnerRole)}. Default: participant.")] = None


class ItemBody(msgspec.Struct, kw_only=True):
    """A programme item as validate_item reads it. Only the JSON types are checked on decoding;
    whether a value is required or allowed is answered by a 422 with per-field messages."""

    kind: Annotated[str | None, _doc(f"Required. One of: {_choices(Kind)}.")] = None
    title: Annotated[str | None, _doc("Required, at most 200 characters.")] = None
    description: Annotated[str | None, _doc("At most 5000 characters.")] = None
    branch_id: Annotated[int, _id("Required: the branch that plans the item (your own, unless you are a coordinator).")] | None = None
    place_id: Annotated[int, _id("A place of the same branch (a room, a venue, a service point).")] | None = None
    all_day: Annotated[bool, _doc("A date range without times (exhibitions).")] = False
    start_date: Annotated[str | None, _doc("Required. YYYY-MM-DD or dd.mm.yyyy.")] = None
    start_time: Annotated[str | None, _doc("HH:MM; required unless all_day.")] = None
    end_date: Annotated[str | None, _doc("YYYY-MM-DD or dd.mm.yyyy.; the last day (inclusive). Default: start_date.")] = None
    end_time: Annotated[str | None, _doc("HH:MM; required unless all_day.")] = None
    repeat: Annotated[str | None, _doc("One of: none, daily, weekly, monthly. Default: none.")] = None
    interval: Annotated[int | None, _doc("Every n-th day/week/month, 1-12. Default: 1.")] = None
    weekdays: Annotated[list[int], _doc("For weekly series: 0 = Monday ... 6 = Sunday.")] = msgspec.field(default_factory=list)
    monthly_mode: Annotated[str | None, _doc("For monthly series: day (same day of month), nth (e.g. 2nd Thursday), last (last Thursday).")] = None
    until: Annotated[str | None, _doc("The last day of a series (YYYY-MM-DD); a series needs until or count.")] = None
    count: Annotated[int | None, _doc("The number of sessions of a series.")] = None
    audiences: Annotated[list[str], _doc(f"Any of: {_choices(Audience)}.")] = msgspec.field(default_factory=list)
    partners: list[PartnerLinkIn] = msgspec.field(default_factory=list)
    responsible_id: Annotated[int, _id("The staff member responsible.")] | None = None
    is_public: Annotated[bool, _doc("Shown in the public programme once published. Default: true.")] = True
    status: Annotated[str | None, _doc(f"One of: {_choices(Status)}. Default: planned.")] = None
    lesson_class: Annotated[str | None, _doc("Lessons: the class (required for a lesson).")] = None
    lesson_teacher: Annotated[str | None, _doc("Lessons: the teacher.")] = None
    literacy_area: Annotated[str | None, _doc("Lessons: social_civic, digital, language_reading, cultural, science.")] = None
    book_start_group: Annotated[str | None, _doc("Book Start: the group.")] = None
    age_band: Annotated[str | None, _doc("Book Start: the age band.")] = None
    exhibition_form: Annotated[str | None, _doc("Exhibitions: physical or virtual. Default: physical.")] = None
    delivery_kind: Annotated[str | None, _doc("Deliveries: service_point (needs a service point as place) or home.")] = None
    version: Annotated[int | None, _doc("The version the client last read (ignored on create).")] = None
    override_warnings: Annotated[bool, _doc("Save despite clash warnings (they are written to the item's history).")] = False


class ItemUpdate(ItemBody, kw_only=True):
    """The whole item, as on create, plus the version read and which sessions the edit touches."""

    version: Annotated[int, _doc("Required: the version the client last read; another save in between answers 409.")]
    scope: Annotated[Literal["all", "following"], _doc("all: the whole item; following: this session and the ones after it (splits a series).")] = "all"
    occurrence_id: Annotated[int, _id("With scope=following: the first session of the new series.")] | None = None


class StatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: Annotated[str, _doc(f"One of: {_choices(Status)}.")]
    version: Annotated[int, _doc("The version the client last read.")]


class DuplicateBody(msgspec.Struct, forbid_unknown_fields=True):
    start_date: Annotated[str | None, _doc("The copy's first day (YYYY-MM-DD or dd.mm.yyyy.); default: the original's.")] = None


class OccurrencePatch(msgspec.Struct, forbid_unknown_fields=True):
    """Omitted (or null) fields stay as they are. Moving only starts_at keeps the session's length."""

    starts_at: Annotated[datetime | None, _doc("New start, local wall-clock time (YYYY-MM-DDTHH:MM); an offset is converted to Europe/Riga.")] = None
    ends_at: Annotated[datetime | None, _doc("New end; for all-day items exclusive (midnight after the last day).")] = None
    place_id: Annotated[int, _id("Another place of the item's branch for this session.")] | None = None
    cancelled: Annotated[bool | None, _doc("Cancel (true) or restore (false) this session.")] = None
    note: Annotated[str | None, _doc(f"A note on this session, at most {NOTE_MAX} characters.")] = None
    override_warnings: Annotated[bool, _doc("Save despite clash warnings.")] = False


# --- answers --------------------------------------------------------------------------------

class Me(msgspec.Struct):
    id: int
    username: str
    display_name: str
    role: str
    branch: int | None
    language: str


class BranchOut(msgspec.Struct):
    id: int
    name: str
    short_name: str
    slug: str
    address: str
    opening_hours: str
    is_central: bool


class PlaceOut(msgspec.Struct):
    id: int
    branch_id: int
    name: str
    kind: str
    address: str


class PartnerOut(msgspec.Struct):
    id: int
    name: str
    type: str
    branch_id: int | None


class PartnerLinkOut(msgspec.Struct):
    partner_id: int
    name: str
    role: str
    confirmation: str


class OccurrenceOut(msgspec.Struct):
    id: int
    item_id: int
    recurrence_id: Annotated[datetime, _doc("The start the series rule gave this session.")]
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    moved: Annotated[bool, _doc("starts_at differs from recurrence_id.")]
    place_id: Annotated[int | None, _doc("Set when this session is somewhere else than the item.")]
    note: str
    sequence: int


class ItemOut(msgspec.Struct):
    """An item with the same keys a create or update body takes (so it can be edited and sent
    back), and its sessions."""

    id: int
    uid: str
    kind: str
    title: str
    description: str
    branch_id: int
    place_id: int | None
    all_day: bool
    starts_at: datetime
    ends_at: datetime
    start_date: str
    start_time: str
    end_date: str
    end_time: str
    repeat: str
    interval: int
    weekdays: list[int]
    monthly_mode: str
    until: str | None
    count: int | None
    rrule: str
    audiences: list[str]
    partners: list[PartnerLinkOut]
    responsible_id: int | None
    is_public: bool
    status: str
    lesson_class: str
    lesson_teacher: str
    literacy_area: str
    book_start_group: str
    age_band: str
    exhibition_form: str
    delivery_kind: str
    version: int
    sequence: int
    updated_at: datetime
    occurrences: list[OccurrenceOut]


class ItemList(msgspec.Struct):
    from_: Annotated[date, _doc("The first day of the range answered.")] = msgspec.field(name="from")
    to: Annotated[date, _doc("The last day of the range answered (inclusive).")]
    items: list[ItemOut]


class ErrorOut(msgspec.Struct):
    status_code: int
    detail: str


class FieldErrorsOut(msgspec.Struct):
    errors: Annotated[dict[str, str], _doc("Field name -> message in the request's language.")]


class WarningsOut(msgspec.Struct):
    warnings: Annotated[list[str], _doc("Clash warnings; send override_warnings: true to save anyway.")]


class ConflictOut(msgspec.Struct, omit_defaults=True):
    warnings: Annotated[list[str] | None, _doc("Clash warnings; nothing was saved. Send override_warnings: true to save anyway.")] = None
    detail: Annotated[str | None, _doc("Set instead when someone else saved the item since the client read it.")] = None


class StaleOut(msgspec.Struct):
    detail: Annotated[str, _doc("Someone else saved the item since the client read it.")]
