"""Partners and contacts through the JSON API: the directory's rules."""
from __future__ import annotations

from models.kernel.tables import Partner, PartnerContact
from tests.app.conftest import csrf_token


async def send(client, method: str, url: str, body=None):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


async def test_librarian_adds_her_librarys_partner_and_its_contact(librarian_client, branch):
    added = await send(librarian_client, "POST", "/api/v1/partners", {"name": "Rožupes pamatskola", "type": "school", "branch_id": branch["id"]})
    partner_id = added.json()["id"]
    contact = await send(librarian_client, "POST", f"/api/v1/partners/{partner_id}/contacts",
                         {"name": "Inese Ozola", "role": "skolotāja", "email": "inese@rozupe.lv", "language": "lv"})

    assert (added.status_code, contact.status_code) == (201, 201)
    assert [(c["name"], c["email"], c["active"]) for c in contact.json()["contacts"]] == [("Inese Ozola", "inese@rozupe.lv", True)]


async def test_a_network_partner_is_the_coordinators_and_a_bad_email_is_named(librarian_client, branch):
    network = await send(librarian_client, "POST", "/api/v1/partners", {"name": "LNB", "type": "library", "branch_id": None})
    partner = await Partner.insert(Partner(name="Skola", type="school", branch=branch["id"])).returning(Partner.id)
    bad = await send(librarian_client, "POST", f"/api/v1/partners/{partner[0]['id']}/contacts", {"name": "Inese", "email": "inese pie skolas"})

    assert network.status_code == 422
    assert network.json()["errors"]["branch_id"].startswith("Visa tīkla partnerus (bez bibliotēkas) pievieno un labo koordinatori.")
    assert (bad.status_code, bad.json()) == (422, {"errors": {"email": "Ierakstiet e-pasta adresi, piemēram, vards@skola.lv."}})
    assert await PartnerContact.count() == 0


async def test_another_librarys_partner_cannot_be_changed(librarian_client, other_branch):
    partner = await Partner.insert(Partner(name="Rudzātu skola", type="school", branch=other_branch["id"])).returning(Partner.id)

    response = await send(librarian_client, "POST", f"/api/v1/partners/{partner[0]['id']}/deactivate")

    assert response.status_code == 403
    assert (await Partner.select(Partner.active).first())["active"] is True
