"""axe-core (the engine behind Lighthouse's accessibility audit, from the npm lock file) on the
pages librarians and residents use most: no serious or critical violation."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.planning.programme import create_item
from models.planning.validation import validate_item
from tests.browser.planning.test_planner import log_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.browser


async def violations(page) -> list[str]:
    await page.evaluate(AXE.read_text() + "\n;undefined")
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return sorted(
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    )


@pytest.fixture
async def published_item(librarian, branch, reading_room) -> int:
    raw = {"kind": "event", "title": "Stāstu pēcpusdiena „Nu gan savārījām ziepes”", "branch_id": branch["id"],
           "place_id": reading_room["id"], "start_date": "03.12.2026.", "start_time": "16:00", "end_date": "03.12.2026.",
           "end_time": "18:00", "status": "published", "is_public": True, "audiences": ["adults", "seniors"],
           "description": "Ziepju gatavošana kopā ar Airu Romanovsku."}
    return await create_item(await validate_item(raw, librarian), librarian["id"])


async def test_staff_pages_have_no_serious_accessibility_violations(browser, live_server, librarian, published_item):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `make static` (npm ci)")
    page = await browser.new_page()
    found = {}
    await page.goto(f"{live_server.url}/login")
    found["login"] = await violations(page)
    await log_in(page, live_server.url, librarian["username"])
    await page.goto(f"{live_server.url}/planner?day=2026-12-01")
    found["planner"] = await violations(page)
    await page.click("td[data-day='2026-12-03'] button.add")
    await page.wait_for_selector("#item-dialog[open] #item-form")
    found["dialog"] = await violations(page)
    await page.goto(f"{live_server.url}/items/{published_item}")
    found["item"] = await violations(page)

    assert found == {"login": [], "planner": [], "dialog": [], "item": []}


async def test_public_pages_have_no_serious_accessibility_violations(browser, live_server, branch, published_item):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `make static` (npm ci)")
    page = await browser.new_page()
    found = {}
    for name, path in (("list", "/programme/rozupe?month=2026-12"), ("grid", "/programme/rozupe?view=grid&month=2026-12"),
                       ("item", f"/programme/rozupe/{published_item}"), ("embed", "/embed/rozupe")):
        await page.goto(live_server.url + path)
        found[name] = await violations(page)

    assert found == {"list": [], "grid": [], "item": [], "embed": []}


async def test_attendance_and_statistics_pages_have_no_serious_accessibility_violations(browser, live_server, librarian, branch):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `make static` (npm ci)")
    from datetime import datetime, timezone

    from models.attendance.recording import record_attendance
    from models.kernel.tables import Occurrence

    for day, title in (("02.11.2026.", "Dzejas vakars"), ("04.11.2026.", "Stāstu pēcpusdiena")):
        raw = {"kind": "event", "title": title, "branch_id": branch["id"], "start_date": day, "start_time": "17:00", "end_date": day,
               "end_time": "18:00", "status": "published", "is_public": True, "audiences": ["children"]}
        item_id = await create_item(await validate_item(raw, librarian), librarian["id"])
    recorded = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()
    await record_attendance(recorded["id"], {"total": "20", "children": "15"}, librarian["id"], now=datetime(2026, 11, 25, tzinfo=timezone.utc))
    page = await browser.new_page()
    found = {}
    await log_in(page, live_server.url, librarian["username"])
    for name, path in (("dashboard", "/attendance"), ("form", f"/attendance/{recorded['id']}"), ("statistics", "/statistics?period=year&year=2026"),
                       ("partners", "/statistics/partners?period=year&year=2026"), ("figures", "/figures")):
        await page.goto(f"{live_server.url}{path}")
        found[name] = await violations(page)
    await page.goto(f"{live_server.url}/attendance")
    await page.click("a.record")
    await page.wait_for_selector("tr form")
    found["row form"] = await violations(page)

    assert found == {"dashboard": [], "form": [], "statistics": [], "partners": [], "figures": [], "row form": []}


async def test_set_up_pages_have_no_serious_accessibility_violations(browser, live_server, coordinator, branch, reading_room):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `make static` (npm ci)")
    page = await browser.new_page()
    await log_in(page, live_server.url, coordinator["username"])
    found = {}
    for path in ("/libraries", f"/libraries/{branch['id']}", "/libraries/new", "/places", f"/places/{reading_room['id']}", "/places/new",
                 "/staff", f"/staff/{coordinator['id']}", "/staff/new", "/account"):
        await page.goto(live_server.url + path)
        found[path] = await violations(page)

    assert found == {path: [] for path in found}


async def test_import_pages_have_no_serious_accessibility_violations(browser, live_server, librarian, reading_room):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `make static` (npm ci)")
    page = await browser.new_page()
    await log_in(page, live_server.url, librarian["username"])
    await page.goto(f"{live_server.url}/import")
    found = {"upload": await violations(page)}
    await page.set_input_files("input[name=file]", str(Path(__file__).parents[1] / "fixtures" / "google_export.ics"))
    await page.locator("button[type=submit]").last.click()
    await page.wait_for_selector("table.import-rows")
    found["preview"] = await violations(page)

    assert found == {"upload": [], "preview": []}
