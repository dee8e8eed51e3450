"""The end of the personal data: the person erases it through the link, or the retention pass
blanks it some days after the item; the counts stay."""
from __future__ import annotations

import pytest

from models.kernel.clock import utc_of_wall
from models.kernel.outbox import mask_personal_links
from models.kernel.registration_tables import Registration
from models.kernel.tables import MailMessage
from models.registration import RegistrationNotFound, anonymise_due, erase, places, registration_by_token, registrations_of
from tests.conftest import at
from tests.models.registration import NOW, make_workshop, mail_keys, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)  # 03.12.2026 17:00–18:30
    await open_registration(item_id, librarian, capacity="2", retention_days="30")
    return item_id


async def test_erase_blanks_the_person_and_gives_the_place_to_the_waiting(workshop):
    erased, token = await sign_up(workshop, "Ilze Kalniņa", 2, email="ilze@example.lv")
    waiting, _ = await sign_up(workshop, "Jānis Bērziņš", 2, email="janis@example.lv")

    await erase(token, now=NOW)
    row = await Registration.select().where(Registration.id == erased["id"]).first()

    assert (row["name"], row["phone"], row["email"], row["token_hash"], row["state"], row["party"]) == ("", "", "", None, "cancelled", 2)
    assert await registration_by_token(token) is None
    assert await mail_keys() == [f"registration:{waiting['id']}:confirmed", f"registration:{waiting['id']}:promoted"]


async def test_erase_twice_is_not_found(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa")
    await erase(token, now=NOW)

    with pytest.raises(RegistrationNotFound):
        await erase(token, now=NOW)


async def test_anonymise_due_before_the_retention_ends_keeps_everything(workshop):
    await sign_up(workshop, "Ilze Kalniņa", email="ilze@example.lv")

    anonymised = await anonymise_due(utc_of_wall(at("02.01.2027 18:29")))

    assert anonymised == 0
    assert [r["name"] for r in await registrations_of(workshop)] == ["Ilze Kalniņa"]


async def test_anonymise_due_after_the_retention_leaves_only_the_counts(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 2, email="ilze@example.lv", phone="+371 26000000")
    await sign_up(workshop, "Jānis Bērziņš", 1, phone="+371 27000000")
    before = await places(workshop)

    anonymised = await anonymise_due(utc_of_wall(at("02.01.2027 18:31")))

    assert anonymised == 2
    assert [(r["name"], r["phone"], r["email"], r["state"], r["party"], r["anonymised"]) for r in await registrations_of(workshop)] == [
        ("", "", "", "registered", 2, True), ("", "", "", "waiting", 1, True)]
    assert await places(workshop) == before
    assert (await registration_by_token(token), await MailMessage.count()) == (None, 0)
    assert await anonymise_due(utc_of_wall(at("03.01.2027 18:31"))) == 0


async def test_anonymise_due_follows_each_items_retention_days(reading_room, librarian, workshop):
    short = await make_workshop(reading_room, librarian, title="Zīmēšana")
    await open_registration(short, librarian, retention_days="7")
    await sign_up(short, "Anna Ozola")
    await sign_up(workshop, "Ilze Kalniņa")

    anonymised = await anonymise_due(utc_of_wall(at("11.12.2026 09:00")))

    assert anonymised == 1
    assert [(r["item_id"], r["anonymised"]) for r in await registrations_of(short) + await registrations_of(workshop)] == [
        (short, True), (workshop, False)]


def test_mask_personal_links_hides_a_registration_link():
    text = "Saite:\nhttps://afisa.rozupe.lv/r/8avlZ06FTkZiBft1tlWF35c-iX6GY6sOkKDsDpmN_dI\n"

    assert mask_personal_links(text) == "Saite:\nhttps://afisa.rozupe.lv/r/…\n"
