"""The one clash checker: the same room or the same person at overlapping times, a public
holiday or a moved working day, a school break for a library lesson, a day the library is closed
(an inventory week), a place no longer in use. It warns; it never forbids."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from models.kernel.calendar_facts import holiday_name, moved_working_days, school_break
from models.kernel.enums import Kind, PlaceKind
from models.kernel.network_tables import BranchClosure
from models.kernel.tables import ItemChange, Occurrence, Place


@dataclass(frozen=True)
class Warning:
    code: str  # room_busy | staff_busy | holiday | moved_workday | school_break | branch_closed | place_inactive
    day: datetime
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> str:
        """The same warning in any language and on any later save: what the librarian overrode
        once is not put to her again (the names of holidays and breaks are in her language)."""
        kept = sorted((k, str(v)) for k, v in self.params.items() if k != "name")
        return hashlib.sha256(f"{self.code}|{self.day:%Y-%m-%dT%H:%M}|{kept}".encode()).hexdigest()[:16]


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


async def find_clashes(
    sessions: list[tuple[datetime, datetime]],
    *,
    kind: str,
    place_id: int | None,
    responsible_id: int | None,
    all_day: bool,
    exclude_item_id: int | None = None,
    language: str = "lv",
    branch_id: int | None = None,
) -> list[Warning]:
    if not sessions:
        return []
    warnings: list[Warning] = []
    closures = await BranchClosure.select().where(
        (BranchClosure.branch == branch_id) & (BranchClosure.first_day <= max(end for _, end in sessions).date())
        & (BranchClosure.last_day >= min(start for start, _ in sessions).date())) if branch_id is not None else []
    seen_days = set()
    for start, end in sessions:
        day = start.date()
        if day in seen_days:
            continue
        seen_days.add(day)
        if name := holiday_name(day, language):
            warnings.append(Warning("holiday", start, {"name": name}))
        if day in moved_working_days(day.year):
            warnings.append(Warning("moved_workday", start, {"day_off": moved_working_days(day.year)[day]}))
        if kind == Kind.LESSON and (school_break_ := school_break(day)):
            label = school_break_.name_in(language)
            warnings.append(Warning("school_break", start, {"name": label}))
        for closure in closures:
            if closure["first_day"] <= day <= closure["last_day"]:
                warnings.append(Warning("branch_closed", start, {"reason": closure["reason"] or "—"}))
    if place_id is not None:
        used = await Place.select(Place.name, Place.active, Place.closed_on).where(Place.id == place_id).first()
        first_start = min(start for start, _ in sessions)
        if used is not None and (not used["active"] or (used["closed_on"] is not None and used["closed_on"] <= first_start.date())):
            warnings.append(Warning("place_inactive", first_start, {"name": used["name"]}))

    # Exhibitions hang on walls for weeks: they share rooms and people without clashing.
    if all_day or kind == Kind.EXHIBITION or (place_id is None and responsible_id is None):
        return warnings
    room_id = None
    if place_id is not None:
        place = await Place.select(Place.kind).where(Place.id == place_id).first()
        room_id = place_id if place and place["kind"] == PlaceKind.ROOM else None
    if room_id is None and responsible_id is None:
        return warnings
    first = min(start for start, _ in sessions) - timedelta(days=1)
    last = max(end for _, end in sessions) + timedelta(days=1)
    query = Occurrence.select(
        Occurrence.starts_at, Occurrence.ends_at, Occurrence.place, Occurrence.item,
        Occurrence.item.title, Occurrence.item.place, Occurrence.item.responsible,
    ).where(
        (Occurrence.starts_at < last) & (Occurrence.ends_at > first)
        & (Occurrence.cancelled == False)  # noqa: E712
        & (Occurrence.item.all_day == False)  # noqa: E712
        & (Occurrence.item.kind != Kind.EXHIBITION.value)
        & (Occurrence.item.status != "cancelled")
    )
    if exclude_item_id is not None:
        query = query.where(Occurrence.item != exclude_item_id)
    others = await query
    for start, end in sessions:
        for other in others:
            if not _overlaps(start, end, other["starts_at"], other["ends_at"]):
                continue
            other_place = other["place"] or other["item.place"]
            params = {"title": other["item.title"], "start": other["starts_at"], "end": other["ends_at"], "item_id": other["item"]}
            if room_id is not None and other_place == room_id:
                warnings.append(Warning("room_busy", start, params))
            if responsible_id is not None and other["item.responsible"] == responsible_id:
                warnings.append(Warning("staff_busy", start, params))
    return warnings


async def overridden_before(item_id: int | None) -> set[str]:
    """The keys of every warning saved past on this item (its history's "warnings_overridden")."""
    if item_id is None:
        return set()
    rows = await ItemChange.select(ItemChange.details).where(
        (ItemChange.item == item_id) & (ItemChange.action == "warnings_overridden")).output(load_json=True)
    return {key for row in rows if isinstance(row["details"], dict) for key in row["details"].get("seen") or ()}
