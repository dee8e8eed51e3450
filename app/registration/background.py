"""The registration area's background pass, hourly: the registrations of items that ended more
than their retention days ago are anonymised (name, phone, email and the link blanked; the counts
stay). Idempotent: an anonymised registration is not anonymised again."""
from __future__ import annotations

import logging

from app.background import every
from app.settings import Settings
from models.kernel.clock import utcnow
from models.registration import anonymise_due

log = logging.getLogger("afisa.registration")


async def registration_pass() -> int:
    anonymised = await anonymise_due(utcnow())
    if anonymised:
        log.info("anonymised %s registration(s) past their retention", anonymised)
    return anonymised


async def run_registration(settings: Settings) -> None:
    await every(float(settings.extra.get("registration_seconds", 3600)), registration_pass, log, "the registration pass")
