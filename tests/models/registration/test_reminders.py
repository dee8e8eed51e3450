"""Reminders the day before: each registered person with an email, once per session, from 08:00
the day before until the session starts; nobody waiting, cancelled or anonymised; no cancelled
session or item; a second pass queues nothing."""
from __future__ import annotations

import pytest

from models.kernel.clock import utc_of_wall
from models.kernel.enums import Status
from models.kernel.tables import ItemChange, MailMessage, Occurrence
from models.planning import set_status
from models.planning.programme import edit_occurrence
from models.registration import cancel, erase, send_registration_reminders
from tests.conftest import at
from tests.models.registration import BASE_URL, make_workshop, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")

DAY_BEFORE = utc_of_wall(at("02.12.2026 08:00"))  # the workshop is on Thursday 03.12.2026 at 17:00


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="2")
    return item_id


async def reminders() -> list[dict]:
    return await MailMessage.select(MailMessage.key, MailMessage.to_address, MailMessage.subject, MailMessage.body).where(
        MailMessage.key.like("%:remind:%")).order_by(MailMessage.id)


async def session_ids(item_id: int) -> list[int]:
    return [row["id"] for row in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)]


async def test_the_registered_are_reminded_the_day_before_in_their_language_and_the_waiting_are_not(workshop):
    anna, token = await sign_up(workshop, "Anna Liepa", 2, email="anna@example.lv")
    await sign_up(workshop, "Ieva Ozola", email="ieva@example.lv")  # waiting
    await sign_up(workshop, "Jānis Bērziņš", phone="+371 26000002")  # no email: nothing to send
    [session] = await session_ids(workshop)

    queued = await send_registration_reminders(DAY_BEFORE)

    [mail] = await reminders()
    assert queued == 1
    assert (mail["key"], mail["to_address"]) == (f"registration:{anna['id']}:remind:{session}", "anna@example.lv")
    assert mail["subject"] == "Atgādinājums: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30"
    assert mail["body"].splitlines() == [
        "Labdien, Anna Liepa!", "", "Atgādinām par jūsu pieteikumu (2 cilvēki):", "",
        "Kas: Aušana stellēs", "Kad: ceturtdiena, 03.12.2026. 17:00–18:30", "Kur: Lasītava", "",
        "Ja nevarat ierasties, lūdzu, atsauciet pieteikumu, lai vietu saņemtu kāds cits:", f"{BASE_URL}/r/{token}", "",
        "Saite ir personīga: nepārsūtiet to citiem.", "",
        "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka",
    ]
    assert await ItemChange.count().where(ItemChange.action == "registration_reminded") == 1


async def test_english_reminder(workshop):
    await sign_up(workshop, "Anna Liepa", email="anna@example.lv", language="en")

    await send_registration_reminders(DAY_BEFORE)

    [mail] = await MailMessage.select(MailMessage.language, MailMessage.subject).where(MailMessage.key.like("%:remind:%"))
    # the sentence comes from the English catalogue once `make messages` has it; the day is the person's language now
    assert mail["language"] == "en"
    assert mail["subject"].endswith(": Aušana stellēs, Thursday, 03.12.2026. 17:00–18:30")


async def test_a_second_pass_sends_nothing_new(workshop):
    await sign_up(workshop, "Anna Liepa", email="anna@example.lv")

    first = await send_registration_reminders(DAY_BEFORE)
    second = await send_registration_reminders(utc_of_wall(at("02.12.2026 09:00")))

    assert (first, second) == (1, 0)
    assert len(await reminders()) == 1
    assert await ItemChange.count().where(ItemChange.action == "registration_reminded") == 1


async def test_nothing_before_eight_the_day_before_nor_once_the_session_started(workshop):
    await sign_up(workshop, "Anna Liepa", email="anna@example.lv")

    too_early = await send_registration_reminders(utc_of_wall(at("02.12.2026 07:59")))
    too_late = await send_registration_reminders(utc_of_wall(at("03.12.2026 17:00")))

    assert (too_early, too_late) == (0, 0)
    assert await reminders() == []


async def test_a_missed_morning_is_caught_up_on_the_day_itself(workshop):
    await sign_up(workshop, "Anna Liepa", email="anna@example.lv")

    assert await send_registration_reminders(utc_of_wall(at("03.12.2026 10:00"))) == 1


async def test_cancelled_anonymised_or_cancelled_item_are_not_reminded(workshop, librarian):
    _, first = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")
    _, second = await sign_up(workshop, "Ieva Ozola", email="ieva@example.lv")
    await cancel(first, base_url="", now=utc_of_wall(at("25.11.2026 12:00")))
    await erase(second, now=utc_of_wall(at("25.11.2026 12:00")))

    assert await send_registration_reminders(DAY_BEFORE) == 0

    await sign_up(workshop, "Jānis Bērziņš", email="janis@example.lv")
    await set_status(workshop, Status.CANCELLED, librarian["id"])

    assert await send_registration_reminders(DAY_BEFORE) == 0
    assert await reminders() == []


async def test_a_place_got_within_the_day_before_needs_no_reminder(workshop):
    await sign_up(workshop, "Anna Liepa", email="anna@example.lv", now=utc_of_wall(at("02.12.2026 09:00")))

    assert await send_registration_reminders(utc_of_wall(at("02.12.2026 10:00"))) == 0


async def test_a_series_reminds_before_each_session_and_not_before_a_cancelled_one(reading_room, librarian):
    cycle = await make_workshop(reading_room, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await open_registration(cycle, librarian)
    anna, _ = await sign_up(cycle, "Anna Liepa", email="anna@example.lv")
    first, second, third = await session_ids(cycle)
    row = await Occurrence.select().where(Occurrence.id == second).first()
    await edit_occurrence(second, starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="",
                          staff_id=librarian["id"])

    for day in ("02.12.2026 08:00", "09.12.2026 08:00", "16.12.2026 08:00"):
        await send_registration_reminders(utc_of_wall(at(day)))

    assert [mail["key"] for mail in await reminders()] == [f"registration:{anna['id']}:remind:{first}", f"registration:{anna['id']}:remind:{third}"]
    assert [mail["subject"] for mail in await reminders()] == [
        "Atgādinājums: Grāmatu starts, ceturtdiena, 03.12.2026. 17:00–18:30",
        "Atgādinājums: Grāmatu starts, ceturtdiena, 17.12.2026. 17:00–18:30",
    ]
