"""Attendance of held sessions and the reminders to record it. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.attendance.recording import FIELDS_BY_KIND, FIGURES, get_session, item_attendance, record_attendance, remove_attendance
from models.attendance.reminders import count_lacking_attendance, reminder_note, sessions_lacking_attendance

__all__ = [
    "FIELDS_BY_KIND",
    "FIGURES",
    "count_lacking_attendance",
    "get_session",
    "remove_attendance",
    "item_attendance",
    "record_attendance",
    "reminder_note",
    "sessions_lacking_attendance",
]
