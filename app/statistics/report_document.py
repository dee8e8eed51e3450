"""The annual report as a document, whatever it is printed to: blocks (headings, text, notes, lists,
tables of text cells) in order. app/statistics/annual_report.py fills it once; the page and its PDF
(templates/statistics/_annual_report_document.html) and the DOCX (app/statistics/report_docx.py)
each write the same blocks."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.kernel.i18n import format_number
from models.statistics import NO_CHANGE


@dataclass
class ReportTable:
    headings: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # per column: figures, right-aligned
    levels: list[int] = field(default_factory=list)  # per row: 1 an "of which" row, indented
    total_last: bool = False  # the last row sums up the others
    key: str = ""


@dataclass
class Block:
    kind: str  # heading | text | note | list | table
    text: str = ""
    level: int = 0  # a heading's: 1 a section of a library's report (2 in a network's)
    anchor: str = ""
    items: list[str] = field(default_factory=list)
    table: ReportTable | None = None


@dataclass
class AnnualReport:
    lang: str
    year: int
    network: bool
    library: str  # the library's (or the network's) full name
    title: str  # "Pārskats par bibliotēkas darbību 2026. gadā"
    lines: list[str]  # under the title: how far the figures go, when and from what it was made
    blocks: list[Block]
    file_stem: str  # parskats-rozupe-2026

    def headings(self, level: int | None = None) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "heading" and (level is None or b.level == level)]


def cell(value) -> str:
    """A figure as the page writes it: 12 345, 2,5, "—" for not known; text as it is."""
    if value is None:
        return NO_CHANGE
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)
