"""Series rules: expansion, the RRULE text Afiša writes, and cutting a series ("this and following")."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from models.planning.recurrence import (
    MAX_OCCURRENCES,
    Recurrence,
    expand,
    expand_rrule,
    nth_of_month,
    parse_rrule,
    truncate_before,
)
from tests.conftest import at

AUTUMN_TERM_END = date(2026, 12, 18)  # the last school day before the winter break (21.12.2026)
TUESDAYS_OF_AUTUMN_TERM = [
    at(f"{day} 12:30")
    for day in (
        "01.09.2026", "08.09.2026", "15.09.2026", "22.09.2026", "29.09.2026",
        "06.10.2026", "13.10.2026", "20.10.2026", "27.10.2026",
        "03.11.2026", "10.11.2026", "17.11.2026", "24.11.2026",
        "01.12.2026", "08.12.2026", "15.12.2026",
    )
]


def test_weekly_rule_every_tuesday_until_end_of_term_gives_sixteen_sessions():
    rule = Recurrence("weekly", weekdays=(1,), until=AUTUMN_TERM_END)

    starts = expand(rule, at("01.09.2026 12:30"))

    assert starts == TUESDAYS_OF_AUTUMN_TERM
    assert len(starts) == 16


def test_weekly_rule_without_weekdays_repeats_on_the_weekday_of_the_first_session():
    rule = Recurrence("weekly", until=AUTUMN_TERM_END)

    starts = expand(rule, at("01.09.2026 12:30"))

    assert starts == TUESDAYS_OF_AUTUMN_TERM


def test_weekly_rule_text_names_the_day_and_local_until():
    rule = Recurrence("weekly", weekdays=(1,), until=AUTUMN_TERM_END)

    text = rule.to_rrule(at("01.09.2026 12:30"))

    assert text == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959"


def test_weekly_rule_keeps_wall_clock_time_across_the_october_clock_change():
    rule = Recurrence("weekly", weekdays=(1,), until=date(2026, 11, 3))

    starts = expand(rule, at("20.10.2026 12:30"))

    assert starts == [at("20.10.2026 12:30"), at("27.10.2026 12:30"), at("03.11.2026 12:30")]


def test_weekly_rule_on_two_days_every_second_week_with_count():
    rule = Recurrence("weekly", interval=2, weekdays=(3, 1), count=4)

    starts = expand(rule, at("01.09.2026 10:00"))

    assert rule.to_rrule(at("01.09.2026 10:00")) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4"
    assert starts == [at("01.09.2026 10:00"), at("03.09.2026 10:00"), at("15.09.2026 10:00"), at("17.09.2026 10:00")]


def test_monthly_nth_rule_second_thursday_of_each_month():
    rule = Recurrence("monthly", monthly_mode="nth", until=date(2026, 12, 31))
    first = at("10.09.2026 15:00")  # the second Thursday of September 2026

    text = rule.to_rrule(first)
    starts = expand(rule, first)

    assert text == "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261231T235959"
    assert starts == [at("10.09.2026 15:00"), at("08.10.2026 15:00"), at("12.11.2026 15:00"), at("10.12.2026 15:00")]


def test_monthly_last_rule_last_friday_of_each_month():
    rule = Recurrence("monthly", monthly_mode="last", until=date(2026, 12, 31))
    first = at("25.09.2026 11:00")

    text = rule.to_rrule(first)
    starts = expand(rule, first)

    assert text == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231T235959"
    assert starts == [at("25.09.2026 11:00"), at("30.10.2026 11:00"), at("27.11.2026 11:00"), at("25.12.2026 11:00")]


def test_monthly_last_rule_last_monday_reaches_the_fifth_week():
    rule = Recurrence("monthly", monthly_mode="last", count=3)

    starts = expand(rule, at("28.09.2026 10:00"))

    assert starts == [at("28.09.2026 10:00"), at("26.10.2026 10:00"), at("30.11.2026 10:00")]


def test_monthly_day_rule_repeats_on_the_same_day_of_month():
    rule = Recurrence("monthly", count=3)

    text = rule.to_rrule(at("15.01.2027 09:00"))
    starts = expand(rule, at("15.01.2027 09:00"))

    assert text == "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3"
    assert starts == [at("15.01.2027 09:00"), at("15.02.2027 09:00"), at("15.03.2027 09:00")]


def test_daily_rule_with_interval_and_count():
    rule = Recurrence("daily", interval=2, count=3)

    starts = expand(rule, at("19.10.2026 10:00"))

    assert starts == [at("19.10.2026 10:00"), at("21.10.2026 10:00"), at("23.10.2026 10:00")]


def test_expand_first_session_off_the_rule_is_kept_before_the_counted_sessions():
    rule = Recurrence("weekly", weekdays=(1,), count=2)

    starts = expand(rule, at("31.08.2026 12:30"))  # a Monday, the rule says Tuesdays

    assert starts == [at("31.08.2026 12:30"), at("01.09.2026 12:30"), at("08.09.2026 12:30")]


def test_expand_endless_daily_rule_stops_one_past_the_limit():
    rule = Recurrence("daily", until=date(2100, 12, 31))

    starts = expand(rule, at("01.01.2026 10:00"))

    assert len(starts) == MAX_OCCURRENCES + 1


def test_expand_count_above_the_limit_is_capped():
    rule = Recurrence("daily", count=MAX_OCCURRENCES + 100)

    starts = expand(rule, at("01.01.2026 10:00"))

    assert len(starts) == MAX_OCCURRENCES


def test_expand_rrule_without_rule_is_the_single_start():
    assert expand_rrule("", at("10.09.2026 17:00")) == [at("10.09.2026 17:00")]


def test_expand_rrule_reads_the_text_rule():
    starts = expand_rrule("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959", at("01.09.2026 12:30"))

    assert starts == TUESDAYS_OF_AUTUMN_TERM


@pytest.mark.parametrize(
    "rule, first",
    [
        (Recurrence("weekly", weekdays=(1,), until=date(2026, 12, 18)), "01.09.2026 12:30"),
        (Recurrence("weekly", interval=2, weekdays=(0, 2, 4), count=12), "07.09.2026 10:00"),
        (Recurrence("monthly", monthly_mode="nth", until=date(2027, 5, 31)), "10.09.2026 15:00"),
        (Recurrence("monthly", monthly_mode="last", count=6), "25.09.2026 11:00"),
        (Recurrence("monthly", monthly_mode="day", interval=3, count=4), "15.01.2027 09:00"),
        (Recurrence("daily", count=5), "19.10.2026 10:00"),
    ],
)
def test_parse_rrule_round_trip_gives_back_the_rule(rule, first):
    text = rule.to_rrule(at(first))

    parsed = parse_rrule(text)

    assert parsed == rule
    assert parsed.to_rrule(at(first)) == text


@pytest.mark.parametrize(
    "day, nth",
    [(date(2026, 9, 1), 1), (date(2026, 9, 7), 1), (date(2026, 9, 8), 2), (date(2026, 9, 10), 2), (date(2026, 9, 28), 4), (date(2026, 9, 29), 5)],
)
def test_nth_of_month_counts_weeks_from_the_first(day, nth):
    assert nth_of_month(day) == nth


def test_truncate_before_ends_the_weekly_series_the_day_before():
    text = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959"
    first = at("01.09.2026 12:30")

    cut = truncate_before(text, first, at("03.11.2026 12:30"))

    assert cut == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261102T235959"
    assert expand_rrule(cut, first) == TUESDAYS_OF_AUTUMN_TERM[:9]


def test_truncate_before_and_the_rest_together_are_the_original_sessions():
    text = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959"
    first = at("01.09.2026 12:30")
    split_at = at("03.11.2026 12:30")

    before = expand_rrule(truncate_before(text, first, split_at), first)
    after = expand_rrule(text, split_at)

    assert before + after == TUESDAYS_OF_AUTUMN_TERM


def test_truncate_before_turns_a_count_into_an_until():
    text = "FREQ=WEEKLY;BYDAY=TU;COUNT=10"
    first = at("01.09.2026 12:30")

    cut = truncate_before(text, first, at("22.09.2026 12:30"))

    assert cut == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260921T235959"
    assert expand_rrule(cut, first) == [at("01.09.2026 12:30"), at("08.09.2026 12:30"), at("15.09.2026 12:30")]


def test_truncate_before_keeps_the_monthly_nth_weekday():
    text = "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270531T235959"
    first = at("10.09.2026 15:00")

    cut = truncate_before(text, first, at("10.12.2026 15:00"))

    assert cut == "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261209T235959"
    assert expand_rrule(cut, first) == [at("10.09.2026 15:00"), at("08.10.2026 15:00"), at("12.11.2026 15:00")]


def test_truncate_before_the_second_session_leaves_only_the_first():
    text = "FREQ=DAILY;COUNT=5"
    first = at("19.10.2026 10:00")

    cut = truncate_before(text, first, at("20.10.2026 10:00"))

    assert expand_rrule(cut, first) == [first]


def test_to_rrule_prefers_until_over_count():
    rule = Recurrence("daily", until=date(2026, 10, 23), count=3)

    assert rule.to_rrule(datetime(2026, 10, 19, 10, 0)) == "FREQ=DAILY;UNTIL=20261023T235959"
