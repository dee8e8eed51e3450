"""The annual report's PDF, printed by the server's Chromium and downloaded from the print page,
read back with pypdf; and the print page on a 390 px phone, its wide tables scrolling inside
their own boxes."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.app.statistics.test_annual_report import SECTIONS, plan_year
from tests.browser.planning.test_planner import TIMEOUT_MS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("25.11.2026 12:00")]

A4_POINTS = [595, 842]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


async def test_annual_report_pdf_download_has_the_sections_and_the_figures(live_server, browser, branch, other_branch, school, librarian):
    await plan_year(branch, other_branch, school)
    context = await browser.new_context(accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS * 4)  # the server starts a Chromium of its own
    page = await context.new_page()
    await log_in(page, live_server.url, librarian["username"])
    await page.goto(f"{live_server.url}/statistics/annual-report?year=2026")

    async with page.expect_download() as waiting:
        await page.get_by_role("button", name="Lejupielādēt PDF").click()
    download = await waiting.value
    content = open(await download.path(), "rb").read()
    await context.close()

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(p.extract_text().replace("\u00a0", " ").split()) for p in reader.pages)
    assert download.suggested_filename == "parskats-rozupe-2026.pdf"
    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == A4_POINTS
    assert "Pārskats par bibliotēkas darbību 2026. gadā" in text
    assert [section in text for section in SECTIONS] == [True] * len(SECTIONS)
    assert "Aktīvo lietotāju skaits 495 488 -1,4% BIS ALISE" in text
    assert "Bibliotēkā aprīlī notika 3 pasākumi (apmeklējums: 1 382)." in text
    assert "„Tikšanās ar dzejnieci”: 02.04.2026., 16.04.2026.; apmeklējums: 1 242" in text
    assert "Lejupielādēt" not in text  # the page's own controls are not the report


async def test_annual_report_print_page_fits_a_phone_without_sideways_scrolling(live_server, browser, branch, other_branch, school, librarian):
    await plan_year(branch, other_branch, school)
    context = await browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await log_in(page, live_server.url, librarian["username"])

    await page.goto(f"{live_server.url}/statistics/annual-report?year=2026")
    width = await page.evaluate("document.documentElement.scrollWidth")
    boxes = await page.locator(".report-table-box").evaluate_all("boxes => boxes.map(b => b.scrollWidth > b.clientWidth)")
    await context.close()

    assert width == 390
    assert True in boxes  # the widest tables scroll inside their box
