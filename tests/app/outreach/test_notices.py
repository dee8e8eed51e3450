"""The rotation notices through a real SMTP server on loopback: two weeks before a delivery the
service point's host partner gets one mail with the titles coming and going and the delivery's
.ics; a second pass sends nothing more; a week before comes the week's notice; an English-speaking
contact gets hers in English (the catalogue gives the words: here the structure and the titles)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest
from icalendar import Calendar

from app.mail.sender import send_due
from app.outreach.background import notices_pass
from models.kernel.clock import LIBRARY_TZ
from models.kernel.tables import MailMessage, Occurrence, Partner, PartnerContact, Place
from models.outreach import accept_proposal, lend_set, parse_pasted, replace_titles, save_set, validate_set
from tests.app.smtp_server import smtp_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.clock("02.02.2026 09:00")

TITLE = "Grāmatu kopas maiņa: Sociālās aprūpes centrs „Rožlejas”"
DELIVERY_DAY = date(2026, 2, 16)  # 14 days after the clock's day: the two weeks' notice is due


@pytest.fixture
def smtp_settings(settings, smtp_server):  # noqa: F811 - the imported fixture
    return replace(settings, smtp_url=smtp_server.url)


async def host_contact(care_centre: dict, *, name: str = "Dace Lapiņa", email: str = "dace@rozlejas.example", language: str = "lv") -> dict:
    partner = (await Partner.insert(Partner(name="Aprūpes centrs „Rožlejas”", type="care_centre")).returning(Partner.id))[0]["id"]
    await Place.update({Place.host_partner: partner}).where(Place.id == care_centre["id"])
    rows = await PartnerContact.insert(PartnerContact(partner=partner, name=name, email=email, language=language)).returning(PartnerContact.id)
    return {"id": rows[0]["id"], "partner": partner}


async def make_set(branch: dict, staff: dict, name: str, pasted: str, place: dict) -> int:
    set_id = await save_set(await validate_set({"branch_id": branch["id"], "name": name, "receiver": "service_point",
                                                "place_id": str(place["id"]), "rotation_days": "60"}, staff))
    await replace_titles(set_id, parse_pasted(pasted))
    return set_id


async def plan_delivery(branch: dict, librarian: dict, care_centre: dict, day: date = DELIVERY_DAY) -> int:
    """Detektīvi stand at the care centre since December; Dzeja comes on `day` and takes them back."""
    standing = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši\n1000240;Regīna Ezera;Aka", care_centre)
    placement = await lend_set(standing, date(2025, 12, 16), date(2026, 2, 14), librarian)
    going = await make_set(branch, librarian, "Dzeja", "Imants Ziedonis — Epifānijas\nVizma Belševica — Bille", care_centre)
    return await accept_proposal(place_id=care_centre["id"], day=day, start=time(10, 0), end=time(11, 30), set_id=going,
                                 returning_id=placement, staff=librarian, title=TITLE)


def calendar_of(message) -> Calendar:
    [attachment] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    return Calendar.from_ical(attachment.get_payload(decode=True))  # the bytes: text/calendar is UTF-8 (RFC 5545)


def title_lines(message) -> list[str]:
    return [line.strip() for line in message.get_body(("plain",)).get_content().splitlines() if line[:4].strip().rstrip(".").isdigit()]


async def test_two_weeks_before_the_host_gets_the_titles_and_the_calendar(db, branch, librarian, care_centre, smtp_settings, smtp_server):  # noqa: F811
    await host_contact(care_centre)
    await plan_delivery(branch, librarian, care_centre)

    queued = await notices_pass(smtp_settings)
    sent = await send_due(smtp_settings)

    assert (queued, sent) == (1, 1)
    [message] = smtp_server.messages
    assert message["To"] == "Dace Lapiņa <dace@rozlejas.example>"
    assert message["Subject"] == "Grāmatu kopas maiņa 16.02.2026.: Sociālās aprūpes centrs „Rožlejas”"
    assert await MailMessage.select(MailMessage.language).first() == {"language": "lv"}
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body == (
        "Labdien, Dace Lapiņa!\n\n"
        "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka atvedīs grāmatas.\n"
        "Vieta: Sociālās aprūpes centrs „Rožlejas”\n"
        "Laiks: 16.02.2026. (pirmdiena) 10:00–11:30\n\n"
        "Atvedīsim kopu „Dzeja”: 2 grāmatas.\n"
        "  1. Imants Ziedonis — Epifānijas\n"
        "  2. Vizma Belševica — Bille\n\n"
        "Lūdzu, sagatavojiet atdošanai kopu „Detektīvi”: 2 grāmatas. Pārbaudiet tās pēc saraksta un pasakiet, ja kādas trūkst.\n"
        "  1. Agata Kristi — Desmit mazi nēģerīši\n"
        "  2. Regīna Ezera — Aka [1000240]\n\n"
        "Pielikumā ir piegādes laiks jūsu kalendāram.\n")
    [event] = calendar_of(message).walk("VEVENT")
    assert (str(event["SUMMARY"]), event["DTSTART"].dt, event["DTEND"].dt) == (
        TITLE, datetime(2026, 2, 16, 10, 0, tzinfo=LIBRARY_TZ), datetime(2026, 2, 16, 11, 30, tzinfo=LIBRARY_TZ))


async def test_second_pass_queues_nothing_more(db, branch, librarian, care_centre, smtp_settings, smtp_server):  # noqa: F811
    await host_contact(care_centre)
    await plan_delivery(branch, librarian, care_centre)
    await notices_pass(smtp_settings)
    await send_due(smtp_settings)

    queued = await notices_pass(smtp_settings)
    sent = await send_due(smtp_settings)

    assert (queued, sent) == (0, 0)
    assert len(smtp_server.messages) == 1
    assert await MailMessage.count() == 1


async def test_a_week_before_the_weeks_notice_follows(db, branch, librarian, care_centre, smtp_settings, smtp_server, _fixed_clock):  # noqa: F811
    contact = await host_contact(care_centre)
    await plan_delivery(branch, librarian, care_centre)
    await notices_pass(smtp_settings)
    await send_due(smtp_settings)

    _fixed_clock.move_to(datetime(2026, 2, 9, 9, 0, tzinfo=LIBRARY_TZ))
    queued = await notices_pass(smtp_settings)
    sent = await send_due(smtp_settings)
    queued_again = await notices_pass(smtp_settings)

    session = (await Occurrence.select(Occurrence.id).first())["id"]
    assert (queued, sent, queued_again) == (1, 1, 0)
    keys = [row["key"] for row in await MailMessage.select(MailMessage.key).order_by(MailMessage.id)]
    assert keys == [f"rotation:{session}:14:{contact['id']}:2026-02-16", f"rotation:{session}:7:{contact['id']}:2026-02-16"]
    first, second = smtp_server.messages
    assert second["Subject"] == first["Subject"]
    assert title_lines(second) == title_lines(first)
    [event] = calendar_of(second).walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2026, 2, 16, 10, 0, tzinfo=LIBRARY_TZ)


async def test_english_contact_gets_the_notice_in_english(db, branch, librarian, care_centre, smtp_settings, smtp_server):  # noqa: F811
    await host_contact(care_centre, name="Mary Brown", email="mary@rozlejas.example", language="en")
    await plan_delivery(branch, librarian, care_centre)

    await notices_pass(smtp_settings)
    await send_due(smtp_settings)

    [message] = smtp_server.messages
    assert await MailMessage.select(MailMessage.language).first() == {"language": "en"}
    assert message["To"] == "Mary Brown <mary@rozlejas.example>"
    assert "16.02.2026." in message["Subject"] and "Sociālās aprūpes centrs „Rožlejas”" in message["Subject"]
    assert "Time: 16.02.2026. (Monday) 10:00–11:30" in message.get_body(("plain",)).get_content()
    assert title_lines(message) == ["1. Imants Ziedonis — Epifānijas", "2. Vizma Belševica — Bille",
                                    "1. Agata Kristi — Desmit mazi nēģerīši", "2. Regīna Ezera — Aka [1000240]"]
    [event] = calendar_of(message).walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2026, 2, 16, 10, 0, tzinfo=LIBRARY_TZ)


async def test_delivery_three_weeks_ahead_is_not_noticed_yet(db, branch, librarian, care_centre, smtp_settings, smtp_server):  # noqa: F811
    await host_contact(care_centre)
    await plan_delivery(branch, librarian, care_centre, day=date(2026, 2, 23))

    queued = await notices_pass(smtp_settings)

    assert queued == 0
    assert await MailMessage.count() == 0


async def test_place_without_a_host_partner_gets_no_notice(db, branch, librarian, care_centre, smtp_settings, smtp_server):  # noqa: F811
    await plan_delivery(branch, librarian, care_centre)

    queued = await notices_pass(smtp_settings)

    assert queued == 0
