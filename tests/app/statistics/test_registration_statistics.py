"""Registrations and no-shows on the statistics page, in its downloads and in the API: the same
numbers everywhere, in Latvian and in English."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.app.statistics.test_statistics import figure_rows
from tests.models.statistics.test_registration_figures import with_registration
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("02.04.2026 09:00")

MARCH = "period=month&year=2026&month=3"


async def workshops_of_march(branch: dict) -> None:
    """March 2026: a weaving workshop (6 places; parties of 2 and 3 came, 1 did not; 2 waiting, 1 cancelled)
    and Book Start (10 places, 5 registered, nobody ticked); March 2025: one workshop with 4 registered."""
    workshop = await make_item(branch["id"], title="Aušana stellēs")
    await session(workshop, "10.03.2026 17:00", total=5, adults=5)
    await with_registration(workshop, 6, ("registered", 2, True), ("registered", 1, False), ("registered", 3, True),
                            ("waiting", 2, None), ("cancelled", 1, None))
    cycle = await make_item(branch["id"], "book_start", title="Pūčulēnu skola")
    await session(cycle, "24.03.2026 10:00", total=5, children=3, adults=2)
    await with_registration(cycle, 10, ("registered", 3, None), ("registered", 2, None))
    last_year = await make_item(branch["id"], title="Aušana stellēs")
    await session(last_year, "12.03.2025 17:00", total=4, adults=4)
    await with_registration(last_year, 4, ("registered", 4, None))


async def test_registration_figures_on_the_page_in_the_downloads_and_the_api(librarian_client, branch):
    await workshops_of_march(branch)

    page = await librarian_client.get(f"/statistics?{MARCH}")
    api = (await librarian_client.get(f"/api/v1/statistics?{MARCH}")).json()
    summary = list(csv.reader(io.StringIO((await librarian_client.get(f"/statistics/download?table=summary&format=csv&{MARCH}"))
                                          .content.decode("utf-8-sig")), delimiter=";"))
    book = openpyxl.load_workbook(io.BytesIO((await librarian_client.get(
        f"/statistics/download?table=registrations&format=xlsx&{MARCH}")).content))

    rows = figure_rows(page.text)
    assert rows["registration_items"] == ["Aktivitātes ar pieteikšanos", "2", "1", "+100,0%"]
    assert rows["registration_marked"] == ["t. sk. ar atzīmētu, kas atnāca", "1", "0", "—"]
    assert rows["registration_places"] == ["Piedāvātās vietas", "16", "4", "+300,0%"]
    assert rows["registered_people"] == ["Pieteikušies cilvēki", "11", "4", "+175,0%"]
    assert rows["registration_came"] == ["t. sk. atnāca", "5", "0", "—"]
    assert rows["no_shows"] == ["t. sk. neatnāca", "1", "0", "—"]
    assert rows["waiting_people"] == ["Palika rindā bez vietas", "2", "0", "—"]
    assert rows["cancelled_people"] == ["Atsaukto pieteikumu cilvēki", "1", "0", "—"]
    in_csv = {row[0]: row[1:4] for row in summary[1:]}
    assert in_csv["Pieteikušies cilvēki"] == ["11", "4", "+175,0%"]
    assert in_csv["t. sk. neatnāca"] == ["1", "0", "—"]
    sheet = book.active
    assert [cell.value for cell in sheet[1]][:5] == ["Mēnesis", "Aktivitātes ar pieteikšanos 2026. gada marts",
                                                     "Aktivitātes ar pieteikšanos 2025. gada marts", "Piedāvātās vietas 2026. gada marts",
                                                     "Piedāvātās vietas 2025. gada marts"]
    assert [cell.value for cell in sheet[2]] == ["2026. gada marts", 2, 1, 16, 4, 11, 4, 5, 0, 1, 0, 2, 0]
    figures = {f["key"]: (f["this"], f["last"], f["change"]) for f in api["figures"]}
    assert (figures["registered_people"], figures["no_shows"], figures["waiting_people"]) == ((11, 4, "+175,0%"), (1, 0, "—"), (2, 0, "—"))
    [march] = api["months"]
    assert (march["this"]["registration_came"], march["this"]["no_shows"], march["last"]["registered_people"]) == (5, 1, 4)


async def test_registration_figures_in_english(librarian_client, branch):
    await workshops_of_march(branch)

    librarian_client.cookies.set("afisa_lang", "en")

    page = await librarian_client.get(f"/statistics?{MARCH}")

    rows = figure_rows(page.text)
    assert [rows[key][0] for key in ("registration_items", "registered_people", "registration_came", "no_shows", "waiting_people")] == [
        "Activities with registration", "People registered", "of whom came", "of whom did not come", "Left on the waiting list"]


async def test_registration_month_table_downloads_in_csv_for_a_range(librarian_client, branch):
    await workshops_of_march(branch)

    response = await librarian_client.get("/statistics/download?table=registrations&format=csv&period=range&from=01.02.2026&to=31.03.2026")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert response.status_code == 200
    assert table[1:] == [["2026. gada februāris", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
                         ["2026. gada marts", "2", "1", "16", "4", "11", "4", "5", "0", "1", "0", "2", "0"]]
