"""Many residents at the same moment: the last places go to exactly as many people as there are
places, and a freed place is given once. The requests really overlap (asyncio.gather of the
domain's calls, each in its own transaction); on SQLite the IMMEDIATE transactions queue for the
write lock, on PostgreSQL for the setup row's lock."""
from __future__ import annotations

import asyncio

import pytest

from models.kernel.registration_tables import Registration
from models.kernel.tables import ItemChange
from models.registration import (
    RegistrationClosed, StaleVersion, cancel, change_party, parse_setup, places, registrations_of, save_setup,
)
from tests.models.registration import BASE_URL, NOW, mail_keys, make_workshop, open_registration, setup_form, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def test_register_at_once_for_the_last_places_gives_each_place_once(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="3", party_max="1")
    await sign_up(item_id, "Ilze Kalniņa")

    results = await asyncio.gather(*(sign_up(item_id, f"Dalībnieks {n}") for n in range(8)))

    assert sorted(registration["state"] for registration, _ in results) == ["registered"] * 2 + ["waiting"] * 6
    assert sorted(registration["position"] or 0 for registration, _ in results) == [0, 0, 1, 2, 3, 4, 5, 6]
    assert await places(item_id) == {"capacity": 3, "taken": 3, "left": 0, "waiting": 6, "waiting_people": 6}


async def test_register_at_once_without_waiting_list_refuses_all_but_the_places(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="4", party_max="2", waiting_list="")

    results = await asyncio.gather(*(sign_up(item_id, f"Ģimene {n}", 2) for n in range(6)), return_exceptions=True)

    taken = [result for result in results if isinstance(result, tuple)]
    refused = [result.reason for result in results if isinstance(result, RegistrationClosed)]
    assert (len(taken), refused) == (2, ["full"] * 4)
    assert await Registration.count() == 2


async def test_cancel_the_same_registration_twice_at_once_promotes_once(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="4")
    _, token = await sign_up(item_id, "Ilze Kalniņa", 3)
    await sign_up(item_id, "Pēteris Liepa", 1)
    first, _ = await sign_up(item_id, "Jānis Bērziņš", 2, email="janis@example.lv")
    await sign_up(item_id, "Anna Ozola", 2, email="anna@example.lv")

    await asyncio.gather(cancel(token, base_url=BASE_URL, now=NOW), cancel(token, base_url=BASE_URL, now=NOW))

    assert [(r["name"], r["state"]) for r in await registrations_of(item_id)] == [
        ("Pēteris Liepa", "registered"), ("Jānis Bērziņš", "registered"), ("Anna Ozola", "waiting"), ("Ilze Kalniņa", "cancelled")]
    assert [key for key in await mail_keys() if key.endswith(":promoted")] == [f"registration:{first['id']}:promoted"]
    assert await ItemChange.count().where(ItemChange.action == "registration_promoted") == 1


async def test_cancel_two_registrations_at_once_promotes_the_waiting_party_once(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="2", party_max="2")
    _, one = await sign_up(item_id, "Ilze Kalniņa", 1)
    _, two = await sign_up(item_id, "Pēteris Liepa", 1)
    waiting, _ = await sign_up(item_id, "Jānis Bērziņš", 2, email="janis@example.lv")

    await asyncio.gather(cancel(one, base_url=BASE_URL, now=NOW), cancel(two, base_url=BASE_URL, now=NOW))

    assert await places(item_id) == {"capacity": 2, "taken": 2, "left": 0, "waiting": 0, "waiting_people": 0}
    assert [key for key in await mail_keys() if key.endswith(":promoted")] == [f"registration:{waiting['id']}:promoted"]


async def test_change_party_at_once_for_the_last_place_gives_it_once(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="3", party_max="2")
    _, one = await sign_up(item_id, "Ilze Kalniņa", 1)
    _, two = await sign_up(item_id, "Pēteris Liepa", 1)

    results = await asyncio.gather(*(change_party(token, 2, base_url=BASE_URL, now=NOW) for token in (one, two)), return_exceptions=True)

    assert sorted(type(result).__name__ for result in results) == ["ValidationFailed", "dict"]
    assert (await places(item_id))["taken"] == 3


async def test_save_setup_created_twice_at_once_saves_one(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    drafts = [parse_setup(setup_form(capacity=str(capacity))) for capacity in (10, 12)]

    results = await asyncio.gather(*(save_setup(item_id, draft, version=None, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)
                                     for draft in drafts), return_exceptions=True)

    assert sorted(type(result).__name__ for result in results) == ["StaleVersion", "list"]
    assert isinstance(next(r for r in results if not isinstance(r, list)), StaleVersion)
