"""The basic indicators table with every row of the report's section 5 — active users, visits,
loans with books and periodicals, coverage, population, interlibrary loans — on the page, in the
CSV and XLSX downloads and in the JSON API, each beside last year with the change as the report
writes it, and "—" where a figure is not known."""
from __future__ import annotations

import csv
import io
import re
from html import unescape

import openpyxl
import pytest

from models.kernel.network_tables import BranchPopulation
from models.kernel.tables import LibraryFigures

pytestmark = pytest.mark.clock("25.11.2026 12:00")

YEAR = "period=year&year=2025"
BASE = {"visits": 0, "visits_children": 0, "loans": 0, "loans_children": 0, "active_users": 0, "active_users_children": 0}


async def month(branch_id: int, year: int, number: int, **values) -> None:
    await LibraryFigures.insert(LibraryFigures(period_key=f"{branch_id}:{year}-{number:02d}", branch=branch_id, year=year, month=number,
                                               **{**BASE, **values}))


async def population(branch_id: int, year: int, residents: int, children: int | None) -> None:
    await BranchPopulation.insert(BranchPopulation(year_key=f"{branch_id}:{year}", branch=branch_id, year=year, population=residents, children=children))


async def two_years(branch_id: int) -> None:
    """2025 with the optional columns, 2024 from a file with only the old ones; the population of both years."""
    await month(branch_id, 2025, 1, visits=700, visits_children=200, loans=900, loans_children=120, active_users=300, active_users_children=90,
                loans_books=400, loans_periodicals=480, interlibrary_received=9, interlibrary_sent=3)
    await month(branch_id, 2025, 10, visits=800, visits_children=250, loans=1000, loans_children=130, active_users=488, active_users_children=144,
                loans_books=500, loans_periodicals=490, interlibrary_received=11, interlibrary_sent=2)
    await month(branch_id, 2024, 10, visits=1000, visits_children=300, loans=1900, loans_children=200, active_users=495, active_users_children=147)
    await population(branch_id, 2025, 1006, 185)
    await population(branch_id, 2024, 1018, 183)


def figure_rows(html: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for key, body in re.findall(r'<tr data-figure="([a-z_]+)"[^>]*>(.*?)</tr>', html.split('id="table-indicators"')[1], re.S):
        rows.setdefault(key, [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)])
    return rows


EXPECTED_PAGE = {
    "active_users": ["Aktīvo lietotāju skaits", "488", "495", "-1,4%", "BIS ALISE"],
    "active_users_children": ["t. sk. bērni līdz 18 g.", "144", "147", "-2,0%", "BIS ALISE"],
    "visits": ["Bibliotēkas apmeklējums", "1\u00a0500", "1\u00a0000", "+50,0%", "BIS ALISE"],
    "visits_children": ["t. sk. bērni līdz 18 g.", "450", "300", "+50,0%", "BIS ALISE"],
    "loans": ["Izsniegums kopā", "1\u00a0900", "1\u00a0900", "0,0%", "BIS ALISE"],
    "loans_books": ["t. sk. grāmatas", "900", "—", "—", "BIS ALISE"],
    "loans_periodicals": ["t. sk. periodiskie izdevumi", "970", "—", "—", "BIS ALISE"],
    "loans_children": ["t. sk. bērniem līdz 18 g.", "250", "200", "+25,0%", "BIS ALISE"],
    "coverage": ["Bibliotekārais aptvērums, % no iedzīvotāju skaita", "48,5", "48,6", "-0,2%", "BIS ALISE, RIG010"],
    "coverage_children": ["t. sk. bērni līdz 18 g.", "77,8", "80,3", "-3,1%", "BIS ALISE, RIG010"],
    "population": ["Iedzīvotāju skaits", "1\u00a0006", "1\u00a0018", "-1,2%", "RIG010"],
    "children_population": ["t. sk. bērni līdz 18 g.", "185", "183", "+1,1%", "RIG010"],
    "interlibrary_received": ["SBA: no citām Latvijas bibliotēkām saņemto dokumentu skaits", "20", "—", "—", "BIS ALISE"],
    "interlibrary_sent": ["SBA: uz citām Latvijas bibliotēkām nosūtīto dokumentu skaits", "5", "—", "—", "BIS ALISE"],
}


async def test_indicators_page_shows_every_row_of_the_report_with_last_year_and_the_change(librarian_client, branch):
    await two_years(branch["id"])

    response = await librarian_client.get(f"/statistics?{YEAR}")

    rows = figure_rows(response.text)
    assert {key: rows[key] for key in EXPECTED_PAGE} == EXPECTED_PAGE
    assert list(rows)[:len(EXPECTED_PAGE)] == list(EXPECTED_PAGE)


async def test_indicators_csv_download_has_the_same_rows_with_decimal_commas(librarian_client, branch):
    await two_years(branch["id"])

    response = await librarian_client.get(f"/statistics/download?table=indicators&format=csv&{YEAR}")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Rādītājs", "2025", "2024", "% salīdzinot ar iepr. gadu", "Avots"]
    assert rows[5:15] == [
        ["Izsniegums kopā", "1900", "1900", "0,0%", "BIS ALISE"], ["t. sk. grāmatas", "900", "—", "—", "BIS ALISE"],
        ["t. sk. periodiskie izdevumi", "970", "—", "—", "BIS ALISE"], ["t. sk. bērniem līdz 18 g.", "250", "200", "+25,0%", "BIS ALISE"],
        ["Bibliotekārais aptvērums, % no iedzīvotāju skaita", "48,5", "48,6", "-0,2%", "BIS ALISE, RIG010"],
        ["t. sk. bērni līdz 18 g.", "77,8", "80,3", "-3,1%", "BIS ALISE, RIG010"],
        ["Iedzīvotāju skaits", "1006", "1018", "-1,2%", "RIG010"], ["t. sk. bērni līdz 18 g.", "185", "183", "+1,1%", "RIG010"],
        ["SBA: no citām Latvijas bibliotēkām saņemto dokumentu skaits", "20", "—", "—", "BIS ALISE"],
        ["SBA: uz citām Latvijas bibliotēkām nosūtīto dokumentu skaits", "5", "—", "—", "BIS ALISE"],
    ]


async def test_indicators_xlsx_keeps_the_coverage_a_number_to_one_decimal(librarian_client, branch):
    await two_years(branch["id"])

    response = await librarian_client.get(f"/statistics/download?table=indicators&format=xlsx&{YEAR}")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].row: [(c.value, c.number_format) for c in row] for row in sheet.iter_rows(min_row=7, max_row=10)}
    assert rows == {
        7: [("t. sk. grāmatas", "General"), (900, "General"), ("—", "General"), ("—", "General"), ("BIS ALISE", "General")],
        8: [("t. sk. periodiskie izdevumi", "General"), (970, "General"), ("—", "General"), ("—", "General"), ("BIS ALISE", "General")],
        9: [("t. sk. bērniem līdz 18 g.", "General"), (250, "General"), (200, "General"), (0.25, "+0.0%;-0.0%;0.0%"), ("BIS ALISE", "General")],
        10: [("Bibliotekārais aptvērums, % no iedzīvotāju skaita", "General"), (48.5, "0.0"), (48.6, "0.0"), (-0.002, "+0.0%;-0.0%;0.0%"),
             ("BIS ALISE, RIG010", "General")],
    }


async def test_indicators_coverage_dash_for_a_population_of_zero(librarian_client, branch):
    await month(branch["id"], 2025, 10, active_users=488, active_users_children=144)
    await population(branch["id"], 2025, 0, 0)
    await population(branch["id"], 2024, 1018, 183)

    rows = figure_rows((await librarian_client.get(f"/statistics?{YEAR}")).text)

    assert [rows[key][1:4] for key in ("coverage", "coverage_children", "population")] == [["—", "—", "—"], ["—", "—", "—"], ["0", "1\u00a0018", "-100,0%"]]


async def test_indicators_population_missing_and_no_month_imported_all_dashes(librarian_client, branch):
    rows = figure_rows((await librarian_client.get(f"/statistics?{YEAR}")).text)

    assert [rows[key][1:4] for key in ("loans_books", "coverage", "population", "children_population")] == [["—", "—", "—"]] * 4


async def test_statistics_api_gives_the_optional_figures_the_population_and_the_coverage(librarian_client, branch):
    await two_years(branch["id"])

    body = (await librarian_client.get(f"/api/v1/statistics?{YEAR}")).json()["indicators"]

    assert [(f["key"], f["this"], f["last"], f["change"]) for f in body["more"]] == [
        ("loans_books", 900, None, "—"), ("loans_periodicals", 970, None, "—"), ("population", 1006, 1018, "-1,2%"),
        ("children_population", 185, 183, "+1,1%"), ("interlibrary_received", 20, None, "—"), ("interlibrary_sent", 5, None, "—")]
    assert body["coverage"] == [
        {"key": "coverage", "label": "Bibliotekārais aptvērums, % no iedzīvotāju skaita", "this": 48.5, "last": 48.6, "this_text": "48,5",
         "last_text": "48,6", "change": "-0,2%"},
        {"key": "coverage_children", "label": "t. sk. bērni līdz 18 g.", "this": 77.8, "last": 80.3, "this_text": "77,8", "last_text": "80,3",
         "change": "-3,1%"}]
    assert (body["population_year"], [f["key"] for f in body["figures"]][:6]) == (
        2025, ["active_users", "active_users_children", "visits", "visits_children", "loans", "loans_children"])
