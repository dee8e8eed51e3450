import re

import pytest

from models.kernel.enums import Status
from models.planning.programme import create_item
from models.planning.validation import validate_item
from tests.app.conftest import login


async def plan(staff, branch_id, title, day="01.12.2026.", start="10:00", end="11:00", **extra):
    raw = {"kind": "event", "title": title, "branch_id": branch_id, "start_date": day, "start_time": start, "end_date": day,
           "end_time": end, "status": "planned", "is_public": True, **extra}
    return await create_item(await validate_item(raw, staff), staff["id"])


def cells(html: str) -> dict[str, str]:
    """day ISO -> the HTML of that day's cell in the month grid"""
    return dict(re.findall(r'<td class="day[^"]*" data-day="([\d-]+)">(.*?)</td>', html, re.S))


async def test_month_grid_starts_on_monday_with_latvian_weekdays(librarian_client):
    response = await librarian_client.get("/planner?day=2026-12-10")

    headings = re.findall(r'<th scope="col"><abbr title="[^"]+">([^<]+)</abbr></th>', response.text)
    assert headings == ["P", "O", "T", "C", "Pk", "S", "Sv"]
    assert "2026. gada decembris" in response.text
    assert list(cells(response.text))[0] == "2026-11-30"


async def test_month_grid_shows_an_item_on_its_day(librarian_client, librarian, branch):
    await plan(librarian, branch["id"], "Stāstu pēcpusdiena „Nu gan savārījām ziepes”", day="03.12.2026.")

    response = await librarian_client.get("/planner?day=2026-12-01")

    assert "Stāstu pēcpusdiena „Nu gan savārījām ziepes”" in cells(response.text)["2026-12-03"]
    assert "ziepes" not in cells(response.text)["2026-12-04"]


async def test_month_grid_marks_public_holidays(librarian_client):
    response = await librarian_client.get("/planner?day=2026-11-01")

    assert "Latvijas Republikas Proklamēšanas diena" in cells(response.text)["2026-11-18"]


async def test_htmx_request_gets_only_the_planner_region(librarian_client):
    response = await librarian_client.get("/planner?day=2026-12-01", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="planner"')
    assert "<html" not in response.text


async def test_htmx_history_restore_gets_the_whole_planner_page(librarian_client):
    response = await librarian_client.get("/planner?day=2026-12-01", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert (response.status_code, response.text.lstrip().startswith("<!doctype html>"), response.headers["vary"]) == (200, True, "HX-Request")


async def test_page_and_fragment_of_the_planner_both_vary_on_hx_request(librarian_client):
    page = await librarian_client.get("/planner?day=2026-12-01")
    fragment = await librarian_client.get("/planner?day=2026-12-01", headers={"HX-Request": "true"})

    assert (page.headers["vary"], fragment.headers["vary"]) == ("HX-Request", "HX-Request")
    assert (page.text.lstrip().startswith("<!doctype html>"), fragment.text.lstrip().startswith("<!doctype html>")) == (True, False)


@pytest.mark.parametrize("view, expected", [("week", "30.11.2026.–06.12.2026."), ("agenda", "2026. gada decembris")])
async def test_week_and_agenda_views(librarian_client, librarian, branch, view, expected):
    await plan(librarian, branch["id"], "Rīta lasījumi", day="02.12.2026.")

    response = await librarian_client.get(f"/planner?view={view}&day=2026-12-02")

    assert expected in response.text
    assert "Rīta lasījumi" in response.text


async def test_librarian_sees_her_own_branch_by_default(librarian_client, librarian, branch, other_branch, coordinator):
    await plan(librarian, branch["id"], "Rožupes pasākums")
    await plan(coordinator, other_branch["id"], "Rudzātu pasākums")

    response = await librarian_client.get("/planner?day=2026-12-01")

    assert "Rožupes pasākums" in response.text
    assert "Rudzātu pasākums" not in response.text


async def test_coordinator_sees_all_branches_side_by_side(client, coordinator, librarian, branch, other_branch):
    await plan(librarian, branch["id"], "Rožupes pasākums")
    await plan(coordinator, other_branch["id"], "Rudzātu pasākums")
    await login(client, coordinator)

    response = await client.get("/planner?view=week&day=2026-12-01")

    columns = re.findall(r'<thead><tr><th scope="col">Diena</th>(.*?)</tr></thead>', response.text, re.S)[0]
    assert re.findall(r"<th scope=\"col\">([^<]+)</th>", columns) == ["Rožupe", "Rudzāti"]
    assert "Rožupes pasākums" in response.text and "Rudzātu pasākums" in response.text


async def test_filter_by_kind(librarian_client, librarian, branch):
    await plan(librarian, branch["id"], "Pasākums bērniem")
    await plan(librarian, branch["id"], "Bibliotekārā stunda 4. klasei", kind="lesson", lesson_class="4. klase")

    response = await librarian_client.get("/planner?day=2026-12-01&kind=lesson")

    assert "Bibliotekārā stunda 4. klasei" in response.text
    assert "Pasākums bērniem" not in response.text


async def test_filter_by_audience_and_status(librarian_client, librarian, branch):
    await plan(librarian, branch["id"], "Senioriem", audiences=["seniors"])
    await plan(librarian, branch["id"], "Bērniem", audiences=["children"], status="confirmed")

    by_audience = await librarian_client.get("/planner?day=2026-12-01&audience=seniors")
    by_status = await librarian_client.get("/planner?day=2026-12-01&status=confirmed")

    assert ("Senioriem" in by_audience.text, "Bērniem" in by_audience.text) == (True, False)
    assert ("Senioriem" in by_status.text, "Bērniem" in by_status.text) == (False, True)


async def test_filter_by_partner(librarian_client, librarian, branch, school):
    await plan(librarian, branch["id"], "Ar skolu", partners=[(school["id"], "host")])
    await plan(librarian, branch["id"], "Bez partnera")

    response = await librarian_client.get(f"/planner?day=2026-12-01&partner={school['id']}")

    assert "Ar skolu" in response.text
    assert "Bez partnera" not in response.text


@pytest.mark.parametrize("query", ["view=nonsense", "day=2026-13-45", "branch=999999", "kind=unknown&status=nope", "partner=abc"])
async def test_planner_survives_bad_query_values(librarian_client, query):
    response = await librarian_client.get(f"/planner?{query}")

    assert response.status_code == 200


async def test_cancelled_session_is_marked(librarian_client, librarian, branch):
    from models.planning.programme import set_status

    item_id = await plan(librarian, branch["id"], "Atceltais pasākums")
    await set_status(item_id, Status.CANCELLED, librarian["id"])

    response = await librarian_client.get("/planner?day=2026-12-01")

    assert re.search(r'<li class="session[^"]*is-cancelled[^"]*"[^>]*>\s*<a[^>]*>.*?Atceltais pasākums', response.text, re.S)
