"""SMS through the configured HTTP gateway (app/registration/sms.py), to a real gateway on loopback
(tests/app/registration/sms_gateway.py): a reminder to a phone-only registration reaches it once,
with the bearer token; a 500 is tried again under the same key and texted once; the person's data
going takes the texts with it; a reminder too late for its session is not sent. Without
AFISA_SMS_URL nothing is queued: test_sms_off.py."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import httpx
import pytest

from app.kernel.settings import Settings
from app.registration.background import registration_pass
from app.registration.sms import deliver_due
from models.kernel import sms_outbox
from models.kernel.clock import LIBRARY_TZ, utc_of_wall, utcnow
from models.kernel.registration_tables import Registration
from models.kernel.sms_tables import SmsMessage
from models.kernel.tables import Occurrence
from models.planning import move_item
from tests.app.registration import BASE, post_link, register_form, token_of, turn_on, workshop
from tests.app.registration.sms_gateway import SmsGateway
from tests.conftest import TEST_DATABASE_URL, at

pytestmark = pytest.mark.clock("25.11.2026 12:00")

GATEWAY_TOKEN = "gateway-token-5f0c3e5a"
DAY_BEFORE = datetime(2026, 12, 2, 8, 30, tzinfo=LIBRARY_TZ)  # the workshop is on Thursday 03.12.2026 at 17:00


@pytest.fixture
def gateway():
    server = SmsGateway(token=GATEWAY_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def settings(gateway) -> Settings:
    # the sender's own loop waits an hour: the tests run its passes themselves
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url=BASE, sms_url=gateway.url,
                    sms_token=GATEWAY_TOKEN, extra={"sms_seconds": 3600})


@pytest.fixture(autouse=True)
def _sms_off_afterwards():
    """The app's start turned SMS on for the process: the tests after this one expect it off."""
    yield
    sms_outbox.configure(enabled=False)


async def texts() -> list[dict]:
    return await SmsMessage.select(SmsMessage.key, SmsMessage.to_number, SmsMessage.text, SmsMessage.status, SmsMessage.attempts,
                                   SmsMessage.last_error).order_by(SmsMessage.id)


async def registration_id(name: str) -> int:
    return (await Registration.select(Registration.id).where(Registration.name == name).first())["id"]


async def test_reminder_to_a_phone_only_registration_reaches_the_gateway_once_with_the_bearer_token(client, settings, gateway, branch, librarian,
                                                                                                     _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Jānis Bērziņš", phone="+371 26 000 001", email=""))
    key = f"registration:{await registration_id('Jānis Bērziņš')}:remind:{(await Occurrence.select(Occurrence.id).first())['id']}"

    _fixed_clock.move_to(DAY_BEFORE)
    await registration_pass(settings)
    await registration_pass(settings)  # a second hourly pass queues nothing more
    async with httpx.AsyncClient() as http:
        first = await deliver_due(settings, http)
        second = await deliver_due(settings, http)

    text = f"Atgādinājums: Aušana stellēs, 03.12. 17:00, Rožupe. Pieteikums: {BASE}/r/{token}"
    assert (first, second) == (1, 0)
    assert [request["body"] for request in gateway.requests] == [{"to": "+37126000001", "text": text}]
    assert gateway.requests[0]["headers"]["Authorization"] == f"Bearer {GATEWAY_TOKEN}"
    assert gateway.requests[0]["headers"]["Idempotency-Key"] == key
    assert gateway.applied == {key: 1}
    assert [(row["status"], row["text"]) for row in await texts()] == [
        ("sent", f"Atgādinājums: Aušana stellēs, 03.12. 17:00, Rožupe. Pieteikums: {BASE}/r/…")]


async def test_gateway_500_is_tried_again_under_the_same_key_and_texted_once(client, settings, gateway, branch, librarian, caplog):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="1")
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))
    await register_form(client, item_id, name="Jānis Bērziņš", phone="+371 26 000 002", email="")  # waiting
    gateway.answers = [(500, True)]  # stored, but the answer is lost: the sender cannot know

    await post_link(client, anna, "cancel")  # Jānis gets the place, and a text
    start = utcnow()
    async with httpx.AsyncClient() as http:
        with caplog.at_level(logging.WARNING, logger="afisa.sms"):
            failed = await deliver_due(settings, http, start)
        after_failure = await texts()
        too_soon = await deliver_due(settings, http, start + timedelta(seconds=10))
        retried = await deliver_due(settings, http, start + timedelta(seconds=31))
        again = await deliver_due(settings, http, start + timedelta(minutes=5))

    key = f"registration:{await registration_id('Jānis Bērziņš')}:promoted"
    assert (failed, too_soon, retried, again) == (0, 0, 1, 0)
    assert [(row["status"], row["attempts"]) for row in after_failure] == [("queued", 1)]
    assert after_failure[0]["last_error"] == 'HTTP 500: {"status": "failed for …02"}'
    assert [request["headers"]["Idempotency-Key"] for request in gateway.requests] == [key, key]
    assert gateway.applied == {key: 1}
    assert [row["status"] for row in await texts()] == ["sent"]
    assert key in caplog.text and "26000002" not in caplog.text and "26 000 002" not in caplog.text


async def test_anonymisation_deletes_the_sms_copies_sent_and_waiting(client, settings, gateway, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, retention_days="2")
    await register_form(client, item_id, name="Jānis Bērziņš", phone="+371 26 000 001", email="")
    _fixed_clock.move_to(DAY_BEFORE)
    await registration_pass(settings)
    async with httpx.AsyncClient() as http:
        await deliver_due(settings, http)  # the reminder is sent: its copy stays until the data goes
    await move_item(item_id, at("03.12.2026 18:00"), librarian["id"])  # the change's text waits
    before = [(row["key"].split(":")[2], row["status"]) for row in await texts()]

    _fixed_clock.move_to(datetime(2026, 12, 6, 12, 0, tzinfo=LIBRARY_TZ))  # more than two days after the workshop
    anonymised = await registration_pass(settings)

    assert before == [("remind", "sent"), ("changed", "queued")]
    assert anonymised == 1
    assert await SmsMessage.count() == 0


async def test_delete_my_data_deletes_the_waiting_sms(client, settings, gateway, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Jānis Bērziņš", phone="+371 26 000 001", email=""))
    _fixed_clock.move_to(DAY_BEFORE)
    await registration_pass(settings)
    queued = await SmsMessage.count()

    await post_link(client, token, "erase")

    assert queued == 1
    assert await SmsMessage.count() == 0
    async with httpx.AsyncClient() as http:
        assert await deliver_due(settings, http) == 0
    assert gateway.requests == []


async def test_reminder_not_sent_by_the_sessions_start_expires(client, settings, gateway, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    await register_form(client, item_id, name="Jānis Bērziņš", phone="+371 26 000 001", email="")
    _fixed_clock.move_to(DAY_BEFORE)
    await registration_pass(settings)

    async with httpx.AsyncClient() as http:
        sent = await deliver_due(settings, http, utc_of_wall(at("03.12.2026 17:00")))

    assert sent == 0
    assert [row["status"] for row in await texts()] == ["expired"]
    assert gateway.requests == []
