"""A library's population per year on its page: a coordinator types a year, edits and removes it,
or imports the official table's CSV (all of it or nothing, every problem with its line); a
librarian reads it; a mistake answers with a message, never a 500."""
from __future__ import annotations

import re
from html import unescape

import pytest

from models.kernel.network_tables import BranchPopulation
from tests.app.conftest import csrf_token, login

pytestmark = pytest.mark.clock("25.11.2026 12:00")


@pytest.fixture
async def coordinator_client(client, coordinator):
    await login(client, coordinator)
    return client


async def post(client, url: str, data: dict):
    return await client.post(url, data={**data, "_csrf_token": await csrf_token(client)}, follow_redirects=False)


async def upload(client, url: str, data: bytes):
    return await client.post(url, data={"_csrf_token": await csrf_token(client)}, files={"file": ("rig010.csv", data, "text/csv")},
                             follow_redirects=False)


def year_rows(html: str) -> list[list[str]]:
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)][:3]
            for body in re.findall(r'<tr data-year="\d+">(.*?)</tr>', html, re.S)]


async def stored() -> list[tuple]:
    return [(r["year"], r["population"], r["children"]) for r in await BranchPopulation.select().order_by(BranchPopulation.year)]


async def test_population_typed_for_a_year_is_listed_and_typed_again_replaces_it(coordinator_client, branch):
    first = await post(coordinator_client, f"/libraries/{branch['id']}/population", {"year": "2025", "population": "1 018", "children": "183"})
    again = await post(coordinator_client, f"/libraries/{branch['id']}/population", {"year": "2025", "population": "1006", "children": ""})

    page = await coordinator_client.get(f"/libraries/{branch['id']}")

    assert (first.status_code, again.status_code, again.headers["location"]) == (303, 303, f"/libraries/{branch['id']}#population")
    assert year_rows(page.text) == [["2025", "1\u00a0006", "—"]]
    assert "ierakstīja iedzīvotāju skaitu" in page.text and "iedzīvotāji (bērni) 2025: 1018 (183) → 1006" in page.text


async def test_population_edit_link_fills_the_form_with_the_year(coordinator_client, branch):
    await post(coordinator_client, f"/libraries/{branch['id']}/population", {"year": "2025", "population": "1018", "children": "183"})

    page = await coordinator_client.get(f"/libraries/{branch['id']}?year=2025")

    assert 'name="population" inputmode="numeric" value="1018"' in page.text and 'name="children" inputmode="numeric" value="183"' in page.text


async def test_population_typed_wrong_answers_beside_the_field_and_saves_nothing(coordinator_client, branch):
    response = await post(coordinator_client, f"/libraries/{branch['id']}/population", {"year": "20", "population": "100", "children": "101"})

    assert response.status_code == 422
    assert "Ierakstiet gadu no 2000 līdz 2100." in response.text and "Bērnu nevar būt vairāk nekā visu iedzīvotāju." in response.text
    assert 'value="101"' in response.text
    assert await stored() == []


async def test_population_year_removed(coordinator_client, branch):
    await post(coordinator_client, f"/libraries/{branch['id']}/population", {"year": "2025", "population": "1006", "children": "185"})

    response = await post(coordinator_client, f"/libraries/{branch['id']}/population/2025/delete", {})

    assert (response.status_code, await stored()) == (303, [])


async def test_population_csv_imported_whole(coordinator_client, branch):
    response = await upload(coordinator_client, f"/libraries/{branch['id']}/population/import",
                            "gads;iedzīvotāji;bērni\r\n2021;1158;200\r\n2022;1018;183\r\n2023;1006;185\r\n".encode("cp1257"))

    page = await coordinator_client.get(response.headers["location"])

    assert response.status_code == 303
    assert await stored() == [(2021, 1158, 200), (2022, 1018, 183), (2023, 1006, 185)]
    assert "Ielādēti 3 gadi." in page.text


async def test_population_bad_csv_refused_whole_with_each_line(coordinator_client, branch):
    response = await upload(coordinator_client, f"/libraries/{branch['id']}/population/import",
                            b"gads;iedzivotaji;berni\n2022;1018;183\n2023;-5;\n2024;100;101\nx;1;0\n")

    assert response.status_code == 422
    problems = [unescape(re.sub(r"\s+", " ", t)).strip() for t in re.findall(r"<li>(.*?)</li>", response.text.split('id="population-problems"')[1].split("</div>")[0], re.S)]
    assert problems == ["3. rinda, kolonna „iedzīvotāji”: skaitlis nevar būt negatīvs (-5).",
                        "4. rinda: bērnu (101) ir vairāk nekā visu iedzīvotāju (100).",
                        "5. rinda: „x” nav gads. Rakstiet, piemēram, 2023."]
    assert await stored() == []


async def test_population_import_without_a_file_answers_a_message(coordinator_client, branch):
    response = await post(coordinator_client, f"/libraries/{branch['id']}/population/import", {})

    assert (response.status_code, "Izvēlieties CSV failu." in response.text) == (422, True)


async def test_population_librarian_reads_but_cannot_change(librarian_client, branch):
    await BranchPopulation.insert(BranchPopulation(year_key=f"{branch['id']}:2025", branch=branch["id"], year=2025, population=1006, children=185))

    page = await librarian_client.get(f"/libraries/{branch['id']}")
    typed = await post(librarian_client, f"/libraries/{branch['id']}/population", {"year": "2026", "population": "1", "children": ""})
    removed = await post(librarian_client, f"/libraries/{branch['id']}/population/2025/delete", {})
    imported = await upload(librarian_client, f"/libraries/{branch['id']}/population/import", b"gads;iedzivotaji\n2026;1\n")

    assert year_rows(page.text) == [["2025", "1\u00a0006", "185"]]
    assert f'action="/libraries/{branch["id"]}/population"' not in page.text
    assert (typed.status_code, removed.status_code, imported.status_code) == (403, 403, 403)
    assert await stored() == [(2025, 1006, 185)]
