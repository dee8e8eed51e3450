"""Outreach through the API: the same checks and permissions as the pages."""
from __future__ import annotations

from datetime import date

import pytest

from models.kernel.tables import Attendance, Item
from models.outreach import parse_pasted, plan_round, replace_titles, save_set, validate_set
from tests.app.api.test_api import send
from tests.app.conftest import login

pytestmark = pytest.mark.clock("02.02.2026 09:00")


@pytest.fixture
async def detective_set(branch, care_centre, librarian) -> int:
    set_id = await save_set(await validate_set({"branch_id": branch["id"], "name": "Detektīvi", "place_id": care_centre["id"]}, librarian))
    await replace_titles(set_id, parse_pasted("Agata Kristi — Desmit mazi nēģerīši\nArtūrs Konans Doils — Baskervilu suns"))
    return set_id


async def test_sets_list_where_each_set_is(librarian_client, detective_set):
    response = await librarian_client.get("/api/v1/outreach/sets")

    assert response.status_code == 200
    assert [(s["name"], s["titles"], s["out"]) for s in response.json()] == [("Detektīvi", 2, None)]


async def test_titles_refused_whole_with_each_line(librarian_client, detective_set):
    response = await send(librarian_client, "PUT", f"/api/v1/outreach/sets/{detective_set}/titles",
                          {"lines": "Rainis — Zelta zirgs\n" + "Ē" * 301 + "\n1;x;Zagļi\nTitle;Author;Title", "mode": "replace"})

    assert response.status_code == 422
    assert response.json()["errors"]["titles"].startswith("2. rindā nosaukums ir garāks par 300 rakstzīmēm")
    assert "3. rindā svītrkods „1” nav derīgs" in response.json()["errors"]["titles"]
    assert [s["titles"] for s in (await librarian_client.get("/api/v1/outreach/sets")).json()] == [2]


async def test_titles_from_the_library_systems_csv_replace_the_list(librarian_client, detective_set):
    csv = "Svītrkods;Autors;Nosaukums\n000123;Rūdolfs Blaumanis;Zagļi\n000124;Anšlavs Eglītis;Homo novus\n000125;Regīna Ezera;Zemdegas\n"

    response = await send(librarian_client, "PUT", f"/api/v1/outreach/sets/{detective_set}/titles", {"csv": csv})

    assert (response.status_code, response.json()) == (200, {"set_id": detective_set, "titles": 3})


async def test_rotation_proposes_and_accepts_a_delivery(librarian_client, detective_set, care_centre):
    proposed = (await librarian_client.get("/api/v1/outreach/rotation")).json()

    response = await send(librarian_client, "POST", "/api/v1/outreach/rotation", {
        "place_id": care_centre["id"], "day": proposed[0]["day"], "start_time": "10:00", "end_time": "11:00", "set_id": detective_set})

    assert [(p["place_id"], p["day"], p["going_out_set_id"]) for p in proposed] == [(care_centre["id"], "2026-02-03", detective_set)]
    assert response.status_code == 201
    item = await Item.select(Item.kind, Item.delivery_kind, Item.status, Item.place).where(Item.id == response.json()["item_id"]).first()
    assert item == {"kind": "delivery", "delivery_kind": "service_point", "status": "published", "place": care_centre["id"]}
    assert (await librarian_client.get("/api/v1/outreach/rotation")).json() == []


async def test_rotation_refuses_a_set_already_out_in_the_requests_language(librarian_client, detective_set, care_centre):
    body = {"place_id": care_centre["id"], "day": "2026-02-03", "set_id": detective_set}
    await send(librarian_client, "POST", "/api/v1/outreach/rotation", body)
    librarian_client.cookies.set("afisa_lang", "en")

    response = await send(librarian_client, "POST", "/api/v1/outreach/rotation", {**body, "day": "2026-02-10"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"set_id": "This set is not in the library now: mark its return first."}


async def test_rotation_bad_day_and_time_are_field_errors(librarian_client, care_centre):
    response = await send(librarian_client, "POST", "/api/v1/outreach/rotation",
                          {"place_id": care_centre["id"], "day": "31.02.2026", "start_time": "25:00"})

    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == ["day", "start_time"]


async def test_round_is_finished_through_the_api(librarian_client, detective_set, care_centre, branch, librarian):
    await send(librarian_client, "POST", "/api/v1/outreach/rotation",
               {"place_id": care_centre["id"], "day": "2026-02-02", "start_time": "07:00", "end_time": "08:00", "set_id": detective_set})
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await librarian_client.get(f"/api/v1/outreach/rounds/{round_id}")).json()["stops"]

    done = await send(librarian_client, "POST", f"/api/v1/outreach/stops/{stop['stop_id']}/done", {"readers_served": 9})
    finished = await send(librarian_client, "POST", f"/api/v1/outreach/rounds/{round_id}/finish")

    assert done.json() == {"stop_id": stop["stop_id"], "items_out": 2, "items_back": 0, "readers_served": 9}
    assert finished.status_code == 200
    rows = await Attendance.select(Attendance.items_out, Attendance.items_back, Attendance.readers_served)
    assert rows == [{"items_out": 2, "items_back": 0, "readers_served": 9}]


async def test_another_branchs_round_is_not_found(client, other_librarian, branch, librarian):
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    await login(client, other_librarian)

    assert (await client.get(f"/api/v1/outreach/rounds/{round_id}")).status_code == 404
    assert (await send(client, "POST", f"/api/v1/outreach/rounds/{round_id}/finish")).status_code == 404
