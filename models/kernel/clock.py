"""The library's clock. Items keep naive wall-clock times of Europe/Riga (models/kernel/tables.py), while
the server may run in any zone (often UTC), so "now" and "today" are always asked of this module:
`date.today()` or a naive `datetime.now()` read the server's zone, and between midnight in Riga
and midnight in UTC they name the wrong day."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LIBRARY_TZ = ZoneInfo("Europe/Riga")


def utcnow() -> datetime:
    """An aware moment, for what is stored as a timestamp with a zone (history, outbox, sessions)."""
    return datetime.now(timezone.utc)


def local_now() -> datetime:
    """The library's wall-clock time, naive: comparable with Item and Occurrence times."""
    return datetime.now(LIBRARY_TZ).replace(tzinfo=None)


def local_today() -> date:
    return local_now().date()


def local_wall_time(now: datetime) -> datetime:
    """`now` as a naive Europe/Riga wall-clock time, comparable with Item.starts_at/ends_at.
    A naive `now` is taken to be wall-clock time already."""
    if now.tzinfo is None:
        return now
    return now.astimezone(LIBRARY_TZ).replace(tzinfo=None)


def aware_local(wall: datetime) -> datetime:
    """A naive wall-clock time of the library's zone as an aware moment (an aware one is kept)."""
    return wall if wall.tzinfo else wall.replace(tzinfo=LIBRARY_TZ)


def utc_of_wall(wall: datetime) -> datetime:
    """A naive wall-clock time of the library's zone as an aware UTC moment."""
    return aware_local(wall).astimezone(timezone.utc)
