"""A librarian records attendance from her dashboard on a phone: the row opens as a form in
place, a wrong number gets its message with the typed text kept, and the saved row shows the figures."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from models.planning.programme import create_item
from models.kernel.tables import Attendance, Item
from tests.browser.planning.test_planner import TIMEOUT_MS, log_in
from tests.models import make_draft

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


async def test_librarian_records_attendance_on_a_phone(live_server, browser, branch, librarian):
    draft = await make_draft(branch["id"], librarian, title="Dzejas vakars", start_date="02.11.2026.", start_time="17:00",
                             end_time="18:30", status="published")
    item_id = await create_item(draft, librarian["id"])
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await log_in(page, live_server.url, librarian["username"])

    await page.goto(f"{live_server.url}/attendance")
    await expect(page.locator("#attendance-count")).to_have_text("1")
    await page.get_by_role("button", name="Ierakstīt").click()
    total = page.get_by_label("Apmeklētāji kopā")
    await expect(total).to_be_focused()
    await expect(total).to_have_attribute("inputmode", "numeric")
    await total.fill("30")
    await page.get_by_label("Bērni līdz 18 g.").fill("-4")
    await page.get_by_role("button", name="Saglabāt").click()
    await expect(page.locator(".field-error")).to_have_text("Skaitlis nevar būt negatīvs.")
    await expect(page.get_by_label("Apmeklētāji kopā")).to_have_value("30")
    await page.get_by_label("Bērni līdz 18 g.").fill("12")
    await page.get_by_role("button", name="Saglabāt").click()

    await expect(page.locator("tr.is-saved")).to_contain_text("Apmeklētāji kopā: 30 · Bērni līdz 18 g.: 12 · Pieaugušie: 18")
    await expect(page.locator("#attendance-count")).to_have_text("0")
    overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    await context.close()
    stored = await Attendance.select(Attendance.total, Attendance.children, Attendance.adults).first()
    status = await Item.select(Item.status).where(Item.id == item_id).first()
    assert overflow == 0
    assert stored == {"total": 30, "children": 12, "adults": 18}
    assert status == {"status": "held"}
