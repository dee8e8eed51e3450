"""A home reader's name, address and phone stay on her card: after a round that visited her is
planned, worked through and finished on the web, they are in no feed (the network's, the
branch's, the staff member's private one), no public page, no mail in the outbox, no record for
the statistics core and no log line."""
from __future__ import annotations

import json
import logging
import re
from datetime import time, timedelta

import pytest

from app.kernel.logs import log_config
from app.outreach.background import outreach_pass
from models.kernel.outreach_tables import DeliveryRound, HomeReader, RoundStop
from models.kernel.tables import CoreDelivery, Item, MailMessage, Partner, PartnerContact, Place
from models.outreach import (
    accept_proposal,
    parse_pasted,
    replace_titles,
    save_set,
    validate_set,
)
from tests.app.conftest import post_form
from tests.app.outreach.test_rounds import MONDAY, service_delivery

pytestmark = pytest.mark.clock("02.02.2026 09:00")  # a Monday

ANNA = {"reader_number": "R-1024", "name": "Anna Lapiņa", "address": "Druvas iela 3, Rožupe", "phone": "+371 29 111 222",
        "carrier": "neighbour", "carrier_name": "Jānis Kalns", "carrier_phone": "26 333 444", "weekday": "0", "every_weeks": "2",
        "consent_on": "01.02.2026", "consent_note": "rakstiski", "active": "1"}
DRIVERS = ("aiosqlite", "asyncpg")
SECRETS = ("Lapiņa", "Lapina", "Druvas", "29 111 222", "29111222", "Kalns", "26 333 444", "26333444")


def unfolded(text: str) -> str:
    """An iCalendar text with its folded lines joined and its escapes undone."""
    return text.replace("\r\n ", "").replace("\n ", "").replace("\\,", ",").replace("\\;", ";")


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


async def test_a_home_readers_details_reach_no_feed_page_mail_or_log(librarian_client, settings, branch, care_centre, librarian, caplog):
    partner = (await Partner.insert(Partner(name="Rožleju aprūpes centrs", type="social", branch=branch["id"])).returning(Partner.id))[0]
    await PartnerContact.insert(PartnerContact(partner=partner["id"], name="Ilona Vanaga", email="ilona@rozlejas.lv", phone="65 000 111"))
    await Place.update({Place.host_partner: partner["id"], Place.address: "Liepu iela 9"}).where(Place.id == care_centre["id"])
    await service_delivery(branch, care_centre, librarian)
    later_set = await save_set(await validate_set({"branch_id": branch["id"], "name": "Dzeja", "receiver": "service_point",
                                                   "place_id": care_centre["id"], "rotation_days": "60"}, librarian))
    await replace_titles(later_set, parse_pasted("Vizma Belševica — Gadu gredzeni"))
    await accept_proposal(place_id=care_centre["id"], day=MONDAY + timedelta(days=14), start=time(8, 0), end=time(8, 30), set_id=later_set,
                          returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")  # its rotation notice is mailed to Ilona
    caplog.set_level(logging.DEBUG)

    # the whole round on the web, as the librarian does it on her phone
    await post_form(librarian_client, "/outreach/readers/new", ANNA, htmx=False)
    reader_id = (await HomeReader.select(HomeReader.id).where(HomeReader.reader_number == "R-1024").first())["id"]
    await post_form(librarian_client, "/outreach/readers/new", {"name": "Berta Ozola", "address": "Skolas iela 1", "consent_on": "01.02.2026",
                                                                "weekday": "3", "carrier": "librarian", "active": "1"}, htmx=False)
    await librarian_client.get("/outreach/readers")
    await librarian_client.get(f"/outreach/readers/{reader_id}")
    await librarian_client.get(f"/outreach/readers/{reader_id}/export.json")
    planned = await post_form(librarian_client, "/outreach/rounds", {"day": MONDAY.isoformat(), "branch_id": str(branch["id"])}, htmx=False)
    round_id = (await DeliveryRound.select(DeliveryRound.id).first())["id"]
    stops = await RoundStop.select(RoundStop.id, RoundStop.reader).order_by(RoundStop.position)
    home_stop = next(stop["id"] for stop in stops if stop["reader"] == reader_id)
    await post_form(librarian_client, f"/outreach/stops/{home_stop}/bring", {"titles": "Blaumanis — Zagļi"})
    for stop in stops:
        await post_form(librarian_client, f"/outreach/stops/{stop['id']}/done", {"readers_served": "9"})
    await librarian_client.get(f"/outreach/rounds/{round_id}/sheet")
    finished = await post_form(librarian_client, f"/outreach/rounds/{round_id}/finish", {}, htmx=False)
    await outreach_pass(settings)
    renewed = await post_form(librarian_client, "/me/feed/renew", {}, htmx=False)
    private_feed = renewed.text.split('id="feed-https" type="text" readonly value="')[1].split('"')[0].removeprefix("http://testserver.local")

    feeds = {path: unfolded((await librarian_client.get(path)).text) for path in ("/feeds/network.ics", "/feeds/rozupe.ics", private_feed)}
    pages = {path: (await librarian_client.get(path)).text for path in ("/programme", "/programme/rozupe", "/programme/rozupe?month=2026-02")}
    mails = [f"{row['subject']}\n{row['body']}\n{row['to_name']}" for row in await MailMessage.select()]
    records = [json.dumps(row["payload"], ensure_ascii=False) if not isinstance(row["payload"], str) else row["payload"]
               for row in await CoreDelivery.select(CoreDelivery.payload)]
    # the database driver's own trace (SQL with its parameters, at DEBUG) is no log the server writes: log_config() gives it no handler
    app_records = [record for record in caplog.records if not record.name.startswith(DRIVERS)]
    home_item = await Item.select(Item.title, Item.is_public, Item.delivery_kind, Item.description).where(Item.delivery_kind == "home").first()

    assert "Anna Lapiņa" in planned.text and "Maršruts pabeigts" in finished.text  # the staff pages show her, to her branch
    assert "Grāmatu piegāde mājās" in feeds[private_feed]  # the day's home delivery is in the private feed, without her
    assert "Grāmatu kopas maiņa" in feeds["/feeds/rozupe.ics"]
    assert home_item == {"title": "Grāmatu piegāde mājās", "is_public": False, "delivery_kind": "home", "description": ""}
    assert len(mails) >= 1 and len(records) == 2
    assert {path: leaks(text) for path, text in feeds.items()} == {path: [] for path in feeds}
    assert {path: leaks(text) for path, text in pages.items()} == {path: [] for path in pages}
    assert ["Grāmatu piegāde mājās" in text for text in pages.values()] == [False, False, False]
    assert [leaks(mail) for mail in mails] == [[] for _ in mails]
    assert [leaks(record) for record in records] == [[] for _ in records]
    assert [(record.name, leaks(record.getMessage())) for record in app_records if leaks(record.getMessage())] == []
    assert sorted(log_config()["loggers"]) == ["afisa", "uvicorn", "uvicorn.access", "uvicorn.error"]
    assert not re.search(r"Lapi|Druvas", " ".join(str(request.url) for request in [planned, finished]))
