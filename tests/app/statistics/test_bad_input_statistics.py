"""No request path of attendance, statistics or the library system's figures answers 500 to a
user's mistake: junk in every field of the attendance form, every statistics parameter and the
upload, as a librarian and as a coordinator."""
from __future__ import annotations

import pytest

from models.planning.programme import create_item
from models.kernel.tables import Attendance, LibraryFigures, Occurrence
from tests.app.conftest import csrf_token, login, post_form
from tests.app.planning.test_bad_input import JUNK
from tests.models import make_draft

ATTENDANCE_FIELDS = ["total", "children", "adults", "online", "kits", "items_out", "items_back", "readers_served", "version", "context", "next"]
STATISTICS_PARAMS = ["period", "year", "month", "from", "to", "branch"]


async def ended_session(branch, librarian) -> int:
    draft = await make_draft(branch["id"], librarian, start_date="02.11.2026.", start_time="17:00", end_time="18:00")
    item_id = await create_item(draft, librarian["id"])
    return (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]


@pytest.mark.parametrize("field", ATTENDANCE_FIELDS)
async def test_junk_in_any_attendance_field_never_answers_500(librarian_client, branch, librarian, field):
    session = await ended_session(branch, librarian)
    codes = set()
    for junk in JUNK:
        form = {"version": "0", "total": "10", field: junk}
        codes.add((await post_form(librarian_client, f"/attendance/{session}", form)).status_code)
        codes.add((await post_form(librarian_client, f"/attendance/{session}", form, htmx=False)).status_code)

    assert max(codes) < 500


@pytest.mark.parametrize("param", STATISTICS_PARAMS)
@pytest.mark.parametrize("path", ["/statistics", "/statistics/partners", "/statistics/schools",
                                  "/statistics/download?table=summary&format=xlsx", "/api/v1/statistics"])
async def test_junk_in_any_statistics_parameter_never_answers_500(client, coordinator, path, param):
    await login(client, coordinator)
    codes = set()
    for junk in JUNK:
        separator = "&" if "?" in path else "?"
        response = await client.get(f"{path}{separator}period=range&from=01.01.2026.&to=31.03.2026.", params={param: junk})
        codes.add(response.status_code)

    assert max(codes) < 500


@pytest.mark.parametrize("content", [b"", b"\x00" * 200, bytes(range(256)) * 8, b"m\xc4\x93nesis;" * 5000, "💥;💥\n1;2".encode(),
                                     b"month;visits\n" + b"2026-01;1\n" * 20000, b"\xff\xfe\x00\x00garbage"])
async def test_junk_upload_of_figures_never_answers_500_and_imports_nothing(librarian_client, content):
    token = await csrf_token(librarian_client)

    response = await librarian_client.post("/figures", files={"file": ("dati.csv", content, "text/csv")},
                                           data={"_csrf_token": token})

    assert (response.status_code, await LibraryFigures.count()) == (422, 0)


async def test_attendance_of_a_huge_or_unknown_session_is_refused_not_500(librarian_client):
    codes = [(await librarian_client.get(path)).status_code
             for path in ("/attendance/99999999999999999999", "/attendance/0", "/attendance/2147483647", "/attendance/2147483648/row-form")]

    assert (codes, await Attendance.count()) == ([400, 400, 404, 400], 0)
