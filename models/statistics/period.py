"""The period of a statistics view and the year-on-year change, as pure functions.

A period is a month, a year or any range of days (both ends inclusive). Its "last year" is the
same month, the same year, or the same days one year earlier (29 February becomes the 28th). This
month and this year run to today, and are compared with last year's same days: November's first
ten days against last November's whole month would read as a fall of two thirds.
The change is written as the annual report writes it: "+45,6%", "-7,7%", "0,0%"; "—" when last
year's figure is 0 (BRIEF: (this − last) / last × 100, one decimal, half away from zero)."""
from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from models.kernel.validation import EARLIEST_YEAR, LATEST_YEAR, parse_date

PERIOD_KINDS = ("month", "year", "range")
MAX_RANGE_DAYS = 5 * 366  # five years of monthly bars is the most a page can show legibly
NO_CHANGE = "—"


@dataclass(frozen=True)
class Period:
    kind: str  # month | year | range
    first: date
    last: date  # inclusive

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time())

    @property
    def end(self) -> datetime:
        """The first moment after the period (an exclusive bound for SQL)."""
        return datetime.combine(self.last + timedelta(days=1), time())

    @property
    def cut(self) -> bool:
        """A month or a year that runs only to a day before its end (this month or year so far)."""
        if self.kind == "month":
            return self.last.day != monthrange(self.last.year, self.last.month)[1]
        return self.kind == "year" and (self.last.month, self.last.day) != (12, 31)

    def previous(self) -> Period:
        if self.kind == "month" and not self.cut:
            return month_period(self.first.year - 1, self.first.month)
        if self.kind == "year" and not self.cut:
            return year_period(self.first.year - 1)
        last = year_earlier(self.last)
        # a range to the month's end ends at last year's month's end: 28.02. → 29.02. of a leap year
        if self.kind == "range" and self.last.day == monthrange(self.last.year, self.last.month)[1]:
            last = last.replace(day=monthrange(last.year, last.month)[1])
        return Period(self.kind, year_earlier(self.first), last)

    def until(self, day: date) -> Period:
        """This month or this year so far: cut at `day` when the period runs past it, so that it is
        compared with the same days of last year, not with last year's whole month or year."""
        if self.kind == "range" or not self.first <= day < self.last:
            return self
        return Period(self.kind, self.first, day)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        found, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def year_earlier(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def month_period(year: int, month: int) -> Period:
    return Period("month", date(year, month, 1), date(year, month, monthrange(year, month)[1]))


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


class PeriodInvalid(ValueError):
    """Bad period parameters: {parameter: error code}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def _year(text: str, errors: dict[str, str], default: int) -> int:
    if not text:
        return default
    if text.isascii() and text.isdigit() and len(text) == 4 and EARLIEST_YEAR <= int(text) <= LATEST_YEAR:
        return int(text)
    errors["year"] = "year_range"
    return default


def _month(text: str, errors: dict[str, str], default: int) -> int:
    if not text:
        return default
    if text.isascii() and text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 12:
        return int(text)
    errors["month"] = "month_range"
    return default


def _day(name: str, text: str, errors: dict[str, str]) -> date | None:
    if not text:
        errors[name] = "required"
        return None
    try:
        day = parse_date(text)
    except ValueError as error:
        errors[name] = str(error)
        return None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        errors[name] = "date_out_of_range"
        return None
    return day


def parse_period(params: Mapping[str, str], today: date) -> Period:
    """The period of query parameters period=month|year|range, year, month, from, to (dd.mm.yyyy.
    or ISO). Missing values default to this year (and this month); errors name their parameter."""
    kind = (params.get("period") or "year").strip()
    errors: dict[str, str] = {}
    if kind not in PERIOD_KINDS:
        raise PeriodInvalid({"period": "period_choice"})
    year = _year((params.get("year") or "").strip(), errors, today.year)
    if kind == "year":
        period = year_period(year)
    elif kind == "month":
        period = month_period(year, _month((params.get("month") or "").strip(), errors, today.month))
    elif not (params.get("from") or "").strip() and not (params.get("to") or "").strip():
        errors["from"] = "range_dates"  # the range was just chosen: one request for both dates, not two errors
        period = Period("range", today, today)
    else:
        first = _day("from", (params.get("from") or "").strip(), errors)
        last = _day("to", (params.get("to") or "").strip(), errors)
        if first and last and last < first:
            errors["to"] = "range_order"
        elif first and last and (last - first).days + 1 > MAX_RANGE_DAYS:
            errors["to"] = "range_too_long"
        period = Period("range", first or today, last or today)
    if errors:
        raise PeriodInvalid(errors)
    return period.until(today)


def change_percent(this: int, last: int) -> Decimal | None:
    """(this − last) / last × 100 rounded to one decimal, half away from zero; None when last is 0."""
    if not last:
        return None
    exact = Decimal(this - last) * 100 / Decimal(last)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_change(this: int, last: int) -> str:
    """The change as the report writes it: "+45,6%", "-7,7%", "0,0%", or "—" when last is 0."""
    change = change_percent(this, last)
    if change is None:
        return NO_CHANGE
    if change == 0:  # also -0.04, which rounds to "-0.0"
        return "0,0%"
    sign = "+" if change > 0 else ""
    return f"{sign}{change}".replace(".", ",") + "%"


def report_year(today: date) -> int:
    """The year whose annual report and state form are being written: last year's until the end of
    March (both are due by 15 February; corrections come in March), then this year's so far."""
    return today.year - 1 if today.month <= 3 else today.year
