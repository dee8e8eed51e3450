"""Texts to people registered with a phone and no email (models/kernel/sms_outbox.py,
models/registration/channels.py): only while a gateway is configured; the reminder, the promotion
and a change, once each, with the personal link, within 160 characters; the retention rule deletes
them with the person's data. The sender's side is tests/app/registration/test_sms.py."""
from __future__ import annotations

import pytest

from models.kernel import sms_outbox
from models.kernel.clock import utc_of_wall
from models.kernel.sms_outbox import mask_numbers, phone_number, sms_length
from models.kernel.sms_tables import SmsMessage
from models.kernel.tables import MailMessage, Occurrence
from models.planning.programme import move_item
from models.registration import anonymise_due, cancel, send_registration_reminders
from tests.conftest import at
from tests.models.registration import BASE_URL, NOW, make_workshop, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")

DAY_BEFORE = utc_of_wall(at("02.12.2026 08:00"))  # the workshop is on Thursday 03.12.2026 at 17:00


@pytest.fixture
def sms_on():
    sms_outbox.configure(enabled=True)
    yield
    sms_outbox.configure(enabled=False)


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="2")
    return item_id


async def texts() -> list[dict]:
    return await SmsMessage.select(SmsMessage.key, SmsMessage.to_number, SmsMessage.text, SmsMessage.send_before).order_by(SmsMessage.id)


def test_phone_number_written_as_the_form_takes_it_is_e164():
    written = ["+371 26 000 001", "26000001", "00371 26000001", "+44 20 7946 0958", "123", "+0 123 4567", ""]

    assert [phone_number(text) for text in written] == ["+37126000001", "+37126000001", "+37126000001", "+442079460958", None, None, None]


def test_mask_numbers_keeps_two_digits():
    assert mask_numbers('HTTP 400: {"error": "bad number +37126000001"}') == 'HTTP 400: {"error": "bad number …01"}'


def test_sms_length_counts_gsm7_septets_and_ucs2_units():
    assert [sms_length("Reminder: 03.12."), sms_length("Price: 5€"), sms_length("Atgādinājums")] == [16, 10, 12]


async def test_reminder_to_a_phone_only_registration_is_a_text_with_the_link(workshop, sms_on):
    anna, _ = await sign_up(workshop, "Anna Liepa", email="anna@example.lv", phone="")
    janis, token = await sign_up(workshop, "Jānis Bērziņš", phone="+371 26 000 002")
    [session] = [row["id"] for row in await Occurrence.select(Occurrence.id).where(Occurrence.item == workshop)]

    queued = await send_registration_reminders(DAY_BEFORE)

    assert queued == 2
    assert await texts() == [{
        "key": f"registration:{janis['id']}:remind:{session}", "to_number": "+37126000002",
        "text": f"Atgādinājums: Aušana stellēs, 03.12. 17:00, Lasītava. Pieteikums: {BASE_URL}/r/{token}",
        "send_before": utc_of_wall(at("03.12.2026 17:00")),
    }]
    assert [row["key"] for row in await MailMessage.select(MailMessage.key).where(MailMessage.key.like("%:remind:%"))] == [
        f"registration:{anna['id']}:remind:{session}"]
    assert await send_registration_reminders(utc_of_wall(at("02.12.2026 09:00"))) == 0


async def test_phone_only_registration_gets_no_text_with_the_gateway_off(workshop):
    await sign_up(workshop, "Jānis Bērziņš", phone="+371 26 000 002")

    queued = await send_registration_reminders(DAY_BEFORE)

    assert queued == 0
    assert await SmsMessage.count() == 0


async def test_promotion_texts_a_phone_only_party_once(workshop, sms_on):
    _, anna = await sign_up(workshop, "Anna Liepa", 2, email="anna@example.lv")
    janis, token = await sign_up(workshop, "Jānis Bērziņš", phone="26000002")  # waiting

    await cancel(anna, base_url=BASE_URL, now=NOW)
    await cancel(anna, base_url=BASE_URL, now=NOW)  # a second click promotes nobody

    assert [(row["key"], row["to_number"], row["text"]) for row in await texts()] == [(
        f"registration:{janis['id']}:promoted", "+37126000002",
        f"Atbrīvojās vieta, jums ir vieta: Aušana stellēs, 03.12. 17:00. Pieteikums: {BASE_URL}/r/{token}")]


async def test_a_change_texts_the_new_time_once(workshop, librarian, sms_on):
    janis, token = await sign_up(workshop, "Jānis Bērziņš", phone="+371 26000002")

    await move_item(workshop, at("04.12.2026 17:00"), librarian["id"])

    [text] = await texts()
    assert text["key"].startswith(f"registration:{janis['id']}:changed:")
    assert text["text"] == f"Izmaiņas: Aušana stellēs, tagad 04.12. 17:00, Lasītava. Pieteikums: {BASE_URL}/r/{token}"


async def test_a_long_title_is_shortened_to_fit_one_sms(reading_room, librarian, sms_on):
    title = "Aušana stellēs: " + "rakstainās segas un jostas no Latgales novadpētniecības krājuma " * 2
    item_id = await make_workshop(reading_room, librarian, title=title.strip())
    await open_registration(item_id, librarian)
    _, token = await sign_up(item_id, "Jānis Bērziņš", phone="+371 26000002")

    await send_registration_reminders(DAY_BEFORE)

    [text] = await texts()
    assert sms_length(text["text"]) == 160
    assert text["text"].startswith("Atgādinājums: Aušana stellēs: rakstainās segas")
    assert text["text"].endswith(f"…, 03.12. 17:00, Lasītava. Pieteikums: {BASE_URL}/r/{token}")


async def test_anonymisation_deletes_the_texts(workshop, sms_on):
    await sign_up(workshop, "Jānis Bērziņš", phone="+371 26000002")
    await send_registration_reminders(DAY_BEFORE)
    queued = await SmsMessage.count()

    anonymised = await anonymise_due(utc_of_wall(at("03.01.2027 12:00")))  # 30 days after the workshop

    assert (queued, anonymised) == (1, 1)
    assert await SmsMessage.count() == 0


async def test_sent_text_keeps_no_live_link(workshop, sms_on):
    await sign_up(workshop, "Jānis Bērziņš", phone="+371 26000002")
    await send_registration_reminders(DAY_BEFORE)
    [row] = await SmsMessage.select(SmsMessage.id)

    await sms_outbox.mark_sent(row["id"])

    assert [text["text"] for text in await texts()] == [f"Atgādinājums: Aušana stellēs, 03.12. 17:00, Lasītava. Pieteikums: {BASE_URL}/r/…"]


async def test_a_gateways_error_that_echoes_the_text_keeps_no_number_and_no_live_link(workshop, sms_on):
    await sign_up(workshop, "Jānis Bērziņš", phone="+371 26000002")
    await send_registration_reminders(DAY_BEFORE)
    [row] = await SmsMessage.select(SmsMessage.id, SmsMessage.text)
    echo = f'HTTP 400: {{"to": "+37126000002", "text": "{row["text"]}", "error": "sender not allowed"}}'

    await sms_outbox.mark_failed(row["id"], 1, echo, final=True)

    [failed] = await SmsMessage.select(SmsMessage.last_error)
    assert ("26000002" in failed["last_error"], "/r/…" in failed["last_error"], row["text"].split("/r/")[1] in failed["last_error"]) == (
        False, True, False)
