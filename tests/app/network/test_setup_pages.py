"""The network's set-up through its pages: libraries, places, staff invitations and links, my
account; who may do which, and what a mistake answers."""
from __future__ import annotations

import re

import pytest
from litestar.testing import AsyncTestClient

from models.kernel.network_tables import AdminChange, Branch, Staff, StaffToken
from models.kernel.tables import Item, Place
from models.network.staff import token_hash
from tests.app.conftest import app_for, csrf_token, login
from models.planning.programme import create_item
from tests.conftest import PASSWORD
from tests.models import make_draft

LIBRARY = {"name": "Līvānu novada Centrālās bibliotēkas Jersikas bibliotēka", "short_name": "Jersika", "slug": "jersika",
           "address": "Jersika, Līvānu novads", "phone": "+371 65300000", "email": "jersika@livani.lv", "population": "812",
           "children_population": "140", "hours_0": "9:00–18:00", "hours_2": "10.00-13.00, 14.00-18.00", "hours_5": ""}


async def post(client, url: str, data: dict):
    return await client.post(url, data={**data, "_csrf_token": await csrf_token(client)}, follow_redirects=False)


@pytest.fixture
async def coordinator_client(client, coordinator):
    await login(client, coordinator)
    return client


async def test_coordinator_adds_a_library_with_weekly_hours_and_its_history_says_so(coordinator_client, coordinator):
    response = await post(coordinator_client, "/libraries/", LIBRARY)

    assert response.status_code == 303
    saved = await Branch.select(Branch.slug, Branch.population, Branch.children_population, Branch.weekly_hours).output(load_json=True).first()
    assert saved == {"slug": "jersika", "population": 812, "children_population": 140,
                     "weekly_hours": {"0": [["09:00", "18:00"]], "2": [["10:00", "13:00"], ["14:00", "18:00"]]}}
    page = await coordinator_client.get(response.headers["location"])
    assert "P 09:00–18:00" in page.text and "T 10:00–13:00, 14:00–18:00" in page.text
    assert "izveidoja" in page.text and coordinator["display_name"] in page.text
    public = await coordinator_client.get("/programme/jersika")
    assert '<p class="hours">P 09:00–18:00\nT 10:00–13:00, 14:00–18:00</p>' in public.text


@pytest.mark.parametrize("field, value, message", [
    ("slug", "Rožupe!", "Adreses daļā var būt tikai mazie latīņu burti, cipari un domuzīmes, piemēram, rozupe."),
    ("slug", "rozupe", "Šāda adrese jau ir citai bibliotēkai."),
    ("hours_1", "no rīta", "Ierakstiet laiku no–līdz, piemēram, 9:00–18:00; vairākus laikus atdaliet ar komatu."),
    ("hours_1", "18:00–9:00", "Beigu laikam jābūt pēc sākuma laika."),
    ("children_population", "9000", "Bērnu nevar būt vairāk nekā visu iedzīvotāju."),
    ("email", "jersika at livani", "Ierakstiet e-pasta adresi, piemēram, vards@biblioteka.lv."),
])
async def test_library_form_refuses_a_mistake_beside_its_field_and_keeps_the_rest(coordinator_client, branch, field, value, message):
    response = await post(coordinator_client, "/libraries/", {**LIBRARY, field: value})

    assert response.status_code == 422
    assert message in response.text
    assert 'value="Līvānu novada Centrālās bibliotēkas Jersikas bibliotēka"' in response.text
    assert await Branch.count() == 1


async def test_closed_library_keeps_its_programme_and_leaves_the_lists_of_new_places(coordinator_client, coordinator, branch):
    response = await post(coordinator_client, f"/libraries/{branch['id']}/close", {})
    form = await coordinator_client.get("/places/new")

    assert response.status_code == 303
    assert (await Branch.select(Branch.closed_on).first())["closed_on"] is not None
    assert f'<option value="{branch["id"]}"' not in form.text
    assert "Slēgta kopš" in (await coordinator_client.get(f"/libraries/{branch['id']}")).text


async def test_closed_days_are_added_and_a_reversed_range_refused(coordinator_client, branch):
    refused = await post(coordinator_client, f"/libraries/{branch['id']}/closures", {"first_day": "10.08.2027.", "last_day": "03.08.2027."})
    added = await post(coordinator_client, f"/libraries/{branch['id']}/closures",
                       {"first_day": "02.08.2027.", "last_day": "06.08.2027.", "reason": "Inventarizācija"})

    assert (refused.status_code, added.status_code) == (422, 303)
    assert "Beigām jābūt pēc sākuma." in refused.text
    page = await coordinator_client.get(f"/libraries/{branch['id']}")
    assert "02.08.2027.–06.08.2027.: Inventarizācija" in page.text


async def test_librarian_adds_an_outdoor_stage_of_her_own_library(librarian_client, branch):
    response = await post(librarian_client, "/places/", {"branch_id": str(branch["id"]), "name": "Rožupes estrāde", "kind": "venue",
                                                         "address": "Parka iela, Rožupe", "capacity": "300"})

    assert response.status_code == 303
    assert await Place.select(Place.name, Place.kind, Place.capacity).first() == {"name": "Rožupes estrāde", "kind": "venue", "capacity": 300}


async def test_librarian_cannot_add_a_place_to_another_library(librarian_client, other_branch):
    response = await post(librarian_client, "/places/", {"branch_id": str(other_branch["id"]), "name": "Zāle", "kind": "room"})

    assert response.status_code == 422
    assert "Vietas var pievienot un labot tikai savai bibliotēkai." in response.text
    assert await Place.count() == 0


async def test_used_place_is_not_deleted_but_can_be_deactivated(librarian_client, librarian, branch, reading_room):
    await create_item(await make_draft(branch["id"], librarian, place_id=reading_room["id"]), librarian["id"])

    refused = await post(librarian_client, f"/places/{reading_room['id']}/delete", {})
    page = await librarian_client.get(refused.headers["location"])
    deactivated = await post(librarian_client, f"/places/{reading_room['id']}/deactivate", {})

    assert "Šī vieta jau ir izmantota programmā, tāpēc to nevar izdzēst: padariet to neaktīvu." in page.text
    assert deactivated.status_code == 303
    assert (await Place.select(Place.active).first(), await Item.count()) == ({"active": False}, 1)


@pytest.mark.parametrize("method, path", [
    ("GET", "/libraries/new"), ("POST", "/libraries/"), ("GET", "/staff"), ("GET", "/staff/new"), ("POST", "/staff/"),
    ("POST", "/libraries/{branch}/close"), ("GET", "/libraries/{branch}/edit"), ("POST", "/libraries/{branch}/closures"),
])
async def test_librarian_is_refused_what_only_coordinators_do(librarian_client, branch, method, path):
    url = path.format(branch=branch["id"])
    response = await (librarian_client.get(url) if method == "GET" else post(librarian_client, url, {"name": "x"}))

    assert response.status_code == 403
    assert "Šo dara koordinatori: bibliotēkas un darbinieku kontus pārvalda tikai viņi." in response.text


@pytest.mark.parametrize("path", ["/libraries", "/places", "/staff", "/account", "/libraries/new"])
async def test_set_up_pages_ask_a_visitor_to_sign_in(client, path):
    response = await client.get(path, follow_redirects=False)

    assert (response.status_code, response.headers["location"].startswith("/login?next=")) == (302, True)


async def test_invited_librarian_sets_her_password_once_and_plans(coordinator_client, client, branch):
    invited = await post(coordinator_client, "/staff/", {"username": "ilze", "display_name": "Ilze Kalniņa", "email": "ilze@livani.lv",
                                                         "role": "librarian", "branch_id": str(branch["id"]), "language": "lv"})
    link = re.search(r'value="http://testserver.local(/welcome/[^"]+)"', invited.text).group(1)
    await coordinator_client.post("/logout", data={"_csrf_token": await csrf_token(coordinator_client)})

    form = await client.get(link)
    set_password = await post(client, link, {"password": "jauna-parole-2027", "password_again": "jauna-parole-2027"})
    planner = await client.get("/planner")
    again = await client.get(link)

    assert "Labdien, Ilze Kalniņa!" in form.text
    assert (set_password.status_code, set_password.headers["location"]) == (303, "/planner")
    assert "Ilze Kalniņa" in planner.text
    assert again.status_code == 410
    assert await StaffToken.count().where(StaffToken.token_hash == token_hash(link.rsplit("/", 1)[1])) == 1
    assert "/welcome/" not in str(await AdminChange.select(AdminChange.details))


async def test_invited_account_cannot_sign_in_before_it_has_a_password(coordinator_client, client, branch):
    await post(coordinator_client, "/staff/", {"username": "ilze", "display_name": "Ilze", "email": "ilze@livani.lv",
                                               "role": "librarian", "branch_id": str(branch["id"])})

    response = await login(client, {"username": "ilze"}, "no such user")

    assert response.status_code == 401


@pytest.mark.parametrize("overrides, field_message", [
    ({"email": "maija@livani.lv"}, "Šī e-pasta adrese jau ir kāda cita darbinieka kontam."),
    ({"username": "maija"}, "Šāds lietotājvārds jau ir aizņemts."),
    ({"branch_id": ""}, "Bibliotekāram jānorāda bibliotēka."),
])
async def test_invitation_refuses_an_address_or_name_in_use(coordinator_client, librarian, branch, overrides, field_message):
    await Staff.update({Staff.email: "maija@livani.lv"}).where(Staff.id == librarian["id"])
    data = {"username": "ilze", "display_name": "Ilze", "email": "ilze@livani.lv", "role": "librarian", "branch_id": str(branch["id"])}

    response = await post(coordinator_client, "/staff/", {**data, **overrides})

    assert response.status_code == 422
    assert field_message in response.text


async def test_last_coordinator_cannot_be_disabled_or_demoted(coordinator_client, coordinator):
    disabled = await post(coordinator_client, f"/staff/{coordinator['id']}/disable", {})
    demoted = await post(coordinator_client, f"/staff/{coordinator['id']}/edit", {"display_name": "Anna", "role": "librarian", "branch_id": ""})

    assert disabled.headers["location"] == f"/staff/{coordinator['id']}?error=disable_self"
    assert demoted.status_code == 422
    assert "Tas ir pēdējais aktīvais koordinators" in demoted.text
    assert await Staff.select(Staff.role, Staff.active).first() == {"role": "coordinator", "active": True}


async def test_disabled_colleague_is_signed_out_and_her_link_stops_working(coordinator_client, librarian, client):
    reset = await post(coordinator_client, f"/staff/{librarian['id']}/reset", {})
    link = re.search(r'value="http://testserver.local(/welcome/[^"]+)"', reset.text).group(1)

    await post(coordinator_client, f"/staff/{librarian['id']}/disable", {})

    assert (await client.get(link)).status_code == 410
    assert (await login(client, librarian)).status_code == 401


async def test_staff_changes_her_own_name_language_and_password(librarian_client, librarian, client):
    renamed = await post(librarian_client, "/account/", {"display_name": "Maija Jasinska-Ozola", "email": "maija@rozupe.lv", "language": "en"})
    wrong = await post(librarian_client, "/account/password", {"current": "nav-tā", "password": "jauna-parole-2027", "password_again": "jauna-parole-2027"})
    changed = await post(librarian_client, "/account/password", {"current": PASSWORD, "password": "jauna-parole-2027", "password_again": "jauna-parole-2027"})

    assert (renamed.status_code, wrong.status_code, changed.status_code) == (303, 422, 303)
    assert "Current password is not correct." in wrong.text
    assert await Staff.select(Staff.display_name, Staff.language).first() == {"display_name": "Maija Jasinska-Ozola", "language": "en"}
    assert (await login(client, {"username": librarian["username"]}, "jauna-parole-2027")).url.path == "/planner"


@pytest.mark.parametrize("path", ["/libraries", "/libraries/new", "/libraries/{branch}", "/libraries/{branch}/edit", "/places",
                                  "/places/new", "/places/new?kind=service_point", "/places/{place}", "/places/{place}/edit", "/staff",
                                  "/staff/new", "/staff/{staff}", "/staff/{staff}/edit", "/account"])
async def test_every_set_up_page_opens_for_a_coordinator(coordinator_client, coordinator, branch, reading_room, path):
    response = await coordinator_client.get(path.format(branch=branch["id"], place=reading_room["id"], staff=coordinator["id"]))

    assert response.status_code == 200
    assert "<h1>" in response.text


async def test_a_new_password_ends_her_other_sessions_but_not_this_one(librarian_client, librarian, settings):
    async with AsyncTestClient(app=app_for(settings), base_url="http://testserver.local") as laptop:
        await login(laptop, librarian)
        assert (await laptop.get("/planner", follow_redirects=False)).status_code == 200

        await post(librarian_client, "/account/password", {"current": PASSWORD, "password": "jauna-parole-2027", "password_again": "jauna-parole-2027"})

        assert (await laptop.get("/planner", follow_redirects=False)).status_code == 302
    assert (await librarian_client.get("/planner", follow_redirects=False)).status_code == 200


async def test_coordinator_uploads_the_logo_and_the_poster_carries_it(coordinator_client, branch):
    import io

    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGBA", (900, 300), (20, 80, 160, 255)).save(logo, "PNG")

    uploaded = await coordinator_client.post(f"/libraries/{branch['id']}/logo", data={"_csrf_token": await csrf_token(coordinator_client)},
                                             files={"logo": ("logo.png", logo.getvalue(), "image/png")})
    path = re.search(r'src="(/logos/\d+/[0-9a-f]{16}\.jpg)"', uploaded.text).group(1)
    coordinator_client.cookies.clear()
    fetched = await coordinator_client.get(path)
    poster = await coordinator_client.get("/programme/rozupe/poster")

    assert "Logotips pievienots" in uploaded.text and 'width="600" height="200"' in uploaded.text
    assert (fetched.status_code, fetched.headers["content-type"]) == (200, "image/jpeg")
    assert f'<img class="poster-logo" src="{path}" alt="">' in poster.text


async def test_a_librarian_cannot_change_the_logo(librarian_client, branch):
    refused = await librarian_client.post(f"/libraries/{branch['id']}/logo", data={"_csrf_token": await csrf_token(librarian_client)},
                                          files={"logo": ("logo.png", b"\x89PNG", "image/png")})

    assert refused.status_code == 403
