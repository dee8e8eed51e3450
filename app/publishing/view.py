"""Shaping the public programme: which months a page shows, the sessions of the visible items
(always read through models.publishing.publication.items_in_scope, the one visibility rule), and the
links a resident needs to take an item home (.ics, Google Calendar, webcal)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import quote, urlencode

from app.publishing import texts as public_text
from app.planning import build_days, view_range, weeks
from models.kernel.enums import Audience, Kind
from models.publishing.publication import Scope, items_in_scope

VIEWS = ("list", "grid")
KINDS = tuple(k.value for k in Kind)
AUDIENCES = tuple(a.value for a in Audience)


def parse_month(value: str | None, today: date) -> date | None:
    """"2026-12" -> 1 December 2026; anything else -> None (the page then shows from today)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


@dataclass
class Filters:
    view: str = "list"
    month: date | None = None
    kinds: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()

    @classmethod
    def read(cls, view: str | None, month: str | None, kind: list[str] | None, audience: list[str] | None, today: date) -> "Filters":
        return cls(
            view=view if view in VIEWS else "list", month=parse_month(month, today),
            kinds=tuple(k for k in KINDS if k in (kind or [])), audiences=tuple(a for a in AUDIENCES if a in (audience or [])),
        )

    def query(self, **changes) -> str:
        """The query string of this selection with some values changed (None drops a value)."""
        values = {"view": self.view, "month": self.month.strftime("%Y-%m") if self.month else None, "kind": list(self.kinds), "audience": list(self.audiences)}
        values.update(changes)
        pairs = []
        for name, value in values.items():
            for one in value if isinstance(value, list) else [value]:
                if one not in (None, "") and not (name == "view" and one == "list"):
                    pairs.append((name, one))
        return ("?" + urlencode(pairs)) if pairs else ""


def sessions_of(items: list[dict], language: str) -> list[dict]:
    """One row per session, earliest first, with everything a list row or grid cell prints."""
    rows = []
    for item in items:
        for occ in item["occurrences"]:
            rows.append({
                "item": item, "id": occ["id"], "starts_at": occ["starts_at"], "ends_at": occ["ends_at"],
                "all_day": item["all_day"], "cancelled": public_text.is_cancelled(item, occ),
                "when": public_text.sentence(public_text.when(occ["starts_at"], occ["ends_at"], item["all_day"], language)),
                "time": "" if item["all_day"] else public_text.clock(occ["starts_at"], language),
                "last_day": public_text.last_day(occ["starts_at"], occ["ends_at"], item["all_day"]),
                "place": public_text.place_text(item, occ), "place_name": occ["place_name"] or item["place_name"] or "", "url": item_path(item),
            })
    rows.sort(key=lambda row: (row["starts_at"], row["item"]["title"]))
    return rows


def item_path(item: dict) -> str:
    return f"/programme/{item['branch_slug']}/{item['id']}"


def feed_path(branch: dict | None) -> str:
    return f"/feeds/{branch['slug']}.ics" if branch else "/feeds/network.ics"


async def programme(branch: dict | None, flt: Filters, today: date, language: str) -> dict:
    """The context of a programme page: this month and the next as a list, or one month as a grid."""
    scope = Scope(branch_ids=(branch["id"],) if branch else None, kinds=flt.kinds, audiences=flt.audiences)
    anchor = flt.month or today.replace(day=1)
    if flt.view == "grid":
        first, last = view_range("month", anchor)
    else:
        first, last = (anchor if flt.month else today), add_months(anchor, 2)
    items = await items_in_scope(scope, datetime.combine(first, time()), datetime.combine(last, time()))
    sessions = sessions_of(items, language)
    context = {
        "branch": branch, "flt": flt, "anchor": anchor, "first": first, "last": last - timedelta(days=1),
        "sessions": sessions, "kinds": KINDS, "audiences": AUDIENCES, "feed_path": feed_path(branch),
        "prev_month": add_months(anchor, -1).strftime("%Y-%m"), "next_month": add_months(anchor, 1).strftime("%Y-%m"),
        "this_month": today.strftime("%Y-%m"), "base_path": f"/programme/{branch['slug']}" if branch else "/programme",
    }
    if flt.view == "grid":
        days = build_days(first, last, anchor, [], today, language)
        month_start = datetime.combine(anchor, time())
        for session in sessions:
            # what opened before the grid (an exhibition) shows on the month's first day, which a phone
            # still shows, if it is still open then; one that closed before the month (on the grid's
            # last days of the month before) shows on the grid's first day, not as open in this month
            start = session["starts_at"].date()
            day = start if start >= first else anchor if session["ends_at"] > month_start else first
            days[(day - first).days].sessions.append(session)
        context.update(days=days, weeks=weeks(days))
    else:
        context["by_day"] = by_day(sessions, first)
    if branch and len(flt.kinds) + len(flt.audiences) == 1:
        context["selection_feed"] = f"/feeds/{branch['slug']}/kind/{flt.kinds[0]}.ics" if flt.kinds else f"/feeds/{branch['slug']}/audience/{flt.audiences[0]}.ics"
    return context


def by_day(sessions: list[dict], first: date) -> list[tuple[date, list[dict]]]:
    """Sessions grouped under their day; an exhibition that opened earlier shows on the first day in view."""
    groups: dict[date, list[dict]] = {}
    for session in sessions:
        groups.setdefault(max(session["starts_at"].date(), first), []).append(session)
    return sorted(groups.items())


def calendar_links(item: dict, session: dict, base_url: str) -> dict:
    details = "\n\n".join(part for part in (item.get("description", "").strip(), base_url + item_path(item)) if part)
    return {
        "ics": f"/feeds/item/{quote(item['uid'], safe='@')}.ics",
        "google": public_text.google_calendar_url(item["title"], session["starts_at"], session["ends_at"], item["all_day"], details, public_text.place_text(item, session)),
        "webcal": public_text.webcal(base_url + feed_path({"slug": item["branch_slug"]})),
    }


async def visible_item(branch: dict, item_id: int) -> dict | None:
    """The item if the public may see it on this branch's pages; None for internal, draft or foreign items."""
    found = await items_in_scope(Scope(branch_ids=(branch["id"],), item_ids=(item_id,)))
    return found[0] if found else None
