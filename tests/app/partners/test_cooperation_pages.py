"""The cooperation page of a library's year (/partners/cooperation): the year's partners with what
was done together and their words for the annual report, each saved on its own (HTMX or not), a
partner credited with no programme item, and the refusals: a text too long, a stale edit, a bad
year, another library's records."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from models.kernel.tables import Partner, PartnerCooperation
from models.partners.cooperation import CooperationDraft, save_cooperation
from tests.app.conftest import csrf_token, login, post_form
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def add_partner(name: str, type_: str, branch_id: int | None = None) -> int:
    return (await Partner.insert(Partner(name=name, type=type_, branch=branch_id)).returning(Partner.id))[0]["id"]


async def poetry_days(branch, school) -> int:
    item = await make_item(branch["id"], title="Dzejas dienas", partners=(school["id"],))
    await session(item, "12.03.2026 17:00", total=30, children=20, adults=10)
    await session(item, "14.09.2026 17:00", total=25, children=20, adults=5)
    return item


def textarea(html: str, anchor: str, name: str) -> str:
    section = re.search(rf'<section id="{anchor}".*?</section>', html, re.S).group(0)
    return unescape(re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', section, re.S).group(1))


def form_of(branch, *, version: int = 0, year: str = "2026", **texts) -> dict:
    return {"year": year, "branch_id": str(branch["id"]), "version": str(version), "forms": "", "children_text": "",
            "local_history_text": "", **texts}


async def post_plain(client, url: str, data: dict):
    """A form posted without JavaScript, the redirect not followed."""
    return await client.post(url, data=data, headers={"x-csrftoken": await csrf_token(client)}, follow_redirects=False)


async def record(partner_id: int) -> dict | None:
    return await PartnerCooperation.select().where(PartnerCooperation.partner == partner_id).first()


# --- the page ----------------------------------------------------------------------------------

async def test_cooperation_page_lists_the_years_partners_with_counts_and_prefilled_words(librarian_client, branch, school):
    await poetry_days(branch, school)

    response = await librarian_client.get("/partners/cooperation?year=2026")

    assert response.status_code == 200
    assert response.headers["vary"] == "HX-Request"
    anchor = f"cooperation-{school['id']}"
    assert textarea(response.text, anchor, "forms") == "Pasākumi: „Dzejas dienas” (2 reizes)."
    assert textarea(response.text, anchor, "children_text") == "Pasākumi: „Dzejas dienas” (2 reizes)."
    assert "Kopā: 2 reizes, apmeklējums: 55" in response.text


async def test_cooperation_page_htmx_year_change_answers_only_the_list(librarian_client, branch, school):
    await poetry_days(branch, school)

    response = await librarian_client.get("/partners/cooperation?year=2025", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="cooperation-list"')
    assert "Šajā gadā nav kopīgu aktivitāšu ar partneriem un nav ieskaitītu partneru." in response.text


@pytest.mark.parametrize("year", ["abc", "1999", "2101", "99999999999999999999", "²⁰²⁶"])
async def test_cooperation_page_bad_year_answers_400_with_a_message(librarian_client, branch, year):
    response = await librarian_client.get(f"/partners/cooperation?year={year}")

    assert response.status_code == 400
    assert "Ierakstiet gadu no 2000 līdz 2100." in response.text


async def test_cooperation_partner_page_links_from_the_partners_own_page(librarian_client, branch, school):
    response = await librarian_client.get(f"/partners/{school['id']}")

    assert f'href="/partners/cooperation/{school["id"]}?year=2026"' in response.text
    assert "Sadarbība 2026. gadā" in response.text


async def test_cooperation_coordinator_chooses_the_library_first_by_default(client, coordinator, branch, other_branch, school):
    await poetry_days(branch, school)
    await login(client, coordinator)

    default = await client.get("/partners/cooperation?year=2026")
    chosen = await client.get(f"/partners/cooperation?year=2026&branch={other_branch['id']}")
    unknown = await client.get("/partners/cooperation?year=2026&branch=999999")

    assert re.search(r'<h2 id="cooperation-scope">(.*?)</h2>', default.text).group(1) == "Rožupe · 2026"
    assert f'id="cooperation-{school["id"]}"' in default.text
    assert re.search(r'<h2 id="cooperation-scope">(.*?)</h2>', chosen.text).group(1) == "Rudzāti · 2026"
    assert f'id="cooperation-{school["id"]}"' not in chosen.text
    assert unknown.status_code == 404


# --- saving ------------------------------------------------------------------------------------

async def test_cooperation_save_htmx_answers_the_partners_section_and_keeps_the_words(librarian_client, branch, school):
    await poetry_days(branch, school)
    words = "Abpusēja dalība pasākumos, to organizēšanā un nodrošināšanā."

    response = await post_form(librarian_client, f"/partners/cooperation/{school['id']}",
                               form_of(branch, forms=words, children_text="Pasākumi: „Dzejas dienas” (2 reizes).", in_local_history="1"))

    saved = await record(school["id"])
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<section id="cooperation-{school["id"]}"')
    assert json.loads(response.headers["hx-trigger"])["afisa-notice"]["text"] == "Saglabāts."
    assert (saved["forms"], saved["children_text"], saved["local_history_text"], saved["in_local_history"], saved["version"]) == (
        words, None, "", True, 1)
    assert textarea(response.text, f"cooperation-{school['id']}", "forms") == words


async def test_cooperation_save_without_htmx_redirects_to_the_list(librarian_client, branch, school):
    response = await post_plain(librarian_client, f"/partners/cooperation/{school['id']}", form_of(branch, forms="Teksts"))

    assert (response.status_code, response.headers["location"]) == (
        303, f"/partners/cooperation?year=2026&branch={branch['id']}#cooperation-{school['id']}")


async def test_cooperation_save_text_of_10000_characters_refused_typed_words_kept_nothing_saved(librarian_client, branch, school):
    typed = "Konsultācijas " * 715  # 10,010 characters

    response = await post_form(librarian_client, f"/partners/cooperation/{school['id']}",
                               form_of(branch, forms=typed, children_text="Savi vārdi"))

    assert response.status_code == 422
    assert "Pārāk garš teksts: ne vairāk kā 2000 rakstzīmes." in response.text
    assert textarea(response.text, f"cooperation-{school['id']}", "forms") == typed
    assert textarea(response.text, f"cooperation-{school['id']}", "children_text") == "Savi vārdi"
    assert await PartnerCooperation.count() == 0


async def test_cooperation_save_stale_version_refused_with_the_typed_words_kept(librarian_client, branch, school):
    await save_cooperation(school["id"], branch["id"], 2026, CooperationDraft("Kolēģes vārdi", "", "", False, False), version=0)

    response = await post_form(librarian_client, f"/partners/cooperation/{school['id']}", form_of(branch, version=0, forms="Mani vārdi"))

    assert response.status_code == 409
    assert "Kamēr jūs labojāt, kāds cits saglabāja šo ierakstu." in response.text
    assert textarea(response.text, f"cooperation-{school['id']}", "forms") == "Mani vārdi"
    assert 'name="version" value="1"' in response.text
    assert ((await record(school["id"]))["forms"], (await record(school["id"]))["version"]) == ("Kolēģes vārdi", 1)


async def test_cooperation_save_with_bad_year_answers_400_and_saves_nothing(librarian_client, branch, school):
    response = await post_form(librarian_client, f"/partners/cooperation/{school['id']}", form_of(branch, year="20x6", forms="Teksts"))

    assert response.status_code == 400
    assert await PartnerCooperation.count() == 0


async def test_cooperation_save_empty_form_never_answers_500(librarian_client, branch, school):
    response = await post_form(librarian_client, f"/partners/cooperation/{school['id']}", {})

    assert response.status_code == 409
    assert await PartnerCooperation.count() == 0


# --- crediting ---------------------------------------------------------------------------------

async def test_cooperation_credit_a_partner_without_an_item_lists_it_and_uncredit_removes_it(librarian_client, branch):
    lncb = await add_partner("Līvānu novada Centrālā bibliotēka", "library")
    form = {"year": "2026", "branch_id": str(branch["id"]), "partner_id": str(lncb)}

    before = await librarian_client.get("/partners/cooperation?year=2026")
    credited = await post_plain(librarian_client, "/partners/cooperation/credit", form)
    listed = await librarian_client.get("/partners/cooperation?year=2026")
    await post_plain(librarian_client, "/partners/cooperation/uncredit", form)
    after = await librarian_client.get("/partners/cooperation?year=2026")

    assert f'<option value="{lncb}">Līvānu novada Centrālā bibliotēka</option>' in before.text
    assert credited.status_code == 303
    assert f'id="cooperation-{lncb}"' in listed.text
    assert "Partneris „Līvānu novada Centrālā bibliotēka” ieskaitīts 2026. gada sadarbības partneros." in listed.text
    assert f'id="cooperation-{lncb}"' not in after.text
    assert (await record(lncb))["credited"] is False


# --- another library ---------------------------------------------------------------------------

async def test_cooperation_other_librarys_librarian_gets_404_reading_or_writing(client, other_librarian, branch, school):
    own = await add_partner("Rožupes Kultūras nams", "culture_house", branch["id"])
    await save_cooperation(own, branch["id"], 2026, CooperationDraft("Rožupes vārdi", "", "", False, False), version=0)
    await login(client, other_librarian)

    answers = [
        (await client.get(f"/partners/cooperation?year=2026&branch={branch['id']}")).status_code,
        (await client.get(f"/partners/cooperation/{own}?year=2026")).status_code,
        (await client.get(f"/partners/cooperation/{school['id']}?year=2026&branch={branch['id']}")).status_code,
        (await client.get("/partners/cooperation/999999?year=2026")).status_code,
        (await post_form(client, f"/partners/cooperation/{own}", form_of(branch, version=1, forms="Svešs"))).status_code,
        (await post_form(client, f"/partners/cooperation/{school['id']}", form_of(branch, forms="Svešs"))).status_code,
        (await post_form(client, "/partners/cooperation/credit", {"year": "2026", "branch_id": str(branch["id"]),
                                                                   "partner_id": str(school["id"])})).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404, 404, 404]
    assert [(r["partner"], r["forms"]) for r in await PartnerCooperation.select()] == [(own, "Rožupes vārdi")]


async def test_cooperation_own_page_of_the_other_library_does_not_show_foreign_records(client, other_librarian, branch, school):
    await save_cooperation(school["id"], branch["id"], 2026, CooperationDraft("Rožupes vārdi", "", "", False, False), version=0)
    await login(client, other_librarian)

    response = await client.get("/partners/cooperation?year=2026")

    assert response.status_code == 200
    assert "Rožupes vārdi" not in response.text
