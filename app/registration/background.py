"""The registration area's background pass, hourly: the reminders of tomorrow's sessions to the
people registered (from settings.registration_reminder_hour, Riga time, the day before; the
outbox key makes a second pass queue nothing), then the registrations of items that ended more
than their retention days ago are anonymised (name, phone, email and the link blanked; the counts
stay). Idempotent: an anonymised registration is not anonymised again. The SMS sender
(app/registration/sms.py, run_sms_sender) is a background task of its own (app/__init__.py)."""
from __future__ import annotations

import logging

from app.kernel.background import every
from app.kernel.settings import Settings
from models.kernel.clock import utcnow
from models.registration import anonymise_due, send_registration_reminders

log = logging.getLogger("afisa.registration")

DEFAULT_REMINDER_HOUR = 8


async def registration_pass(settings: Settings | None = None) -> int:
    """Returns how many registrations were anonymised (the reminders are logged)."""
    hour = settings.registration_reminder_hour if settings is not None else DEFAULT_REMINDER_HOUR
    reminded = await send_registration_reminders(utcnow(), hour=hour)
    if reminded:
        log.info("queued %s registration reminder(s)", reminded)
    anonymised = await anonymise_due(utcnow())
    if anonymised:
        log.info("anonymised %s registration(s) past their retention", anonymised)
    return anonymised


async def run_registration(settings: Settings) -> None:
    await every(float(settings.extra.get("registration_seconds", 3600)), lambda: registration_pass(settings), log, "the registration pass")
