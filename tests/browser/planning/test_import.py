"""Bringing a Google Calendar export in, in Chromium: the preview, a changed place, the confirmation,
and the planner showing the series' moved session and the exhibition."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.planning.test_planner import log_in

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
GOOGLE_EXPORT = Path(__file__).parents[2] / "fixtures" / "google_export.ics"


async def test_librarian_imports_a_calendar_export_and_finds_it_in_the_planner(browser, live_server, librarian, reading_room):
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="lv-LV")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await log_in(page, live_server.url, librarian["username"])

    await page.goto(f"{live_server.url}/import")
    await page.set_input_files("input[name=file]", str(GOOGLE_EXPORT))
    await page.get_by_role("button", name="Parādīt, ko ievedīs").click()
    await expect(page.locator("h1")).to_have_text("Ko ievedīs: Rožupe")
    club = page.locator("tr", has_text="Lasītāju klubs")
    await expect(club).to_contain_text("sērija · 6 reizes · atceltas: 1 · pārceltas: 1")
    await expect(club.locator("select[name^=place_]")).to_have_value(str(reading_room["id"]))
    meeting = page.locator("tr", has_text="Plānošanas sanāksme").first
    await meeting.locator("input[type=checkbox]").uncheck()
    await page.get_by_label("plānotus").check()
    await page.get_by_role("button", name="Ievest atzīmētās").click()

    await expect(page.locator("h1")).to_have_text("Programma ievesta")
    await expect(page.locator("p[role=status]")).to_have_text("Izveidoti 6 ieraksti.")
    await page.get_by_role("button", name="Uz plānotāju").click()
    await page.wait_for_url(re.compile(r"/planner\?day=2026-03-02$"))
    await expect(page.locator('td[data-day="2026-03-26"] li.session', has_text="Lasītāju klubs")).to_have_count(1)
    await expect(page.locator('td[data-day="2026-03-25"] li.session', has_text="Lasītāju klubs")).to_have_count(0)
    await expect(page.locator('td[data-day="2026-03-18"] li.session.is-cancelled', has_text="Lasītāju klubs")).to_have_count(1)
    await expect(page.locator("body")).to_contain_text("Izstāde „Rožupe fotogrāfijās”")
    await context.close()
