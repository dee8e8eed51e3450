"""A library's population per year: the residents of its territory and, of them, children under 18,
as the official statistics portal's table RIG010 gives them, for the annual report's coverage
("bibliotekārais aptvērums"). A coordinator types a year or imports a CSV of several; a year
without its own row takes the branch's single population (models/network/branches.py).

The CSV: a heading line and one year a line, `gads;iedzīvotāji;bērni` (or `year;population;children`;
the children's column and cell may be left out), read like the library system's figures (the
encoding and separator Excel chose, thousands grouped by spaces) and checked whole: every problem
with its line, and a file with any problem saves nothing. A year already there is replaced."""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.kernel.csvfiles import decode, delimiter_of, fold, parse_number
from models.kernel.db import transaction
from models.kernel.network_tables import BranchPopulation
from models.kernel.validation import Collector, ValidationFailed, as_int
from models.network import history

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_POPULATION = 10_000_000  # as the branch's own population
MAX_ROWS = 200

# i18n: the file format, not a text of the interface
COLUMNS = (("gads", "year"), ("iedzīvotāji", "population"), ("bērni", "children"))
REQUIRED = ("year", "population")
LATVIAN = {name: lv for lv, name in COLUMNS}
_ALIASES = {**{fold(lv): name for lv, name in COLUMNS}, **{fold(name): name for _, name in COLUMNS},
            # i18n: what the official table and people call the columns
            fold("iedzīvotāju skaits"): "population", fold("bērni līdz 18"): "children", fold("t. sk. bērni"): "children"}
_YEAR = re.compile(r"(\d{4})\.?")


@dataclass(frozen=True)
class YearPopulation:
    year: int
    population: int
    children: int | None
    line: int = 0


@dataclass(frozen=True)
class Problem:
    code: str  # app/network/texts.py words each one
    line: int | None = None
    column: str = ""
    value: str = ""
    detail: str = ""  # year_twice: the line it first appeared on; children_over_population: the population


class PopulationRejected(Exception):
    def __init__(self, problems: list[Problem], encoding: str = ""):
        super().__init__(problems)
        self.problems = problems
        self.encoding = encoding


def year_key(branch_id: int, year: int) -> str:
    return f"{branch_id}:{year:04d}"


def _year(value: Any) -> int:
    number = as_int(value)
    if number is None:
        raise ValueError("required")
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise ValueError("year_range")
    return number


def _count(value: Any, required: bool) -> int | None:
    number = as_int(str(value or "").replace(" ", "").replace("\u00a0", "") or None)
    if number is None:
        if required:
            raise ValueError("required")
        return None
    if not 0 <= number <= MAX_POPULATION:
        raise ValueError("population_range")
    return number


def validate_year(raw: Mapping[str, Any]) -> YearPopulation:
    """The form's year, population and children (the children may be left empty)."""
    fields = Collector()
    year = fields.check("year", _year, raw.get("year"))
    population = fields.check("population", _count, raw.get("population"), True)
    children = fields.check("children", _count, raw.get("children"), False)
    if population is not None and children is not None and children > population:
        fields.errors.setdefault("children", "children_over_population")
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return YearPopulation(year=year, population=population, children=children)


def _shown(row: Mapping[str, Any] | YearPopulation | None) -> str | None:
    """A year's figures as the history writes them: "1006 (185)"."""
    if row is None:
        return None
    population, children = (row.population, row.children) if isinstance(row, YearPopulation) else (row["population"], row["children"])
    return f"{population}" + (f" ({children})" if children is not None else "")


async def _write(branch_id: int, rows: list[YearPopulation], staff_id: int | None, action: str) -> None:
    """Inside a transaction: each year inserted or replaced, and one history entry for the change."""
    keys = [year_key(branch_id, r.year) for r in rows]
    before = {r["year"]: r for r in await BranchPopulation.select().where(BranchPopulation.year_key.is_in(keys))}
    await BranchPopulation.insert(*[BranchPopulation(year_key=key, branch=branch_id, year=r.year, population=r.population, children=r.children)
                                    for key, r in zip(keys, rows)]).on_conflict(
        target=BranchPopulation.year_key, action="DO UPDATE", values=[BranchPopulation.population, BranchPopulation.children])
    changes = {f"population_{r.year}": [_shown(before.get(r.year)), _shown(r)] for r in rows if _shown(before.get(r.year)) != _shown(r)}
    if changes:
        await history.record("branch", branch_id, staff_id, action, changes)


async def save_year(branch_id: int, row: YearPopulation, staff_id: int | None) -> None:
    """Adds the year, or replaces its figures, and writes the change into the library's history."""
    async with transaction():
        await _write(branch_id, [row], staff_id, "population_set")


async def import_years(branch_id: int, rows: list[YearPopulation], staff_id: int | None) -> int:
    """Every year of a checked file in one transaction: all of them or none."""
    if not rows:
        return 0
    async with transaction():
        await _write(branch_id, rows, staff_id, "population_imported")
    return len(rows)


async def remove_year(branch_id: int, year: int, staff_id: int | None) -> bool:
    async with transaction():
        gone = await BranchPopulation.delete().where(BranchPopulation.year_key == year_key(branch_id, year)).returning(
            BranchPopulation.population, BranchPopulation.children)
        if gone:
            await history.record("branch", branch_id, staff_id, "population_removed", {f"population_{year}": [_shown(gone[0]), None]})
    return bool(gone)


async def years_of(branch_id: int) -> list[dict]:
    """The library's years, the latest first."""
    return await BranchPopulation.select(BranchPopulation.year, BranchPopulation.population, BranchPopulation.children).where(
        BranchPopulation.branch == branch_id).order_by(BranchPopulation.year, ascending=False)


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
    problems += [Problem("missing_column", line, LATVIAN[name]) for name in REQUIRED if name not in positions]
    return positions, problems


def _number(text: str, line: int, name: str, problems: list[Problem], required: bool) -> int | None:
    number = parse_number(text)
    if not text and not required:
        return None
    if number is None:
        problems.append(Problem("number" if text else "number_missing", line, LATVIAN[name], text[:40]))
    elif number < 0:
        problems.append(Problem("negative", line, LATVIAN[name], text))
    elif number > MAX_POPULATION:
        problems.append(Problem("population_range", line, LATVIAN[name], text))
    else:
        return number
    return None


def _row(cells: list[str], line: int, positions: dict[str, int], seen: dict[int, int]) -> tuple[YearPopulation | None, list[Problem]]:
    def cell(name: str) -> str:
        index = positions.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems: list[Problem] = []
    text = cell("year")
    found = _YEAR.fullmatch(text)
    year = int(found[1]) if found else None
    if year is None:
        problems.append(Problem("year_format" if text else "year_missing", line, LATVIAN["year"], text[:40]))
    elif not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(Problem("year_range", line, LATVIAN["year"], text))
    elif year in seen:
        problems.append(Problem("year_twice", line, LATVIAN["year"], text, str(seen[year])))
    else:
        seen[year] = line
    population = _number(cell("population"), line, "population", problems, True)
    children = _number(cell("children"), line, "children", problems, False)
    if population is not None and children is not None and children > population:
        problems.append(Problem("children_over_population", line, LATVIAN["children"], str(children), str(population)))
    if problems or year is None or population is None:
        return None, problems
    return YearPopulation(year=year, population=population, children=children, line=line), []


def parse(data: bytes) -> list[YearPopulation]:
    """Every year of the file, in order; or PopulationRejected carrying every problem found."""
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise PopulationRejected([Problem("encoding")]) from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise PopulationRejected([Problem("empty")], encoding)
    reader = csv.reader(lines, delimiter=delimiter_of(next(line for line in lines if line.strip())))
    header: list[str] | None = None
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    rows: list[YearPopulation] = []
    seen: dict[int, int] = {}
    data_lines = 0
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = cells
                positions, found = _header(cells, reader.line_num)
                problems += found
                if any(p.code == "missing_column" for p in found):
                    raise PopulationRejected(problems, encoding)
                continue
            data_lines += 1
            if data_lines > MAX_ROWS:
                problems.append(Problem("too_many_rows", reader.line_num, "", str(MAX_ROWS)))
                break
            row, found = _row(cells, reader.line_num, positions, seen)
            problems += found
            if row:
                rows.append(row)
    except csv.Error as error:
        problems.append(Problem("csv", reader.line_num, "", str(error)[:120]))
    if header is not None and not rows and not problems:
        problems.append(Problem("no_rows"))
    if problems:
        raise PopulationRejected(problems, encoding)
    return sorted(rows, key=lambda r: r.year)
