"""The library system's monthly figures (BIS ALISE): door-count visits, loans and active users,
each with the children's share, and, when the file has them, the loans of books and of periodicals
and the interlibrary loans received and sent; imported from a CSV file and never recomputed here.

parse() reads the whole file and either returns every month or raises FiguresRejected with every
problem found (code, line, column, value), so a file is imported whole or not at all; import_figures()
writes the months in one transaction, a month uploaded again replacing the earlier figures."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date

from models.kernel.csvfiles import MAX_NUMBER, decode, delimiter_of, fold, parse_number
from models.kernel.clock import local_today, utcnow
from models.kernel.tables import LibraryFigures

# canonical Latvian headings in file order; the English aliases are the table's column names
# i18n: the library system's file format, not a text of the interface
COLUMNS = (
    ("mēnesis", "month"), ("apmeklējums", "visits"), ("apmeklējums_bērni", "visits_children"),
    ("izsniegums", "loans"), ("izsniegums_bērni", "loans_children"),
    ("aktīvie_lietotāji", "active_users"), ("aktīvie_lietotāji_bērni", "active_users_children"),
)
# optional: a file without them (the older form) is valid and leaves them empty (null, not 0), as
# does an empty cell; books and periodicals are parts of the loans, interlibrary loans (SBA) are apart
# i18n: the library system's file format, not a text of the interface
OPTIONAL_COLUMNS = (
    ("izsniegums_grāmatas", "loans_books"), ("izsniegums_periodika", "loans_periodicals"),
    ("sba_saņemts", "interlibrary_received"), ("sba_nosūtīts", "interlibrary_sent"),
)
HEADINGS = tuple(lv for lv, _ in COLUMNS)
ALL_HEADINGS = HEADINGS + tuple(lv for lv, _ in OPTIONAL_COLUMNS)  # the template's, every column
REQUIRED_NUMBERS = tuple(name for _, name in COLUMNS[1:])
OPTIONAL_NUMBERS = tuple(name for _, name in OPTIONAL_COLUMNS)
NUMBERS = REQUIRED_NUMBERS + OPTIONAL_NUMBERS  # every figure of a month, as stored
TOTAL_OF = {"visits_children": "visits", "loans_children": "loans", "active_users_children": "active_users"}
LOAN_PARTS = ("loans_books", "loans_periodicals")  # together not above the loans
LATVIAN = dict((name, lv) for lv, name in (*COLUMNS, *OPTIONAL_COLUMNS))
MAX_ROWS = 1200  # a hundred years of months: more is not a monthly report


@dataclass(frozen=True)
class Problem:
    code: str  # see the README "CSV format for figures"; app/statistics/figures.py words each one
    line: int | None = None
    column: str = ""  # the Latvian heading, or the heading as the file wrote it
    value: str = ""
    detail: str = ""  # month_twice: the line it first appeared on; children_above_total, loan_parts_above_total: the total


@dataclass(frozen=True)
class MonthFigures:
    year: int
    month: int
    line: int
    values: dict[str, int | None] = field(default_factory=dict)  # an optional figure the file has not: None


@dataclass(frozen=True)
class Parsed:
    rows: list[MonthFigures]
    encoding: str  # "UTF-8", "UTF-16" or "Windows-1257"
    delimiter: str


class FiguresRejected(Exception):
    def __init__(self, problems: list[Problem], encoding: str = ""):
        super().__init__(problems)
        self.problems = problems
        self.encoding = encoding


_ALIASES = {**{fold(lv): name for lv, name in (*COLUMNS, *OPTIONAL_COLUMNS)}, **{fold(name): name for _, name in (*COLUMNS, *OPTIONAL_COLUMNS)}}


# Excel turns "2026-01" into a date and saves it as 01.01.2026 (or 2026-01-01): a date names its month too
_MONTH_FORMATS = (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"), re.compile(r"(?P<m>\d{1,2})\.(?P<y>\d{4})\.?"),
                  re.compile(r"(?P<m>\d{1,2})/(?P<y>\d{4})"), re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?:0?[1-9]|[12]\d|3[01])"),
                  re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?P<m>\d{1,2})\.(?P<y>\d{4})\.?"))


def parse_month(text: str) -> tuple[int, int] | None:
    for pattern in _MONTH_FORMATS:
        found = pattern.fullmatch(text.strip())
        if found and 1 <= int(found["m"]) <= 12 and 2000 <= int(found["y"]) <= 2100:
            return int(found["y"]), int(found["m"])
    return None


def _header(cells: list[str], line: int) -> tuple[dict[str, int], list[Problem]]:
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue  # Excel's trailing delimiter
        name = _ALIASES.get(fold(cell))
        if name is None:
            problems.append(Problem("unknown_column", line, cell.strip()[:80]))
        elif name in positions:
            problems.append(Problem("duplicate_column", line, cell.strip()[:80]))
        else:
            positions[name] = index
    problems += [Problem("missing_column", line, lv) for lv, name in COLUMNS if name not in positions]
    return positions, problems


def _row(cells: list[str], line: int, positions: dict[str, int], today: date, seen: dict[tuple[int, int], int]) -> tuple[MonthFigures | None, list[Problem]]:
    def cell(name: str) -> str:
        index = positions[name]
        return cells[index].strip() if index < len(cells) else ""

    problems: list[Problem] = []
    month_text = cell("month")
    month = parse_month(month_text)
    if month is None:
        problems.append(Problem("month_format" if month_text else "month_missing", line, LATVIAN["month"], month_text[:40]))
    elif month > (today.year, today.month):
        problems.append(Problem("month_future", line, LATVIAN["month"], month_text))
    elif month == (today.year, today.month):  # the library system's month is whole once it has ended
        problems.append(Problem("month_not_ended", line, LATVIAN["month"], month_text))
    elif month in seen:
        problems.append(Problem("month_twice", line, LATVIAN["month"], month_text, str(seen[month])))
    else:
        seen[month] = line
    values: dict[str, int | None] = {}
    for name in NUMBERS:
        if name not in positions:
            continue  # an optional column the file has not: the month has no such figure
        text, number = cell(name), parse_number(cell(name))
        if name in OPTIONAL_NUMBERS and not text:
            values[name] = None
        elif number is None:
            problems.append(Problem("number" if text else "number_missing", line, LATVIAN[name], text[:40]))
        elif number < 0:
            problems.append(Problem("negative", line, LATVIAN[name], text))
        elif number > MAX_NUMBER:
            problems.append(Problem("number_too_large", line, LATVIAN[name], text))
        else:
            values[name] = number
    for child, total in TOTAL_OF.items():
        if child in values and total in values and values[child] > values[total]:
            problems.append(Problem("children_above_total", line, LATVIAN[child], str(values[child]), str(values[total])))
    parts = [name for name in LOAN_PARTS if values.get(name) is not None]
    if parts and values.get("loans") is not None and sum(values[name] for name in parts) > values["loans"]:
        problems.append(Problem("loan_parts_above_total", line, " + ".join(LATVIAN[name] for name in parts),
                                str(sum(values[name] for name in parts)), str(values["loans"])))
    if problems or month is None:
        return None, problems
    return MonthFigures(year=month[0], month=month[1], line=line, values=values), []


def _cells(reader, problems: list[Problem]):
    """The reader's rows; a line the csv module cannot read (a stray quote running to the end of
    the file, a 100 000-character cell) ends the reading with a problem rather than an error."""
    try:
        yield from reader
    except csv.Error as error:
        problems.append(Problem("csv", reader.line_num, "", str(error)[:120]))


def parse(data: bytes, *, today: date | None = None) -> Parsed:
    """Every month of the file, sorted; or FiguresRejected carrying every problem found."""
    today = today or local_today()
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise FiguresRejected([Problem("encoding")]) from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise FiguresRejected([Problem("empty")], encoding)
    delimiter = delimiter_of(next(line for line in lines if line.strip()))
    reader = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    rows: list[MonthFigures] = []
    seen: dict[tuple[int, int], int] = {}
    data_lines = 0
    for cells in _cells(reader, problems):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            positions, found = _header(cells, reader.line_num)
            problems += found  # the same list: _cells() adds to it
            if any(p.code == "missing_column" for p in problems):
                raise FiguresRejected(problems, encoding)
            continue
        data_lines += 1
        if data_lines > MAX_ROWS:
            problems.append(Problem("too_many_rows", reader.line_num, "", str(MAX_ROWS)))
            break
        row, found = _row(cells, reader.line_num, positions, today, seen)
        problems += found
        if row:
            rows.append(row)
    if header is None and problems:
        raise FiguresRejected(problems, encoding)
    if header is not None and not rows and not problems:
        problems.append(Problem("no_rows"))
    if problems:
        raise FiguresRejected(problems, encoding)
    return Parsed(rows=sorted(rows, key=lambda r: (r.year, r.month)), encoding=encoding, delimiter=delimiter)


def period_key(branch_id: int, year: int, month: int) -> str:
    return f"{branch_id}:{year:04d}-{month:02d}"


async def import_figures(branch_id: int, rows: list[MonthFigures], staff_id: int | None) -> int:
    """Write the months in one transaction: all of them or none. A month already imported for the
    branch is replaced (period_key is unique). Returns how many months were written."""
    if not rows:
        return 0
    now = utcnow()
    # a month uploaded again is replaced whole: an optional figure the new file has not becomes empty
    records = [LibraryFigures(period_key=period_key(branch_id, r.year, r.month), branch=branch_id, year=r.year, month=r.month,
                              imported_at=now, imported_by=staff_id, **{name: r.values.get(name) for name in NUMBERS}) for r in rows]
    replaced = [getattr(LibraryFigures, name) for name in (*NUMBERS, "imported_at", "imported_by")]
    async with LibraryFigures._meta.db.transaction():
        await LibraryFigures.insert(*records).on_conflict(target=LibraryFigures.period_key, action="DO UPDATE", values=replaced)
    return len(records)


async def delete_month(branch_id: int, year: int, month: int) -> bool:
    """Remove a month imported by mistake (the statistics then show it as not imported)."""
    gone = await LibraryFigures.delete().where(LibraryFigures.period_key == period_key(branch_id, year, month)).returning(LibraryFigures.id)
    return bool(gone)


async def months_of(branch_id: int | None, year: int) -> list[dict]:
    """The imported months of a year, for one branch or (None) every branch, in month order."""
    query = LibraryFigures.select(*LibraryFigures.all_columns(), LibraryFigures.branch.short_name.as_alias("branch_name"),
                                  LibraryFigures.imported_by.display_name.as_alias("imported_by_name")).where(LibraryFigures.year == year)
    if branch_id is not None:
        query = query.where(LibraryFigures.branch == branch_id)
    return await query.order_by(LibraryFigures.month).order_by(LibraryFigures.branch)


def template_csv(today: date | None = None) -> str:
    """An empty form: the Latvian headings and a line for each of the last twelve months that have
    ended, ';'-separated as Excel in Latvia reads and writes CSV."""
    today = today or local_today()
    months = [(today.year - (today.month - back <= 0), (today.month - back - 1) % 12 + 1) for back in range(12, 0, -1)]
    lines = [";".join(ALL_HEADINGS)] + [f"{year}-{month:02d}" + ";" * len(NUMBERS) for year, month in months]
    return "\r\n".join(lines) + "\r\n"
