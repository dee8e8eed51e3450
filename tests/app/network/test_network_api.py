"""The set-up through the JSON API: the same rules and history as the pages."""
from __future__ import annotations

from datetime import timedelta

import pytest

from models.kernel.clock import local_today
from models.network.branches import add_closure
from models.network.places import set_place_active
from models.kernel.network_tables import AdminChange, Branch, Staff
from tests.app.conftest import csrf_token, login

JERSIKA = {"name": "Jersikas bibliotēka", "short_name": "Jersika", "slug": "jersika", "population": 812, "children_population": 140,
           "hours": ["9:00–18:00", "", "10:00-13:00, 14:00-18:00", "", "", "", ""]}


async def send(client, method: str, url: str, body=None):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


@pytest.fixture
async def coordinator_api(client, coordinator):
    await login(client, coordinator)
    return client


async def test_coordinator_adds_a_library_and_reads_it_back_in_full(coordinator_api):
    created = await send(coordinator_api, "POST", "/api/v1/branches", JERSIKA)

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in ("slug", "population", "children_population", "weekly_hours", "closed_on")} == {
        "slug": "jersika", "population": 812, "children_population": 140, "closed_on": None,
        "weekly_hours": {"0": [["09:00", "18:00"]], "2": [["10:00", "13:00"], ["14:00", "18:00"]]}}
    assert (await coordinator_api.get(f"/api/v1/branches/{body['id']}")).json() == body
    assert await AdminChange.count().where(AdminChange.subject == "branch") == 1


async def test_library_mistakes_come_back_per_field_in_the_readers_language(coordinator_api, branch):
    response = await send(coordinator_api, "POST", "/api/v1/branches", {**JERSIKA, "slug": "rozupe", "hours": ["no rīta"]})

    assert response.status_code == 422
    assert response.json() == {"errors": {
        "slug": "Šāda adrese jau ir citai bibliotēkai.",
        "hours_0": "Ierakstiet laiku no–līdz, piemēram, 9:00–18:00; vairākus laikus atdaliet ar komatu.",
    }}
    assert await Branch.count() == 1


async def test_librarian_may_not_add_a_library_nor_list_staff(librarian_client):
    added = await send(librarian_client, "POST", "/api/v1/branches", JERSIKA)
    listed = await librarian_client.get("/api/v1/staff")

    assert (added.status_code, listed.status_code) == (403, 403)
    assert added.json() == {"status_code": 403, "detail": "Šo dara koordinatori: bibliotēkas un darbinieku kontus pārvalda tikai viņi."}


async def test_librarian_adds_a_place_to_her_library_only(librarian_client, branch, other_branch):
    own = await send(librarian_client, "POST", "/api/v1/places", {"branch_id": branch["id"], "name": "Rožupes estrāde", "kind": "venue",
                                                                  "capacity": 300})
    other = await send(librarian_client, "POST", "/api/v1/places", {"branch_id": other_branch["id"], "name": "Zāle", "kind": "room"})

    assert own.status_code == 201
    assert {key: own.json()[key] for key in ("name", "kind", "capacity", "active")} == {"name": "Rožupes estrāde", "kind": "venue",
                                                                                        "capacity": 300, "active": True}
    assert (other.status_code, other.json()) == (422, {"errors": {"branch_id": "Vietas var pievienot un labot tikai savai bibliotēkai."}})


async def test_invitation_through_the_api_returns_the_link_once_without_mail(coordinator_api, branch):
    response = await send(coordinator_api, "POST", "/api/v1/staff", {"username": "ilze", "display_name": "Ilze Kalniņa",
                                                                     "email": "ilze@livani.lv", "role": "librarian", "branch_id": branch["id"]})

    assert response.status_code == 201
    body = response.json()
    assert body["link"].startswith("http://testserver.local/welcome/")
    assert {key: body["staff"][key] for key in ("username", "role", "branch_id", "waiting_for_password")} == {
        "username": "ilze", "role": "librarian", "branch_id": branch["id"], "waiting_for_password": True}


async def test_the_last_coordinator_is_not_disabled_through_the_api(coordinator_api, coordinator):
    response = await send(coordinator_api, "POST", f"/api/v1/staff/{coordinator['id']}/disable")

    assert (response.status_code, response.json()["detail"]) == (409, "Savu kontu atslēgt nevar: to var izdarīt cits koordinators.")
    assert (await Staff.select(Staff.active).first())["active"] is True


async def test_planning_on_a_closed_day_or_at_an_unused_place_warns(librarian_client, librarian, branch, reading_room):
    day = local_today() + timedelta(days=40)
    await add_closure(branch["id"], day, day + timedelta(days=4), "Inventarizācija", librarian["id"])
    await set_place_active(reading_room["id"], False, librarian["id"])
    body = {"kind": "event", "title": "Lasījumi", "branch_id": branch["id"], "place_id": reading_room["id"], "start_date": day.isoformat(),
            "start_time": "10:00", "end_time": "11:00", "status": "planned"}

    warned = await send(librarian_client, "POST", "/api/v1/items", body)

    assert warned.status_code == 409
    shown = day.strftime("%d.%m.%Y.")
    assert {f"{shown}: bibliotēka šajā dienā slēgta — Inventarizācija.", f"{shown}: vieta „Lasītava” vairs netiek izmantota."} <= set(
        warned.json()["warnings"])


async def test_openapi_shows_an_example_of_each_set_up_body(client):
    schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]

    assert schemas["BranchBody"]["properties"]["slug"]["examples"] == ["jersika"]
    assert schemas["PlaceBody"]["properties"]["kind"]["examples"] == ["venue"]
    assert schemas["StaffBody"]["properties"]["role"]["examples"] == ["librarian"]
