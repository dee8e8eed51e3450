"""A set goes out to a service point, comes back with a book missing; a home reader gets books on
a round; the round's figures become the sessions' attendance."""
from __future__ import annotations

from datetime import date, time

import pytest

from models.kernel.tables import Attendance
from models.outreach import (
    accept_proposal, finish_round, finish_stop, parse_pasted, plan_round, proposals, replace_titles, round_detail,
    save_reader, save_set, set_bring, validate_reader, validate_set,
)

pytestmark = pytest.mark.clock("02.02.2026 09:00")


async def test_round_records_the_delivery_figures_as_attendance(branch, care_centre, librarian):
    draft = await validate_set({"branch_id": branch["id"], "name": "Detektīvi", "receiver": "service_point", "place_id": care_centre["id"],
                                "rotation_days": "60"}, librarian)
    set_id = await save_set(draft)
    await replace_titles(set_id, parse_pasted("Agata Kristi — Desmit mazi nēģerīši\nAndra Neiburga: Stum, stum\nZiedonis - Pasaciņas"))
    [proposal] = await proposals([branch["id"]])
    assert proposal.going_out["id"] == set_id
    item_id = await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 2), start=time(8, 0), end=time(8, 30), set_id=set_id,
                                    returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")
    reader = await save_reader(validate_reader({"name": "Anna Lapiņa", "address": "Druvas 3", "consent_on": "01.02.2026",
                                                "carrier": "neighbour", "carrier_name": "Jānis", "weekday": "0"}, branch["id"]), librarian["id"])
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    detail = await round_detail(round_id)
    assert [stop["kind"] for stop in detail["stops"]] == ["point", "home"]
    home = detail["stops"][1]
    await set_bring(home["id"], "Blaumanis — Zagļi\nBlaumanis — Nāves ēnā", librarian)
    await finish_stop(detail["stops"][0]["id"], {"readers_served": "12"}, librarian)
    await finish_stop(home["id"], {}, librarian)
    recorded = await finish_round(round_id, librarian)
    rows = await Attendance.select(Attendance.item, Attendance.items_out, Attendance.items_back, Attendance.readers_served).order_by(Attendance.id)
    assert [(r["items_out"], r["items_back"], r["readers_served"]) for r in rows] == [(3, 0, 12), (2, 0, 1)]
    assert rows[0]["item"] == item_id and len(recorded) == 2 and reader
