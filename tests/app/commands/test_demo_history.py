"""The demo's past (last year and this year's ended months): what the statistics pages show first."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.commands.demo.build import load_demo
from app.commands.demo.history import LEFT_WITHOUT_ATTENDANCE
from models.kernel.enums import Kind
from models.kernel.tables import Attendance, CoreDelivery, Item, LibraryFigures, Occurrence

pytestmark = pytest.mark.clock("25.11.2026 12:00")

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
async def demo(db) -> dict:
    return await load_demo(TODAY, lambda password: "plain$" + password, now=NOW, history=True)


async def test_history_covers_last_year_and_this_years_past_months(demo):
    first = await Item.select(Item.starts_at).order_by(Item.starts_at).first()
    assert demo["history"]["months"] == 22
    assert first["starts_at"].date() >= date(2025, 1, 1)
    assert first["starts_at"].date() < date(2025, 1, 8)


async def test_history_records_attendance_for_every_ended_session_but_the_last_few(demo):
    ended = await Occurrence.count().where(
        (Occurrence.ends_at <= NOW) & (Occurrence.cancelled == False)  # noqa: E712
        & Occurrence.item.status.is_in(["planned", "confirmed", "published", "held"]) & (Occurrence.item.kind != Kind.EXHIBITION.value))
    assert demo["history"]["attendance"] == await Attendance.count() == ended - LEFT_WITHOUT_ATTENDANCE


async def test_history_queues_one_core_record_per_recorded_session(demo):
    assert await CoreDelivery.count() == await Attendance.count()


async def test_history_loads_the_library_systems_months_up_to_last_month(demo):
    months = await LibraryFigures.select(LibraryFigures.year, LibraryFigures.month).order_by(LibraryFigures.year).order_by(LibraryFigures.month)
    assert demo["history"]["figures"] == len(months) == 22
    assert (months[0]["year"], months[0]["month"], months[-1]["year"], months[-1]["month"]) == (2025, 1, 2026, 10)


async def test_history_left_out_without_the_flag(db):
    result = await load_demo(TODAY, lambda password: "plain$" + password, now=NOW)
    assert (result["history"], await Attendance.count(), await LibraryFigures.count()) == ({"months": 0, "attendance": 0, "figures": 0}, 0, 0)


# --- outreach: the service points' sets, the home readers and the delivery rounds -----------------

async def test_history_gives_both_service_points_their_standing_sets(demo):
    from models.kernel.outreach_tables import BookSet, BookSetTitle, SetPlacement
    from models.kernel.tables import Place

    points = {row["id"]: row["name"] for row in await Place.select(Place.id, Place.name).where(Place.kind == "service_point")}
    standing = await BookSet.select(BookSet.place, BookSet.name).where(BookSet.place.is_not_null())
    sizes = [await BookSetTitle.count().where(BookSetTitle.book_set == row["id"]) for row in await BookSet.select(BookSet.id)]
    suitcase = await BookSet.select().where(BookSet.name == "Bibliokofers").first()

    assert sorted(points.values()) == ["Apkalpošanas punkts „Druvas”", "Sociālās aprūpes centrs „Rožlejas”"]
    assert {points[row["place"]]: sum(1 for r in standing if r["place"] == row["place"]) for row in standing} == {
        "Sociālās aprūpes centrs „Rožlejas”": 3, "Apkalpošanas punkts „Druvas”": 2}
    assert all(10 <= size <= 25 for size in sizes)
    assert (suitcase["receiver"], suitcase["group_name"]) == ("group", "Pirmsskolas grupa „Zīļuki”")
    missing = [row["missing"] for row in await SetPlacement.select(SetPlacement.missing).output(load_json=True) if row["missing"]]
    assert [len(titles) for titles in missing] == [1]


async def test_history_has_four_home_readers_with_four_different_carriers(demo):
    from models.kernel.outreach_tables import HomeLoan, HomeReader

    readers = await HomeReader.select(HomeReader.carrier, HomeReader.consent_on, HomeReader.weekday, HomeReader.last_visit_on)

    assert sorted(r["carrier"] for r in readers) == ["neighbour", "postman", "relative", "social_worker"]
    assert all(r["consent_on"] < date(2025, 1, 1) and r["weekday"] is not None and r["last_visit_on"] < TODAY for r in readers)
    assert await HomeLoan.count().where(HomeLoan.returned_on.is_null()) > 0


async def test_history_rounds_are_counted_in_last_years_statistics(demo):
    from models.kernel.outreach_tables import DeliveryRound
    from models.statistics.period import year_period
    from models.statistics.summary import compare_figures

    this, last = await compare_figures(year_period(2026).until(TODAY), None, TODAY)
    unfinished = await DeliveryRound.count().where(DeliveryRound.finished_at.is_null())

    assert (demo["outreach"]["readers"], demo["outreach"]["sets"], unfinished) == (4, 7, 0)
    assert await DeliveryRound.count() == demo["outreach"]["rounds"] > 24
    assert last.total.deliveries > 0 and last.total.home_readers > 0 and last.total.home_items > 0
    assert this.total.deliveries > 0 and this.total.home_readers > 0
    assert {point["name"] for point in last.service_points} == {"Apkalpošanas punkts „Druvas”", "Sociālās aprūpes centrs „Rožlejas”"}
    assert (this.sets.total, last.sets.total) == (6, 6)
    assert last.books_per_home_reader is not None


async def test_history_leaves_the_set_at_rozlejas_due_soon_so_its_change_is_proposed(demo):
    from models.outreach import proposals

    [proposal] = await proposals(None, today=TODAY)

    assert proposal.place["name"] == "Sociālās aprūpes centrs „Rožlejas”"
    # due on a Saturday; the monthly delivery to Rožlejas on the Thursday after takes the sets along
    assert (proposal.due_on, proposal.day, proposal.moved_because) == (date(2026, 12, 5), date(2026, 12, 10), [])
    assert proposal.session["starts_at"] == datetime(2026, 12, 10, 10, 0)
    assert proposal.coming_back is not None and proposal.going_out["name"] == "Jaunieguvumi apkalpošanas punktiem"


async def test_history_has_a_held_workshop_each_spring_with_who_came_and_the_names_gone(demo):
    from models.kernel.registration_tables import Registration
    from models.statistics.period import month_period
    from models.statistics.summary import compare_figures

    this, last = await compare_figures(month_period(2026, 3), None, TODAY)
    names = {row["name"] for row in await Registration.select(Registration.name).where(Registration.anonymised_at.is_not_null())}

    # this March: six parties of 9 people, two of one person each did not come; last March: five parties of 8, one of 2 did not
    assert (this.total.registration_items, this.total.registered_people, this.total.registration_came, this.total.no_shows) == (1, 9, 7, 2)
    assert (last.total.registration_items, last.total.registered_people, last.total.registration_came, last.total.no_shows) == (1, 8, 6, 2)
    assert names == {""}
