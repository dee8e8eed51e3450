"""The state form's page and XLSX: the rows in the form's order with the figures the statistics API
gives for the same year, the check on top with a link to fix each problem, the branch scope of the
statistics page, and a clear 4xx for a bad year or another library's form."""
from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest

from app.kernel.i18n import translate
from models.kernel.network_tables import BranchPopulation
from models.kernel.tables import LibraryFigures
from models.statistics.state_form import FORM
from tests.app.conftest import login
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

BASE = {"visits": 0, "visits_children": 0, "loans": 0, "loans_children": 0, "active_users": 0, "active_users_children": 0}


async def month(branch_id: int, year: int, number: int, **values) -> None:
    await LibraryFigures.insert(LibraryFigures(period_key=f"{branch_id}:{year}-{number:02d}", branch=branch_id, year=year, month=number,
                                               **{**BASE, **values}))


async def population(branch_id: int, year: int, residents: int = 1006, children: int | None = 185) -> None:
    await BranchPopulation.insert(BranchPopulation(year_key=f"{branch_id}:{year}", branch=branch_id, year=year, population=residents, children=children))


async def a_year(branch_id: int, care_centre_id: int) -> int:
    """2025 of one library: two imported months, the population, events, an exhibition, a delivery,
    and one held session without attendance (its occurrence id)."""
    await month(branch_id, 2025, 1, visits=700, visits_children=200, loans=900, loans_children=120, active_users=300, active_users_children=90,
                loans_books=400, loans_periodicals=480, interlibrary_received=9, interlibrary_sent=3)
    await month(branch_id, 2025, 10, visits=800, visits_children=250, loans=1000, loans_children=130, active_users=1488, active_users_children=144)
    await population(branch_id, 2025)
    event = await make_item(branch_id, title="Dzejas dienas", audiences=("children",))
    await session(event, "10.09.2025 17:00", total=1200, children=200, adults=1000)
    await session(event, "17.09.2025 17:00", total=30, children=10, adults=20, online=4)
    exhibition = await make_item(branch_id, "exhibition", title="Rudens izstāde")
    await session(exhibition, "01.10.2025 10:00", end="31.10.2025 18:00")
    delivery = await make_item(branch_id, "delivery", place_id=care_centre_id)
    await session(delivery, "06.03.2025 11:00", items_out=15, items_back=9, readers_served=7)
    return await session(event, "24.09.2025 17:00")


def figure_rows(html: str) -> dict[str, list[str]]:
    return {key: [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)]
            for key, body in re.findall(r'<tr data-figure="([a-z_]+)"[^>]*>(.*?)</tr>', html, re.S)}


def table_rows(html: str) -> list[list[str]]:
    """Every row of the form's table below its headings, each cell's text."""
    table = html.split('data-table="state-form"')[1].split("</thead>")[1].split("</table>")[0]
    return [[" ".join(unescape(re.sub(r"<[^>]+>", "", cell)).split()) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


def problem_items(html: str, kind: str) -> list[str]:
    found = re.search(rf'<ul data-problems="{kind}">(.*?)</ul>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)] if found else []


def api_values(body: dict) -> dict:
    """The API's figures by key: the summary, the indicators (with the optional ones and the coverage)."""
    values = {f["key"]: f["this"] for f in body["figures"]}
    indicators = body["indicators"]
    values.update({f["key"]: f["this"] for f in indicators["figures"] + indicators["more"] + indicators["coverage"]})
    values["active_users_other"] = values["active_users"] - values["active_users_children"]
    values["service_points"] = len(body["service_points"])
    return values


# --- the page ---------------------------------------------------------------------------------

async def test_state_form_page_librarian_sees_her_librarys_rows_in_the_forms_order(librarian_client, branch, care_centre):
    await a_year(branch["id"], care_centre["id"])

    response = await librarian_client.get("/statistics/state-form?year=2025")

    rows = figure_rows(response.text)
    assert response.status_code == 200 and "Rožupe · 2025" in response.text
    assert list(rows) == [line.key for section in FORM for line in section.lines if line.key]
    assert {key: rows[key] for key in ("active_users", "active_users_other", "visits", "loans_periodicals", "events", "attendance",
                                       "exhibitions", "service_points", "coverage")} == {
        "active_users": ["2.1.", "Lasītāju kopskaits", "1\u00a0488", "BIS ALISE"],
        "active_users_other": ["2.3.", "Pārējie", "1\u00a0344", "BIS ALISE"],
        "visits": ["3.1.", "Apmeklējumu kopskaits", "1\u00a0500", "BIS ALISE"],
        "loans_periodicals": ["4.3.", "Seriālizdevumi", "480", "BIS ALISE"],
        "events": ["8.1.", "Pasākumi", "2", "Afiša"],
        "attendance": ["8.5.", "Pasākumu apmeklējums klātienē", "1\u00a0230", "Afiša"],
        "exhibitions": ["8.8.", "Izstādes", "1", "Afiša"],
        "service_points": ["9.1.", "Ārējie apkalpošanas punkti, uz kuriem gada laikā veiktas piegādes", "1", "Afiša"],
        "coverage": ["", "Bibliotekārais aptvērums, % no iedzīvotāju skaita", "147,9", "BIS ALISE, RIG010"],
    }
    assert table_rows(response.text)[:4] == [["1. Ēka un telpas"], ["1.1.", "Telpu kopplatība (m²)", "—", "aizpilda bibliotēka"],
                                             ["1.2.", "Lietotāju vietu skaits bibliotēkā", "—", "aizpilda bibliotēka"], ["2. Lietotāji"]]


async def test_state_form_page_check_lists_the_missing_months_and_the_session_without_attendance(librarian_client, branch, care_centre):
    lacking = await a_year(branch["id"], care_centre["id"])

    response = await librarian_client.get("/statistics/state-form?year=2025")

    assert problem_items(response.text, "months") == [
        "Rožupe: februāris, marts, aprīlis, maijs, jūnijs, jūlijs, augusts, septembris, novembris, decembris — Bibliotēkas sistēmas dati (Rožupe)"]
    assert problem_items(response.text, "attendance") == ["24.09.2025. 17:00 „Dzejas dienas” — Ierakstīt „Dzejas dienas” 24.09.2025. 17:00"]
    assert problem_items(response.text, "population") == []
    assert f'href="/figures?branch={branch["id"]}&amp;year=2025"' in response.text
    assert f'href="/attendance/{lacking}?next=%2Fstatistics%2Fstate-form%3Fyear%3D2025"' in response.text


async def test_state_form_page_says_all_is_well_when_nothing_is_missing(librarian_client, branch):
    await population(branch["id"], 2025)
    for number in range(1, 13):
        await month(branch["id"], 2025, number, visits=10)

    response = await librarian_client.get("/statistics/state-form?year=2025")

    assert '<p class="notice notice-ok" data-check="ok">Viss kārtībā:' in response.text and 'data-check="problems"' not in response.text
    assert figure_rows(response.text)["visits"][2] == "120"


async def test_state_form_page_year_without_data_shows_dashes_zeros_and_every_month_missing(librarian_client, branch):
    response = await librarian_client.get("/statistics/state-form?year=2024")

    rows = figure_rows(response.text)
    assert [rows[key][2] for key in ("active_users", "visits", "loans", "interlibrary_sent", "events", "exhibitions", "coverage")] == \
        ["—", "—", "—", "—", "0", "0", "—"]
    assert problem_items(response.text, "months") == [
        "Rožupe: janvāris, februāris, marts, aprīlis, maijs, jūnijs, jūlijs, augusts, septembris, oktobris, novembris, decembris"
        " — Bibliotēkas sistēmas dati (Rožupe)"]
    assert problem_items(response.text, "population") == ["Rožupe — Iedzīvotāju skaits pa gadiem (Rožupe)"]


async def test_state_form_page_default_is_this_years_figures_so_far(librarian_client, branch):
    response = await librarian_client.get("/statistics/state-form")

    assert "Rožupe · 2026 (līdz 25.11.)" in response.text and 'value="2026"' in response.text
    assert "Gads vēl nav beidzies" in response.text


async def test_state_form_page_coordinator_sees_the_network_by_default_and_any_library(client, coordinator, branch, other_branch):
    await login(client, coordinator)
    await month(branch["id"], 2025, 3, visits=700)
    await month(other_branch["id"], 2025, 3, visits=200)

    network = await client.get("/statistics/state-form?year=2025")
    theirs = await client.get(f"/statistics/state-form?year=2025&branch={other_branch['id']}")

    assert "Viss tīkls · 2025" in network.text and figure_rows(network.text)["visits"][2] == "900"
    assert [item.split(":")[0] for item in problem_items(network.text, "months")] == ["Rožupe", "Rudzāti"]
    assert "Rudzāti · 2025" in theirs.text and figure_rows(theirs.text)["visits"][2] == "200"


async def test_state_form_page_htmx_gets_only_the_result(librarian_client, branch):
    response = await librarian_client.get("/statistics/state-form?year=2025", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="state-form-result"') and response.text.count('id="state-form-result"') == 1
    assert "<form" not in response.text and response.headers["vary"] == "HX-Request"


async def test_state_form_page_in_english(librarian_client, branch):
    await month(branch["id"], 2025, 3, visits=700)
    librarian_client.cookies.set("afisa_lang", "en")

    response = await librarian_client.get("/statistics/state-form?year=2025")

    rows = figure_rows(response.text)
    assert rows["events"] == ["8.1.", "Events", "0", "Afiša"]
    assert rows["attendance_children"][1] == "of which children under 18"
    assert '<th scope="col">No.</th><th scope="col">Indicator</th><th scope="col">2025</th><th scope="col">Source</th>' in response.text
    assert "Download: <a" in response.text


# --- refused ----------------------------------------------------------------------------------

async def test_state_form_another_librarys_form_is_refused(librarian_client, branch, other_branch):
    page = await librarian_client.get(f"/statistics/state-form?year=2025&branch={other_branch['id']}")
    download = await librarian_client.get(f"/statistics/state-form/download?year=2025&branch={other_branch['id']}")

    assert page.status_code == 403 and "Jūs varat skatīt tikai savas bibliotēkas statistiku." in page.text
    assert download.status_code == 403 and "Jūs varat skatīt tikai savas bibliotēkas statistiku." in download.text
    assert 'data-table="state-form"' not in page.text


@pytest.mark.parametrize("year", ["abc", "1999", "2027", "２０２５", "20251"])
async def test_state_form_bad_year_answers_422_with_the_years_it_has(librarian_client, branch, year):
    page = await librarian_client.get("/statistics/state-form", params={"year": year})
    download = await librarian_client.get("/statistics/state-form/download", params={"year": year})

    assert page.status_code == 422 and "Gads: Ierakstiet gadu no 2000 līdz 2026." in page.text
    assert download.status_code == 422 and "Gads: Ierakstiet gadu no 2000 līdz 2026." in download.text


async def test_state_form_unknown_library_answers_422(client, coordinator, branch):
    await login(client, coordinator)

    response = await client.get("/statistics/state-form?year=2025&branch=987654")

    assert response.status_code == 422 and "Tādas bibliotēkas nav" in response.text


# --- XLSX -------------------------------------------------------------------------------------

async def test_state_form_xlsx_has_the_forms_rows_in_order_with_the_apis_figures(librarian_client, branch, care_centre):
    await a_year(branch["id"], care_centre["id"])

    response = await librarian_client.get("/statistics/state-form/download?year=2025")
    api = (await librarian_client.get("/api/v1/statistics?period=year&year=2025")).json()

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    lines = [(section, line) for section in FORM for line in (None, *section.lines)]
    values = api_values(api)
    assert response.headers["content-disposition"] == 'attachment; filename="valsts-parskats-rozupe-2025.xlsx"'
    assert [cell.value for cell in sheet[1]] == ["Nr.", "Rādītājs", "Rožupe 2025", "Avots"]
    assert [row[1] for row in rows] == [translate((line or section).title if line is None else line.name, "lv") for section, line in lines]
    assert {line.key: rows[index][2] for index, (_, line) in enumerate(lines) if line is not None and line.key} == {
        line.key: values[line.key] for _, line in lines if line is not None and line.key}
    assert [rows[index][2:] for index, (_, line) in enumerate(lines) if line is not None and not line.key][0] == ["—", "aizpilda bibliotēka"]


async def test_state_form_xlsx_second_sheet_is_the_check(librarian_client, branch, care_centre):
    lacking = await a_year(branch["id"], care_centre["id"])

    response = await librarian_client.get("/statistics/state-form/download?year=2025")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "Pārbaude"
    assert rows[0] == ["Bibliotēka", "Trūkst", "Datums", "Kur labot"]
    assert rows[1] == ["Rožupe", "Nav ielādēti bibliotēkas sistēmas dati", "02.2025.", f"http://testserver.local/figures?branch={branch['id']}&year=2025"]
    assert [row[2] for row in rows[1:11]] == [f"{m:02d}.2025." for m in (2, 3, 4, 5, 6, 7, 8, 9, 11, 12)]
    assert rows[11:] == [["Rožupe", "Trūkst apmeklējuma: „Dzejas dienas”", "24.09.2025. 17:00",
                          f"http://testserver.local/attendance/{lacking}?next=%2Fstatistics%2Fstate-form%3Fyear%3D2025"]]


async def test_state_form_xlsx_of_the_network_for_a_coordinator(client, coordinator, branch, other_branch):
    await login(client, coordinator)
    for branch_id in (branch["id"], other_branch["id"]):
        await population(branch_id, 2025)
        for number in range(1, 13):
            await month(branch_id, 2025, number, visits=5)

    response = await client.get("/statistics/state-form/download?year=2025")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    visits = next(row for row in book.worksheets[0].iter_rows(values_only=True) if row[0] == "3.1.")
    assert response.headers["content-disposition"] == 'attachment; filename="valsts-parskats-tikls-2025.xlsx"'
    assert visits == ("3.1.", "Apmeklējumu kopskaits", 120, "BIS ALISE")
    assert [list(row) for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)] == [[None, "Viss kārtībā", None, None]]
