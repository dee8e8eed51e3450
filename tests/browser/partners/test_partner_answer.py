"""A partner answers on a phone: opens the link from the mail, proposes another time with a
note, and sees that the library has the answer."""
from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from models.partners.confirmations import ask
from models.planning.programme import create_item
from models.kernel.tables import MailMessage, PartnerContact, PartnerRequest
from tests.models import make_draft

pytestmark = [pytest.mark.browser, pytest.mark.clock("01.12.2026 09:00")]  # the item is on 10.02.2027

PHONE = {"width": 390, "height": 844}


async def test_partner_proposes_another_time_on_a_phone(live_server, browser, branch, librarian, school):
    draft = await make_draft(branch["id"], librarian, title="Dzejas dienas", start_date="10.02.2027.", start_time="17:00",
                             end_time="18:30", responsible_id=librarian["id"], partners=[{"partner_id": school["id"], "role": "performer"}])
    item_id = await create_item(draft, librarian["id"])
    [contact] = await PartnerContact.insert(PartnerContact(partner=school["id"], name="Inese Ozola", email="inese@skola.lv")).returning(PartnerContact.id)
    [request_id] = await ask(item_id, [contact["id"]], librarian, live_server.url)
    body = (await MailMessage.select(MailMessage.body).where(MailMessage.key == f"ask:{request_id}").first())["body"]
    link = re.search(r"http://\S+/answer/[A-Za-z0-9_-]{43}", body).group(0)
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = await context.new_page()

    await page.goto(link)
    await expect(page.locator("h1")).to_have_text("Dzejas dienas")
    await expect(page.locator(".current-answer")).to_have_text("Vēl nav atbildēts")
    await page.get_by_label("Piedāvāju citu laiku").check()
    await page.get_by_label("Datums").fill("2027-02-11")  # the phone's date picker
    await page.get_by_label("No", exact=True).fill("16:00")
    await page.get_by_label("Līdz", exact=True).fill("17:30")
    await page.get_by_label("Piezīme bibliotēkai").fill("Ceturtdien varam ar visu klasi")
    await page.get_by_role("button", name="Nosūtīt atbildi").click()

    await expect(page.locator(".notice-ok")).to_contain_text("Paldies! Jūsu atbilde ir saņemta.")
    await expect(page.locator(".current-answer")).to_have_text("Piedāvā citu laiku: 11.02.2027. 16:00–17:30")
    overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    stored = await PartnerRequest.select(PartnerRequest.state, PartnerRequest.note).where(PartnerRequest.id == request_id).first()
    await context.close()
    assert overflow == 0
    assert stored == {"state": "proposed", "note": "Ceturtdien varam ar visu klasi"}
