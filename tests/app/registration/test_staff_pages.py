"""The librarian turns registration on for an item, sees who registered (the waiting list in its
order) and cancels one; the next in the queue gets the place. Only the item's own library's staff
and the coordinators: the list holds residents' names and phones."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from models.kernel.registration_tables import Registration
from models.kernel.tables import MailMessage
from models.registration import setup_of
from tests.app.conftest import csrf_token, login, post_form
from tests.app.registration import register_form, token_of, turn_on, workshop

pytestmark = pytest.mark.clock("25.11.2026 12:00")

FORM = {"capacity": "12", "party_max": "4", "opens_at": "26.11.2026. 09:00", "closes_at": "02.12.2026. 20:00", "waiting_list": "1",
        "waiting_limit": "5", "ask_age_band": "1", "retention_days": "30", "active": "1", "version": ""}
ERRORS = re.compile(r'<small class="field-error" id="s-(\w+)-error">([^<]*)</small>')


def setup_fields(setup: dict) -> dict:
    keys = ("capacity", "party_max", "opens_at", "closes_at", "waiting_list", "waiting_limit", "ask_age_band", "retention_days", "active", "version")
    return {key: setup[key] for key in keys}


async def test_setup_form_turns_registration_on(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)

    form = await librarian_client.get(f"/items/{item_id}/registration")
    saved = await post_form(librarian_client, f"/items/{item_id}/registration", FORM, htmx=False)

    assert form.status_code == 200 and 'name="capacity" inputmode="numeric" value=""' in form.text
    assert 'name="waiting_list" value="1" checked' in form.text and 'name="active" value="1" checked' in form.text
    assert saved.status_code == 200 and saved.url.path == f"/items/{item_id}/registrations"
    assert "Pieteikšanās iestatījumi saglabāti." in saved.text
    assert setup_fields(await setup_of(item_id)) == {
        "capacity": 12, "party_max": 4, "opens_at": datetime(2026, 11, 26, 7, 0, tzinfo=timezone.utc),
        "closes_at": datetime(2026, 12, 2, 18, 0, tzinfo=timezone.utc), "waiting_list": True, "waiting_limit": 5, "ask_age_band": True,
        "retention_days": 30, "active": True, "version": 1}


async def test_setup_form_shows_what_was_saved_and_saves_again_with_its_version(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await post_form(librarian_client, f"/items/{item_id}/registration", FORM, htmx=False)

    form = await librarian_client.get(f"/items/{item_id}/registration")
    again = await post_form(librarian_client, f"/items/{item_id}/registration", {**FORM, "capacity": "15", "version": "1"}, htmx=False)

    assert 'name="opens_at" value="26.11.2026. 09:00"' in form.text and 'name="version" value="1"' in form.text
    assert again.status_code == 200
    assert (await setup_of(item_id))["capacity"] == 15


@pytest.mark.parametrize("changes, errors", [
    ({"capacity": "daudz"}, [("capacity", "Ierakstiet veselu skaitli.")]),
    ({"capacity": ""}, [("capacity", "Šis lauks ir obligāts.")]),
    ({"closes_at": "26.11.2026. 08:00"}, [("closes_at", "Pieteikšanās beigām jābūt pēc tās sākuma.")]),
    ({"opens_at": "31.11.2026. 10:00", "party_max": "30"},
     [("party_max", "Ierakstiet skaitli no 1 līdz 20."), ("opens_at", "Tāda datuma nav.")]),
])
async def test_setup_form_refuses_with_messages_by_the_fields(librarian_client, branch, librarian, changes, errors):
    item_id = await workshop(branch, librarian)

    response = await post_form(librarian_client, f"/items/{item_id}/registration", {**FORM, **changes}, htmx=False)

    assert response.status_code == 422
    assert "Lūdzu, izlabojiet atzīmētos laukus." in response.text
    assert ERRORS.findall(response.text) == errors
    assert await setup_of(item_id) is None


async def test_setup_saved_by_someone_else_meanwhile_is_refused(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await post_form(librarian_client, f"/items/{item_id}/registration", FORM, htmx=False)
    await post_form(librarian_client, f"/items/{item_id}/registration", {**FORM, "capacity": "20", "version": "1"}, htmx=False)

    stale = await post_form(librarian_client, f"/items/{item_id}/registration", {**FORM, "capacity": "8", "version": "1"}, htmx=False)

    assert stale.status_code == 409
    assert "kāds cits saglabāja šo ierakstu" in stale.text
    assert (await setup_of(item_id))["capacity"] == 20


@pytest.mark.parametrize("version", ["²", "١", "1x"])
async def test_setup_version_not_a_plain_number_is_refused_as_stale(librarian_client, branch, librarian, version):
    item_id = await workshop(branch, librarian)
    await post_form(librarian_client, f"/items/{item_id}/registration", FORM, htmx=False)

    response = await post_form(librarian_client, f"/items/{item_id}/registration", {**FORM, "capacity": "8", "version": version}, htmx=False)

    assert response.status_code == 409
    assert "kāds cits saglabāja šo ierakstu" in response.text
    assert (await setup_of(item_id))["capacity"] == 12


async def test_capacity_below_the_registered_is_refused(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="4")
    await register_form(librarian_client, item_id, name="Anna Liepa", party="3")

    response = await post_form(librarian_client, f"/items/{item_id}/registration", {**FORM, "capacity": "2", "version": "1"}, htmx=False)

    assert response.status_code == 422
    assert ERRORS.findall(response.text) == [
        ("capacity", "Aizņemto vietu jau ir vairāk (aizņemtas: 3). Lai vietu skaitu samazinātu, vispirms atsauciet kādu pieteikumu.")]


@pytest.mark.parametrize("method, path", [
    ("GET", "/items/{item}/registration"), ("POST", "/items/{item}/registration"), ("GET", "/items/{item}/registrations"),
    ("POST", "/items/{item}/registrations/{registration}/cancel"), ("GET", "/items/{item}/registration/summary"),
])
async def test_librarian_of_another_library_gets_403(client, branch, librarian, other_librarian, method, path):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    await register_form(client, item_id, name="Anna Liepa")
    registration = (await Registration.select(Registration.id).first())["id"]
    await login(client, other_librarian)

    response = await client.request(method, path.format(item=item_id, registration=registration), data=FORM if method == "POST" else None,
                                    headers={"x-csrftoken": await csrf_token(client)})

    assert response.status_code == 403
    assert await Registration.select(Registration.state).first() == {"state": "registered"}
    assert (await setup_of(item_id))["capacity"] == 4


async def test_coordinator_sees_the_list_and_a_visitor_is_sent_to_log_in(client, branch, librarian, coordinator):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)

    visitor = await client.get(f"/items/{item_id}/registrations", follow_redirects=False)
    await login(client, coordinator)
    listed = await client.get(f"/items/{item_id}/registrations")

    assert (visitor.status_code, visitor.headers["location"]) == (302, f"/login?next=/items/{item_id}/registrations")
    assert listed.status_code == 200


async def test_list_shows_places_the_waiting_list_in_order_and_the_cancelled(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="3")
    await register_form(librarian_client, item_id, name="Anna Liepa", party="3", phone="26000001")
    await register_form(librarian_client, item_id, name="Jānis Ozols", email="janis@example.lv")
    await register_form(librarian_client, item_id, name="Ilze Kalna", party="2")
    cancelled = token_of(await register_form(librarian_client, item_id, name="Pēteris Bērziņš"))
    await librarian_client.post(f"/r/{cancelled}/cancel", data={"_csrf_token": librarian_client.cookies["csrftoken"]})

    page = await librarian_client.get(f"/items/{item_id}/registrations")

    sections = re.findall(r'<h2 id="h-(\w+)">[^<]*\((\d+)\)</h2>', page.text)
    names = re.findall(r'<td data-label="Vārds">([^<]*)</td>', page.text)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert '<p class="places-left is-waiting">Vietu nav — var pieteikties rindā</p>' in page.text
    assert "Rindā: <strong>2 pieteikumi</strong> (3 cilvēki)" in page.text
    assert sections == [("registered", "1"), ("waiting", "2"), ("cancelled", "1")]
    assert names == ["Anna Liepa", "Jānis Ozols", "Ilze Kalna", "Pēteris Bērziņš"]
    assert '<a href="tel:26000001">26000001</a>' in page.text and '<a href="mailto:janis@example.lv">janis@example.lv</a>' in page.text


async def test_librarian_cancels_one_and_the_oldest_waiting_that_fits_gets_the_place(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="2")
    await register_form(librarian_client, item_id, name="Anna Liepa", party="2", email="anna@example.lv")
    await register_form(librarian_client, item_id, name="Jānis Ozols", party="3")
    await register_form(librarian_client, item_id, name="Ilze Kalna", party="2", email="ilze@example.lv")
    anna = (await Registration.select(Registration.id).where(Registration.name == "Anna Liepa").first())["id"]

    response = await post_form(librarian_client, f"/items/{item_id}/registrations/{anna}/cancel", {}, htmx=False)

    assert response.status_code == 200 and response.url.path == f"/items/{item_id}/registrations"
    assert "Pieteikums atsaukts." in response.text
    assert await Registration.select(Registration.name, Registration.state).order_by(Registration.id) == [
        {"name": "Anna Liepa", "state": "cancelled"}, {"name": "Jānis Ozols", "state": "waiting"}, {"name": "Ilze Kalna", "state": "registered"}]
    assert sorted(row["key"].split(":", 2)[2] for row in await MailMessage.select(MailMessage.key)) == ["cancelled", "confirmed", "confirmed", "promoted"]


async def test_cancel_of_a_registration_of_another_item_is_404(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    other_id = await workshop(branch, librarian, title="Dzejas dienas")
    await turn_on(item_id, librarian)
    await turn_on(other_id, librarian)
    await register_form(librarian_client, item_id, name="Anna Liepa")
    registration = (await Registration.select(Registration.id).first())["id"]

    response = await post_form(librarian_client, f"/items/{other_id}/registrations/{registration}/cancel", {}, htmx=False)

    assert response.status_code == 404
    assert await Registration.select(Registration.state).first() == {"state": "registered"}


async def test_item_page_loads_the_registration_section(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian)
    plain_id = await workshop(branch, librarian, title="Dzejas dienas")
    await turn_on(item_id, librarian, capacity="5")

    page = await librarian_client.get(f"/items/{item_id}")
    summary = await librarian_client.get(f"/items/{item_id}/registration/summary", headers={"HX-Request": "true"})
    plain = await librarian_client.get(f"/items/{plain_id}/registration/summary", headers={"HX-Request": "true"})
    history = await librarian_client.get(f"/items/{item_id}")

    assert f'hx-get="/items/{item_id}/registration/summary"' in page.text
    assert "<p>Brīvas 5 vietas</p>" in summary.text and f'<a href="/items/{item_id}/registrations">Pieteikumu saraksts</a>' in summary.text
    assert "Šim ierakstam pieteikšanās nav ieslēgta." in plain.text
    assert "ieslēdza pieteikšanos" in history.text and "vietu skaits: 5" in history.text
