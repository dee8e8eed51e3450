"""Bringing a past programme in through the JSON API: preview, then the chosen rows in one go."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from models.kernel.tables import Item, Occurrence
from tests.app.conftest import csrf_token

GOOGLE_EXPORT = (Path(__file__).parents[2] / "fixtures" / "google_export.ics").read_text(encoding="utf-8")


async def send(client, method: str, url: str, body=None):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


async def test_preview_then_create_the_chosen_rows(librarian_client, branch, reading_room):
    preview = await send(librarian_client, "POST", "/api/v1/import/preview", {"branch_id": branch["id"], "file": GOOGLE_EXPORT})
    rows = {row["title"]: row for row in preview.json()}
    club = rows["Lasītāju klubs"]

    created = await send(librarian_client, "POST", "/api/v1/import", {
        "branch_id": branch["id"], "file": GOOGLE_EXPORT, "status": "planned",
        "rows": [{"index": club["index"], "kind": club["kind"], "place_id": club["place_id"]}]})

    assert (preview.status_code, club["repeat"], club["cancelled_sessions"], club["moved_sessions"], club["place_id"]) == (
        200, {"repeat": "weekly", "interval": 1, "weekdays": [2], "count": 6}, 1, 1, reading_room["id"])
    assert created.status_code == 201
    [item_id] = created.json()["item_ids"]
    moved = await Occurrence.select(Occurrence.starts_at).where((Occurrence.item == item_id) & (Occurrence.overridden == True)).order_by(Occurrence.starts_at)  # noqa: E712
    assert [row["starts_at"] for row in moved] == [datetime(2026, 3, 18, 17), datetime(2026, 3, 26, 16)]


async def test_a_refused_row_creates_nothing(librarian_client, branch):
    response = await send(librarian_client, "POST", "/api/v1/import", {
        "branch_id": branch["id"], "file": GOOGLE_EXPORT, "rows": [{"index": 0, "kind": "exhibition"}, {"index": 2, "kind": "lesson"}]})

    assert (response.status_code, list(response.json()["errors"])) == (422, ["rows[2]"])
    assert await Item.count() == 0


async def test_a_broken_file_or_another_library_is_refused_in_words(librarian_client, other_branch, branch):
    broken = await send(librarian_client, "POST", "/api/v1/import/preview", {"branch_id": branch["id"], "file": "BEGIN:VCALENDAR\r\nEND:VCALENDAR"})
    other = await send(librarian_client, "POST", "/api/v1/import/preview", {"branch_id": other_branch["id"], "file": GOOGLE_EXPORT})

    assert (broken.status_code, broken.json()) == (422, {"errors": {"file": "Kalendārā nav neviena notikuma."}})
    assert (other.status_code, other.json()) == (422, {"errors": {"branch_id": "Izvēlieties bibliotēku, kurai programmu ievest."}})
