"""Backup and restore: every table to one JSON file and back, across SQLite and PostgreSQL."""
from __future__ import annotations

import argparse
import asyncio
import base64
import gzip
import os
import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from app.commands.common import CliError, load_settings, run_migrations, use_database
from models.kernel.clock import utcnow
from models.kernel.outbox import mask_personal_links

BACKUP_FORMAT = "afisa-backup"
BACKUP_VERSION = 1
# transient tables: a restore into a "non-empty" database should not be refused because of them
TRANSIENT_TABLES = {"web_session", "login_failure"}


def _open(path: Path, mode: str, compressed: bool | None = None):
    gz = path.suffix == ".gz" if compressed is None else compressed
    if mode == "w":
        # only the server's own user may read a backup: it holds the staff's password hashes; the
        # file is made 0600 before a byte is written, and writing it keeps that mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(path, 0o600)
    if gz:
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


# the outboxes' texts that may hold a personal link (a partner's answer link, a resident's registration link)
_LINK_COLUMNS = {"mail_message": ("body",), "sms_message": ("text", "last_error")}


def _without_live_links(name: str, row: dict) -> dict:
    """A live link in a kept mail or text would let whoever reads the backup answer for the partner
    or change the resident's registration."""
    masked = {column: mask_personal_links(row[column]) for column in _LINK_COLUMNS.get(name, ()) if isinstance(row.get(column), str)}
    return {**row, **masked}


def _to_json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")  # an item's picture
    return value


def _column_kinds(table) -> dict[str, str]:
    from piccolo.columns import JSON, Boolean, Bytea, Date, Timestamp, Timestamptz

    kinds = {}
    for column in table._meta.columns:
        name = column._meta.db_column_name
        if isinstance(column, Timestamptz):
            kinds[name] = "timestamptz"
        elif isinstance(column, Timestamp):
            kinds[name] = "timestamp"
        elif isinstance(column, Date):
            kinds[name] = "date"
        elif isinstance(column, JSON):
            kinds[name] = "json"
        elif isinstance(column, Boolean):
            kinds[name] = "bool"
        elif isinstance(column, Bytea):
            kinds[name] = "bytes"
        else:
            kinds[name] = "plain"
    return kinds


def _from_json(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "timestamptz":
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    if kind == "timestamp":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "json" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if kind == "bool":
        return bool(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


async def _dump() -> dict:
    from models.kernel.db import engine_name
    from models.kernel.schema import ALL_TABLES
    from models.kernel.tables import Item

    tables = {}
    for table in ALL_TABLES:
        rows = await table.select().order_by(table._meta.primary_key)
        json_columns = {name for name, kind in _column_kinds(table).items() if kind == "json"}
        name = table._meta.tablename
        if name in TRANSIENT_TABLES:
            continue  # sessions and login failures: nothing a restore needs, secrets a backup should not hold
        tables[name] = [
            _without_live_links(name, {k: json.loads(v) if k in json_columns and isinstance(v, str) else _to_json(v) for k, v in row.items()})
            for row in rows
        ]
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION,
        "created_at": utcnow().isoformat(timespec="seconds"),
        "engine": engine_name(Item._meta.db),
        "tables": tables,
    }


def cmd_backup(args: argparse.Namespace) -> int:
    settings = load_settings()
    use_database(settings.database_url)

    async def run() -> dict:
        await run_migrations()
        return await _dump()

    dump = asyncio.run(run())
    keep = getattr(args, "keep", 0)
    if keep < 0:
        raise CliError("--keep must be 0 (one file) or the number of backups to keep")
    path = Path(args.file)
    if keep:
        # a folder of dated backups for a daily timer: the newest `keep` stay
        path.mkdir(parents=True, exist_ok=True)
        path = path / f"afisa-{utcnow():%Y-%m-%dT%H%M%S}.json.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with _open(tmp, "w", compressed=path.suffix == ".gz") as out:
        json.dump(dump, out, ensure_ascii=False, indent=1)
    tmp.replace(path)  # a crash mid-write never leaves a truncated backup under the real name
    if keep:
        for old in sorted(path.parent.glob("afisa-*.json.gz"))[:-keep]:
            old.unlink()
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in dump["tables"].items() if rows)
    print(f"Backup written to {path} ({counts or 'empty database'}).")
    return 0


def _load_backup(path: Path) -> dict:
    if not path.exists():
        raise CliError(f"no such file: {path}")
    try:
        with _open(path, "r") as handle:
            data = json.load(handle)
    except (OSError, ValueError, EOFError) as error:
        raise CliError(f"{path} is not a readable Afiša backup: {error}") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT or not isinstance(data.get("tables"), dict):
        raise CliError(f"{path} is not an Afiša backup")
    if data.get("version") != BACKUP_VERSION:
        raise CliError(f"{path} is a backup of version {data.get('version')}; this Afiša reads version {BACKUP_VERSION}")
    for name, rows in data["tables"].items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise CliError(f"{path} is not a readable Afiša backup: table {name} is not a list of rows")
    return data


async def _row_counts() -> dict[str, int]:
    from models.kernel.schema import ALL_TABLES

    return {table._meta.tablename: await table.count() for table in ALL_TABLES}


async def empty_all() -> None:
    from models.kernel.db import engine_name
    from models.kernel.schema import ALL_TABLES
    from models.kernel.tables import Item

    # queries rather than run_ddl: run_ddl opens its own connection on SQLite, outside the
    # restore's transaction, and would wait for that transaction's lock
    if engine_name(Item._meta.db) == "postgresql":
        names = ", ".join(f'"{t._meta.tablename}"' for t in ALL_TABLES)
        await Item.raw(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        for table in reversed(ALL_TABLES):
            await table.delete(force=True)


def _take_legacy_ticks(registrations: list) -> dict[int, bool]:
    """A backup from before who came was ticked per session (migration 2026-12-07T09:40:22) keeps a
    registration's tick in its `came`: taken out of the rows here, {registration id: came}."""
    ticks = {}
    for row in registrations:
        if isinstance(row, dict) and "came" in row:
            came = row.pop("came")
            if came in (True, False) and isinstance(row.get("id"), int):  # SQLite's backups may hold 1 and 0
                ticks[row["id"]] = bool(came)
    return ticks


async def _carry_legacy_ticks(ticks: dict[int, bool]) -> None:
    """Each old tick becomes the tick of its item's first session not cancelled, as the migration
    moved the ticks of a database upgraded in place (an item with every session cancelled has none)."""
    from models.kernel.registration_tables import Registration, RegistrationMark
    from models.kernel.tables import Occurrence

    if not ticks:
        return
    registrations = await Registration.select(Registration.id, Registration.item, Registration.changed_at).where(Registration.id.is_in(list(ticks)))
    items = {row["item"] for row in registrations}
    first: dict[int, int] = {}
    for session in await Occurrence.select(Occurrence.id, Occurrence.item).where(
            Occurrence.item.is_in(list(items)) & (Occurrence.cancelled == False)).order_by(Occurrence.starts_at).order_by(Occurrence.id):  # noqa: E712
        first.setdefault(session["item"], session["id"])
    marks = [RegistrationMark(registration=row["id"], occurrence=first[row["item"]], came=ticks[row["id"]],
                              key=f"{row['id']}:{first[row['item']]}", marked_at=row["changed_at"])
             for row in registrations if row["item"] in first]
    if marks:
        await RegistrationMark.insert(*marks)


async def _restore(data: dict, force: bool) -> dict[str, int]:
    from models.statistics import refresh_statistics_facts
    from models.kernel.db import engine_name
    from models.kernel.schema import ALL_TABLES
    from models.kernel.tables import Item

    known = {t._meta.tablename for t in ALL_TABLES}
    unknown = set(data["tables"]) - known
    if unknown:
        raise CliError(f"the backup has tables this Afiša does not know: {', '.join(sorted(unknown))}")
    counts = await _row_counts()
    filled = {name: n for name, n in counts.items() if n and name not in TRANSIENT_TABLES}
    if filled and not force:
        listing = ", ".join(f"{name} {n}" for name, n in filled.items())
        raise CliError(f"the database is not empty ({listing}); restore into a new database or add --force to replace its contents")
    engine = Item._meta.db
    restored: dict[str, int] = {}
    legacy_ticks = _take_legacy_ticks(data["tables"].get("registration", []))
    async with engine.transaction():
        await empty_all()
        for table in ALL_TABLES:
            name = table._meta.tablename
            rows = data["tables"].get(name, [])
            kinds = _column_kinds(table)
            columns = {c._meta.db_column_name: c._meta.name for c in table._meta.columns}
            objects = []
            for row in rows:
                extra = set(row) - set(kinds)
                if extra:
                    raise CliError(f"table {name} in the backup has columns this Afiša does not know: {', '.join(sorted(extra))}")
                values = {columns[col]: _from_json(kinds[col], value) for col, value in row.items()}
                objects.append(table(_ignore_missing=True, **values))
            # SQLite allows 999 parameters per statement in older builds
            chunk = max(1, 900 // max(1, len(kinds)))
            for start in range(0, len(objects), chunk):
                await table.insert(*objects[start:start + chunk])
            restored[name] = len(objects)
        await _carry_legacy_ticks(legacy_ticks)
        # a backup from before the statistics facts has none, and a hand-edited one may be stale
        await refresh_statistics_facts()
        if engine_name(engine) == "postgresql":
            for table in ALL_TABLES:
                name = table._meta.tablename
                pk = table._meta.primary_key._meta.db_column_name
                await table.raw(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{pk}'), "
                    f"COALESCE((SELECT MAX(\"{pk}\") FROM \"{name}\"), 1), "
                    f"(SELECT MAX(\"{pk}\") FROM \"{name}\") IS NOT NULL)"
                )
    return restored


def cmd_restore(args: argparse.Namespace) -> int:
    data = _load_backup(Path(args.file))
    settings = load_settings()
    use_database(settings.database_url)

    async def run() -> dict[str, int]:
        await run_migrations()
        return await _restore(data, args.force)

    try:
        restored = asyncio.run(run())
    except CliError:
        raise
    except Exception as error:  # a hand-edited or damaged backup: the restore's transaction changed nothing
        raise CliError(f"{args.file} could not be restored, and the database was not changed: {type(error).__name__}: {error}") from None
    counts = ", ".join(f"{name} {n}" for name, n in restored.items() if n)
    print(f"Restored from {args.file} ({counts or 'empty backup'}).")
    return 0
