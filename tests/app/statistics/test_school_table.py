"""The school table's exhibitions on the page, in its downloads and in the API: an exhibition with a
literacy area is a row of its area, counted once, with "—" where participants would be."""
from __future__ import annotations

import csv
import io
import re
from html import unescape

import openpyxl
import pytest

from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

MARCH = "period=month&year=2026&month=3"


async def plan_march(branch, school) -> dict[str, int]:
    """Rožupe, March 2026: a lesson and an exhibition with the school (social and civic), an
    exhibition alone in its area (science), and one without an area."""
    lesson = await make_item(branch["id"], "lesson", title="Valsts simboli", literacy_area="social_civic", lesson_class="4. klase",
                             partners=(school["id"],))
    await session(lesson, "10.03.2026 12:30", total=12, children=12)
    await session(lesson, "17.03.2026 12:30", total=10, children=10)
    symbols = await make_item(branch["id"], "exhibition", title="Latvijas simboli", literacy_area="social_civic", all_day=True,
                              partners=(school["id"],))
    await session(symbols, "02.03.2026 10:00", end="30.04.2026 18:00")
    nature = await make_item(branch["id"], "exhibition", title="Dabas vērojumi", literacy_area="science", all_day=True)
    await session(nature, "16.03.2026 10:00", end="10.04.2026 18:00")
    plain = await make_item(branch["id"], "exhibition", title="Jaunās grāmatas", all_day=True)
    await session(plain, "03.03.2026 10:00", end="31.03.2026 18:00")
    return {"lesson": lesson, "symbols": symbols, "nature": nature}


def table_rows(html: str, table: str) -> list[list[str]]:
    """The cells of each body row of a table (data-table="…"), as text."""
    body = re.search(rf'data-table="{table}">(.*?)</table>', html, re.S).group(1)
    body = body.split("</thead>", 1)[-1]
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


async def test_school_table_page_shows_the_exhibition_row_without_headcount(librarian_client, branch, school):
    await plan_march(branch, school)

    response = await librarian_client.get(f"/statistics/schools?{MARCH}")

    assert response.status_code == 200
    assert table_rows(response.text, "schools") == [
        ["Sociālā un pilsoniskā pratība", "Latvijas simboli (Izstāde)", "1", "—", "Rožupes pamatskola"],
        ["Valsts simboli (Bibliotekārā stunda, 4. klase)", "2", "22", "Rožupes pamatskola"],
        ["Kopā", "3", "22", ""],
        ["Dabaszinātņu pratība", "Dabas vērojumi (Izstāde)", "1", "—", ""],
        ["Kopā", "1", "—", ""],
    ]
    assert 'title="Šim veidam apmeklētājus neskaita">—</span>' in response.text


async def test_school_table_summary_of_a_long_table_shows_no_headcount_for_exhibitions_alone(librarian_client, branch, school, monkeypatch):
    await plan_march(branch, school)
    monkeypatch.setattr("app.statistics.controllers.FULL_TABLE_ROWS", 0)

    response = await librarian_client.get(f"/statistics?{MARCH}")

    assert table_rows(response.text, "schools-summary") == [
        ["Sociālā un pilsoniskā pratība", "2", "3", "22", "Rožupes pamatskola"],
        ["Dabaszinātņu pratība", "1", "1", "—", ""],
    ]


async def test_school_table_csv_lists_the_exhibition_with_a_dash_for_participants(librarian_client, branch, school):
    await plan_march(branch, school)

    response = await librarian_client.get(f"/statistics/download?table=schools&format=csv&{MARCH}")

    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")) == [
        ["Pratības joma", "Aktivitāte", "Veids", "Klase", "Reizes", "Dalībnieki", "Izglītības iestāde"],
        ["Sociālā un pilsoniskā pratība", "Latvijas simboli", "Izstāde", "", "1", "—", "Rožupes pamatskola"],
        ["Sociālā un pilsoniskā pratība", "Valsts simboli", "Bibliotekārā stunda", "4. klase", "2", "22", "Rožupes pamatskola"],
        ["Dabaszinātņu pratība", "Dabas vērojumi", "Izstāde", "", "1", "—", ""],
    ]


async def test_school_table_xlsx_lists_the_exhibition_with_a_dash_for_participants(librarian_client, branch, school):
    await plan_march(branch, school)

    response = await librarian_client.get(f"/statistics/download?table=schools&format=xlsx&{MARCH}")

    rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)]
    assert rows == [
        ["Sociālā un pilsoniskā pratība", "Latvijas simboli", "Izstāde", None, 1, "—", "Rožupes pamatskola"],
        ["Sociālā un pilsoniskā pratība", "Valsts simboli", "Bibliotekārā stunda", "4. klase", 2, 22, "Rožupes pamatskola"],
        ["Dabaszinātņu pratība", "Dabas vērojumi", "Izstāde", None, 1, "—", None],
    ]


async def test_school_table_api_gives_exhibitions_without_participants(librarian_client, branch, school):
    items = await plan_march(branch, school)

    response = await librarian_client.get(f"/api/v1/statistics?{MARCH}")

    assert response.status_code == 200
    assert response.json()["schools"] == [
        {"area": "social_civic", "label": "Sociālā un pilsoniskā pratība", "sessions": 3, "participants": 22, "schools": ["Rožupes pamatskola"],
         "activities": [
             {"title": "Latvijas simboli", "kind": "exhibition", "lesson_class": "", "branch_name": "Rožupe", "item_ids": [items["symbols"]],
              "sessions": 1, "participants": None, "schools": ["Rožupes pamatskola"]},
             {"title": "Valsts simboli", "kind": "lesson", "lesson_class": "4. klase", "branch_name": "Rožupe", "item_ids": [items["lesson"]],
              "sessions": 2, "participants": 22, "schools": ["Rožupes pamatskola"]},
         ]},
        {"area": "science", "label": "Dabaszinātņu pratība", "sessions": 1, "participants": None, "schools": [],
         "activities": [
             {"title": "Dabas vērojumi", "kind": "exhibition", "lesson_class": "", "branch_name": "Rožupe", "item_ids": [items["nature"]],
              "sessions": 1, "participants": None, "schools": []},
         ]},
    ]
