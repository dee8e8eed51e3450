"""Defects a review of the statistics found, each pinned by a test: formulas in downloads, the
leap day in a range's comparison, the network's imported months, Excel's dates in the upload."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.statistics.exports import to_csv, to_xlsx
from models.statistics.library_figures import parse_month
from models.statistics.period import Period
from models.statistics.report_tables import indicators
from models.kernel.tables import LibraryFigures

FORMULA = '=HYPERLINK("http://x.example","klik")'


def test_csv_download_writes_a_formula_looking_title_as_text_and_keeps_the_change():
    body = to_csv(["Nosaukums", "Izmaiņas"], [[FORMULA, "-7,7%"], ["@SUM(A1)", "+50,6%"]])

    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))

    assert rows[1:] == [["'" + FORMULA, "-7,7%"], ["'@SUM(A1)", "+50,6%"]]


def test_xlsx_download_never_stores_a_formula():
    sheet = load_workbook(io.BytesIO(to_xlsx("Tabula", ["Nosaukums", "Reizes"], [[FORMULA, 3]]))).active

    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["B2"].value) == (FORMULA, "s", 3)


@pytest.mark.parametrize("first, last, previous", [
    (date(2025, 2, 1), date(2025, 2, 28), (date(2024, 2, 1), date(2024, 2, 29))),
    (date(2025, 3, 1), date(2026, 2, 28), (date(2024, 3, 1), date(2025, 2, 28))),
    (date(2025, 2, 10), date(2025, 2, 20), (date(2024, 2, 10), date(2024, 2, 20))),
    (date(2024, 2, 1), date(2024, 2, 29), (date(2023, 2, 1), date(2023, 2, 28))),
])
def test_range_compares_with_last_years_whole_months(first, last, previous):
    earlier = Period("range", first, last).previous()

    assert (earlier.first, earlier.last) == previous


async def test_network_counts_imported_months_per_branch(branch, other_branch):
    await LibraryFigures.insert(*[LibraryFigures(period_key=f"{branch['id']}:2026-{m:02d}", branch=branch["id"], year=2026, month=m, visits=10)
                                  for m in range(1, 13)])

    network = await indicators(Period("year", date(2026, 1, 1), date(2026, 12, 31)), None)
    own = await indicators(Period("year", date(2026, 1, 1), date(2026, 12, 31)), branch["id"])

    assert (network["months_imported"], network["months_expected"], own["months_imported"], own["months_expected"]) == (12, 24, 12, 12)


@pytest.mark.parametrize("text, month", [("01.01.2026", (2026, 1)), ("15.03.2026.", (2026, 3)), ("2026-02-01", (2026, 2)),
                                         ("2026-02", (2026, 2)), ("32.01.2026", None), ("01.13.2026", None)])
def test_month_of_the_upload_reads_excels_dates(text, month):
    assert parse_month(text) == month
