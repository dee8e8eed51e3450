"""Every page on a 390 px phone, in Latvian and in English, over the demo network: nothing runs
off the side of the screen, axe-core finds no serious or critical violation, and each language
reads as itself: no developer words and no English interface text in Latvian, no Latvian
interface text in English (the catalogue's own sentences are looked for on the page)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.commands.demo.build import load_demo
from models.kernel.clock import local_now, local_today
from models.kernel.outreach_tables import BookSet, DeliveryRound, HomeReader, SetPlacement
from models.kernel.network_tables import Branch, Staff
from models.kernel.tables import Item, MailMessage, Partner, PartnerRequest, Place
from models.registration import parse_registration, parse_setup, register, save_setup, setup_of
from tests.browser.planning.test_planner import TIMEOUT_MS
from tests.browser.test_accessibility import AXE, violations
from tests.conftest import PASSWORD, password_hash

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
CATALOGUE = Path(__file__).resolve().parents[2] / "app" / "locale" / "en" / "LC_MESSAGES" / "messages.po"
DEVELOPER_WORDS = re.compile(r"\b(AFISA_[A-Z_]+|SMTP|None|null|undefined|Traceback|NaN|README)\b")


def _sentences() -> tuple[list[str], list[str]]:
    """The catalogue's longer Latvian texts and their English: three words or more, so that a
    title in the demo data ("Bibliotekārā stunda 3. klasei") is not taken for interface text."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    latvian, english = [], []
    for message in catalogue:
        if not message.id or isinstance(message.id, tuple) or not isinstance(message.string, str) or message.string == message.id:
            continue
        for text, bucket in ((message.id, latvian), (message.string, english)):
            plain = re.split(r"[{%]", text)[0].strip()  # the words before the first placeholder
            if len(plain.split()) >= 3 and len(plain) >= 18:
                bucket.append(plain)
    return latvian, english


async def _data_names() -> list[str]:
    """What the demo's people typed (places, partners, titles): Latvian in either language."""
    names = [row["name"] for row in await Place.select(Place.name)] + [row["name"] for row in await Partner.select(Partner.name)]
    return names + [row["title"] for row in await Item.select(Item.title)]


async def _demo_pages() -> tuple[list[str], list[str], list[str]]:
    """The demo network, and the addresses of every kind of page over it (staff, then public)."""
    await load_demo(local_today(), lambda _password: password_hash(), password=PASSWORD, now=local_now(), history=True)
    item = (await Item.select(Item.id).where(Item.rrule != "").first())["id"]
    proposal = await PartnerRequest.select(PartnerRequest.id).where(PartnerRequest.state == "proposed").first()
    partner = (await Partner.select(Partner.id).first())["id"]
    place = (await Place.select(Place.id).first())["id"]
    branch = (await Branch.select(Branch.id).where(Branch.slug == "rozupe").first())["id"]
    staff = (await Staff.select(Staff.id).first())["id"]
    public_item = (await Item.select(Item.id).where((Item.status == "published") & (Item.is_public == True) & (Item.branch == branch)).first())["id"]  # noqa: E712
    ask = await MailMessage.select(MailMessage.body).where(MailMessage.key.like("ask:%")).first()
    token = re.search(r"/answer/([A-Za-z0-9_-]{43})", ask["body"]).group(1)
    staff_pages = [
        "/planner", "/planner?view=week", "/planner?view=agenda", f"/planner?branch={branch}", f"/items/{item}",
        "/attendance", "/statistics", "/figures", "/partners", f"/partners/{partner}", "/partners/new", "/waiting", "/notifications",
        "/overlays", "/me/feed", "/outbox", "/import", "/libraries", f"/libraries/{branch}", f"/libraries/{branch}/edit", "/places",
        f"/places/{place}", f"/places/{place}/edit", "/staff", f"/staff/{staff}", "/staff/new", "/account",
        f"/planner/copy?branch={branch}", f"/planner/select?branch={branch}", "/items/new",
        "/partners/cooperation", f"/partners/cooperation/{partner}?branch={branch}", "/statistics/state-form", "/statistics/annual-report",
        f"/statistics/annual-report?branch={branch}",
    ]
    if proposal:
        staff_pages.append(f"/requests/{proposal['id']}/accept")
    book_set = (await BookSet.select(BookSet.id).first())["id"]
    placement = (await SetPlacement.select(SetPlacement.id).where(SetPlacement.returned_on.is_null()).first())["id"]
    delivery_round = (await DeliveryRound.select(DeliveryRound.id).order_by(DeliveryRound.day, ascending=False).first())["id"]
    staff_pages += ["/outreach", "/outreach/sets", f"/outreach/sets/{book_set}", "/outreach/sets/new", f"/outreach/sets/{book_set}/edit",
                    "/outreach/rotation", f"/outreach/placements/{placement}/return", "/outreach/rounds", f"/outreach/rounds/{delivery_round}",
                    f"/outreach/rounds/{delivery_round}/sheet", "/outreach/readers"]
    public_pages = ["/login", "/programme", "/programme/rozupe", "/programme/rozupe?view=grid", f"/programme/rozupe/{public_item}",
                    "/programme/rozupe/embed-code", "/embed/rozupe", f"/answer/{token}"]
    # registration on a coming Rožupe item: one place taken, one party waiting
    coming = (await Item.select(Item.id).where((Item.status == "published") & (Item.is_public == True) & (Item.branch == branch)  # noqa: E712
                                               & (Item.starts_at > local_now()) & (Item.rrule == "")).order_by(Item.starts_at).first())["id"]
    await save_setup(coming, parse_setup({"capacity": "1", "party_max": "3", "waiting_list": "1", "ask_age_band": "1", "active": "1"}),
                     version=None, staff_id=staff, base_url="http://afisa.test", now=local_now())
    tokens = []
    for name in ("Anna Liepa", "Jānis Ozols"):
        draft = parse_registration({"name": name, "phone": "+371 26000001", "age_band": "2 gadi"}, await setup_of(coming))
        tokens.append((await register(coming, draft, base_url="http://afisa.test", now=local_now()))[1])
    staff_pages += [f"/items/{coming}/registration", f"/items/{coming}/registrations", f"/items/{coming}/registrations/sheet"]
    public_pages += [f"/programme/rozupe/{coming}", f"/programme/rozupe/{coming}/register", f"/r/{tokens[0]}?done=new", f"/r/{tokens[1]}"]
    # a home reader's card is for the staff of the reader's own library, not the coordinator
    reader = (await HomeReader.select(HomeReader.id).where(HomeReader.branch == branch).first())["id"]
    librarian_pages = ["/outreach/readers", f"/outreach/readers/{reader}", f"/outreach/readers/{reader}/edit", "/outreach/readers/new",
                       f"/outreach/readers/{reader}/erase", f"/outreach/rounds/{delivery_round}",
                       "/partners/cooperation", "/statistics/state-form", "/statistics/annual-report"]
    return staff_pages, public_pages, librarian_pages


async def _visible_text(page) -> str:
    return await page.evaluate("document.body.innerText")


async def test_every_page_fits_a_phone_and_reads_in_its_language(browser, live_server, db):
    staff_pages, public_pages, librarian_pages = await _demo_pages()
    data = " ".join(await _data_names())
    latvian, english = ([s for s in found if s not in data] for found in _sentences())
    problems: list[str] = []
    for language in ("lv", "en"):
        for username, pages in (("koordinatore", staff_pages + public_pages[1:]), ("maija", librarian_pages)):
            context = await browser.new_context(**PHONE, locale="lv-LV")
            context.set_default_timeout(TIMEOUT_MS)
            host = live_server.url.split("//", 1)[1].split(":")[0]
            await context.add_cookies([{"name": "afisa_lang", "value": language, "domain": host, "path": "/"}])
            page = await context.new_page()
            try:
                for path in public_pages[:1]:
                    await page.goto(live_server.url + path)
                await page.fill("#username", username)
                await page.fill("#password", PASSWORD)
                await page.locator("article.login button[type=submit]").click()
                await page.wait_for_url(re.compile(r"/planner"))
                for path in pages:
                    response = await page.goto(live_server.url + path)
                    if response is None or response.status != 200:
                        problems.append(f"{language} {path}: answered {response.status if response else 'nothing'}")
                        continue
                    width = await page.evaluate("document.documentElement.scrollWidth")
                    if width > 390:
                        problems.append(f"{language} {path}: {width} px wide")
                    text = await _visible_text(page)
                    for word in sorted(set(DEVELOPER_WORDS.findall(text))):
                        problems.append(f"{language} {path}: developer word {word!r}")
                    # the partner's answer page speaks the contact's language, whatever the browser's
                    foreign = english if language == "lv" or path.startswith("/answer/") else latvian
                    for sentence in foreign:
                        if sentence in text:
                            problems.append(f"{language} {path}: {'English' if language == 'lv' else 'Latvian'} text {sentence!r}")
                    if language == "lv" and AXE.exists():
                        problems.extend(f"{path}: {found}" for found in await violations(page))
            finally:
                await context.close()

    assert problems == [], "\n".join(problems)
