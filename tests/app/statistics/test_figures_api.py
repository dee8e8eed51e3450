"""The library system's months through the JSON API: upload, list, refuse, delete."""
from __future__ import annotations

import pytest

from models.kernel.clock import local_today
from models.kernel.tables import LibraryFigures
from tests.app.conftest import csrf_token


async def send(client, method: str, url: str, body=None):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


def last_month() -> tuple[int, int]:
    today = local_today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


async def test_months_are_uploaded_listed_and_deleted(librarian_client, branch):
    year, month = last_month()
    csv = f"mēnesis;apmeklējums;apmeklējums_bērni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;aktīvie_lietotāji_bērni\n{year}-{month:02d};412;96;880;210;151;58\n"

    uploaded = await send(librarian_client, "POST", "/api/v1/figures", {"branch_id": branch["id"], "csv": csv})
    listed = await librarian_client.get(f"/api/v1/figures?branch={branch['id']}&year={year}")
    deleted = await send(librarian_client, "DELETE", f"/api/v1/figures/{branch['id']}/{year}/{month}")

    assert (uploaded.status_code, uploaded.json()) == (201, {"months": 1})
    assert [(m["month"], m["figures"]["visits"], m["figures"]["loans_children"]) for m in listed.json()] == [(month, 412, 210)]
    assert (deleted.json(), await LibraryFigures.count()) == ({"months": 1}, 0)


async def test_a_file_with_problems_writes_nothing_and_lists_them(librarian_client, branch):
    year, month = last_month()
    csv = f"mēnesis;apmeklējums;apmeklējums_bērni\n{year}-{month:02d};40;96\n"

    response = await send(librarian_client, "POST", "/api/v1/figures", {"branch_id": branch["id"], "csv": csv})

    assert response.status_code == 422
    assert {problem["code"] for problem in response.json()["problems"]} >= {"missing_column"}
    assert await LibraryFigures.count() == 0


async def test_another_librarys_months_cannot_be_uploaded(librarian_client, other_branch):
    response = await send(librarian_client, "POST", "/api/v1/figures", {"branch_id": other_branch["id"], "csv": "mēnesis\n"})

    assert response.status_code == 403


OLD = "mēnesis;apmeklējums;apmeklējums_bērni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;aktīvie_lietotāji_bērni"


@pytest.mark.clock("25.11.2026 12:00")
async def test_upload_takes_the_optional_columns_and_lists_null_where_a_file_had_none(librarian_client, branch):
    csv = (f"{OLD};izsniegums_grāmatas;izsniegums_periodika;sba_saņemts;sba_nosūtīts\n"
           f"2026-09;412;96;880;210;151;58;400;450;7;\n2026-10;300;90;800;200;150;50;;;;\n")

    uploaded = await send(librarian_client, "POST", "/api/v1/figures", {"branch_id": branch["id"], "csv": csv})
    listed = await librarian_client.get(f"/api/v1/figures?branch={branch['id']}&year=2026")

    assert (uploaded.status_code, uploaded.json()) == (201, {"months": 2})
    assert [[m["figures"][k] for k in ("loans_books", "loans_periodicals", "interlibrary_received", "interlibrary_sent")] for m in listed.json()] == [
        [400, 450, 7, None], [None, None, None, None]]


@pytest.mark.clock("25.11.2026 12:00")
async def test_upload_books_and_periodicals_above_the_loans_writes_nothing(librarian_client, branch):
    csv = f"{OLD};izsniegums_grāmatas;izsniegums_periodika\n2026-09;412;96;880;210;151;58;400;450\n2026-10;300;90;800;200;150;50;500;301\n"

    response = await send(librarian_client, "POST", "/api/v1/figures", {"branch_id": branch["id"], "csv": csv})

    assert response.status_code == 422
    assert [(p["code"], p["line"], p["value"], p["detail"]) for p in response.json()["problems"]] == [("loan_parts_above_total", 3, "801", "800")]
    assert await LibraryFigures.count() == 0
