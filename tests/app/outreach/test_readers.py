"""The home readers' pages: the branch's list, the card and its form (errors in the user's
language with the typed values kept, a stale edit refused), the download of everything held, the
deletion at the reader's request, and the card kept from everyone outside the reader's branch."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from app.outreach.texts import error_texts
from models.kernel.outreach_tables import HomeLoan, HomeReader, RoundStop
from models.kernel.tables import Attendance
from models.outreach import finish_round, finish_stop, round_detail, set_bring
from tests.app.conftest import login, post_form
from tests.app.outreach.test_rounds import MONDAY, make_reader, monday_round

pytestmark = pytest.mark.clock("02.02.2026 09:00")  # a Monday

CARD = {"reader_number": "R-1024", "name": "Anna Lapiņa", "address": "Druvas iela 3, Rožupe", "phone": "+371 29 111 222",
        "carrier": "neighbour", "carrier_name": "Jānis Kalns", "carrier_phone": "26 333 444", "weekday": "0", "part_of_day": "morning",
        "every_weeks": "2", "books_per_visit": "4", "skips": "20.12.2026 - 06.01.2027\n14.04.2026", "kinds": "romāni", "subjects": "vēsture",
        "authors": "Blaumanis", "large_print": "1", "language": "latviešu", "notes": "Zvanīt divreiz.", "consent_on": "01.02.2026",
        "consent_note": "rakstiski, iesniegums", "active": "1"}


async def reader_row(reader_id: int) -> dict:
    return await HomeReader.select().where(HomeReader.id == reader_id).first()


async def test_new_card_is_saved_and_shown(librarian_client, librarian, branch):
    form = await librarian_client.get("/outreach/readers/new")

    saved = await post_form(librarian_client, "/outreach/readers/new", CARD, htmx=False)

    row = await HomeReader.select().first()
    assert "Lasītāja datus bibliotēka glabā tikai grāmatu piegādei mājās, ar lasītāja piekrišanu" in form.text
    assert "Ja 12 mēnešus nav bijis nevienas piegādes, kartes personas dati tiek dzēsti automātiski" in form.text
    assert saved.url.path == f"/outreach/readers/{row['id']}"
    assert "Lasītāja karte saglabāta." in saved.text
    assert {name: row[name] for name in ("branch", "name", "address", "phone", "carrier", "carrier_name", "weekday", "part_of_day",
                                          "every_weeks", "books_per_visit", "large_print", "consent_on", "active", "started_on")} == {
        "branch": branch["id"], "name": "Anna Lapiņa", "address": "Druvas iela 3, Rožupe", "phone": "+371 29 111 222", "carrier": "neighbour",
        "carrier_name": "Jānis Kalns", "weekday": 0, "part_of_day": "morning", "every_weeks": 2, "books_per_visit": 4, "large_print": True,
        "consent_on": date(2026, 2, 1), "active": True, "started_on": date(2026, 2, 1)}
    skips = json.loads(row["skips"]) if isinstance(row["skips"], str) else row["skips"]
    assert skips == [["2026-04-14", "2026-04-14"], ["2026-12-20", "2027-01-06"]]
    assert "<title>Lasītāja karte · Afiša</title>" in saved.text
    assert "Kaimiņš: Jānis Kalns" in saved.text and "pirmdiena, no rīta, ik pēc 2 nedēļām" in saved.text
    assert "14.04.2026<br>20.12.2026 - 06.01.2027" in saved.text


async def test_card_form_shows_the_retention_setting(librarian_client, settings):
    librarian_client.app.state.settings = replace(settings, home_reader_months=24)

    form = await librarian_client.get("/outreach/readers/new")

    assert "Ja 24 mēnešus nav bijis nevienas piegādes" in form.text


async def test_card_errors_in_latvian_keep_the_typed_values(librarian_client):
    typed = {**CARD, "consent_on": "", "phone": "29-ab-111", "skips": "20.12.2026 līdz 06.01.2027"}

    response = await post_form(librarian_client, "/outreach/readers/new", typed, htmx=False)

    assert response.status_code == 422
    assert '<small class="field-error" id="r-consent_on-error">Ierakstiet datumu, kad lasītājs deva piekrišanu: bez tās lasītāja datus glabāt nedrīkst.</small>' in response.text
    assert '<small class="field-error" id="r-phone-error">Tālruņa numurā var būt tikai cipari, atstarpes, + un -.</small>' in response.text
    assert '<small class="field-error" id="r-skips-error">Ierakstiet katru pārtraukumu savā rindā: 20.12.2026 - 06.01.2027 vai vienu datumu.</small>' in response.text
    assert 'value="29-ab-111"' in response.text and ">20.12.2026 līdz 06.01.2027</textarea>" in response.text
    assert 'value="Anna Lapiņa"' in response.text and 'value="Jānis Kalns"' in response.text
    assert await HomeReader.count() == 0


async def test_card_errors_in_english(librarian_client):
    librarian_client.cookies.set("afisa_lang", "en")
    typed = {**CARD, "name": "", "phone": "29-ab-111", "skips": "31.02.2026"}

    response = await post_form(librarian_client, "/outreach/readers/new", typed, htmx=False)

    assert response.status_code == 422
    assert "Please correct the marked fields." in response.text
    assert '<small class="field-error" id="r-name-error">This field is required.</small>' in response.text
    assert '<small class="field-error" id="r-phone-error">A phone number may hold only digits, spaces, + and -.</small>' in response.text
    assert '<small class="field-error" id="r-skips-error">There is no such date.</small>' in response.text
    assert ">31.02.2026</textarea>" in response.text


async def test_consent_in_the_future_is_refused(librarian_client):
    response = await post_form(librarian_client, "/outreach/readers/new", {**CARD, "consent_on": "03.02.2026"}, htmx=False)

    assert '<small class="field-error" id="r-consent_on-error">Datums nevar būt nākotnē.</small>' in response.text


async def test_edit_saves_the_changes(librarian_client, librarian, branch):
    reader_id = await make_reader(branch["id"], librarian)
    form = await librarian_client.get(f"/outreach/readers/{reader_id}/edit")

    saved = await post_form(librarian_client, f"/outreach/readers/{reader_id}/edit", {**CARD, "address": "Ezera iela 5", "version": "1"},
                            htmx=False)

    row = await reader_row(reader_id)
    assert 'value="01.02.2026."' in form.text and 'name="version" value="1"' in form.text
    assert saved.url.path == f"/outreach/readers/{reader_id}"
    assert (row["address"], row["version"]) == ("Ezera iela 5", 2)


async def test_unticked_active_box_makes_the_reader_inactive_and_listed_apart(librarian_client, librarian, branch):
    reader_id = await make_reader(branch["id"], librarian)
    await make_reader(branch["id"], librarian, name="Berta Ozola")
    edit = {name: value for name, value in CARD.items() if name != "active"} | {"name": "Anna Lapiņa", "version": "1"}

    await post_form(librarian_client, f"/outreach/readers/{reader_id}/edit", edit, htmx=False)
    listed = await librarian_client.get("/outreach/readers")

    assert (await reader_row(reader_id))["active"] is False
    active, inactive = listed.text.split("<h2>Neaktīvie</h2>")
    assert "Berta Ozola" in active and "Anna Lapiņa" not in active
    assert "Anna Lapiņa" in inactive


async def test_stale_edit_is_refused_and_keeps_the_typed_values(librarian_client, librarian, branch):
    reader_id = await make_reader(branch["id"], librarian)
    await post_form(librarian_client, f"/outreach/readers/{reader_id}/edit", {**CARD, "address": "Ezera iela 5", "version": "1"}, htmx=False)

    stale = await post_form(librarian_client, f"/outreach/readers/{reader_id}/edit", {**CARD, "address": "Meža iela 8", "version": "1"},
                            htmx=False)

    assert stale.status_code == 409
    assert f'<p class="notice notice-error" role="alert">{error_texts({"reader": "stale"}, "lv")["reader"]}</p>' in stale.text
    assert 'value="Meža iela 8"' in stale.text
    assert (await reader_row(reader_id))["address"] == "Ezera iela 5"


async def test_list_shows_how_and_when_each_reader_gets_books(librarian_client, librarian, branch, other_branch, other_librarian):
    anna = await make_reader(branch["id"], librarian)
    await HomeReader.update({HomeReader.last_visit_on: date(2026, 1, 26)}).where(HomeReader.id == anna)
    await make_reader(branch["id"], librarian, name="Berta Ozola", carrier="librarian", weekday="", every_weeks="1")
    await make_reader(other_branch["id"], other_librarian, name="Rita Rudzāte")

    response = await librarian_client.get("/outreach/readers")

    rows = response.text.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert "Anna Lapiņa" in rows[0] and "Kaimiņš: Jānis Kalns" in rows[0] and "pirmdiena, ik pēc 2 nedēļām" in rows[0]
    assert "<td>26.01.2026.</td>" in rows[0] and "<td>09.02.2026.</td>" in rows[0]
    assert "Berta Ozola" in rows[1] and "Bibliotekāre" in rows[1] and "jebkurā dienā, katru nedēļu" in rows[1] and "<td>02.02.2026.</td>" in rows[1]
    assert "Rita Rudzāte" not in response.text


async def test_coordinator_without_a_branch_is_told_the_cards_are_kept_by_each_library(client, coordinator, librarian, branch):
    await make_reader(branch["id"], librarian)
    await login(client, coordinator)

    response = await client.get("/outreach/readers")
    new = await client.get("/outreach/readers/new")

    assert "Lasītāju kartes glabā katra bibliotēka pati" in response.text
    assert "Anna Lapiņa" not in response.text
    assert new.status_code == 404


@pytest.mark.parametrize("who", ["other_librarian", "coordinator"])
@pytest.mark.parametrize("method, path", [("GET", "/outreach/readers/{id}"), ("GET", "/outreach/readers/{id}/edit"),
                                          ("POST", "/outreach/readers/{id}/edit"), ("GET", "/outreach/readers/{id}/export.json"),
                                          ("GET", "/outreach/readers/{id}/erase"), ("POST", "/outreach/readers/{id}/erase")])
async def test_the_card_is_not_found_for_anyone_outside_its_branch(client, librarian, other_librarian, coordinator, branch, who, method, path):
    reader_id = await make_reader(branch["id"], librarian)
    await login(client, other_librarian if who == "other_librarian" else coordinator)

    if method == "GET":
        response = await client.get(path.format(id=reader_id))
    else:
        response = await post_form(client, path.format(id=reader_id), {**CARD, "name": "Cits", "version": "1"}, htmx=False)

    row = await reader_row(reader_id)
    assert response.status_code == 404
    assert "Anna Lapiņa" not in response.text
    assert (row["name"], row["anonymised_at"]) == ("Anna Lapiņa", None)


@pytest.mark.parametrize("path", ["/outreach/readers/99999999999", "/outreach/readers/2147483648/edit", "/outreach/readers/0/export.json"])
async def test_a_huge_reader_id_is_refused_not_an_error(librarian_client, path):
    response = await librarian_client.get(path)

    assert response.status_code in (400, 404)


async def finished_round(branch, care_centre, librarian) -> tuple[int, list[dict]]:
    """Monday's round done: Anna got two titles, the round is finished."""
    round_id, stops = await monday_round(branch, care_centre, librarian)
    await set_bring(stops[2]["id"], "Blaumanis — Zagļi\nBlaumanis — Nāves ēnā", librarian)
    for stop in stops:
        await finish_stop(stop["id"], {"readers_served": "12"} if stop["kind"] == "point" else {}, librarian)
    await finish_round(round_id, librarian)
    return round_id, stops


async def test_card_lists_the_titles_brought_newest_first(librarian_client, branch, care_centre, librarian):
    _, stops = await finished_round(branch, care_centre, librarian)
    await HomeLoan.insert(HomeLoan(reader=stops[2]["reader"], delivered_on=date(2026, 1, 5), returned_on=date(2026, 1, 19), title="Mērnieku laiki"))

    card = await librarian_client.get(f"/outreach/readers/{stops[2]['reader']}")

    loans = card.text.split('<ul class="loan-list">')[1].split("</ul>")[0]
    assert [line.split("</span>")[0] for line in loans.split('<span class="loan-day">')[1:]] == ["02.02.2026.", "02.02.2026.", "05.01.2026."]
    assert "Blaumanis — Zagļi" in loans and "Mērnieku laiki" in loans
    assert "<dt>Pēdējā piegāde</dt><dd>02.02.2026.</dd>" in card.text


async def test_export_holds_the_card_and_the_titles_brought(librarian_client, branch, care_centre, librarian):
    _, stops = await finished_round(branch, care_centre, librarian)
    reader_id = stops[2]["reader"]

    response = await librarian_client.get(f"/outreach/readers/{reader_id}/export.json")

    data = response.json()
    assert response.headers["content-disposition"] == f'attachment; filename="lasitajs-{reader_id}.json"'
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"].startswith("application/json")
    assert data["reader"]["name"] == "Anna Lapiņa" and data["reader"]["address"] == "Druvas iela 3, Rožupe"
    assert [(t["delivered_on"], t["author"], t["title"]) for t in data["titles_brought"]] == [
        ("2026-02-02", "Blaumanis", "Zagļi"), ("2026-02-02", "Blaumanis", "Nāves ēnā")]
    assert [(v["day"], v["items_out"]) for v in data["visits"]] == [("2026-02-02", 2)]
    assert data["controller"]["name"] == branch["name"]


async def test_erase_asks_first_then_blanks_the_card_and_keeps_the_counts(librarian_client, branch, care_centre, librarian):
    round_id, stops = await finished_round(branch, care_centre, librarian)
    reader_id = stops[2]["reader"]
    attendance_before = await Attendance.select(Attendance.occurrence, Attendance.items_out, Attendance.items_back, Attendance.readers_served)

    asked = await librarian_client.get(f"/outreach/readers/{reader_id}/erase")
    erased = await post_form(librarian_client, f"/outreach/readers/{reader_id}/erase", {}, htmx=False)

    row = await reader_row(reader_id)
    assert f'<form method="post" action="/outreach/readers/{reader_id}/erase">' in asked.text
    assert erased.url.path == "/outreach/readers"
    assert "Lasītāja personas dati un atvesto grāmatu saraksts izdzēsti. Piegāžu skaits statistikā paliek." in erased.text
    assert "Anna Lapiņa" not in erased.text
    assert {name: row[name] for name in ("name", "address", "phone", "carrier_name", "carrier_phone", "notes", "consent_on", "active",
                                          "anonymised_why")} == {
        "name": "", "address": "", "phone": "", "carrier_name": "", "carrier_phone": "", "notes": "", "consent_on": None, "active": False,
        "anonymised_why": "request"}
    assert await HomeLoan.count() == 0
    assert await RoundStop.select(RoundStop.items_out, RoundStop.readers_served).where(RoundStop.id == stops[2]["id"]) == [
        {"items_out": 2, "readers_served": 1}]
    assert await Attendance.select(Attendance.occurrence, Attendance.items_out, Attendance.items_back, Attendance.readers_served) == attendance_before
    assert (await librarian_client.get(f"/outreach/readers/{reader_id}")).status_code == 404
    detail = await round_detail(round_id)
    assert detail["stops"][2]["name"] == "—" and detail["day"] == MONDAY


async def test_card_pages_in_english(librarian_client, librarian, branch):
    reader_id = await make_reader(branch["id"], librarian)
    librarian_client.cookies.set("afisa_lang", "en")

    card = await librarian_client.get(f"/outreach/readers/{reader_id}")

    assert '<html lang="en">' in card.text and "<dt>Address</dt>" in card.text
