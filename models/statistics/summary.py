"""The statistics of a period, counted by the BRIEF's counting rules, aggregated in SQL.

- A session counts when it is held: an Attendance row exists for it. Cancelled sessions, and
  every session of a cancelled or draft item, count nowhere.
- Events are the held sessions of items of kind event; each session of a series counts once.
  "For children and young people": the item's audiences include preschool, children or teens.
  "Outside the library": the session's place (its own, else the item's) is not a room.
  "Online": the session had online participants. Attendance: the headcount in person (children
  and adults apart), online participants apart.
- Lessons (sessions, participants) and Book Start (sessions, children, kits) are their own lines.
- An exhibition counts once, in the month of its opening (the start of its first session that is
  not cancelled), when it has opened by `today`; it needs no attendance.
- Deliveries to service points: sessions, items out and back, readers served, per service point; home delivery:
  sessions, readers served and items, and the items per reader.
- Book sets in circulation: each set out during the period once (models/statistics/outreach.py).
- Registrations: the items with registration in the month of their first held session, their
  places, the people registered, who came, no-shows, left waiting and cancelled
  (models/statistics/registrations.py).

Each query groups by month and by the flags above, so a network's year is a few hundred rows
whatever the number of sessions; the period and last year's are read in the same scan of the held
sessions' facts (models/statistics/facts.py, models/statistics/sql.py; the report's own tables are
models/statistics/report_tables.py's)."""
from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from models.statistics.outreach import SetsInCirculation, books_per_reader, sets_in_circulation
from models.statistics.period import Period
from models.statistics.registrations import COLUMNS as REGISTRATION_COLUMNS, registration_rows
from models.statistics.sql import HELD_FROM, current_flag, fetch, held_where, month_of, opening_sql


@dataclass
class Figures:
    events: int = 0
    events_young: int = 0
    events_outside: int = 0
    events_online: int = 0
    attendance: int = 0
    attendance_children: int = 0
    attendance_adults: int = 0
    attendance_online: int = 0
    exhibitions: int = 0
    exhibitions_virtual: int = 0
    lessons: int = 0
    lesson_participants: int = 0
    book_start: int = 0
    book_start_children: int = 0
    book_start_kits: int = 0
    deliveries: int = 0
    delivery_items_out: int = 0
    delivery_items_back: int = 0
    delivery_readers: int = 0
    home_deliveries: int = 0
    home_readers: int = 0
    home_items: int = 0
    # registrations (models/statistics/registrations.py): people, items in the month they are first held
    registration_items: int = 0
    registration_places: int = 0
    registered_people: int = 0
    registration_came: int = 0
    no_shows: int = 0
    registration_marked: int = 0
    waiting_people: int = 0
    cancelled_people: int = 0

    def add(self, other: Figures) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class PeriodFigures:
    period: Period
    total: Figures
    months: dict[tuple[int, int], Figures]
    service_points: list[dict]  # {place_id, name, branch_name, sessions, items_out, items_back, readers_served}
    sets: SetsInCirculation = field(default_factory=SetsInCirculation)  # book sets out during the period (models/statistics/outreach.py)

    @property
    def books_per_home_reader(self):
        """Home delivery's items per reader served (a Decimal to one decimal), None without readers."""
        return books_per_reader(self.total.home_items, self.total.home_readers)


_SESSIONS_SQL = """SELECT {current} AS cur, {month} AS ym, a.session_kind AS kind,
  CASE WHEN a.home_delivery THEN 1 ELSE 0 END AS home,
  CASE WHEN a.for_young THEN 1 ELSE 0 END AS young,
  CASE WHEN COALESCE(pl.kind, 'room') <> 'room' THEN 1 ELSE 0 END AS outside,
  CASE WHEN a.online > 0 THEN 1 ELSE 0 END AS is_online,
  COUNT(*) AS sessions, SUM(a.total) AS total, SUM(a.children) AS children, SUM(a.adults) AS adults,
  SUM(a.online) AS online, SUM(a.kits) AS kits, SUM(a.items_out) AS items_out, SUM(a.items_back) AS items_back,
  SUM(a.readers_served) AS readers
{held_from}
LEFT JOIN place pl ON pl.id = a.session_place"""


def _add_sessions(figures: Figures, row: dict) -> None:
    n, kind = row["sessions"], row["kind"]
    if kind == "event":
        figures.events += n
        figures.events_young += n * row["young"]
        figures.events_outside += n * row["outside"]
        figures.events_online += n * row["is_online"]
        figures.attendance += row["total"]
        figures.attendance_children += row["children"]
        figures.attendance_adults += row["adults"]
        figures.attendance_online += row["online"]
    elif kind == "lesson":
        figures.lessons += n
        figures.lesson_participants += row["total"]
    elif kind == "book_start":
        figures.book_start += n
        figures.book_start_children += row["children"]
        figures.book_start_kits += row["kits"]
    elif kind == "delivery" and row["home"]:
        figures.home_deliveries += n
        figures.home_readers += row["readers"]
        figures.home_items += row["items_out"]
    elif kind == "delivery":
        figures.deliveries += n
        figures.delivery_items_out += row["items_out"]
        figures.delivery_items_back += row["items_back"]
        figures.delivery_readers += row["readers"]


async def _exhibitions(period: Period, previous: Period | None, branch_id: int | None, today: date) -> list[dict]:
    args: list = []
    inner = opening_sql(args, period, today, branch_id, previous)
    current = current_flag("x.opening", period, previous, args)
    sql = (f"SELECT {current} AS cur, {month_of('x.opening')} AS ym, i.exhibition_form AS form, COUNT(*) AS n FROM ({inner}) x"
           " JOIN item i ON i.id = x.item_id GROUP BY 1, 2, 3")
    return await fetch(sql, *_reorder(args, inner))


async def _service_points(period: Period, previous: Period | None, branch_id: int | None) -> dict[int, list[dict]]:
    args: list = []
    current = current_flag("a.session_start", period, previous, args)
    sql = (f"SELECT {current} AS cur, pl.id AS place_id, pl.name AS name, b.short_name AS branch_name, COUNT(*) AS sessions,"
           " SUM(a.items_out) AS items_out, SUM(a.items_back) AS items_back, SUM(a.readers_served) AS readers_served "
           + HELD_FROM + " JOIN branch b ON b.id = a.session_branch LEFT JOIN place pl ON pl.id = a.session_place"
           + held_where(period, branch_id, args, previous) + " AND a.session_kind = 'delivery' AND a.home_delivery = {}"
           " GROUP BY 1, pl.id, pl.name, b.short_name")
    args.append(False)
    found: dict[int, list[dict]] = {0: [], 1: []}
    for row in await fetch(sql, *args):
        found[row["cur"]].append(dict(row))
    for rows in found.values():
        rows.sort(key=lambda r: ((r["branch_name"] or "").casefold(), (r["name"] or "").casefold()))
    return found


def _reorder(args: list, inner: str) -> list:
    """The exhibitions' SQL has the flag's argument before the inner query's: move it to the front."""
    count = inner.count("{}")
    return args[count:] + args[:count]


def _ym(text: str) -> tuple[int, int]:
    return int(text[:4]), int(text[5:7])


async def _figures(period: Period, previous: Period | None, branch_id: int | None, today: date) -> dict[int, PeriodFigures]:
    """{1: the period's figures, 0: the previous period's} in one scan of each kind of data."""
    periods = {1: period, 0: previous}
    months: dict[int, dict] = {cur: {ym: Figures() for ym in p.months()} if p else {} for cur, p in periods.items()}
    args: list = []
    current = current_flag("a.session_start", period, previous, args)
    sql = _SESSIONS_SQL.format(current=current, month=month_of("a.session_start"), held_from=HELD_FROM)
    sql += held_where(period, branch_id, args, previous)
    # five independent reads: on PostgreSQL's pool they run side by side
    rows, exhibitions, points, sets, registrations = await asyncio.gather(
        fetch(sql + " GROUP BY 1, 2, 3, 4, 5, 6, 7", *args), _exhibitions(period, previous, branch_id, today),
        _service_points(period, previous, branch_id), sets_in_circulation([p for p in (period, previous) if p], branch_id),
        registration_rows(period, previous, branch_id))
    sets_of = {1: sets[0], 0: sets[1] if previous else None}
    for row in rows:
        _add_sessions(months[row["cur"]].setdefault(_ym(row["ym"]), Figures()), row)
    for row in exhibitions:
        figures = months[row["cur"]].setdefault(_ym(row["ym"]), Figures())
        figures.exhibitions += row["n"]
        figures.exhibitions_virtual += row["n"] if row["form"] == "virtual" else 0
    for row in registrations:
        figures = months[row["cur"]].setdefault(_ym(row["ym"]), Figures())
        for column, name in REGISTRATION_COLUMNS.items():
            setattr(figures, name, getattr(figures, name) + int(row[column] or 0))
    answer = {}
    for cur, p in periods.items():
        if p is not None:
            total = Figures()
            for figures in months[cur].values():
                total.add(figures)
            answer[cur] = PeriodFigures(p, total, months[cur], points[cur], sets_of[cur])
    return answer


async def period_figures(period: Period, branch_id: int | None, today: date) -> PeriodFigures:
    """The figures of one period: in total, month by month, and per service point."""
    return (await _figures(period, None, branch_id, today))[1]


async def compare_figures(period: Period, branch_id: int | None, today: date) -> tuple[PeriodFigures, PeriodFigures]:
    """The period's figures and last year's, read together when the two periods do not overlap
    (a month or a year always; a range of more than a year does)."""
    previous = period.previous()
    if previous.end <= period.start:
        both = await _figures(period, previous, branch_id, today)
        return both[1], both[0]
    return await period_figures(period, branch_id, today), await period_figures(previous, branch_id, today)
