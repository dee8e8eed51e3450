"""Who came (models/registration/attendance.py): the librarian ticks the registered parties who
came; the counts are people; only the item's own registered can be ticked; the sign-in sheet of a
session lists the registered, blank rows and the waiting list."""
from __future__ import annotations

import pytest

from models.kernel.registration_tables import Registration
from models.kernel.tables import ItemChange, Occurrence
from models.registration import RegistrationNotFound, came_count, cancel_by_staff, mark_came, sign_in_sheet
from tests.models.registration import BASE_URL, NOW, make_workshop, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="5")
    return item_id


async def test_nobody_marked_yet_counts_no_no_shows(workshop):
    await sign_up(workshop, "Anna Liepa", 2)
    await sign_up(workshop, "Juris Kalns", 1)

    assert await came_count(workshop) == {"registered_people": 3, "came_people": 0, "no_show_people": 0}


async def test_ticked_parties_came_and_the_rest_did_not(workshop, librarian):
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    juris, _ = await sign_up(workshop, "Juris Kalns", 1)
    await sign_up(workshop, "Ilze Ozola", 2)

    ticked = await mark_came(anna["id"], workshop, True, staff_id=librarian["id"])
    await mark_came(juris["id"], workshop, False, staff_id=librarian["id"])

    assert ticked["came"] is True
    assert await came_count(workshop) == {"registered_people": 5, "came_people": 2, "no_show_people": 3}


async def test_untick_and_clear(workshop, librarian):
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    await mark_came(anna["id"], workshop, True, staff_id=librarian["id"])

    await mark_came(anna["id"], workshop, False, staff_id=librarian["id"])
    unticked = await came_count(workshop)
    await mark_came(anna["id"], workshop, None, staff_id=librarian["id"])

    assert unticked == {"registered_people": 2, "came_people": 0, "no_show_people": 2}
    assert await came_count(workshop) == {"registered_people": 2, "came_people": 0, "no_show_people": 0}


async def test_a_tick_writes_no_history_of_the_item(workshop, librarian):
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    before = await ItemChange.count().where(ItemChange.item == workshop)

    await mark_came(anna["id"], workshop, True, staff_id=librarian["id"])

    assert await ItemChange.count().where(ItemChange.item == workshop) == before


async def test_only_the_items_own_registered_can_be_ticked(workshop, reading_room, librarian):
    other = await make_workshop(reading_room, librarian, title="Dzejas dienas")
    await open_registration(other, librarian, capacity="2")
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    juris, _ = await sign_up(workshop, "Juris Kalns", 2)
    waiting, _ = await sign_up(workshop, "Ilze Ozola", 2)
    await cancel_by_staff(juris["id"], workshop, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)  # Ilze gets the place

    for registration_id, item_id in ((anna["id"], other), (juris["id"], workshop)):
        with pytest.raises(RegistrationNotFound):
            await mark_came(registration_id, item_id, True, staff_id=librarian["id"])

    assert [row["came"] for row in await Registration.select(Registration.came).order_by(Registration.id)] == [None, None, None]
    assert waiting["state"] == "waiting"


async def test_sign_in_sheet_lists_the_registered_blank_rows_and_the_waiting(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="3", ask_age_band="on")
    await sign_up(item_id, "Anna Liepa", 2, age_band="3–4 gadi")
    await sign_up(item_id, "Juris Kalns", 1, age_band="1–2 gadi")
    await sign_up(item_id, "Ilze Ozola", 2, age_band="5 gadi")
    session = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()

    sheet = await sign_in_sheet(item_id, None, NOW)

    assert [(r["name"], r["party"], r["age_band"]) for r in sheet["registered"]] == [("Anna Liepa", 2, "3–4 gadi"), ("Juris Kalns", 1, "1–2 gadi")]
    assert [r["name"] for r in sheet["waiting"]] == ["Ilze Ozola"]
    assert (sheet["session"]["id"], sheet["blank_rows"], sheet["people"], sheet["ask_age_band"]) == (session["id"], 18, 3, True)
    assert sheet["session"]["place_name"] == reading_room["name"]
    assert await sign_in_sheet(item_id, session["id"] + 999, NOW) is None


async def test_no_sheet_for_an_item_without_registration(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)

    assert await sign_in_sheet(item_id, None, NOW) is None
