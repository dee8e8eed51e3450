"""The planner in a real browser: a librarian plans, moves and cancels a session in the month
grid's dialog without a page reload; the planner on a phone; the English interface."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.async_api import Page, expect

from models.kernel.calendar_facts import holiday_name, moved_working_days, school_break
from models.kernel.clock import local_today
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
WEEKDAYS_LV = ["P", "O", "T", "C", "Pk", "S", "Sv"]
WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
TITLE = "Pasaku rīts ar Maiju"


def plain_days(today: date) -> list[date]:
    """This month's working days that draw no calendar warning (no holiday, no moved working day, no school break)."""
    day, days = today.replace(day=1), []
    while day.month == today.month:
        if day.weekday() < 5 and not holiday_name(day) and day not in moved_working_days(day.year) and not school_break(day):
            days.append(day)
        day += timedelta(days=1)
    if len(days) < 2:  # a month of school breaks: weekdays without a holiday are enough for an event
        day, days = today.replace(day=1), []
        while day.month == today.month:
            if day.weekday() < 5 and not holiday_name(day) and day not in moved_working_days(day.year):
                days.append(day)
            day += timedelta(days=1)
    return days


async def log_in(page: Page, base_url: str, username: str) -> None:
    await page.goto(f"{base_url}/login")
    await expect(page.locator("html")).to_have_attribute("lang", "lv")
    await expect(page.locator("h1")).to_have_text("Pieteikties Afišā")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.locator("article.login button[type=submit]").click()
    await page.wait_for_url(re.compile(r"/planner$"))


async def form_date(field, day: date) -> str:
    """How the item form writes `day` in `field`: ISO in an <input type=date>, dd.mm.yyyy. in a text field."""
    return day.isoformat() if await field.get_attribute("type") == "date" else day.strftime("%d.%m.%Y.")


async def save_dialog(page: Page) -> None:
    """Save the item dialog; if the form answers with clash warnings, save past them."""
    dialog, warnings, errors = page.locator("#item-dialog"), page.locator("#clash-warnings"), page.locator("#item-form .notice-error")
    await page.locator("#save-item").click()
    for _ in range(TIMEOUT_MS // 100):
        if not await dialog.is_visible():
            return
        if await errors.count():
            pytest.fail(f"the item form refused the save: {await page.locator('#item-form').inner_text()}")
        if await warnings.is_visible():
            await warnings.locator("button[name=override]").click()
            break
        await page.wait_for_timeout(100)
    await expect(dialog).to_be_hidden()


async def test_librarian_plans_moves_and_cancels_a_session(browser, live_server, librarian, reading_room):
    today = local_today()
    days = plain_days(today)
    first_day, other_day = days[0], days[-1]
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="lv-LV")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    try:
        await log_in(page, live_server.url, librarian["username"])

        # this month's grid in Latvian, Monday first
        await expect(page.locator("#planner-title")).to_contain_text(f"{today.year}. gada")
        await expect(page.locator("table.month-grid thead th")).to_have_text(WEEKDAYS_LV)
        first_cell_day = date.fromisoformat(await page.locator("table.month-grid tbody td").first.get_attribute("data-day"))
        assert first_cell_day.weekday() == 0 and first_cell_day <= today.replace(day=1)
        await expect(page.locator(f'td.today[data-day="{today.isoformat()}"]')).to_have_count(1)
        await page.evaluate("window.afisaNoReload = true")  # gone if the page reloads

        # "+" on a day opens the dialog for that day; save; the session shows in that day's cell
        first_cell = page.locator(f'td[data-day="{first_day.isoformat()}"]')
        other_cell = page.locator(f'td[data-day="{other_day.isoformat()}"]')
        await first_cell.locator("button.add").click()
        dialog = page.locator("#item-dialog")
        await expect(dialog).to_be_visible()
        await expect(dialog.locator("#dialog-title")).to_have_text("Jauns ieraksts")
        await expect(dialog.locator("#dialog-body"), "the form must be swapped into #dialog-body, not replace it").to_have_count(1)
        start_date, end_date = page.locator("#f-start-date"), page.locator("#f-end-date")
        await expect(start_date).to_have_value(await form_date(start_date, first_day))
        await page.fill("#f-title", TITLE)
        await page.fill("#f-start-time", "10:00")
        await page.fill("#f-end-time", "11:30")
        await page.select_option("#f-place", value=str(reading_room["id"]))
        await save_dialog(page)
        session = first_cell.locator("li.session", has_text=TITLE)
        await expect(session).to_have_count(1)
        await expect(session.locator("time")).to_have_text("10:00")
        assert await page.evaluate("window.afisaNoReload === true"), "the page reloaded"
        assert not problems, problems

        # open it, move it to another day of the month
        await session.locator("a").click()
        await expect(dialog).to_be_visible()
        await expect(page.locator("#f-title")).to_have_value(TITLE)
        await expect(start_date).to_have_value(await form_date(start_date, first_day))
        await start_date.fill(await form_date(start_date, other_day))
        await end_date.fill(await form_date(end_date, other_day))
        await save_dialog(page)
        moved = other_cell.locator("li.session", has_text=TITLE)
        await expect(moved).to_have_count(1)
        await expect(first_cell.locator("li.session")).to_have_count(0)

        # open it again and cancel it: it stays in the plan, marked cancelled
        await moved.locator("a").click()
        await expect(dialog).to_be_visible()
        confirms: list[str] = []

        async def accept(confirm) -> None:
            confirms.append(confirm.message)
            await confirm.accept()

        page.on("dialog", accept)
        await page.locator("button#cancel-item").click()
        await expect(dialog).to_be_hidden()
        cancelled = other_cell.locator("li.session.is-cancelled", has_text=TITLE)
        await expect(cancelled).to_have_count(1)
        await expect(cancelled.locator(".badge-cancelled")).to_have_text("Atcelts")
        assert confirms and "Atcelt visu ierakstu?" in confirms[0]
        await expect(first_cell.locator("li.session")).to_have_count(0)
        await expect(page.locator(".planner-count")).to_have_text("Ierakstu skaits: 1")
        assert await page.evaluate("window.afisaNoReload === true"), "the page reloaded"
        assert not problems, problems
    finally:
        await context.close()


async def test_planner_on_a_phone(browser, live_server, librarian, reading_room):
    today = local_today()
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="lv-LV")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    try:
        await log_in(page, live_server.url, librarian["username"])
        await expect(page.locator("table.month-grid")).to_be_visible()
        await expect(page.locator(f'td[data-day="{today.isoformat()}"]')).to_be_visible()
        await expect(page.locator("#planner-title")).to_contain_text(f"{today.year}. gada")
        new_item = page.locator("button.new-item")
        await expect(new_item).to_have_text("+ Jauns ieraksts")
        await new_item.click()
        dialog = page.locator("#item-dialog")
        await expect(dialog).to_be_visible()
        await expect(page.locator("#f-title")).to_be_visible()
        await expect(page.locator("#save-item")).to_be_attached()
        box = await dialog.locator("article").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, box
    finally:
        await context.close()


async def test_english_interface(browser, live_server, librarian):
    from babel.dates import format_date

    today = local_today()
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.locator("header button[name=lang][value=en]").click()
        await expect(page.locator("html")).to_have_attribute("lang", "en")
        await page.wait_for_url(re.compile(r"/planner$"))
        await expect(page.locator("#planner-title")).to_contain_text(format_date(today, "LLLL yyyy", locale="en"))
        await expect(page.locator("table.month-grid thead th")).to_have_text(WEEKDAYS_EN)
        await expect(page.locator("button.new-item")).to_have_text("+ New entry")
        await expect(page.locator("header nav")).to_contain_text("Planner")
        await expect(page.locator("header button[name=lang][value=lv]")).to_have_text("Latviešu")
    finally:
        await context.close()
