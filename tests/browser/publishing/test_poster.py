"""The A4 poster printed to PDF by headless Chromium, and the public programme on a phone."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from models.planning.programme import create_item
from models.kernel.network_tables import Branch
from models.planning.validation import validate_item

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
A4_POINTS = (595, 842)
OPENING_HOURS = "Pirmdiena: 9.00–17.00\nOtrdiena: 9.00–17.00\nTrešdiena: 9.00–17.00\nCeturtdiena: 10.00–18.00\nPiektdiena: 9.00–15.00"
# A busy December of a rural branch, from the annual report: more than the poster usually holds.
TITLES = [
    "Ziemassvētku rotājumu darbnīca", "Pūčulēnu skola", "Rīta pasaciņas", "Lasām kopā ar vecvecākiem",
    "Tikšanās ar dzejnieci", "Digitālo prasmju konsultācija senioriem", "Galda spēļu vakars jauniešiem",
    "Filmu pēcpusdiena ģimenēm", "Piparkūku cepšana", "Grāmatu apmaiņas tirdziņš", "Bērnu žūrijas sapulce",
    "Adventes dzejas lasījumi",
]


async def plan_month(staff: dict, branch_id: int, sessions: int) -> None:
    for number in range(sessions):
        day = 1 + number * 30 // sessions
        raw = {"kind": "event", "title": TITLES[number % len(TITLES)], "branch_id": branch_id, "start_date": f"{day:02d}.12.2026.",
               "start_time": f"{10 + number % 8}:00", "end_date": f"{day:02d}.12.2026.", "end_time": f"{11 + number % 8}:30",
               "status": "published", "is_public": True}
        await create_item(await validate_item(raw, staff), staff["id"])
    exhibition = {"kind": "exhibition", "title": "Ziemas ainavas: Rožupes fotogrāfu izstāde", "branch_id": branch_id, "all_day": True,
                  "start_date": "01.12.2026.", "end_date": "15.01.2027.", "status": "published", "is_public": True}
    await create_item(await validate_item(exhibition, staff), staff["id"])


async def print_poster(browser, url: str) -> PdfReader:
    context = await browser.new_context()
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        await page.goto(url)
        pdf = await page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        await context.close()
    return PdfReader(io.BytesIO(pdf))


async def test_poster_of_a_busy_month_prints_on_at_most_two_a4_pages(browser, live_server, librarian, branch):
    await Branch.update({Branch.opening_hours: OPENING_HOURS}).where(Branch.id == branch["id"])
    await plan_month(librarian, branch["id"], 30)

    reader = await print_poster(browser, f"{live_server.url}/programme/rozupe/poster?month=2026-12")

    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)  # a long title wraps
    assert len(reader.pages) in (1, 2)
    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == list(A4_POINTS)
    assert "Rožupes bibliotēka" in text
    assert "2026. gada decembrī" in text
    assert "Ziemassvētku rotājumu darbnīca" in text
    assert "Ceturtdiena: 10.00–18.00" in text
    assert "Atcelts" not in text


async def test_poster_of_eight_dates_and_four_exhibitions_fits_one_page_with_its_address_and_a_qr_code(browser, live_server, librarian, branch):
    await Branch.update({Branch.opening_hours: OPENING_HOURS, Branch.address: "Skolas iela 7, Rožupe, Rožupes pagasts, Līvānu novads, LV-5327"}).where(
        Branch.id == branch["id"])
    await plan_month(librarian, branch["id"], 8)
    for number, title in enumerate(("Latvijas simtgades grāmatas", "Ziemassvētku kartītes no bibliotēkas krājuma", "Rožupes skolēnu zīmējumi",
                                    "Gada grāmata 2026")):
        raw = {"kind": "exhibition", "title": title, "branch_id": branch["id"], "all_day": True, "start_date": f"{1 + number:02d}.12.2026.",
               "end_date": "31.12.2026.", "status": "published", "is_public": True}
        await create_item(await validate_item(raw, librarian), librarian["id"])

    reader = await print_poster(browser, f"{live_server.url}/programme/rozupe/poster?month=2026-12")

    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert "Skolas iela 7, Rožupe" in text and "Ceturtdiena: 10.00–18.00" in text
    assert "Gada grāmata 2026" in text


async def test_poster_of_an_ordinary_month_fits_one_page(browser, live_server, librarian, branch):
    await Branch.update({Branch.opening_hours: OPENING_HOURS}).where(Branch.id == branch["id"])
    await plan_month(librarian, branch["id"], 10)

    reader = await print_poster(browser, f"{live_server.url}/programme/rozupe/poster?month=2026-12")

    assert len(reader.pages) == 1


@pytest.mark.parametrize("path", ["/programme/rozupe?month=2026-12", "/programme/rozupe?view=grid&month=2026-12", "/programme?month=2026-12"])
async def test_public_programme_fits_a_phone_without_sideways_scrolling(browser, live_server, librarian, branch, path):
    await plan_month(librarian, branch["id"], 12)
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        await page.goto(live_server.url + path)

        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        first_session = page.locator("#programme .public-session").first
        box = await first_session.bounding_box()
        label = await page.locator("label[for=filter-audience]").inner_text()
    finally:
        await context.close()
    assert overflow == 0
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert label == "Kam"


async def test_copy_button_copies_the_announcement(browser, live_server, librarian, branch):
    await plan_month(librarian, branch["id"], 1)
    context = await browser.new_context()
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        await page.goto(f"{live_server.url}/programme/rozupe?month=2026-12")
        await page.locator("#programme .public-session").first.click()
        await page.locator(".copy-button").click()
        status = page.locator(".copy-status")
        await status.wait_for()
        copied = await status.inner_text()
        selected = await page.evaluate("window.getSelection().toString() || document.activeElement.value.substring(document.activeElement.selectionStart, document.activeElement.selectionEnd)")
    finally:
        await context.close()
    assert copied == "Nokopēts"
    assert selected.splitlines()[0] == "Ziemas ainavas: Rožupes fotogrāfu izstāde"
