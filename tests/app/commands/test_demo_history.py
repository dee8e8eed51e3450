"""The demo's past (last year and this year's ended months): what the statistics pages show first."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.commands.demo.build import load_demo
from app.commands.demo.history import LEFT_WITHOUT_ATTENDANCE
from models.kernel.enums import Kind
from models.kernel.tables import Attendance, CoreDelivery, Item, LibraryFigures, Occurrence

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
