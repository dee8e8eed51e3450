"""Statistics pages, downloads and the core sender (web). What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from app.statistics.report import COVERAGE_OF, INDICATOR_ROWS, OPTIONAL_INDICATORS, RATIO_KEYS, SUMMARY_ROWS, figure_values, period_label, service_points
from app.statistics.view import Refused, error_messages, load_statistics, read_request

__all__ = [
    "COVERAGE_OF",
    "INDICATOR_ROWS",
    "OPTIONAL_INDICATORS",
    "RATIO_KEYS",
    "Refused",
    "SUMMARY_ROWS",
    "error_messages",
    "figure_values",
    "load_statistics",
    "period_label",
    "read_request",
    "service_points",
]
