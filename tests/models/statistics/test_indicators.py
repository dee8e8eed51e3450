"""The basic indicators on hand-made months: the file's optional figures (loans of books and of
periodicals, interlibrary loans), the population of the period's year, and the coverage from them,
each with "not known" (None) where the report would write "—"."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.kernel.network_tables import Branch, BranchPopulation
from models.kernel.tables import LibraryFigures
from models.statistics.period import month_period, year_period
from models.statistics.report_tables import coverage, coverage_change, indicators, population_of

pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def month(branch_id: int, year: int, number: int, **values) -> None:
    figures = {"visits": 100, "visits_children": 30, "loans": 900, "loans_children": 100, "active_users": 300, "active_users_children": 90, **values}
    await LibraryFigures.insert(LibraryFigures(period_key=f"{branch_id}:{year}-{number:02d}", branch=branch_id, year=year, month=number, **figures))


async def population(branch_id: int, year: int, residents: int, children: int | None) -> None:
    await BranchPopulation.insert(BranchPopulation(year_key=f"{branch_id}:{year}", branch=branch_id, year=year, population=residents, children=children))


async def test_indicators_sum_the_optional_figures_over_the_months_that_have_them(branch):
    await month(branch["id"], 2026, 1, loans_books=400, loans_periodicals=480, interlibrary_received=9, interlibrary_sent=3)
    await month(branch["id"], 2026, 2, loans_books=350, loans_periodicals=500, interlibrary_received=0)
    await month(branch["id"], 2026, 3)

    figures = await indicators(year_period(2026), branch["id"])

    assert [figures[k] for k in ("loans", "loans_books", "loans_periodicals", "interlibrary_received", "interlibrary_sent")] == [2700, 750, 980, 9, 3]


async def test_indicators_optional_figures_unknown_when_no_month_has_them(branch):
    await month(branch["id"], 2026, 1)

    figures = await indicators(month_period(2026, 1), branch["id"])

    assert [figures[k] for k in ("loans", "loans_books", "loans_periodicals", "interlibrary_received", "interlibrary_sent")] == [900, None, None, None, None]


async def test_indicators_population_of_the_periods_year_else_the_branchs_own(branch):
    await Branch.update({Branch.population: 1100, Branch.children_population: 200}).where(Branch.id == branch["id"])
    await population(branch["id"], 2026, 1006, 185)

    this_year, last_year = await indicators(year_period(2026), branch["id"]), await indicators(year_period(2025), branch["id"])

    assert [(f["population"], f["children_population"], f["population_year"]) for f in (this_year, last_year)] == [(1006, 185, 2026), (1100, 200, 2025)]


async def test_indicators_coverage_from_the_latest_months_active_users(branch):
    await population(branch["id"], 2026, 1006, 185)
    await month(branch["id"], 2026, 1, active_users=300, active_users_children=90)
    await month(branch["id"], 2026, 10, active_users=488, active_users_children=144)

    figures = await indicators(year_period(2026), branch["id"])

    assert (figures["coverage"], figures["coverage_children"]) == (Decimal("48.5"), Decimal("77.8"))


@pytest.mark.parametrize(("residents", "children", "expected"), [
    (0, 0, (None, None)),
    (1006, None, (Decimal("48.5"), None)),
    (1006, 0, (Decimal("48.5"), None)),
])
async def test_indicators_coverage_unknown_for_a_population_of_zero_or_missing(branch, residents, children, expected):
    await population(branch["id"], 2026, residents, children)
    await month(branch["id"], 2026, 10, active_users=488, active_users_children=144)

    figures = await indicators(year_period(2026), branch["id"])

    assert (figures["coverage"], figures["coverage_children"]) == expected


async def test_indicators_coverage_unknown_when_the_branch_has_no_population_at_all(branch):
    await month(branch["id"], 2026, 10, active_users=488, active_users_children=144)

    figures = await indicators(year_period(2026), branch["id"])

    assert (figures["population"], figures["coverage"], figures["coverage_children"]) == (None, None, None)


async def test_indicators_coverage_unknown_without_an_imported_month_while_the_population_is_known(branch):
    await population(branch["id"], 2026, 1006, 185)

    figures = await indicators(year_period(2026), branch["id"])

    assert (figures["population"], figures["months_imported"], figures["coverage"]) == (1006, 0, None)


async def test_population_of_the_network_sums_the_branches_open_in_the_year(branch, other_branch):
    await population(branch["id"], 2026, 1006, 185)
    await population(other_branch["id"], 2026, 900, None)
    await Branch.insert(Branch(name="Slēgtā", short_name="Slēgtā", slug="slegta", closed_on=date(2025, 6, 30)))

    network = await population_of(2026, None)

    assert network == (1906, None)


async def test_population_of_the_network_unknown_when_one_open_branch_has_none(branch, other_branch):
    await population(branch["id"], 2026, 1006, 185)

    assert await population_of(2026, None) == (None, None)


@pytest.mark.parametrize(("active", "residents", "expected"), [
    (488, 1006, Decimal("48.5")),
    (450, 1158, Decimal("38.9")),  # the report's 2021
    (144, 185, Decimal("77.8")),
    (0, 1006, Decimal("0.0")),
    (488, 0, None),
    (488, None, None),
    (None, 1006, None),
])
def test_coverage_per_hundred_residents_to_one_decimal(active, residents, expected):
    assert coverage(active, residents) == expected


@pytest.mark.parametrize(("this", "last", "expected"), [
    ((488, 1006), (495, 1018), "-0,2%"),   # the report's active users and residents, 2023 against 2022
    ((144, 185), (147, 183), "-3,1%"),
    ((495, 1018), (450, 1158), "+25,1%"),  # 2022 against 2021
    ((488, 1006), (0, 1018), "—"),         # last year's coverage 0
    ((488, 1006), (495, 0), "—"),          # last year's population 0
    ((488, None), (495, 1018), "—"),
    ((None, 1006), (495, 1018), "—"),
])
def test_coverage_change_compares_the_exact_ratios(this, last, expected):
    assert coverage_change(*this, *last) == expected


def test_report_year_is_last_year_until_the_end_of_march():
    from datetime import date

    from models.statistics.period import report_year

    assert [report_year(date(2027, month, day)) for month, day in ((1, 1), (2, 15), (3, 31), (4, 1), (12, 31))] == [
        2026, 2026, 2026, 2027, 2027]
