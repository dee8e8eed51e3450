"""A change in the planner follows into the book sets: a moved delivery takes its set out on the
new day, a cancelled one takes nothing and the exchange is proposed again."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from models.kernel.enums import Status
from models.kernel.outreach_tables import SetPlacement
from models.kernel.tables import Occurrence
from models.outreach import accept_proposal, parse_pasted, plan_round, proposals, replace_titles, round_detail, save_set, validate_set
from models.planning import move_item, set_status

pytestmark = pytest.mark.clock("02.02.2026 09:00")


@pytest.fixture
async def planned(branch, care_centre, librarian) -> int:
    set_id = await save_set(await validate_set({"branch_id": branch["id"], "name": "Detektīvi", "place_id": care_centre["id"]}, librarian))
    await replace_titles(set_id, parse_pasted("Agata Kristi — Desmit mazi nēģerīši"))
    return await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 10), start=time(10, 0), end=time(11, 0), set_id=set_id,
                                 returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")


async def test_moved_delivery_takes_the_set_out_on_its_new_day(planned, librarian):
    await move_item(planned, (await Occurrence.select(Occurrence.starts_at).first())["starts_at"] + timedelta(days=3), librarian["id"])

    placement = await SetPlacement.select(SetPlacement.placed_on, SetPlacement.due_on).first()

    assert placement == {"placed_on": date(2026, 2, 13), "due_on": date(2026, 4, 14)}


async def test_cancelled_delivery_leaves_the_set_in_and_the_exchange_is_proposed_again(planned, branch, librarian):
    await set_status(planned, Status.CANCELLED, librarian["id"])

    [proposal] = await proposals([branch["id"]])

    assert await SetPlacement.count() == 0
    assert (proposal.day, proposal.going_out["name"]) == (date(2026, 2, 3), "Detektīvi")


async def test_moved_delivery_leaves_the_old_days_round_and_joins_the_new_ones(planned, branch, librarian):
    old_round = await plan_round(branch["id"], date(2026, 2, 10), librarian, title="Grāmatu piegāde mājās")
    new_round = await plan_round(branch["id"], date(2026, 2, 13), librarian, title="Grāmatu piegāde mājās")

    await move_item(planned, (await Occurrence.select(Occurrence.starts_at).first())["starts_at"] + timedelta(days=3), librarian["id"])

    session = (await Occurrence.select(Occurrence.id).first())["id"]
    assert [stop["session"] for stop in (await round_detail(old_round))["stops"]] == []
    assert [stop["session"] for stop in (await round_detail(new_round))["stops"]] == [session]
