"""The outreach figures that are not sessions' attendance: the book sets in circulation and the
books per home-delivery reader.

- A set is in circulation in a period when one of its placements was out during it: placed on or
  before the period's last day and not back before its first (still out, or returned on or after
  it). Each set counts once however many times it went out; the same for each month.
- Books per home reader: the home deliveries' items over their readers served, one decimal with a
  comma ("2,5"); "—" when no reader was served. Its change year on year is the change of the exact
  ratios, as the report writes every change (models/statistics/period.py)."""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from models.kernel.outreach_tables import SetPlacement
from models.statistics.period import NO_CHANGE, Period, format_change


@dataclass
class SetsInCirculation:
    total: int = 0
    months: dict[tuple[int, int], int] = field(default_factory=dict)


def _out_during(placement: dict, first: date, last: date) -> bool:
    return placement["placed_on"] <= last and (placement["returned_on"] is None or placement["returned_on"] >= first)


def _count(placements: list[dict], first: date, last: date) -> int:
    return len({p["book_set"] for p in placements if _out_during(p, first, last)})


def count_sets(placements: list[dict], period: Period) -> SetsInCirculation:
    """The sets of `placements` (book_set, placed_on, returned_on) out during the period and in each of its months."""
    months = {}
    for year, month in period.months():
        first = max(period.first, date(year, month, 1))
        last = min(period.last, date(year, month, monthrange(year, month)[1]))
        months[(year, month)] = _count(placements, first, last)
    return SetsInCirculation(_count(placements, period.first, period.last), months)


async def sets_in_circulation(periods: list[Period], branch_id: int | None) -> list[SetsInCirculation]:
    """The sets in circulation in each of `periods` (a branch's, or the network's for None), read in one query."""
    first, last = min(p.first for p in periods), max(p.last for p in periods)
    query = SetPlacement.select(SetPlacement.book_set, SetPlacement.placed_on, SetPlacement.returned_on).where(
        (SetPlacement.placed_on <= last) & (SetPlacement.returned_on.is_null() | (SetPlacement.returned_on >= first)))
    if branch_id is not None:
        query = query.where(SetPlacement.branch == branch_id)
    placements = await query
    return [count_sets(placements, period) for period in periods]


def books_per_reader(items: int, readers: int) -> Decimal | None:
    """Items per reader served, to one decimal (half up); None when no reader was served."""
    if not readers:
        return None
    return (Decimal(items) / Decimal(readers)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_books_per_reader(items: int, readers: int) -> str:
    """"2,5"; "—" when no reader was served."""
    value = books_per_reader(items, readers)
    return NO_CHANGE if value is None else str(value).replace(".", ",")


def books_per_reader_change(items: int, readers: int, last_items: int, last_readers: int) -> str:
    """The change of items per reader from last year's, as the report writes it: (a/b − c/d) / (c/d)
    is (a·d − c·b) / (c·b), so the exact ratios are compared, not their rounded figures; "—" when
    either year served no reader or last year's ratio is 0."""
    if not readers or not last_readers:
        return NO_CHANGE
    return format_change(items * last_readers, last_items * readers)
