"""A table as a file to download: CSV for Excel in Latvia (UTF-8 with a BOM, ';' between cells)
or XLSX (openpyxl), with the table's headings in the first row and numbers kept as numbers."""
from __future__ import annotations

from models.kernel.i18n import N_

import csv
import io
import re
import unicodedata
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv",  # Litestar adds "; charset=utf-8" to a text type itself
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# A cell a spreadsheet would run as a formula: titles and names are typed by users, and a title
# like =HYPERLINK(…) must reach the coordinator's Excel as text. The change column ("-7,7%") is data.
_FORMULA_START = tuple("=+-@\t\r")
_CHANGE = re.compile(r"[+-]\d[\d\s]*(,\d+)?%")
_PER_CENT = re.compile(r"[+-]?\d[\d\s]*(,\d+)?%")  # "0,0%" (no change) is a number too


def _text_cell(value: object) -> object:
    if isinstance(value, Decimal):  # books per reader: "2,5", as Excel in Latvia reads a number
        return str(value).replace(".", ",")
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _CHANGE.fullmatch(value):
        return "'" + value
    return value


def to_csv(headings: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text_cell(h) for h in headings])
    writer.writerows([_text_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, headings: list[str], rows: list[list], subtitle: str = "") -> bytes:
    """`subtitle` (the library and the period) heads every printed page and names the workbook; the
    first row stays the headings, for a program that reads the file. A change in per cent ("-12,2%")
    is a number formatted as per cent, so that Excel can calculate with it."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    book.properties.title = f"{title} · {subtitle}" if subtitle else title
    sheet.oddHeader.center.text = book.properties.title.replace("&", "&&")
    _heading_row(sheet, headings)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):  # books per reader, to one decimal
                cell.value = float(cell.value)
                cell.number_format = "0.0"
            elif isinstance(cell.value, str) and _PER_CENT.fullmatch(cell.value):
                cell.value = float(re.sub(r"\s", "", cell.value).replace(",", ".").rstrip("%")) / 100
                cell.number_format = "+0.0%;-0.0%;0.0%"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    return _finished(book, sheet, headings, rows)


def _heading_row(sheet, headings: list[str]) -> None:
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _finished(book, sheet, headings: list[str], rows: list[list]) -> bytes:
    """Columns as wide as their text (within reason), the heading row kept in view: the book's bytes."""
    for index, heading in enumerate(headings, start=1):
        width = max([len(str(heading))] + [len(str(row[index - 1])) for row in rows if index - 1 < len(row)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel refuses sheet names longer than 31 characters or with []:*?/\\ in them: a long title
    keeps its part before the colon ("Sasaiste ar skolu"), else its whole words that fit."""
    if len(title) > 31 and ":" in title:
        title = title.split(":")[0]
    words, name = re.sub(r"[\[\]:*?/\\]", " ", title).split(), ""
    for word in words:
        if len(f"{name} {word}".strip()) > 31:
            break
        name = f"{name} {word}".strip()
    return name or (words[0][:31] if words else N_("Tabula"))


def slug(text: str) -> str:
    """ASCII for a file name: "Rožupe" -> "rozupe"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def content_disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def with_sheet(workbook: bytes, title: str, headings: list[str], rows: list[list]) -> bytes:
    """A workbook of to_xlsx with one more sheet of text (the state form's check beside its
    figures), headed and printed as the first. Every cell is text, never a formula."""
    book = load_workbook(io.BytesIO(workbook))
    sheet = book.create_sheet(_sheet_title(title))
    sheet.oddHeader.center.text = book.active.oddHeader.center.text
    _heading_row(sheet, headings)
    for row in rows:
        sheet.append([str(cell) if cell is not None else "" for cell in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    return _finished(book, sheet, headings, rows)
