"""The planner and the item dialog (web). What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from app.planning.forms import item_to_fields, warning_texts
from app.planning.history_words import TEMPLATE_GLOBALS as HISTORY_TEMPLATE_GLOBALS
from app.planning.grid import bounds, build_days, view_range, weeks
from app.planning.items import item_page
from app.planning.importing import KINDS as IMPORT_KINDS, NOTES as IMPORT_NOTES, guesses, planned_items, read_rows, refusal_text

__all__ = [
    "HISTORY_TEMPLATE_GLOBALS",
    "IMPORT_KINDS",
    "IMPORT_NOTES",
    "guesses",
    "item_page",
    "planned_items",
    "read_rows",
    "refusal_text",
    "bounds",
    "build_days",
    "item_to_fields",
    "view_range",
    "warning_texts",
    "weeks",
]
