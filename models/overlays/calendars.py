"""External calendars a branch shows beside its programme: their state, their stored
occurrences and which of them are due for a refresh.

A failed refresh records its error code and keeps the events of the last good one: a school's
server being down for an afternoon must not empty the librarian's planner."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

from models.kernel.network_tables import Branch
from models.kernel.tables import ExternalCalendar, ExternalEvent
from models.kernel.clock import utcnow

INSERT_CHUNK = 100  # 8 columns a row stays under SQLite's 999 bound parameters


class Occurrence(Protocol):
    uid: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    title: str
    location: str
    status: str


def _now() -> datetime:
    return utcnow()


STATE_COLUMNS = (
    ExternalCalendar.id, ExternalCalendar.branch, ExternalCalendar.name, ExternalCalendar.url, ExternalCalendar.refresh_minutes,
    ExternalCalendar.active, ExternalCalendar.etag, ExternalCalendar.last_modified, ExternalCalendar.last_checked_at,
    ExternalCalendar.last_success_at, ExternalCalendar.last_error,
)


async def add_calendar(branch_id: int, name: str, url: str, refresh_minutes: int, staff_id: int | None) -> int:
    rows = await ExternalCalendar.insert(ExternalCalendar(
        branch=branch_id, name=name, url=url, refresh_minutes=refresh_minutes, created_by=staff_id,
    )).returning(ExternalCalendar.id)
    return rows[0]["id"]


async def delete_calendar(calendar_id: int) -> None:
    async with ExternalCalendar._meta.db.transaction():
        await ExternalEvent.delete().where(ExternalEvent.calendar == calendar_id)
        await ExternalCalendar.delete().where(ExternalCalendar.id == calendar_id)


async def get_calendar(calendar_id: int) -> dict | None:
    return await ExternalCalendar.select(*STATE_COLUMNS).where(ExternalCalendar.id == calendar_id).first()


async def calendars_of(branch_id: int) -> list[dict]:
    """A branch's calendars, each with how many occurrences it holds now."""
    rows = await ExternalCalendar.select(*STATE_COLUMNS).where(ExternalCalendar.branch == branch_id).order_by(ExternalCalendar.name)
    counts = await _event_counts([row["id"] for row in rows])
    for row in rows:
        row["event_count"] = counts.get(row["id"], 0)
    return rows


async def _event_counts(calendar_ids: list[int]) -> dict[int, int]:
    if not calendar_ids:
        return {}
    rows = await ExternalEvent.select(ExternalEvent.calendar).where(ExternalEvent.calendar.is_in(calendar_ids))
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["calendar"]] = counts.get(row["calendar"], 0) + 1
    return counts


async def store_events(calendar_id: int, occurrences: Iterable[Occurrence], *, etag: str = "", last_modified: str = "",
                       checked_at: datetime | None = None) -> int:
    """Replace the calendar's occurrences with a fresh download's, in one transaction."""
    checked_at = checked_at or _now()
    rows = [ExternalEvent(
        calendar=calendar_id, uid=o.uid, starts_at=o.starts_at, ends_at=o.ends_at, all_day=o.all_day,
        title=o.title, location=o.location, status=o.status,
    ) for o in occurrences]
    async with ExternalEvent._meta.db.transaction():
        await ExternalEvent.delete().where(ExternalEvent.calendar == calendar_id)
        for i in range(0, len(rows), INSERT_CHUNK):
            await ExternalEvent.insert(*rows[i : i + INSERT_CHUNK])
        await ExternalCalendar.update({
            ExternalCalendar.etag: etag[:200], ExternalCalendar.last_modified: last_modified[:100],
            ExternalCalendar.last_checked_at: checked_at, ExternalCalendar.last_success_at: checked_at, ExternalCalendar.last_error: "",
        }).where(ExternalCalendar.id == calendar_id)
    return len(rows)


async def mark_unchanged(calendar_id: int, checked_at: datetime | None = None) -> None:
    """The server answered 304: what is stored is still current."""
    checked_at = checked_at or _now()
    await ExternalCalendar.update({
        ExternalCalendar.last_checked_at: checked_at, ExternalCalendar.last_success_at: checked_at, ExternalCalendar.last_error: "",
    }).where(ExternalCalendar.id == calendar_id)


async def record_error(calendar_id: int, code: str, checked_at: datetime | None = None) -> None:
    await ExternalCalendar.update({
        ExternalCalendar.last_checked_at: checked_at or _now(), ExternalCalendar.last_error: code[:500],
    }).where(ExternalCalendar.id == calendar_id)


async def due_calendars(now: datetime | None = None) -> list[dict]:
    """Active calendars never checked, or last checked at least refresh_minutes ago."""
    now = now or _now()
    rows = await ExternalCalendar.select(*STATE_COLUMNS).where(ExternalCalendar.active == True).order_by(ExternalCalendar.id)  # noqa: E712
    return [row for row in rows if row["last_checked_at"] is None
            or row["last_checked_at"] + timedelta(minutes=max(row["refresh_minutes"], 1)) <= now]


async def overlay_events_between(start: datetime, end: datetime, branch_ids: list[int] | None) -> list[dict]:
    """Stored external occurrences overlapping [start, end) of active calendars, earliest first."""
    query = ExternalEvent.select(
        ExternalEvent.id, ExternalEvent.uid, ExternalEvent.starts_at, ExternalEvent.ends_at, ExternalEvent.all_day,
        ExternalEvent.title, ExternalEvent.location, ExternalEvent.status, ExternalEvent.calendar.as_alias("calendar_id"),
        ExternalEvent.calendar.name.as_alias("calendar_name"), ExternalEvent.calendar.branch.as_alias("branch_id"),
    ).where(
        (ExternalEvent.starts_at < end) & (ExternalEvent.ends_at > start) & (ExternalEvent.calendar.active == True)  # noqa: E712
    ).order_by(ExternalEvent.starts_at).order_by(ExternalEvent.title)
    if branch_ids is not None:
        query = query.where(ExternalEvent.calendar.branch.is_in(branch_ids or [-1]))
    return await query


async def calendars_with_errors(branch_ids: list[int] | None) -> list[dict[str, Any]]:
    query = ExternalCalendar.select(*STATE_COLUMNS).where(
        (ExternalCalendar.active == True) & (ExternalCalendar.last_error != "")  # noqa: E712
    ).order_by(ExternalCalendar.name)
    if branch_ids is not None:
        query = query.where(ExternalCalendar.branch.is_in(branch_ids or [-1]))
    return await query


async def branch_exists(branch_id: int) -> bool:
    return await Branch.exists().where(Branch.id == branch_id)


async def active_calendar_count(branch_ids: list[int] | None) -> int:
    query = ExternalCalendar.count().where(ExternalCalendar.active == True)  # noqa: E712
    if branch_ids is not None:
        query = query.where(ExternalCalendar.branch.is_in(branch_ids or [-1]))
    return await query
