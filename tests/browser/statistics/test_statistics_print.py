"""The statistics page printed from Chromium: the report's figures and both monthly charts on A4,
without the navigation and the period form, the bars in colour."""
from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from models.attendance.recording import record_attendance
from models.planning.programme import create_item
from models.kernel.tables import Occurrence
from tests.browser.planning.test_planner import TIMEOUT_MS, log_in
from tests.models import make_draft

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


async def held_event(branch, librarian, day: str, total: int, children: int) -> None:
    draft = await make_draft(branch["id"], librarian, title=f"Stāstu pēcpusdiena {day}", start_date=day, start_time="17:00",
                             end_time="18:00", status="published")
    item_id = await create_item(draft, librarian["id"])
    session = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()
    await record_attendance(session["id"], {"total": str(total), "children": str(children)}, librarian["id"], now=NOW)


async def test_statistics_year_prints_figures_and_charts_without_navigation(live_server, browser, branch, librarian):
    await held_event(branch, librarian, "12.03.2025.", 20, 5)
    await held_event(branch, librarian, "11.03.2026.", 30, 12)
    await held_event(branch, librarian, "14.10.2026.", 25, 20)
    context = await browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await log_in(page, live_server.url, librarian["username"])
    await page.goto(f"{live_server.url}/statistics?period=year&year=2026")
    await page.emulate_media(media="print")

    nav_shown = await page.locator("header nav").is_visible()
    form_shown = await page.locator("form.statistics-form").is_visible()
    bar_heights = await page.locator("#chart-events rect.bar-this").evaluate_all("bars => bars.map(b => b.getBBox().height)")
    pdf = await page.pdf(format="A4", print_background=True)
    await context.close()

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert (nav_shown, form_shown) == (False, False)
    assert len(bar_heights) == 12 and sum(1 for h in bar_heights if h > 0) == 2
    assert "Galvenie rādītāji" in text and "Pasākumi pa mēnešiem" in text and "Pasākumu apmeklējums pa mēnešiem" in text
    assert "Pasākumu apmeklējums klātienē 55 20 +175,0%" in text
    assert "Plānotājs" not in text


async def test_the_summary_downloaded_as_xlsx_has_its_change_column_as_numbers(live_server, browser, branch, librarian):
    import openpyxl

    await held_event(branch, librarian, "12.03.2025.", 20, 5)
    await held_event(branch, librarian, "11.03.2026.", 30, 12)
    context = await browser.new_context(accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await log_in(page, live_server.url, librarian["username"])
    await page.goto(f"{live_server.url}/statistics?period=month&year=2026&month=3")
    async with page.expect_download() as waiting:
        await page.locator('#table-summary a[href*="format=xlsx"]').click()
    download = await waiting.value
    content = open(await download.path(), "rb").read()
    await context.close()

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    changes = {row[0].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert (changes["Pasākumi"].value, changes["Pasākumi"].number_format) == (0.0, "+0.0%;-0.0%;0.0%")  # one each year: "0,0%"
    assert changes["Pasākumu apmeklējums klātienē"].value == 0.5
