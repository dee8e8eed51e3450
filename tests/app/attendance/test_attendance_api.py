"""Attendance through the JSON API: the page's rules, version check and removal."""
from __future__ import annotations

from datetime import timedelta

import pytest

from models.kernel.clock import local_today
from models.kernel.tables import Attendance, Occurrence
from models.planning.programme import create_item
from tests.app.conftest import csrf_token
from tests.models import make_draft


async def send(client, method: str, url: str, body=None):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


async def session_of(branch_id: int, staff: dict, days_from_today: int) -> int:
    day = (local_today() + timedelta(days=days_from_today)).strftime("%d.%m.%Y.")
    item_id = await create_item(await make_draft(branch_id, staff, start_date=day, start_time="10:00", end_time="11:00"), staff["id"])
    return (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]


async def test_attendance_is_recorded_then_a_stale_correction_refused_then_removed(librarian_client, librarian, branch):
    session = await session_of(branch["id"], librarian, -2)

    recorded = await send(librarian_client, "PUT", f"/api/v1/attendance/{session}", {"version": 0, "total": 17, "children": 9})
    stale = await send(librarian_client, "PUT", f"/api/v1/attendance/{session}", {"version": 0, "total": 18})
    removed = await send(librarian_client, "DELETE", f"/api/v1/attendance/{session}?version=1")

    assert recorded.status_code == 200
    assert (recorded.json()["version"], recorded.json()["figures"]["total"], recorded.json()["figures"]["children"]) == (1, 17, 9)
    assert stale.status_code == 409
    assert (removed.status_code, removed.json()["figures"], await Attendance.count()) == (200, None, 0)


async def test_attendance_of_a_session_still_to_come_is_refused_in_words(librarian_client, librarian, branch):
    session = await session_of(branch["id"], librarian, 3)

    response = await send(librarian_client, "PUT", f"/api/v1/attendance/{session}", {"version": 0, "total": 5})

    assert (response.status_code, response.json()) == (422, {"errors": {"session": "Par notikušu var atzīmēt tikai to, kas jau beidzies."}})


async def test_another_librarys_session_is_not_found(librarian_client, other_branch, other_librarian):
    session = await session_of(other_branch["id"], other_librarian, -2)

    response = await librarian_client.get(f"/api/v1/attendance/{session}")

    assert response.status_code == 404


@pytest.mark.parametrize("body", [{"version": 0, "total": -1}, {"version": 0, "total": "daudz"}, {"total": 3}])
async def test_a_body_that_breaks_the_schema_is_a_400(librarian_client, librarian, branch, body):
    session = await session_of(branch["id"], librarian, -2)

    response = await send(librarian_client, "PUT", f"/api/v1/attendance/{session}", body)

    assert response.status_code == 400
    assert await Attendance.count() == 0
