"""Book sets: what is in each set and where it is now. A list of titles comes typed, pasted (one
book a line) or as the library system's CSV export (barcode, author, title); either way the whole
list is checked first and saved whole, or refused with every problem and its line, as the library
system's figures are (models/statistics/library_figures.py)."""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from models.kernel.clock import local_today
from models.kernel.csvfiles import decode, delimiter_of, fold
from models.kernel.db import transaction
from models.kernel.enums import PlaceKind
from models.kernel.outreach_tables import BookSet, BookSetTitle, SetPlacement
from models.kernel.permissions import can_edit_branch
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner, Place
from models.kernel.validation import Collector, ValidationFailed, as_int, bounded_int, clean_text

RECEIVERS = ("service_point", "group", "partner")
MAX_TITLES = 500  # a set travels in a box or a suitcase: more is a file read wrong
MAX_ROTATION_DAYS = 730


@dataclass(frozen=True)
class TitleLine:
    barcode: str
    author: str
    title: str


@dataclass(frozen=True)
class TitleProblem:
    code: str  # title_missing, title_too_long, barcode_invalid, too_many_titles, csv, encoding, empty, no_title_column
    line: int | None = None
    value: str = ""


class TitlesRejected(Exception):
    def __init__(self, problems: list[TitleProblem]):
        super().__init__(problems)
        self.problems = problems


@dataclass
class SetDraft:
    branch: int
    name: str
    theme: str
    receiver: str
    place: int | None
    partner: int | None
    group_name: str
    target_size: int
    rotation_days: int


async def validate_set(raw: Mapping[str, Any], staff: Mapping[str, Any]) -> SetDraft:
    fields = Collector()
    branch_id = fields.check("branch_id", as_int, raw.get("branch_id"))
    if branch_id is None:
        fields.errors.setdefault("branch_id", "required")
    elif not await Branch.exists().where(Branch.id == branch_id):
        fields.errors["branch_id"] = "unknown"
    elif not can_edit_branch(staff, branch_id):
        fields.errors["branch_id"] = "place_branch_forbidden"
    name = fields.check("name", clean_text, raw.get("name"), 200, True)
    theme = fields.check("theme", clean_text, raw.get("theme"), 300)
    receiver = str(raw.get("receiver") or "service_point")
    if receiver not in RECEIVERS:
        fields.errors["receiver"] = "choice"
    place = fields.check("place_id", as_int, raw.get("place_id"))
    partner = fields.check("partner_id", as_int, raw.get("partner_id"))
    group_name = fields.check("group_name", clean_text, raw.get("group_name"), 200)
    target_size = fields.check("target_size", bounded_int, raw.get("target_size"), 0, MAX_TITLES, 0)
    rotation_days = fields.check("rotation_days", bounded_int, raw.get("rotation_days"), 7, MAX_ROTATION_DAYS, 60)
    if receiver == "service_point":
        partner, group_name = None, ""
        if place is not None:
            row = await Place.select(Place.branch, Place.kind).where(Place.id == place).first()
            if row is None or row["branch"] != branch_id or row["kind"] != PlaceKind.SERVICE_POINT.value:
                fields.errors["place_id"] = "not_a_service_point"
    elif receiver == "partner":
        place, group_name = None, ""
        if partner is None:
            fields.errors.setdefault("partner_id", "required")
        else:
            row = await Partner.select(Partner.branch).where(Partner.id == partner).first()
            if row is None:
                fields.errors["partner_id"] = "unknown"
            elif row["branch"] not in (None, branch_id):
                fields.errors["partner_id"] = "partner_other_branch"
    else:
        place, partner = None, None
        if not group_name:
            fields.errors.setdefault("group_name", "required")
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return SetDraft(branch=branch_id, name=name, theme=theme, receiver=receiver, place=place, partner=partner,
                    group_name=group_name, target_size=target_size, rotation_days=rotation_days)


async def save_set(draft: SetDraft, set_id: int | None = None, *, version: int | None = None) -> int:
    """`version`: the one the edit form showed; another librarian's save in between refuses this one."""
    values = asdict(draft)
    async with transaction():
        if set_id is None:
            rows = await BookSet.insert(BookSet(**values)).returning(BookSet.id)
            return rows[0]["id"]
        condition = BookSet.id == set_id
        if version is not None:
            condition &= BookSet.version == version
        saved = await BookSet.update({**{getattr(BookSet, name): value for name, value in values.items()},
                                      BookSet.version: BookSet.version + 1}).where(condition).returning(BookSet.id)
        if not saved:
            raise ValidationFailed({"name": "stale"})
    return set_id


# --- the list of titles ---------------------------------------------------------------------

_HEADINGS = {  # i18n: the columns of the library system's export, as it may name them
    "barcode": {"barcode", "svitrkods", "svitru_kods", "inventara_numurs", "inv_nr", "eksemplars"},
    "author": {"author", "autors", "autori"},
    "title": {"title", "nosaukums", "virsraksts"},
}
_BARCODE = re.compile(r"^[0-9A-Za-z\-]{3,40}$")
_AUTHOR_TITLE = re.compile(r"^(?P<author>[^—–:]{1,200}?)\s*(?:—|–|:| - )\s*(?P<title>.+)$")


def _title_line(barcode: str, author: str, title: str, line: int) -> tuple[TitleLine | None, list[TitleProblem]]:
    barcode, author, title = barcode.strip(), author.strip(), title.strip().strip('"')
    problems = []
    if not title:
        problems.append(TitleProblem("title_missing", line))
    elif len(title) > 300:
        problems.append(TitleProblem("title_too_long", line, title[:40]))
    if len(author) > 200:
        problems.append(TitleProblem("author_too_long", line, author[:40]))
    if barcode and not _BARCODE.match(barcode):
        problems.append(TitleProblem("barcode_invalid", line, barcode[:40]))
    if any(ord(c) < 32 for c in barcode + author + title):
        problems.append(TitleProblem("control_characters", line))
    return (None if problems else TitleLine(barcode, author, title)), problems


def parse_pasted(text: str) -> list[TitleLine]:
    """One book a line: "Author — Title", "Author: Title", a title alone, or the CSV's
    "barcode;author;title"."""
    titles, problems = [], []
    for number, raw in enumerate(str(text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        cells = next(csv.reader([line], delimiter=delimiter_of(line))) if line.count(";") >= 2 or line.count("\t") >= 2 else []
        if len(cells) >= 3:
            found, wrong = _title_line(cells[0], cells[1], ";".join(cells[2:]), number)
        elif match := _AUTHOR_TITLE.match(line):
            found, wrong = _title_line("", match["author"], match["title"], number)
        else:
            found, wrong = _title_line("", "", line, number)
        problems += wrong
        if found:
            titles.append(found)
    return _whole(titles, problems)


def parse_csv(data: bytes) -> list[TitleLine]:
    """The library system's export: a heading row naming the title column (and the barcode's and
    the author's, if there), then one copy a row."""
    try:
        text, _ = decode(data)
    except UnicodeDecodeError:
        raise TitlesRejected([TitleProblem("encoding")]) from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise TitlesRejected([TitleProblem("empty")])
    reader = csv.reader(lines, delimiter=delimiter_of(lines[0]))
    problems: list[TitleProblem] = []
    titles: list[TitleLine] = []
    try:
        heading = [fold(cell) for cell in next(reader)]
        positions = {name: next((i for i, cell in enumerate(heading) if cell in aliases), None) for name, aliases in _HEADINGS.items()}
        if positions["title"] is None:
            raise TitlesRejected([TitleProblem("no_title_column", 1, ";".join(lines[0].split(delimiter_of(lines[0]))[:4])[:80])])
        for number, cells in enumerate(reader, start=2):
            def cell(name: str) -> str:
                at = positions[name]
                return cells[at] if at is not None and at < len(cells) else ""
            found, wrong = _title_line(cell("barcode"), cell("author"), cell("title"), number)
            problems += wrong
            if found:
                titles.append(found)
    except csv.Error as error:
        problems.append(TitleProblem("csv", reader.line_num, str(error)[:80]))
    return _whole(titles, problems)


def _whole(titles: list[TitleLine], problems: list[TitleProblem]) -> list[TitleLine]:
    if len(titles) + len([p for p in problems if p.line]) > MAX_TITLES:
        problems.append(TitleProblem("too_many_titles", None, str(MAX_TITLES)))
    seen: dict[str, int] = {}
    for position, line in enumerate(titles):
        if line.barcode and line.barcode in seen:
            problems.append(TitleProblem("barcode_twice", None, line.barcode))
        seen.setdefault(line.barcode, position)
    if problems:
        raise TitlesRejected(problems)
    if not titles:
        raise TitlesRejected([TitleProblem("empty")])
    return titles


async def replace_titles(set_id: int, titles: list[TitleLine]) -> int:
    """The set's list becomes `titles`, in one transaction: a placement already made keeps the list
    it went out with."""
    async with transaction():
        await BookSetTitle.delete().where(BookSetTitle.book_set == set_id)
        await BookSetTitle.insert(*[BookSetTitle(book_set=set_id, position=i, **asdict(t)) for i, t in enumerate(titles)])
        await BookSet.update({BookSet.version: BookSet.version + 1}).where(BookSet.id == set_id)
    return len(titles)


async def add_titles(set_id: int, titles: list[TitleLine]) -> int:
    async with transaction():
        existing = await BookSetTitle.select(BookSetTitle.barcode, BookSetTitle.position).where(BookSetTitle.book_set == set_id)
        taken = {row["barcode"] for row in existing if row["barcode"]}
        twice = [t.barcode for t in titles if t.barcode and t.barcode in taken]
        if twice:
            raise TitlesRejected([TitleProblem("barcode_twice", None, code) for code in twice])
        if len(existing) + len(titles) > MAX_TITLES:
            raise TitlesRejected([TitleProblem("too_many_titles", None, str(MAX_TITLES))])
        start = max((row["position"] for row in existing), default=-1) + 1
        await BookSetTitle.insert(*[BookSetTitle(book_set=set_id, position=start + i, **asdict(t)) for i, t in enumerate(titles)])
    return len(titles)


async def remove_title(set_id: int, title_id: int) -> bool:
    rows = await BookSetTitle.delete().where((BookSetTitle.id == title_id) & (BookSetTitle.book_set == set_id)).returning(BookSetTitle.id)
    return bool(rows)


async def titles_of(set_id: int) -> list[dict]:
    return await BookSetTitle.select().where(BookSetTitle.book_set == set_id).order_by(BookSetTitle.position).order_by(BookSetTitle.id)


def loaded(value: Any) -> Any:
    """A JSON column's value as read: both engines' drivers hand back the text."""
    return json.loads(value) if isinstance(value, str) else value


def _loaded_rows(rows: list[dict], *names: str) -> list[dict]:
    for row in rows:
        for name in names:
            if name in row:
                row[name] = loaded(row[name])
    return rows


def title_key(title: Mapping[str, Any]) -> str:
    """What tells one book from another across sets: its barcode, else author and title folded."""
    if title.get("barcode"):
        return "#" + str(title["barcode"]).strip().lower()
    return fold(f"{title.get('author', '')}|{title.get('title', '')}")


# --- where each set is ----------------------------------------------------------------------

def _where_columns():
    return (SetPlacement.all_columns(), SetPlacement.place.name.as_alias("place_name"),
            SetPlacement.partner.name.as_alias("partner_name"), SetPlacement.book_set.name.as_alias("set_name"))


async def sets_of(branch_ids: list[int] | None, *, today: date | None = None) -> list[dict]:
    """Every set of the branches with where it is now: in the library, or out since a day, due back
    on a day (overdue when that has passed)."""
    today = today or local_today()
    query = BookSet.select(BookSet.all_columns(), BookSet.place.name.as_alias("place_name"),
                           BookSet.partner.name.as_alias("partner_name"), BookSet.branch.short_name.as_alias("branch_name"))
    if branch_ids is not None:
        query = query.where(BookSet.branch.is_in(branch_ids or [-1]))
    sets = await query.order_by(BookSet.name)
    ids = [row["id"] for row in sets] or [-1]
    out = {row["book_set"]: row for row in _loaded_rows(await SetPlacement.select(*_where_columns()).where(
        SetPlacement.book_set.is_in(ids) & SetPlacement.returned_on.is_null()), "titles", "missing")}
    counts: dict[int, int] = {}
    for row in await BookSetTitle.select(BookSetTitle.book_set).where(BookSetTitle.book_set.is_in(ids)):
        counts[row["book_set"]] = counts.get(row["book_set"], 0) + 1
    for row in sets:
        row["titles"] = counts.get(row["id"], 0)
        row["out"] = out.get(row["id"])
        row["overdue"] = bool(row["out"] and row["out"]["due_on"] < today and row["out"]["placed_on"] <= today)
        row["scheduled"] = bool(row["out"] and row["out"]["placed_on"] > today)
    return sorted(sets, key=lambda row: (not row["active"], row["name"].casefold()))


async def set_detail(set_id: int) -> dict | None:
    row = await BookSet.select(BookSet.all_columns(), BookSet.place.name.as_alias("place_name"),
                               BookSet.partner.name.as_alias("partner_name")).where(BookSet.id == set_id).first()
    if row is None:
        return None
    row["title_rows"] = await titles_of(set_id)
    row["placements"] = _loaded_rows(await SetPlacement.select(*_where_columns()).where(SetPlacement.book_set == set_id).order_by(
        SetPlacement.placed_on, ascending=False), "titles", "missing")
    row["out"] = next((p for p in row["placements"] if p["returned_on"] is None), None)
    return row


async def set_active(set_id: int, active: bool) -> None:
    await BookSet.update({BookSet.active: active, BookSet.version: BookSet.version + 1}).where(BookSet.id == set_id)
