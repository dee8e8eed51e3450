"""The one definition of an item's fields: what the item dialog's form and the API's item body
carry, each field's JSON type, default and documentation (the OpenAPI schema shows it).

Decoding a JSON body checks only these types (a wrong one is the API's 400). A form's values are
text and go in as they were typed (`ItemFields.from_form`; msgspec checks types when decoding, not
when a struct is built), so that junk is judged, not converted: validate_item
(models/planning/validation.py) reads text and JSON values alike and answers both with the same
per-field error codes, and the form shows the text again next to its error.

The way out is defined here too: `stored_fields` reads a stored item under these names, and both the
form (the item's values when it opens) and the API's item answer (app/api/schemas.py derives ItemOut
from ItemFields) are made from it. A new field is added here (with its Item column, stored and
checked by the domain as before) and appears in the form, the API's body and its answer."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Annotated, Any

import msgspec

from models.kernel.enums import Audience, Kind, PartnerRole, Status
from models.kernel.metadata import choices, doc, row_id
from models.kernel.validation import as_list
from models.planning.recurrence import Recurrence, parse_rrule


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


# the fields a stored item may leave empty (null in the API's answer); every other one always has a value
NULLABLE_WHEN_STORED = frozenset({"place_id", "responsible_id", "until", "count"})


def iso_day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def stored_fields(item: Mapping[str, Any], occurrence: Mapping[str, Any] | None = None, *,
                  day: Callable[[date | None], str | None] = iso_day) -> dict[str, Any]:
    """A stored item (an Item row with its "audiences" and "partners", as item_detail answers it) under
    ItemFields' names, one value each: the API's answer, and the form's values when it opens the item.
    With an occurrence, that session's time and place. Days (start_date, end_date, until) are written by
    `day`, which gets None for a series without an end (ISO by default; the form writes 25.11.2026.);
    times are HH:MM; partners stay the stored rows (partner_id, name, role, confirmation), which the
    form and the API each make their own links of. A field not derived here is the column of its name
    (a reference without its "_id": branch_id is the branch column)."""
    start, end = (occurrence["starts_at"], occurrence["ends_at"]) if occurrence else (item["starts_at"], item["ends_at"])
    last_day = (end - timedelta(days=1)).date() if item["all_day"] else end.date()  # an all-day end is the midnight after
    rule = parse_rrule(item["rrule"]) if item["rrule"] else Recurrence("none")
    derived = {
        "place_id": (occurrence or {}).get("place") or item["place"],
        "start_date": day(start.date()), "start_time": start.strftime("%H:%M"),
        "end_date": day(last_day), "end_time": end.strftime("%H:%M"),
        "repeat": rule.freq, "interval": rule.interval, "weekdays": list(rule.weekdays), "monthly_mode": rule.monthly_mode,
        "until": day(rule.until), "count": rule.count,
        "audiences": list(item.get("audiences", [])), "partners": list(item.get("partners", [])),
    }
    return {name: derived[name] if name in derived else item[name.removesuffix("_id")] for name in ItemFields.__struct_fields__}


def _partner_link(entry: Any) -> PartnerLinkIn:
    if isinstance(entry, PartnerLinkIn):
        return entry
    if isinstance(entry, Mapping):
        return PartnerLinkIn(entry.get("partner_id"), entry.get("role"))
    if isinstance(entry, (list, tuple)) and len(entry) == 2:
        return PartnerLinkIn(*entry)
    return PartnerLinkIn(entry)  # a bare partner id, as a multi-select sends it
