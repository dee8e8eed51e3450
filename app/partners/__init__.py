"""Partners, confirmations and answers (web). What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from app.partners.notifications import TEMPLATE_GLOBALS as NOTIFICATION_TEMPLATE_GLOBALS
from app.partners.texts import TYPE_LABELS_LV, partner_error_texts, type_label

__all__ = [
    "NOTIFICATION_TEMPLATE_GLOBALS",
    "TYPE_LABELS_LV",
    "partner_error_texts",
    "type_label",
]
