"""The lifespan's reminder task: every hour, remind partners who have not answered and whose
item is near (settings.reminder_days). Sending is idempotent (one reminder per request), so a
restart or a second server process costs nothing but a query."""
from __future__ import annotations

import logging

from app.kernel.background import every
from app.kernel.settings import Settings
from models.partners.followups import send_reminders
from models.kernel.clock import utcnow

log = logging.getLogger("afisa.reminders")


async def _remind(settings: Settings) -> None:
    sent = await send_reminders(utcnow(), settings.reminder_days, base_url=settings.base_url)
    if sent:
        log.info("reminded %s partner(s)", sent)


async def run_reminders(settings: Settings) -> None:
    await every(float(settings.extra.get("reminder_seconds", 3600)), lambda: _remind(settings), log, "sending partner reminders")
