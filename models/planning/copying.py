"""Planning a month from the last one: a branch's items of one period proposed again in another,
as drafts, each day mapped by its weekday ("the second Thursday of November" becomes the second
Thursday of December; a copied week keeps its weekdays), with what the new day holds flagged (a
public holiday, a school break, a day the library is closed, the same title already planned)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from models.kernel.calendar_facts import holiday_name, moved_working_days, school_break
from models.kernel.db import transaction
from models.kernel.enums import Kind, Status
from models.kernel.network_tables import BranchClosure
from models.kernel.tables import Item, Occurrence
from models.planning.programme import duplicate_item


@dataclass(frozen=True)
class Period:
    """The days a copy reads from or writes to: a calendar month or a Monday-to-Sunday week."""

    first: date
    last: date

    @classmethod
    def month(cls, day: date) -> "Period":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def week(cls, day: date) -> "Period":
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6))

    @property
    def is_week(self) -> bool:
        return (self.last - self.first).days == 6 and self.first.weekday() == 0

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass
class CopyRow:
    """One item of the source period and the day it would take in the target one."""

    item_id: int
    title: str
    kind: str
    status: str
    is_series: bool
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    new_start: datetime | None  # None: the target period has no such day (a fifth Thursday)
    # (code, detail): holiday, moved_workday, school_break, closed; planned, no_day and continues leave it unticked
    flags: list[tuple[str, str]] = field(default_factory=list)

    @property
    def proposed(self) -> bool:
        """Ticked in the preview: it has a day, and the same title is not already planned on it."""
        return self.new_start is not None and not any(code in ("planned", "no_day", "continues") for code, _ in self.flags)


def map_day(day: date, source: Period, target: Period) -> date | None:
    """The same weekday in the target: the same day of a copied week, or the same n-th weekday of a month."""
    if source.is_week and target.is_week:
        return target.first + (day - source.first)
    nth = (day.day - 1) // 7
    first_same = target.first + timedelta(days=(day.weekday() - target.first.weekday()) % 7)
    mapped = first_same + timedelta(weeks=nth)
    return mapped if target.contains(mapped) else None


async def copy_plan(branch_id: int, source: Period, target: Period, language: str = "lv") -> list[CopyRow]:
    """What copying `source` into `target` would make, earliest first. An item is copied whole
    when it begins in the source period: a series that only continues into it is not copied again,
    and nothing cancelled is copied."""
    items = await Item.select(
        Item.id, Item.title, Item.kind, Item.status, Item.rrule, Item.starts_at, Item.ends_at, Item.all_day,
    ).where(
        (Item.branch == branch_id) & (Item.status != Status.CANCELLED.value)
        & (Item.starts_at >= datetime.combine(source.first, time.min)) & (Item.starts_at <= datetime.combine(source.last, time.max))
    ).order_by(Item.starts_at).order_by(Item.id)
    closures = await BranchClosure.select().where(
        (BranchClosure.branch == branch_id) & (BranchClosure.first_day <= target.last) & (BranchClosure.last_day >= target.first))
    planned = await _planned_titles(branch_id, target)
    last_days = await _last_days([item["id"] for item in items if item["rrule"]])
    rows = []
    for item in items:
        day = map_day(item["starts_at"].date(), source, target)
        new_start = datetime.combine(day, item["starts_at"].time()) if day else None
        row = CopyRow(item["id"], item["title"], item["kind"], item["status"], bool(item["rrule"]), item["starts_at"], item["ends_at"],
                      item["all_day"], new_start)
        if last_days.get(item["id"], source.last) > source.last:
            row.flags.append(("continues", last_days[item["id"]].strftime("%d.%m.%Y.")))  # it goes on by itself
        elif day is None:
            row.flags.append(("no_day", ""))
        else:
            row.flags.extend(_day_flags(day, item["kind"], closures, language))
            if (item["title"].strip().casefold(), day) in planned:
                row.flags.append(("planned", ""))
        rows.append(row)
    return rows


def _day_flags(day: date, kind: str, closures: list[dict], language: str) -> list[tuple[str, str]]:
    flags = []
    if name := holiday_name(day, language):
        flags.append(("holiday", name))
    if day in moved_working_days(day.year):
        flags.append(("moved_workday", moved_working_days(day.year)[day].strftime("%d.%m.%Y.")))
    if kind == Kind.LESSON.value and (found := school_break(day)):
        flags.append(("school_break", found.name_in(language)))
    for closure in closures:
        if closure["first_day"] <= day <= closure["last_day"]:
            flags.append(("closed", closure["reason"] or ""))
    return flags


async def _last_days(item_ids: list[int]) -> dict[int, date]:
    last: dict[int, date] = {}
    if item_ids:
        for row in await Occurrence.select(Occurrence.item, Occurrence.starts_at).where(Occurrence.item.is_in(item_ids)):
            last[row["item"]] = max(last.get(row["item"], row["starts_at"].date()), row["starts_at"].date())
    return last


async def _planned_titles(branch_id: int, target: Period) -> set[tuple[str, date]]:
    rows = await Occurrence.select(Occurrence.starts_at, Occurrence.item.title.as_alias("title")).where(
        (Occurrence.item.branch == branch_id) & (Occurrence.starts_at >= datetime.combine(target.first, time.min))
        & (Occurrence.starts_at <= datetime.combine(target.last, time.max)))
    return {(row["title"].strip().casefold(), row["starts_at"].date()) for row in rows}


async def copy_items(branch_id: int, source: Period, target: Period, item_ids: list[int], staff_id: int | None) -> list[int]:
    """The chosen items of the plan made again as drafts, in one transaction: all of them or none."""
    chosen = set(item_ids)
    made = []
    async with transaction():
        for row in await copy_plan(branch_id, source, target):
            if row.item_id not in chosen or row.new_start is None:
                continue
            new_id = await duplicate_item(row.item_id, staff_id, new_start=row.new_start, as_status=Status.DRAFT)
            made.append(new_id)
    return made
