"""Refreshing external calendars: one now (the librarian's button, a new calendar) or every due
one in the background. Nothing here raises: every failure becomes the calendar's last_error."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.overlays.fetch import FetchFailed, fetch
from app.kernel.settings import Settings
from calendars.importer import ImportFailed, read_calendar
from models.kernel.clock import local_today
from models.overlays.calendars import due_calendars, get_calendar, mark_unchanged, record_error, store_events

log = logging.getLogger("afisa.overlays")

# what the planner can show: a couple of months back, a school year ahead
DAYS_BACK, DAYS_AHEAD = 62, 400
PARALLEL = 4


@dataclass(frozen=True)
class Refreshed:
    calendar_id: int
    error: str = ""
    unchanged: bool = False
    events: int = 0


def window(today: date) -> tuple[datetime, datetime]:
    return datetime.combine(today - timedelta(days=DAYS_BACK), time()), datetime.combine(today + timedelta(days=DAYS_AHEAD), time())


async def refresh_calendar(calendar_id: int, settings: Settings, *, today: date | None = None) -> Refreshed:
    calendar = await get_calendar(calendar_id)
    if calendar is None:
        return Refreshed(calendar_id, error="gone")
    try:
        fetched = await fetch(calendar["url"], settings, etag=calendar["etag"], last_modified=calendar["last_modified"])
        if fetched.body is None:
            await mark_unchanged(calendar_id)
            return Refreshed(calendar_id, unchanged=True)
        start, end = window(today or local_today())
        # parsing 2 MB of iCalendar takes a noticeable moment; the planner keeps answering meanwhile
        occurrences = await asyncio.to_thread(read_calendar, fetched.body, start, end)
        count = await store_events(calendar_id, occurrences, etag=fetched.etag, last_modified=fetched.last_modified)
        return Refreshed(calendar_id, events=count)
    except (FetchFailed, ImportFailed) as failed:
        code = failed.code
    except Exception:
        log.exception("refreshing external calendar %s failed", calendar_id)
        code = "internal"
    try:
        await record_error(calendar_id, code)
    except Exception:
        log.exception("recording the error of external calendar %s failed", calendar_id)
    return Refreshed(calendar_id, error=code)


async def refresh_due(settings: Settings, *, today: date | None = None) -> list[Refreshed]:
    limit = asyncio.Semaphore(PARALLEL)

    async def one(calendar_id: int) -> Refreshed:
        async with limit:
            return await refresh_calendar(calendar_id, settings, today=today)

    due = await due_calendars()
    return list(await asyncio.gather(*(one(c["id"]) for c in due)))


async def run_refresher(settings: Settings) -> None:
    """The lifespan's background task: every minute, refresh what is due; never stop on an error."""
    interval = float(settings.extra.get("overlay_refresh_seconds", 60))
    while True:
        await asyncio.sleep(interval)
        try:
            for result in await refresh_due(settings):
                if result.error:
                    log.warning("external calendar %s: %s", result.calendar_id, result.error)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the external calendar refresher failed; it tries again in %s s", interval)
