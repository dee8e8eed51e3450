"""The public programme through the test client: what a resident, a municipality's page and the
printed poster may show, the Latvian dates, the "add to calendar" links and the announcement."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from models.kernel.clock import local_today
from models.kernel.enums import Status
from models.planning.programme import create_item, edit_occurrence, set_status
from models.kernel.network_tables import Branch
from models.kernel.tables import Occurrence
from models.planning.validation import validate_item
from tests.app.conftest import login

# the programme of 03.12.2026 is written out below, seen from two days before
pytestmark = pytest.mark.clock("01.12.2026 09:00")

TITLES = re.compile(r'<span class="title">([^<]*)</span>')


async def plan(staff, branch_id, title, *, day="03.12.2026.", start="16:00", end="17:00", status="published", is_public=True, uid=None, **extra):
    raw = {"kind": "event", "title": title, "branch_id": branch_id, "start_date": day, "start_time": start,
           "end_date": extra.pop("end_day", day), "end_time": end, "status": status, "is_public": is_public, **extra}
    return await create_item(await validate_item(raw, staff), staff["id"], uid=uid)


async def mixed_programme(staff, branch_id, day="03.12.2026.") -> dict:
    """One item of every visibility: only the published and the cancelled one may be shown."""
    ids = {
        "published": await plan(staff, branch_id, "Lasīšanas stunda", day=day, audiences=["children"]),
        "draft": await plan(staff, branch_id, "Melnraksts", day=day, status="draft"),
        "planned": await plan(staff, branch_id, "Vēl tikai plānots", day=day, status="planned"),
        "internal": await plan(staff, branch_id, "Darbinieku sapulce", day=day, is_public=False),
        "cancelled": await plan(staff, branch_id, "Atceltā tikšanās", day=day, start="18:00", end="19:00"),
    }
    await set_status(ids["cancelled"], Status.CANCELLED, staff["id"])
    return ids


def titles(html: str) -> list[str]:
    return TITLES.findall(html)


async def test_programme_list_hides_internal_and_draft_items(client, librarian, branch):
    await mixed_programme(librarian, branch["id"])

    branch_page = await client.get("/programme/rozupe?month=2026-12")
    network_page = await client.get("/programme?month=2026-12")

    assert titles(branch_page.text) == ["Lasīšanas stunda", "Atceltā tikšanās"]
    assert titles(network_page.text) == ["Lasīšanas stunda", "Atceltā tikšanās"]


async def test_grid_poster_and_embed_hide_internal_and_draft_items(client, librarian, branch):
    soon = local_today() + timedelta(days=3)  # the embed shows the coming weeks
    await mixed_programme(librarian, branch["id"], day=soon.strftime("%d.%m.%Y."))
    month = soon.strftime("%Y-%m")

    grid = await client.get(f"/programme/rozupe?view=grid&month={month}")
    poster = await client.get(f"/programme/rozupe/poster?month={month}")
    embed = await client.get("/embed/rozupe")

    assert titles(grid.text) == ["Lasīšanas stunda", "Atceltā tikšanās"]
    assert re.findall(r'<strong class="poster-title">([^<]*)</strong>', poster.text) == ["Lasīšanas stunda", "Atceltā tikšanās"]
    assert titles(embed.text) == ["Lasīšanas stunda", "Atceltā tikšanās"]


async def test_grid_shows_whole_weeks_of_the_month(client, librarian, branch):
    await plan(librarian, branch["id"], "Lasīšanas stunda")

    response = await client.get("/programme/rozupe?view=grid&month=2026-12")

    assert response.status_code == 200
    assert response.text.count("<td ") == 35  # Monday 30.11.2026 to Sunday 03.01.2027
    assert '<caption class="visually-hidden">2026. gada decembris</caption>' in response.text


async def test_list_without_month_starts_today_and_ends_with_next_month(client, librarian, branch):
    today = local_today()
    await plan(librarian, branch["id"], "Vakar", day=(today - timedelta(days=1)).strftime("%d.%m.%Y."))
    await plan(librarian, branch["id"], "Šodien", day=today.strftime("%d.%m.%Y."))
    await plan(librarian, branch["id"], "Pēc trim mēnešiem", day=(today + timedelta(days=92)).strftime("%d.%m.%Y."))

    response = await client.get("/programme/rozupe")

    assert titles(response.text) == ["Šodien"]


async def test_filters_by_audience_and_kind(client, librarian, branch):
    await plan(librarian, branch["id"], "Bērniem", audiences=["children"])
    await plan(librarian, branch["id"], "Senioriem", audiences=["seniors"])
    await plan(librarian, branch["id"], "Izstāde", kind="exhibition", all_day=True, day="01.12.2026.", end_day="31.12.2026.")

    children = await client.get("/programme/rozupe?month=2026-12&audience=children")
    exhibitions = await client.get("/programme/rozupe?month=2026-12&kind=exhibition")
    unknown = await client.get("/programme/rozupe?month=2026-12&kind=nonsense")

    assert titles(children.text) == ["Bērniem"]
    assert titles(exhibitions.text) == ["Izstāde"]
    assert titles(unknown.text) == ["Izstāde", "Bērniem", "Senioriem"]
    assert 'href="/feeds/rozupe/kind/exhibition.ics"' in exhibitions.text


async def test_htmx_request_gets_only_the_programme_region(client, librarian, branch):
    await plan(librarian, branch["id"], "Lasīšanas stunda")

    response = await client.get("/programme/rozupe?month=2026-12&view=grid", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="programme" class="programme view-grid"')
    assert "<html" not in response.text


async def test_unknown_branch_is_404(client, db):
    response = await client.get("/programme/nav-tadas")

    assert response.status_code == 404


async def test_item_page_404_for_internal_draft_and_wrong_branch(client, librarian, branch, other_branch):
    ids = await mixed_programme(librarian, branch["id"])

    answers = [(await client.get(f"/programme/rozupe/{ids[name]}")).status_code for name in ("published", "draft", "planned", "internal")]
    wrong_branch = await client.get(f"/programme/rudzati/{ids['published']}")

    assert answers == [200, 404, 404, 404]
    assert wrong_branch.status_code == 404
    assert "Darbinieku sapulce" not in (await client.get(f"/programme/rozupe/{ids['internal']}")).text


async def test_item_page_writes_latvian_dates_place_and_calendar_links(client, librarian, branch, reading_room):
    item_id = await plan(librarian, branch["id"], "Lasīšanas stunda", uid="lasisana-1@afisa", place_id=reading_room["id"],
                         audiences=["children", "families"], description="Lasām Ziemassvētku stāstus.")

    response = await client.get(f"/programme/rozupe/{item_id}")

    assert response.status_code == 200
    assert '<html lang="lv">' in response.text
    assert response.text.count("<h1") == 1
    assert ">Ceturtdien, 3. decembrī, plkst. 16:00–17:00</time>" in response.text
    assert "<dd>Lasītava, Skolas iela 7, Rožupe</dd>" in response.text
    assert "<dd>Bērni, Ģimenes</dd>" in response.text
    assert 'href="/feeds/item/lasisana-1@afisa.ics"' in response.text
    assert 'href="webcal://testserver.local/feeds/rozupe.ics"' in response.text
    assert ("https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Las%C4%AB%C5%A1anas%20stunda"
            "&amp;dates=20261203T140000Z/20261203T150000Z") in response.text


async def test_google_link_in_summer_time_is_three_hours_ahead_of_utc(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Vasaras lasījumi", day="01.07.2027.", start="18:30", end="20:00")

    response = await client.get(f"/programme/rozupe/{item_id}")

    assert "&amp;dates=20270701T153000Z/20270701T170000Z&amp;" in response.text


async def test_google_link_for_all_day_exhibition_has_exclusive_end(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Ziemas izstāde", kind="exhibition", all_day=True, day="01.12.2026.", end_day="31.12.2026.")

    response = await client.get(f"/programme/rozupe/{item_id}")

    assert "&amp;dates=20261201/20270101&amp;" in response.text
    assert ">No 1. līdz 31. decembrim</time>" in response.text


async def test_cancelled_item_page_says_cancelled_and_offers_no_calendar_link(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Atceltā tikšanās")
    await set_status(item_id, Status.CANCELLED, librarian["id"])

    response = await client.get(f"/programme/rozupe/{item_id}")

    assert response.status_code == 200
    assert '<p class="cancelled-notice" role="status"><strong>Atcelts.</strong> Šis pasākums nenotiks.</p>' in response.text
    assert "calendar.google.com" not in response.text


async def test_announcement_text_is_ready_to_paste(client, librarian, branch, reading_room):
    item_id = await plan(librarian, branch["id"], "Lasīšanas stunda", place_id=reading_room["id"], audiences=["children"],
                         description="Lasām Ziemassvētku stāstus.")

    response = await client.get(f"/programme/rozupe/{item_id}")

    text = re.search(r"<textarea id=\"announcement-\d+\" readonly[^>]*>([^<]*)</textarea>", response.text).group(1)
    assert text == (
        "Lasīšanas stunda\nCeturtdien, 3. decembrī, plkst. 16:00–17:00\nVieta: Lasītava, Skolas iela 7, Rožupe\n\n"
        "Lasām Ziemassvētku stāstus.\n\nKam: bērni\n"
        f"Vairāk: http://testserver.local/programme/rozupe/{item_id}\nLīvānu novada Centrālās bibliotēkas Rožupes bibliotēka"
    )


async def test_announcement_of_a_series_skips_a_cancelled_session(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Pūčulēnu skola", repeat="weekly", count="3", weekdays=["3"])
    second = (await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at))[1]
    await edit_occurrence(second["id"], starts_at=second["starts_at"], ends_at=second["ends_at"], place_id=None, cancelled=True, note="", staff_id=librarian["id"])

    response = await client.get(f"/programme/rozupe/{item_id}")

    text = re.search(r"<textarea[^>]*>([^<]*)</textarea>", response.text).group(1)
    assert text.splitlines()[1:3] == ["Ceturtdien, 3. decembrī, plkst. 16:00–17:00", "Ceturtdien, 17. decembrī, plkst. 16:00–17:00"]
    assert response.text.count('<tr class="is-cancelled">') == 1


async def test_staff_announcement_needs_login_and_covers_drafts(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Melnraksts", status="draft")

    anonymous = await client.get(f"/items/{item_id}/announcement")
    await login(client, librarian)
    staff = await client.get(f"/items/{item_id}/announcement", headers={"HX-Request": "true"})

    assert anonymous.url.path == "/login"
    assert staff.status_code == 200
    assert "Melnraksts\nCeturtdien, 3. decembrī, plkst. 16:00–17:00" in staff.text


async def test_embed_may_be_framed_and_has_no_script(client, branch):
    response = await client.get("/embed/rozupe")

    assert response.status_code == 200
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert "<script" not in response.text


async def test_other_public_pages_still_refuse_framing(client, branch):
    response = await client.get("/programme/rozupe")

    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_embed_code_gives_the_iframe_snippet(client, branch):
    response = await client.get("/programme/rozupe/embed-code")

    assert '&lt;iframe src=&#34;http://testserver.local/embed/rozupe&#34;' in response.text


async def test_poster_has_library_facts_month_heading_and_days(client, librarian, branch):
    await Branch.update({Branch.opening_hours: "Pirmdiena: 9.00–17.00"}).where(Branch.id == branch["id"])
    await plan(librarian, branch["id"], "Lasīšanas stunda")
    await plan(librarian, branch["id"], "Ziemas izstāde", kind="exhibition", all_day=True, day="01.12.2026.", end_day="31.12.2026.")

    response = await client.get("/programme/rozupe/poster?month=2026-12")

    assert '<h1><span class="poster-year">2026. gada</span> decembrī</h1>' in response.text
    assert "<h2>Ceturtdien, 3. decembrī</h2>" in response.text
    assert '<strong class="poster-title">Ziemas izstāde</strong> <span class="poster-when">no 1. līdz 31. decembrim</span>' in response.text
    assert "<p>Skolas iela 7, Rožupe</p>" in response.text
    assert '<p class="hours">Pirmdiena: 9.00–17.00</p>' in response.text


async def test_grid_shows_an_exhibition_that_closed_in_november_on_its_last_days_not_on_1_december(client, librarian, branch):
    await plan(librarian, branch["id"], "Novembra izstāde", kind="exhibition", all_day=True, day="01.11.2026.", end_day="30.11.2026.")
    await plan(librarian, branch["id"], "Ziemas izstāde", kind="exhibition", all_day=True, day="15.11.2026.", end_day="15.12.2026.")

    response = await client.get("/programme/rozupe?view=grid&month=2026-12")

    cells = {}
    for chunk in response.text.split("<td ")[1:]:
        day = re.search(r'(\d+)<span class="visually-hidden">\. ([^<]+)</span>', chunk)
        cells[(int(day.group(1)), day.group(2))] = titles(chunk)
    assert cells[(1, "2026. gada decembris")] == ["Ziemas izstāde"]
    assert cells[(30, "2026. gada novembris")] == ["Novembra izstāde"]
