import pytest

from models.kernel.enums import Role
from models.kernel.tables import Partner, PartnerContact
from tests.app.conftest import login, post_form
from tests.conftest import make_staff


async def add_partner(name, type_, branch_id):
    rows = await Partner.insert(Partner(name=name, type=type_, branch=branch_id)).returning(Partner.id)
    return rows[0]["id"]


async def test_directory_page_includes_the_list_and_a_header_link(librarian_client, branch):
    await add_partner("Rožupes Kultūras nams", "culture_house", branch["id"])

    response = await librarian_client.get("/partners")

    assert response.status_code == 200
    assert '<a href="/partners">Partneri</a>' in response.text
    assert '<section id="partner-list"' in response.text
    assert "Rožupes Kultūras nams" in response.text


async def test_directory_htmx_filter_answers_only_the_list(librarian_client, branch, school):
    await add_partner("Rožupes Kultūras nams", "culture_house", branch["id"])

    response = await librarian_client.get("/partners?type=culture_house&q=kult", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="partner-list"')
    assert "Rožupes Kultūras nams" in response.text
    assert "Rožupes pamatskola" not in response.text


async def test_directory_with_unknown_type_lists_everyone(librarian_client, school):
    response = await librarian_client.get("/partners?type=circus&q=" + "x" * 500)
    nul = await librarian_client.get("/partners?type=%00circus")

    assert response.status_code == 200
    assert (nul.status_code, nul.text) == (400, "Pieprasījumā ir kļūda. Pārbaudiet ievadīto un mēģiniet vēlreiz.")


async def test_create_partner_redirects_the_dialog_to_its_page(librarian_client, branch):
    form = {"name": "Rožupes senioru apvienība", "type": "seniors", "branch_id": str(branch["id"]), "notes": "Rokdarbu izstādes"}

    response = await post_form(librarian_client, "/partners/", form)

    saved = await Partner.select(Partner.id, Partner.name, Partner.type, Partner.branch).first()
    assert response.headers["hx-redirect"] == f"/partners/{saved['id']}"
    assert saved == {"id": saved["id"], "name": "Rožupes senioru apvienība", "type": "seniors", "branch": branch["id"]}


@pytest.mark.parametrize("form, field, message", [
    ({"name": "", "type": "school"}, "name", "Šis lauks ir obligāts."),
    ({"name": "x" * 300, "type": "school"}, "name", "Pārāk garš teksts: ne vairāk kā 200 rakstzīmes."),
    ({"name": "Cirks", "type": "circus"}, "type", "Izvēlieties kādu no piedāvātajām vērtībām."),
])
async def test_create_partner_with_bad_input_answers_422_by_the_field(librarian_client, branch, form, field, message):
    response = await post_form(librarian_client, "/partners/", {**form, "branch_id": str(branch["id"])})

    assert response.status_code == 422
    assert f'<small class="field-error" id="p-{field}-error">{message}</small>' in response.text
    assert await Partner.count() == 0


async def test_librarian_cannot_create_a_network_partner(librarian_client):
    response = await post_form(librarian_client, "/partners/", {"name": "Biedrība „Baltā māja”", "type": "ngo", "branch_id": ""})

    assert response.status_code == 422
    assert "Visa tīkla partnerus (bez bibliotēkas) pievieno un labo koordinatori." in response.text


@pytest.mark.parametrize("who, partner_branch, status", [
    ("librarian", "own", 200),
    ("other_librarian", "own", 403),
    ("librarian", None, 403),
    ("coordinator", "own", 200),
    ("coordinator", None, 200),
])
async def test_edit_partner_permission(client, branch, other_branch, who, partner_branch, status):
    staff = {
        "librarian": lambda: make_staff("maija", Role.LIBRARIAN, branch["id"]),
        "other_librarian": lambda: make_staff("ilze", Role.LIBRARIAN, other_branch["id"]),
        "coordinator": lambda: make_staff("anita", Role.COORDINATOR, None),
    }[who]
    await login(client, await staff())
    partner_id = await add_partner("Rožupes pamatskola", "school", branch["id"] if partner_branch == "own" else None)

    page = await client.get(f"/partners/{partner_id}")
    edit = await client.get(f"/partners/{partner_id}/edit")
    saved = await post_form(client, f"/partners/{partner_id}/edit", {"name": "Jauns nosaukums", "type": "school",
                                                                    "branch_id": str(branch["id"]) if partner_branch else ""})

    assert (page.status_code, edit.status_code) == (200, status)
    assert saved.status_code == status
    assert (await Partner.select(Partner.name).first())["name"] == ("Jauns nosaukums" if status == 200 else "Rožupes pamatskola")


async def test_refusal_tells_who_may_edit(client, branch, other_librarian):
    await login(client, other_librarian)
    partner_id = await add_partner("Rožupes pamatskola", "school", branch["id"])

    response = await client.get(f"/partners/{partner_id}/edit")

    assert response.status_code == 403
    assert "Šis partneris pieder bibliotēkai „Rožupe”: to labo tās bibliotekāri un koordinatori." in response.text


async def test_partner_page_shows_contacts_history_and_feed_link(librarian_client, branch, school):
    await PartnerContact.insert(PartnerContact(partner=school["id"], name="Inga Bērziņa", role="skolotāja", email="inga@skola.lv"))

    response = await librarian_client.get(f"/partners/{school['id']}")

    assert response.status_code == 200
    assert "<h1>Rožupes pamatskola</h1>" in response.text
    assert '<a href="mailto:inga@skola.lv">inga@skola.lv</a>' in response.text
    assert f'href="/partners/{school["id"]}/feed"' in response.text
    assert "Kopīgu ierakstu vēl nav." in response.text


async def test_add_contact_with_bad_email_answers_422_and_saves_nothing(librarian_client, branch):
    partner_id = await add_partner("Rožupes pamatskola", "school", branch["id"])

    response = await post_form(librarian_client, f"/partners/{partner_id}/contacts",
                               {"name": "Inga", "email": "inga(at)skola", "phone": "zvanīt", "language": "ru"})

    assert response.status_code == 422
    assert response.text.lstrip().startswith('<div id="cnew-editor">')
    assert "Ierakstiet e-pasta adresi, piemēram, vards@skola.lv." in response.text
    assert "Tālruņa numurā var būt tikai cipari, atstarpes, + un -." in response.text
    assert await PartnerContact.count() == 0


async def test_add_edit_and_deactivate_contact(librarian_client, branch):
    partner_id = await add_partner("Pirmsskolas grupa „Zīļuki”", "preschool", branch["id"])
    await post_form(librarian_client, f"/partners/{partner_id}/contacts",
                    {"name": "Līga Ozola", "role": "vadītāja", "email": "liga@ziluki.lv", "phone": "+371 2600 0000", "language": "lv"})
    contact_id = (await PartnerContact.select(PartnerContact.id).first())["id"]

    edited = await post_form(librarian_client, f"/partners/{partner_id}/contacts/{contact_id}/edit",
                             {"name": "Līga Ozola", "role": "vadītāja", "email": "liga@ziluki.lv", "phone": "", "language": "en"})
    deactivated = await post_form(librarian_client, f"/partners/{partner_id}/contacts/{contact_id}/deactivate", {})

    assert (edited.headers["hx-redirect"], deactivated.headers["hx-redirect"]) == (f"/partners/{partner_id}#contacts",) * 2
    row = await PartnerContact.select(PartnerContact.name, PartnerContact.phone, PartnerContact.language, PartnerContact.active).first()
    assert row == {"name": "Līga Ozola", "phone": "", "language": "en", "active": False}


async def test_contact_of_another_partner_is_not_found(librarian_client, branch, school):
    other = await add_partner("Rožupes Kultūras nams", "culture_house", branch["id"])
    contact = (await PartnerContact.insert(PartnerContact(partner=school["id"], name="Inga")).returning(PartnerContact.id))[0]

    response = await librarian_client.get(f"/partners/{other}/contacts/{contact['id']}/edit")

    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/partners/987654", "/partners/abc", "/partners/987654/edit", "/partners/1/contacts/987654/edit"])
async def test_unknown_partner_addresses_answer_404(librarian_client, url):
    response = await librarian_client.get(url)

    assert response.status_code == 404


async def test_deactivated_partner_leaves_the_directory_but_keeps_its_page(librarian_client, branch):
    partner_id = await add_partner("Vecā biedrība", "ngo", branch["id"])

    await post_form(librarian_client, f"/partners/{partner_id}/deactivate", {}, htmx=False)

    listed = await librarian_client.get("/partners")
    page = await librarian_client.get(f"/partners/{partner_id}")
    assert "Vecā biedrība" not in listed.text
    assert (page.status_code, "Neaktīvs" in page.text) == (200, True)
