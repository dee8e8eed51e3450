"""The statistics of a period by the BRIEF's counting rules, on hand-made months, and the pure
period and year-on-year functions."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from models.statistics import facts as statistics_facts
from models.kernel.enums import PlaceKind
from models.statistics.summary import compare_figures, period_figures
from models.statistics.period import (
    Period, PeriodInvalid, format_change, month_period, parse_period, year_period,
)
from models.statistics.report_tables import indicators, partner_table, school_table
from models.kernel.tables import (
    Attendance,
    Item,
    ItemAudience,
    ItemPartner,
    LibraryFigures,
    Occurrence,
    Partner,
)
from tests.conftest import at, make_place

TODAY = date(2026, 11, 25)
MARCH = month_period(2026, 3)


async def make_item(branch_id: int, kind: str = "event", *, title: str = "Pasākums", status: str = "published",
                    place_id: int | None = None, audiences: tuple = (), partners: tuple = (), **fields) -> int:
    start = at("02.03.2026 10:00")
    rows = await Item.insert(Item(uid=uuid.uuid4().hex, branch=branch_id, kind=kind, title=title, status=status, place=place_id,
                                  starts_at=start, ends_at=start + timedelta(hours=1), **fields)).returning(Item.id)
    item_id = rows[0]["id"]
    for audience in audiences:
        await ItemAudience.insert(ItemAudience(item=item_id, audience=audience))
    for partner_id in partners:
        await ItemPartner.insert(ItemPartner(item=item_id, partner=partner_id))
    return item_id


async def session(item_id: int, start: str, *, cancelled: bool = False, place_id: int | None = None,
                  end: str | None = None, **attendance) -> int:
    """One session; with attendance figures (total=…, children=…) it is held."""
    starts = at(start)
    ends = at(end) if end else starts + timedelta(hours=1)
    rows = await Occurrence.insert(Occurrence(item=item_id, recurrence_id=starts, starts_at=starts, ends_at=ends,
                                              cancelled=cancelled, place=place_id)).returning(Occurrence.id)
    if attendance:
        await Attendance.insert(Attendance(occurrence=rows[0]["id"], item=item_id, **attendance))
        await statistics_facts.refresh([item_id])  # what every told change does (models/statistics/facts.refresh_after)
    return rows[0]["id"]


async def figures(branch_id: int | None, period: Period = MARCH):
    return (await period_figures(period, branch_id, TODAY)).total


# --- events ---------------------------------------------------------------------------------

async def test_period_figures_cancelled_item_counts_nowhere(branch):
    held = await make_item(branch["id"])
    await session(held, "05.03.2026 17:00", total=20, children=5, adults=15)
    cancelled = await make_item(branch["id"], status="cancelled")
    await session(cancelled, "06.03.2026 17:00", total=30, children=10, adults=20)
    draft = await make_item(branch["id"], status="draft")
    await session(draft, "07.03.2026 17:00", total=9, adults=9)

    total = await figures(branch["id"])

    assert (total.events, total.attendance, total.attendance_children, total.attendance_adults) == (1, 20, 5, 15)


async def test_period_figures_series_counts_each_held_session_once(branch):
    series = await make_item(branch["id"], title="Rīta lasījumi", rrule="FREQ=WEEKLY;COUNT=5")
    for day, total in (("03.03.2026", 12), ("10.03.2026", 8), ("24.03.2026", 10)):
        await session(series, f"{day} 09:00", total=total, children=total)
    await session(series, "17.03.2026 09:00", cancelled=True, total=11, children=11)  # cancelled after recording
    await session(series, "31.03.2026 09:00")  # not held: no attendance

    total = await figures(branch["id"])

    assert (total.events, total.attendance, total.attendance_children) == (3, 30, 30)


async def test_period_figures_events_for_children_outside_and_online(branch):
    room = await make_place(branch["id"], "Lasītava")
    house = await make_place(branch["id"], "Rožupes Kultūras nams", PlaceKind.VENUE)
    young = await make_item(branch["id"], audiences=("teens", "adults"), place_id=room["id"])
    await session(young, "04.03.2026 15:00", total=14, children=12, adults=2)
    await session(young, "11.03.2026 15:00", place_id=house["id"], total=40, children=30, adults=10)  # moved outside
    adults = await make_item(branch["id"], audiences=("adults", "seniors"), place_id=house["id"])
    await session(adults, "12.03.2026 18:00", total=25, adults=25)
    webinar = await make_item(branch["id"], audiences=("adults",), place_id=room["id"])
    await session(webinar, "19.03.2026 18:00", total=3, adults=3, online=17)

    total = await figures(branch["id"])

    assert (total.events, total.events_young, total.events_outside, total.events_online) == (4, 2, 2, 1)
    assert (total.attendance, total.attendance_children, total.attendance_adults, total.attendance_online) == (82, 42, 40, 17)


async def test_period_figures_lessons_and_book_start_are_their_own_lines(branch):
    lesson = await make_item(branch["id"], "lesson", title="Bibliotekārā stunda")
    await session(lesson, "03.03.2026 12:30", total=18, children=17, adults=1)
    await session(lesson, "10.03.2026 12:30", total=16, children=15, adults=1)
    book_start = await make_item(branch["id"], "book_start", title="Pūčulēnu skola")
    await session(book_start, "06.03.2026 10:00", total=9, children=6, adults=3, kits=6)

    total = await figures(branch["id"])

    assert (total.events, total.attendance) == (0, 0)
    assert (total.lessons, total.lesson_participants) == (2, 34)
    assert (total.book_start, total.book_start_children, total.book_start_kits) == (1, 6, 6)


async def test_period_figures_other_branch_and_other_month_do_not_count(branch, other_branch):
    mine = await make_item(branch["id"])
    await session(mine, "31.03.2026 23:30", total=5, adults=5)
    await session(mine, "01.04.2026 00:00", total=7, adults=7)
    theirs = await make_item(other_branch["id"])
    await session(theirs, "15.03.2026 12:00", total=11, adults=11)

    mine_only, network = await figures(branch["id"]), await figures(None)

    assert (mine_only.events, mine_only.attendance, network.events, network.attendance) == (1, 5, 2, 16)


async def test_period_figures_months_give_the_bars(branch):
    event = await make_item(branch["id"])
    await session(event, "15.01.2026 12:00", total=5, adults=5)
    await session(event, "16.01.2026 12:00", total=6, adults=6)
    await session(event, "10.03.2026 12:00", total=7, adults=7)

    result = await period_figures(year_period(2026), branch["id"], TODAY)

    assert [(ym, f.events, f.attendance) for ym, f in result.months.items()][:4] == [
        ((2026, 1), 2, 11), ((2026, 2), 0, 0), ((2026, 3), 1, 7), ((2026, 4), 0, 0)]
    assert len(result.months) == 12


async def test_compare_figures_reads_both_years_and_not_the_months_between(branch):
    event = await make_item(branch["id"])
    await session(event, "10.03.2026 12:00", total=5, adults=5)
    await session(event, "11.03.2025 12:00", total=8, adults=8)
    await session(event, "15.06.2025 12:00", total=99, adults=99)  # between the two Marches
    exhibition = await make_item(branch["id"], "exhibition")
    await session(exhibition, "20.03.2025 10:00")
    between = await make_item(branch["id"], "exhibition")
    await session(between, "01.09.2025 10:00")

    this, last = await compare_figures(MARCH, branch["id"], TODAY)

    assert (this.period, last.period) == (MARCH, month_period(2025, 3))
    assert (this.total.events, this.total.attendance, this.total.exhibitions) == (1, 5, 0)
    assert (last.total.events, last.total.attendance, last.total.exhibitions) == (1, 8, 1)
    assert list(last.months) == [(2025, 3)]


async def test_compare_figures_of_a_range_longer_than_a_year(branch):
    event = await make_item(branch["id"])
    await session(event, "10.03.2025 12:00", total=5, adults=5)  # in both the range and last year's range
    await session(event, "10.03.2024 12:00", total=7, adults=7)

    this, last = await compare_figures(Period("range", date(2025, 1, 1), date(2026, 3, 31)), branch["id"], TODAY)

    assert (this.total.events, this.total.attendance, last.total.events, last.total.attendance) == (1, 5, 2, 12)


# --- exhibitions ------------------------------------------------------------------------------

async def test_exhibition_counts_once_in_the_year_it_opens(branch):
    exhibition = await make_item(branch["id"], "exhibition", title="Ziemassvētku rotājumi", all_day=True)
    await session(exhibition, "15.12.2025 00:00", end="16.02.2026 00:00")

    in_2025, in_2026 = await figures(branch["id"], year_period(2025)), await figures(branch["id"], year_period(2026))
    december = await figures(branch["id"], month_period(2025, 12))

    assert (in_2025.exhibitions, in_2026.exhibitions, december.exhibitions) == (1, 0, 1)


async def test_exhibition_opens_at_its_first_session_not_cancelled(branch):
    moved = await make_item(branch["id"], "exhibition", exhibition_form="virtual")
    await session(moved, "20.12.2025 10:00", cancelled=True)
    await session(moved, "10.01.2026 10:00")
    await session(moved, "10.02.2026 10:00")
    future = await make_item(branch["id"], "exhibition")
    await session(future, "01.12.2026 10:00")  # after TODAY
    draft = await make_item(branch["id"], "exhibition", status="draft")
    await session(draft, "05.01.2026 10:00")
    cancelled = await make_item(branch["id"], "exhibition", status="cancelled")
    await session(cancelled, "06.01.2026 10:00")

    total = await figures(branch["id"], year_period(2026))
    last_year = await figures(branch["id"], year_period(2025))

    assert (total.exhibitions, total.exhibitions_virtual, total.events, last_year.exhibitions) == (1, 1, 0, 0)


# --- deliveries ---------------------------------------------------------------------------------

async def test_deliveries_per_service_point(branch, care_centre):
    druvas = await make_place(branch["id"], "Druvas", PlaceKind.SERVICE_POINT)
    monthly = await make_item(branch["id"], "delivery", title="Grāmatu kopa", place_id=care_centre["id"], delivery_kind="service_point")
    await session(monthly, "02.03.2026 11:00", items_out=30, items_back=25, readers_served=8)
    await session(monthly, "16.03.2026 11:00", items_out=20, items_back=28, readers_served=7)
    await session(monthly, "23.03.2026 11:00", place_id=druvas["id"], items_out=12, items_back=0, readers_served=4)

    result = await period_figures(MARCH, branch["id"], TODAY)

    assert (result.total.deliveries, result.total.delivery_items_out, result.total.delivery_items_back) == (3, 62, 53)
    assert [(p["name"], p["sessions"], p["items_out"], p["items_back"], p["readers_served"]) for p in result.service_points] == [
        ("Druvas", 1, 12, 0, 4), ("Sociālās aprūpes centrs „Rožlejas”", 2, 50, 53, 15)]


async def test_home_delivery_counts_people_and_items(branch):
    home = await make_item(branch["id"], "delivery", title="Grāmatas mājās", delivery_kind="home")
    await session(home, "05.03.2026 14:00", items_out=6, readers_served=2)
    await session(home, "19.03.2026 14:00", items_out=4, readers_served=1)

    result = await period_figures(MARCH, branch["id"], TODAY)

    assert (result.total.home_deliveries, result.total.home_readers, result.total.home_items, result.total.deliveries) == (2, 3, 10, 0)
    assert result.service_points == []


# --- the report's tables ------------------------------------------------------------------------

async def test_partner_table_lists_what_was_done_together(branch, school):
    house = (await Partner.insert(Partner(name="Rožupes Kultūras nams", type="culture_house")).returning(Partner.id))[0]["id"]
    poetry = await make_item(branch["id"], title="Dzejas dienas", partners=(school["id"], house))
    await session(poetry, "12.03.2026 17:00", total=30, children=20, adults=10)
    lessons = await make_item(branch["id"], "lesson", title="Esi informēts", partners=(school["id"],))
    await session(lessons, "03.03.2026 12:30", total=15, children=15)
    await session(lessons, "10.03.2026 12:30", total=14, children=14)
    await session(lessons, "17.03.2026 12:30")  # not held
    drawings = await make_item(branch["id"], "exhibition", title="Skolēnu zīmējumi", partners=(school["id"],))
    await session(drawings, "20.03.2026 10:00", end="20.04.2026 10:00")
    cancelled = await make_item(branch["id"], status="cancelled", partners=(house,))
    await session(cancelled, "21.03.2026 10:00", total=3, adults=3)

    table = await partner_table(MARCH, branch["id"], TODAY)

    assert [(p["name"], p["times"], p["attendance"], [(a["title"], a["kind"], a["times"]) for a in p["activities"]]) for p in table] == [
        ("Rožupes Kultūras nams", 1, 30, [("Dzejas dienas", "event", 1)]),
        ("Rožupes pamatskola", 4, 59, [("Dzejas dienas", "event", 1), ("Esi informēts", "lesson", 2), ("Skolēnu zīmējumi", "exhibition", 1)]),
    ]


async def test_partner_table_counts_an_activity_planned_as_many_items_once_with_its_times(branch, school):
    for day in ("04.03.2026", "11.03.2026", "18.03.2026"):  # a weekly morning, planned item by item
        morning = await make_item(branch["id"], "book_start", title="Pūčulēnu rīts", partners=(school["id"],))
        await session(morning, f"{day} 10:00", total=8, children=6, adults=2, kits=0)

    [partner] = await partner_table(MARCH, branch["id"], TODAY)

    assert [(a["title"], a["times"], a["attendance"], len(a["item_ids"])) for a in partner["activities"]] == [("Pūčulēnu rīts", 3, 24, 3)]


async def test_partner_table_leaves_out_a_partner_who_declined(branch, school):
    house = (await Partner.insert(Partner(name="Rožupes Kultūras nams", type="culture_house")).returning(Partner.id))[0]["id"]
    evening = await make_item(branch["id"], title="Dzejas vakars", partners=(school["id"], house))
    await ItemPartner.update({ItemPartner.confirmation: "declined"}).where(ItemPartner.partner == house)
    await session(evening, "12.03.2026 17:00", total=30, children=20, adults=10)

    assert [p["name"] for p in await partner_table(MARCH, branch["id"], TODAY)] == ["Rožupes pamatskola"]


async def test_partner_table_has_no_headcount_for_deliveries_and_exhibitions(branch, school, care_centre):
    books = await make_item(branch["id"], "delivery", title="Grāmatu kopa", place_id=care_centre["id"], delivery_kind="service_point",
                            partners=(school["id"],))
    await session(books, "05.03.2026 11:00", items_out=20, items_back=15, readers_served=6)
    drawings = await make_item(branch["id"], "exhibition", title="Skolēnu zīmējumi", partners=(school["id"],))
    await session(drawings, "20.03.2026 10:00", end="20.04.2026 10:00")

    [partner] = await partner_table(MARCH, branch["id"], TODAY)

    assert [(a["title"], a["times"], a["attendance"]) for a in partner["activities"]] == [
        ("Grāmatu kopa", 1, None), ("Skolēnu zīmējumi", 1, None)]
    assert (partner["times"], partner["attendance"]) == (2, None)


async def test_partner_table_of_the_network_keeps_each_librarys_activity_apart(branch, other_branch, school):
    for branch_id in (branch["id"], other_branch["id"]):
        poetry = await make_item(branch_id, title="Dzejas dienas", partners=(school["id"],))
        await session(poetry, "12.03.2026 17:00", total=10, children=10)

    [partner] = await partner_table(MARCH, None, TODAY)

    assert [(a["branch_name"], a["title"], a["times"]) for a in partner["activities"]] == [("Rožupe", "Dzejas dienas", 1), ("Rudzāti", "Dzejas dienas", 1)]


async def test_school_table_groups_by_literacy_area(branch, school):
    kindergarten = (await Partner.insert(Partner(name="Pirmsskolas grupa „Zīļuki”", type="preschool")).returning(Partner.id))[0]["id"]
    digital = await make_item(branch["id"], "lesson", title="Medijpratības pamati", literacy_area="digital", lesson_class="5. klase",
                              partners=(school["id"],))
    await session(digital, "03.03.2026 12:30", total=12, children=12)
    await session(digital, "10.03.2026 12:30", total=11, children=11)
    safer = await make_item(branch["id"], title="Drošāka interneta diena", literacy_area="digital", partners=(kindergarten,))
    await session(safer, "11.03.2026 10:00", total=20, children=18, adults=2)
    reading = await make_item(branch["id"], "lesson", title="Skaļās lasīšanas sacensības", literacy_area="language_reading")
    await session(reading, "12.03.2026 10:00", total=9, children=9)
    plain = await make_item(branch["id"], title="Bez jomas")
    await session(plain, "13.03.2026 10:00", total=5, adults=5)

    table = await school_table(MARCH, branch["id"], TODAY)

    assert [(a["area"], a["sessions"], a["participants"], a["schools"]) for a in table] == [
        ("digital", 3, 43, ["Pirmsskolas grupa „Zīļuki”", "Rožupes pamatskola"]),
        ("language_reading", 1, 9, []),
    ]
    assert [(x["title"], x["kind"], x["lesson_class"], x["sessions"], x["participants"], x["schools"]) for x in table[0]["activities"]] == [
        ("Drošāka interneta diena", "event", "", 1, 20, ["Pirmsskolas grupa „Zīļuki”"]),
        ("Medijpratības pamati", "lesson", "5. klase", 2, 23, ["Rožupes pamatskola"]),
    ]


async def _import(branch_id: int, year: int, month: int, **values) -> None:
    await LibraryFigures.insert(LibraryFigures(period_key=f"{branch_id}:{year}-{month:02d}", branch=branch_id, year=year, month=month, **values))


async def test_indicators_sum_visits_and_loans_and_take_the_latest_active_users(branch, other_branch):
    await _import(branch["id"], 2026, 1, visits=700, visits_children=200, loans=900, loans_children=120, active_users=300, active_users_children=90)
    await _import(branch["id"], 2026, 2, visits=650, visits_children=210, loans=850, loans_children=100, active_users=360, active_users_children=101)
    await _import(branch["id"], 2025, 12, visits=999, loans=999, active_users=999)
    await _import(other_branch["id"], 2026, 1, visits=100, visits_children=10, loans=50, loans_children=5, active_users=40, active_users_children=4)

    mine = await indicators(year_period(2026), branch["id"])
    network = await indicators(year_period(2026), None)

    assert mine == {"visits": 1350, "visits_children": 410, "loans": 1750, "loans_children": 220, "active_users": 360,
                    "active_users_children": 101, "months_imported": 2, "months_expected": 12, "loans_books": None,
                    "loans_periodicals": None, "interlibrary_received": None, "interlibrary_sent": None, "population": None,
                    "children_population": None, "population_year": 2026, "coverage": None, "coverage_children": None}
    assert (network["visits"], network["loans"], network["active_users"], network["active_users_children"]) == (1450, 1800, 400, 105)


# --- periods and the change -------------------------------------------------------------------

@pytest.mark.parametrize(("this", "last", "expected"), [
    (5695, 3912, "+45,6%"),   # the report's visits 2022 against 2021
    (8579, 5695, "+50,6%"),   # and 2023 against 2022
    (10586, 11469, "-7,7%"),  # loans 2023 against 2022
    (2516, 1107, "+127,3%"),
    (144, 147, "-2,0%"),
    (495, 450, "+10,0%"),
    (10, 0, "—"),
    (0, 0, "—"),
    (7, 7, "0,0%"),
    (19999, 20000, "0,0%"),   # -0.005 % rounds to zero without a sign
    (3, 8, "-62,5%"),
    (0, 4, "-100,0%"),
])
def test_format_change_as_the_report_writes_it(this, last, expected):
    assert format_change(this, last) == expected


def test_parse_period_month_year_and_range():
    assert parse_period({"period": "month", "year": "2026", "month": "2"}, TODAY) == Period("month", date(2026, 2, 1), date(2026, 2, 28))
    assert parse_period({"period": "year", "year": "2025"}, TODAY) == Period("year", date(2025, 1, 1), date(2025, 12, 31))
    assert parse_period({"period": "range", "from": "15.12.2025.", "to": "2026-02-15"}, TODAY) == Period("range", date(2025, 12, 15), date(2026, 2, 15))


def test_parse_period_this_year_and_month_run_to_today():
    assert parse_period({}, TODAY) == Period("year", date(2026, 1, 1), date(2026, 11, 25))
    assert parse_period({"period": "month"}, TODAY) == Period("month", date(2026, 11, 1), date(2026, 11, 25))
    assert parse_period({"period": "year", "year": "2027"}, TODAY) == year_period(2027)  # all of it to come: nothing to cut


def test_period_previous_is_a_year_earlier():
    assert month_period(2025, 2).previous() == Period("month", date(2024, 2, 1), date(2024, 2, 29))
    assert Period("range", date(2024, 2, 29), date(2024, 3, 10)).previous() == Period("range", date(2023, 2, 28), date(2023, 3, 10))
    assert year_period(2026).previous() == year_period(2025)


def test_period_so_far_is_compared_with_the_same_days_of_last_year():
    this_year = year_period(2026).until(date(2026, 11, 25))
    this_month = month_period(2028, 2).until(date(2028, 2, 29))

    assert (this_year.cut, this_year.previous()) == (True, Period("year", date(2025, 1, 1), date(2025, 11, 25)))
    assert (this_month.cut, this_month.previous()) == (False, month_period(2027, 2))  # 29.02. is the month's last day
    assert month_period(2026, 11).until(date(2026, 11, 10)).previous() == Period("month", date(2025, 11, 1), date(2025, 11, 10))


@pytest.mark.parametrize(("params", "errors"), [
    ({"period": "week"}, {"period": "period_choice"}),
    ({"period": "year", "year": "1850"}, {"year": "year_range"}),
    ({"period": "month", "month": "13"}, {"month": "month_range"}),
    ({"period": "range", "from": "31.02.2026."}, {"from": "date_invalid", "to": "required"}),
    ({"period": "range"}, {"from": "range_dates"}),
    ({"period": "range", "from": "10.03.2026", "to": "01.03.2026"}, {"to": "range_order"}),
    ({"period": "range", "from": "01.01.2000", "to": "31.12.2010"}, {"to": "range_too_long"}),
    ({"period": "range", "from": "kaut kad", "to": "01.01.2999"}, {"from": "date_format", "to": "date_out_of_range"}),
])
def test_parse_period_bad_parameters_name_their_field(params, errors):
    with pytest.raises(PeriodInvalid) as refused:
        parse_period(params, TODAY)

    assert refused.value.errors == errors
