"""Registrations in the statistics (models/statistics/registrations.py): an item with registration
counts once, in the month of its first held session; people, not parties; came and no-shows only
where who came was ticked; the counts stay after the retention pass blanks the names."""
from __future__ import annotations

from datetime import datetime, timezone

from models.kernel.registration_tables import Registration, RegistrationSetup
from models.statistics.period import month_period
from models.statistics.summary import compare_figures, period_figures
from tests.models.statistics.test_statistics import MARCH, TODAY, figures, make_item, session

APRIL = month_period(2026, 4)


async def with_registration(item_id: int, capacity: int, *parties: tuple[str, int, bool | None]) -> None:
    """Registration on the item with `capacity` places and parties (state, people, came)."""
    await RegistrationSetup.insert(RegistrationSetup(item=item_id, capacity=capacity, party_max=3))
    for number, (state, people, came) in enumerate(parties):
        await Registration.insert(Registration(item=item_id, token_hash=f"{item_id:08d}{number:056d}", name=f"Iedzīvotājs {number}",
                                               phone="+371 26000000", party=people, state=state, came=came))


def registration_figures(total) -> tuple[int, ...]:
    return (total.registration_items, total.registration_marked, total.registration_places, total.registered_people,
            total.registration_came, total.no_shows, total.waiting_people, total.cancelled_people)


async def test_registration_figures_count_people_came_no_shows_waiting_and_cancelled(branch):
    workshop = await make_item(branch["id"], title="Aušana stellēs")
    await with_registration(workshop, 6, ("registered", 2, True), ("registered", 1, False), ("registered", 3, None),
                            ("waiting", 2, None), ("cancelled", 1, None))
    await session(workshop, "10.03.2026 17:00", total=5, adults=5)

    total = await figures(branch["id"])

    assert registration_figures(total) == (1, 1, 6, 6, 2, 4, 2, 1)


async def test_registration_figures_without_ticks_know_no_no_shows(branch):
    workshop = await make_item(branch["id"])
    await with_registration(workshop, 4, ("registered", 2, None), ("registered", 1, None))
    await session(workshop, "10.03.2026 17:00", total=3, adults=3)

    total = await figures(branch["id"])

    assert registration_figures(total) == (1, 0, 4, 3, 0, 0, 0, 0)


async def test_registration_figures_series_counts_once_in_the_month_of_its_first_held_session(branch):
    cycle = await make_item(branch["id"], "book_start", title="Pūčulēnu skola", rrule="FREQ=WEEKLY;COUNT=3")
    await with_registration(cycle, 10, ("registered", 3, True), ("registered", 2, None))
    await session(cycle, "24.03.2026 10:00", total=5, children=3, adults=2)
    await session(cycle, "31.03.2026 10:00", total=4, children=2, adults=2)
    await session(cycle, "07.04.2026 10:00", total=5, children=3, adults=2)

    march, april = await figures(branch["id"]), await figures(branch["id"], APRIL)

    assert registration_figures(march) == (1, 1, 10, 5, 3, 2, 0, 0)
    assert registration_figures(april) == (0, 0, 0, 0, 0, 0, 0, 0)
    assert march.book_start == 2


async def test_registration_figures_leave_out_items_not_held_cancelled_or_draft(branch):
    not_held = await make_item(branch["id"])
    await with_registration(not_held, 5, ("registered", 2, None))
    await session(not_held, "12.03.2026 17:00")
    cancelled = await make_item(branch["id"], status="cancelled")
    await with_registration(cancelled, 5, ("registered", 1, True))
    await session(cancelled, "13.03.2026 17:00", total=1, adults=1)
    draft = await make_item(branch["id"], status="draft")
    await with_registration(draft, 5, ("registered", 1, True))
    await session(draft, "14.03.2026 17:00", total=1, adults=1)
    without = await make_item(branch["id"])
    await session(without, "15.03.2026 17:00", total=9, adults=9)

    total = await figures(branch["id"])

    assert registration_figures(total) == (0, 0, 0, 0, 0, 0, 0, 0)
    assert total.events == 1


async def test_registration_figures_by_branch_and_for_the_network(branch, other_branch):
    mine = await make_item(branch["id"])
    await with_registration(mine, 4, ("registered", 2, True))
    await session(mine, "10.03.2026 17:00", total=2, adults=2)
    theirs = await make_item(other_branch["id"])
    await with_registration(theirs, 8, ("registered", 3, None), ("waiting", 1, None))
    await session(theirs, "11.03.2026 17:00", total=3, adults=3)

    mine_only, network = await figures(branch["id"]), await figures(None)

    assert registration_figures(mine_only) == (1, 1, 4, 2, 2, 0, 0, 0)
    assert registration_figures(network) == (2, 1, 12, 5, 2, 0, 1, 0)


async def test_registration_figures_compare_with_last_year_month_by_month(branch):
    this_year = await make_item(branch["id"])
    await with_registration(this_year, 6, ("registered", 4, True), ("registered", 2, False))
    await session(this_year, "10.03.2026 17:00", total=4, adults=4)
    last_year = await make_item(branch["id"])
    await with_registration(last_year, 5, ("registered", 5, None), ("waiting", 3, None))
    await session(last_year, "11.03.2025 17:00", total=5, adults=5)

    this, last = await compare_figures(MARCH, branch["id"], TODAY)

    assert registration_figures(this.total) == (1, 1, 6, 6, 4, 2, 0, 0)
    assert registration_figures(last.total) == (1, 0, 5, 5, 0, 0, 3, 0)
    assert (this.months[(2026, 3)].registered_people, last.months[(2025, 3)].waiting_people) == (6, 3)


async def test_registration_figures_stay_after_the_names_are_blanked(branch):
    workshop = await make_item(branch["id"])
    await with_registration(workshop, 3, ("registered", 2, True), ("registered", 1, False))
    await session(workshop, "10.03.2026 17:00", total=2, adults=2)
    await Registration.update({Registration.name: "", Registration.phone: "", Registration.token_hash: None,
                               Registration.anonymised_at: datetime(2026, 4, 10, tzinfo=timezone.utc)}).where(Registration.item == workshop)

    result = await period_figures(MARCH, branch["id"], TODAY)

    assert registration_figures(result.total) == (1, 1, 3, 3, 2, 1, 0, 0)
