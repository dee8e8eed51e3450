"""What has taken place and still lacks attendance: the librarian's dashboard, and the morning
reminder of it (a notification in the app and a mail, at most one of each per librarian a day).

Exhibitions are left out: they run for weeks and their visitors are optional."""
from __future__ import annotations

from datetime import datetime, time

from models.kernel.clock import aware_local, local_wall_time
from models.kernel.i18n import gettext, language_or_default, ngettext
from models.kernel.enums import Kind, NotificationKind, Role, Status
from models.kernel.outbox import enqueue
from models.kernel.db import transaction
from models.kernel.network_tables import Staff
from models.kernel.tables import Notification, Occurrence

_FROM = """
FROM occurrence o
JOIN item i ON i.id = o.item
JOIN branch b ON b.id = i.branch
LEFT JOIN place ip ON ip.id = i.place
LEFT JOIN place op ON op.id = o.place
WHERE o.cancelled = {} AND o.ends_at <= {} AND i.kind <> {} AND i.status NOT IN ({}, {})
  AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.occurrence = o.id)"""
_COLUMNS = """SELECT o.id, o.starts_at, o.ends_at, o.item AS item_id, i.title, i.kind, i.all_day, i.delivery_kind,
       i.branch AS branch_id, b.short_name AS branch_name, COALESCE(op.name, ip.name) AS place_name"""


def _where(branch_ids: list[int] | None, until: datetime, starts_from: datetime | None, starts_before: datetime | None) -> tuple[str, list]:
    args: list = [False, until, Kind.EXHIBITION.value, Status.DRAFT.value, Status.CANCELLED.value]
    sql = _FROM
    if branch_ids is not None:
        ids = branch_ids or [-1]
        sql += f" AND i.branch IN ({', '.join('{}' for _ in ids)})"
        args.extend(ids)
    if starts_from is not None:
        sql += " AND o.starts_at >= {}"
        args.append(local_wall_time(starts_from))
    if starts_before is not None:
        sql += " AND o.starts_at < {}"
        args.append(local_wall_time(starts_before))
    return sql, args


async def sessions_lacking_attendance(branch_ids: list[int] | None, now: datetime, limit: int = 500, *,
                                      starts_from: datetime | None = None, starts_before: datetime | None = None) -> list[dict]:
    """Sessions that ended by `now` (aware, or local wall time) and have no attendance, oldest first.
    `branch_ids` None: the whole network. `starts_from` / `starts_before` (aware, or local wall
    time), when given, keep the sessions that start at or after / before them (a year's: its first
    day and the next year's), whenever they end."""
    sql, args = _where(branch_ids, local_wall_time(now), starts_from, starts_before)
    rows = await Occurrence.raw(_COLUMNS + sql + " ORDER BY o.starts_at, o.id LIMIT {}", *args, int(limit))
    for row in rows:
        row["all_day"] = bool(row["all_day"])
    return rows


async def count_lacking_attendance(branch_ids: list[int] | None, now: datetime, *,
                                   starts_from: datetime | None = None, starts_before: datetime | None = None) -> int:
    """How many sessions sessions_lacking_attendance would list without its limit."""
    sql, args = _where(branch_ids, local_wall_time(now), starts_from, starts_before)
    rows = await Occurrence.raw("SELECT COUNT(*) AS n" + sql, *args)
    return int(rows[0]["n"])


# --- the morning reminder ------------------------------------------------------------------

LISTED = 20


def reminder_note(language: str, count: int, oldest_day: str, oldest_title: str) -> str:
    """The notification in the librarian's app, in the reader's language (app/kernel/templating.py)."""
    return ngettext("Trūkst apmeklējuma: %(num)d reizei, vecākā %(day)s „%(title)s”.",
                    "Trūkst apmeklējuma: %(num)d reizēm, vecākā %(day)s „%(title)s”.", count, language, day=oldest_day, title=oldest_title)


def _texts(language: str, name: str, rows: list[dict], base_url: str) -> tuple[str, str, str]:
    """(notification, subject, body) in the librarian's language."""
    n, oldest = len(rows), rows[0]
    lines = [f"- {r['starts_at']:%d.%m.%Y. %H:%M} {r['title']}" for r in rows[:LISTED]]
    if n > LISTED:
        lines.append(gettext("… un vēl {count}", language).format(count=n - LISTED))
    note = reminder_note(language, n, f"{oldest['starts_at']:%d.%m.%Y.}", oldest["title"])
    subject = ngettext("Afiša: ierakstiet apmeklējumu (%(num)d)", "Afiša: ierakstiet apmeklējumu (%(num)d)", n, language)
    body = gettext("Labdien, {name}!\n\nŠīs reizes ir notikušas, bet to apmeklējums vēl nav ierakstīts:\n{lines}\n\n"
                   "Ierakstiet to šeit: {link}\n\nAfiša\n", language).format(
        name=name, lines="\n".join(lines), link=f"{base_url.rstrip('/')}/attendance")
    return note, subject, body


async def _already_notified(staff_id: int, since: datetime) -> bool:
    """For a librarian without e-mail (no outbox key to rely on): today's reminder is already in her app."""
    return await Notification.exists().where(
        (Notification.staff == staff_id) & Notification.item.is_null() & (Notification.created_at >= since)
        & (Notification.kind == NotificationKind.ATTENDANCE_MISSING.value))


async def send_attendance_reminders(now: datetime, *, hour: int, base_url: str) -> int:
    """Remind each active librarian of her branch's sessions that ended before today and lack
    attendance; nothing before `hour` (Europe/Riga). Returns how many librarians were reminded.
    The outbox key "attendance-reminder:<staff>:<date>" makes a second run the same day harmless."""
    wall = local_wall_time(now)
    if wall.hour < hour:
        return 0
    midnight = datetime.combine(wall.date(), time())
    since, moment = aware_local(midnight), aware_local(now)
    librarians = await Staff.select(Staff.id, Staff.display_name, Staff.email, Staff.branch, Staff.language).where(
        (Staff.role == Role.LIBRARIAN.value) & (Staff.active == True) & Staff.branch.is_not_null()  # noqa: E712
    ).order_by(Staff.id)
    reminded = 0
    for person in librarians:
        rows = await sessions_lacking_attendance([person["branch"]], midnight)
        if not rows:
            continue
        language = language_or_default(person["language"])
        note, subject, body = _texts(language, person["display_name"], rows, base_url)
        async with transaction():
            if person["email"]:
                queued = await enqueue(key=f"attendance-reminder:{person['id']}:{wall.date().isoformat()}", to_address=person["email"],
                                       to_name=person["display_name"], subject=subject, body=body, language=language,
                                       branch_id=person["branch"])
                if not queued:
                    continue
            elif await _already_notified(person["id"], since):
                continue
            oldest = rows[0]
            details = {"count": len(rows), "oldest_day": f"{oldest['starts_at']:%d.%m.%Y.}", "oldest_title": oldest["title"]}
            await Notification.insert(Notification(staff=person["id"], kind=NotificationKind.ATTENDANCE_MISSING.value, details=details,
                                                   text=note[:500], created_at=moment))
        reminded += 1
    return reminded
