"""What the annual report lists by name, month by month: the events held, the exhibitions opened
and the campaigns, for a period and a library (None: the whole network).

Counted by the same rules as the figures (models/statistics/summary.py), so that a month's list
adds up to its figures:
- Events: the held sessions of events (models/statistics/sql.py's held_where: not cancelled, of an
  item neither cancelled nor a draft, with attendance recorded, which is only possible once the
  session has ended), in the month the session starts, grouped by item: its title, the days of
  its sessions in the month and their attendance.
- Campaigns: there is no kind for them; a held session of an event that spans more than one day
  (an all-day range of two days or more, like "Bibliotēku nedēļa" 20.–26.04., or a timed session
  longer than a day) is a campaign, listed under campaigns instead of events. It is still an
  event in the figures: a month's events count is its events' and its campaigns' sessions.
- Exhibitions: by the exhibition rule (models/statistics/sql.py's opening_sql), each once, in the
  month of its opening, once it has opened by `today`; shown open from its opening to the last
  day of its last session that is not cancelled."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from models.statistics.period import Period
from models.statistics.sql import HELD_FROM, fetch, held_where, opening_sql

# a timed session longer than this is a campaign; an all-day one is when its range has two days or more
ONE_DAY = timedelta(days=1)


@dataclass
class HeldEvent:
    item_id: int
    title: str
    branch_name: str
    days: list[date] = field(default_factory=list)  # the first day of each held session in the month, in order
    sessions: int = 0
    attendance: int = 0  # in person
    online: int = 0


@dataclass
class Campaign:
    item_id: int
    title: str
    branch_name: str
    first: date
    last: date  # inclusive
    sessions: int = 0
    attendance: int = 0
    online: int = 0


@dataclass
class OpenedExhibition:
    item_id: int
    title: str
    branch_name: str
    opens: date
    closes: date  # the last day of its last session that is not cancelled (inclusive)
    virtual: bool


@dataclass
class MonthLists:
    year: int
    month: int
    events: list[HeldEvent] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    exhibitions: list[OpenedExhibition] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.events or self.campaigns or self.exhibitions)


def _moment(value) -> datetime:
    # SQLite answers a computed column (MIN/MAX of a timestamp) as text
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def last_day(starts: datetime, ends: datetime | None, all_day: bool) -> date:
    """The last day a session covers: an all-day range ends at the midnight after its last day."""
    if ends is None:
        return starts.date()
    return (ends - ONE_DAY).date() if all_day else ends.date()


def is_campaign(starts: datetime, ends: datetime | None, all_day: bool) -> bool:
    """A session that spans more than one day: an all-day range of two days or more, or a timed
    session longer than a day (an evening running past midnight is still one event)."""
    if ends is None:
        return False
    return ends - starts > ONE_DAY if not all_day else last_day(starts, ends, True) > starts.date()


_EVENT_SESSIONS = ("SELECT a.item AS item_id, a.session_start AS starts, o.ends_at AS ends, i.title AS title, i.all_day AS all_day,"
                   " b.short_name AS branch_name, a.total AS total, a.online AS online " + HELD_FROM
                   + " JOIN occurrence o ON o.id = a.occurrence JOIN item i ON i.id = a.item JOIN branch b ON b.id = a.session_branch")


async def _event_sessions(period: Period, branch_id: int | None) -> list:
    args: list = []
    sql = _EVENT_SESSIONS + held_where(period, branch_id, args) + " AND a.session_kind = 'event'"
    return await fetch(sql, *args)


async def _openings(period: Period, branch_id: int | None, today: date) -> list:
    args: list = [False]  # the closing's, whose {} comes before the inner query's
    inner = opening_sql(args, period, today, branch_id)
    sql = (f"SELECT x.item_id AS item_id, x.opening AS opening, i.title AS title, i.all_day AS all_day, i.exhibition_form AS form,"
           f" b.short_name AS branch_name, (SELECT MAX(o.ends_at) FROM occurrence o WHERE o.item = x.item_id AND o.cancelled = {{}}) AS closing"
           f" FROM ({inner}) x JOIN item i ON i.id = x.item_id JOIN branch b ON b.id = i.branch")
    return await fetch(sql, *args)


async def programme_lists(period: Period, branch_id: int | None, today: date) -> list[MonthLists]:
    """One MonthLists for every month the period touches, in order (empty months too). Events and
    campaigns in the order of their first day, then title; exhibitions by opening, then title."""
    sessions, openings = await asyncio.gather(_event_sessions(period, branch_id), _openings(period, branch_id, today))
    months = {ym: MonthLists(*ym) for ym in period.months()}
    events: dict[tuple, HeldEvent] = {}
    campaigns: dict[tuple, Campaign] = {}
    for row in sorted(sessions, key=lambda r: (_moment(r["starts"]), r["item_id"])):
        starts, ends, all_day = _moment(row["starts"]), _moment(row["ends"]), bool(row["all_day"])
        key = (starts.year, starts.month, row["item_id"])
        if is_campaign(starts, ends, all_day):
            campaign = campaigns.setdefault(key, Campaign(row["item_id"], row["title"], row["branch_name"], starts.date(), starts.date()))
            campaign.last = max(campaign.last, last_day(starts, ends, all_day))
            entry = campaign
        else:
            entry = events.setdefault(key, HeldEvent(row["item_id"], row["title"], row["branch_name"]))
            entry.days.append(starts.date())
        entry.sessions += 1
        entry.attendance += row["total"] or 0
        entry.online += row["online"] or 0
    for (year, month, _), event in events.items():
        months[(year, month)].events.append(event)
    for (year, month, _), campaign in campaigns.items():
        months[(year, month)].campaigns.append(campaign)
    for row in openings:
        opens, all_day = _moment(row["opening"]), bool(row["all_day"])
        closing = _moment(row["closing"])
        months[(opens.year, opens.month)].exhibitions.append(OpenedExhibition(
            row["item_id"], row["title"], row["branch_name"], opens.date(), max(opens.date(), last_day(opens, closing, all_day)),
            row["form"] == "virtual"))
    for lists in months.values():
        lists.events.sort(key=lambda e: (e.days[0], e.title.casefold(), e.item_id))
        lists.campaigns.sort(key=lambda c: (c.first, c.title.casefold(), c.item_id))
        lists.exhibitions.sort(key=lambda x: (x.opens, x.title.casefold(), x.item_id))
    return list(months.values())
