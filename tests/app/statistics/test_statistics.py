"""The statistics page, its downloads and the JSON API: the same figures everywhere, the branch
scope enforced, and bad parameters answered with a message (never a 500)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import openpyxl
import pytest

from app.statistics.exports import to_xlsx
from models.kernel.clock import local_today
from models.kernel.enums import PlaceKind
from tests.app.conftest import login
from tests.conftest import make_place
from tests.models.statistics.test_statistics import make_item, session

MARCH = "period=month&year=2026&month=3"


async def plan_march(branch, other_branch, school) -> None:
    """Rožupe: 3 events in March 2026 (one of them outside, for children), 1 in March 2025; a lesson
    with the school; Rudzāti: 1 event in March 2026."""
    house = await make_place(branch["id"], "Kultūras nams", PlaceKind.VENUE)
    poetry = await make_item(branch["id"], title="Dzejas dienas", audiences=("children",), partners=(school["id"],))
    await session(poetry, "05.03.2026 17:00", total=30, children=20, adults=10)
    await session(poetry, "12.03.2026 17:00", place_id=house["id"], total=25, children=15, adults=10, online=4)
    talk = await make_item(branch["id"], title="Tikšanās ar dzejnieci")
    await session(talk, "20.03.2026 18:00", total=12, adults=12)
    await session(talk, "20.03.2025 18:00", total=40, children=5, adults=35)
    lesson = await make_item(branch["id"], "lesson", title="Esi informēts", literacy_area="digital", partners=(school["id"],))
    await session(lesson, "03.03.2026 12:30", total=18, children=18)
    theirs = await make_item(other_branch["id"], title="Rudzātu vakars")
    await session(theirs, "10.03.2026 18:00", total=50, adults=50)


def figure_rows(html: str) -> dict[str, list[str]]:
    """{figure: [label, this, last, change, …]} from the page's tables with data-figure rows (first table wins)."""
    rows: dict[str, list[str]] = {}
    for key, body in re.findall(r'<tr data-figure="([a-z_]+)"[^>]*>(.*?)</tr>', html, re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)]
        rows.setdefault(key, cells)
    return rows


async def test_statistics_month_page_shows_the_figures_with_last_year(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    response = await librarian_client.get(f"/statistics?{MARCH}")

    assert response.status_code == 200
    rows = figure_rows(response.text)
    assert rows["events"] == ["Pasākumi", "3", "1", "+200,0%"]
    assert rows["events_young"] == ["t. sk. bērniem un jauniešiem", "2", "0", "—"]
    assert rows["events_outside"][1:] == ["1", "0", "—"]
    assert rows["events_online"][1:] == ["1", "0", "—"]
    assert rows["attendance"][1:] == ["67", "40", "+67,5%"]
    assert rows["attendance_children"][1:] == ["35", "5", "+600,0%"]
    assert rows["lessons"][1:] == ["1", "0", "—"]
    assert "2026. gada marts" in response.text and "Rudzātu vakars" not in response.text
    assert '<svg viewBox=' in response.text and 'role="img"' in response.text


async def test_statistics_year_and_range_pages(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    year = await librarian_client.get("/statistics?period=year&year=2026")
    days = await librarian_client.get("/statistics?period=range&from=10.03.2026.&to=2026-03-31")

    assert figure_rows(year.text)["events"][1:] == ["3", "1", "+200,0%"]
    assert figure_rows(days.text)["events"][1:] == ["2", "1", "+100,0%"]
    assert "10.03.2026.–31.03.2026." in days.text


@pytest.mark.clock("18.03.2026 10:00")
async def test_choosing_a_range_shows_this_month_so_far_not_an_error(librarian_client, branch):
    response = await librarian_client.get("/statistics?period=range", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert 'class="field-error"' not in response.text
    assert "01.03.2026.–18.03.2026." in response.text


async def test_statistics_partner_and_school_tables_on_the_page(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    html = (await librarian_client.get(f"/statistics?{MARCH}")).text

    partners = re.search(r'data-table="partners">(.*?)</table>', html, re.S).group(1)
    assert "Rožupes pamatskola" in partners and "Dzejas dienas" in partners and "Esi informēts" in partners
    assert re.search(r"data-times>3<", partners)
    schools = re.search(r'data-table="schools">(.*?)</table>', html, re.S).group(1)
    assert "Digitālā pratība" in schools and "Esi informēts" in schools and "Dzejas dienas" not in schools


async def test_statistics_librarian_cannot_see_another_branch(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    other = await librarian_client.get(f"/statistics?{MARCH}&branch={other_branch['id']}")
    network = await librarian_client.get(f"/statistics?{MARCH}&branch=network")
    download = await librarian_client.get(f"/statistics/download?table=summary&format=csv&{MARCH}&branch={other_branch['id']}")
    api = await librarian_client.get(f"/api/v1/statistics?{MARCH}&branch={other_branch['id']}")

    assert (other.status_code, network.status_code, download.status_code, api.status_code) == (403, 403, 403, 403)
    assert "Jūs varat skatīt tikai savas bibliotēkas statistiku." in other.text
    assert "50" not in "".join(figure_rows(other.text).get("attendance", []))
    assert api.json()["detail"] == "Jūs varat skatīt tikai savas bibliotēkas statistiku."


async def test_statistics_coordinator_sees_the_network_and_any_branch(client, coordinator, branch, other_branch, school):
    await plan_march(branch, other_branch, school)
    await login(client, coordinator)

    network = await client.get(f"/statistics?{MARCH}")
    theirs = await client.get(f"/statistics?{MARCH}&branch={other_branch['id']}")
    unknown = await client.get(f"/statistics?{MARCH}&branch=999999")

    assert figure_rows(network.text)["events"][1:] == ["4", "1", "+300,0%"]
    assert figure_rows(network.text)["attendance"][1:] == ["117", "40", "+192,5%"]
    assert figure_rows(theirs.text)["events"][1:] == ["1", "0", "—"]
    assert unknown.status_code == 422 and "Tādas bibliotēkas nav" in unknown.text


async def test_statistics_htmx_request_gets_only_the_result(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    response = await librarian_client.get(f"/statistics?{MARCH}", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="statistics-result"')
    assert "<html" not in response.text and figure_rows(response.text)["events"][1] == "3"


async def test_statistics_csv_download_parses_back_with_latvian_headings(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    response = await librarian_client.get(f"/statistics/download?table=summary&format=csv&{MARCH}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-disposition"] == 'attachment; filename="statistika-galvenie-raditaji-rozupe-2026-gada-marts.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Rādītājs", "2026. gada marts", "2025. gada marts", "% salīdzinot ar iepr. gadu"]
    assert rows[1] == ["Pasākumi", "3", "1", "+200,0%"]
    assert rows[5] == ["Pasākumu apmeklējums klātienē", "67", "40", "+67,5%"]


async def test_statistics_xlsx_download_parses_back_with_the_page_numbers(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)
    page = figure_rows((await librarian_client.get(f"/statistics?{MARCH}")).text)

    response = await librarian_client.get(f"/statistics/download?table=partners&format=xlsx&{MARCH}")
    summary = await librarian_client.get(f"/statistics/download?table=summary&format=xlsx&{MARCH}")

    partners = [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert partners == [
        ["Sadarbības partneris", "Partnera veids", "Aktivitāte", "Veids", "Reizes", "Apmeklējums"],
        ["Rožupes pamatskola", "Skola", "Dzejas dienas", "Pasākums", 2, 55],
        ["Rožupes pamatskola", "Skola", "Esi informēts", "Bibliotekārā stunda", 1, 18],
    ]
    book = openpyxl.load_workbook(io.BytesIO(summary.content))
    sheet = book.active
    figures = {row[0].value: row[1:] for row in sheet.iter_rows(min_row=2)}
    assert [figures["Pasākumi"][0].value, figures["Pasākumi"][1].value] == [3, 1] == [int(v) for v in page["events"][1:3]]
    assert (figures["Pasākumi"][2].value, figures["Pasākumi"][2].number_format, page["events"][3]) == (2.0, "+0.0%;-0.0%;0.0%", "+200,0%")
    assert figures["Izstādes"][2].value == page["exhibitions"][3] == "—"
    assert (sheet.title, book.properties.title) == ("Galvenie rādītāji", "Galvenie rādītāji · Rožupe · 2026. gada marts")


async def test_statistics_api_equals_the_page(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)
    page = figure_rows((await librarian_client.get(f"/statistics?{MARCH}")).text)

    response = await librarian_client.get(f"/api/v1/statistics?{MARCH}")

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"kind": "month", "from": "2026-03-01", "to": "2026-03-31", "label": "2026. gada marts"}
    assert body["branch_id"] == branch["id"]
    assert {f["key"]: [f["label"], str(f["this"]), str(f["last"]), f["change"]] for f in body["figures"]} == {
        key: cells for key, cells in page.items() if key in {f["key"] for f in body["figures"]}}
    assert [(p["name"], p["times"]) for p in body["partners"]] == [("Rožupes pamatskola", 3)]
    assert [(a["area"], a["sessions"], a["participants"]) for a in body["schools"]] == [("digital", 1, 18)]


async def test_statistics_bad_parameters_give_a_clear_message(librarian_client, branch):
    page = await librarian_client.get("/statistics?period=range&from=31.02.2026&to=kaut+kad")
    fragment = await librarian_client.get("/statistics?period=week", headers={"HX-Request": "true"})
    download = await librarian_client.get("/statistics/download?table=secret&format=pdf")
    api = await librarian_client.get("/api/v1/statistics?period=month&month=13&year=20266")

    assert page.status_code == 422 and "Tāda datuma nav." in page.text and 'value="kaut kad"' in page.text
    assert fragment.status_code == 422 and "Izvēlieties periodu: mēnesis, gads vai datumu intervāls." in fragment.text
    assert download.status_code == 422 and "Tādas tabulas nav" in download.text and "csv vai xlsx" in download.text
    assert api.status_code == 422
    assert api.json() == {"errors": {"year": "Ierakstiet gadu no 2000 līdz 2100.", "month": "Izvēlieties mēnesi no 1 līdz 12."}}


async def test_statistics_page_in_english(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)
    librarian_client.cookies.set("afisa_lang", "en")

    response = await librarian_client.get(f"/statistics?{MARCH}")

    assert figure_rows(response.text)["events"] == ["Events", "3", "1", "+200,0%"]
    assert "March 2026" in response.text and "Main figures" in response.text


async def test_statistics_needs_a_login(client):
    response = await client.get("/statistics", follow_redirects=False)

    assert response.status_code in (302, 303, 307)


async def test_statistics_api_is_documented_in_openapi(client):
    schema = (await client.get("/schema/openapi.json")).json()

    operation = schema["paths"]["/api/v1/statistics"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"period", "year", "month", "from", "to", "branch"}
    assert {"StatisticsOut", "FigureOut", "PartnerTableOut", "LiteracyAreaOut"} <= set(schema["components"]["schemas"])


def test_bar_chart_scales_bars_to_a_round_top():
    from app.statistics.chart import bar_chart

    chart = bar_chart(["jan", "feb"], [40, 0], [20, 85])

    assert chart["top"] == 90
    assert [(b.which, b.value, b.height) for b in chart["bars"]] == [
        ("last", 20, 35.6), ("this", 40, 71.1), ("last", 85, 151.1), ("this", 0, 0.0)]
    assert [t["label"] for t in chart["ticks"]] == ["jan", "feb"]


def test_export_file_names_are_ascii():
    from app.statistics.exports import slug

    assert slug("Sasaiste ar skolu: pratības jomas") == "sasaiste-ar-skolu-pratibas-jomas"
    assert slug("01.03.2026.–15.04.2026.") == "01-03-2026-15-04-2026"


@pytest.mark.parametrize("title, sheet", [
    ("Sasaiste ar skolu: pratības jomas", "Sasaiste ar skolu"),
    ("Piegādes apkalpošanas punktiem", "Piegādes apkalpošanas punktiem"),
    ("Service points [network]: deliveries per month", "Service points network"),
    ("Bibliotēkas pamatrādītāji un vēl daudz citu vārdu", "Bibliotēkas pamatrādītāji un"),
])
def test_xlsx_sheet_names_keep_whole_words_within_excels_31_characters(title, sheet):
    from app.statistics.exports import _sheet_title

    assert _sheet_title(title) == sheet


async def test_statistics_partner_and_school_pages_show_their_table_alone(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    partners = await librarian_client.get(f"/statistics/partners?{MARCH}")
    schools = await librarian_client.get(f"/statistics/schools?{MARCH}", headers={"HX-Request": "true"})

    assert partners.status_code == 200 and 'data-table="partners"' in partners.text
    assert 'data-table="schools"' not in partners.text and 'data-figure="events"' not in partners.text
    assert 'action="/statistics/partners"' in partners.text
    assert 'data-table="schools"' in schools.text and 'data-table="partners"' not in schools.text


async def test_statistics_overview_sums_up_long_partner_and_school_tables(librarian_client, branch, other_branch, school, monkeypatch):
    await plan_march(branch, other_branch, school)
    monkeypatch.setattr("app.statistics.controllers.FULL_TABLE_ROWS", 0)  # a network's year has thousands of rows

    html = (await librarian_client.get(f"/statistics?{MARCH}")).text

    partners = re.search(r'data-table="partners-summary">(.*?)</table>', html, re.S).group(1)
    assert "Rožupes pamatskola" in partners and "Dzejas dienas" not in partners and re.search(r"data-times>3<", partners)
    assert 'data-table="schools-summary"' in html and 'href="/statistics/partners?period=month' in html


async def test_statistics_htmx_history_restore_gets_the_whole_page(librarian_client, branch):
    response = await librarian_client.get(f"/statistics?{MARCH}", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert response.status_code == 200 and "<html" in response.text and 'id="statistics-result"' in response.text


async def test_statistics_form_names_the_default_period_shown(librarian_client, branch):
    today = local_today()

    year_page = await librarian_client.get("/statistics")
    month_page = await librarian_client.get("/statistics?period=month")

    assert f'name="year" type="text" inputmode="numeric" maxlength="4" placeholder="gggg" value="{today.year}"' in year_page.text
    assert f'<option value="{today.month}" selected>' in month_page.text
    assert f"period=month&amp;year={today.year}&amp;month={today.month}" in month_page.text  # the download links


async def test_statistics_this_year_so_far_is_compared_with_the_same_days_of_last_year(librarian_client, branch):
    today = local_today()
    a_year_ago = today.replace(year=today.year - 1) if (today.month, today.day) != (2, 29) else today.replace(year=today.year - 1, day=28)
    for day in (today, a_year_ago, date(today.year - 1, 12, 31)):
        item = await make_item(branch["id"], title=f"Pasākums {day:%d.%m.%Y}")
        await session(item, f"{day:%d.%m.%Y} 00:00", end=f"{day:%d.%m.%Y} 00:30", total=10, adults=10)

    response = await librarian_client.get("/statistics")

    assert figure_rows(response.text)["events"][1:3] == ["1", "2" if (today.month, today.day) == (12, 31) else "1"]
    assert f"{today.year} (līdz {today:%d.%m.})" in response.text and f"salīdzinot ar {today.year - 1} (līdz {a_year_ago:%d.%m.})" in response.text


async def test_statistics_month_heading_compares_with_last_years_month_in_the_accusative(librarian_client, branch):
    response = await librarian_client.get(f"/statistics?{MARCH}")

    assert "2026. gada marts <small>salīdzinot ar 2025. gada martu</small>" in response.text


async def test_statistics_without_imported_figures_show_no_data_not_zero(librarian_client, branch, other_branch, school):
    await plan_march(branch, other_branch, school)

    rows = figure_rows((await librarian_client.get(f"/statistics?{MARCH}")).text.split('id="table-indicators"')[1])

    assert rows["visits"][1:5] == ["—", "—", "—", "BIS ALISE"]
    assert rows["events"][1:5] == ["3", "1", "+200,0%", "Afiša"]


def test_xlsx_change_column_is_numbers_even_without_a_sign():
    content = to_xlsx("Galvenie rādītāji", ["Rādītājs", "Izmaiņa"], [["Pasākumi", "0,0%"], ["Izstādes", "-7,7%"], ["Lasītāji", "+1\u00a0200,0%"], ["Stundas", "—"]])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [(row[1].value, row[1].number_format) for row in sheet.iter_rows(min_row=2)] == [
        (0.0, "+0.0%;-0.0%;0.0%"), (-0.077, "+0.0%;-0.0%;0.0%"), (12.0, "+0.0%;-0.0%;0.0%"), ("—", "General")]
