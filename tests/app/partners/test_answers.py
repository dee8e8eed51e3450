"""Partner confirmations over HTTP: the librarian asks, the mail goes through a real SMTP server
on loopback, the partner answers through the link without an account, the librarian sees it."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from app.mail.sender import send_due
from app.kernel.settings import Settings
from models.kernel.clock import local_now
from models.partners.confirmations import ask, revoke
from models.planning.programme import create_item
from models.kernel.tables import Item, MailMessage, Notification, PartnerContact, PartnerRequest
from tests.app.conftest import login, post_form
from tests.app.smtp_server import smtp_server  # noqa: F401 - the fixture
from tests.conftest import TEST_DATABASE_URL
from tests.models import make_draft

BASE = "http://testserver.local"


# the requests ask about 10.02.2027 and answer with dates around it, as seen from December
pytestmark = pytest.mark.clock("01.12.2026 09:00")


@pytest.fixture
def settings(smtp_server) -> Settings:  # noqa: F811
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url=BASE, smtp_url=smtp_server.url)


async def make_contact(partner_id: int, name: str = "Inese Ozola", email: str = "inese@skola.lv", language: str = "lv") -> dict:
    rows = await PartnerContact.insert(PartnerContact(partner=partner_id, name=name, email=email, language=language)).returning(*PartnerContact.all_columns())
    return rows[0]


async def plan(branch, librarian, school, **overrides) -> int:
    values = dict(title="Dzejas dienas", start_date="10.02.2027.", start_time="17:00", end_time="18:30", responsible_id=librarian["id"],
                  partners=[{"partner_id": school["id"], "role": "performer"}])
    values.update(overrides)
    return await create_item(await make_draft(branch["id"], librarian, **values), librarian["id"])


async def asked_token(item_id: int, contact_id: int, librarian: dict, now: datetime | None = None) -> str:
    [request_id] = await ask(item_id, [contact_id], librarian, BASE, now=now)
    body = (await MailMessage.select(MailMessage.body).where(MailMessage.key == f"ask:{request_id}").first())["body"]
    return re.search(r"/answer/([A-Za-z0-9_-]{43})", body).group(1)


async def answer_form(client, token: str, **values) -> object:
    """POST the answer form as a browser does: the CSRF token from the cookie the GET set."""
    await client.get(f"/answer/{token}")
    data = {"state": "confirmed", "note": "", "proposed_date": "", "proposed_start": "", "proposed_end": ""}
    data.update(values)
    return await client.post(f"/answer/{token}", data={**data, "_csrf_token": client.cookies.get("csrftoken", "")})


async def test_answer_loop_over_smtp_confirm_shows_on_item_planner_and_notifies(librarian_client, settings, smtp_server, branch, librarian, school):  # noqa: F811
    item_id = await plan(branch, librarian, school)
    contact = await make_contact(school["id"])

    asked = await post_form(librarian_client, f"/items/{item_id}/ask", {"contact": [str(contact["id"])]}, htmx=False)
    await send_due(settings)
    [mail] = smtp_server.messages
    link = re.search(r"http://testserver\.local(/answer/[A-Za-z0-9_-]{43})", mail.get_content()).group(1)
    librarian_client.cookies.clear()  # the partner has no account
    page = await librarian_client.get(link)
    answered = await librarian_client.post(link, data={"state": "confirmed", "note": "Būsim!", "_csrf_token": librarian_client.cookies["csrftoken"]})
    await login(librarian_client, librarian)
    item_page = await librarian_client.get(f"/items/{item_id}")
    planner = await librarian_client.get("/planner?day=2027-02-10")
    count = await librarian_client.get("/notifications/count")

    assert asked.status_code == 200 and asked.url.path == f"/items/{item_id}"
    assert (mail["To"], mail["Subject"]) == ("Inese Ozola <inese@skola.lv>", "Lūdzam apstiprināt: Dzejas dienas, trešdiena, 10.02.2027. 17:00–18:30")
    assert page.status_code == 200 and "<h1>Dzejas dienas</h1>" in page.text
    assert answered.status_code == 200 and "Paldies! Jūsu atbilde ir saņemta." in answered.text
    assert '<strong class="state">Apstiprināts</strong>' in item_page.text
    assert "<p class=\"note\">Būsim!</p>" in item_page.text
    assert "partneris atbildēja" in item_page.text and "lūdza partnerim apstiprinājumu" in item_page.text
    assert re.search(r'<li class="([^"]*)" data-occurrence', planner.text).group(1).endswith(" partner-confirmed")
    assert 'title="partneri apstiprināja">✓</span>' in planner.text
    assert count.text.strip() == '<span class="notification-count" aria-label="Nelasīti paziņojumi: 1">1</span>'


async def test_planner_marks_an_item_waiting_for_an_answer(librarian_client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)

    planner = await librarian_client.get("/planner?day=2027-02-10")

    chip = re.search(r'<li class="([^"]*)" data-occurrence', planner.text).group(1)
    assert chip.endswith(" partner-asked")
    assert 'title="gaida partnera atbildi">?</span>' in planner.text


async def test_answer_page_speaks_the_contacts_language_and_shows_no_ids(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    token = await asked_token(item_id, (await make_contact(school["id"], language="en"))["id"], librarian)

    page = await client.get(f"/answer/{token}")

    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Wednesday, 10.02.2027. 17:00–18:30" in page.text
    assert "Performer (Rožupes pamatskola)" in page.text
    assert "Maija Jasinska, Rožupe" in page.text
    assert re.findall(r'(?:href|action)="([^"]*)"', page.text) == ["/static/favicon.svg", "/static/vendor/pico.min.css", "/static/css/answers.css"]


async def test_answer_proposal_with_note_is_kept_and_librarian_accepts_it(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)
    await answer_form(client, token, state="proposed", proposed_date="11.02.2027.", proposed_start="16:00", proposed_end="17:30", note="Ceturtdien")
    request_id = (await PartnerRequest.select(PartnerRequest.id).first())["id"]

    await login(client, librarian)
    item_page = await client.get(f"/items/{item_id}")
    accepted = await post_form(client, f"/requests/{request_id}/accept", {}, htmx=False)

    assert "Piedāvātais laiks: ceturtdiena, 11.02.2027. 16:00–17:30" in item_page.text
    assert f'action="/requests/{request_id}/accept"' in item_page.text
    assert accepted.status_code == 200
    assert await Item.select(Item.starts_at, Item.ends_at).first() == {"starts_at": datetime(2027, 2, 11, 16), "ends_at": datetime(2027, 2, 11, 17, 30)}
    assert await PartnerRequest.select(PartnerRequest.state).first() == {"state": "confirmed"}


async def test_token_answers_only_its_own_request(client, branch, librarian, school):
    first = await plan(branch, librarian, school)
    second = await plan(branch, librarian, school, title="Šļakatas")
    contact = await make_contact(school["id"])
    token = await asked_token(first, contact["id"], librarian)
    await asked_token(second, contact["id"], librarian)

    page = await client.get(f"/answer/{token}")
    await answer_form(client, token, state="declined")
    tampered = await client.get(f"/answer/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}")

    states = await PartnerRequest.select(PartnerRequest.item, PartnerRequest.state).order_by(PartnerRequest.id)
    assert "Šļakatas" not in page.text
    assert states == [{"item": first, "state": "declined"}, {"item": second, "state": "asked"}]
    assert tampered.status_code == 404


@pytest.mark.parametrize("case", ["unknown", "revoked", "ended"])
async def test_dead_link_gets_a_plain_polite_404(client, branch, librarian, school, case):
    day = "10.11.2026." if case == "ended" else "10.02.2027."
    item_id = await plan(branch, librarian, school, start_date=day)
    asked_at = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)  # before the ended item
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian, now=asked_at)
    if case == "revoked":
        await revoke((await PartnerRequest.select(PartnerRequest.id).first())["id"])
    if case == "unknown":
        token = "A" * 43

    page = await client.get(f"/answer/{token}")
    posted = await client.post(f"/answer/{token}", data={"state": "confirmed", "_csrf_token": client.cookies.get("csrftoken", "")})

    assert (page.status_code, posted.status_code) == (404, 404)
    assert "<h1>Saite nedarbojas</h1>" in page.text
    assert "Dzejas dienas" not in page.text and "/planner" not in page.text


async def test_answers_are_rate_limited_per_link(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)
    await client.get(f"/answer/{token}")
    data = {"state": "confirmed", "_csrf_token": client.cookies["csrftoken"]}

    codes = [(await client.post(f"/answer/{token}", data=data)).status_code for _ in range(21)]

    limited = await client.post(f"/answer/{token}", data=data)
    assert codes == [200] * 20 + [429]
    assert "<h1>Lūdzu, uzgaidiet</h1>" in limited.text


async def test_answer_without_csrf_token_is_refused(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)

    response = await client.post(f"/answer/{token}", data={"state": "confirmed"})

    assert response.status_code == 403
    assert await PartnerRequest.select(PartnerRequest.state).first() == {"state": "asked"}


async def test_answer_after_the_start_is_refused(client, branch, librarian, school):
    now = local_now()
    started = now - timedelta(hours=1)
    item_id = await plan(branch, librarian, school, start_date=started.strftime("%d.%m.%Y."), start_time="00:00", end_time="23:59")
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)

    response = await answer_form(client, token, state="declined")

    assert response.status_code == 409
    assert "Pasākums jau ir sācies, tāpēc atbildi vairs nevar mainīt." in response.text


@pytest.mark.parametrize("values, message", [
    ({"proposed_date": "31.02.2027."}, "Tāda datuma nav."),
    ({"proposed_date": "rīt"}, "Ierakstiet datumu formā dd.mm.gggg."),
    ({"proposed_date": "01.01.2150."}, "Datumam jābūt starp 2000. un 2100. gadu."),
    ({"proposed_start": "25:99"}, "Ierakstiet laiku formā hh:mm, piemēram, 14:30."),
    ({"proposed_end": ""}, "Šis lauks ir obligāts."),
    ({"proposed_end": "15:00"}, "Beigām jābūt pēc sākuma."),
    ({"proposed_date": "01.11.2026."}, "Piedāvātajam laikam jābūt nākotnē."),
    ({"state": "maybe"}, "Izvēlieties kādu no piedāvātajām vērtībām."),
    ({"note": "x" * 1001}, "Pārāk garš teksts: ne vairāk kā 1000 rakstzīmes."),
])
async def test_bad_answer_gets_422_with_a_message(client, branch, librarian, school, values, message):
    item_id = await plan(branch, librarian, school)
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)
    form = {"state": "proposed", "proposed_date": "11.02.2027.", "proposed_start": "16:00", "proposed_end": "17:00", **values}

    response = await answer_form(client, token, **form)

    assert response.status_code == 422
    assert message in response.text
    assert await PartnerRequest.select(PartnerRequest.state).first() == {"state": "asked"}


async def test_waiting_list_shows_her_branch_oldest_first(librarian_client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)
    await asked_token(item_id, (await make_contact(school["id"], "Jānis Ozols", "janis@skola.lv"))["id"], librarian)

    page = await librarian_client.get("/waiting")

    assert page.status_code == 200
    assert re.findall(r"<td>(Rožupes pamatskola \([^)]*\))</td>", page.text) == ["Rožupes pamatskola (Inese Ozola)", "Rožupes pamatskola (Jānis Ozols)"]


async def test_notifications_can_be_marked_read(librarian_client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    await Notification.insert(Notification(staff=librarian["id"], branch=branch["id"], item=item_id, text="Rožupes pamatskola (Inese Ozola) atteicās: Dzejas dienas"))

    listed = await librarian_client.get("/notifications")
    await post_form(librarian_client, "/notifications/read", {}, htmx=False)
    count = await librarian_client.get("/notifications/count")

    assert "Rožupes pamatskola (Inese Ozola) atteicās: Dzejas dienas" in listed.text
    assert count.text.strip() == ""


async def test_partner_answer_notification_reads_in_the_readers_language(librarian_client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    details = {"partner": "Rožupes pamatskola", "contact": "Inese Ozola", "state": "declined", "title": "Dzejas dienas"}
    await Notification.insert(Notification(staff=librarian["id"], branch=branch["id"], item=item_id, kind="partner_answered", details=details,
                                           text="Rožupes pamatskola (Inese Ozola) atteicās: Dzejas dienas"))

    latvian = await librarian_client.get("/notifications")
    librarian_client.cookies.set("afisa_lang", "en")
    english = await librarian_client.get("/notifications")

    assert f'<a href="/items/{item_id}#partners">Rožupes pamatskola (Inese Ozola) atteicās: Dzejas dienas</a>' in latvian.text
    assert f'<a href="/items/{item_id}#partners">Rožupes pamatskola (Inese Ozola) declined: Dzejas dienas</a>' in english.text


async def test_other_branch_librarian_cannot_ask(client, branch, librarian, other_librarian, school):
    item_id = await plan(branch, librarian, school)
    contact = await make_contact(school["id"])
    await login(client, other_librarian)

    response = await post_form(client, f"/items/{item_id}/ask", {"contact": [str(contact["id"])]}, htmx=False)

    assert response.status_code == 403
    assert await PartnerRequest.count() == 0


async def test_ask_about_an_ended_item_is_422(librarian_client, branch, librarian, school):
    item_id = await plan(branch, librarian, school, start_date="10.11.2026.")
    contact = await make_contact(school["id"])

    response = await post_form(librarian_client, f"/items/{item_id}/ask", {"contact": [str(contact["id"])]}, htmx=False)

    assert response.status_code == 422
    assert "Ieraksts ir atcelts vai jau beidzies" in response.text
    assert await PartnerRequest.count() == 0


async def test_ask_without_a_contact_is_422(librarian_client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)

    response = await post_form(librarian_client, f"/items/{item_id}/ask", {}, htmx=False)

    assert response.status_code == 422
    assert "Izvēlieties vismaz vienu kontaktpersonu." in response.text


def test_answer_limiter_keeps_a_bounded_number_of_keys_and_still_limits():
    from app.partners.answers import Limiter

    limiter = Limiter(limit=20, window=600, max_keys=1000)
    for n in range(50_000):
        limiter.allow(f"token:{n}", "ip:192.0.2.1" if n < 10 else f"ip:{n}")

    assert len(limiter.hits) <= 1000
    assert [limiter.allow("token:same") for _ in range(21)].count(False) == 1


async def test_waiting_list_with_nobody_asked_says_no_answer_is_awaited(librarian_client):
    response = await librarian_client.get("/waiting")

    assert "Šobrīd netiek gaidīta neviena partnera atbilde." in response.text


async def test_series_proposal_is_previewed_for_each_scope_and_accepted_for_all(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school, repeat="weekly", weekdays=["2"], until="24.02.2027.")
    token = await asked_token(item_id, (await make_contact(school["id"]))["id"], librarian)
    answer_page = await client.get(f"/answer/{token}")
    await answer_form(client, token, state="proposed", proposed_date="11.02.2027.", proposed_start="16:00", proposed_end="17:00")
    request_id = (await PartnerRequest.select(PartnerRequest.id).first())["id"]
    await login(client, librarian)

    item_page = await client.get(f"/items/{item_id}")
    one = await client.get(f"/requests/{request_id}/accept")
    every = await client.get(f"/requests/{request_id}/accept?scope=all", headers={"HX-Request": "true"})
    accepted = await post_form(client, f"/requests/{request_id}/accept", {"scope": "all"}, htmx=False)

    assert "<li>trešdiena, 17.02.2027. 17:00–18:30</li>" in answer_page.text and "<li>trešdiena, 24.02.2027. 17:00–18:30</li>" in answer_page.text
    assert f'href="/requests/{request_id}/accept" role="button"' in item_page.text
    assert "Tiks pārcelta 1 reize" in one.text and one.text.count("<tr><td>") == 1
    assert every.text.lstrip().startswith('<section id="accept-plan"') and "Tiks pārceltas 3 reizes" in every.text
    assert "<strong>ceturtdiena, 25.02.2027. 16:00–17:00</strong>" in every.text
    assert accepted.url.path == f"/items/{item_id}"
    assert "Piedāvātais laiks pieņemts: pārceltas 3 reizes; partnerim nosūtīts apstiprinājums." in accepted.text
    assert "ceturtdiena, 11.02.2027. 16:00–17:00" in accepted.text  # the header shows the first session as it now is


async def test_asking_with_no_contact_ticked_answers_on_the_item_page(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    await make_contact(school["id"])
    await login(client, librarian)

    asked = await post_form(client, f"/items/{item_id}/ask", {}, htmx=False)

    assert asked.status_code == 422
    assert '<p class="notice notice-error" role="alert" id="ask-error">Izvēlieties vismaz vienu kontaktpersonu.</p>' in asked.text
    assert "<h1>Dzejas dienas</h1>" in asked.text


async def test_asking_says_how_many_were_asked_once(client, branch, librarian, school):
    item_id = await plan(branch, librarian, school)
    contact = await make_contact(school["id"])
    await login(client, librarian)

    asked = await post_form(client, f"/items/{item_id}/ask", {"contact": [str(contact["id"])]}, htmx=False)
    again = await client.get(f"/items/{item_id}")

    assert "Lūgums apstiprināt nosūtīts 1 kontaktpersonai." in asked.text
    assert "Lūgums apstiprināt nosūtīts" not in again.text
