"""The journeys' seams of issue 13, each walked in Chromium as a librarian, a partner or a
resident would: a series' proposed time accepted for every session, the item dialog that keeps
what was typed and shows what went wrong, what "public" means, the item page on a phone, asking
with nobody ticked, and a message (with its undo) after every action."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from playwright.async_api import Page, expect

from models.kernel.clock import local_today
from models.kernel.tables import Item, MailMessage, PartnerContact
from models.partners import ask
from models.planning import create_item
from tests.browser.planning.test_planner import TIMEOUT_MS, log_in
from tests.models import make_draft

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "lv-LV"}
DESKTOP = {"viewport": {"width": 1366, "height": 900}, "locale": "lv-LV"}


async def opened(browser, device: dict):
    """A new browser context for one person (a phone or a desktop) and its page."""
    context = await browser.new_context(**device)
    context.set_default_timeout(TIMEOUT_MS)
    return context, await context.new_page()


def next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def lv_day(day: date) -> str:
    return day.strftime("%d.%m.%Y.")


async def weekly_lessons(branch, librarian, school, reading_room) -> tuple[int, list[date]]:
    """Three Tuesday lessons from two weeks on, 14:00–14:45, with the school as a partner."""
    first = next_weekday(local_today() + timedelta(days=14), 1)
    days = [first + timedelta(weeks=n) for n in range(3)]
    draft = await make_draft(branch["id"], librarian, kind="lesson", title="Bibliotekārā stunda 3. klasei", lesson_class="3. klase",
                             start_date=lv_day(first), start_time="14:00", end_time="14:45", repeat="weekly", weekdays=["1"],
                             until=lv_day(days[-1]), place_id=str(reading_room["id"]), responsible_id=str(librarian["id"]),
                             partners=[{"partner_id": school["id"], "role": "participant"}])
    return await create_item(draft, librarian["id"]), days


async def page_fits(page: Page) -> None:
    """Nothing on the page reaches past the phone's 390 px: the page never scrolls sideways."""
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide on a 390 px phone"


async def test_partner_sees_every_session_and_librarian_moves_the_whole_series(browser, live_server, branch, librarian, school, reading_room):
    item_id, days = await weekly_lessons(branch, librarian, school, reading_room)
    contact = (await PartnerContact.insert(PartnerContact(partner=school["id"], name="Inese Ozola", email="inese@skola.lv", language="lv"))
               .returning(PartnerContact.id))[0]
    [request_id] = await ask(item_id, [contact["id"]], librarian, live_server.url)
    body = (await MailMessage.select(MailMessage.body).where(MailMessage.key == f"ask:{request_id}").first())["body"]
    link = re.search(r"/answer/[A-Za-z0-9_-]{43}", body).group(0)
    wednesday = days[0] + timedelta(days=1)
    partner = await browser.new_context(**PHONE)
    librarian_context = await browser.new_context(**DESKTOP)
    for context in (partner, librarian_context):
        context.set_default_timeout(TIMEOUT_MS)
    try:
        # the school's teacher, on her phone: every session listed, she proposes Wednesdays at 15:00
        page = await partner.new_page()
        await page.goto(live_server.url + link)
        await expect(page.locator(".all-sessions li")).to_have_text([f"otrdiena, {lv_day(d)} 14:00–14:45" for d in days])
        await page_fits(page)
        await page.locator("input[value=proposed]").check()
        await page.fill("input[name=proposed_date]", wednesday.isoformat())  # the phone's date picker
        await page.fill("input[name=proposed_start]", "15:00")
        await page.fill("input[name=proposed_end]", "15:45")
        await page.fill("textarea[name=note]", "Lūdzu, trešdienās")
        await page.locator("form.answer-form button[type=submit]").click()
        await expect(page.locator(".notice-ok")).to_contain_text("Paldies!")

        # the librarian sees what "all sessions" would do before she confirms, then the result
        page = await librarian_context.new_page()
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/items/{item_id}")
        await page.get_by_role("button", name="Pieņemt piedāvāto laiku…").click()
        await expect(page.locator("#accept-plan tbody tr")).to_have_count(1)
        await page.get_by_label("Visām vēl gaidāmajām reizēm").check()
        await expect(page.locator("#accept-plan h2")).to_have_text("Tiks pārceltas 3 reizes")
        await expect(page.locator("#accept-plan tbody td strong")).to_have_text(
            [f"trešdiena, {lv_day(d + timedelta(days=1))} 15:00–15:45" for d in days])
        await page.get_by_role("button", name="Pieņemt un pārcelt").click()
        await page.wait_for_url(re.compile(rf"/items/{item_id}$"))
        await expect(page.locator("#notices")).to_contain_text("pārceltas 3 reizes")
        await expect(page.locator(".facts dd").first).to_contain_text(f"trešdiena, {lv_day(wednesday)} 15:00–15:45")
        await expect(page.locator("table.occurrences tbody tr td:first-child")).to_have_text([f"trešdiena, {lv_day(d + timedelta(days=1))}" for d in days])
        await expect(page.locator("table.confirmations .state")).to_have_text("Apstiprināts")
        await page.wait_for_load_state("networkidle")
        assert await page.locator(".notification-count").count() == 0, "the proposal's notification is read once it is accepted"
    finally:
        await partner.close()
        await librarian_context.close()


async def test_item_dialog_keeps_typed_text_and_shows_what_went_wrong(browser, live_server, librarian, reading_room):
    context, page = await opened(browser, PHONE)
    asked: list[str] = []
    answer = {"accept": False}

    async def on_dialog(dialog) -> None:
        asked.append(dialog.message)
        await (dialog.accept() if answer["accept"] else dialog.dismiss())

    page.on("dialog", on_dialog)
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.locator("button.new-item").click()
        dialog = page.locator("#item-dialog")
        await expect(dialog).to_be_visible()

        # Enter in the title does not save a half-filled form
        await page.fill("#f-title", "Rudens lasījumi")
        await page.locator("#f-title").press("Enter")
        await page.wait_for_timeout(300)
        await expect(dialog).to_be_visible()
        await expect(page.locator("#item-form .notice-error")).to_have_count(0)

        # Escape with typed text asks first; "no" keeps the dialog and the text
        await page.keyboard.press("Escape")
        await expect(dialog).to_be_visible()
        assert asked == ["Aizvērt un neglabāt ierakstīto?"]
        await expect(page.locator("#f-title")).to_have_value("Rudens lasījumi")

        # an error is brought into view at the field, with the focus on it (an end before the start)
        await page.fill("#f-start-time", "16:00")
        await page.fill("#f-end-time", "15:00")
        await page.locator("#save-item").click()
        field = page.locator("#item-form [aria-invalid=true]").first
        await expect(field).to_be_focused()
        await expect(field).to_be_in_viewport()
        await expect(page.locator("#f-title")).to_have_value("Rudens lasījumi")

        # "yes" closes it
        answer["accept"] = True
        await page.keyboard.press("Escape")
        await expect(dialog).to_be_hidden()
        assert len(asked) == 2
    finally:
        await context.close()


async def test_an_overridden_warning_is_not_put_again_and_every_save_says_so(browser, live_server, librarian, reading_room):
    yesterday = local_today() - timedelta(days=1)
    context, page = await opened(browser, DESKTOP)
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.locator("button.new-item").click()
        await page.fill("#f-title", "Vakardienas tikšanās")
        await page.fill("#f-start-date", yesterday.isoformat())
        await page.fill("#f-end-date", yesterday.isoformat())
        await page.fill("#f-start-time", "10:00")
        await page.fill("#f-end-time", "11:00")
        await page.locator("#save-item").click()
        warnings = page.locator("#clash-warnings")
        await expect(warnings).to_contain_text("šis laiks jau pagājis")
        await expect(warnings).to_be_focused()
        await warnings.locator("button[name=override]").click()
        await expect(page.locator("#item-dialog")).to_be_hidden()
        await expect(page.locator("#notices")).to_contain_text("Ieraksts „Vakardienas tikšanās” izveidots.")

        # a later save that changes only the description is not stopped by the same warning
        await page.goto(f"{live_server.url}/planner?view=agenda&day={yesterday.isoformat()}")
        await page.locator("li.session a", has_text="Vakardienas tikšanās").first.click()
        await page.fill("#f-description", "Pierakstīts pēc tam.")
        await page.locator("#save-item").click()
        await expect(page.locator("#item-dialog")).to_be_hidden()
        await expect(page.locator("#notices")).to_contain_text("Izmaiņas saglabātas: „Vakardienas tikšanās”.")
    finally:
        await context.close()


async def test_cancelled_session_can_be_undone_from_the_message(browser, live_server, branch, librarian, school, reading_room):
    item_id, days = await weekly_lessons(branch, librarian, school, reading_room)
    context, page = await opened(browser, DESKTOP)
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/items/{item_id}")
        await page.locator("table.occurrences tbody tr").nth(1).get_by_role("button", name="Labot šo reizi").click()
        await page.locator("#cancel-occurrence").click()
        await page.wait_for_url(re.compile(rf"/items/{item_id}$"))
        notice = page.locator("#notices .notice")
        await expect(notice).to_contain_text(f"Reize {lv_day(days[1])} atcelta.")
        await expect(page.locator("table.occurrences tbody tr").nth(1)).to_have_class(re.compile("is-cancelled"))
        await notice.get_by_role("button", name="Atsaukt").click()
        await page.wait_for_url(re.compile(rf"/items/{item_id}$"))
        await expect(page.locator("#notices")).to_contain_text(f"Reize {lv_day(days[1])} atjaunota.")
        await expect(page.locator("table.occurrences tr.is-cancelled")).to_have_count(0)
    finally:
        await context.close()


async def test_item_page_fits_a_phone_says_where_it_appears_and_asks_with_nobody_ticked(browser, live_server, branch, librarian, school, reading_room):
    item_id, _ = await weekly_lessons(branch, librarian, school, reading_room)
    await PartnerContact.insert(PartnerContact(partner=school["id"], name="Inese Ozola", email="inese@skola.lv", language="lv"))
    context, page = await opened(browser, PHONE)
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/items/{item_id}")
        await expect(page.locator("dd.publicity")).to_contain_text("kad statuss būs „Publicēts” (tagad: Plānots)")
        announcement = page.locator(".announcement textarea")
        await expect(announcement).not_to_contain_text("Vairāk:")
        await page_fits(page)

        await page.get_by_role("button", name="Nosūtīt lūgumu apstiprināt").click()
        await expect(page.locator("#ask-error")).to_have_text("Izvēlieties vismaz vienu kontaktpersonu.")
        await expect(page.locator("h1")).to_have_text("Bibliotekārā stunda 3. klasei")
        await page_fits(page)

        await page.goto(f"{live_server.url}/figures")
        await page_fits(page)
    finally:
        await context.close()


async def test_root_shows_residents_the_programme_with_a_way_to_the_staff_login(browser, live_server, branch):
    context, page = await opened(browser, PHONE)
    try:
        await page.goto(live_server.url + "/")
        await page.wait_for_url(re.compile(r"/programme$"))
        await page.get_by_role("link", name="Darbinieku pieteikšanās").click()
        await expect(page.locator("h1")).to_have_text("Pieteikties Afišā")
        await page_fits(page)
    finally:
        await context.close()


async def test_next_month_is_planned_from_this_one_in_four_clicks_and_undone_in_one(browser, live_server, branch, librarian, reading_room):
    today = local_today()
    this_month = today.replace(day=1)
    next_month = (this_month + timedelta(days=32)).replace(day=1)
    # twenty items, on the weekdays of this month's first four weeks: each has its weekday's twin next month
    days = [this_month + timedelta(days=k) for k in range(28) if (this_month + timedelta(days=k)).weekday() < 5]
    for n, day in enumerate(days):
        draft = await make_draft(branch["id"], librarian, title=f"Nodarbība nr. {n + 1}", start_date=lv_day(day), start_time="15:00", end_time="16:00",
                                 status="held" if day < today else "published", place_id=str(reading_room["id"]))
        await create_item(draft, librarian["id"])
    context, page = await opened(browser, DESKTOP)
    clicks = 0

    async def click(locator) -> None:
        nonlocal clicks
        clicks += 1
        await locator.click()

    try:
        await log_in(page, live_server.url, librarian["username"])
        await click(page.get_by_role("button", name="Nākamais"))
        copy = page.get_by_role("link", name="Kopēt programmu")
        await expect(copy).to_have_attribute("href", re.compile(f"target={next_month.isoformat()}"))  # the next month is in place
        await click(copy)
        rows = page.locator("table.copy-rows tbody tr")
        await expect(rows).to_have_count(20)
        await expect(page.locator("table.copy-rows input[name=item]:checked")).to_have_count(20)
        await click(page.get_by_role("button", name="Kopēt atzīmētos kā melnrakstus"))
        await expect(page.locator("#notices")).to_contain_text("Nokopēti 20 ieraksti kā melnraksti.")
        await expect(page.locator("table.select-rows input[name=item]:checked")).to_have_count(20)
        await click(page.get_by_role("button", name="Publicēt"))
        await expect(page.locator("#notices")).to_contain_text("Statuss „Publicēts” — 20 ierakstiem.")
        assert clicks == 4
        assert await Item.count().where((Item.status == "published") & (Item.starts_at >= datetime.combine(next_month, time.min))) == 20

        await page.locator("#notices").get_by_role("button", name="Atsaukt").click()
        await expect(page.locator("#notices")).to_contain_text("Atsaukts: 20 ierakstiem atjaunots iepriekšējais statuss.")
        assert await Item.count().where((Item.status == "draft") & (Item.starts_at >= datetime.combine(next_month, time.min))) == 20
    finally:
        await context.close()


async def test_a_session_is_dragged_to_another_day_and_moved_back_with_the_keyboard(browser, live_server, branch, librarian, reading_room):
    from tests.browser.planning.test_planner import plain_days

    month = (local_today().replace(day=1) + timedelta(days=40)).replace(day=1)  # next month: its days are to come
    days = plain_days(month)
    first, other = next((a, b) for a, b in zip(days, days[1:]) if (b - a).days == 1)  # two plain days side by side
    draft = await make_draft(branch["id"], librarian, title="Galda spēļu vakars", start_date=lv_day(first), start_time="17:00", end_time="18:00",
                             place_id=str(reading_room["id"]), responsible_id=str(librarian["id"]))
    item_id = await create_item(draft, librarian["id"])
    context, page = await opened(browser, DESKTOP)
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/planner?day={month.isoformat()}")
        chip = page.locator("li.session", has_text="Galda spēļu vakars")
        await chip.drag_to(page.locator(f'td[data-day="{other.isoformat()}"]'))
        await expect(page.locator(f'td[data-day="{other.isoformat()}"] li.session', has_text="Galda spēļu vakars")).to_have_count(1)
        await expect(page.locator("#notices")).to_contain_text(f"„Galda spēļu vakars” pārcelts uz {lv_day(other)}")

        # the keyboard: Alt+← moves it a day back; the focus stays on it
        moved = page.locator(f'td[data-day="{other.isoformat()}"] li.session a', has_text="Galda spēļu vakars")
        await moved.focus()
        await page.keyboard.press("Alt+ArrowLeft")
        back = first
        await expect(page.locator(f'td[data-day="{back.isoformat()}"] li.session', has_text="Galda spēļu vakars")).to_have_count(1)
        starts = (await Item.select(Item.starts_at).where(Item.id == item_id).first())["starts_at"]
        assert starts == datetime.combine(back, time(17, 0))

        # the week as a timetable: the session sits in its day's 17:00 row
        await page.goto(f"{live_server.url}/planner?view=week&day={starts.date().isoformat()}")
        await expect(page.locator(f'table.week-grid td[data-day="{starts.date().isoformat()}"][data-hour="17"] li.session')).to_have_count(1)
    finally:
        await context.close()


async def test_a_picture_uploaded_on_a_phone_shows_on_the_public_page(browser, live_server, branch, librarian, reading_room, tmp_path):
    from tests.models.planning.test_pictures import phone_photo

    day = local_today() + timedelta(days=10)
    draft = await make_draft(branch["id"], librarian, title="Ziepju darbnīca", start_date=lv_day(day), start_time="16:00", end_time="18:00",
                             status="published", place_id=str(reading_room["id"]))
    item_id = await create_item(draft, librarian["id"])
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(phone_photo(3000, 2000))
    context, page = await opened(browser, PHONE)
    try:
        await log_in(page, live_server.url, librarian["username"])
        await page.goto(f"{live_server.url}/items/{item_id}")
        await page.locator("input[name=picture]").set_input_files(str(photo))
        await page.fill("input[name=alt]", "Krāsainas ziepes uz galda")
        await page.get_by_role("button", name="Pievienot attēlu").click()
        await expect(page.locator("#notices")).to_contain_text("Attēls pievienots")
        await expect(page.locator("#picture img")).to_have_attribute("alt", "Krāsainas ziepes uz galda")
        await page_fits(page)

        await page.goto(f"{live_server.url}/programme/rozupe/{item_id}")
        picture = page.locator("article.public-item img.item-picture")
        await expect(picture).to_have_attribute("alt", "Krāsainas ziepes uz galda")
        assert await picture.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]") == [True, 1067, 1600]  # upright, shrunk
        await page_fits(page)
    finally:
        await context.close()
