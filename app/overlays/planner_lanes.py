"""What the planner shows of external calendars: their occurrences per day, read-only, and a
notice for each calendar whose last refresh failed. An overlay is a convenience; whatever goes
wrong here is logged and the planner is drawn without it."""
from __future__ import annotations

import logging
from datetime import date, timedelta

from app.kernel.i18n import format_day, translate
from app.overlays.texts import problem_notice
from app.planning import bounds
from models.overlays.calendars import active_calendar_count, calendars_with_errors, overlay_events_between

log = logging.getLogger("afisa.overlays")


def _decorate(row: dict, language: str) -> dict:
    cancelled = row["status"] == "cancelled"
    last_day = (row["ends_at"] - timedelta(days=1)).date() if row["all_day"] else row["ends_at"].date()
    row["css"] = "overlay-event" + (" is-cancelled" if cancelled else "")
    row["iso"] = row["starts_at"].isoformat()
    row["time_label"] = "" if row["all_day"] else row["starts_at"].strftime("%H:%M") + " "
    row["range_label"] = f"{translate('līdz', language)} {format_day(last_day)}" if last_day > row["starts_at"].date() else ""
    row["tooltip"] = " · ".join(filter(None, (row["calendar_name"], row["location"], translate("Atcelts", language) if cancelled else "")))
    row["spoken"] = ", ".join(filter(None, ("", translate("ārējais kalendārs", language), translate("atcelts", language) if cancelled else "")))
    return row


async def planner_overlays(branch_ids: list[int] | None, first: date, last: date, language: str, show: bool) -> dict:
    """Context for the planner templates: overlays (day ISO -> rows), overlay_notices, has_overlays, show_overlays."""
    context: dict = {"overlays": {}, "overlay_notices": [], "has_overlays": False, "show_overlays": show}
    try:
        context["has_overlays"] = await active_calendar_count(branch_ids) > 0
        if not context["has_overlays"]:
            return context
        context["overlay_notices"] = [problem_notice(c, language) for c in await calendars_with_errors(branch_ids)]
        if show:
            by_day: dict[str, list[dict]] = {}
            for row in await overlay_events_between(*bounds(first, last), branch_ids):
                # like an exhibition, a multi-day entry shows on its first day in view
                day = max(row["starts_at"].date(), first)
                by_day.setdefault(day.isoformat(), []).append(_decorate(row, language))
            context["overlays"] = by_day
    except Exception:
        log.exception("external calendars could not be shown in the planner")
        context["overlay_notices"] = [translate("Ārējos kalendārus šobrīd nevar parādīt.", language)]
    return context
