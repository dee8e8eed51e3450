"""A librarian works through a delivery round on her phone (390 px, Chromium): she types the
service point's figures, taps Done there and at the home reader's door, then Finish. The
attendance it records is what the attendance form stores for the same figures, and the page
never scrolls sideways."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from models.kernel.outreach_tables import DeliveryRound
from models.kernel.tables import Attendance, Occurrence
from models.outreach import plan_round, round_detail, set_bring
from models.planning import create_item
from tests.app.outreach.test_rounds import MONDAY, make_reader, service_delivery
from tests.browser.planning.test_planner import TIMEOUT_MS, log_in
from tests.browser.test_accessibility import AXE, violations
from tests.models import make_draft

pytestmark = [pytest.mark.browser, pytest.mark.clock("02.02.2026 09:00")]  # a Monday

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "lv-LV"}
FIGURES = ("total", "children", "adults", "online", "kits", "items_out", "items_back", "readers_served")


async def page_width(page) -> int:
    """Measured once the page has its stylesheets: a busy machine (CI on PostgreSQL) once showed the
    finished round 1031 px wide, its text in place but outreach.css not yet applied."""
    await page.wait_for_load_state("load")
    return await page.evaluate("document.documentElement.scrollWidth")


async def last_weeks_delivery(branch: dict, care_centre: dict, librarian: dict) -> int:
    """The same delivery to the care centre a week earlier, its figures to be typed into the attendance form."""
    draft = await make_draft(branch["id"], librarian, kind="delivery", delivery_kind="service_point", title="Grāmatu kopas maiņa",
                             place_id=str(care_centre["id"]), start_date="26.01.2026.", start_time="08:00", end_time="08:30", status="published")
    item_id = await create_item(draft, librarian["id"])
    return (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]


async def test_librarian_finishes_a_round_on_her_phone(browser, live_server, branch, care_centre, librarian):
    await service_delivery(branch, care_centre, librarian)
    await make_reader(branch["id"], librarian)
    round_id = await plan_round(branch["id"], MONDAY, librarian, title="Grāmatu piegāde mājās")
    point, home = (await round_detail(round_id))["stops"]
    await set_bring(home["id"], "Rūdolfs Blaumanis — Zagļi\nRūdolfs Blaumanis — Nāves ēnā", librarian)
    earlier = await last_weeks_delivery(branch, care_centre, librarian)
    context = await browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    widths = {}
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/outreach/rounds/{round_id}")
        await expect(page.locator("#round-progress")).to_have_text("Paveiktas pieturas: 0 no 2")
        widths["round"] = await page_width(page)
        found = {"round": await violations(page) if AXE.exists() else []}

        # the service point: she types what went out, what came back and how many readers came
        stop = page.locator(f"#stop-{point['id']}")
        await expect(stop.locator("h2")).to_contain_text("Sociālās aprūpes centrs „Rožlejas”")
        await stop.get_by_label("Izsniegtie izdevumi").fill("25")
        await stop.get_by_label("Atgrieztie izdevumi").fill("18")
        await stop.get_by_label("Apkalpotie lasītāji").fill("12")
        await stop.get_by_role("button", name="Gatavs").tap()
        await expect(page.locator(f"#stop-{point['id']}.is-done")).to_contain_text("Izsniegtie izdevumi: 25 · Atgrieztie izdevumi: 18 · Apkalpotie lasītāji: 12")
        await expect(page.locator("#round-progress")).to_have_text("Paveiktas pieturas: 1 no 2")

        # the home reader: the two titles she brought, nothing typed
        stop = page.locator(f"#stop-{home['id']}")
        await expect(stop.locator("h2")).to_contain_text("Anna Lapiņa")
        await expect(stop.locator('a[href^="tel:"]').first).to_have_attribute("href", "tel:+37129111222")
        await stop.get_by_role("button", name="Gatavs").tap()
        await expect(page.locator(f"#stop-{home['id']}.is-done")).to_contain_text("Izsniegtie izdevumi: 2")
        await expect(page.locator("#round-progress")).to_have_text("Paveiktas pieturas: 2 no 2")
        widths["done"] = await page_width(page)

        await page.get_by_role("button", name="Pabeigt maršrutu").tap()
        await expect(page.locator("#notices")).to_contain_text("Maršruts pabeigts: apmeklējums ierakstīts 2 piegādēm.")
        widths["finished"] = await page_width(page)

        # the same figures typed into the attendance form for last week's delivery to the same place
        await page.goto(f"{live_server.url}/attendance/{earlier}")
        await page.get_by_label("Izsniegtie izdevumi").fill("25")
        await page.get_by_label("Atgrieztie izdevumi").fill("18")
        await page.get_by_label("Apkalpotie lasītāji").fill("12")
        await page.get_by_role("button", name="Saglabāt").tap()
        await page.wait_for_url(f"{live_server.url}/attendance?saved=1")

        await page.goto(f"{live_server.url}/outreach/rounds/{round_id}/sheet")
        widths["sheet"] = await page_width(page)
        found["sheet"] = await violations(page) if AXE.exists() else []
        # the other outreach pages on the same phone: the readers' list, a card, its form, the rounds
        for name, path in (("readers", "/outreach/readers"), ("card", f"/outreach/readers/{home['reader']}"),
                           ("form", f"/outreach/readers/{home['reader']}/edit"), ("rounds", "/outreach/rounds")):
            await page.goto(live_server.url + path)
            widths[name] = await page_width(page)
            found[name] = await violations(page) if AXE.exists() else []
    finally:
        await context.close()

    rows = {row["occurrence"]: {name: row[name] for name in FIGURES} for row in await Attendance.select()}
    home_session = (await DeliveryRound.select(DeliveryRound.home_session).first())["home_session"]
    assert rows[point["session"]] == rows[earlier] == {"total": 0, "children": 0, "adults": 0, "online": 0, "kits": 0, "items_out": 25,
                                                       "items_back": 18, "readers_served": 12}
    assert rows[home_session] == {"total": 0, "children": 0, "adults": 0, "online": 0, "kits": 0, "items_out": 2, "items_back": 0,
                                  "readers_served": 1}
    assert {name: width <= 390 for name, width in widths.items()} == {
        name: True for name in ("round", "done", "finished", "sheet", "readers", "card", "form", "rounds")}, widths
    assert found == {name: [] for name in ("round", "sheet", "readers", "card", "form", "rounds")}
