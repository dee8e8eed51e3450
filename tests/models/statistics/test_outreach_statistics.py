"""The outreach figures of the statistics on hand-made months: book sets in circulation, readers
served at service points month by month, books per home reader, and the delivery rounds'
sessions as they reach the statistics core."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.kernel.enums import PlaceKind
from models.kernel.outreach_tables import BookSet, SetPlacement
from models.kernel.tables import CoreDelivery
from models.outreach import finish_round, finish_stop, plan_round, round_detail, save_reader, set_bring, validate_reader
from models.statistics import books_per_reader, books_per_reader_change, format_books_per_reader, sets_in_circulation
from models.statistics.period import month_period, year_period
from models.statistics.summary import compare_figures, period_figures
from tests.conftest import make_place
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("02.02.2026 09:00")

TODAY = date(2026, 11, 25)
MARCH = month_period(2026, 3)


async def make_set(branch_id: int, name: str) -> int:
    rows = await BookSet.insert(BookSet(branch=branch_id, name=name)).returning(BookSet.id)
    return rows[0]["id"]


async def place_set(set_id: int, branch_id: int, placed: str, returned: str | None = None, place_id: int | None = None) -> None:
    placed_on = date.fromisoformat(placed)
    await SetPlacement.insert(SetPlacement(book_set=set_id, branch=branch_id, place=place_id, placed_on=placed_on, due_on=placed_on,
                                           returned_on=date.fromisoformat(returned) if returned else None))


# --- sets in circulation ------------------------------------------------------------------------

async def test_sets_in_circulation_counts_each_set_out_during_the_period_once(branch, other_branch, care_centre):
    b = branch["id"]
    detectives, classics, poetry, autumn, suitcase = [await make_set(b, name) for name in
                                                      ("Detektīvi", "Klasika", "Dzeja", "Rudens", "Bibliokofers")]
    await place_set(detectives, b, "2026-01-15", "2026-03-01", care_centre["id"])  # back on the first day: out that day
    await place_set(detectives, b, "2026-03-05", "2026-03-20", care_centre["id"])  # the same set again: once
    await place_set(classics, b, "2026-03-31", None, care_centre["id"])  # out from the last day, still out
    await place_set(poetry, b, "2026-01-10", "2026-02-28", care_centre["id"])  # back before March
    await place_set(autumn, b, "2026-04-01", None, care_centre["id"])  # out after March
    await place_set(suitcase, b, "2025-12-01", None)  # to a group, out since last year
    theirs = await make_set(other_branch["id"], "Rudzātu kopa")
    await place_set(theirs, other_branch["id"], "2026-03-10", "2026-03-12")

    [mine] = await sets_in_circulation([MARCH], b)
    [network] = await sets_in_circulation([MARCH], None)

    assert (mine.total, mine.months) == (3, {(2026, 3): 3})
    assert (network.total, network.months) == (4, {(2026, 3): 4})


async def test_sets_in_circulation_month_by_month_with_last_year(branch, care_centre):
    b = branch["id"]
    first, second = await make_set(b, "Latviešu klasika"), await make_set(b, "Atmiņas")
    await place_set(first, b, "2025-02-10", "2025-04-07", care_centre["id"])
    await place_set(second, b, "2026-01-20", "2026-03-16", care_centre["id"])
    await place_set(first, b, "2026-03-16", None, care_centre["id"])

    this, last = await compare_figures(year_period(2026).until(date(2026, 4, 30)), b, date(2026, 4, 30))

    assert (this.sets.total, last.sets.total) == (2, 1)
    assert this.sets.months == {(2026, 1): 1, (2026, 2): 1, (2026, 3): 2, (2026, 4): 1}
    assert last.sets.months == {(2025, 1): 0, (2025, 2): 1, (2025, 3): 1, (2025, 4): 1}


# --- readers and books per reader ------------------------------------------------------------------

async def test_readers_served_at_service_points_by_month_beside_last_year(branch, care_centre):
    druvas = await make_place(branch["id"], "Druvas", PlaceKind.SERVICE_POINT)
    books = await make_item(branch["id"], "delivery", title="Grāmatu kopa", place_id=care_centre["id"], delivery_kind="service_point")
    await session(books, "12.03.2026 10:00", items_out=25, items_back=20, readers_served=9)
    await session(books, "12.03.2026 12:00", place_id=druvas["id"], items_out=10, items_back=8, readers_served=3)
    await session(books, "09.04.2026 10:00", items_out=20, items_back=25, readers_served=8)
    await session(books, "13.03.2025 10:00", items_out=30, items_back=22, readers_served=11)

    this, last = await compare_figures(month_period(2026, 3), branch["id"], TODAY)

    assert (this.total.delivery_readers, last.total.delivery_readers) == (12, 11)
    assert (this.months[(2026, 3)].delivery_readers, last.months[(2025, 3)].delivery_readers) == (12, 11)
    assert [(p["name"], p["readers_served"]) for p in this.service_points] == [("Druvas", 3), ("Sociālās aprūpes centrs „Rožlejas”", 9)]
    assert [(p["name"], p["readers_served"]) for p in last.service_points] == [("Sociālās aprūpes centrs „Rožlejas”", 11)]


async def test_books_per_home_reader_of_the_period_and_last_year(branch):
    home = await make_item(branch["id"], "delivery", title="Grāmatas mājās", delivery_kind="home")
    await session(home, "06.03.2026 13:00", items_out=6, readers_served=2)
    await session(home, "20.03.2026 13:00", items_out=4, readers_served=1)
    await session(home, "07.03.2025 13:00", items_out=6, readers_served=3)

    this, last = await compare_figures(MARCH, branch["id"], TODAY)

    assert (this.books_per_home_reader, last.books_per_home_reader) == (Decimal("3.3"), Decimal("2.0"))
    assert books_per_reader_change(this.total.home_items, this.total.home_readers, last.total.home_items, last.total.home_readers) == "+66,7%"


async def test_books_per_home_reader_without_readers_is_a_dash(branch):
    result = await period_figures(MARCH, branch["id"], TODAY)

    assert (result.books_per_home_reader, format_books_per_reader(0, 0)) == (None, "—")


@pytest.mark.parametrize("items, readers, expected", [(10, 4, "2,5"), (7, 3, "2,3"), (5, 6, "0,8"), (0, 3, "0,0"), (1234, 1, "1234,0"), (8, 0, "—")])
def test_format_books_per_reader_one_decimal_with_a_comma(items, readers, expected):
    assert format_books_per_reader(items, readers) == expected


@pytest.mark.parametrize("figures, expected", [
    ((10, 3, 6, 3), "+66,7%"),  # 3,33… against 2,0: the exact ratios, not 3,3 against 2,0 (+65,0%)
    ((6, 3, 10, 4), "-20,0%"),
    ((5, 2, 5, 2), "0,0%"),
    ((5, 0, 5, 2), "—"),  # no reader this year
    ((5, 2, 0, 0), "—"),  # none last year
    ((5, 2, 0, 2), "—"),  # last year's ratio 0
])
def test_books_per_reader_change_compares_the_exact_ratios(figures, expected):
    assert books_per_reader_change(*figures) == expected


def test_books_per_reader_rounds_half_up():
    assert (books_per_reader(5, 4), books_per_reader(1, 8), books_per_reader(3, 0)) == (Decimal("1.3"), Decimal("0.1"), None)


# --- the rounds' sessions in the statistics and the core ------------------------------------------

async def test_finished_round_counts_in_statistics_and_reaches_the_core_as_home_delivery(branch, librarian):
    draft = validate_reader({"name": "Anna Lapiņa", "address": "Druvas 3", "consent_on": "15.01.2026", "carrier": "postman",
                             "weekday": "0"}, branch["id"])
    await save_reader(draft, librarian["id"])
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await set_bring(stop["id"], "Regīna Ezera — Zemdegas\nVizma Belševica — Bille\nAnšlavs Eglītis — Homo novus", librarian)
    await finish_stop(stop["id"], {"items_back": "2"}, librarian)

    [session_id] = await finish_round(round_id, librarian)
    result = await period_figures(month_period(2026, 2), branch["id"], TODAY)
    [record] = await CoreDelivery.select(CoreDelivery.payload).where(CoreDelivery.occurrence == session_id).output(load_json=True)

    assert (result.total.home_deliveries, result.total.home_readers, result.total.home_items, result.books_per_home_reader) == (
        1, 1, 3, Decimal("3.0"))
    payload = record["payload"]
    assert (payload["kind"], payload["place"], payload["outside_library"], payload["delivery"]) == (
        "delivery", None, True, {"kind": "home", "items_out": 3, "items_back": 2, "readers_served": 1})


async def test_finished_round_service_point_stop_reaches_the_core_with_its_place(branch, care_centre, librarian):
    books = await make_item(branch["id"], "delivery", title="Grāmatu kopa", place_id=care_centre["id"], delivery_kind="service_point",
                            status="confirmed")
    session_id = await session(books, "02.02.2026 08:00", end="02.02.2026 08:30")
    round_id = await plan_round(branch["id"], date(2026, 2, 2), librarian, title="Grāmatu piegāde mājās")
    [stop] = (await round_detail(round_id))["stops"]
    await finish_stop(stop["id"], {"items_out": "24", "items_back": "20", "readers_served": "11"}, librarian)

    await finish_round(round_id, librarian)
    [record] = await CoreDelivery.select(CoreDelivery.payload).where(CoreDelivery.occurrence == session_id).output(load_json=True)
    result = await period_figures(month_period(2026, 2), branch["id"], TODAY)

    assert (record["payload"]["place"], record["payload"]["delivery"]) == (
        {"name": "Sociālās aprūpes centrs „Rožlejas”", "kind": "service_point"},
        {"kind": "service_point", "items_out": 24, "items_back": 20, "readers_served": 11})
    assert (result.total.deliveries, result.total.delivery_items_out, result.total.delivery_readers) == (1, 24, 11)
