"""The outreach area's background pass, hourly: the rotation notices that are due (two weeks and
one week before a delivery to a service point, each with the delivery's .ics) and the retention
rule for home readers (anonymised after settings.home_reader_months without a delivery). Both are
idempotent: a notice is queued once per key, an anonymised reader is not anonymised again."""
from __future__ import annotations

import logging

from app.kernel.background import every
from app.kernel.settings import Settings
from calendars.feed import FeedInfo, build_item_ics
from models.kernel.clock import local_today
from models.kernel.db import transaction
from models.kernel.tables import Place
from models.outreach import anonymise_inactive, due_notices, queue_notice
from models.publishing import Scope, items_in_scope

log = logging.getLogger("afisa.outreach")


async def delivery_ics(item_id: int, settings: Settings) -> str:
    items = await items_in_scope(Scope(item_ids=(item_id,), include_internal=True, include_drafts=True))
    places = {row["id"]: row for row in await Place.select(Place.id, Place.name, Place.address)}
    host = settings.base_url.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    info = FeedInfo(name="Afiša", base_url=settings.base_url, organizer_email=f"programma@{host}", places=places)
    return build_item_ics(items[0], info).decode("utf-8") if items else ""


async def notices_pass(settings: Settings) -> int:
    queued = 0
    for notice in await due_notices(local_today()):
        calendar = await delivery_ics(notice.item_id, settings)
        async with transaction():
            queued += await queue_notice(notice, calendar)
    return queued


async def outreach_pass(settings: Settings) -> None:
    queued = await notices_pass(settings)
    anonymised = await anonymise_inactive(months=settings.home_reader_months)
    if queued or anonymised:
        log.info("queued %s rotation notice(s), anonymised %s home reader(s)", queued, anonymised)


async def run_outreach(settings: Settings) -> None:
    await every(float(settings.extra.get("outreach_seconds", 3600)), lambda: outreach_pass(settings), log, "the outreach pass")
