"""The outreach figures on the statistics page, in its downloads and in the API: readers served at
each service point with last year's, deliveries month by month, the sets in circulation and the
books per home reader, the same numbers everywhere."""
from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from models.kernel.enums import PlaceKind
from models.kernel.outreach_tables import BookSet, SetPlacement
from tests.app.statistics.test_statistics import figure_rows
from tests.conftest import make_place
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("02.04.2026 09:00")

MARCH = "period=month&year=2026&month=3"


async def deliveries_of_march(branch: dict) -> None:
    """Rožlejas: 2 deliveries in March 2026 (17 readers), 1 in March 2025 (8); Druvas: 1 in March 2026;
    home: 10 books to 4 readers in March 2026, 9 to 2 last March; sets: 2 out in March 2026, 1 last March."""
    care = await make_place(branch["id"], "Sociālās aprūpes centrs „Rožlejas”", PlaceKind.SERVICE_POINT)
    druvas = await make_place(branch["id"], "Apkalpošanas punkts „Druvas”", PlaceKind.SERVICE_POINT)
    books = await make_item(branch["id"], "delivery", title="Grāmatu kopa", place_id=care["id"], delivery_kind="service_point")
    await session(books, "05.03.2026 10:00", items_out=30, items_back=25, readers_served=9)
    await session(books, "19.03.2026 10:00", items_out=12, items_back=10, readers_served=8)
    await session(books, "12.03.2026 12:00", place_id=druvas["id"], items_out=6, items_back=4, readers_served=3)
    await session(books, "13.03.2025 10:00", items_out=20, items_back=18, readers_served=8)
    home = await make_item(branch["id"], "delivery", title="Grāmatu piegāde mājās", delivery_kind="home")
    await session(home, "06.03.2026 13:00", items_out=6, readers_served=3)
    await session(home, "20.03.2026 13:00", items_out=4, readers_served=1)
    await session(home, "07.03.2025 13:00", items_out=9, readers_served=2)
    for name, placed, returned in (("Klasika", date(2026, 1, 8), date(2026, 3, 5)), ("Atmiņas", date(2026, 3, 5), None),
                                   ("Dzeja", date(2025, 1, 9), date(2025, 3, 13))):
        rows = await BookSet.insert(BookSet(branch=branch["id"], name=name, place=care["id"])).returning(BookSet.id)
        await SetPlacement.insert(SetPlacement(book_set=rows[0]["id"], branch=branch["id"], place=care["id"], placed_on=placed,
                                               due_on=placed, returned_on=returned))


async def test_outreach_figures_on_the_page_in_the_downloads_and_the_api(librarian_client, branch):
    await deliveries_of_march(branch)

    page = await librarian_client.get(f"/statistics?{MARCH}")
    api = (await librarian_client.get(f"/api/v1/statistics?{MARCH}")).json()
    summary = list(csv.reader(io.StringIO((await librarian_client.get(f"/statistics/download?table=summary&format=csv&{MARCH}"))
                                          .content.decode("utf-8-sig")), delimiter=";"))
    book = openpyxl.load_workbook(io.BytesIO((await librarian_client.get(f"/statistics/download?table=summary&format=xlsx&{MARCH}")).content))

    rows = figure_rows(page.text)
    assert rows["delivery_readers"] == ["apkalpotie lasītāji", "20", "8", "+150,0%"]
    assert rows["home_books_per_reader"] == ["izdevumi vienam lasītājam", "2,5", "4,5", "-44,4%"]
    assert rows["sets_in_circulation"] == ["Grāmatu kopas apritē", "2", "1", "+100,0%"]
    in_csv = {row[0]: row[1:4] for row in summary[1:]}
    assert in_csv["izdevumi vienam lasītājam"] == ["2,5", "4,5", "-44,4%"]
    assert in_csv["Grāmatu kopas apritē"] == ["2", "1", "+100,0%"]
    cells = {row[0].value: row[1:] for row in book.active.iter_rows(min_row=2)}
    ratio = cells["izdevumi vienam lasītājam"]
    assert (ratio[0].value, ratio[0].number_format, ratio[1].value, ratio[2].value) == (2.5, "0.0", 4.5, -0.444)
    assert [cells["Grāmatu kopas apritē"][0].value, cells["Grāmatu kopas apritē"][1].value] == [2, 1]
    figures = {f["key"]: (f["this"], f["last"], f["change"]) for f in api["figures"]}
    assert (figures["delivery_readers"], figures["sets_in_circulation"]) == ((20, 8, "+150,0%"), (2, 1, "+100,0%"))
    assert api["outreach"]["sets_in_circulation"]["this"] == 2
    assert api["outreach"]["books_per_home_reader"] == {
        "key": "home_books_per_reader", "label": "izdevumi vienam lasītājam", "this": 2.5, "last": 4.5, "this_text": "2,5",
        "last_text": "4,5", "change": "-44,4%"}
    [march] = api["months"]
    assert (march["this"]["sets_in_circulation"], march["last"]["sets_in_circulation"], march["this"]["delivery_readers"]) == (2, 1, 20)


async def test_service_points_table_gives_readers_served_beside_last_year(librarian_client, branch):
    await deliveries_of_march(branch)

    page = await librarian_client.get(f"/statistics?{MARCH}")
    table = list(csv.reader(io.StringIO((await librarian_client.get(f"/statistics/download?table=service_points&format=csv&{MARCH}"))
                                        .content.decode("utf-8-sig")), delimiter=";"))
    api = (await librarian_client.get(f"/api/v1/statistics?{MARCH}")).json()

    assert table[0][-3:] == ["Apkalpotie lasītāji 2026. gada marts", "Apkalpotie lasītāji 2025. gada marts", "% salīdzinot ar iepr. gadu"]
    assert [row[:1] + row[-3:] for row in table[1:]] == [["Apkalpošanas punkts „Druvas”", "3", "0", "—"],
                                                          ["Sociālās aprūpes centrs „Rožlejas”", "17", "8", "+112,5%"]]
    assert [(p["name"], p["this"]["readers_served"], p["last"]["readers_served"]) for p in api["service_points"]] == [
        ("Apkalpošanas punkts „Druvas”", 3, 0), ("Sociālās aprūpes centrs „Rožlejas”", 17, 8)]
    assert 'data-table="deliveries"' in page.text


async def test_deliveries_month_by_month_download(librarian_client, branch):
    await deliveries_of_march(branch)

    response = await librarian_client.get("/statistics/download?table=deliveries&format=csv&period=range&from=01.02.2026&to=31.03.2026")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert response.status_code == 200
    assert table[0][:3] == ["Mēnesis", "Piegādes apkalpošanas punktiem 01.02.2026.–31.03.2026.",
                            "Piegādes apkalpošanas punktiem 01.02.2025.–31.03.2025."]
    assert table[1:] == [
        ["2026. gada februāris", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "—", "—", "1", "1"],
        ["2026. gada marts", "3", "1", "48", "20", "20", "8", "4", "2", "10", "9", "2,5", "4,5", "2", "1"],
    ]
