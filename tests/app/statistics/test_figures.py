"""The /figures page: the CSV upload with a wrong column, a wrong month, a negative number and a
Windows-1257 file (clear messages, nothing half-imported), branches, the template, and the
statistics core box with its retry; the core API and its schema in the OpenAPI document."""
from __future__ import annotations

import pytest

from models.statistics.core_records import RECORD_SCHEMA
from models.kernel.tables import CoreDelivery, LibraryFigures
from tests.app.conftest import csrf_token, login

HEADER = "mēnesis;apmeklējums;apmeklējums_bērni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;aktīvie_lietotāji_bērni"
OPTIONAL = "izsniegums_grāmatas;izsniegums_periodika;sba_saņemts;sba_nosūtīts"
GOOD = f"{HEADER}\r\n2025-01;1 234;600;900;300;200;80\r\n2025-02;1 100;500;800;250;190;70\r\n"


async def upload(client, data: bytes, branch_id: int | None = None, name: str = "alise-2025.csv"):
    fields = {"_csrf_token": await csrf_token(client)}
    if branch_id is not None:
        fields["branch_id"] = str(branch_id)
    return await client.post("/figures", data=fields, files={"file": (name, data, "text/csv")})


def problems(html: str) -> list[str]:
    """The texts of the listed problems, in order."""
    import re

    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r'<li data-code="[a-z_]+">(.*?)</li>', html, re.S)]


async def test_upload_windows_1257_file_imports_every_month(librarian_client, branch):
    response = await upload(librarian_client, GOOD.encode("cp1257"))

    assert response.status_code == 200
    assert response.url.path == "/figures" and response.url.params["year"] == "2025"
    assert "Ielādēti 2 mēneši (2025), kodējums Windows-1257." in response.text
    rows = await LibraryFigures.select(LibraryFigures.month, LibraryFigures.visits, LibraryFigures.loans_children).order_by(LibraryFigures.month)
    assert rows == [{"month": 1, "visits": 1234, "loans_children": 300}, {"month": 2, "visits": 1100, "loans_children": 250}]
    assert '<td class="num">1\u00a0234</td>' in response.text


async def test_upload_wrong_column_names_it_and_lists_the_expected(librarian_client, branch):
    response = await upload(librarian_client, GOOD.replace("izsniegums_bērni", "izsniegumi_bērniem").encode())

    assert response.status_code == 422
    assert problems(response.text) == ["1. rinda: nezināma kolonna „izsniegumi_bērniem”.", "Trūkst kolonnas „izsniegums_bērni”."]
    assert "<code>" + HEADER.replace(";", "; ") + "</code>" in response.text
    assert await LibraryFigures.count() == 0


async def test_upload_wrong_month_imports_nothing(librarian_client, branch):
    response = await upload(librarian_client, (GOOD + "13.2025;10;1;10;1;10;1\r\n").encode())

    assert response.status_code == 422
    assert problems(response.text) == ["4. rinda: „13.2025” nav mēnesis. Rakstiet, piemēram, 2026-01 vai 01.2026."]
    assert "neviens mēnesis no šī faila nav saglabāts" in response.text
    assert await LibraryFigures.count() == 0


async def test_upload_negative_number_names_line_and_column(librarian_client, branch):
    response = await upload(librarian_client, GOOD.replace("1 100;500;800", "1 100;500;-800").encode("cp1257"))

    assert response.status_code == 422
    assert problems(response.text) == ["3. rinda, kolonna „izsniegums”: skaitlis nevar būt negatīvs (-800)."]
    assert "kodējums: Windows-1257" in response.text and "alise-2025.csv" in response.text
    assert await LibraryFigures.count() == 0


async def test_upload_problems_in_english(librarian_client, branch):
    librarian_client.cookies.set("afisa_lang", "en")

    response = await upload(librarian_client, GOOD.replace("600", "6000").encode())

    assert problems(response.text) == ["Line 2, column “apmeklējums_bērni”: more children (6000) than in total (1234)."]


async def test_upload_again_replaces_the_month(librarian_client, branch):
    await upload(librarian_client, GOOD.encode())

    response = await upload(librarian_client, f"{HEADER}\n02.2025.;1 200;500;800;250;190;70\n".encode())

    assert "Ielādēts 1 mēnesis (2025), kodējums UTF-8." in response.text
    assert [r["visits"] for r in await LibraryFigures.select(LibraryFigures.visits).order_by(LibraryFigures.month)] == [1234, 1200]


async def test_upload_without_file_or_too_large(librarian_client, branch):
    token = await csrf_token(librarian_client)
    empty = await librarian_client.post("/figures", data={"_csrf_token": token}, files={"other": ("x.txt", b"x", "text/plain")})
    large = await upload(librarian_client, GOOD.encode() + b" " * (1024 * 1024))

    assert (empty.status_code, large.status_code) == (422, 422)
    assert "Izvēlieties CSV failu." in empty.text
    assert "Fails ir pārāk liels: ne vairāk kā 1 MB." in large.text


async def test_upload_of_an_empty_file_says_it_is_empty(librarian_client, branch):
    response = await upload(librarian_client, b"", name="alise.csv")

    assert response.status_code == 422
    assert "Izvēlētais fails ir tukšs (0 baitu)." in response.text


async def test_librarian_deletes_a_month_imported_by_mistake(librarian_client, branch):
    await upload(librarian_client, GOOD.encode())
    fields = {"_csrf_token": await csrf_token(librarian_client), "branch_id": str(branch["id"]), "year": "2025", "month": "2"}

    response = await librarian_client.post("/figures/delete", data=fields, headers={"HX-Request": "true"})

    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="figures-months"')
    assert "Dzēsti 02.2025. dati." in response.text and "01.2025." in response.text and ">02.2025.<" not in response.text
    assert [r["month"] for r in await LibraryFigures.select(LibraryFigures.month)] == [1]


@pytest.mark.parametrize("fields, status", [
    ({"branch_id": "other", "year": "2025", "month": "1"}, 403),
    ({"year": "2025", "month": "1"}, 400),
    ({"branch_id": "own", "year": "2025", "month": "13"}, 400),
    ({"branch_id": "own", "year": "x", "month": "1"}, 400),
])
async def test_delete_month_refuses_another_branch_and_bad_input(librarian_client, branch, other_branch, fields, status):
    await LibraryFigures.insert(*[LibraryFigures(period_key=f"{b}:2025-01", branch=b, year=2025, month=1) for b in (branch["id"], other_branch["id"])])
    ids = {"own": str(branch["id"]), "other": str(other_branch["id"])}
    data = {**fields, "_csrf_token": await csrf_token(librarian_client)}
    if "branch_id" in fields:
        data["branch_id"] = ids[fields["branch_id"]]

    response = await librarian_client.post("/figures/delete", data=data)

    assert response.status_code == status
    assert await LibraryFigures.count() == 2


async def test_upload_without_csrf_is_refused(librarian_client, branch):
    response = await librarian_client.post("/figures", files={"file": ("a.csv", GOOD.encode(), "text/csv")})

    assert response.status_code == 403
    assert await LibraryFigures.count() == 0


async def test_librarian_uploads_only_into_her_branch(librarian_client, branch, other_branch):
    await upload(librarian_client, GOOD.encode(), branch_id=other_branch["id"])

    assert {r["branch"] for r in await LibraryFigures.select(LibraryFigures.branch)} == {branch["id"]}


async def test_coordinator_chooses_the_branch(client, coordinator, branch, other_branch):
    await login(client, coordinator)

    response = await upload(client, GOOD.encode(), branch_id=other_branch["id"])
    page = await client.get(f"/figures?branch={branch['id']}&year=2025")

    assert {r["branch"] for r in await LibraryFigures.select(LibraryFigures.branch)} == {other_branch["id"]}
    assert f'<option value="{other_branch["id"]}" selected>Rudzāti</option>' in response.text
    assert "Šim gadam vēl nav ielādētu datu." in page.text


async def test_template_csv_has_latvian_headings_with_bom(librarian_client):
    response = await librarian_client.get("/figures/template.csv")

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines()[0] == f"{HEADER};{OPTIONAL}"


async def test_page_shows_core_not_configured_and_counts(librarian_client, branch, other_branch):
    await CoreDelivery.insert(
        CoreDelivery(key="afisa:a:v1", record_id="afisa:a", branch=branch["id"], status="sent"),
        CoreDelivery(key="afisa:b:v1", record_id="afisa:b", branch=other_branch["id"], status="sent"))

    response = await librarian_client.get("/figures")

    assert 'id="core-not-configured"' in response.text
    assert '<td data-count="sent">1</td>' in response.text


async def test_core_retry_requeues_the_branchs_failed(librarian_client, branch, other_branch):
    payload = {"title": "Dzejas diena", "date": "2026-09-10"}
    await CoreDelivery.insert(
        CoreDelivery(key="afisa:a:v1", record_id="afisa:a", branch=branch["id"], status="failed", last_error="HTTP 422: nederīgs", payload=payload),
        CoreDelivery(key="afisa:b:v1", record_id="afisa:b", branch=other_branch["id"], status="failed", payload=payload))
    page = await librarian_client.get("/figures")
    assert "Dzejas diena, 10.09.2026.: <code>HTTP 422: nederīgs</code>" in page.text

    response = await librarian_client.post("/figures/core/retry", data={"_csrf_token": await csrf_token(librarian_client)})

    assert "Atkārtoti ievietoti rindā: 1." in response.text
    assert [r["status"] for r in await CoreDelivery.select(CoreDelivery.status).order_by(CoreDelivery.id)] == ["queued", "failed"]


async def test_core_schema_api_answers_the_record_schema(client):
    response = await client.get("/api/v1/core/schema")

    assert response.json() == RECORD_SCHEMA


async def test_core_record_is_in_the_openapi_document(client):
    schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]

    assert set(schemas["CoreRecord"]["properties"]) == set(RECORD_SCHEMA["properties"])
    assert sorted(schemas["CoreRecord"]["required"]) == sorted(RECORD_SCHEMA["required"])
    formats = {name: field.get("format") for name, field in schemas["CoreRecord"]["properties"].items() if field.get("format")}
    assert formats == {name: field["format"] for name, field in RECORD_SCHEMA["properties"].items() if field.get("format")}


async def test_core_deliveries_api_is_scoped_to_the_librarians_branch(librarian_client, branch, other_branch):
    await CoreDelivery.insert(
        CoreDelivery(key="afisa:b:v1", record_id="afisa:b", branch=other_branch["id"], status="sent"))

    body = (await librarian_client.get("/api/v1/core/deliveries")).json()

    assert (body["scope"], body["core_configured"], body["latest"]) == ("branch", False, [])
    assert body["counts"]["sent"] == 0
