"""From an empty database to a first planned event, in Chromium: the coordinator `afisa init`
made signs in, adds her library with its hours and an outdoor stage, invites a librarian; the
librarian sets her own password from the link and plans an event at the stage. The set-up pages
fit a 390 px phone."""
from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from app.auth.passwords import hash_password
from models.network.setup import set_up
from tests.browser.planning.test_planner import plain_days, save_dialog
from models.kernel.clock import local_today

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
COORDINATOR_PASSWORD = "koordinatores-parole-1"
NEW_PASSWORD = "ilzes-jauna-parole-2027"


async def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.locator("article.login button[type=submit]").click()
    await page.wait_for_url(re.compile(r"/planner$"))


async def no_sideways_scroll(page: Page) -> int:
    return await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


async def too_wide(page: Page) -> list[str]:
    """The innermost elements that reach past the window's right edge (what to fix when it scrolls)."""
    return await page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && ![...e.children].some(
            c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + (e.textContent || '').trim().slice(0, 30))""")


async def test_new_network_is_set_up_and_an_invited_librarian_plans_her_first_event(browser, live_server, db):
    await set_up("Līvānu novada bibliotēkas", "anna", "Anna Ozola", "anna@livani.lv", hash_password(COORDINATOR_PASSWORD))
    day = plain_days(local_today())[-1]
    coordinator = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="lv-LV")
    coordinator.set_default_timeout(TIMEOUT_MS)
    page = await coordinator.new_page()
    await sign_in(page, live_server.url, "anna", COORDINATOR_PASSWORD)

    # her library, with weekly hours
    await page.goto(f"{live_server.url}/libraries")
    await page.get_by_role("button", name="Jauna bibliotēka").click()
    await page.fill("input[name=name]", "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka")
    await page.fill("input[name=short_name]", "Rožupe")
    await page.fill("input[name=slug]", "rozupe")
    await page.fill("input[name=hours_0]", "9:00–18:00")
    await page.fill("input[name=hours_1]", "no rīta")
    await page.get_by_role("button", name="Saglabāt").click()
    await expect(page.locator("#n-hours_1-error")).to_have_text(
        "Ierakstiet laiku no–līdz, piemēram, 9:00–18:00; vairākus laikus atdaliet ar komatu.")
    await expect(page.locator("input[name=short_name]")).to_have_value("Rožupe")
    await page.fill("input[name=hours_1]", "10:00-13:00, 14:00-18:00")
    await page.get_by_role("button", name="Saglabāt").click()
    await expect(page.locator("h1")).to_have_text("Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka")
    await expect(page.locator("dl.facts")).to_contain_text("O 10:00–13:00, 14:00–18:00")

    # the village's open-air stage
    await page.get_by_role("button", name="Jauna vieta").click()
    await page.select_option("select[name=kind]", "venue")
    await page.fill("input[name=name]", "Rožupes estrāde")
    await page.fill("input[name=capacity]", "300")
    await page.get_by_role("button", name="Saglabāt").click()
    await expect(page.locator("h1")).to_have_text("Rožupes estrāde")

    # a colleague, invited; no mail server, so the link is shown once
    await page.goto(f"{live_server.url}/staff/new")
    await page.fill("input[name=display_name]", "Ilze Kalniņa")
    await page.fill("input[name=username]", "ilze")
    await page.fill("input[name=email]", "ilze@livani.lv")
    await page.select_option("select[name=branch_id]", label="Rožupe")
    await page.get_by_role("button", name="Uzaicināt").click()
    await expect(page.locator("h1")).to_have_text("Kolēģis uzaicināts")
    link = await page.locator("article input[readonly]").input_value()
    assert link.startswith(f"{live_server.url}/welcome/")

    # the librarian, on her own phone
    phone = await browser.new_context(viewport={"width": 390, "height": 844}, locale="lv-LV")
    phone.set_default_timeout(TIMEOUT_MS)
    ilze = await phone.new_page()
    await ilze.goto(link)
    await expect(ilze.locator("h1")).to_have_text("Labdien, Ilze Kalniņa!")
    assert await no_sideways_scroll(ilze) == 0
    await ilze.fill("input[name=password]", NEW_PASSWORD)
    await ilze.fill("input[name=password_again]", NEW_PASSWORD)
    await ilze.get_by_role("button", name="Iestatīt paroli un pieteikties").click()
    await ilze.wait_for_url(re.compile(r"/planner$"))
    await phone.close()

    # and at her desk she plans the first event at the stage
    desk = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="lv-LV")
    desk.set_default_timeout(TIMEOUT_MS)
    planner = await desk.new_page()
    await sign_in(planner, live_server.url, "ilze", NEW_PASSWORD)
    cell = planner.locator(f'td[data-day="{day.isoformat()}"]')
    await cell.locator("button.add").click()
    await planner.fill("#f-title", "Vasaras lasījumi estrādē")
    await planner.fill("#f-start-time", "18:00")
    await planner.fill("#f-end-time", "20:00")
    stage = await planner.locator("#f-place option", has_text="Rožupes estrāde").get_attribute("value")
    await planner.select_option("#f-place", value=stage)
    await save_dialog(planner)
    await expect(cell.locator("li.session", has_text="Vasaras lasījumi estrādē")).to_have_count(1)
    await desk.close()

    # the pages the coordinator used fit a phone
    await page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/libraries", "/libraries/1", "/libraries/new", "/places", "/places/new", "/staff", "/staff/new", "/account"):
        await page.goto(f"{live_server.url}{path}")
        assert (path, await no_sideways_scroll(page)) == (path, 0), await too_wide(page)
    await coordinator.close()
