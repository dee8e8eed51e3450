"""Two residents on their phones (390 px, Chromium), without accounts: the first registers for the
last place on the public item page and keeps the personal link; the second joins the waiting
list and sees her place in it; the first cancels through the link, and the second's page then
says she has the place. Her promotion mail reaches a real SMTP server on loopback and its
personal link opens her registration on a phone that never saw it. No page scrolls sideways."""
from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from app.kernel.settings import Settings
from app.mail.sender import send_due
from models.kernel.registration_tables import Registration
from models.kernel.tables import MailMessage
from tests.app.smtp_server import smtp_server  # noqa: F401 - the fixture
from tests.app.registration import turn_on, workshop
from tests.browser.planning.test_planner import TIMEOUT_MS
from tests.browser.test_accessibility import AXE, violations
from tests.conftest import TEST_DATABASE_URL

pytestmark = [pytest.mark.browser, pytest.mark.clock("25.11.2026 12:00")]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "lv-LV"}


async def page_width(page) -> int:
    await page.wait_for_load_state("load")  # measured once the stylesheets apply
    return await page.evaluate("document.documentElement.scrollWidth")


async def register(page, url: str, name: str, *, email: str = "", phone: str = "") -> None:
    await page.goto(url)
    section = page.locator("#registration")
    await section.get_by_label("Vārds, uzvārds").fill(name)
    if phone:
        await section.get_by_label("Tālrunis").fill(phone)
    if email:
        await section.get_by_label("E-pasts").fill(email)
    await section.get_by_role("button").click()
    await page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]{43}\?done=new$"))


async def test_register_join_the_waiting_list_cancel_and_the_next_gets_the_place(browser, live_server, smtp_server, branch, librarian):  # noqa: F811
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="1", party_max="1")
    item_url = f"{live_server.url}/programme/rozupe/{item_id}"
    anna_context, ilze_context = await browser.new_context(**PHONE), await browser.new_context(**PHONE)
    widths, found = {}, []
    try:
        anna, ilze = await anna_context.new_page(), await ilze_context.new_page()
        for page in (anna, ilze):
            page.set_default_timeout(TIMEOUT_MS)

        await anna.goto(item_url)
        await expect(anna.locator(".places-left")).to_have_text("Brīva 1 vieta")
        widths["item"] = await page_width(anna)
        found += await violations(anna) if AXE.exists() else []
        await register(anna, item_url, "Anna Liepa", phone="+371 26000001")
        await expect(anna.locator(".registration-state")).to_have_text("Pieteikums pieņemts: jums ir vieta.")
        await expect(anna.locator(".notice-ok")).to_contain_text("Jūs nenorādījāt e-pastu, tāpēc saglabājiet šo lapu")
        anna_link = anna.url.split("?")[0]
        await expect(anna.locator(".personal-link")).to_have_text(anna_link)
        widths["confirmation"] = await page_width(anna)
        found += await violations(anna) if AXE.exists() else []

        await ilze.goto(item_url)
        await expect(ilze.locator(".places-left")).to_have_text("Vietu nav — var pieteikties rindā")
        await register(ilze, item_url, "Ilze Kalna", email="ilze@example.lv")
        await expect(ilze.locator(".registration-state")).to_have_text("Jūs esat rindā: 1. vieta.")
        ilze_link = ilze.url.split("?")[0]
        widths["waiting"] = await page_width(ilze)

        await anna.goto(anna_link)
        await anna.get_by_role("button", name="Atsaukt pieteikumu").click()
        await expect(anna.locator(".notice-ok")).to_contain_text("Pieteikums atsaukts.")
        await expect(anna.locator(".registration-state")).to_have_text("Pieteikums atsaukts.")

        await ilze.goto(ilze_link)
        await expect(ilze.locator(".registration-state")).to_have_text("Pieteikums pieņemts: jums ir vieta.")
        widths["promoted"] = await page_width(ilze)

        # the outbox delivered as the mailer does, to a real SMTP server on loopback
        mailer = Settings(database_url=TEST_DATABASE_URL, secret_key="mailer-" + "x" * 40, base_url=live_server.url, smtp_url=smtp_server.url)
        await send_due(mailer)
        [promotion] = [mail for mail in smtp_server.messages if mail["To"].addresses[0].addr_spec == "ilze@example.lv"
                       and mail["Subject"].startswith("Jums ir vieta")]
        mailed_link = re.search(r"http://\S+/r/[A-Za-z0-9_-]{43}", promotion.get_content()).group(0)
        # opened from the mail on another phone: the same registration, not the first mail's link needed
        from_mail = await (await browser.new_context(**PHONE)).new_page()
        await from_mail.goto(mailed_link)
        await expect(from_mail.locator(".registration-state")).to_have_text("Pieteikums pieņemts: jums ir vieta.")
        await expect(from_mail.get_by_text("Ilze Kalna")).to_be_visible()
        await from_mail.context.close()
    finally:
        await anna_context.close()
        await ilze_context.close()

    promoted = await MailMessage.select(MailMessage.to_address, MailMessage.subject, MailMessage.status).where(MailMessage.key.like("registration:%:promoted"))
    assert widths == {"item": 390, "confirmation": 390, "waiting": 390, "promoted": 390}
    assert found == []
    assert await Registration.select(Registration.name, Registration.state).order_by(Registration.id) == [
        {"name": "Anna Liepa", "state": "cancelled"}, {"name": "Ilze Kalna", "state": "registered"}]
    assert promoted == [{"to_address": "ilze@example.lv", "subject": "Jums ir vieta: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30", "status": "sent"}]
    assert mailed_link == ilze_link
