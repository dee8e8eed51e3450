"""The network's set-up (web): libraries, places, staff accounts, my account. What other areas may
use is imported here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from app.network.opening_hours import TEMPLATE_GLOBALS as OPENING_HOURS_TEMPLATE_GLOBALS
from app.network.staff import hand_over_link
from app.network.texts import error_texts as network_error_texts

__all__ = ["OPENING_HOURS_TEMPLATE_GLOBALS", "hand_over_link", "network_error_texts"]
