"""A library's population per year: the typed year checked and saved (a year again replaces it),
and the CSV of the official table checked whole, every problem with its line, nothing saved half."""
from __future__ import annotations

import pytest

from models.kernel.network_tables import AdminChange, BranchPopulation
from models.kernel.validation import ValidationFailed
from models.network.population import (PopulationRejected, Problem, YearPopulation, import_years, parse, remove_year, save_year, validate_year,
                                       years_of)

pytestmark = pytest.mark.clock("25.11.2026 12:00")


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(PopulationRejected) as rejected:
        parse(text.encode())
    return rejected.value.problems


def test_validate_year_reads_the_form_with_spaces_in_thousands():
    assert validate_year({"year": "2023", "population": "1 006", "children": "185"}) == YearPopulation(2023, 1006, 185)


def test_validate_year_without_children_keeps_them_unknown():
    assert validate_year({"year": "2023", "population": "0", "children": ""}) == YearPopulation(2023, 0, None)


@pytest.mark.parametrize(("raw", "errors"), [
    ({"year": "", "population": "", "children": ""}, {"year": "required", "population": "required"}),
    ({"year": "1999", "population": "-1", "children": "x"}, {"year": "year_range", "population": "population_range", "children": "number"}),
    ({"year": "2023", "population": "100", "children": "101"}, {"children": "children_over_population"}),
    ({"year": "2023", "population": "10000001", "children": ""}, {"population": "population_range"}),
])
def test_validate_year_mistakes_name_their_field(raw, errors):
    with pytest.raises(ValidationFailed) as failed:
        validate_year(raw)

    assert failed.value.errors == errors


async def test_save_year_again_replaces_it_and_the_history_says_from_what(branch, coordinator):
    await save_year(branch["id"], YearPopulation(2023, 1018, 183), coordinator["id"])

    await save_year(branch["id"], YearPopulation(2023, 1006, None), coordinator["id"])

    assert await years_of(branch["id"]) == [{"year": 2023, "population": 1006, "children": None}]
    changes = await AdminChange.select(AdminChange.action, AdminChange.details).order_by(AdminChange.id).output(load_json=True)
    assert changes == [{"action": "population_set", "details": {"population_2023": [None, "1018 (183)"]}},
                       {"action": "population_set", "details": {"population_2023": ["1018 (183)", "1006"]}}]


async def test_remove_year_takes_only_that_year_of_that_library(branch, other_branch):
    await save_year(branch["id"], YearPopulation(2022, 1018, 183), None)
    await save_year(branch["id"], YearPopulation(2023, 1006, 185), None)
    await save_year(other_branch["id"], YearPopulation(2023, 900, 150), None)

    removed = await remove_year(branch["id"], 2023, None)

    assert removed is True
    assert await years_of(branch["id"]) == [{"year": 2022, "population": 1018, "children": 183}]
    assert await years_of(other_branch["id"]) == [{"year": 2023, "population": 900, "children": 150}]
    assert await remove_year(branch["id"], 2023, None) is False


def test_parse_reads_the_official_tables_years_in_order_in_windows_1257():
    data = "Gads;Iedzīvotāji;Bērni\r\n2023.;1 006;185\r\n2021;1158;200\r\n2022;1018;\r\n".encode("cp1257")

    assert parse(data) == [YearPopulation(2021, 1158, 200, 3), YearPopulation(2022, 1018, None, 4), YearPopulation(2023, 1006, 185, 2)]


def test_parse_english_headings_without_the_childrens_column():
    assert parse(b"year,population\n2023,1006\n") == [YearPopulation(2023, 1006, None, 2)]


def test_parse_refuses_every_bad_line_with_its_number():
    problems = problems_of("gads;iedzīvotāji;bērni\n23;1006;185\n2023;-5;\n2024;100;101\n;1;0\n1999;1;0\n2022;x;1\n")

    assert problems == [
        Problem("year_format", 2, "gads", "23"), Problem("negative", 3, "iedzīvotāji", "-5"),
        Problem("children_over_population", 4, "bērni", "101", "100"), Problem("year_missing", 5, "gads", ""),
        Problem("year_range", 6, "gads", "1999"), Problem("number", 7, "iedzīvotāji", "x"),
    ]


def test_parse_a_year_twice_and_a_missing_population():
    assert problems_of("gads;iedzīvotāji\n2023;1006\n2023.;\n") == [
        Problem("year_twice", 3, "gads", "2023.", "2"), Problem("number_missing", 3, "iedzīvotāji", "")]


def test_parse_missing_and_unknown_columns_are_named():
    assert problems_of("gads;skolēni\n2023;5\n") == [Problem("unknown_column", 1, "skolēni"), Problem("missing_column", 1, "iedzīvotāji")]


def test_parse_empty_file_and_heading_only():
    assert (problems_of(" \n"), problems_of("gads;iedzīvotāji;bērni\n")) == ([Problem("empty")], [Problem("no_rows")])


async def test_import_years_writes_all_in_one_go_and_replaces_a_year_there(branch, coordinator):
    await save_year(branch["id"], YearPopulation(2023, 1, 0), None)

    count = await import_years(branch["id"], parse(b"gads;iedzivotaji;berni\n2022;1018;183\n2023;1006;185\n"), coordinator["id"])

    assert count == 2
    assert await years_of(branch["id"]) == [{"year": 2023, "population": 1006, "children": 185}, {"year": 2022, "population": 1018, "children": 183}]
    assert await BranchPopulation.count() == 2
