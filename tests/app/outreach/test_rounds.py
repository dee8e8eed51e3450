"""The delivery rounds' pages: planning a day's round (a service point's delivery and the home
readers due that day), the checklist on a phone whose stops are finished in place by HTMX or by a
plain POST, the titles pasted for a home reader, the run sheet, finishing the round into the
sessions' attendance, and who may see what."""
from __future__ import annotations

import json
from datetime import date, time

import pytest

from models.kernel.outreach_tables import DeliveryRound, HomeLoan, HomeReader, RoundStop
from models.kernel.tables import Attendance, Partner, PartnerContact, Place
from models.outreach import (
    accept_proposal,
    parse_pasted,
    plan_round,
    replace_titles,
    round_detail,
    save_reader,
    save_set,
    validate_reader,
    validate_set,
)
from tests.app.conftest import login, post_form

pytestmark = pytest.mark.clock("02.02.2026 09:00")  # a Monday

MONDAY = date(2026, 2, 2)
SET_TITLES = "Agata Kristi — Desmit mazi nēģerīši\nAndra Neiburga: Stum, stum\nZiedonis - Pasaciņas"


async def make_reader(branch_id: int, staff: dict, **overrides) -> int:
    raw = {"name": "Anna Lapiņa", "address": "Druvas iela 3, Rožupe", "phone": "+371 29 111 222", "consent_on": "01.02.2026",
           "consent_note": "mutiski, pa tālruni", "carrier": "neighbour", "carrier_name": "Jānis Kalns", "carrier_phone": "26 333 444",
           "weekday": "0", "every_weeks": "2", "books_per_visit": "4"}
    raw.update(overrides)
    return await save_reader(validate_reader(raw, branch_id), staff["id"])


async def service_delivery(branch: dict, place: dict, staff: dict, day: date = MONDAY, *, name: str = "Detektīvi") -> int:
    """A set of three books goes out to the service point on `day`, 08:00–08:30; returns the delivery item's id."""
    set_id = await save_set(await validate_set({"branch_id": branch["id"], "name": name, "receiver": "service_point", "place_id": place["id"],
                                                "rotation_days": "60"}, staff))
    await replace_titles(set_id, parse_pasted(SET_TITLES))
    return await accept_proposal(place_id=place["id"], day=day, start=time(8, 0), end=time(8, 30), set_id=set_id, returning_id=None,
                                 staff=staff, title="Grāmatu kopas maiņa")


async def monday_round(branch: dict, care_centre: dict, librarian: dict) -> tuple[int, list[dict]]:
    """Monday's round: the care centre's delivery, then Anna (due: Mondays, never visited) and Berta
    (Mondays, every week); Cilda is not due (another weekday), Dace is away, Edgars was here last week
    and comes every two weeks."""
    await service_delivery(branch, care_centre, librarian)
    await make_reader(branch["id"], librarian)
    await make_reader(branch["id"], librarian, name="Berta Ozola", address="Skolas iela 1", phone="29 555 666", carrier="librarian",
                      carrier_name="", carrier_phone="", every_weeks="1", part_of_day="morning")
    await make_reader(branch["id"], librarian, name="Cilda Zariņa", weekday="2")
    await make_reader(branch["id"], librarian, name="Dace Vītola", skips="01.02.2026 - 15.02.2026")
    edgars = await make_reader(branch["id"], librarian, name="Edgars Liepa")
    await HomeReader.update({HomeReader.last_visit_on: date(2026, 1, 26)}).where(HomeReader.id == edgars)
    round_id = await plan_round(branch["id"], MONDAY, librarian, title="Grāmatu piegāde mājās")
    return round_id, (await round_detail(round_id))["stops"]


def loaded(value):
    """A JSON column as read: both engines' drivers hand back the text."""
    return json.loads(value) if isinstance(value, str) else value


def article(text: str, stop_id: int) -> str:
    start = text.index('<article class="stop')
    start = text.index(f'id="stop-{stop_id}"', start)
    return text[text.rindex("<article", 0, start):text.index("</article>", start) + len("</article>")]


async def test_plan_a_round_for_today_takes_the_delivery_and_the_readers_due(librarian_client, branch, care_centre, librarian):
    await service_delivery(branch, care_centre, librarian)
    await make_reader(branch["id"], librarian)
    await make_reader(branch["id"], librarian, name="Berta Ozola", every_weeks="1", part_of_day="morning")
    await make_reader(branch["id"], librarian, name="Cilda Zariņa", weekday="2")
    await make_reader(branch["id"], librarian, name="Dace Vītola", skips="01.02.2026 - 15.02.2026")
    edgars = await make_reader(branch["id"], librarian, name="Edgars Liepa")
    await HomeReader.update({HomeReader.last_visit_on: date(2026, 1, 26)}).where(HomeReader.id == edgars)

    form = await librarian_client.get("/outreach/rounds")
    planned = await post_form(librarian_client, "/outreach/rounds", {"day": "2026-02-02", "branch_id": str(branch["id"])}, htmx=False)

    assert '<input type="date" name="day" value="2026-02-02"' in form.text
    assert planned.status_code == 200 and planned.url.path.startswith("/outreach/rounds/")
    stops = await RoundStop.select(RoundStop.place, RoundStop.reader.name.as_alias("reader")).order_by(RoundStop.position)
    assert stops == [{"place": care_centre["id"], "reader": None}, {"place": None, "reader": "Berta Ozola"}, {"place": None, "reader": "Anna Lapiņa"}]
    assert "Paveiktas pieturas: 0 no 3" in planned.text
    assert "Detektīvi: 3 grāmatas" in planned.text


async def test_plan_a_round_a_second_time_opens_the_same_round(librarian_client, branch, care_centre, librarian):
    round_id, _ = await monday_round(branch, care_centre, librarian)

    again = await post_form(librarian_client, "/outreach/rounds", {"day": "02.02.2026", "branch_id": str(branch["id"])}, htmx=False)

    assert again.url.path == f"/outreach/rounds/{round_id}"
    assert await DeliveryRound.count() == 1


async def test_plan_a_round_with_a_bad_date_says_so(librarian_client, branch):
    response = await post_form(librarian_client, "/outreach/rounds", {"day": "31.02.2026", "branch_id": str(branch["id"])}, htmx=False)

    assert response.status_code == 422
    assert '<small class="field-error" id="r-day-error">Tāda datuma nav.</small>' in response.text
    assert await DeliveryRound.count() == 0


async def test_plan_a_round_for_another_branch_is_refused(librarian_client, branch, other_branch):
    response = await post_form(librarian_client, "/outreach/rounds", {"day": "2026-02-02", "branch_id": str(other_branch["id"])}, htmx=False)

    assert response.status_code == 422
    assert await DeliveryRound.count() == 0


async def test_coordinator_picks_the_library(client, coordinator, branch, other_branch, care_centre, librarian):
    await login(client, coordinator)

    form = await client.get("/outreach/rounds")
    planned = await post_form(client, "/outreach/rounds", {"day": "2026-02-02", "branch_id": str(other_branch["id"])}, htmx=False)

    assert f'<option value="{other_branch["id"]}" >Rudzāti</option>' in form.text
    assert await DeliveryRound.select(DeliveryRound.branch, DeliveryRound.day, DeliveryRound.created_by) == [
        {"branch": other_branch["id"], "day": MONDAY, "created_by": coordinator["id"]}]
    assert planned.status_code == 200


async def test_rounds_list_shows_coming_and_recent_rounds(librarian_client, branch, librarian):
    await plan_round(branch["id"], date(2026, 1, 26), librarian, title="Grāmatu piegāde mājās")
    await plan_round(branch["id"], date(2026, 2, 9), librarian, title="Grāmatu piegāde mājās")

    response = await librarian_client.get("/outreach/rounds")

    coming, recent = response.text.split('id="coming-heading"')[1].split('id="recent-heading"')
    assert "09.02.2026." in coming and "26.01.2026." not in coming
    assert "26.01.2026." in recent


async def test_round_page_is_a_checklist_for_a_phone(librarian_client, branch, care_centre, librarian):
    await Partner.insert(Partner(name="Rožleju aprūpes centrs", type="social"))
    partner = await Partner.select(Partner.id).first()
    await Place.update({Place.address: "Liepu iela 9, Rožupe", Place.contact: "Ilona, aprūpētāja", Place.host_partner: partner["id"]}).where(
        Place.id == care_centre["id"])
    await PartnerContact.insert(PartnerContact(partner=partner["id"], name="Ilona", phone="+371 65 000 111"))
    round_id, stops = await monday_round(branch, care_centre, librarian)

    response = await librarian_client.get(f"/outreach/rounds/{round_id}")

    point, _, anna = (article(response.text, stop["id"]) for stop in stops)
    assert response.status_code == 200
    assert "Liepu iela 9, Rožupe" in point and '<a href="tel:+37165000111">+371 65 000 111</a>' in point
    assert "Detektīvi: 3 grāmatas" in point
    assert "Anna Lapiņa" in anna and "Druvas iela 3, Rožupe" in anna
    assert '<a href="tel:+37129111222">+371 29 111 222</a>' in anna and '<a href="tel:26333444">26 333 444</a>' in anna
    assert f'hx-post="/outreach/stops/{stops[2]["id"]}/done" hx-target="closest article" hx-swap="outerHTML"' in anna
    assert f'action="/outreach/stops/{stops[2]["id"]}/done"' in anna
    assert '<p id="round-progress" class="round-progress" role="status">Paveiktas pieturas: 0 no 3</p>' in response.text
    assert response.text.index("Detektīvi") < response.text.index("Berta Ozola") < response.text.index("Anna Lapiņa")


async def test_titles_pasted_for_a_home_stop_show_what_was_read_before(librarian_client, branch, care_centre, librarian):
    _, stops = await monday_round(branch, care_centre, librarian)
    anna = stops[2]
    reader = anna["reader"]
    await HomeLoan.insert(HomeLoan(reader=reader, delivered_on=date(2026, 1, 5), returned_on=date(2026, 1, 19), author="Blaumanis", title="Zagļi"))

    answer = await post_form(librarian_client, f"/outreach/stops/{anna['id']}/bring", {"titles": "Blaumanis — Zagļi\nBlaumanis — Nāves ēnā"})

    assert answer.status_code == 200
    assert answer.text.strip().startswith("<article")
    assert "<li>Blaumanis — Zagļi <mark class=\"already-read\">jau lasīta 05.01.2026.</mark></li>" in answer.text
    assert "<li>Blaumanis — Nāves ēnā</li>" in answer.text
    assert loaded((await RoundStop.select(RoundStop.bring).where(RoundStop.id == anna["id"]).first())["bring"]) == [
        {"barcode": "", "author": "Blaumanis", "title": "Zagļi"}, {"barcode": "", "author": "Blaumanis", "title": "Nāves ēnā"}]


async def test_refused_title_list_shows_each_problem_and_keeps_the_text(librarian_client, branch, care_centre, librarian):
    _, stops = await monday_round(branch, care_centre, librarian)
    typed = "Blaumanis — Zagļi\n12;Rainis;" + "\n" + "x" * 301

    answer = await post_form(librarian_client, f"/outreach/stops/{stops[2]['id']}/bring", {"titles": typed})

    assert answer.status_code == 422
    assert "<li>2. rindā svītrkods „12” nav derīgs: tikai burti, cipari un domuzīmes, 3–40 zīmes.</li>" in answer.text
    assert "<li>3. rindā nosaukums ir garāks par 300 rakstzīmēm" in answer.text
    assert f">{typed}</textarea>" in answer.text
    assert loaded((await RoundStop.select(RoundStop.bring).where(RoundStop.id == stops[2]["id"]).first())["bring"]) == []


async def test_done_by_htmx_answers_the_stop_and_the_progress_counter(librarian_client, branch, care_centre, librarian):
    _, stops = await monday_round(branch, care_centre, librarian)

    answer = await post_form(librarian_client, f"/outreach/stops/{stops[0]['id']}/done", {"items_out": "", "items_back": "2", "readers_served": "12"})

    assert (answer.status_code, answer.headers["vary"]) == (200, "HX-Request")
    text = answer.text.strip()
    assert text.startswith(f'<article class="stop is-done" id="stop-{stops[0]["id"]}"')
    assert text.count("<article") == 1
    assert text.endswith('<p id="round-progress" class="round-progress" role="status" hx-swap-oob="true">Paveiktas pieturas: 1 no 3</p>')
    assert "Izsniegtie izdevumi: <strong>3</strong> · Atgrieztie izdevumi: <strong>2</strong> · Apkalpotie lasītāji: <strong>12</strong>" in text
    assert await RoundStop.select(RoundStop.items_out, RoundStop.items_back, RoundStop.readers_served).where(RoundStop.id == stops[0]["id"]) == [
        {"items_out": 3, "items_back": 2, "readers_served": 12}]


async def test_done_without_javascript_goes_back_to_the_round(librarian_client, branch, care_centre, librarian):
    round_id, stops = await monday_round(branch, care_centre, librarian)

    answer = await post_form(librarian_client, f"/outreach/stops/{stops[1]['id']}/done", {"items_out": "4"}, htmx=False)

    assert answer.url.path == f"/outreach/rounds/{round_id}"
    assert "Paveiktas pieturas: 1 no 3" in answer.text
    assert (await RoundStop.select(RoundStop.items_out, RoundStop.readers_served).where(RoundStop.id == stops[1]["id"]).first()) == {
        "items_out": 4, "readers_served": 1}


async def test_done_with_a_bad_figure_keeps_the_input_and_says_why(librarian_client, branch, care_centre, librarian):
    _, stops = await monday_round(branch, care_centre, librarian)

    answer = await post_form(librarian_client, f"/outreach/stops/{stops[0]['id']}/done", {"items_out": "20000", "readers_served": "7"})

    assert answer.status_code == 422
    assert f'<small class="field-error" id="s{stops[0]["id"]}-items_out-error">Ierakstiet skaitli no 0 līdz 10 000.</small>' in answer.text
    assert 'value="7"' in answer.text and "Paveiktas pieturas: 0 no 3" in answer.text
    assert await RoundStop.count().where(RoundStop.done_at.is_not_null()) == 0


async def test_done_on_a_future_round_says_so(librarian_client, branch, care_centre, librarian):
    await make_reader(branch["id"], librarian)
    round_id = await plan_round(branch["id"], date(2026, 2, 9), librarian, title="Grāmatu piegāde mājās")
    stop = (await round_detail(round_id))["stops"][0]

    answer = await post_form(librarian_client, f"/outreach/stops/{stop['id']}/done", {})

    assert answer.status_code == 422
    assert '<p class="notice notice-error" role="alert">Maršrutu var pabeigt tā dienā vai vēlāk.</p>' in answer.text


async def test_reopen_brings_the_form_back(librarian_client, branch, care_centre, librarian):
    _, stops = await monday_round(branch, care_centre, librarian)
    await post_form(librarian_client, f"/outreach/stops/{stops[0]['id']}/done", {})

    answer = await post_form(librarian_client, f"/outreach/stops/{stops[0]['id']}/reopen", {})

    assert f'hx-post="/outreach/stops/{stops[0]["id"]}/done"' in answer.text
    assert "Paveiktas pieturas: 0 no 3" in answer.text
    assert await RoundStop.count().where(RoundStop.done_at.is_not_null()) == 0


async def test_move_a_stop_down(librarian_client, branch, care_centre, librarian):
    round_id, stops = await monday_round(branch, care_centre, librarian)

    answer = await post_form(librarian_client, f"/outreach/stops/{stops[0]['id']}/move", {"step": "down"}, htmx=False)

    assert answer.url.path == f"/outreach/rounds/{round_id}"
    assert [row["id"] for row in await RoundStop.select(RoundStop.id).order_by(RoundStop.position)] == [stops[1]["id"], stops[0]["id"], stops[2]["id"]]


async def test_finish_the_round_records_the_stops_figures_as_attendance(librarian_client, branch, care_centre, librarian):
    round_id, stops = await monday_round(branch, care_centre, librarian)
    await post_form(librarian_client, f"/outreach/stops/{stops[2]['id']}/bring", {"titles": "Blaumanis — Zagļi\nBlaumanis — Nāves ēnā"})
    await post_form(librarian_client, f"/outreach/stops/{stops[0]['id']}/done", {"items_out": "25", "items_back": "18", "readers_served": "12"})
    await post_form(librarian_client, f"/outreach/stops/{stops[1]['id']}/done", {"items_out": "4", "items_back": "3"})
    await post_form(librarian_client, f"/outreach/stops/{stops[2]['id']}/done", {})

    finished = await post_form(librarian_client, f"/outreach/rounds/{round_id}/finish", {}, htmx=False)

    home_session = (await DeliveryRound.select(DeliveryRound.home_session).first())["home_session"]
    point_session = stops[0]["session"]
    rows = {row["occurrence"]: (row["items_out"], row["items_back"], row["readers_served"])
            for row in await Attendance.select(Attendance.occurrence, Attendance.items_out, Attendance.items_back, Attendance.readers_served)}
    assert rows == {point_session: (25, 18, 12), home_session: (6, 3, 2)}
    assert finished.url.path == f"/outreach/rounds/{round_id}"
    assert ("Maršruts pabeigts: apmeklējums ierakstīts 2 piegādēm. Izsniegtie izdevumi: 31, atgrieztie izdevumi: 21, apkalpotie lasītāji: 14."
            in finished.text)
    assert "Pabeigts 02.02.2026." in finished.text


async def test_finish_with_no_stop_done_says_so(librarian_client, branch, care_centre, librarian):
    round_id, _ = await monday_round(branch, care_centre, librarian)

    finished = await post_form(librarian_client, f"/outreach/rounds/{round_id}/finish", {}, htmx=False)

    assert '<div class="notice notice-error"><span>Vēl neviena pietura nav atzīmēta kā paveikta.</span>' in finished.text
    assert await Attendance.count() == 0


async def test_finish_a_future_round_says_so(librarian_client, branch, librarian):
    await make_reader(branch["id"], librarian)
    round_id = await plan_round(branch["id"], date(2026, 2, 9), librarian, title="Grāmatu piegāde mājās")

    finished = await post_form(librarian_client, f"/outreach/rounds/{round_id}/finish", {}, htmx=False)

    assert '<span>Maršrutu var pabeigt tā dienā vai vēlāk.</span>' in finished.text


async def test_run_sheet_lists_addresses_phones_and_blank_columns(librarian_client, branch, care_centre, librarian):
    await Place.update({Place.address: "Liepu iela 9, Rožupe", Place.contact: "Ilona"}).where(Place.id == care_centre["id"])
    round_id, _ = await monday_round(branch, care_centre, librarian)

    sheet = await librarian_client.get(f"/outreach/rounds/{round_id}/sheet")

    rows = sheet.text.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3
    assert "Liepu iela 9, Rožupe" in rows[0] and "Detektīvi: 3 grāmatas" in rows[0]
    assert "Skolas iela 1" in rows[1] and '<a href="tel:29555666">29 555 666</a>' in rows[1]
    assert "Druvas iela 3, Rožupe" in rows[2] and '<a href="tel:+37129111222">' in rows[2] and 'Jānis Kalns <a href="tel:26333444">' in rows[2]
    assert rows[0].count('<td class="blank"></td>') == 3
    assert '<link rel="stylesheet" href="/static/css/outreach.css">' in sheet.text
    assert "<title>Maršruta lapa 02.02.2026. · Afiša</title>" in sheet.text


async def test_coordinator_sees_a_reader_at_home_without_the_name(client, coordinator, branch, care_centre, librarian):
    round_id, stops = await monday_round(branch, care_centre, librarian)
    await login(client, coordinator)

    page = await client.get(f"/outreach/rounds/{round_id}")
    sheet = await client.get(f"/outreach/rounds/{round_id}/sheet")

    for text in (page.text, sheet.text):
        assert "Lasītājs mājās" in text
        assert "Anna Lapiņa" not in text and "Druvas iela" not in text and "29 111 222" not in text and "Jānis Kalns" not in text
    assert f'action="/outreach/stops/{stops[2]["id"]}/bring"' not in page.text


@pytest.mark.parametrize("path", ["/outreach/rounds/{round}", "/outreach/rounds/{round}/sheet"])
async def test_another_branchs_librarian_gets_404_on_a_round(client, other_librarian, branch, care_centre, librarian, path):
    round_id, _ = await monday_round(branch, care_centre, librarian)
    await login(client, other_librarian)

    response = await client.get(path.format(round=round_id))

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["done", "reopen", "move", "bring"])
async def test_another_branchs_librarian_gets_404_on_a_stop(client, other_librarian, branch, care_centre, librarian, action):
    round_id, stops = await monday_round(branch, care_centre, librarian)
    await login(client, other_librarian)

    response = await post_form(client, f"/outreach/stops/{stops[2]['id']}/{action}", {"titles": "X", "step": "up"})
    finish = await post_form(client, f"/outreach/rounds/{round_id}/finish", {})

    assert (response.status_code, finish.status_code) == (404, 404)
    assert await RoundStop.count().where(RoundStop.done_at.is_not_null()) == 0


@pytest.mark.parametrize("path", ["/outreach/rounds/99999999999", "/outreach/rounds/2147483648/sheet"])
async def test_a_huge_round_id_is_refused_not_an_error(librarian_client, path):
    response = await librarian_client.get(path)

    assert response.status_code in (400, 404)


async def test_round_pages_in_english(librarian_client, branch, care_centre, librarian):
    round_id, _ = await monday_round(branch, care_centre, librarian)
    librarian_client.cookies.set("afisa_lang", "en")

    page = await librarian_client.get(f"/outreach/rounds/{round_id}")

    assert "Items taken out" in page.text and '<html lang="en">' in page.text
