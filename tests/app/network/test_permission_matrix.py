"""Who may do what, over the set-up's pages and API and the API's newer writes: a visitor, a
librarian of the library the record belongs to (Rožupe), a librarian of another (Rudzāti), and a
coordinator. One table, one row per route, the status each of them gets."""
from __future__ import annotations

from datetime import timedelta

import pytest

from models.kernel.clock import local_today
from models.kernel.tables import Occurrence, Partner
from models.planning.programme import create_item
from tests.app.conftest import csrf_token, login
from tests.conftest import make_place
from tests.models import make_draft

ROLES = ("visitor", "own_librarian", "other_librarian", "coordinator")
# (method, path, JSON body or None) -> statuses in ROLES order; {branch}, {place}, {partner}, {session} are Rožupe's
MATRIX = [
    ("GET", "/libraries", None, (302, 200, 200, 200)),
    ("GET", "/libraries/new", None, (302, 403, 403, 200)),
    ("GET", "/libraries/{branch}/edit", None, (302, 403, 403, 200)),
    ("GET", "/places/new", None, (302, 200, 200, 200)),
    ("GET", "/places/{place}/edit", None, (302, 200, 403, 200)),
    ("GET", "/staff", None, (302, 403, 403, 200)),
    ("GET", "/staff/new", None, (302, 403, 403, 200)),
    ("GET", "/account", None, (302, 200, 200, 200)),
    ("GET", "/import", None, (302, 200, 200, 200)),
    ("POST", "/api/v1/branches", {}, (401, 403, 403, 422)),
    ("PUT", "/api/v1/branches/{branch}", {}, (401, 403, 403, 422)),
    ("PUT", "/api/v1/places/{place}", {}, (401, 422, 403, 422)),
    ("POST", "/api/v1/places/{place}/deactivate", None, (401, 200, 403, 200)),
    ("GET", "/api/v1/staff", None, (401, 403, 403, 200)),
    ("POST", "/api/v1/partners/{partner}/deactivate", None, (401, 200, 403, 200)),
    ("PUT", "/api/v1/attendance/{session}", {"version": 0, "total": 12}, (401, 200, 404, 200)),
    ("POST", "/api/v1/figures", {"branch_id": "{branch}", "csv": "mēnesis\n"}, (401, 422, 403, 422)),
]


@pytest.fixture
async def world(branch, other_branch, librarian, other_librarian, coordinator):
    place = await make_place(branch["id"], "Lasītava")
    partner = (await Partner.insert(Partner(name="Rožupes pamatskola", type="school", branch=branch["id"])).returning(Partner.id))[0]["id"]
    day = (local_today() - timedelta(days=2)).strftime("%d.%m.%Y.")
    item_id = await create_item(await make_draft(branch["id"], librarian, start_date=day, start_time="10:00", end_time="11:00"), librarian["id"])
    session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]
    return {"ids": {"branch": branch["id"], "place": place["id"], "partner": partner, "session": session},
            "people": {"own_librarian": librarian, "other_librarian": other_librarian, "coordinator": coordinator}}


def _filled(value, ids: dict):
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {key: _filled(inner, ids) for key, inner in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, body, statuses", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
async def test_each_role_gets_what_the_matrix_says(client, world, role, method, path, body, statuses):
    if role != "visitor":
        await login(client, world["people"][role])
    url = _filled(path, world["ids"])
    headers = {"x-csrftoken": await csrf_token(client)}

    response = await client.request(method, url, json=_filled(body, world["ids"]), headers=headers, follow_redirects=False)

    assert response.status_code == statuses[ROLES.index(role)]
