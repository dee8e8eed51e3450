"""The checks every form and API body shares: dates as Latvians write them, times, numbers,
yes/no, text without control characters, and ValidationFailed, which maps each field to an
error code (app/i18n turns codes into Latvian or English sentences)."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
_DATE_LV = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\.?\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*$")


class ValidationFailed(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class NotFound(Exception):
    """The record asked for is not there (or not this person's to see): the web answers 404."""


def parse_date(value: Any) -> date | None:
    """dd.mm.yyyy. as Latvians write it, or ISO yyyy-mm-dd as <input type=date> sends it."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = str(value or "")
    if match := _DATE_LV.match(text):
        d, m, y = (int(g) for g in match.groups())
    elif match := _DATE_ISO.match(text):
        y, m, d = (int(g) for g in match.groups())
    else:
        raise ValueError("date_format")
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError("date_invalid") from None


def parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    match = _TIME.match(str(value or ""))
    if not match:
        raise ValueError("time_format")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError("time_format")
    return time(hour, minute)


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    # i18n: what a form or an import may send for yes, not a text anyone reads
    return str(value or "").strip().lower() in {"1", "true", "on", "yes", "jā"}


def as_list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    return [value]


def as_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError("number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError("number") from None
    if not -(2**31) < number < 2**31:  # beyond what a database column or an id holds
        raise ValueError("number")
    return number


def bounded_int(value: Any, low: int, high: int, default: int | None) -> int | None:
    """A whole number from `low` to `high` ("between:low:high" otherwise), `default` when blank."""
    number = as_int(value)
    if number is None:
        return default
    if not low <= number <= high:
        raise ValueError(f"between:{low}:{high}")
    return number


class Collector:
    """Runs each field's check, keeps the first error per field, and goes on to the next field."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, name: str, fn, *args):
        try:
            return fn(*args)
        except ValueError as error:
            self.errors.setdefault(name, str(error))
            return None


# deliberately loose: one @, a dot in the domain, no spaces; the mail server has the last word
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
PHONE = re.compile(r"^\+?[0-9 \-]+$")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_LINE_BREAK = re.compile(r"[\r\n\x85\u2028\u2029]")


def clean_text(value: Any, limit: int, required: bool = False, *, multiline: bool = False) -> str:
    """Trimmed text within `limit` characters, without control characters (PostgreSQL refuses NUL);
    only multi-line fields keep line breaks (a title goes into mail headers and feed lines)."""
    text = str(value or "").strip()
    if _CONTROL.search(text) or (not multiline and _LINE_BREAK.search(text)):
        raise ValueError("control_characters")
    if required and not text:
        raise ValueError("required")
    if len(text) > limit:
        raise ValueError(f"too_long:{limit}")
    return text


def enum_value(enum_type, value: Any, required: bool = True):
    if value in (None, ""):
        if required:
            raise ValueError("required")
        return None
    if isinstance(value, enum_type):
        return value
    try:
        # str() of a (str, Enum) member is "Kind.LESSON", never its value: only plain text goes through str()
        return enum_type(str(value))
    except ValueError:
        raise ValueError("choice") from None


def in_range(day: date) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError("date_out_of_range")
    return day


def required_date(value: Any) -> date:
    if value is None or str(value).strip() == "":
        raise ValueError("required")
    day = parse_date(value)
    if day is None:
        raise ValueError("required")
    return in_range(day)


def optional_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return in_range(parse_date(value))
