"""SQL that the statistics queries share, written to run on both SQLite and PostgreSQL: the held
sessions of a period (and of last year's, in the same scan), the month of a timestamp, and the
opening of exhibitions. Arguments are appended to a list in the order their `{}` appear."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from piccolo.engine.postgres import PostgresEngine

from models.statistics_period import Period
from models.tables import Item


def postgres() -> bool:
    return isinstance(Item._meta.db, PostgresEngine)


async def fetch(sql: str, *args) -> list[dict]:
    """Rows of a statistics query. On PostgreSQL without JIT: these queries touch a few thousand
    rows each and run in tens of milliseconds, but their cost estimate crosses jit_above_cost, and
    compiling them took longer (~35 ms) than running them."""
    if not postgres():
        return await Item.raw(sql, *args)
    async with Item._meta.db.transaction():
        await Item.raw("SET LOCAL jit = off")
        return await Item.raw(sql, *args)


def month_of(column: str) -> str:
    """SQL for 'YYYY-MM' of a timestamp column, on either engine."""
    return f"to_char({column}, 'YYYY-MM')" if postgres() else f"strftime('%Y-%m', {column})"


HELD_FROM = """FROM attendance a
JOIN occurrence o ON o.id = a.occurrence
JOIN item i ON i.id = o.item"""


def held_where(period: Period, branch_id: int | None, args: list, previous: Period | None = None) -> str:
    """The WHERE of held sessions in the period (and in `previous`, when given); arguments are
    appended to `args`."""
    args.extend([period.start, period.end])
    sql = " WHERE ((o.starts_at >= {} AND o.starts_at < {})"
    if previous is not None:
        args.extend([previous.start, previous.end])
        sql += " OR (o.starts_at >= {} AND o.starts_at < {})"
    args.append(False)
    sql += ") AND o.cancelled = {} AND i.status NOT IN ('draft', 'cancelled')"
    if branch_id is not None:
        args.append(branch_id)
        sql += " AND i.branch = {}"
    return sql


def current_flag(column: str, period: Period, previous: Period | None, args: list) -> str:
    """SQL for 1 when `column` falls in the period, 0 when in the previous one (they never overlap)."""
    if previous is None:
        return "1"
    args.append(period.start)
    return f"CASE WHEN {column} >= {{}} THEN 1 ELSE 0 END"


def opening_sql(args: list, period: Period, today: date, branch_id: int | None, previous: Period | None = None) -> str:
    """Exhibitions (not draft or cancelled) with their opening, for those opened in the period (or
    in `previous`) by `today`."""
    end = min(period.end, datetime.combine(today + timedelta(days=1), time()))
    args.extend([False, end])
    sql = ("SELECT i.id AS item_id, MIN(o.starts_at) AS opening FROM item i JOIN occurrence o ON o.item = i.id"
           " WHERE i.kind = 'exhibition' AND i.status NOT IN ('draft', 'cancelled') AND o.cancelled = {} AND o.starts_at < {}")
    if branch_id is not None:
        args.append(branch_id)
        sql += " AND i.branch = {}"
    first = previous or period
    args.append(first.start)
    sql += " GROUP BY i.id HAVING MIN(o.starts_at) >= {}"
    if previous is not None:  # not in the gap between the two periods
        args.extend([previous.end, period.start])
        sql += " AND (MIN(o.starts_at) < {} OR MIN(o.starts_at) >= {})"
    return sql
