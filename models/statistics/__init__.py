"""Statistics: figures, tables, the library system's months and the statistics core. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.statistics.core_delivery import counts as core_delivery_counts, recent as recent_core_deliveries
from models.statistics.core_records import RECORD_SCHEMA, next_version, queue_record, record_id_of
from models.statistics.facts import refresh as refresh_statistics_facts
from models.statistics.library_figures import NUMBERS as FIGURE_COLUMNS, FiguresRejected, delete_month, import_figures, months_of, parse as parse_figures
from models.statistics.outreach import books_per_reader, books_per_reader_change, format_books_per_reader, sets_in_circulation
from models.statistics.period import NO_CHANGE, Period, format_change
from models.statistics.programme_lists import Campaign, HeldEvent, MonthLists, OpenedExhibition, programme_lists
from models.statistics.report_tables import cooperation_rows, cooperation_tables, coverage, coverage_change

__all__ = [
    "FIGURE_COLUMNS",
    "NO_CHANGE",
    "cooperation_rows",
    "cooperation_tables",
    "coverage",
    "coverage_change",
    "books_per_reader",
    "books_per_reader_change",
    "format_books_per_reader",
    "sets_in_circulation",
    "FiguresRejected",
    "delete_month",
    "import_figures",
    "months_of",
    "parse_figures",
    "core_delivery_counts",
    "recent_core_deliveries",
    "refresh_statistics_facts",
    "Period",
    "Campaign",
    "HeldEvent",
    "MonthLists",
    "OpenedExhibition",
    "programme_lists",
    "RECORD_SCHEMA",
    "format_change",
    "next_version",
    "queue_record",
    "record_id_of",
]
