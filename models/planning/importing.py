"""Bringing a past programme in (the rows come from calendars/programme_import.py through the web
layer): what each row probably is and where, whether the library has it already, and creating the
confirmed ones, their cancelled and moved sessions included, in one transaction, so a refused row
or a failure leaves nothing half-written."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from models.kernel.db import transaction
from models.kernel.enums import Kind
from models.kernel.tables import Occurrence
from models.planning.programme import create_item, edit_occurrence
from models.planning.validation import ItemDraft

# words in a title that say what the row is (Latvian, as librarians name them)
EXHIBITION_WORDS = ("izstāde", "izstāžu", "ekspozīcija")  # i18n: words looked for in Latvian titles, not shown


@dataclass
class ImportedItem:
    draft: ItemDraft
    cancelled: list[datetime] = field(default_factory=list)
    moved: list[tuple[datetime, datetime, datetime]] = field(default_factory=list)


def guess_kind(title: str, all_day: bool, days: int) -> str:
    """An exhibition when the title says so or it spans days without times; an event otherwise
    (a lesson or Book Start needs fields a calendar does not hold: the librarian picks those kinds
    in the preview, or later in the item)."""
    lowered = title.casefold()
    if any(word in lowered for word in EXHIBITION_WORDS) or (all_day and days > 1):
        return Kind.EXHIBITION.value
    return Kind.EVENT.value


def guess_place(location: str, places: list[dict]) -> int | None:
    """The branch's place whose name the location names (the longest such name wins)."""
    lowered = location.casefold()
    named = [place for place in places if place["name"].casefold() in lowered or lowered == place["name"].casefold()]
    return max(named, key=lambda place: len(place["name"]))["id"] if lowered and named else None


async def already_planned(branch_id: int, rows: list[tuple[str, datetime]]) -> set[int]:
    """Indexes of the rows (title, first start) the branch has already: the same title, a session
    at the same start."""
    if not rows:
        return set()
    starts = sorted({start for _, start in rows})
    existing = await Occurrence.select(Occurrence.starts_at, Occurrence.recurrence_id, Occurrence.item.title).where(
        (Occurrence.item.branch == branch_id) & (Occurrence.starts_at.is_in(starts) | Occurrence.recurrence_id.is_in(starts)))
    known = {(row["item.title"].casefold(), row["starts_at"]) for row in existing}
    known |= {(row["item.title"].casefold(), row["recurrence_id"]) for row in existing}
    return {index for index, (title, start) in enumerate(rows) if (title.casefold(), start) in known}


async def create_imported(items: list[ImportedItem], staff_id: int | None) -> list[int]:
    """All of them or none: each item, then its cancelled and moved sessions."""
    created = []
    async with transaction():
        for entry in items:
            item_id = await create_item(entry.draft, staff_id)
            if entry.cancelled or entry.moved:
                sessions = {row["recurrence_id"]: row for row in await Occurrence.select().where(Occurrence.item == item_id)}
                for start in entry.cancelled:
                    if (session := sessions.get(start)) is not None:
                        await edit_occurrence(session["id"], starts_at=session["starts_at"], ends_at=session["ends_at"],
                                              place_id=session["place"], cancelled=True, note="", staff_id=staff_id)
                for original, new_start, new_end in entry.moved:
                    if (session := sessions.get(original)) is not None:
                        await edit_occurrence(session["id"], starts_at=new_start, ends_at=new_end, place_id=session["place"],
                                              cancelled=False, note="", staff_id=staff_id)
            created.append(item_id)
    return created

