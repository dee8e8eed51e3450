"""The annual report's own tables for a period: partners, schools (literacy areas) and the basic
indicators of the library system.

- Partner table: every partner linked to an item (ItemPartner) with the held sessions done
  together in the period, item by item, and exhibitions opened in the period together (each
  once, by the exhibition rule).
- School table: held sessions of items with a literacy area, grouped by area (enum order), with
  the participants and the educational institutions linked (partners of type school or preschool).
- Indicators: the library system's monthly figures (LibraryFigures, imported, never computed).
  Visits and loans are summed over the months the period touches. Active users are not additive
  (a reader active in March and in May is one active user): the library system reports them year to
  date, so a period's figure is the one of its latest imported month, per branch, summed over the
  branches of the network.
"""
from __future__ import annotations

import asyncio

from models.enums import LiteracyArea, PartnerType
from models.statistics_sql import HELD_FROM, fetch, held_where, opening_sql
from models.statistics_period import Period
from models.tables import Branch, LibraryFigures

INSTITUTION_TYPES = (PartnerType.SCHOOL.value, PartnerType.PRESCHOOL.value)


# an item's title, kind and class, looked up row by row once the sessions are counted: joining
# item instead made PostgreSQL hash every item of ten years for a thousand rows
ITEM_NAMING = ", ".join(f"(SELECT i.{column} FROM item i WHERE i.id = t.item_id) AS {column}"
                        for column in ("title", "kind", "lesson_class"))


async def partner_table(period: Period, branch_id: int | None, today) -> list[dict]:
    """[{partner_id, name, type, activities: [{item_id, title, kind, times, attendance}], times, attendance}] by name."""
    args: list = []
    # counted per partner and item first, named after: a few hundred rows to join, not every session
    together = ("SELECT ip.partner AS partner_id, a.item AS item_id, COUNT(*) AS times, SUM(a.total) AS attendance " + HELD_FROM
                + " JOIN item_partner ip ON ip.item = a.item" + held_where(period, branch_id, args)
                + " AND a.session_kind <> 'exhibition' GROUP BY ip.partner, a.item")
    held = (f"SELECT p.id AS partner_id, p.name AS name, p.type AS type, t.item_id AS item_id, {ITEM_NAMING}, t.times AS times,"
            f" t.attendance AS attendance FROM ({together}) t JOIN partner p ON p.id = t.partner_id")
    rows = list(await fetch(held, *args))
    args = []
    opened = opening_sql(args, period, today, branch_id)
    rows += await fetch(
        "SELECT p.id AS partner_id, p.name AS name, p.type AS type, i.id AS item_id, i.title AS title, i.kind AS kind,"
        f" 1 AS times, 0 AS attendance FROM ({opened}) x JOIN item i ON i.id = x.item_id"
        " JOIN item_partner ip ON ip.item = i.id JOIN partner p ON p.id = ip.partner", *args)
    partners: dict[int, dict] = {}
    for row in rows:
        entry = partners.setdefault(row["partner_id"], {
            "partner_id": row["partner_id"], "name": row["name"], "type": row["type"], "activities": [], "times": 0, "attendance": 0})
        entry["activities"].append({k: row[k] for k in ("item_id", "title", "kind", "times", "attendance")})
        entry["times"] += row["times"]
        entry["attendance"] += row["attendance"] or 0
    for entry in partners.values():
        entry["activities"].sort(key=lambda a: (a["title"].casefold(), a["item_id"]))
    return sorted(partners.values(), key=lambda p: (p["name"].casefold(), p["partner_id"]))


async def school_table(period: Period, branch_id: int | None) -> list[dict]:
    """[{area, activities: [{item_id, title, kind, lesson_class, sessions, participants, schools}], sessions,
    participants, schools}] for every literacy area with held sessions, in the enum's order."""
    args: list = []
    held = HELD_FROM + held_where(period, branch_id, args) + " AND a.session_literacy_area <> '' AND a.session_kind <> 'exhibition'"
    by_item = ("SELECT a.session_literacy_area AS area, a.item AS item_id, COUNT(*) AS sessions, SUM(a.total) AS participants "
               + held + " GROUP BY a.session_literacy_area, a.item")
    types = ", ".join(f"'{t}'" for t in INSTITUTION_TYPES)
    rows, links = await asyncio.gather(
        fetch(f"SELECT t.area AS area, t.item_id AS item_id, {ITEM_NAMING}, t.sessions AS sessions, t.participants AS participants"
              f" FROM ({by_item}) t", *args),
        fetch("SELECT ip.item AS item, p.name AS name FROM item_partner ip JOIN partner p ON p.id = ip.partner"
              f" WHERE p.type IN ({types}) AND ip.item IN (SELECT a.item {held})", *args))
    schools: dict[int, list[str]] = {}
    for link in links:
        schools.setdefault(link["item"], []).append(link["name"])
    areas: dict[str, dict] = {}
    for row in rows:
        entry = areas.setdefault(row["area"], {"area": row["area"], "activities": [], "sessions": 0, "participants": 0, "schools": set()})
        names = sorted(set(schools.get(row["item_id"], [])), key=str.casefold)
        entry["activities"].append({**{k: row[k] for k in ("item_id", "title", "kind", "lesson_class", "sessions")},
                                    "participants": row["participants"] or 0, "schools": names})
        entry["sessions"] += row["sessions"]
        entry["participants"] += row["participants"] or 0
        entry["schools"].update(names)
    for entry in areas.values():
        entry["activities"].sort(key=lambda a: (a["title"].casefold(), a["item_id"]))
        entry["schools"] = sorted(entry["schools"], key=str.casefold)
    order = [area.value for area in LiteracyArea]
    return sorted(areas.values(), key=lambda a: order.index(a["area"]) if a["area"] in order else len(order))


INDICATOR_KEYS = ("visits", "visits_children", "loans", "loans_children", "active_users", "active_users_children")


async def indicators(period: Period, branch_id: int | None) -> dict:
    """{visits, visits_children, loans, loans_children, active_users, active_users_children, months_imported,
    months_expected}: the library system's figures of the months the period touches."""
    months = period.months()
    keys = [y * 100 + m for y, m in months]
    query = LibraryFigures.select().where(
        (LibraryFigures.year >= months[0][0]) & (LibraryFigures.year <= months[-1][0]))
    if branch_id is not None:
        query = query.where(LibraryFigures.branch == branch_id)
    rows = [r for r in await query if keys[0] <= r["year"] * 100 + r["month"] <= keys[-1]]
    answer = {key: 0 for key in INDICATOR_KEYS}
    latest: dict[int, dict] = {}
    for row in rows:
        for key in ("visits", "visits_children", "loans", "loans_children"):
            answer[key] += row[key]
        known = latest.get(row["branch"])
        if known is None or (row["year"], row["month"]) > (known["year"], known["month"]):
            latest[row["branch"]] = row
    for row in latest.values():
        answer["active_users"] += row["active_users"]
        answer["active_users_children"] += row["active_users_children"]
    # per branch: in the network, one branch's complete year must not make the others' gaps look filled
    answer["months_imported"] = len({(r["branch"], r["year"], r["month"]) for r in rows})
    answer["months_expected"] = len(months) * (1 if branch_id is not None else await Branch.count())
    return answer
