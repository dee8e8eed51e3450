"""The statistics facts of held sessions: what the counting rules ask of a session and its item
(its start, branch, kind, place, home delivery or not, for the young or not, literacy area, and
whether it counts at all), copied onto the session's Attendance row.

A network's year is 12,000 held sessions; reading them with their items, places and audiences
took four joins and most of the statistics page's time. The copies are written in one place:
`refresh_after` listens to every item change (models/consequences.py), and every change of an
item, a session or an attendance is told in its transaction.
Bulk loads (a restore, the benchmark) call refresh() for everything afterwards."""
from __future__ import annotations

from models.kernel.changes import ItemChanged
from models.kernel.tables import Attendance

# Correlated subqueries: the same statement on SQLite and PostgreSQL
REFRESH_SQL = """UPDATE attendance SET
  session_start = (SELECT o.starts_at FROM occurrence o WHERE o.id = attendance.occurrence),
  session_branch = (SELECT i.branch FROM item i WHERE i.id = attendance.item),
  session_kind = (SELECT i.kind FROM item i WHERE i.id = attendance.item),
  session_place = (SELECT COALESCE(o.place, i.place) FROM occurrence o JOIN item i ON i.id = o.item
                   WHERE o.id = attendance.occurrence),
  home_delivery = (SELECT i.delivery_kind = 'home' FROM item i WHERE i.id = attendance.item),
  for_young = EXISTS (SELECT 1 FROM item_audience ia WHERE ia.item = attendance.item
                      AND ia.audience IN ('preschool', 'children', 'teens')),
  session_literacy_area = (SELECT i.literacy_area FROM item i WHERE i.id = attendance.item),
  counted = (SELECT NOT o.cancelled AND i.status NOT IN ('draft', 'cancelled')
             FROM occurrence o JOIN item i ON i.id = o.item WHERE o.id = attendance.occurrence)"""


async def refresh(item_ids: list[int] | None = None) -> None:
    """Copy the facts onto the held sessions of these items (all held sessions when None). Call it
    inside the transaction of the change, after the change."""
    if item_ids is None:
        await Attendance.raw(REFRESH_SQL)
        return
    ids = sorted(set(item_ids))
    if ids:
        await Attendance.raw(REFRESH_SQL + f" WHERE attendance.item IN ({', '.join('{}' for _ in ids)})", *ids)


async def refresh_after(event: ItemChanged) -> None:
    """Listener (models/consequences.py): the item's held sessions get its facts afresh."""
    await refresh([event.item_id])
