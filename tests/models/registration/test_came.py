"""Who came (models/registration/attendance.py): the librarian ticks the registered parties who
came at one session of the item, so a series' sessions are ticked apart; the counts are people and
per session; only the item's own registered can be ticked, at its own sessions not cancelled; the
sign-in sheet of a session lists the registered (with that session's ticks), blank rows and the
waiting list."""
from __future__ import annotations

from datetime import timedelta

import pytest

from models.kernel.registration_tables import RegistrationMark
from models.kernel.tables import ItemChange, Occurrence
from models.registration import RegistrationNotFound, came_count, cancel_by_staff, mark_came, sessions_of, sign_in_sheet, ticking_session
from tests.conftest import at
from tests.models.registration import BASE_URL, NOW, make_workshop, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")

@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="5")
    return item_id


@pytest.fixture
async def cycle(reading_room, librarian) -> int:
    """A Book Start cycle of three Thursdays (03.12., 10.12., 17.12.2026 17:00), registered once."""
    item_id = await make_workshop(reading_room, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await open_registration(item_id, librarian, capacity="10")
    return item_id


async def session_ids(item_id: int) -> list[int]:
    return [row["id"] for row in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)]


async def marks() -> list[tuple[int, int, bool, str]]:
    rows = await RegistrationMark.select(RegistrationMark.registration, RegistrationMark.occurrence, RegistrationMark.came,
                                         RegistrationMark.key).order_by(RegistrationMark.id)
    return [(row["registration"], row["occurrence"], bool(row["came"]), row["key"]) for row in rows]


async def test_nobody_marked_yet_counts_no_no_shows(workshop):
    await sign_up(workshop, "Anna Liepa", 2)
    await sign_up(workshop, "Juris Kalns", 1)
    [session] = await session_ids(workshop)

    assert await came_count(workshop, session) == {"registered_people": 3, "came_people": 0, "no_show_people": 0}


async def test_ticked_parties_came_and_the_rest_did_not(workshop, librarian):
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    juris, _ = await sign_up(workshop, "Juris Kalns", 1)
    await sign_up(workshop, "Ilze Ozola", 2)
    [session] = await session_ids(workshop)

    ticked = await mark_came(anna["id"], workshop, session, True, staff_id=librarian["id"])
    await mark_came(juris["id"], workshop, session, False, staff_id=librarian["id"])

    assert (ticked["id"], ticked["came"], ticked["session_id"]) == (anna["id"], True, session)
    assert await came_count(workshop, session) == {"registered_people": 5, "came_people": 2, "no_show_people": 3}
    assert await marks() == [(anna["id"], session, True, f"{anna['id']}:{session}"), (juris["id"], session, False, f"{juris['id']}:{session}")]
    mark = await RegistrationMark.select(RegistrationMark.marked_by, RegistrationMark.marked_at).first()
    assert mark["marked_by"] == librarian["id"] and NOW <= mark["marked_at"] < NOW + timedelta(minutes=1)


async def test_a_series_sessions_are_ticked_apart(cycle, librarian):
    anna, _ = await sign_up(cycle, "Anna Liepa", 2)
    juris, _ = await sign_up(cycle, "Juris Kalns", 1)
    first, second, third = await session_ids(cycle)

    await mark_came(anna["id"], cycle, first, True, staff_id=librarian["id"])
    await mark_came(juris["id"], cycle, first, False, staff_id=librarian["id"])
    await mark_came(juris["id"], cycle, second, True, staff_id=librarian["id"])

    assert await came_count(cycle, first) == {"registered_people": 3, "came_people": 2, "no_show_people": 1}
    assert await came_count(cycle, second) == {"registered_people": 3, "came_people": 1, "no_show_people": 2}
    assert await came_count(cycle, third) == {"registered_people": 3, "came_people": 0, "no_show_people": 0}
    sheets = [await sign_in_sheet(cycle, session, NOW) for session in (first, second, third)]
    assert [[r["came"] for r in sheet["registered"]] for sheet in sheets] == [[True, False], [None, True], [None, None]]


async def test_untick_and_clear_touch_only_their_session(cycle, librarian):
    anna, _ = await sign_up(cycle, "Anna Liepa", 2)
    first, second, _ = await session_ids(cycle)
    await mark_came(anna["id"], cycle, first, True, staff_id=librarian["id"])
    await mark_came(anna["id"], cycle, second, True, staff_id=librarian["id"])

    await mark_came(anna["id"], cycle, first, False, staff_id=librarian["id"])
    unticked = await came_count(cycle, first)
    cleared = await mark_came(anna["id"], cycle, first, None, staff_id=librarian["id"])

    assert unticked == {"registered_people": 2, "came_people": 0, "no_show_people": 2}
    assert cleared["came"] is None
    assert await came_count(cycle, first) == {"registered_people": 2, "came_people": 0, "no_show_people": 0}
    assert await came_count(cycle, second) == {"registered_people": 2, "came_people": 2, "no_show_people": 0}
    assert await marks() == [(anna["id"], second, True, f"{anna['id']}:{second}")]


async def test_a_tick_writes_no_history_of_the_item(workshop, librarian):
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    [session] = await session_ids(workshop)
    before = await ItemChange.count().where(ItemChange.item == workshop)

    await mark_came(anna["id"], workshop, session, True, staff_id=librarian["id"])

    assert await ItemChange.count().where(ItemChange.item == workshop) == before


async def test_only_the_items_own_registered_can_be_ticked(workshop, reading_room, librarian):
    other = await make_workshop(reading_room, librarian, title="Dzejas dienas")
    await open_registration(other, librarian, capacity="2")
    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    juris, _ = await sign_up(workshop, "Juris Kalns", 2)
    waiting, _ = await sign_up(workshop, "Ilze Ozola", 2)
    await cancel_by_staff(juris["id"], workshop, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)  # Ilze gets the place
    [session], [other_session] = await session_ids(workshop), await session_ids(other)

    for registration_id, item_id, occurrence_id in ((anna["id"], other, other_session), (juris["id"], workshop, session),
                                                    (anna["id"], workshop, other_session), (anna["id"], workshop, session + other_session)):
        with pytest.raises(RegistrationNotFound):
            await mark_came(registration_id, item_id, occurrence_id, True, staff_id=librarian["id"])

    assert await marks() == []
    assert waiting["state"] == "waiting"


async def test_a_cancelled_session_cannot_be_ticked(cycle, librarian):
    anna, _ = await sign_up(cycle, "Anna Liepa", 2)
    first, second, _ = await session_ids(cycle)
    await Occurrence.update({Occurrence.cancelled: True}).where(Occurrence.id == second)

    with pytest.raises(RegistrationNotFound):
        await mark_came(anna["id"], cycle, second, True, staff_id=librarian["id"])
    await mark_came(anna["id"], cycle, first, True, staff_id=librarian["id"])

    assert await marks() == [(anna["id"], first, True, f"{anna['id']}:{first}")]


async def test_a_waiting_party_cannot_be_ticked(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="2")
    await sign_up(item_id, "Anna Liepa", 2)
    waiting, _ = await sign_up(item_id, "Ilze Ozola", 1)
    [session] = await session_ids(item_id)

    with pytest.raises(RegistrationNotFound):
        await mark_came(waiting["id"], item_id, session, True, staff_id=librarian["id"])

    assert await came_count(item_id, session) == {"registered_people": 2, "came_people": 0, "no_show_people": 0}


async def test_the_lists_session_is_todays_else_the_last_started_else_the_first(cycle):
    sessions = await sessions_of(cycle)
    first, second, third = (s["id"] for s in sessions)

    def chosen(moment: str, asked: int | None = None) -> int | None:
        found = ticking_session(sessions, asked, at(moment))  # a naive moment is Riga's wall time
        return found["id"] if found else None

    assert chosen("25.11.2026 12:00") == first  # none started yet: the first
    assert chosen("03.12.2026 09:00") == first  # today's, before it starts
    assert chosen("10.12.2026 20:00") == second  # today's, after it ended
    assert chosen("14.12.2026 12:00") == second  # the last that started
    assert chosen("05.01.2027 12:00") == third
    assert chosen("25.11.2026 12:00", third) == third
    assert chosen("25.11.2026 12:00", third + 999) is None


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


async def test_a_ticked_session_is_not_dropped_by_moving_the_item_to_another_day(workshop, librarian):
    from models.kernel.validation import ValidationFailed
    from models.planning import move_item

    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    [session] = await session_ids(workshop)
    await mark_came(anna["id"], workshop, session, True, staff_id=librarian["id"])

    with pytest.raises(ValidationFailed) as refused:
        await move_item(workshop, at("04.12.2026 17:00"), librarian["id"])

    assert refused.value.errors == {"start_date": "ticked_sessions:03.12.2026."}
    assert (await session_ids(workshop), len(await marks())) == ([session], 1)


async def test_a_ticked_session_moved_within_its_day_keeps_its_ticks(workshop, librarian):
    from models.planning import move_item

    anna, _ = await sign_up(workshop, "Anna Liepa", 2)
    [session] = await session_ids(workshop)
    await mark_came(anna["id"], workshop, session, True, staff_id=librarian["id"])

    await move_item(workshop, at("03.12.2026 18:00"), librarian["id"])

    assert (await session_ids(workshop), await came_count(workshop, session)) == (
        [session], {"registered_people": 2, "came_people": 2, "no_show_people": 0})
