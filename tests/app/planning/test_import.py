"""Bringing a past programme in through the pages: upload, preview, confirm (app/planning/importing.py)."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from models.kernel.tables import Item, Occurrence
from tests.app.conftest import csrf_token

GOOGLE_EXPORT = (Path(__file__).parents[2] / "fixtures" / "google_export.ics").read_bytes()


async def preview(client, branch_id: int, data: bytes = GOOGLE_EXPORT):
    return await client.post("/import/preview", data={"branch_id": str(branch_id), "_csrf_token": await csrf_token(client)},
                              files={"file": ("rozupe.ics", data, "text/calendar")})


def form_of(page: str) -> dict:
    """The preview form as the browser would post it: hidden fields, ticked boxes, chosen options."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields.update({name: "1" for name in re.findall(r'name="(include_\d+)" value="1" checked', page)})
    for name, options in re.findall(r'<select name="((?:kind|place)_\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


async def test_preview_guesses_kind_and_place_and_writes_nothing(librarian_client, branch, reading_room):
    response = await preview(librarian_client, branch["id"])

    assert response.status_code == 200
    form = form_of(response.text)
    rows = re.findall(r'aria-label="Ievest: ([^"]+)"', response.text)
    assert rows[:3] == ["Izstāde „Rožupe fotogrāfijās”", "Plānošanas sanāksme", "Lasītāju klubs"]
    assert (form["kind_0"], form["kind_2"], form["place_2"]) == ("exhibition", "event", str(reading_room["id"]))
    assert "sērija · 6 reizes · atceltas: 1 · pārceltas: 1" in response.text
    assert await Item.count() == 0


async def test_confirmed_import_creates_the_series_with_its_cancelled_and_moved_sessions(librarian_client, branch, reading_room):
    form = form_of((await preview(librarian_client, branch["id"])).text)

    done = await librarian_client.post("/import/", data={**form, "status": "planned", "_csrf_token": await csrf_token(librarian_client)},
                                       follow_redirects=False)

    assert (done.status_code, done.headers["location"]) == (303, "/import/done?count=7&day=2026-03-02")
    club = await Item.select(Item.id, Item.status, Item.place).where(Item.title == "Lasītāju klubs").first()
    assert (club["status"], club["place"]) == ("planned", reading_room["id"])
    sessions = await Occurrence.select(Occurrence.starts_at, Occurrence.cancelled).where(Occurrence.item == club["id"]).order_by(Occurrence.starts_at)
    assert [(row["starts_at"], row["cancelled"]) for row in sessions] == [
        (datetime(2026, 3, 4, 17), False), (datetime(2026, 3, 11, 17), False), (datetime(2026, 3, 18, 17), True),
        (datetime(2026, 3, 26, 16), False), (datetime(2026, 4, 1, 17), False), (datetime(2026, 4, 8, 17), False),
    ]
    exhibition = await Item.select(Item.kind, Item.all_day, Item.starts_at, Item.ends_at).where(Item.title.like("Izstāde%")).first()
    assert exhibition == {"kind": "exhibition", "all_day": True, "starts_at": datetime(2026, 3, 2), "ends_at": datetime(2026, 4, 1)}
    poetry = await Item.select(Item.description, Item.place).where(Item.title == "Dzejas vakars").first()
    assert poetry == {"description": "Rožupes estrāde", "place": None}  # a place the library has not added, kept in words


async def test_second_import_of_the_same_file_offers_nothing_new(librarian_client, branch):
    form = form_of((await preview(librarian_client, branch["id"])).text)
    await librarian_client.post("/import/", data={**form, "_csrf_token": await csrf_token(librarian_client)})

    again = await preview(librarian_client, branch["id"])

    assert "include_" not in "".join(re.findall(r'name="include_\d+" value="1" checked', again.text))
    assert again.text.count('<span class="badge">jau ir</span>') == 7


async def test_a_refused_row_writes_nothing_and_says_which(librarian_client, branch):
    form = form_of((await preview(librarian_client, branch["id"])).text)
    form["kind_2"] = "lesson"  # a lesson needs its class, which a calendar does not hold

    response = await librarian_client.post("/import/", data={**form, "_csrf_token": await csrf_token(librarian_client)})

    assert response.status_code == 422
    assert "Šis lauks ir obligāts." in response.text
    assert await Item.count() == 0


async def test_a_broken_file_is_refused_with_a_message(librarian_client, branch):
    response = await preview(librarian_client, branch["id"], b"<html>Not found</html>")

    assert response.status_code == 422
    assert "Tas nav ne kalendāra fails (.ics), ne tabula ar slejām „Nosaukums” un „Sākuma datums”." in response.text


async def test_librarian_cannot_import_into_another_library(librarian_client, other_branch):
    response = await preview(librarian_client, other_branch["id"])

    assert response.status_code == 422
    assert "Izvēlieties bibliotēku, kurai programmu ievest." in response.text


async def test_the_spreadsheet_template_comes_back_in_as_its_two_rows(librarian_client, branch):
    template = await librarian_client.get("/import/template.csv")
    form = form_of((await preview(librarian_client, branch["id"], template.content)).text)

    await librarian_client.post("/import/", data={**form, "_csrf_token": await csrf_token(librarian_client)})

    assert template.headers["content-type"] == "text/csv; charset=utf-8"
    assert template.content.startswith("\ufeffNosaukums;Veids;Sākuma datums".encode())
    saved = await Item.select(Item.title, Item.kind, Item.all_day, Item.starts_at, Item.ends_at).order_by(Item.starts_at)
    assert saved == [
        {"title": "Izstāde „Ziemas grāmatas”", "kind": "exhibition", "all_day": True, "starts_at": datetime(2026, 12, 1), "ends_at": datetime(2027, 1, 1)},
        {"title": "Stāstu pēcpusdiena", "kind": "event", "all_day": False, "starts_at": datetime(2026, 12, 3, 16), "ends_at": datetime(2026, 12, 3, 17, 30)},
    ]


async def test_a_spreadsheet_row_without_a_readable_date_is_named(librarian_client, branch):
    table = "Nosaukums;Sākuma datums;Sākuma laiks\nLasījumi;03.12.2026.;16:00\nSvētki;31.02.2026.;\n".encode("cp1257")

    response = await preview(librarian_client, branch["id"], table)

    assert response.status_code == 422
    assert "Tabulas 2. rindā nevar nolasīt datumu vai laiku" in response.text
    assert await Item.count() == 0
