"""SQL that the statistics queries share, written to run on both SQLite and PostgreSQL: the held
sessions of a period (and of last year's, in the same scan), the month of a timestamp, and the
opening of exhibitions. Arguments are appended to a list in the order their `{}` appear."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from piccolo.engine.postgres import PostgresEngine

from models.statistics.period import Period
from models.kernel.tables import Item


def postgres() -> bool:
    return isinstance(Item._meta.db, PostgresEngine)


async def fetch(sql: str, *args) -> list:
    """Rows of a statistics query, read by column name (`row["events"]`). On PostgreSQL straight
    from asyncpg, and without JIT: a network's year is thousands of rows, and copying each into a
    dict as Piccolo does took a fifth of the page; the queries' cost estimate crosses
    jit_above_cost, but compiling them took longer (~35 ms) than running them."""
    if not postgres():
        return await Item.raw(sql, *args)
    parts = sql.split("{}")
    numbered = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))
    async with Item._meta.db.transaction() as transaction:
        await transaction.connection.execute("SET LOCAL jit = off")
        return await transaction.connection.fetch(numbered, *args)


def month_of(column: str) -> str:
    """SQL for 'YYYY-MM' of a timestamp column, on either engine."""
    return f"to_char({column}, 'YYYY-MM')" if postgres() else f"strftime('%Y-%m', {column})"


# held sessions with the facts the counting rules ask of them (models/statistics/facts.py)
HELD_FROM = "FROM attendance a"


def held_where(period: Period, branch_id: int | None, args: list, previous: Period | None = None) -> str:
    """The WHERE of held sessions that count, in the period (and in `previous`, when given);
    arguments are appended to `args`."""
    args.extend([period.start, period.end])
    sql = " WHERE ((a.session_start >= {} AND a.session_start < {})"
    if previous is not None:
        args.extend([previous.start, previous.end])
        sql += " OR (a.session_start >= {} AND a.session_start < {})"
    args.append(True)
    sql += ") AND a.counted = {}"
    if branch_id is not None:
        args.append(branch_id)
        sql += " AND a.session_branch = {}"
    return sql


def current_flag(column: str, period: Period, previous: Period | None, args: list) -> str:
    """SQL for 1 when `column` falls in the period, 0 when in the previous one (they never overlap)."""
    if previous is None:
        return "1"
    args.append(period.start)
    return f"CASE WHEN {column} >= {{}} THEN 1 ELSE 0 END"


def opening_sql(args: list, period: Period, today: date, branch_id: int | None, previous: Period | None = None) -> str:
    """Exhibitions (not draft or cancelled) with their opening, the start of their first session
    that is not cancelled, for those opened in the period (or in `previous`) by `today`. The
    opening is looked up per exhibition: a few hundred index reads, not a scan of every session."""
    args.append(False)
    exhibitions = ("SELECT i.id AS item_id, (SELECT MIN(o.starts_at) FROM occurrence o WHERE o.item = i.id AND o.cancelled = {})"
                   " AS opening FROM item i WHERE i.kind = 'exhibition' AND i.status NOT IN ('draft', 'cancelled')")
    if branch_id is not None:
        args.append(branch_id)
        exhibitions += " AND i.branch = {}"
    first = previous or period
    args.extend([first.start, min(period.end, datetime.combine(today + timedelta(days=1), time()))])
    sql = f"SELECT x.item_id AS item_id, x.opening AS opening FROM ({exhibitions}) x WHERE x.opening >= {{}} AND x.opening < {{}}"
    if previous is not None:  # not in the gap between the two periods
        args.extend([previous.end, period.start])
        sql += " AND (x.opening < {} OR x.opening >= {})"
    return sql
