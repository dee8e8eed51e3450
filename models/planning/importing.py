"""Bringing a past programme in: the rows (from a calendar export, calendars/programme_import.py,
or from a spreadsheet saved as CSV, read here), what each row probably is and where, whether the
library has it already, and creating the confirmed ones, their cancelled and moved sessions
included, in one transaction, so a refused row or a failure leaves nothing half-written."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from models.kernel.db import transaction
from models.kernel.enums import Kind
from models.kernel.tables import Occurrence
from models.kernel.validation import parse_date, parse_time
from models.planning.programme import create_item, edit_occurrence
from models.planning.validation import ItemDraft

# words in a title that say what the row is (Latvian, as librarians name them)
EXHIBITION_WORDS = ("izstāde", "izstāžu", "ekspozīcija")  # i18n: words looked for in Latvian titles, not shown


@dataclass
class ImportRow:
    uid: str
    title: str
    description: str
    location: str
    all_day: bool
    starts_at: datetime  # local wall time; midnight of the first day when all_day
    ends_at: datetime  # exclusive end: the next midnight after the last day when all_day
    repeat: dict = field(default_factory=dict)  # ItemFields' repeat, interval, weekdays, monthly_mode, until, count
    cancelled: list[datetime] = field(default_factory=list)  # the series' sessions that do not take place
    moved: list[tuple[datetime, datetime, datetime]] = field(default_factory=list)  # (rule start, new start, new end)
    notes: list[str] = field(default_factory=list)  # codes: open_series, rule_expanded, cancelled_event
    kind: str = ""  # what the file says the row is, when it says (a spreadsheet's column)


class SpreadsheetRefused(Exception):
    """`code`: empty, too_large, headings, too_many_events, or "row:<n>" for a row whose date or
    time cannot be read (n counts from the first row under the headings)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# i18n: the template's headings are Latvian, as librarians keep their tables; English ones are read too
CSV_HEADINGS = {
    "title": ("nosaukums", "title"), "kind": ("veids", "kind"), "start_date": ("sākuma datums", "start date"),
    "start_time": ("sākuma laiks", "start time"), "end_date": ("beigu datums", "end date"), "end_time": ("beigu laiks", "end time"),
    "place": ("vieta", "place"), "description": ("apraksts", "description"),
}
CSV_TEMPLATE = "Nosaukums;Veids;Sākuma datums;Sākuma laiks;Beigu datums;Beigu laiks;Vieta;Apraksts\r\n" \
               "Stāstu pēcpusdiena;pasākums;03.12.2026.;16:00;;17:30;Lasītava;Lasām priekšā bērniem\r\n" \
               "Izstāde „Ziemas grāmatas”;izstāde;01.12.2026.;;31.12.2026.;;Izstāžu zāle;\r\n"  # i18n: the template's example rows
# i18n: the kind column as librarians write it
CSV_KINDS = {"pasākums": "event", "event": "event", "izstāde": "exhibition", "exhibition": "exhibition", "stunda": "lesson",
             "bibliotekārā stunda": "lesson", "lesson": "lesson", "grāmatu starts": "book_start", "book start": "book_start"}
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 2000


def read_spreadsheet(data: bytes) -> list[ImportRow]:
    """A table saved as CSV (; or , between columns, UTF-8 or Windows-1257 as Excel saves it in
    Latvia): a row per event, all-day when it has no times."""
    if not data.strip():
        raise SpreadsheetRefused("empty")
    if len(data) > MAX_CSV_BYTES:
        raise SpreadsheetRefused("too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1257", errors="replace")
    first = text.splitlines()[0] if text.splitlines() else ""
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    headings = [cell.strip().casefold() for cell in next(reader, [])]
    columns = {name: next((i for i, cell in enumerate(headings) if cell in names), None) for name, names in CSV_HEADINGS.items()}
    if columns["title"] is None or columns["start_date"] is None:
        raise SpreadsheetRefused("headings")
    rows = []
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_CSV_ROWS:
            raise SpreadsheetRefused("too_many_events")
        rows.append(_spreadsheet_row(number, {name: cells[i].strip() if i is not None and i < len(cells) else "" for name, i in columns.items()}))
    if not rows:
        raise SpreadsheetRefused("empty")
    return sorted(rows, key=lambda row: (row.starts_at, row.title))


def _spreadsheet_row(number: int, cell: dict[str, str]) -> ImportRow:
    try:
        first = parse_date(cell["start_date"])
        last = parse_date(cell["end_date"]) if cell["end_date"] else first
        opens = parse_time(cell["start_time"]) if cell["start_time"] else None
        closes = parse_time(cell["end_time"]) if cell["end_time"] else None
    except ValueError:
        raise SpreadsheetRefused(f"row:{number}") from None
    if first is None or last is None or last < first or not cell["title"]:
        raise SpreadsheetRefused(f"row:{number}")
    kind = CSV_KINDS.get(cell["kind"].casefold(), "")
    if opens is None:
        starts_at, ends_at, all_day = datetime.combine(first, time()), datetime.combine(last, time()) + timedelta(days=1), True
    else:
        starts_at = datetime.combine(first, opens)
        ends_at = datetime.combine(first if last == first or kind != "exhibition" else last, closes or opens)
        if ends_at <= starts_at:
            ends_at = starts_at + timedelta(hours=1)
        all_day = False
    return ImportRow(uid=f"csv-{number}", title=" ".join(cell["title"].split())[:300], description=cell["description"][:5000],
                     location=" ".join(cell["place"].split())[:300], all_day=all_day, starts_at=starts_at, ends_at=ends_at, kind=kind)


@dataclass
class ImportedItem:
    draft: ItemDraft
    cancelled: list[datetime] = field(default_factory=list)
    moved: list[tuple[datetime, datetime, datetime]] = field(default_factory=list)


def guess_kind(title: str, all_day: bool, days: int, said: str = "") -> str:
    """An exhibition when the title says so or it spans days without times; an event otherwise
    (a lesson or Book Start needs fields a calendar does not hold: the librarian picks those kinds
    in the preview, or later in the item)."""
    if said:
        return said
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

