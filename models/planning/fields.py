"""The one definition of an item's fields: what the item dialog's form and the API's item body
carry, each field's JSON type, default and documentation (the OpenAPI schema shows it).

Decoding a JSON body checks only these types (a wrong one is the API's 400). A form's values are
text and go in as they were typed (`ItemFields.from_form`; msgspec checks types when decoding, not
when a struct is built), so that junk is judged, not converted: validate_item
(models/planning/validation.py) reads text and JSON values alike and answers both with the same
per-field error codes, and the form shows the text again next to its error."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import msgspec

from models.kernel.enums import Audience, Kind, PartnerRole, Status
from models.kernel.metadata import choices, doc, row_id
from models.kernel.validation import as_list


class PartnerLinkIn(msgspec.Struct):
    """A partner of the item, as the form or the body brings it in."""

    partner_id: Annotated[int, row_id()]
    role: Annotated[str | None, doc(f"One of: {choices(PartnerRole)}. Default: participant.")] = None


class ItemFields(msgspec.Struct, kw_only=True):
    """A programme item as validate_item reads it. Only the JSON types are checked on decoding;
    whether a value is required or allowed is answered by a 422 with per-field messages."""

    kind: Annotated[str | None, doc(f"Required. One of: {choices(Kind)}.")] = None
    title: Annotated[str | None, doc("Required, at most 200 characters.")] = None
    description: Annotated[str | None, doc("At most 5000 characters.")] = None
    branch_id: Annotated[int, row_id("Required: the branch that plans the item (your own, unless you are a coordinator).")] | None = None
    place_id: Annotated[int, row_id("A place of the same branch (a room, a venue, a service point).")] | None = None
    all_day: Annotated[bool, doc("A date range without times (exhibitions).")] = False
    start_date: Annotated[str | None, doc("Required. YYYY-MM-DD or dd.mm.yyyy.")] = None
    start_time: Annotated[str | None, doc("HH:MM; required unless all_day.")] = None
    end_date: Annotated[str | None, doc("YYYY-MM-DD or dd.mm.yyyy.; the last day (inclusive). Default: start_date.")] = None
    end_time: Annotated[str | None, doc("HH:MM; required unless all_day.")] = None
    repeat: Annotated[str | None, doc("One of: none, daily, weekly, monthly. Default: none.")] = None
    interval: Annotated[int | None, doc("Every n-th day/week/month, 1-12. Default: 1.")] = None
    weekdays: Annotated[list[int], doc("For weekly series: 0 = Monday ... 6 = Sunday.")] = msgspec.field(default_factory=list)
    monthly_mode: Annotated[str | None, doc("For monthly series: day (same day of month), nth (e.g. 2nd Thursday), last (last Thursday).")] = None
    until: Annotated[str | None, doc("The last day of a series (YYYY-MM-DD); a series needs until or count.")] = None
    count: Annotated[int | None, doc("The number of sessions of a series.")] = None
    audiences: Annotated[list[str], doc(f"Any of: {choices(Audience)}.")] = msgspec.field(default_factory=list)
    partners: list[PartnerLinkIn] = msgspec.field(default_factory=list)
    responsible_id: Annotated[int, row_id("The staff member responsible.")] | None = None
    is_public: Annotated[bool, doc("Shown in the public programme once published. Default: true.")] = True
    status: Annotated[str | None, doc(f"One of: {choices(Status)}. Default: planned.")] = None
    lesson_class: Annotated[str | None, doc("Lessons: the class (required for a lesson).")] = None
    lesson_teacher: Annotated[str | None, doc("Lessons: the teacher.")] = None
    literacy_area: Annotated[str | None, doc("Lessons, events and exhibitions (the school table's literacy area; ignored for other kinds): social_civic, digital, language_reading, cultural, science.")] = None
    book_start_group: Annotated[str | None, doc("Book Start: the group.")] = None
    age_band: Annotated[str | None, doc("Book Start: the age band.")] = None
    exhibition_form: Annotated[str | None, doc("Exhibitions: physical or virtual. Default: physical.")] = None
    delivery_kind: Annotated[str | None, doc("Deliveries: service_point (needs a service point as place) or home.")] = None
    version: Annotated[int | None, doc("The version the client last read (ignored on create).")] = None

    @staticmethod
    def from_form(values: Mapping[str, Any]) -> ItemFields:
        """A form's values as posted, unconverted. A field left out is an empty one (an unchecked
        box is a no, not the API's default); a partner comes as a pair, a mapping or a bare id."""
        given = {name: values.get(name, [] if name in LIST_FIELDS else None) for name in ItemFields.__struct_fields__}
        given["partners"] = [_partner_link(entry) for entry in as_list(given["partners"])]
        return ItemFields(**given)


# the fields a form posts as repeated values
LIST_FIELDS = frozenset(field.name for field in msgspec.structs.fields(ItemFields) if field.default_factory is list)


def _partner_link(entry: Any) -> PartnerLinkIn:
    if isinstance(entry, PartnerLinkIn):
        return entry
    if isinstance(entry, Mapping):
        return PartnerLinkIn(entry.get("partner_id"), entry.get("role"))
    if isinstance(entry, (list, tuple)) and len(entry) == 2:
        return PartnerLinkIn(*entry)
    return PartnerLinkIn(entry)  # a bare partner id, as a multi-select sends it
