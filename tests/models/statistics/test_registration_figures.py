"""Registrations in the statistics (models/statistics/registrations.py): an item with registration
counts once, in the month of its first held session; people, not parties; came and no-shows only
where who came was ticked (a party came when ticked as come at any session of the item); the counts
stay after the retention pass blanks the names."""
from __future__ import annotations

from datetime import datetime, timezone

from models.kernel.registration_tables import Registration, RegistrationMark, RegistrationSetup
from models.kernel.tables import Occurrence
from models.statistics.period import month_period
from models.statistics.summary import compare_figures, period_figures
from tests.models.statistics.test_statistics import MARCH, TODAY, figures, make_item, session

APRIL = month_period(2026, 4)


async def with_registration(item_id: int, capacity: int, *parties: tuple[str, int, bool | None | dict[int, bool]]) -> None:
    """Registration on the item with `capacity` places and parties (state, people, came): `came`
    True or False is the tick at the item's first session (make the sessions first), None no tick,
    {session id: came} the ticks at those sessions."""
    await RegistrationSetup.insert(RegistrationSetup(item=item_id, capacity=capacity, party_max=3))
    first = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at).first()
    for number, (state, people, came) in enumerate(parties):
        rows = await Registration.insert(Registration(item=item_id, token_hash=f"{item_id:08d}{number:056d}", name=f"Iedzīvotājs {number}",
                                                      phone="+371 26000000", party=people, state=state)).returning(Registration.id)
        ticks = came if isinstance(came, dict) else {} if came is None else {first["id"]: came}
        for occurrence_id, ticked in ticks.items():
            await RegistrationMark.insert(RegistrationMark(registration=rows[0]["id"], occurrence=occurrence_id, came=ticked,
                                                           key=f"{rows[0]['id']}:{occurrence_id}"))


def registration_figures(total) -> tuple[int, ...]:
    return (total.registration_items, total.registration_marked, total.registration_places, total.registered_people,
            total.registration_came, total.no_shows, total.waiting_people, total.cancelled_people)


async def test_registration_figures_count_people_came_no_shows_waiting_and_cancelled(branch):
    workshop = await make_item(branch["id"], title="Aušana stellēs")
    await session(workshop, "10.03.2026 17:00", total=5, adults=5)
    await with_registration(workshop, 6, ("registered", 2, True), ("registered", 1, False), ("registered", 3, None),
                            ("waiting", 2, None), ("cancelled", 1, None))

    total = await figures(branch["id"])

    assert registration_figures(total) == (1, 1, 6, 6, 2, 4, 2, 1)


async def test_registration_figures_without_ticks_know_no_no_shows(branch):
    workshop = await make_item(branch["id"])
    await session(workshop, "10.03.2026 17:00", total=3, adults=3)
    await with_registration(workshop, 4, ("registered", 2, None), ("registered", 1, None))

    total = await figures(branch["id"])

    assert registration_figures(total) == (1, 0, 4, 3, 0, 0, 0, 0)


async def test_registration_figures_series_counts_once_in_the_month_of_its_first_held_session(branch):
    cycle = await make_item(branch["id"], "book_start", title="Pūčulēnu skola", rrule="FREQ=WEEKLY;COUNT=3")
    await session(cycle, "24.03.2026 10:00", total=5, children=3, adults=2)
    await session(cycle, "31.03.2026 10:00", total=4, children=2, adults=2)
    await session(cycle, "07.04.2026 10:00", total=5, children=3, adults=2)
    await with_registration(cycle, 10, ("registered", 3, True), ("registered", 2, None))

    march, april = await figures(branch["id"]), await figures(branch["id"], APRIL)

    assert registration_figures(march) == (1, 1, 10, 5, 3, 2, 0, 0)
    assert registration_figures(april) == (0, 0, 0, 0, 0, 0, 0, 0)
    assert march.book_start == 2


async def test_registration_figures_series_party_ticked_at_its_second_session_only_came(branch):
    cycle = await make_item(branch["id"], "book_start", title="Pūčulēnu skola", rrule="FREQ=WEEKLY;COUNT=3")
    first = await session(cycle, "03.03.2026 10:00", total=3, children=2, adults=1)
    second = await session(cycle, "10.03.2026 10:00", total=4, children=2, adults=2)
    third = await session(cycle, "17.03.2026 10:00")
    # parties of 3 (only at the second, as come), 2 (did not come to the first, came to the third), 1 (never came), 4 (not ticked)
    await with_registration(cycle, 12, ("registered", 3, {second: True}), ("registered", 2, {first: False, third: True}),
                            ("registered", 1, {first: False, second: False}), ("registered", 4, None))
    other = await make_item(branch["id"], title="Aušana stellēs", rrule="FREQ=WEEKLY;COUNT=2")
    await session(other, "05.03.2026 17:00", total=2, adults=2)
    held_later = await session(other, "12.03.2026 17:00", total=2, adults=2)
    await with_registration(other, 4, ("registered", 2, {held_later: True}))

    total = await figures(branch["id"])

    # both items marked; came 3 + 2 + 2; no-shows: the party of 1 and the one of 4 (never ticked as come)
    assert registration_figures(total) == (2, 2, 16, 12, 7, 5, 0, 0)


async def test_registration_figures_count_no_tick_at_a_session_cancelled_afterwards(branch):
    cycle = await make_item(branch["id"], "book_start", title="Pūčulēnu skola", rrule="FREQ=WEEKLY;COUNT=2")
    held = await session(cycle, "03.03.2026 10:00", total=3, children=2, adults=1)
    wrong = await session(cycle, "10.03.2026 10:00")
    # a party ticked at the wrong session, which was then cancelled; another ticked at the held one
    await with_registration(cycle, 8, ("registered", 2, {wrong: True}), ("registered", 3, {held: True}))
    await Occurrence.update({Occurrence.cancelled: True}).where(Occurrence.id == wrong)

    total = await figures(branch["id"])

    assert registration_figures(total) == (1, 1, 8, 5, 3, 2, 0, 0)


async def test_registration_figures_leave_out_items_not_held_cancelled_or_draft(branch):
    not_held = await make_item(branch["id"])
    await session(not_held, "12.03.2026 17:00")
    await with_registration(not_held, 5, ("registered", 2, None))
    cancelled = await make_item(branch["id"], status="cancelled")
    await session(cancelled, "13.03.2026 17:00", total=1, adults=1)
    await with_registration(cancelled, 5, ("registered", 1, True))
    draft = await make_item(branch["id"], status="draft")
    await session(draft, "14.03.2026 17:00", total=1, adults=1)
    await with_registration(draft, 5, ("registered", 1, True))
    without = await make_item(branch["id"])
    await session(without, "15.03.2026 17:00", total=9, adults=9)

    total = await figures(branch["id"])

    assert registration_figures(total) == (0, 0, 0, 0, 0, 0, 0, 0)
    assert total.events == 1


async def test_registration_figures_by_branch_and_for_the_network(branch, other_branch):
    mine = await make_item(branch["id"])
    await session(mine, "10.03.2026 17:00", total=2, adults=2)
    await with_registration(mine, 4, ("registered", 2, True))
    theirs = await make_item(other_branch["id"])
    await session(theirs, "11.03.2026 17:00", total=3, adults=3)
    await with_registration(theirs, 8, ("registered", 3, None), ("waiting", 1, None))

    mine_only, network = await figures(branch["id"]), await figures(None)

    assert registration_figures(mine_only) == (1, 1, 4, 2, 2, 0, 0, 0)
    assert registration_figures(network) == (2, 1, 12, 5, 2, 0, 1, 0)


async def test_registration_figures_compare_with_last_year_month_by_month(branch):
    this_year = await make_item(branch["id"])
    await session(this_year, "10.03.2026 17:00", total=4, adults=4)
    await with_registration(this_year, 6, ("registered", 4, True), ("registered", 2, False))
    last_year = await make_item(branch["id"])
    await session(last_year, "11.03.2025 17:00", total=5, adults=5)
    await with_registration(last_year, 5, ("registered", 5, None), ("waiting", 3, None))

    this, last = await compare_figures(MARCH, branch["id"], TODAY)

    assert registration_figures(this.total) == (1, 1, 6, 6, 4, 2, 0, 0)
    assert registration_figures(last.total) == (1, 0, 5, 5, 0, 0, 3, 0)
    assert (this.months[(2026, 3)].registered_people, last.months[(2025, 3)].waiting_people) == (6, 3)


async def test_registration_figures_stay_after_the_names_are_blanked(branch):
    workshop = await make_item(branch["id"])
    await session(workshop, "10.03.2026 17:00", total=2, adults=2)
    await with_registration(workshop, 3, ("registered", 2, True), ("registered", 1, False))
    await Registration.update({Registration.name: "", Registration.phone: "", Registration.token_hash: None,
                               Registration.anonymised_at: datetime(2026, 4, 10, tzinfo=timezone.utc)}).where(Registration.item == workshop)

    result = await period_figures(MARCH, branch["id"], TODAY)

    assert registration_figures(result.total) == (1, 1, 3, 3, 2, 1, 0, 0)
