"""The annual report's own tables for a period: partners, schools (literacy areas) and the basic
indicators of the library system.

- Partner table: every partner linked to an item (ItemPartner) and not declining, with the held
  sessions done together in the period, activity by activity (the items of one title and kind in
  one library), and exhibitions opened in the period together (each once, by the exhibition rule).
- School table: held sessions of items with a literacy area (lessons, and events done with a
  school), and exhibitions with one opened in the period (each once, by the exhibition rule, with
  no headcount), grouped by area (enum order), with the participants and the educational
  institutions linked (partners of type school or preschool, not declining).
- Cooperation tables: the partners of the period's tables by library (in the network one row per
  partner and library), with the library's words of the cooperation for the period's (last) year
  (PartnerCooperation, models/partners/cooperation.py): children and young people, local history,
  and all of them. Counted from the partner table's rows, never a second count.
- Indicators: the library system's monthly figures (LibraryFigures, imported, never computed).
  Visits and loans are summed over the months the period touches. Active users are not additive
  (a reader active in March and in May is one active user): the library system reports them year to
  date, so a period's figure is the one of its latest imported month, per branch, summed over the
  branches of the network. The file's optional columns (loans of books and of periodicals,
  interlibrary loans received and sent) are summed over the months that have them, and are not
  known when none has. The population is the one of the period's (last) year; the coverage is
  the active users per 100 residents, and of the children per 100 children.
"""
from __future__ import annotations

import asyncio
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from models.kernel.enums import Audience, Confirmation, Kind, LiteracyArea, PartnerType
from models.partners import cooperation_records, counts_for_year, cooperation_prefill
from models.statistics.sql import HELD_FROM, fetch, held_where, opening_sql
from models.statistics.period import NO_CHANGE, Period, format_change
from models.kernel.network_tables import Branch, BranchPopulation
from models.kernel.tables import ItemAudience, LibraryFigures

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


YOUNG_AUDIENCES = (Audience.PRESCHOOL.value, Audience.CHILDREN.value, Audience.TEENS.value)
# kinds that are for the young whatever the item's audiences say
YOUNG_KINDS = (Kind.LESSON.value, Kind.BOOK_START.value)
COOPERATION_TEXTS = {"children": "children_text", "local_history": "local_history_text", "all": "forms"}


async def _young_items(item_ids: list[int]) -> set[int]:
    """Items for pre-school children, children or teens: the audiences the held sessions' for_young
    fact is copied from (models/statistics/facts.py), read for the exhibitions too."""
    young: set[int] = set()
    # in parts: a network's year may name more items than a statement takes parameters
    for start in range(0, len(item_ids), 5000):
        rows = await ItemAudience.select(ItemAudience.item).where(
            ItemAudience.item.is_in(item_ids[start:start + 5000]) & ItemAudience.audience.is_in(list(YOUNG_AUDIENCES)))
        young.update(row["item"] for row in rows)
    return young


async def cooperation_rows(period: Period, branch_id: int | None, today, language: str = "lv", *,
                           partners: list[dict] | None = None) -> list[dict]:
    """Every partner of the period by library, with what cooperation_tables needs and the edit page
    shows: [{partner_id, name, type, branch_id, branch_name, times, attendance, activities, young,
    credited, in_children, in_local_history, version (0: no record), saved: {field: text or None},
    prefill: {field: text}, texts: {field: the saved text, else the prefill}}] by name. A partner
    is there with an activity in the period (partner_table's, by the library of each activity) or
    with the library's record of the period's (last) year that credits it or has words.
    `partners`: partner_table's rows of the same period and scope when the caller has them
    already (the statistics page), so that nothing is counted twice."""
    year = period.last.year

    given = partners

    async def counted() -> list[dict]:
        return given if given is not None else await partner_table(period, branch_id, today)

    table, records, branches = await asyncio.gather(
        counted(), cooperation_records(year, branch_id), Branch.select(Branch.id, Branch.short_name))
    branch_ids = {b["short_name"]: b["id"] for b in branches}
    young = await _young_items(sorted({i for p in table for a in p["activities"] for i in a["item_ids"]}))
    rows: dict[tuple[int, str], dict] = {}

    def row_of(partner_id: int, name: str, type_: str, branch_name: str, branch: int | None) -> dict:
        return rows.setdefault((partner_id, branch_name), {
            "partner_id": partner_id, "name": name, "type": type_, "branch_id": branch, "branch_name": branch_name,
            "times": 0, "attendance": None, "activities": [], "young": False, "credited": False, "in_children": False,
            "in_local_history": False, "version": 0, "saved": {field: None for field in COOPERATION_TEXTS.values()}})

    for partner in table:
        for activity in partner["activities"]:
            row = row_of(partner["partner_id"], partner["name"], partner["type"], activity["branch_name"], branch_ids.get(activity["branch_name"]))
            row["activities"].append(activity)
            row["times"] += activity["times"]
            if activity["attendance"] is not None:
                row["attendance"] = (row["attendance"] or 0) + activity["attendance"]
    for record in records:
        if (record["partner"], record["branch_name"]) not in rows and not counts_for_year(record):
            continue
        row = row_of(record["partner"], record["partner_name"], record["partner_type"], record["branch_name"], record["branch"])
        row.update(credited=record["credited"], in_children=record["in_children"], in_local_history=record["in_local_history"],
                   version=record["version"], saved={field: record[field] for field in COOPERATION_TEXTS.values()})
    for row in rows.values():
        young_activities = [a for a in row["activities"] if a["kind"] in YOUNG_KINDS or young.intersection(a["item_ids"])]
        row["young"] = bool(young_activities)
        everything = cooperation_prefill(row["activities"], language)
        row["prefill"] = {"forms": everything, "local_history_text": everything,
                          "children_text": cooperation_prefill(young_activities, language) if young_activities else everything}
        row["texts"] = {field: row["saved"][field] if row["saved"][field] is not None else row["prefill"][field] for field in row["saved"]}
    return sorted(rows.values(), key=lambda r: (r["name"].casefold(), r["partner_id"], r["branch_name"]))


def in_cooperation_table(table: str, row: dict) -> bool:
    """Who is in which table: all of the period's partners; the children's those with an activity
    for the young, the schools and pre-schools, and those ticked; local history only those ticked
    (no item says it is local history)."""
    if table == "children":
        return row["young"] or row["type"] in INSTITUTION_TYPES or row["in_children"]
    if table == "local_history":
        return row["in_local_history"]
    return True


async def cooperation_tables(period: Period, branch_id: int | None, today, language: str = "lv", *,
                             partners: list[dict] | None = None) -> dict[str, list[dict]]:
    """The annual report's three partner tables: {"children", "local_history", "all"}, each
    [{partner_id, name, type, branch_id, branch_name, times, attendance, activities, credited, text}]
    by partner name, one row per partner and library; `text` is the table's words (the saved text
    of the period's last year, else the prefill from the activities; "" for a credited partner with
    neither). Times and attendance are the partner table's, for that library; `partners` as for
    cooperation_rows. `language`: of the prefill's words (the report is Latvian)."""
    rows = await cooperation_rows(period, branch_id, today, language, partners=partners)
    keys = ("partner_id", "name", "type", "branch_id", "branch_name", "times", "attendance", "activities", "credited")
    return {table: [{**{key: row[key] for key in keys}, "text": row["texts"][field]} for row in rows if in_cooperation_table(table, row)]
            for table, field in COOPERATION_TEXTS.items()}


async def school_table(period: Period, branch_id: int | None, today) -> list[dict]:
    """[{area, activities: [{title, kind, lesson_class, branch_name, item_ids, sessions, participants, schools}],
    sessions, participants, schools}] for every literacy area with held sessions or opened
    exhibitions, in the enum's order. An activity is the items of one title, kind and class in one
    library. An exhibition counts once, in the month it opens, once it has opened (the exhibition
    rule), with no headcount: its participants are None, and so are an area's when none of its
    activities has a headcount."""
    args: list = []
    held = HELD_FROM + held_where(period, branch_id, args) + " AND a.session_literacy_area <> '' AND a.session_kind <> 'exhibition'"
    by_item = ("SELECT a.session_literacy_area AS area, a.item AS item_id, a.session_branch AS branch_id, COUNT(*) AS sessions,"
               " SUM(a.total) AS participants " + held + " GROUP BY a.session_literacy_area, a.item, a.session_branch")
    opened_args: list = []
    opened = opening_sql(opened_args, period, today, branch_id)
    types = ", ".join(f"'{t}'" for t in INSTITUTION_TYPES)
    rows, exhibitions, links = await asyncio.gather(
        fetch(f"SELECT t.area AS area, t.item_id AS item_id, {ITEM_NAMING}, b.short_name AS branch_name, t.sessions AS sessions,"
              f" t.participants AS participants FROM ({by_item}) t JOIN branch b ON b.id = t.branch_id", *args),
        fetch("SELECT i.literacy_area AS area, i.id AS item_id, i.title AS title, i.kind AS kind, i.lesson_class AS lesson_class,"
              f" b.short_name AS branch_name, 1 AS sessions, NULL AS participants FROM ({opened}) x JOIN item i ON i.id = x.item_id"
              " JOIN branch b ON b.id = i.branch WHERE i.literacy_area <> ''", *opened_args),
        fetch("SELECT ip.item AS item, p.name AS name FROM item_partner ip JOIN partner p ON p.id = ip.partner"
              f" WHERE p.type IN ({types}) AND ip.confirmation <> '{Confirmation.DECLINED.value}'"
              f" AND (ip.item IN (SELECT a.item {held}) OR ip.item IN (SELECT x.item_id FROM ({opened}) x))", *args, *opened_args))
    schools: dict[int, set[str]] = {}
    for link in links:
        schools.setdefault(link["item"], set()).add(link["name"])
    areas: dict[str, dict] = {}
    for row in [*rows, *exhibitions]:
        entry = areas.setdefault(row["area"], {"area": row["area"], "activities": {}, "sessions": 0, "participants": None, "schools": set()})
        key = (row["branch_name"], row["kind"], row["title"].casefold(), row["lesson_class"])
        activity = entry["activities"].setdefault(key, {
            **{k: row[k] for k in ("title", "kind", "lesson_class", "branch_name")}, "item_ids": [], "sessions": 0,
            "participants": None if row["kind"] in NO_HEADCOUNT else 0, "schools": set()})
        activity["item_ids"].append(row["item_id"])
        activity["sessions"] += row["sessions"]
        activity["schools"].update(schools.get(row["item_id"], ()))
        entry["sessions"] += row["sessions"]
        entry["schools"].update(schools.get(row["item_id"], ()))
        if activity["participants"] is not None:
            activity["participants"] += row["participants"] or 0
            entry["participants"] = (entry["participants"] or 0) + (row["participants"] or 0)
    for entry in areas.values():
        entry["activities"] = sorted(entry["activities"].values(),
                                     key=lambda a: (a["title"].casefold(), a["lesson_class"], a["branch_name"], a["kind"]))
        for activity in entry["activities"]:
            activity["item_ids"].sort()
            activity["schools"] = sorted(activity["schools"], key=str.casefold)
        entry["schools"] = sorted(entry["schools"], key=str.casefold)
    order = [area.value for area in LiteracyArea]
    return sorted(areas.values(), key=lambda a: order.index(a["area"]) if a["area"] in order else len(order))


INDICATOR_KEYS = ("visits", "visits_children", "loans", "loans_children", "active_users", "active_users_children")
# the file's optional columns: summed over the months that have them, None when none of the period's months has
OPTIONAL_KEYS = ("loans_books", "loans_periodicals", "interlibrary_received", "interlibrary_sent")
PER_CENT = Decimal(100)


def coverage(active_users: int | None, population: int | None) -> Decimal | None:
    """The library's coverage ("bibliotekārais aptvērums"): active users per 100 residents, to one
    decimal (half up); None without active users or without a population (0 or not known)."""
    if active_users is None or not population:
        return None
    return (Decimal(active_users) * PER_CENT / Decimal(population)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coverage_change(active: int | None, population: int | None, last_active: int | None, last_population: int | None) -> str:
    """The change of the coverage from last year's, as the report writes it: the exact ratios are
    compared (a/b against c/d is a·d against c·b), not their rounded figures; "—" when either year
    has no coverage or last year's is 0."""
    if active is None or last_active is None or not population or not last_population:
        return NO_CHANGE
    return format_change(active * last_population, last_active * population)


async def population_of(year: int, branch_id: int | None) -> tuple[int | None, int | None]:
    """(residents, children under 18) of the branch's territory in `year`: its row for the year
    (BranchPopulation), else the branch's own figures. For the network, the sum over the branches
    open in the year, None as soon as one of them has no figure (a part is not the network's)."""
    branches = Branch.select(Branch.id, Branch.population, Branch.children_population)
    if branch_id is not None:
        branches = branches.where(Branch.id == branch_id)
    else:
        branches = branches.where(Branch.closed_on.is_null() | (Branch.closed_on >= date(year, 1, 1)))
    rows, own = await asyncio.gather(branches, BranchPopulation.select(
        BranchPopulation.branch, BranchPopulation.population, BranchPopulation.children).where(BranchPopulation.year == year))
    of_year = {r["branch"]: r for r in own}
    totals: list[int | None] = [0, 0]
    if not rows:
        return None, None
    for branch in rows:
        year_row = of_year.get(branch["id"])
        figures = (year_row["population"], year_row["children"]) if year_row else (branch["population"], branch["children_population"])
        totals = [None if total is None or figure is None else total + figure for total, figure in zip(totals, figures)]
    return totals[0], totals[1]


async def indicators(period: Period, branch_id: int | None) -> dict:
    """{visits, visits_children, loans, loans_children, active_users, active_users_children, loans_books,
    loans_periodicals, interlibrary_received, interlibrary_sent, population, children_population,
    coverage, coverage_children, population_year, months_imported, months_expected}: the library
    system's figures of the months the period touches, the population of the period's (last) year
    and the coverage from them (None: not known)."""
    months = period.months()
    keys = [y * 100 + m for y, m in months]
    query = LibraryFigures.select().where(
        (LibraryFigures.year >= months[0][0]) & (LibraryFigures.year <= months[-1][0]))
    if branch_id is not None:
        query = query.where(LibraryFigures.branch == branch_id)
    year = period.last.year
    figures, (population, children) = await asyncio.gather(query, population_of(year, branch_id))
    rows = [r for r in figures if keys[0] <= r["year"] * 100 + r["month"] <= keys[-1]]
    answer: dict = {key: 0 for key in INDICATOR_KEYS}
    answer.update({key: None for key in OPTIONAL_KEYS})
    latest: dict[int, dict] = {}
    for row in rows:
        for key in ("visits", "visits_children", "loans", "loans_children"):
            answer[key] += row[key]
        for key in OPTIONAL_KEYS:
            if row[key] is not None:
                answer[key] = (answer[key] or 0) + row[key]
        known = latest.get(row["branch"])
        if known is None or (row["year"], row["month"]) > (known["year"], known["month"]):
            latest[row["branch"]] = row
    for row in latest.values():
        answer["active_users"] += row["active_users"]
        answer["active_users_children"] += row["active_users_children"]
    # per branch: in the network, one branch's complete year must not make the others' gaps look filled
    answer["months_imported"] = len({(r["branch"], r["year"], r["month"]) for r in rows})
    answer["months_expected"] = len(months) * (1 if branch_id is not None else await Branch.count())
    answer["population"], answer["children_population"], answer["population_year"] = population, children, year
    imported = answer["months_imported"] > 0
    answer["coverage"] = coverage(answer["active_users"] if imported else None, population)
    answer["coverage_children"] = coverage(answer["active_users_children"] if imported else None, children)
    return answer
