"""The lifespan's morning reminder about held sessions that still lack attendance (issue 5).
Every few minutes it asks the domain whether it is past settings.attendance_reminder_hour in
Riga; each librarian is reminded at most once a day (the outbox key), so restarts are harmless."""
from __future__ import annotations

import logging

from app.kernel.background import every
from app.kernel.settings import Settings
from models.attendance.reminders import send_attendance_reminders
from models.kernel.clock import utcnow

log = logging.getLogger("afisa.attendance_reminders")


async def _remind(settings: Settings) -> None:
    reminded = await send_attendance_reminders(utcnow(), hour=settings.attendance_reminder_hour, base_url=settings.base_url)
    if reminded:
        log.info("reminded %s librarian(s) of missing attendance", reminded)


async def run_attendance_reminders(settings: Settings) -> None:
    await every(float(settings.extra.get("attendance_reminder_seconds", 600)), lambda: _remind(settings), log, "attendance reminders")
