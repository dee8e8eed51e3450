"""The library's clock: Riga's wall time, whatever the server's zone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from models.kernel.clock import LIBRARY_TZ, aware_local, local_now, local_today, local_wall_time


def test_local_wall_time_after_utc_evening_is_the_next_day_in_riga():
    assert local_wall_time(datetime(2026, 11, 30, 23, 8, tzinfo=timezone.utc)) == datetime(2026, 12, 1, 1, 8)


def test_local_wall_time_in_summer_is_three_hours_ahead():
    assert local_wall_time(datetime(2026, 7, 1, 21, 30, tzinfo=timezone.utc)) == datetime(2026, 7, 2, 0, 30)


def test_local_wall_time_keeps_a_naive_wall_time():
    assert local_wall_time(datetime(2026, 3, 29, 3, 30)) == datetime(2026, 3, 29, 3, 30)


def test_aware_local_attaches_riga_and_keeps_an_aware_moment():
    moment = datetime(2026, 11, 30, 23, 8, tzinfo=timezone.utc)

    assert aware_local(datetime(2026, 12, 1, 1, 8)) == moment
    assert aware_local(moment) is moment


def test_local_now_and_today_are_riga_not_the_server():
    riga = datetime.now(LIBRARY_TZ).replace(tzinfo=None)

    assert abs(local_now() - riga) < timedelta(seconds=5)
    assert local_today() in {riga.date(), (riga + timedelta(seconds=5)).date()}
