"""A resident registers on the public item page without an account, keeps the personal link, joins
the waiting list when the item is full, and cancels through the link; the mail goes through a real
SMTP server on loopback. Robots (a honeypot, a per-address limit) and wrong links get nothing."""
from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import datetime

import pytest
from icalendar import Calendar

from app.mail.sender import send_due
from app.kernel.settings import Settings
from models.kernel.registration_tables import Registration
from models.kernel.tables import MailMessage
from tests.app.registration import BASE, LINK, post_link, register_form, token_of, turn_on, workshop
from tests.app.smtp_server import smtp_server  # noqa: F401 - the fixture
from models.kernel.clock import LIBRARY_TZ, utcnow
from models.registration import parse_setup, save_setup
from models.kernel.db import PooledSQLiteEngine
from tests.conftest import ENGINE, ENGINE_NAME, TEST_DATABASE_URL

pytestmark = pytest.mark.clock("25.11.2026 12:00")

PLACES = re.compile(r'<p class="places-left ([a-z-]+)" role="status">([^<]*)</p>')


@pytest.fixture
def settings(smtp_server) -> Settings:  # noqa: F811
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url=BASE, smtp_url=smtp_server.url)


async def rows() -> list[dict]:
    return await Registration.select(Registration.name, Registration.party, Registration.state).order_by(Registration.id)


def feed_descriptions(body: bytes) -> list[str]:
    return [str(event["DESCRIPTION"]) for event in Calendar.from_ical(body).events]


async def test_registration_on_the_public_page_confirms_with_the_personal_link_and_a_mail(client, settings, smtp_server, branch, librarian):  # noqa: F811
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    page = await client.get(f"/programme/rozupe/{item_id}")
    posted = await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv", party="2")
    token = token_of(posted)
    confirmation = await client.get(posted.headers["location"])
    await send_due(settings)
    [mail] = smtp_server.messages

    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert PLACES.findall(page.text) == [("is-open", "Brīvas 4 vietas")]
    assert f'action="/programme/rozupe/{item_id}/register"' in page.text
    assert "Pamats ir jūsu piekrišana" in page.text and "Pēc 30 dienām no pasākuma beigām vārdu, tālruni un e-pastu izdzēš" in page.text
    assert (posted.status_code, posted.headers["location"]) == (303, f"/r/{token}?done=new")
    assert confirmation.status_code == 200 and confirmation.headers["cache-control"] == "no-store"
    assert confirmation.headers["referrer-policy"] == "no-referrer"
    assert "Paldies! Pieteikums ir saņemts." in confirmation.text
    assert "Apstiprinājumu ar šo saiti nosūtījām uz anna@example.lv." in confirmation.text
    assert f'<p class="personal-link">http://testserver.local/r/{token}</p>' in confirmation.text
    assert re.search(r'<p class="registration-state state-registered">\s*Pieteikums pieņemts: jums ir vieta.', confirmation.text)
    assert await rows() == [{"name": "Anna Liepa", "party": 2, "state": "registered"}]
    assert (mail["To"], mail["Subject"]) == ("Anna Liepa <anna@example.lv>", "Pieteikums pieņemts: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30")
    assert LINK.findall(mail.get_content()) == [token]


async def test_registration_without_email_keeps_the_page_as_the_confirmation(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    posted = await register_form(client, item_id, name="Jānis Ozols", phone="26 000 002")
    confirmation = await client.get(posted.headers["location"])

    assert "Jūs nenorādījāt e-pastu, tāpēc saglabājiet šo lapu" in confirmation.text
    assert await MailMessage.count() == 0


async def test_registration_form_errors_are_shown_by_their_fields(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    response = await register_form(client, item_id, name="", phone="", email="", party="9")

    assert response.status_code == 422
    assert re.findall(r'<small class="field-error" id="reg-(\w+)-error">([^<]*)</small>', response.text) == [
        ("name", "Šis lauks ir obligāts."),
        ("phone", "Ierakstiet tālruni vai e-pastu: pa tiem bibliotēka jums paziņos, ja kas mainīsies."),
        ("party", "Cilvēku skaitam jābūt no 1 līdz 3."),
    ]
    assert await rows() == []


async def test_full_item_offers_the_waiting_list_and_shows_the_place_in_it(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="2")
    await register_form(client, item_id, name="Anna Liepa", party="2")

    page = await client.get(f"/programme/rozupe/{item_id}")
    first = await register_form(client, item_id, name="Jānis Ozols")
    second = await register_form(client, item_id, name="Ilze Kalna")
    first_page = await client.get(f"/r/{token_of(first)}")
    second_page = await client.get(f"/r/{token_of(second)}")

    assert PLACES.findall(page.text) == [("is-waiting", "Vietu nav — var pieteikties rindā")]
    assert ">Pieteikties rindā</button>" in page.text
    assert re.search(r'state-waiting">\s*Jūs esat rindā: 1. vieta.', first_page.text)
    assert re.search(r'state-waiting">\s*Jūs esat rindā: 2. vieta.', second_page.text)
    assert await rows() == [{"name": "Anna Liepa", "party": 2, "state": "registered"}, {"name": "Jānis Ozols", "party": 1, "state": "waiting"},
                            {"name": "Ilze Kalna", "party": 1, "state": "waiting"}]


async def test_full_item_without_a_waiting_list_says_so_and_takes_nobody(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="1", waiting_list="")
    await register_form(client, item_id, name="Anna Liepa")

    page = await client.get(f"/programme/rozupe/{item_id}")
    refused = await register_form(client, item_id, name="Jānis Ozols")

    assert PLACES.findall(page.text) == [("is-full", "Vietu nav")]
    assert "registration-form" not in page.text
    assert refused.status_code == 409
    assert await rows() == [{"name": "Anna Liepa", "party": 1, "state": "registered"}]


async def test_party_bigger_than_the_places_left_without_a_waiting_list_is_told_how_many_fit(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="3", waiting_list="")
    await register_form(client, item_id, name="Anna Liepa")

    refused = await register_form(client, item_id, name="Jānis Ozols", party="3")

    assert refused.status_code == 422
    assert PLACES.findall(refused.text) == [("is-open", "Brīvas 2 vietas")]
    assert re.findall(r'<small class="field-error" id="reg-(\w+)-error">([^<]*)</small>', refused.text) == [
        ("party", "Tik daudz brīvu vietu nav. Lielākais cilvēku skaits, ko tagad var pieteikt: 2.")]
    assert "Brīvu vietu vairs nav" not in refused.text
    assert await rows() == [{"name": "Anna Liepa", "party": 1, "state": "registered"}]


async def test_cancel_through_the_link_promotes_the_oldest_waiting_and_mails_them(client, settings, smtp_server, branch, librarian):  # noqa: F811
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="2")
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv", party="2"))
    janis = token_of(await register_form(client, item_id, name="Jānis Ozols", email="janis@example.lv", party="2"))
    ilze = token_of(await register_form(client, item_id, name="Ilze Kalna", email="ilze@example.lv"))
    await send_due(settings)
    smtp_server.messages.clear()

    cancelled = await post_link(client, anna, "cancel")
    anna_page = await client.get(cancelled.headers["location"])
    janis_page = await client.get(f"/r/{janis}")
    ilze_page = await client.get(f"/r/{ilze}")
    await send_due(settings)
    [mail] = smtp_server.messages

    assert (cancelled.status_code, cancelled.headers["location"]) == (303, f"/r/{anna}?done=cancelled")
    assert "Pieteikums atsaukts. Paldies, ka paziņojāt" in anna_page.text
    assert re.search(r'state-registered">\s*Pieteikums pieņemts: jums ir vieta.', janis_page.text)
    assert re.search(r'state-waiting">\s*Jūs esat rindā: 1. vieta.', ilze_page.text)
    assert (mail["To"], mail["Subject"]) == ("Jānis Ozols <janis@example.lv>", "Jums ir vieta: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30")
    assert await rows() == [{"name": "Anna Liepa", "party": 2, "state": "cancelled"}, {"name": "Jānis Ozols", "party": 2, "state": "registered"},
                            {"name": "Ilze Kalna", "party": 1, "state": "waiting"}]


async def test_people_taking_the_last_places_at_once_never_both_get_one(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="2", waiting_list="")
    await client.get(f"/programme/rozupe/{item_id}")
    data = {"phone": "26000001", "party": "1", "_csrf_token": client.cookies["csrftoken"]}

    answers = await asyncio.gather(*(client.post(f"/programme/rozupe/{item_id}/register", data={**data, "name": f"Lasītājs {n}"},
                                                 follow_redirects=False) for n in range(5)))

    assert sorted(answer.status_code for answer in answers) == [303, 303, 409, 409, 409]
    assert [row["state"] for row in await rows()] == ["registered", "registered"]


async def test_smaller_party_through_the_link_frees_a_place(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="3")
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", party="3"))
    janis = token_of(await register_form(client, item_id, name="Jānis Ozols"))

    changed = await post_link(client, anna, "party", party="2")
    too_many = await post_link(client, janis, "party", party="3")

    assert (changed.status_code, changed.headers["location"]) == (303, f"/r/{anna}?done=party")
    assert too_many.status_code == 422
    assert "Tik daudz brīvu vietu nav. Lielākais cilvēku skaits, ko tagad var pieteikt: 1." in too_many.text
    assert await rows() == [{"name": "Anna Liepa", "party": 2, "state": "registered"}, {"name": "Jānis Ozols", "party": 1, "state": "registered"}]


async def test_bigger_party_through_the_link_while_turned_off_is_refused(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa"))
    await save_setup(item_id, parse_setup({"capacity": "4", "party_max": "3", "waiting_list": "on"}), version=1, staff_id=librarian["id"],
                     base_url=BASE, now=utcnow())

    refused = await post_link(client, anna, "party", party="2")

    assert refused.status_code == 422
    assert '<small class="field-error" id="party-error">Pieteikšanās ir slēgta.</small>' in refused.text
    assert await rows() == [{"name": "Anna Liepa", "party": 1, "state": "registered"}]


async def test_cancel_through_the_link_after_the_workshop_ended_is_refused(client, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa"))
    _fixed_clock.move_to(datetime(2026, 12, 3, 18, 30, tzinfo=LIBRARY_TZ))  # the workshop 17:00–18:30 has ended

    page = await client.get(f"/r/{anna}")
    refused = await post_link(client, anna, "cancel")

    assert 'action="/r/' + anna + '/cancel"' not in page.text
    assert refused.status_code == 409
    assert '<p class="notice notice-error" role="alert">Pasākums jau ir beidzies, tāpēc pieteikumu vairs nevar atsaukt.</p>' in refused.text
    assert await rows() == [{"name": "Anna Liepa", "party": 1, "state": "registered"}]


async def test_cancel_sentence_promises_the_next_in_the_queue_only_while_a_promotion_can_happen(client, branch, librarian):
    with_queue = await workshop(branch, librarian)
    await turn_on(with_queue, librarian)
    without_queue = await workshop(branch, librarian, title="Zīmēšana")
    await turn_on(without_queue, librarian, waiting_list="")
    closed = await workshop(branch, librarian, title="Dzeja")
    await turn_on(closed, librarian, closes_at="25.11.2026. 12:30")
    links = [token_of(await register_form(client, item_id, name="Anna Liepa")) for item_id in (with_queue, without_queue, closed)]
    await save_setup(closed, parse_setup({"capacity": "4", "party_max": "3", "waiting_list": "on", "active": "on", "closes_at": "25.11.2026. 11:00"}),
                     version=1, staff_id=librarian["id"], base_url=BASE, now=utcnow())

    pages = [(await client.get(f"/r/{token}")).text for token in links]
    cancelled = await post_link(client, links[1], "cancel")
    cancelled_page = await client.get(cancelled.headers["location"])

    assert ["vietu saņems nākamais rindā" in page for page in pages] == [True, False, False]
    assert ["Ja nevarat ierasties, lūdzu, atsauciet pieteikumu." in page for page in pages] == [False, True, True]
    assert "Pieteikums atsaukts. Paldies, ka paziņojāt.</p>" in cancelled_page.text


@pytest.mark.skipif(ENGINE_NAME != "sqlite", reason="SQLite's lock: PostgreSQL writers wait on rows, not on the database")
async def test_registration_that_cannot_get_the_lock_answers_503_and_keeps_what_was_typed(client, branch, librarian, monkeypatch):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa"))
    await client.get(f"/programme/rozupe/{item_id}")
    await ENGINE.close_connections()  # pooled connections opened from now on wait only 100 ms
    monkeypatch.setattr(PooledSQLiteEngine, "BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(TEST_DATABASE_URL[len("sqlite:///"):], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock past busy_timeout
    try:
        data = {"name": "Jānis Ozols", "phone": "26000002", "email": "janis@example.lv", "party": "2", "website": "",
                "_csrf_token": client.cookies.get("csrftoken", "")}
        registering = await client.post(f"/programme/rozupe/{item_id}/register", data=data, follow_redirects=False)
        cancelling = await post_link(client, anna, "cancel")
    finally:
        blocker.rollback()
        blocker.close()
        await ENGINE.close_connections()

    busy = "Pārāk daudz pieteikumu vienlaikus. Lūdzu, mēģiniet vēlreiz pēc brīža."
    assert (registering.status_code, cancelling.status_code) == (503, 503)
    assert busy in registering.text and busy in cancelling.text
    assert 'name="name" value="Jānis Ozols"' in registering.text and 'value="janis@example.lv"' in registering.text
    assert '<option value="2" selected>' in registering.text
    assert await rows() == [{"name": "Anna Liepa", "party": 1, "state": "registered"}]


async def test_blank_party_through_the_link_is_an_error(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", party="2"))

    refused = await post_link(client, anna, "party", party="")

    assert refused.status_code == 422
    assert '<small class="field-error" id="party-error">Šis lauks ir obligāts.</small>' in refused.text
    assert await rows() == [{"name": "Anna Liepa", "party": 2, "state": "registered"}]


async def test_party_above_a_lowered_maximum_stays_selected_on_the_link_page(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", party="3"))
    await save_setup(item_id, parse_setup({"capacity": "4", "party_max": "2", "waiting_list": "on", "active": "on"}), version=1,
                     staff_id=librarian["id"], base_url=BASE, now=utcnow())

    page = await client.get(f"/r/{anna}")
    kept = await post_link(client, anna, "party", party="3")

    assert re.findall(r'<option value="(\d)" ?(selected)?>', page.text) == [("1", ""), ("2", ""), ("3", "selected")]
    assert kept.status_code == 303
    assert await rows() == [{"name": "Anna Liepa", "party": 3, "state": "registered"}]


async def test_unknown_paths_under_a_link_get_the_same_404_as_a_wrong_link(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa"))

    wrong = await client.get("/r/" + "A" * 43)
    unknown = [await client.get(path) for path in (f"/r/{anna}/unknown", f"/r/{anna}/cancel/more", "/r/anything/more/still")]

    assert [page.status_code for page in unknown] == [404, 404, 404]
    assert {page.text for page in unknown} == {wrong.text}


async def test_erase_through_the_link_deletes_the_data_and_kills_the_link(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))

    erased = await post_link(client, token, "erase")
    again = await client.get(f"/r/{token}")

    assert erased.status_code == 200 and "<h1>Dati izdzēsti</h1>" in erased.text
    assert again.status_code == 404
    assert await Registration.select(Registration.name, Registration.email, Registration.state, Registration.token_hash).first() == {
        "name": "", "email": "", "state": "cancelled", "token_hash": None}
    assert await MailMessage.count() == 0


async def test_wrong_links_all_get_the_same_plain_404(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Anna Liepa"))
    erased = token_of(await register_form(client, item_id, name="Jānis Ozols"))
    await post_link(client, erased, "erase")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    pages = [await client.get(f"/r/{wrong}") for wrong in ("A" * 43, tampered, "short", erased, token + "x")]
    posts = [await post_link(client, wrong, action) for wrong, action in (("A" * 43, "cancel"), (tampered, "erase"), (erased, "party"))]

    assert [page.status_code for page in pages + posts] == [404] * 8
    assert len({page.text for page in pages + posts}) == 1
    assert "<h1>Saite nedarbojas</h1>" in pages[0].text and "Aušana" not in pages[0].text
    assert [row["state"] for row in await rows()] == ["registered", "cancelled"]


async def test_honeypot_filled_registers_nobody(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    response = await register_form(client, item_id, name="Spam Bot", phone="+371 26999999", email="bot@example.com", website="http://spam.example.com")

    assert response.status_code == 422
    assert "Pieteikumu neizdevās pieņemt. Pārbaudiet laukus un mēģiniet vēlreiz." in response.text
    assert ("Spam Bot" in response.text, "26999999" in response.text, "bot@example.com" in response.text) == (False, False, False)
    assert await rows() == []


async def test_registrations_from_one_address_are_limited_per_item(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="30")
    other = await workshop(branch, librarian, title="Zīmēšana")
    await turn_on(other, librarian)

    codes = [(await register_form(client, item_id, name=f"Lasītājs {n}")).status_code for n in range(21)]
    limited = await register_form(client, item_id, name="Vēl viens")
    other_item = await register_form(client, other, name="Vēl viens")

    assert codes == [303] * 20 + [429]
    assert (limited.status_code, limited.headers["retry-after"], other_item.status_code) == (429, "600", 303)
    assert "No šīs interneta adreses pēdējās 10 minūtēs ir saņemts pārāk daudz pieteikumu." in limited.text
    assert len(await rows()) == 21


async def test_registration_without_csrf_token_is_refused(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    response = await client.post(f"/programme/rozupe/{item_id}/register", data={"name": "Anna Liepa", "phone": "26000001"})

    assert response.status_code == 403
    assert await rows() == []


async def test_register_partial_answers_htmx_with_the_section_only(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    fragment = await client.get(f"/programme/rozupe/{item_id}/register", headers={"HX-Request": "true"})
    page = await client.get(f"/programme/rozupe/{item_id}/register")
    other_branch_path = await client.get(f"/programme/rudzati/{item_id}/register")

    assert fragment.status_code == 200 and not fragment.text.lstrip().startswith("<!doctype")
    assert PLACES.findall(fragment.text) == [("is-open", "Brīvas 4 vietas")]
    assert page.text.startswith("<!doctype html>") and PLACES.findall(page.text) == [("is-open", "Brīvas 4 vietas")]
    assert page.headers["vary"] == "HX-Request" and page.headers["cache-control"] == "no-store"
    assert other_branch_path.status_code == 404


async def test_register_page_of_a_series_begun_names_the_next_session(client, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian, repeat="weekly", count="3")
    await turn_on(item_id, librarian, closes_at="16.12.2026. 12:00")
    _fixed_clock.move_to(datetime(2026, 12, 5, 10, 0, tzinfo=LIBRARY_TZ))  # the first session (03.12) has passed

    page = await client.get(f"/programme/rozupe/{item_id}/register")

    assert re.findall(r'<p class="registration-when">([^<·]*)', page.text) == ["ceturtdiena, 10.12.2026. 17:00"]


async def test_item_without_registration_has_no_section_and_no_register_page(client, branch, librarian):
    item_id = await workshop(branch, librarian)

    page = await client.get(f"/programme/rozupe/{item_id}")
    register_page = await client.get(f"/programme/rozupe/{item_id}/register")

    assert page.status_code == 200 and 'id="registration"' not in page.text
    assert register_page.status_code == 404


async def test_places_left_in_the_public_page_and_the_feed(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await workshop(branch, librarian, title="Dzejas dienas", start_date="04.12.2026.")
    await turn_on(item_id, librarian, capacity="3")

    before = feed_descriptions((await client.get("/feeds/rozupe.ics")).content)
    await register_form(client, item_id, name="Anna Liepa", party="2")
    page = await client.get(f"/programme/rozupe/{item_id}")
    after = feed_descriptions((await client.get("/feeds/rozupe.ics")).content)
    await register_form(client, item_id, name="Jānis Ozols")
    full = feed_descriptions((await client.get("/feeds/rozupe.ics")).content)

    assert before == ["Dzejas lasījumi Lasītavā\n\nBrīvas 3 vietas", "Dzejas lasījumi Lasītavā"]
    assert PLACES.findall(page.text) == [("is-open", "Brīva 1 vieta")]
    assert after == ["Dzejas lasījumi Lasītavā\n\nBrīva 1 vieta", "Dzejas lasījumi Lasītavā"]
    assert full == ["Dzejas lasījumi Lasītavā\n\nVietu nav — var pieteikties rindā", "Dzejas lasījumi Lasītavā"]

