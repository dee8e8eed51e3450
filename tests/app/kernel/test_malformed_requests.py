"""Requests no browser sends but anyone can: a NUL byte in a path, a query, a form or a JSON
body, ids beyond any database integer, a Host header with a port that cannot be, JSON nested
deeper than Python recurses. Each answers 4xx with a message and writes nothing (PostgreSQL
refuses NUL in text: it once answered 500 on a dozen public routes, and a failed login stored a row
that later made a restore fail)."""
from __future__ import annotations

import re

import pytest

from models.kernel.tables import LoginFailure
from tests.app.conftest import csrf_token

NUL = "%00"


def text_paths(app) -> list[str]:
    """Every GET route with a text parameter, the parameter holding a NUL byte."""
    found = set()
    for route in app.routes:
        if ":str}" not in route.path or "GET" not in route.methods:
            continue
        path = re.sub(r"\{[a-z_]+:str\}", f"roz{NUL}upe", route.path)
        found.add(re.sub(r"\{[a-z_]+:int\}", "1", path))
    return sorted(found)


async def test_nul_in_any_text_path_answers_4xx(librarian_client, branch):
    paths = text_paths(librarian_client.app) + [f"/static/vendor/{NUL}", f"/feeds/rozupe.ics{NUL}", f"/programme/rozupe?month=2026-12{NUL}"]

    answers = {path: (await librarian_client.get(path)).status_code for path in paths}

    assert len(paths) > 10
    assert {path: code for path, code in answers.items() if not 400 <= code < 500} == {}


async def test_nul_in_a_login_is_a_failed_login_and_stores_nothing(client, librarian):
    token = await csrf_token(client)

    response = await client.post("/login", data={"username": "maija\x00", "password": "x\x00", "_csrf_token": token})

    assert (response.status_code, "Nepareizs lietotājvārds vai parole" in response.text) == (401, True)
    assert [row["key"] for row in await LoginFailure.select(LoginFailure.key) if "\x00" in row["key"]] == []


@pytest.mark.parametrize("value", ["-15900791046824235008", "-2147483649", "2147483648", "0", f"1{NUL}"])
async def test_branch_filter_beyond_any_id_answers_400(librarian_client, branch, value):
    response = await librarian_client.get(f"/api/v1/items?branch={value}")

    assert response.status_code == 400
    assert response.json()["detail"] == "Pieprasījumā ir kļūda. Pārbaudiet ievadīto un mēģiniet vēlreiz."


@pytest.mark.parametrize("host", ["x:99999", "x:-1", "x:abc", "[::1", "a b"])
async def test_impossible_host_header_answers_400(client, host):
    response = await client.get("/programme", headers={"host": host})

    assert response.status_code == 400


async def test_json_nested_deeper_than_python_recurses_answers_400(librarian_client, branch):
    body = "[" * 100_000 + "]" * 100_000
    token = await csrf_token(librarian_client)

    response = await librarian_client.post("/api/v1/items", content=body, headers={"x-csrftoken": token, "content-type": "application/json"})

    assert response.status_code == 400


async def test_nul_in_a_json_title_is_a_field_error(librarian_client, branch):
    token = await csrf_token(librarian_client)
    body = {"kind": "event", "title": "Dzejas\u0000dienas", "branch_id": branch["id"], "start_date": "2026-12-01", "start_time": "10:00",
            "end_time": "11:00"}

    response = await librarian_client.post("/api/v1/items", json=body, headers={"x-csrftoken": token})

    assert (response.status_code, list(response.json()["errors"])) == (422, ["title"])
