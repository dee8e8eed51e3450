"""The state form on hand-made months and sessions: its values are the statistics' own (indicators
and the summary), the network's are its libraries' summed, and the check lists exactly what is
missing — the ended months without the library system's figures, the held sessions without
attendance, the libraries without the year's population."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from models.kernel.network_tables import Branch, BranchPopulation
from models.kernel.tables import LibraryFigures, Place
from models.statistics.period import year_period
from models.statistics.report_tables import indicators
from models.statistics.state_form import (
    ATTENDANCE_MISSING, FORM, MONTH_MISSING, POPULATION_MISSING, Problem, ended_months, month_coverage, service_points_open_in, state_form,
    state_form_check,
)
from models.statistics.summary import period_figures
from tests.conftest import at
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0)


async def month(branch_id: int, year: int, number: int, **values) -> None:
    figures = {"visits": 100, "visits_children": 30, "loans": 900, "loans_children": 100, "active_users": 300, "active_users_children": 90, **values}
    await LibraryFigures.insert(LibraryFigures(period_key=f"{branch_id}:{year}-{number:02d}", branch=branch_id, year=year, month=number, **figures))


async def population(branch_id: int, year: int, residents: int = 1006, children: int | None = 185) -> None:
    await BranchPopulation.insert(BranchPopulation(year_key=f"{branch_id}:{year}", branch=branch_id, year=year, population=residents, children=children))


def missing_months(problems: list[Problem]) -> list[tuple[str, int]]:
    return [(p.branch_name, p.month) for p in problems if p.kind == MONTH_MISSING]


# --- the check: months ------------------------------------------------------------------------

async def test_state_form_check_lists_exactly_the_months_without_figures(branch):
    await population(branch["id"], 2025)
    for number in (1, 2, 5, 12):
        await month(branch["id"], 2025, number)

    problems = await state_form_check(2025, branch["id"], NOW)

    assert problems == [Problem(MONTH_MISSING, branch["id"], "Rožupe", 2025, month=number) for number in (3, 4, 6, 7, 8, 9, 10, 11)]


async def test_state_form_check_current_year_asks_only_the_months_that_have_ended(branch):
    await population(branch["id"], 2026)
    await month(branch["id"], 2026, 4)

    problems = await state_form_check(2026, branch["id"], NOW)

    assert missing_months(problems) == [("Rožupe", number) for number in (1, 2, 3, 5, 6, 7, 8, 9, 10)]


async def test_state_form_check_network_lists_each_library_and_not_the_months_after_one_closed(branch, other_branch):
    rows = await Branch.insert(Branch(name="Slēgtā bibliotēka", short_name="Slēgtā", slug="slegta", closed_on=date(2025, 3, 31))).returning(Branch.id)
    closed = rows[0]["id"]
    await Branch.insert(Branch(name="Sen slēgtā bibliotēka", short_name="Sen slēgtā", slug="sen-slegta", closed_on=date(2024, 12, 31)))
    for number in range(1, 13):
        await month(branch["id"], 2025, number)
    for number in (1, 2):
        await month(closed, 2025, number)
    for branch_id in (branch["id"], other_branch["id"], closed):
        await population(branch_id, 2025)

    problems = await state_form_check(2025, None, NOW)

    assert missing_months(problems) == [("Rudzāti", number) for number in range(1, 13)] + [("Slēgtā", 3)]


def test_ended_months_of_a_past_this_and_a_future_year():
    assert (ended_months(2025, TODAY), ended_months(2026, TODAY), ended_months(2027, TODAY)) == (list(range(1, 13)), list(range(1, 11)), [])


# --- the check: attendance --------------------------------------------------------------------

async def test_state_form_check_flags_a_held_session_without_attendance_and_not_one_with(branch):
    await population(branch["id"], 2026)
    for number in range(1, 11):
        await month(branch["id"], 2026, number)
    event = await make_item(branch["id"], title="Dzejas dienas")
    lacking = await session(event, "10.09.2026 17:00")
    await session(event, "17.09.2026 17:00", total=20, children=5, adults=15)
    await session(event, "24.09.2026 17:00", cancelled=True)
    await session(event, "01.12.2026 17:00")  # not yet held
    await session(event, "10.09.2025 17:00")  # last year's
    cancelled_item = await make_item(branch["id"], title="Atceltā tikšanās", status="cancelled")
    await session(cancelled_item, "11.09.2026 17:00")
    draft = await make_item(branch["id"], title="Melnraksts", status="draft")
    await session(draft, "12.09.2026 17:00")
    exhibition = await make_item(branch["id"], "exhibition", title="Rudens izstāde")
    await session(exhibition, "01.09.2026 10:00", end="30.09.2026 18:00")

    problems = await state_form_check(2026, branch["id"], NOW)

    assert [(p.kind, p.occurrence_id, p.item_id, p.title, p.starts_at, p.branch_name) for p in problems] == [
        (ATTENDANCE_MISSING, lacking, event, "Dzejas dienas", at("10.09.2026 17:00"), "Rožupe")]


async def test_state_form_check_network_names_the_library_of_each_session(branch, other_branch):
    for branch_id in (branch["id"], other_branch["id"]):
        await population(branch_id, 2025)
        for number in range(1, 13):
            await month(branch_id, 2025, number)
    ours = await session(await make_item(branch["id"], title="Lasīšanas stunda"), "03.02.2025 10:00")
    theirs = await session(await make_item(other_branch["id"], title="Rudzātu vakars"), "01.02.2025 18:00")

    problems = await state_form_check(2025, None, NOW)

    assert [(p.occurrence_id, p.branch_name, p.title) for p in problems] == [(theirs, "Rudzāti", "Rudzātu vakars"), (ours, "Rožupe", "Lasīšanas stunda")]


# --- the check: population and nothing missing ------------------------------------------------

async def test_state_form_check_flags_a_library_without_the_years_population(branch, other_branch):
    await population(other_branch["id"], 2025)
    await population(branch["id"], 2024)
    for branch_id in (branch["id"], other_branch["id"]):
        for number in range(1, 13):
            await month(branch_id, 2025, number)

    problems = await state_form_check(2025, None, NOW)

    assert [(p.kind, p.branch_name, p.details) for p in problems] == [(POPULATION_MISSING, "Rožupe", {"population": None, "children": None})]


async def test_state_form_check_nothing_missing_is_an_empty_list(branch):
    await population(branch["id"], 2025)
    for number in range(1, 13):
        await month(branch["id"], 2025, number)
    event = await make_item(branch["id"])
    await session(event, "05.03.2025 17:00", total=12, children=2, adults=10)

    assert await state_form_check(2025, branch["id"], NOW) == []


# --- the values -------------------------------------------------------------------------------

async def test_state_form_values_equal_the_indicators_and_the_summary(branch, care_centre):
    await population(branch["id"], 2025)
    await month(branch["id"], 2025, 1, loans_books=400, loans_periodicals=480, interlibrary_received=9, interlibrary_sent=3)
    await month(branch["id"], 2025, 10, active_users=488, active_users_children=144)
    event = await make_item(branch["id"], audiences=("children",))
    await session(event, "05.03.2025 17:00", total=20, children=5, adults=15)
    await session(event, "12.03.2025 17:00", total=30, children=10, adults=20, online=4)
    delivery = await make_item(branch["id"], "delivery", place_id=care_centre["id"])
    await session(delivery, "06.03.2025 11:00", items_out=15, items_back=9, readers_served=7)
    period = year_period(2025)

    form = await state_form(2025, branch["id"], TODAY)

    system, counted = await indicators(period, branch["id"]), (await period_figures(period, branch["id"], TODAY)).total.as_dict()
    assert {key: form.values[key] for key in system} == system
    assert {key: form.values[key] for key in counted} == counted
    assert [form.values[key] for key in ("active_users", "active_users_children", "active_users_other", "loans", "loans_books",
                                         "interlibrary_sent", "events", "events_young", "attendance", "deliveries", "service_points",
                                         "coverage")] == [488, 144, 344, 1800, 400, 3, 2, 2, 50, 1, 1, system["coverage"]]


async def test_state_form_network_sums_its_libraries(branch, other_branch):
    await month(branch["id"], 2025, 6, visits=700, loans=900, active_users=300, active_users_children=90)
    await month(other_branch["id"], 2025, 6, visits=200, loans=250, active_users=120, active_users_children=30)
    await session(await make_item(branch["id"]), "05.03.2025 17:00", total=20, children=5, adults=15)
    await session(await make_item(other_branch["id"]), "06.03.2025 17:00", total=8, adults=8)

    ours, theirs, network = [await state_form(2025, scope, TODAY) for scope in (branch["id"], other_branch["id"], None)]

    keys = ("visits", "loans", "active_users", "active_users_children", "active_users_other", "events", "attendance", "attendance_children")
    assert [network.values[key] for key in keys] == [ours.values[key] + theirs.values[key] for key in keys] == [900, 1150, 420, 120, 300, 2, 28, 5]


async def test_state_form_without_an_imported_month_knows_no_library_system_figure_and_counts_zero(branch):
    form = await state_form(2025, branch["id"], TODAY)

    assert [form.values[key] for key in ("active_users", "active_users_other", "visits", "loans", "interlibrary_received", "events",
                                         "exhibitions", "coverage")] == [None, None, None, None, None, 0, 0, None]
    assert (form.months_imported, form.months_expected) == (0, 12)


async def test_state_form_current_year_runs_to_today_as_the_statistics_do(branch):
    form = await state_form(2026, branch["id"], TODAY)

    assert (form.period.first, form.period.last, form.months_expected) == (date(2026, 1, 1), TODAY, 10)


async def test_month_coverage_current_year_with_every_ended_month_imported_has_no_gap(branch):
    for number in range(1, 11):
        await month(branch["id"], 2026, number)

    assert await month_coverage(2026, branch["id"], TODAY) == (10, 10)


async def test_month_coverage_network_does_not_expect_a_library_closed_before_the_year(branch):
    await Branch.insert(Branch(name="Sen slēgtā bibliotēka", short_name="Sen slēgtā", slug="sen-slegta", closed_on=date(2024, 12, 31)))
    for number in range(1, 13):
        await month(branch["id"], 2025, number)

    assert await month_coverage(2025, None, TODAY) == (12, 12)


async def test_service_points_open_in_a_year_whether_in_use_now_or_not(branch):
    for name, opened, closed, active in (("Slēgts pērn", None, date(2025, 6, 30), False), ("Atvērts šogad", date(2026, 3, 1), None, True),
                                         ("Vienmēr", None, None, True), ("Cita veida telpa", None, None, True)):
        await Place.insert(Place(branch=branch["id"], name=name, kind="room" if name == "Cita veida telpa" else "service_point",
                                 opened_on=opened, closed_on=closed, active=active))

    last_year, this_year = [[p["name"] for p in await service_points_open_in(year, branch["id"])] for year in (2025, 2026)]

    assert (last_year, this_year) == (["Slēgts pērn", "Vienmēr"], ["Atvērts šogad", "Vienmēr"])


def test_state_form_rows_are_numbered_in_the_forms_order_and_rows_afisa_cannot_know_have_no_figure():
    numbers = [line.number for section in FORM for line in section.lines if section.in_form]
    unknown = [line.number for section in FORM for line in section.lines if not line.key]

    assert numbers[:10] == ["1.1.", "1.2.", "2.1.", "2.2.", "2.3.", "3.1.", "3.2.", "4.1.", "4.2.", "4.3."]
    assert unknown == ["1.1.", "1.2.", "6.1.", "7.1.", "7.2.", "7.3.", "10.1.", "10.2.", "11.1.", "11.2.", "11.3.", "12.1.", "12.2."]


async def test_state_form_check_flags_a_new_years_eve_session_in_its_own_year(branch):
    await population(branch["id"], 2025)
    for number in range(1, 13):
        await month(branch["id"], 2025, number)
    eve = await session(await make_item(branch["id"], title="Gadumijas vakars"), "31.12.2025 22:00", end="01.01.2026 01:00")

    this_year, next_year = await state_form_check(2025, branch["id"], NOW), await state_form_check(2026, branch["id"], NOW)

    assert [p.occurrence_id for p in this_year] == [eve]
    assert [p.occurrence_id for p in next_year if p.kind == ATTENDANCE_MISSING] == []


async def test_state_form_check_flags_a_campaign_crossing_new_year_in_its_starting_year(branch):
    await population(branch["id"], 2025)
    for number in range(1, 13):
        await month(branch["id"], 2025, number)
    campaign = await make_item(branch["id"], title="Ziemas lasīšanas kampaņa", all_day=True)
    crossing = await session(campaign, "28.12.2025 00:00", end="04.01.2026 00:00")

    this_year, next_year = await state_form_check(2025, branch["id"], NOW), await state_form_check(2026, branch["id"], NOW)

    assert ([p.occurrence_id for p in this_year], this_year.sessions_lacking) == ([crossing], 1)
    assert [p.occurrence_id for p in next_year if p.kind == ATTENDANCE_MISSING] == []


async def test_state_form_check_does_not_flag_a_session_of_the_previous_year(branch):
    await population(branch["id"], 2026)
    for number in range(1, 11):
        await month(branch["id"], 2026, number)
    await session(await make_item(branch["id"], title="Pērnā tikšanās"), "15.12.2025 17:00")

    check = await state_form_check(2026, branch["id"], NOW)

    assert (list(check), check.sessions_lacking) == ([], 0)


async def test_state_form_check_with_a_limit_lists_the_first_sessions_and_counts_them_all(branch):
    await population(branch["id"], 2025)
    for number in range(1, 13):
        await month(branch["id"], 2025, number)
    event = await make_item(branch["id"], title="Rīta lasījumi")
    first = await session(event, "05.03.2025 09:00")
    second = await session(event, "12.03.2025 09:00")
    await session(event, "19.03.2025 09:00")

    check = await state_form_check(2025, branch["id"], NOW, sessions_limit=2)

    assert ([p.occurrence_id for p in check], check.sessions_lacking) == ([first, second], 3)


async def test_state_form_check_reads_a_librarys_own_population_without_the_years_row(branch, other_branch):
    await Branch.update({Branch.population: 900, Branch.children_population: 150}).where(Branch.id == branch["id"])
    await population(other_branch["id"], 2025, children=None)
    for branch_id in (branch["id"], other_branch["id"]):
        for number in range(1, 13):
            await month(branch_id, 2025, number)

    problems = await state_form_check(2025, None, NOW)

    assert [(p.kind, p.branch_name, p.details) for p in problems] == [(POPULATION_MISSING, "Rudzāti", {"population": 1006, "children": None})]
