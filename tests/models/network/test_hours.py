"""Opening hours as librarians type them."""
from __future__ import annotations

import pytest

from models.network.hours import day_text, parse_day, week_rows


@pytest.mark.parametrize("typed, kept", [
    ("9:00–18:00", [["09:00", "18:00"]]),
    ("9.00-18.00", [["09:00", "18:00"]]),
    ("14:00 - 18:00, 10:00 — 13:00", [["10:00", "13:00"], ["14:00", "18:00"]]),
    ("10:00-13:00; 14:00-18:00", [["10:00", "13:00"], ["14:00", "18:00"]]),
    ("", []),
    ("   ", []),
])
def test_hours_typed_in_any_usual_way_are_kept_as_intervals(typed, kept):
    assert parse_day(typed) == kept


@pytest.mark.parametrize("typed, code", [
    ("no rīta", "hours_format"),
    ("9:00", "hours_format"),
    ("25:00-26:00", "hours_format"),
    ("18:00-9:00", "hours_order"),
    ("9:00-13:00, 12:00-18:00", "hours_overlap"),
    ("8-9, 9-10, 10-11, 11-12, 12-13", "hours_format"),
    ("8:00-9:00, 9:00-10:00, 10:00-11:00, 11:00-12:00, 12:00-13:00", "hours_overlap"),
])
def test_what_is_not_hours_is_refused_with_its_reason(typed, code):
    with pytest.raises(ValueError) as refused:
        parse_day(typed)

    assert str(refused.value) == code


def test_week_lists_open_days_from_monday_as_the_form_shows_them():
    weekly = {"5": [["10:00", "15:00"]], "0": [["09:00", "13:00"], ["14:00", "18:00"]]}

    assert week_rows(weekly) == [(0, "09:00–13:00, 14:00–18:00"), (5, "10:00–15:00")]
    assert day_text([]) == ""
