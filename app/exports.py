"""A table as a file to download: CSV for Excel in Latvia (UTF-8 with a BOM, ';' between cells)
or XLSX (openpyxl), with the table's headings in the first row and numbers kept as numbers."""
from __future__ import annotations

import csv
import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# A cell a spreadsheet would run as a formula: titles and names are typed by users, and a title
# like =HYPERLINK(…) must reach the coordinator's Excel as text. The change column ("-7,7%") is data.
_FORMULA_START = tuple("=+-@\t\r")
_CHANGE = re.compile(r"[+-]\d[\d\s]*(,\d+)?%")


def _text_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _CHANGE.fullmatch(value):
        return "'" + value
    return value


def to_csv(headings: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text_cell(h) for h in headings])
    writer.writerows([_text_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, headings: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for index, heading in enumerate(headings, start=1):
        width = max([len(str(heading))] + [len(str(row[index - 1])) for row in rows if index - 1 < len(row)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel refuses sheet names longer than 31 characters or with []:*?/\\ in them."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Tabula"


def slug(text: str) -> str:
    """ASCII for a file name: "Rožupe" -> "rozupe"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def content_disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'
