"""Latvian calendar facts: public holidays, moved working days (the `holidays` package, "LV")
and school breaks, which the Ministry of Education sets each year."""
from __future__ import annotations

from models.kernel.i18n import N_, gettext

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import holidays

_MOVED_FROM = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


@dataclass(frozen=True)
class SchoolBreak:
    first: date
    last: date
    name: str  # Latvian, the catalogue's key

    def name_in(self, language: str) -> str:
        return gettext(self.name, language)


# School year 2026/27 (BRIEF.md). Extend this list each August when the ministry publishes the next year.
SCHOOL_BREAKS: tuple[SchoolBreak, ...] = (
    SchoolBreak(date(2026, 6, 1), date(2026, 8, 31), N_("vasaras brīvdienas")),
    SchoolBreak(date(2026, 10, 19), date(2026, 10, 23), N_("rudens brīvdienas")),
    SchoolBreak(date(2026, 12, 21), date(2027, 1, 1), N_("ziemas brīvdienas")),
    SchoolBreak(date(2027, 3, 8), date(2027, 3, 12), N_("pavasara brīvdienas")),
    SchoolBreak(date(2027, 6, 1), date(2027, 8, 31), N_("vasaras brīvdienas")),
)


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("LV", years=[year], language=language))


def holiday_name(day: date, language: str = "lv") -> str | None:
    return _holidays(day.year, "lv" if language == "lv" else "en_US").get(day)


@lru_cache(maxsize=16)
def moved_working_days(year: int) -> dict[date, date]:
    """Saturdays that are working days, each mapped to the day off it was moved to."""
    moved: dict[date, date] = {}
    for years in (year - 1, year, year + 1):
        for day_off, name in _holidays(years, "lv").items():
            match = _MOVED_FROM.search(name)
            if match:
                d, m, y = (int(g) for g in match.groups())
                moved[date(y, m, d)] = day_off
    return {work: off for work, off in moved.items() if work.year == year}


def school_break(day: date) -> SchoolBreak | None:
    for school_break_ in SCHOOL_BREAKS:
        if school_break_.first <= day <= school_break_.last:
            return school_break_
    return None


def day_facts(day: date, language: str = "lv") -> list[str]:
    """Short labels shown on a planner's day cell."""
    facts = []
    if name := holiday_name(day, language):
        facts.append(name)
    if day in moved_working_days(day.year):
        facts.append(gettext("darba diena", language))
    return facts


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
