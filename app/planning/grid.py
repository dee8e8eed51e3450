"""Shaping the planner's sessions into a month grid, a week and an agenda (Monday first)."""
from __future__ import annotations

from models.kernel.i18n import N_

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app.kernel.i18n import format_day, label, month_title, translate, weekday_name
from app.planning.cells import chip_html
from models.kernel.calendar_facts import holiday_name, moved_working_days, school_break
from models.kernel.permissions import can_edit_branch

VIEWS = ("month", "week", "agenda")


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    holiday: str | None
    working_saturday: bool
    school_break: str | None
    weekday_name: str = ""
    month_label: str = ""
    date_label: str = ""
    sessions: list[dict] = field(default_factory=list)

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


def view_range(view: str, anchor: date) -> tuple[date, date]:
    """First day shown and the day after the last, for a view around `anchor`."""
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=7)
    month_start = anchor.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    if view == "agenda":
        return month_start, next_month
    first = month_start - timedelta(days=month_start.weekday())
    last = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    return first, last


def step(view: str, anchor: date, direction: int) -> date:
    if view == "week":
        return anchor + timedelta(days=7 * direction)
    month = anchor.month - 1 + direction
    return date(anchor.year + month // 12, month % 12 + 1, 1)


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time()), datetime.combine(last, time())


def build_days(first: date, last: date, anchor: date, sessions: list[dict], today: date, language: str) -> list[Day]:
    days: dict[date, Day] = {}
    cursor = first
    while cursor < last:
        break_ = school_break(cursor)
        days[cursor] = Day(
            day=cursor, in_month=cursor.month == anchor.month, is_today=cursor == today,
            holiday=holiday_name(cursor, language), working_saturday=cursor in moved_working_days(cursor.year),
            school_break=break_.name_in(language) if break_ else None,
            weekday_name=weekday_name(cursor, language), month_label=month_title(cursor, language), date_label=format_day(cursor),
        )
        cursor += timedelta(days=1)
    for session in sessions:
        # a multi-day exhibition shows on its opening day (or the first day in view), not on every day
        day = max(session["starts_at"].date(), first)
        if day in days:
            days[day].sessions.append(session)
    return list(days.values())


def weeks(days: list[Day]) -> list[list[Day]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def by_branch(days: list[Day], branch_ids: list[int]) -> list[tuple[Day, dict[int, list[dict]]]]:
    """The network view: for each day, each branch's sessions side by side."""
    rows = []
    for day in days:
        columns: dict[int, list[dict]] = {branch_id: [] for branch_id in branch_ids}
        for session in day.sessions:
            columns.setdefault(session["branch_id"], []).append(session)
        rows.append((day, columns))
    return rows


PARTNER_MARKS = {"asked": N_("gaida partnera atbildi"), "declined": N_("partneris atteicās"), "proposed": N_("partneris piedāvā citu laiku"),
                 "confirmed": N_("partneri apstiprināja")}
PARTNER_SYMBOLS = {"asked": "?", "declined": "!", "proposed": "!", "confirmed": "✓"}


def decorate(sessions: list[dict], staff: dict, language: str, partner_marks: dict[int, str] | None = None,
             *, branch_tag: bool = False) -> list[dict]:
    """Add what a planner cell shows, so the template only prints (a month has ~100 cells).
    `partner_marks` (models.partners.followups.marks) flags items whose partners need her attention."""
    partner_marks = partner_marks or {}
    mark_words = {state: translate(text, language) for state, text in PARTNER_MARKS.items()}
    cancelled_word, moved_word, internal_word = (translate(w, language) for w in ("atcelts", N_("pārcelts"), N_("iekšējs")))
    cancelled_badge, until_word = translate("Atcelts", language), translate("līdz", language)
    for s in sessions:
        cancelled = s["cancelled"] or s["status"] == "cancelled"
        kind, status = label(s["kind"], language), label(s["status"], language)
        s["css"] = " ".join(filter(None, (
            "session", f"kind-{s['kind']}", f"status-{s['status']}", "is-cancelled" if cancelled else "",
            "is-internal" if not s["is_public"] else "", "is-moved" if s["moved"] else "",
        )))
        s["editable"] = can_edit_branch(staff, s["branch_id"])
        s["iso"] = s["starts_at"].isoformat()
        s["time_label"] = "" if s["all_day"] else s["starts_at"].strftime("%H:%M") + " "
        s["range_label"] = f"{until_word} {format_day(s['last_day'])}" if s["all_day"] and s["last_day"] > s["starts_at"].date() else ""
        s["tooltip"] = " · ".join(filter(None, (kind, status, s["place_name"])))
        s["spoken"] = ", ".join(filter(None, ("", kind, status, cancelled_word if cancelled else "", moved_word if s["moved"] else "",
                                              internal_word if not s["is_public"] else "")))
        s["badge"] = cancelled_badge if cancelled else (moved_word if s["moved"] else "")
        s["badge_cancelled"] = cancelled
        mark = partner_marks.get(s["item_id"])
        s["partner_mark"] = mark_words[mark] if mark else ""
        s["partner_symbol"] = PARTNER_SYMBOLS.get(mark, "")
        if mark:
            s["css"] += f" partner-{mark}"
            s["spoken"] += f", {s['partner_mark']}"
        s["html"] = chip_html(s, branch_tag=branch_tag)
    return sessions


@dataclass
class HourRow:
    hour: int
    cells: list[list[dict]]  # one list of sessions per day, Monday first


def hour_rows(days: list[Day]) -> tuple[list[list[dict]], list[HourRow]]:
    """The week as a timetable: the day-long items (exhibitions) above, then a row per hour from
    the working day's 8:00 to 18:00, widened to the week's earliest and latest session."""
    all_day = [[s for s in d.sessions if s["all_day"]] for d in days]
    timed = [s for d in days for s in d.sessions if not s["all_day"]]
    first = min([8, *(s["starts_at"].hour for s in timed)])
    last = max([18, *(s["starts_at"].hour for s in timed)])
    rows = [HourRow(hour, [[s for s in d.sessions if not s["all_day"] and s["starts_at"].hour == hour] for d in days])
            for hour in range(first, last + 1)]
    return all_day, rows
