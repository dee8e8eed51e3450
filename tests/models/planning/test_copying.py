"""Planning a month from the last one: the days mapped by weekday, what the new day holds
flagged, drafts made in one go; many items' status changed at once and changed back."""
from __future__ import annotations

from datetime import date

import pytest

from models.kernel.enums import Status
from models.kernel.network_tables import BranchClosure
from models.kernel.tables import Item
from models.planning.bulk import set_statuses
from models.planning.copying import Period, copy_items, copy_plan, map_day
from models.planning.programme import create_item
from tests.conftest import at
from tests.models import make_draft

# November and December 2026 are the past and the present of this clock
pytestmark = pytest.mark.clock("25.11.2026 12:00")

NOVEMBER, DECEMBER = Period.month(date(2026, 11, 1)), Period.month(date(2026, 12, 1))


async def plan(branch, librarian, title: str, day: str, **overrides) -> int:
    values = {"title": title, "start_date": day, "start_time": "17:00", "end_time": "18:00", "status": "published", **overrides}
    draft = await make_draft(branch["id"], librarian, **values)
    return await create_item(draft, librarian["id"])


def test_map_day_keeps_the_nth_weekday_of_the_month():
    assert map_day(date(2026, 11, 12), NOVEMBER, DECEMBER) == date(2026, 12, 10)  # the 2nd Thursday
    assert map_day(date(2026, 11, 23), NOVEMBER, DECEMBER) == date(2026, 12, 28)  # the 4th Monday
    assert map_day(date(2026, 11, 30), NOVEMBER, DECEMBER) is None  # the 5th Monday: December has four


def test_map_day_of_a_week_keeps_the_weekday():
    source, target = Period.week(date(2026, 11, 25)), Period.week(date(2026, 12, 9))

    assert (source.first, target.first) == (date(2026, 11, 23), date(2026, 12, 7))
    assert map_day(date(2026, 11, 26), source, target) == date(2026, 12, 10)


async def test_copy_plan_flags_holidays_closed_days_and_what_is_already_planned(branch, librarian):
    await plan(branch, librarian, "Dzejas vakars", "12.11.2026.")
    await plan(branch, librarian, "Galda spēles", "05.11.2026.")
    await plan(branch, librarian, "Pasaku rīts", "20.11.2026.")
    await plan(branch, librarian, "Pasaku rīts", "18.12.2026.")  # the 3rd Friday of December already has it
    await BranchClosure.insert(BranchClosure(branch=branch["id"], first_day=date(2026, 12, 3), last_day=date(2026, 12, 4), reason="Inventarizācija"))

    rows = await copy_plan(branch["id"], NOVEMBER, DECEMBER)

    assert [(r.title, r.new_start, r.flags, r.proposed) for r in rows] == [
        ("Galda spēles", at("03.12.2026 17:00"), [("closed", "Inventarizācija")], True),
        ("Dzejas vakars", at("10.12.2026 17:00"), [], True),
        ("Pasaku rīts", at("18.12.2026 17:00"), [("planned", "")], False),
    ]


async def test_copy_plan_leaves_a_series_that_goes_on_by_itself(branch, librarian):
    await plan(branch, librarian, "Lasīšanas klubs", "04.11.2026.", repeat="weekly", weekdays=["2"], until="30.12.2026.")

    [row] = await copy_plan(branch["id"], NOVEMBER, DECEMBER)

    assert (row.flags, row.proposed) == ([("continues", "30.12.2026.")], False)


async def test_copy_items_makes_drafts_on_the_mapped_days(branch, librarian):
    source = await plan(branch, librarian, "Dzejas vakars", "12.11.2026.")

    [copy] = await copy_items(branch["id"], NOVEMBER, DECEMBER, [source], librarian["id"])

    item = await Item.select(Item.title, Item.status, Item.starts_at, Item.ends_at).where(Item.id == copy).first()
    assert item == {"title": "Dzejas vakars", "status": "draft", "starts_at": at("10.12.2026 17:00"), "ends_at": at("10.12.2026 18:00")}


async def test_set_statuses_publishes_many_and_undo_puts_each_back(branch, librarian):
    drafts = [await plan(branch, librarian, f"Nodarbība {n}", f"0{n}.12.2026.", status="draft") for n in (7, 8)]
    planned = await plan(branch, librarian, "Plānotā", "09.12.2026.", status="planned")

    done = await set_statuses([*drafts, planned], Status.PUBLISHED, librarian["id"])
    statuses_after = [row["status"] for row in await Item.select(Item.status).order_by(Item.id)]
    await set_statuses([i for i, _ in done.changed], Status.DRAFT, librarian["id"], undoing=dict(done.changed))
    statuses_undone = [row["status"] for row in await Item.select(Item.status).order_by(Item.id)]

    assert statuses_after == ["published", "published", "published"]
    assert statuses_undone == ["draft", "draft", "planned"]
    assert done.refused == []
