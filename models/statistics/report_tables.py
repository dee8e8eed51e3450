"""The annual report's own tables for a period: partners, schools (literacy areas) and the basic
indicators of the library system.

- Partner table: every partner linked to an item (ItemPartner) and not declining, with the held
  sessions done together in the period, activity by activity (the items of one title and kind in
  one library), and exhibitions opened in the period together (each once, by the exhibition rule).
- School table: held sessions of items with a literacy area (lessons, and events done with a
  school), grouped by area (enum order), with the participants and the educational institutions
  linked (partners of type school or preschool).
- Indicators: the library system's monthly figures (LibraryFigures, imported, never computed).
  Visits and loans are summed over the months the period touches. Active users are not additive
  (a reader active in March and in May is one active user): the library system reports them year to
  date, so a period's figure is the one of its latest imported month, per branch, summed over the
  branches of the network.
"""
from __future__ import annotations

import asyncio

from models.kernel.enums import Confirmation, LiteracyArea, PartnerType
from models.statistics.sql import HELD_FROM, fetch, held_where, opening_sql
from models.statistics.period import Period
from models.kernel.tables import Branch, LibraryFigures

INSTITUTION_TYPES = (PartnerType.SCHOOL.value, PartnerType.PRESCHOOL.value)


# an item's title, kind and class, looked up row by row once the sessions are counted: joining
# item instead made PostgreSQL hash every item of ten years for a thousand rows
ITEM_NAMING = ", ".join(f"(SELECT i.{column} FROM item i WHERE i.id = t.item_id) AS {column}"
                        for column in ("title", "kind", "lesson_class"))


# kinds whose sessions have no headcount in the partner table: a delivery counts items and readers,
# an exhibition's visitors are optional
NO_HEADCOUNT = ("delivery", "exhibition")


async def partner_table(period: Period, branch_id: int | None, today) -> list[dict]:
    """[{partner_id, name, type, activities: [{title, kind, branch_name, item_ids, times, attendance}], times,
    attendance (None when no activity has a headcount)}] by name. An activity is what was done together: the items of one title and kind
    (a monthly Book Start morning planned as twelve items is one activity, twelve times) in one
    library. A partner who declined took no part. Attendance is None where a kind has no headcount."""
    args: list = []
    # counted per partner and item first, named after: a few hundred rows to name, not every session
    together = ("SELECT ip.partner AS partner_id, a.item AS item_id, a.session_branch AS branch_id, COUNT(*) AS times,"
                " SUM(a.total) AS attendance " + HELD_FROM + " JOIN item_partner ip ON ip.item = a.item"
                + held_where(period, branch_id, args) + " AND a.session_kind <> 'exhibition' AND ip.confirmation <> {}"
                " GROUP BY ip.partner, a.item, a.session_branch")
    args.append(Confirmation.DECLINED.value)
    held = (f"SELECT p.id AS partner_id, p.name AS name, p.type AS type, t.item_id AS item_id, {ITEM_NAMING},"
            " b.short_name AS branch_name, t.times AS times, t.attendance AS attendance"
            f" FROM ({together}) t JOIN partner p ON p.id = t.partner_id JOIN branch b ON b.id = t.branch_id")
    opened_args: list = []
    opened = opening_sql(opened_args, period, today, branch_id)
    opened_args.append(Confirmation.DECLINED.value)
    rows, exhibitions = await asyncio.gather(fetch(held, *args), fetch(
        "SELECT p.id AS partner_id, p.name AS name, p.type AS type, i.id AS item_id, i.title AS title, i.kind AS kind,"
        f" b.short_name AS branch_name, 1 AS times, NULL AS attendance FROM ({opened}) x JOIN item i ON i.id = x.item_id"
        " JOIN branch b ON b.id = i.branch JOIN item_partner ip ON ip.item = i.id JOIN partner p ON p.id = ip.partner"
        " WHERE ip.confirmation <> {}", *opened_args))
    partners: dict[int, dict] = {}
    for row in [*rows, *exhibitions]:
        entry = partners.setdefault(row["partner_id"], {
            "partner_id": row["partner_id"], "name": row["name"], "type": row["type"], "activities": {}, "times": 0, "attendance": None})
        key = (row["branch_name"], row["kind"], row["title"].casefold())
        activity = entry["activities"].setdefault(key, {
            "title": row["title"], "kind": row["kind"], "branch_name": row["branch_name"], "item_ids": [], "times": 0,
            "attendance": None if row["kind"] in NO_HEADCOUNT else 0})
        activity["item_ids"].append(row["item_id"])
        activity["times"] += row["times"]
        entry["times"] += row["times"]
        if activity["attendance"] is not None:
            activity["attendance"] += row["attendance"] or 0
            entry["attendance"] = (entry["attendance"] or 0) + (row["attendance"] or 0)
    for entry in partners.values():
        entry["activities"] = sorted(entry["activities"].values(), key=lambda a: (a["title"].casefold(), a["kind"], a["branch_name"]))
        for activity in entry["activities"]:
            activity["item_ids"].sort()
    return sorted(partners.values(), key=lambda p: (p["name"].casefold(), p["partner_id"]))


async def school_table(period: Period, branch_id: int | None) -> list[dict]:
    """[{area, activities: [{title, kind, lesson_class, branch_name, item_ids, sessions, participants, schools}],
    sessions, participants, schools}] for every literacy area with held sessions, in the enum's
    order. An activity is the items of one title, kind and class in one library."""
    args: list = []
    held = HELD_FROM + held_where(period, branch_id, args) + " AND a.session_literacy_area <> '' AND a.session_kind <> 'exhibition'"
    by_item = ("SELECT a.session_literacy_area AS area, a.item AS item_id, a.session_branch AS branch_id, COUNT(*) AS sessions,"
               " SUM(a.total) AS participants " + held + " GROUP BY a.session_literacy_area, a.item, a.session_branch")
    types = ", ".join(f"'{t}'" for t in INSTITUTION_TYPES)
    rows, links = await asyncio.gather(
        fetch(f"SELECT t.area AS area, t.item_id AS item_id, {ITEM_NAMING}, b.short_name AS branch_name, t.sessions AS sessions,"
              f" t.participants AS participants FROM ({by_item}) t JOIN branch b ON b.id = t.branch_id", *args),
        fetch("SELECT ip.item AS item, p.name AS name FROM item_partner ip JOIN partner p ON p.id = ip.partner"
              f" WHERE p.type IN ({types}) AND ip.confirmation <> '{Confirmation.DECLINED.value}' AND ip.item IN (SELECT a.item {held})",
              *args))
    schools: dict[int, set[str]] = {}
    for link in links:
        schools.setdefault(link["item"], set()).add(link["name"])
    areas: dict[str, dict] = {}
    for row in rows:
        entry = areas.setdefault(row["area"], {"area": row["area"], "activities": {}, "sessions": 0, "participants": 0, "schools": set()})
        key = (row["branch_name"], row["kind"], row["title"].casefold(), row["lesson_class"])
        activity = entry["activities"].setdefault(key, {
            **{k: row[k] for k in ("title", "kind", "lesson_class", "branch_name")}, "item_ids": [], "sessions": 0, "participants": 0,
            "schools": set()})
        activity["item_ids"].append(row["item_id"])
        activity["sessions"] += row["sessions"]
        activity["participants"] += row["participants"] or 0
        activity["schools"].update(schools.get(row["item_id"], ()))
        entry["sessions"] += row["sessions"]
        entry["participants"] += row["participants"] or 0
        entry["schools"].update(schools.get(row["item_id"], ()))
    for entry in areas.values():
        entry["activities"] = sorted(entry["activities"].values(), key=lambda a: (a["title"].casefold(), a["lesson_class"], a["branch_name"]))
        for activity in entry["activities"]:
            activity["item_ids"].sort()
            activity["schools"] = sorted(activity["schools"], key=str.casefold)
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
