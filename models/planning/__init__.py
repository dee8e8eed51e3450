"""The programme: items, series, their sessions, clashes and status. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.planning.bulk import BulkResult, set_statuses, shift_items
from models.planning.clashes import find_clashes
from models.planning.copying import CopyRow, Period, copy_items, copy_plan
from models.planning.pictures import Picture, picture_bytes, picture_of, pictures_of, remove_picture, save_picture
from models.planning.fields import NULLABLE_WHEN_STORED, ItemFields, PartnerLinkIn, stored_fields
from models.planning.programme import (
    NotFound,
    StaleEdit,
    create_item,
    duplicate_item,
    edit_occurrence,
    last_end,
    move_item,
    move_sessions,
    record_and_tell,
    set_status,
    split_series,
    update_item,
)
from models.planning.importing import (CSV_TEMPLATE, ImportedItem, ImportRow, SpreadsheetRefused, already_planned, create_imported,
                                       guess_kind, guess_place, read_spreadsheet)
from models.planning.queries import (
    PlannerFilter,
    audiences_of,
    branches,
    item_detail,
    occurrences_between,
    partners_list,
    places_of,
)
from models.planning.recurrence import MAX_OCCURRENCES, expand_rrule, parse_rrule
from models.planning.status import NEXT, StatusChangeRefused
from models.planning.validation import ItemDraft, validate_item

__all__ = [
    "BulkResult",
    "CopyRow",
    "Period",
    "copy_items",
    "copy_plan",
    "set_statuses",
    "shift_items",
    "Picture",
    "picture_bytes",
    "picture_of",
    "pictures_of",
    "remove_picture",
    "save_picture",
    "CSV_TEMPLATE",
    "ImportRow",
    "SpreadsheetRefused",
    "read_spreadsheet",
    "ImportedItem",
    "already_planned",
    "create_imported",
    "guess_kind",
    "guess_place",
    "ItemDraft",
    "ItemFields",
    "NULLABLE_WHEN_STORED",
    "MAX_OCCURRENCES",
    "NEXT",
    "NotFound",
    "PartnerLinkIn",
    "PlannerFilter",
    "StaleEdit",
    "StatusChangeRefused",
    "audiences_of",
    "branches",
    "create_item",
    "duplicate_item",
    "edit_occurrence",
    "expand_rrule",
    "find_clashes",
    "item_detail",
    "last_end",
    "move_item",
    "move_sessions",
    "occurrences_between",
    "parse_rrule",
    "partners_list",
    "places_of",
    "record_and_tell",
    "set_status",
    "split_series",
    "stored_fields",
    "update_item",
    "validate_item",
]
