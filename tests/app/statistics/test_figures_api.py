"""The library system's months through the JSON API: upload, list, refuse, delete."""
from __future__ import annotations

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
