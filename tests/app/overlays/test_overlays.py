"""External calendars as read-only overlays: adding, refreshing, failing, showing in the planner."""
import asyncio
import html
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from app.overlays.fetch import FetchFailed, check_address, fetch
from app.overlays.refresh import refresh_due, run_refresher
from app.kernel.settings import Settings
from models.kernel.clock import local_today
from models.overlays.calendars import add_calendar, get_calendar, mark_unchanged
from models.kernel.tables import ExternalCalendar, ExternalEvent
from tests.app.conftest import login, post_form
from tests.app.ics_server import ETAG, IcsServer, first_monday_of_next_month
from tests.conftest import TEST_DATABASE_URL

MONDAY = first_monday_of_next_month(local_today())


def iso(offset: int) -> str:
    return (MONDAY + timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def ics_server():
    server = IcsServer(MONDAY).start()
    yield server
    server.stop()


@pytest.fixture
def server(ics_server):
    ics_server.reset()
    return ics_server


def overlay_settings(allow_private: bool = True) -> Settings:
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url="http://testserver.local",
                    allow_private_overlays=allow_private,
                    extra={"overlay_timeout": 0.5, "overlay_max_bytes": 64 * 1024, "overlay_refresh_seconds": 3600})


@pytest.fixture
def settings() -> Settings:
    return overlay_settings()


def message(page: str) -> str:
    found = re.search(r'id="overlay-message">(.*?)</p>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def overlay_titles(page: str, day: str) -> list[str]:
    cell = re.search(rf'data-day="{day}">(.*?)</(?:td|section)>', page, re.S).group(1)
    return [html.unescape(t) for t in re.findall(r'<li class="overlay-event[^"]*".*?<span class="title">([^<]*)</span>', cell, re.S)]


async def add(client, branch_id: int, url: str, name: str = "Rožupes pamatskola", minutes: str = "360"):
    return await post_form(client, "/overlays/", {"branch": branch_id, "name": name, "url": url, "refresh_minutes": minutes})


async def test_add_calendar_loads_it_and_the_planner_shows_its_events(librarian_client, branch, server):
    response = await add(librarian_client, branch["id"], server.url("/skola.ics"))
    planner = await librarian_client.get(f"/planner?day={iso(0)}")

    assert (response.status_code, message(response.text)) == (200, "Kalendārs „Rožupes pamatskola” pievienots. Notikumi: 6.")
    assert overlay_titles(planner.text, iso(0)) == ["Vecāku sapulce „Ēnu diena”"]
    assert overlay_titles(planner.text, iso(1)) == ["Šaha pulciņš"]
    assert overlay_titles(planner.text, iso(2)) == ["Projektu nedēļa"]
    assert overlay_titles(planner.text, iso(3)) == ["Ziemas koncerts"]
    assert (overlay_titles(planner.text, iso(8)), overlay_titles(planner.text, iso(9))) == ([], ["Šaha pulciņš (pārcelts)"])
    assert (overlay_titles(planner.text, iso(15)), overlay_titles(planner.text, iso(22))) == ([], ["Šaha pulciņš"])


async def test_overlay_events_are_grey_read_only_and_marked_when_cancelled(librarian_client, branch, server):
    await add(librarian_client, branch["id"], server.url("/skola.ics"))

    planner = await librarian_client.get(f"/planner?day={iso(0)}")

    concert = re.search(r'<li class="(overlay-event[^"]*)"[^>]*>(.*?)</li>', planner.text.split(f'data-day="{iso(3)}"')[1], re.S)
    assert concert.group(1) == "overlay-event is-cancelled"
    assert ("<a " in concert.group(2), "hx-get" in concert.group(2)) == (False, False)
    assert '<span class="overlay-source">Rožupes pamatskola</span><time datetime="' + iso(3) + 'T18:00:00">18:00 </time>' in concert.group(2)
    assert "līdz " + (MONDAY + timedelta(days=3)).strftime("%d.%m.%Y.") in planner.text  # the all-day range's last day


async def test_planner_hides_overlays_when_the_checkbox_is_cleared(librarian_client, branch, server):
    await add(librarian_client, branch["id"], server.url("/skola.ics"))

    hidden = await librarian_client.get(f"/planner?day={iso(0)}&overlays=0")
    ticked = await librarian_client.get(f"/planner?day={iso(0)}&overlays=0&overlays=1")

    assert overlay_titles(hidden.text, iso(0)) == []
    assert re.search(r'<input type="checkbox" name="overlays" value="1" id="filter-overlays"\s*>', hidden.text)
    assert "&amp;overlays=0" in hidden.text  # the month's arrows keep them hidden
    assert overlay_titles(ticked.text, iso(0)) == ["Vecāku sapulce „Ēnu diena”"]


async def test_agenda_and_network_views_show_overlays(client, coordinator, branch, server):
    await login(client, coordinator)
    await add(client, branch["id"], server.url("/skola.ics"))

    agenda = await client.get(f"/planner?view=agenda&branch={branch['id']}&day={iso(0)}")
    network = await client.get(f"/planner?view=week&branch=all&day={iso(0)}")

    assert overlay_titles(agenda.text, iso(0)) == ["Vecāku sapulce „Ēnu diena”"]
    assert "Vecāku sapulce „Ēnu diena”" in html.unescape(network.text)


async def test_failed_refresh_shows_the_error_and_keeps_the_previous_events(librarian_client, branch, server):
    await add(librarian_client, branch["id"], server.url("/skola.ics"))
    calendar = (await ExternalCalendar.select(ExternalCalendar.id, ExternalCalendar.last_success_at).first())
    del server.routes["/skola.ics"]

    response = await post_form(librarian_client, f"/overlays/{calendar['id']}/refresh", {})
    planner = await librarian_client.get(f"/planner?day={iso(0)}")

    since = calendar["last_success_at"].astimezone(ZoneInfo("Europe/Riga")).strftime("%d.%m.%Y. %H:%M")
    error = "Serveris atbildēja ar kļūdu 404. Pārbaudiet, vai adrese joprojām derīga."
    assert message(response.text) == f"Kalendāru „Rožupes pamatskola” neizdevās atjaunot: {error}"
    assert f"Kalendārs „Rožupes pamatskola” nav atjaunots kopš {since}: {error}" in html.unescape(planner.text)
    assert overlay_titles(planner.text, iso(0)) == ["Vecāku sapulce „Ēnu diena”"]
    assert await ExternalEvent.count() == 6


@pytest.mark.parametrize("path, error", [
    ("/missing.ics", "Serveris atbildēja ar kļūdu 404. Pārbaudiet, vai adrese joprojām derīga."),
    ("/slow.ics", "Serveris neatbildēja laikā. Mēģināsim vēlreiz vēlāk."),
    ("/garbage.ics", "Adresē nav kalendāra (.ics), bet, piemēram, tīmekļa lapa."),
    ("/page.ics", "Adresē nav kalendāra (.ics), bet, piemēram, tīmekļa lapa."),
    ("/huge.ics", "Kalendārs ir pārāk liels (vairāk nekā 2 MB)."),
    ("/loop.ics", "Adrese pārsūta pārāk daudzas reizes."),
])
async def test_broken_calendar_is_added_with_a_clear_message(librarian_client, branch, server, path, error):
    response = await add(librarian_client, branch["id"], server.url(path), name="Novada pasākumi")
    planner = await librarian_client.get(f"/planner?day={iso(0)}")

    assert message(response.text) == f"Kalendārs „Novada pasākumi” pievienots, bet to neizdevās ielādēt: {error}"
    assert f"Kalendārs „Novada pasākumi” nav ielādēts: {error}" in html.unescape(planner.text)
    assert planner.status_code == 200


async def test_refresh_sends_a_conditional_get_and_keeps_events_on_304(librarian_client, branch, server):
    await add(librarian_client, branch["id"], server.url("/skola.ics"))
    calendar_id = (await ExternalCalendar.select(ExternalCalendar.id).first())["id"]

    response = await post_form(librarian_client, f"/overlays/{calendar_id}/refresh", {})

    assert server.hits[-1][1]["if-none-match"] == ETAG
    assert server.hits[-1][1]["if-modified-since"] == "Wed, 25 Nov 2026 08:00:00 GMT"
    assert message(response.text) == "Kalendārs „Rožupes pamatskola” nav mainījies kopš iepriekšējās ielādes."
    assert await ExternalEvent.count() == 6


async def test_redirect_is_followed(librarian_client, branch, server):
    response = await add(librarian_client, branch["id"], server.url("/redirect.ics"))

    assert message(response.text) == "Kalendārs „Rožupes pamatskola” pievienots. Notikumi: 6."
    assert [path for path, _ in server.hits] == ["/redirect.ics", "/skola.ics"]


async def test_loopback_address_is_refused_unless_allowed(client, librarian, branch, server):
    await login(client, librarian)
    client.app.state.settings = overlay_settings(allow_private=False)

    response = await add(client, branch["id"], server.url("/skola.ics"))

    assert response.status_code == 422
    assert "Šī adrese ir iekšējā tīklā; no tās kalendārus ielādēt nevar." in html.unescape(response.text)
    assert (await ExternalCalendar.count(), server.hits) == (0, [])


@pytest.mark.parametrize("url, code", [
    ("http://127.0.0.1/k.ics", "private_address"), ("http://localhost:8000/k.ics", "private_address"),
    ("http://10.1.2.3/k.ics", "private_address"), ("http://192.168.1.1/k.ics", "private_address"),
    ("http://169.254.169.254/latest/meta-data", "private_address"), ("http://[::1]/k.ics", "private_address"),
    ("http://[::ffff:127.0.0.1]/k.ics", "private_address"), ("http://100.64.0.1/k.ics", "private_address"),
    ("http://0.0.0.0/k.ics", "private_address"), ("ftp://skola.example/k.ics", "bad_scheme"),
    ("file:///etc/passwd", "bad_scheme"), ("skola.lv/kalendars.ics", "bad_url"), ("https://user:pw@skola.example/k.ics", "bad_url"),
    ("http://9.9.9.9/k.ics", None),
])
async def test_check_address_refuses_private_networks_and_other_schemes(url, code):
    assert await check_address(url, allow_private=False) == code


async def test_fetch_refuses_loopback_before_connecting(server):
    with pytest.raises(FetchFailed) as failed:
        await fetch(server.url("/skola.ics"), overlay_settings(allow_private=False))

    assert (failed.value.code, server.hits) == ("private_address", [])


@pytest.mark.parametrize("form, field_error", [
    ({"name": "", "url": "https://skola.example/k.ics"}, "Šis lauks ir obligāts."),
    ({"name": "Ā" * 201, "url": "https://skola.example/k.ics"}, "Pārāk garš teksts: ne vairāk kā 200 rakstzīmes."),
    ({"name": "Skola", "url": "skola.lv/kalendars.ics"}, "Šī nav derīga adrese. Ievadiet pilnu adresi, piemēram, https://skola.lv/kalendars.ics."),
    ({"name": "Skola", "url": "ftp://skola.example/k.ics"}, "Adresei jāsākas ar http:// vai https://."),
    ({"name": "Skola", "url": "https://skola.example/k.ics", "refresh_minutes": "5"}, "Izvēlieties kādu no piedāvātajām vērtībām."),
])
async def test_add_form_explains_each_bad_field(librarian_client, branch, form, field_error):
    response = await post_form(librarian_client, "/overlays/", {"branch": branch["id"], "refresh_minutes": "360", **form})

    assert response.status_code == 422
    assert re.findall(r'<small class="field-error"[^>]*>([^<]+)</small>', html.unescape(response.text)) == [field_error]
    assert await ExternalCalendar.count() == 0


async def test_webcal_address_is_read_as_https(librarian_client, branch):
    response = await post_form(librarian_client, "/overlays/", {"branch": branch["id"], "name": "Skola", "url": "webcal://", "refresh_minutes": "360"})

    assert 'value="https://"' in response.text


async def test_another_branch_librarian_may_look_but_not_change(client, other_librarian, branch, server):
    calendar_id = await add_calendar(branch["id"], "Rožupes pamatskola", server.url("/skola.ics"), 360, None)
    await login(client, other_librarian)

    page = await client.get(f"/overlays?branch={branch['id']}")
    adding = await add(client, branch["id"], server.url("/skola.ics"))
    refreshing = await post_form(client, f"/overlays/{calendar_id}/refresh", {})
    deleting = await post_form(client, f"/overlays/{calendar_id}/delete", {})

    assert (page.status_code, "Rožupes pamatskola" in page.text, "Atjaunot tagad" in page.text) == (200, True, False)
    assert (adding.status_code, refreshing.status_code, deleting.status_code) == (403, 403, 403)
    assert (await ExternalCalendar.count(), server.hits) == (1, [])


async def test_coordinator_adds_for_any_branch_and_deletes(client, coordinator, branch, server):
    await login(client, coordinator)
    await add(client, branch["id"], server.url("/skola.ics"))
    calendar_id = (await ExternalCalendar.select(ExternalCalendar.id, ExternalCalendar.branch).first())["id"]

    response = await post_form(client, f"/overlays/{calendar_id}/delete", {})

    assert message(response.text) == "Kalendārs „Rožupes pamatskola” dzēsts."
    assert (await ExternalCalendar.count(), await ExternalEvent.count()) == (0, 0)


async def test_overlay_list_shows_state_in_latvian_and_english(librarian_client, branch, server):
    await add(librarian_client, branch["id"], server.url("/missing.ics"))

    latvian = await librarian_client.get("/overlays")
    librarian_client.cookies.set("afisa_lang", "en")
    english = await librarian_client.get("/overlays")

    assert "Vēl nav ielādēts · Notikumi: 0" in " ".join(html.unescape(latvian.text).split())
    assert "Serveris atbildēja ar kļūdu 404." in html.unescape(latvian.text)
    assert "The server answered with error 404. Check that the address is still valid." in html.unescape(english.text)
    assert "Refresh now" in english.text


async def test_csrf_is_required_to_add(librarian_client, branch):
    response = await librarian_client.post("/overlays/", data={"branch": branch["id"], "name": "Skola", "url": "https://skola.example/k.ics"})

    assert (response.status_code, await ExternalCalendar.count()) == (403, 0)


async def test_refresh_due_fetches_only_calendars_whose_interval_has_passed(db, branch, server):
    due_id = await add_calendar(branch["id"], "Skola", server.url("/skola.ics"), 60, None)
    fresh_id = await add_calendar(branch["id"], "Novads", server.url("/garbage.ics"), 60, None)
    await mark_unchanged(fresh_id)

    results = await refresh_due(overlay_settings())

    assert [(r.calendar_id, r.events, r.error) for r in results] == [(due_id, 6, "")]
    assert [path for path, _ in server.hits] == ["/skola.ics"]


async def test_background_refresher_refreshes_and_survives_errors(db, branch, server):
    good = await add_calendar(branch["id"], "Skola", server.url("/skola.ics"), 60, None)
    broken = await add_calendar(branch["id"], "Novads", server.url("/garbage.ics"), 60, None)
    settings = Settings(**{**overlay_settings().__dict__, "extra": {"overlay_timeout": 0.5, "overlay_refresh_seconds": 0.05}})

    task = asyncio.create_task(run_refresher(settings))
    for _ in range(100):
        await asyncio.sleep(0.05)
        if (await get_calendar(good))["last_success_at"] and (await get_calendar(broken))["last_error"]:
            break
    alive = not task.done()
    task.cancel()

    assert alive is True
    assert ((await get_calendar(good))["last_error"], (await get_calendar(broken))["last_error"]) == ("", "not_calendar")
