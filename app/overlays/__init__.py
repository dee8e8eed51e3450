"""External calendars (web). What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from app.overlays.planner_lanes import planner_overlays
from app.overlays.texts import format_moment

__all__ = [
    "format_moment",
    "planner_overlays",
]
