"""The librarian on a phone ticks who came on the list (in place, the counter follows), then opens
the sign-in sheet and downloads its PDF, printed by the live server's Chromium and read back with
pypdf: A4, the registered by name, the blank rows for those who come unregistered, the waiting list."""
from __future__ import annotations

import io
import re

import pytest
from playwright.async_api import expect
from pypdf import PdfReader

from models.kernel.clock import utcnow
from models.kernel.registration_tables import Registration, RegistrationMark
from models.kernel.tables import Occurrence
from models.registration import parse_registration, register, setup_of
from tests.app.registration import BASE, turn_on, workshop
from tests.browser.planning.test_planner import TIMEOUT_MS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("25.11.2026 12:00")]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "lv-LV", "accept_downloads": True}
A4_POINTS = [595, 842]


async def _sign_up(item_id: int, name: str, party: int) -> None:
    draft = parse_registration({"name": name, "phone": "+371 26000000", "party": str(party)}, await setup_of(item_id))
    await register(item_id, draft, base_url=BASE, now=utcnow())


async def test_tick_who_came_on_a_phone_and_print_the_sign_in_sheet(browser, live_server, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="3")
    for name, party in (("Anna Liepa", 2), ("Juris Kalns", 1), ("Ilze Ozola", 2)):
        await _sign_up(item_id, name, party)
    session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]
    anna = (await Registration.select(Registration.id).order_by(Registration.id).first())["id"]
    context = await browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS * 4)  # the server starts a Chromium of its own
    try:
        page = await context.new_page()
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/items/{item_id}/registrations")
        await page.get_by_role("button", name="atnāca — Anna Liepa").click()
        await expect(page.locator("#came-count")).to_have_text("Atnāca: 2 cilvēki no 3 · Neieradās: 1")
        await expect(page.get_by_role("button", name="✓ atnāca — Anna Liepa")).to_have_attribute("aria-pressed", "true")

        await page.get_by_role("link", name="Reģistrācijas lapa drukāšanai (A4)").click()
        await page.wait_for_url(re.compile(rf"/items/{item_id}/registrations/sheet\?session={session}$"))
        async with page.expect_download() as waiting:
            await page.get_by_role("button", name="Lejupielādēt PDF").click()
        download = await waiting.value
        content = open(await download.path(), "rb").read()
    finally:
        await context.close()

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(p.extract_text().replace("\u00a0", " ").split()) for p in reader.pages)
    table = text[:text.index("Rinda")]  # the waiting list below is numbered too
    numbers = [int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})\.(?!\d)", table)]
    assert download.suggested_filename == f"pieteikumi-{item_id}-2026-12-03.pdf"
    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == A4_POINTS
    assert len(reader.pages) == 1
    assert "Aušana stellēs" in text and "ceturtdiena, 03.12.2026. 17:00–18:30" in text
    assert "1. Anna Liepa 2 ✓" in text and "2. Juris Kalns 1" in text
    assert numbers == list(range(1, 21))  # 2 registered, 18 blank rows
    assert "Rinda 1. Ilze Ozola (2 cilvēki)" in text
    assert "Lejupielādēt" not in text
    assert [(row["registration"], row["occurrence"], bool(row["came"])) for row in await RegistrationMark.select(
        RegistrationMark.registration, RegistrationMark.occurrence, RegistrationMark.came)] == [(anna, session, True)]
