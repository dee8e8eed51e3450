"""Latvian calendar facts: public holidays, Saturdays that are working days, school breaks."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from models.kernel.calendar_facts import (
    SchoolBreak,
    as_date,
    day_facts,
    holiday_name,
    moved_working_days,
    school_break,
)


def test_holiday_name_proclamation_day_in_latvian():
    assert holiday_name(date(2026, 11, 18)) == "Latvijas Republikas Proklamēšanas diena"


def test_holiday_name_proclamation_day_in_english():
    assert holiday_name(date(2026, 11, 18), "en") == "Republic of Latvia Proclamation Day"


def test_holiday_name_ordinary_day_is_none():
    assert holiday_name(date(2026, 11, 19)) is None


def test_holiday_name_day_off_moved_from_a_saturday_names_it():
    assert holiday_name(date(2026, 1, 2)) == "Brīvdiena (pārcelta no 17.01.2026)"


def test_moved_working_days_2026_maps_saturdays_to_their_days_off():
    assert moved_working_days(2026) == {date(2026, 1, 17): date(2026, 1, 2), date(2026, 6, 27): date(2026, 6, 22)}


def test_moved_working_days_2025_includes_november():
    assert moved_working_days(2025) == {date(2025, 5, 10): date(2025, 5, 2), date(2025, 11, 8): date(2025, 11, 17)}


def test_moved_working_days_are_saturdays():
    assert {day.weekday() for day in moved_working_days(2026)} == {5}


def test_day_facts_moved_working_day_in_latvian_and_english():
    assert day_facts(date(2026, 1, 17)) == ["darba diena"]
    assert day_facts(date(2026, 1, 17), "en") == ["working day"]


def test_day_facts_holiday():
    assert day_facts(date(2026, 11, 18), "en") == ["Republic of Latvia Proclamation Day"]


def test_day_facts_ordinary_day_is_empty():
    assert day_facts(date(2026, 11, 19)) == []


@pytest.mark.parametrize(
    "day, name_en",
    [
        (date(2026, 10, 19), "autumn break"),
        (date(2026, 10, 23), "autumn break"),
        (date(2026, 12, 21), "winter break"),
        (date(2027, 1, 1), "winter break"),
        (date(2027, 3, 8), "spring break"),
        (date(2027, 3, 12), "spring break"),
        (date(2027, 6, 1), "summer holidays"),
    ],
)
def test_school_break_days_of_school_year_2026_27(day, name_en):
    found = school_break(day)

    assert isinstance(found, SchoolBreak)
    assert found.name_in("en") == name_en


@pytest.mark.parametrize(
    "day",
    [date(2026, 9, 1), date(2026, 10, 18), date(2026, 10, 24), date(2026, 12, 18), date(2027, 1, 4), date(2027, 3, 13), date(2027, 5, 31)],
)
def test_school_break_school_days_are_none(day):
    assert school_break(day) is None


def test_school_break_autumn_break_latvian_name():
    assert school_break(date(2026, 10, 21)).name_in("lv") == "rudens brīvdienas"


def test_as_date_of_datetime_and_date():
    assert as_date(datetime(2026, 11, 18, 17, 0)) == date(2026, 11, 18)
    assert as_date(date(2026, 11, 18)) == date(2026, 11, 18)
