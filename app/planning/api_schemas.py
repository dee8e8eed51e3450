"""The item API's request and response shapes (app/planning/api.py), as the OpenAPI schema documents
them. An item body's fields are models.planning's ItemFields, the ones the planner's form carries, and
so are an item answer's (ItemOut is derived from them); the API adds only its own."""
from __future__ import annotations

from datetime import date, datetime
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import msgspec

from models.kernel.enums import Status
from models.kernel.metadata import choices, doc, row_id
from models.kernel.tables import Occurrence
from models.planning import NULLABLE_WHEN_STORED, ItemFields

NOTE_MAX = Occurrence.note.length


# --- bodies ---------------------------------------------------------------------------------

class ItemBody(ItemFields, kw_only=True):
    """An item to create: ItemFields, and whether to save it despite clash warnings."""

    override_warnings: Annotated[bool, doc("Save despite clash warnings (they are written to the item's history).")] = False


class ItemUpdate(ItemBody, kw_only=True):
    """The whole item, as on create, plus the version read and which sessions the edit touches."""

    version: Annotated[int, doc("Required: the version the client last read; another save in between answers 409.")]
    scope: Annotated[Literal["all", "following"], doc("all: the whole item; following: this session and the ones after it (splits a series).")] = "all"
    occurrence_id: Annotated[int, row_id("With scope=following: the first session of the new series.")] | None = None


class StatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: Annotated[str, doc(f"One of: {choices(Status)}.")]
    version: Annotated[int, doc("The version the client last read.")]


class DuplicateBody(msgspec.Struct, forbid_unknown_fields=True):
    start_date: Annotated[str | None, doc("The copy's first day (YYYY-MM-DD or dd.mm.yyyy.); default: the original's.")] = None


class OccurrencePatch(msgspec.Struct, forbid_unknown_fields=True):
    """Omitted (or null) fields stay as they are. Moving only starts_at keeps the session's length."""

    starts_at: Annotated[datetime | None, doc("New start, local wall-clock time (YYYY-MM-DDTHH:MM); an offset is converted to Europe/Riga.")] = None
    ends_at: Annotated[datetime | None, doc("New end; for all-day items exclusive (midnight after the last day).")] = None
    place_id: Annotated[int, row_id("Another place of the item's branch for this session.")] | None = None
    cancelled: Annotated[bool | None, doc("Cancel (true) or restore (false) this session.")] = None
    note: Annotated[str | None, doc(f"A note on this session, at most {NOTE_MAX} characters.")] = None
    override_warnings: Annotated[bool, doc("Save despite clash warnings.")] = False


# --- answers --------------------------------------------------------------------------------


class PartnerLinkOut(msgspec.Struct):
    partner_id: int
    name: str
    role: str
    confirmation: str


class OccurrenceOut(msgspec.Struct):
    id: int
    item_id: int
    recurrence_id: Annotated[datetime, doc("The start the series rule gave this session.")]
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    moved: Annotated[bool, doc("starts_at differs from recurrence_id.")]
    place_id: Annotated[int | None, doc("Set when this session is somewhere else than the item.")]
    note: str
    sequence: int


# An item's answer: ItemFields' keys (so it can be edited and sent back), in their JSON types without
# the body's documentation and bounds, never null unless a stored item may leave the field empty;
# and the API's own keys, each after the field clients have always read it after (None: first).
ITEM_OUT_OWN: dict[str | None, list[tuple[str, Any]]] = {
    None: [("id", int), ("uid", str)],
    "all_day": [("starts_at", datetime), ("ends_at", datetime)],
    "count": [("rrule", str)],
    "version": [("sequence", int), ("updated_at", datetime), ("occurrences", list[OccurrenceOut])],
}
ITEM_OUT_TYPES: dict[str, Any] = {"partners": list[PartnerLinkOut]}


def _answer_type(name: str, annotation: Any) -> Any:
    if name in ITEM_OUT_TYPES:
        return ITEM_OUT_TYPES[name]
    if name in NULLABLE_WHEN_STORED or get_origin(annotation) not in (Union, UnionType):
        return annotation
    rest = tuple(arg for arg in get_args(annotation) if arg is not type(None))
    return Union[rest] if len(rest) > 1 else rest[0]


def _item_out_fields() -> list[tuple[str, Any]]:
    types = get_type_hints(ItemFields)  # include_extras=False: without the body's Annotated metadata
    fields = list(ITEM_OUT_OWN[None])
    for name in ItemFields.__struct_fields__:
        fields.append((name, _answer_type(name, types[name])))
        fields += ITEM_OUT_OWN.get(name, [])
    return fields


ItemOut = msgspec.defstruct("ItemOut", _item_out_fields(), module=__name__, namespace={
    "__doc__": "An item with the same keys a create or update body takes (so it can be edited and sent back), and its sessions.",
})


class ItemList(msgspec.Struct):
    from_: Annotated[date, doc("The first day of the range answered.")] = msgspec.field(name="from")
    to: Annotated[date, doc("The last day of the range answered (inclusive).")]
    items: list[ItemOut]


class WarningsOut(msgspec.Struct):
    warnings: Annotated[list[str], doc("Clash warnings; send override_warnings: true to save anyway.")]


class ConflictOut(msgspec.Struct, omit_defaults=True):
    warnings: Annotated[list[str] | None, doc("Clash warnings; nothing was saved. Send override_warnings: true to save anyway.")] = None
    detail: Annotated[str | None, doc("Set instead when someone else saved the item since the client read it.")] = None
