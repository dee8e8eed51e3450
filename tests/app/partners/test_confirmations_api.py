"""Confirmation requests through the JSON API: ask, see the answer, accept a proposed time, revoke."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from models.kernel.clock import local_today
from models.kernel.tables import Item, MailMessage
from models.planning.programme import create_item
from tests.app.conftest import csrf_token
from tests.app.partners.test_answers import answer_form, make_contact
from tests.models import make_draft


async def send(client, method: str, url: str, body=None):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


async def planned_with(branch, librarian, school) -> tuple[int, datetime]:
    day = local_today() + timedelta(days=20)
    item_id = await create_item(await make_draft(branch["id"], librarian, title="Dzejas dienas", start_date=day.strftime("%d.%m.%Y."),
                                                 start_time="17:00", end_time="18:30", partners=[{"partner_id": school["id"], "role": "performer"}]),
                                librarian["id"])
    return item_id, datetime.combine(day, datetime.min.time())


async def test_asked_partner_proposes_a_time_and_the_api_accepts_it(librarian_client, client, branch, librarian, school):
    item_id, day = await planned_with(branch, librarian, school)
    contact = await make_contact(school["id"])

    asked = await send(librarian_client, "POST", f"/api/v1/items/{item_id}/requests", {"contact_ids": [contact["id"]]})
    request_id = asked.json()[0]["id"]
    body = (await MailMessage.select(MailMessage.body).where(MailMessage.key == f"ask:{request_id}").first())["body"]
    token = re.search(r"/answer/([A-Za-z0-9_-]{43})", body).group(1)
    proposed = (day + timedelta(days=1)).strftime("%d.%m.%Y.")
    await answer_form(client, token, state="proposed", proposed_date=proposed, proposed_start="16:00", proposed_end="17:30")
    listed = await librarian_client.get(f"/api/v1/items/{item_id}/requests")
    accepted = await send(librarian_client, "POST", f"/api/v1/requests/{request_id}/accept")

    assert (asked.status_code, asked.json()[0]["state"], asked.json()[0]["contact_name"]) == (201, "asked", "Inese Ozola")
    assert listed.json()[0]["state"] == "proposed"
    assert (accepted.status_code, accepted.json()["state"]) == (200, "confirmed")
    assert (await Item.select(Item.starts_at).first())["starts_at"] == day + timedelta(days=1, hours=16)


async def test_asking_nobody_who_can_be_asked_is_refused_in_words(librarian_client, branch, librarian, school):
    item_id, _ = await planned_with(branch, librarian, school)
    no_email = await make_contact(school["id"], email="")

    response = await send(librarian_client, "POST", f"/api/v1/items/{item_id}/requests", {"contact_ids": [no_email["id"]]})

    assert (response.status_code, response.json()) == (422, {"errors": {"contact_ids": "Izvēlieties vismaz vienu kontaktpersonu."}})
    assert await MailMessage.count() == 0


async def test_a_request_without_a_proposal_is_not_accepted_and_can_be_revoked(librarian_client, branch, librarian, school):
    item_id, _ = await planned_with(branch, librarian, school)
    contact = await make_contact(school["id"])
    request_id = (await send(librarian_client, "POST", f"/api/v1/items/{item_id}/requests", {"contact_ids": [contact["id"]]})).json()[0]["id"]

    accepted = await send(librarian_client, "POST", f"/api/v1/requests/{request_id}/accept")
    revoked = await send(librarian_client, "POST", f"/api/v1/requests/{request_id}/revoke")

    assert (accepted.status_code, accepted.json()) == (409, {"detail": "Šim partnerim nav piedāvāta cita laika."})
    assert (revoked.status_code, revoked.json()["revoked"]) == (200, True)


async def test_another_librarys_requests_cannot_be_asked_for(librarian_client, other_branch, other_librarian, school):
    item_id, _ = await planned_with(other_branch, other_librarian, school)
    contact = await make_contact(school["id"])

    response = await send(librarian_client, "POST", f"/api/v1/items/{item_id}/requests", {"contact_ids": [contact["id"]]})

    assert response.status_code == 403
