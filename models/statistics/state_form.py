"""The state statistics form of a library for a year, as rows to copy into the culture data portal,
and the check of what Afiša still lacks for it.

The form: Cabinet Regulation No. 291 of 30.05.2017 "Noteikumi par oficiālās statistikas
apkopošanu kultūras jomā", annex 2 "Bibliotēkas", entered in the culture data portal
(kulturasdati.lv, is.kulturaskarte.lv) by 15 February for the year before (biblioteka.lv, "Uzsākam
statistikas datu ievadi"); LNB's worksheet for it is "Pārskats par bibliotēkas darbību … gadā".
The annex's own row codes were not found in public text, so the numbers here are Afiša's own
(section.row), not the form's codes. The order and names of the sections and rows of sections 1-7
(Ēkas; Lietotāji; Apmeklējumi; Izsniegumi; Iekšzemes starpbibliotēku abonements (SBA);
Starptautiskais SBA; Bibliotēkas krājums) are those the portal publishes from the form for every
library (kulturasdati.lv/lv/bibliotekas/…: "Lasītāju kopskaits", "Bērni un jaunieši līdz 18
gadiem", "Pārējie", "Apmeklējumu kopskaits", "Izsniegumu kopskaits", "Grāmatas",
"Seriālizdevumi", "Izsniegumi bērniem un jauniešiem līdz 18 gadiem", …). The sections after them
(events and exhibitions, service points and deliveries, staff, finance, computers) follow the
form as far as it is known and use the names of the Latvian library statistics and the annual
report; staff, finance, collection, building and computers are rows the library fills itself
(Afiša cannot know them), kept so that the page reads in the form's order.

Every figure comes from the functions the statistics page and GET /api/v1/statistics use
(models/statistics/summary.py's period_figures, report_tables.py's indicators) for the same
period (the year, cut at today in the current year), so a number here is the API's number. As
there, the library system's figures are not known ("—", not 0) for a year without an imported
month, and the population and coverage are not known without RIG010's figure.

The check lists what makes a figure incomplete: each month of the year that has ended without the
library system's figures, per library of the scope (a library closed before a month is not asked
for it); each held session of the year without attendance, by the attendance reminders' own rule
(models/attendance: ended, not cancelled, its item neither draft nor cancelled, no exhibitions);
and a library without the year's population (its coverage is "—")."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from models.attendance import count_lacking_attendance, sessions_lacking_attendance
from models.kernel.clock import local_wall_time
from models.kernel.i18n import N_
from models.kernel.enums import PlaceKind
from models.kernel.network_tables import Branch
from models.kernel.tables import LibraryFigures, Place
from models.statistics.period import Period, year_period
from models.statistics.report_tables import indicators
from models.statistics.summary import period_figures

# where a row's figure comes from; SOURCE_LABELS names them on the page and in the download
LIBRARY_SYSTEM, POPULATION, COVERAGE, COUNTED, BY_LIBRARY = "library_system", "population", "coverage", "counted", "library"
SOURCE_LABELS = {LIBRARY_SYSTEM: "BIS ALISE", POPULATION: "RIG010", COVERAGE: "BIS ALISE, RIG010", COUNTED: "Afiša",
                 BY_LIBRARY: N_("aizpilda bibliotēka")}
# the library system's figures: not known without an imported month of the period
LIBRARY_SYSTEM_KEYS = frozenset({"active_users", "active_users_children", "active_users_other", "visits", "visits_children", "loans",
                                 "loans_books", "loans_periodicals", "loans_children", "interlibrary_received", "interlibrary_sent"})


@dataclass(frozen=True)
class Line:
    number: str
    name: str  # Latvian, translated where it is shown
    level: int = 0  # 1: an "of which" row
    key: str = ""  # the figure it shows; "" for a row the library fills itself
    source: str = BY_LIBRARY


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    lines: tuple[Line, ...]
    in_form: bool = True  # False: shown after the form, for the annual report (population and coverage)


FORM: tuple[Section, ...] = (
    Section("1.", N_("Ēka un telpas"), (
        Line("1.1.", N_("Telpu kopplatība (m²)")), Line("1.2.", N_("Lietotāju vietu skaits bibliotēkā")))),
    Section("2.", N_("Lietotāji"), (
        Line("2.1.", N_("Lasītāju kopskaits"), 0, "active_users", LIBRARY_SYSTEM),
        Line("2.2.", N_("Bērni un jaunieši līdz 18 gadiem"), 1, "active_users_children", LIBRARY_SYSTEM),
        Line("2.3.", N_("Pārējie"), 1, "active_users_other", LIBRARY_SYSTEM))),
    Section("3.", N_("Apmeklējumi"), (
        Line("3.1.", N_("Apmeklējumu kopskaits"), 0, "visits", LIBRARY_SYSTEM),
        Line("3.2.", N_("Bērni un jaunieši līdz 18 gadiem"), 1, "visits_children", LIBRARY_SYSTEM))),
    Section("4.", N_("Izsniegumi"), (
        Line("4.1.", N_("Izsniegumu kopskaits"), 0, "loans", LIBRARY_SYSTEM),
        Line("4.2.", N_("Grāmatas"), 1, "loans_books", LIBRARY_SYSTEM),
        Line("4.3.", N_("Seriālizdevumi"), 1, "loans_periodicals", LIBRARY_SYSTEM),
        Line("4.4.", N_("Izsniegumi bērniem un jauniešiem līdz 18 gadiem"), 1, "loans_children", LIBRARY_SYSTEM))),
    Section("5.", N_("Iekšzemes starpbibliotēku abonements (SBA)"), (
        Line("5.1.", N_("SBA: no citām Latvijas bibliotēkām saņemto dokumentu skaits"), 0, "interlibrary_received", LIBRARY_SYSTEM),
        Line("5.2.", N_("SBA: uz citām Latvijas bibliotēkām nosūtīto dokumentu skaits"), 0, "interlibrary_sent", LIBRARY_SYSTEM))),
    Section("6.", N_("Starptautiskais starpbibliotēku abonements (SSBA)"), (
        Line("6.1.", N_("Kopējais starptautisko starpbibliotēku abonementu skaits")),)),
    Section("7.", N_("Bibliotēkas krājums"), (
        Line("7.1.", N_("Jaunieguvumu kopskaits")), Line("7.2.", N_("Izslēgto dokumentu kopskaits")),
        Line("7.3.", N_("Krājuma kopskaits pārskata perioda beigās")))),
    Section("8.", N_("Pasākumi un izstādes"), (
        Line("8.1.", N_("Pasākumi"), 0, "events", COUNTED),
        Line("8.2.", N_("t. sk. bērniem un jauniešiem"), 1, "events_young", COUNTED),
        Line("8.3.", N_("t. sk. ārpus bibliotēkas"), 1, "events_outside", COUNTED),
        Line("8.4.", N_("t. sk. tiešsaistē"), 1, "events_online", COUNTED),
        Line("8.5.", N_("Pasākumu apmeklējums klātienē"), 0, "attendance", COUNTED),
        Line("8.6.", N_("t. sk. bērni līdz 18 g."), 1, "attendance_children", COUNTED),
        Line("8.7.", N_("Pasākumu dalībnieki tiešsaistē"), 0, "attendance_online", COUNTED),
        Line("8.8.", N_("Izstādes"), 0, "exhibitions", COUNTED),
        Line("8.9.", N_("t. sk. virtuālās"), 1, "exhibitions_virtual", COUNTED),
        Line("8.10.", N_("Bibliotekārās stundas"), 0, "lessons", COUNTED),
        Line("8.11.", N_("stundu dalībnieki"), 1, "lesson_participants", COUNTED),
        Line("8.12.", N_("Grāmatu starta nodarbības"), 0, "book_start", COUNTED),
        Line("8.13.", N_("bērni"), 1, "book_start_children", COUNTED))),
    Section("9.", N_("Ārējie apkalpošanas punkti un piegādes"), (
        Line("9.1.", N_("Ārējie apkalpošanas punkti, uz kuriem gada laikā veiktas piegādes"), 0, "service_points", COUNTED),
        Line("9.2.", N_("Piegādes apkalpošanas punktiem"), 0, "deliveries", COUNTED),
        Line("9.3.", N_("izsniegtie izdevumi"), 1, "delivery_items_out", COUNTED),
        Line("9.4.", N_("apkalpotie lasītāji"), 1, "delivery_readers", COUNTED),
        Line("9.5.", N_("Piegādes mājās"), 0, "home_deliveries", COUNTED),
        Line("9.6.", N_("apkalpotie lasītāji"), 1, "home_readers", COUNTED),
        Line("9.7.", N_("piegādātie izdevumi"), 1, "home_items", COUNTED))),
    Section("10.", N_("Personāls"), (
        Line("10.1.", N_("Darbinieku skaits")), Line("10.2.", N_("t. sk. ar bibliotekāro izglītību"), 1))),
    Section("11.", N_("Finansējums"), (
        Line("11.1.", N_("Ieņēmumi kopā (EUR)")), Line("11.2.", N_("Izdevumi kopā (EUR)")),
        Line("11.3.", N_("t. sk. krājuma komplektēšanai"), 1))),
    Section("12.", N_("Informācijas tehnoloģijas"), (
        Line("12.1.", N_("Datori lietotājiem")), Line("12.2.", N_("t. sk. ar interneta pieslēgumu"), 1))),
    Section("", N_("Iedzīvotāji un bibliotekārais aptvērums (gada pārskatam)"), (
        Line("", N_("Iedzīvotāju skaits"), 0, "population", POPULATION),
        Line("", N_("t. sk. bērni līdz 18 g."), 1, "children_population", POPULATION),
        Line("", N_("Bibliotekārais aptvērums, % no iedzīvotāju skaita"), 0, "coverage", COVERAGE),
        Line("", N_("t. sk. bērni līdz 18 g."), 1, "coverage_children", COVERAGE)), in_form=False),
)


@dataclass
class StateForm:
    year: int
    branch_id: int | None
    period: Period  # the year, cut at today in the current year (as the statistics API reads it)
    values: dict[str, int | Decimal | None]  # None: not known ("—")
    months_imported: int  # of the months expected, those with the library system's figures
    months_expected: int  # the ended months of the year × the libraries open in them (month_coverage)

    def value(self, line: Line) -> int | Decimal | None:
        return self.values.get(line.key) if line.key else None

    def rows(self):
        """(section, line, value) in the form's order."""
        for section in FORM:
            for line in section.lines:
                yield section, line, self.value(line)


async def state_form(year: int, branch_id: int | None, today: date) -> StateForm:
    period = year_period(year).until(today)
    figures, system, (imported, expected) = await asyncio.gather(
        period_figures(period, branch_id, today), indicators(period, branch_id), month_coverage(year, branch_id, today))
    values: dict = {**system, **figures.total.as_dict(), "service_points": len(figures.service_points)}
    values["active_users_other"] = system["active_users"] - system["active_users_children"]
    if not system["months_imported"]:  # as on the statistics page: "—", not a 0 the library system never said
        values.update(dict.fromkeys(LIBRARY_SYSTEM_KEYS))
    return StateForm(year, branch_id, period, values, imported, expected)


# --- the check ------------------------------------------------------------------------------

MONTH_MISSING, POPULATION_MISSING, ATTENDANCE_MISSING = "month_missing", "population_missing", "attendance_missing"


@dataclass(frozen=True)
class Problem:
    kind: str  # MONTH_MISSING, POPULATION_MISSING, ATTENDANCE_MISSING
    branch_id: int
    branch_name: str
    year: int
    month: int | None = None  # MONTH_MISSING
    occurrence_id: int | None = None  # ATTENDANCE_MISSING: the session whose attendance page fixes it
    item_id: int | None = None
    title: str = ""
    starts_at: datetime | None = None
    details: dict = field(default_factory=dict)


def ended_months(year: int, today: date) -> list[int]:
    """The months of `year` that have ended by `today`: the library system's figures of a month
    come once it is over, so the month under way is not yet missing."""
    if year < today.year:
        return list(range(1, 13))
    if year > today.year:
        return []
    return list(range(1, today.month))


async def libraries_open_in(year: int, branch_id: int | None) -> list[dict]:
    """{id, short_name, closed_on} of the library, or (None) of every library of the network open
    in `year` (not closed before it), by name."""
    query = Branch.select(Branch.id, Branch.short_name, Branch.closed_on)
    if branch_id is not None:
        query = query.where(Branch.id == branch_id)
    else:  # a library closed before the year has nothing to report for it
        query = query.where(Branch.closed_on.is_null() | (Branch.closed_on >= date(year, 1, 1)))
    return sorted(await query, key=lambda b: (b["short_name"].casefold(), b["id"]))


def expected_months(year: int, libraries: list[dict], today: date) -> list[tuple[int, int]]:
    """(library id, month) of every month of `year` ended by `today` that a library was open in
    (one closed before a month is not asked for it), by library and month."""
    return [(b["id"], month) for b in libraries for month in ended_months(year, today)
            if b["closed_on"] is None or b["closed_on"] >= date(year, month, 1)]


async def _imported(year: int, libraries: list[dict]) -> set[tuple[int, int]]:
    if not libraries:
        return set()
    rows = await LibraryFigures.select(LibraryFigures.branch, LibraryFigures.month).where(
        (LibraryFigures.year == year) & LibraryFigures.branch.is_in([b["id"] for b in libraries]))
    return {(row["branch"], row["month"]) for row in rows}


async def month_coverage(year: int, branch_id: int | None, today: date) -> tuple[int, int]:
    """(imported, expected): the library months of `year` the library system's figures are due for
    by `today` (expected_months of the library, or of the libraries open in the year) and how many
    of them are imported; the check's MONTH_MISSING problems are the difference."""
    libraries = await libraries_open_in(year, branch_id)
    expected = expected_months(year, libraries, today)
    have = await _imported(year, libraries) if expected else set()
    return sum(1 for pair in expected if pair in have), len(expected)


async def service_points_open_in(year: int, branch_id: int) -> list[dict]:
    """{id, name, opened_on, closed_on, active} of the library's service points open at some time in
    `year` (opened by its last day, not closed before its first), whether still in use or not, by name."""
    return await Place.select(Place.id, Place.name, Place.opened_on, Place.closed_on, Place.active).where(
        (Place.branch == branch_id) & (Place.kind == PlaceKind.SERVICE_POINT.value)
        & (Place.opened_on.is_null() | (Place.opened_on <= date(year, 12, 31)))
        & (Place.closed_on.is_null() | (Place.closed_on >= date(year, 1, 1)))).order_by(Place.name).order_by(Place.id)


async def _missing_months(year: int, libraries: list[dict], today: date) -> list[Problem]:
    expected = expected_months(year, libraries, today)
    if not expected:
        return []
    have, names = await _imported(year, libraries), {b["id"]: b["short_name"] for b in libraries}
    return [Problem(MONTH_MISSING, branch_id, names[branch_id], year, month=month) for branch_id, month in expected
            if (branch_id, month) not in have]


async def _missing_population(year: int, libraries: list[dict]) -> list[Problem]:
    """A library's population as report_tables.population_of reads it (the year's row, else the
    library's own figures), every library's in one query."""
    if not libraries:
        return []
    ids = [b["id"] for b in libraries]
    rows = await Branch.raw(
        "SELECT b.id, COALESCE(p.population, b.population) AS residents, CASE WHEN p.id IS NULL THEN b.children_population "
        "ELSE p.children END AS children FROM branch b LEFT JOIN branch_population p ON p.branch = b.id AND p.year = {} "
        f"WHERE b.id IN ({', '.join('{}' for _ in ids)})", year, *ids)
    figures = {row["id"]: (row["residents"], row["children"]) for row in rows}
    return [Problem(POPULATION_MISSING, b["id"], b["short_name"], year, details={"population": residents, "children": children})
            for b in libraries for residents, children in [figures.get(b["id"], (None, None))] if not residents or not children]


class Check(list):
    """The check's problems in order (a list of Problem); `sessions_lacking`: how many held
    sessions of the year lack attendance, of which the list holds at most the limit asked for."""
    sessions_lacking: int = 0


async def _missing_attendance(year: int, branch_id: int | None, now: datetime, limit: int | None) -> tuple[list[Problem], int]:
    """The attendance reminders' own list (models/attendance) of the sessions that start in the
    year and have ended by now, whenever they end (an all-day campaign 28.12.–03.01. is its
    starting year's): the first `limit` (None: all) and how many there are."""
    wall, start, end = local_wall_time(now), datetime(year, 1, 1), datetime(year + 1, 1, 1)
    if wall <= start:
        return [], 0
    scope = None if branch_id is None else [branch_id]
    count = await count_lacking_attendance(scope, wall, starts_from=start, starts_before=end)
    wanted = count if limit is None else min(limit, count)
    rows = await sessions_lacking_attendance(scope, wall, limit=wanted, starts_from=start, starts_before=end) if wanted else []
    return [Problem(ATTENDANCE_MISSING, row["branch_id"], row["branch_name"], year, occurrence_id=row["id"], item_id=row["item_id"],
                    title=row["title"], starts_at=row["starts_at"], details={"kind": row["kind"], "all_day": row["all_day"]})
            for row in rows], count


async def state_form_check(year: int, branch_id: int | None, now: datetime, sessions_limit: int | None = None) -> Check:
    """What the year's form still lacks, for one library or (None) every library of the network
    open in the year: the months without library-system figures (each library's, in order), the
    libraries without the year's population, and the held sessions without attendance (oldest
    first; at most `sessions_limit` of them, None all, with their number in `sessions_lacking`).
    `now`: aware, or a Riga wall-clock time."""
    today = local_wall_time(now).date()
    libraries = await libraries_open_in(year, branch_id)
    months, population, (attendance, lacking) = await asyncio.gather(
        _missing_months(year, libraries, today), _missing_population(year, libraries), _missing_attendance(year, branch_id, now, sessions_limit))
    check = Check([*months, *population, *attendance])
    check.sessions_lacking = lacking
    return check
