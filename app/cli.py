"""The `afisa` console script: serve, migrate, demo, user, backup and restore.

AFISA_DATABASE_URL picks the engine for every command; Piccolo's migrations find it through
models/piccolo_conf.py, so the variable is set before that module is first imported."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.settings import Settings

BACKUP_FORMAT = "afisa-backup"
BACKUP_VERSION = 1
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
# transient tables: a restore into a "non-empty" database should not be refused because of them
TRANSIENT_TABLES = {"web_session", "login_failure"}


class CliError(Exception):
    """A refusal the operator can act on: printed without a traceback, exit code 1."""


# --- engine --------------------------------------------------------------------------------

def _settings() -> Settings:
    return Settings.from_env()


def _use_database(url: str):
    os.environ["AFISA_DATABASE_URL"] = url
    os.environ.setdefault("PICCOLO_CONF", "models.piccolo_conf")
    from models import piccolo_conf
    from models.db import engine_from_url, use_engine

    engine = engine_from_url(url)
    use_engine(engine)
    # piccolo_conf may have been imported earlier under another URL; migrations read its DB
    piccolo_conf.DB = engine
    return engine


async def _migrate(quiet: bool = True) -> None:
    """Every command migrates first, so a fresh install needs no separate step; only
    `afisa migrate` shows Piccolo's progress lines."""
    from models.migrate import migrate

    if not quiet:
        await migrate()
        return
    with contextlib.redirect_stdout(io.StringIO()) as output:
        try:
            await migrate()
        except Exception:
            sys.stdout.write(output.getvalue())
            raise


async def _item_count() -> int:
    from models.tables import Item

    return await Item.count()


# --- serve / migrate / demo ----------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings()
    _use_database(settings.database_url)
    asyncio.run(_migrate(quiet=False))
    import uvicorn

    from app import create_app

    uvicorn.run(create_app(settings), host=args.host, port=args.port, proxy_headers=True)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _settings()
    _use_database(settings.database_url)
    asyncio.run(_migrate(quiet=False))
    print(f"Database is up to date ({_redacted(settings.database_url)}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.auth.passwords import hash_password
    from models.demo import load_demo

    settings = _settings()
    _use_database(settings.database_url)

    async def run() -> dict | None:
        await _migrate()
        if await _item_count() > 0:
            return None
        today = datetime.now(ZoneInfo(settings.timezone)).date()
        return await load_demo(today, hash_password)

    result = asyncio.run(run())
    if result is None:
        if args.if_empty:
            print("The database already has a programme; demo data not loaded.")
            return 0
        raise CliError("the database already has programme items; the demo loads only into an empty database "
                       "(use `afisa demo --if-empty` to skip quietly)")
    print(f"Demo loaded: {result['branches']} branches, {result['places']} places, {result['partners']} partners, "
          f"{result['items']} items with {result['occurrences']} sessions "
          f"({result['from'].strftime('%d.%m.%Y.')}–{result['to'].strftime('%d.%m.%Y.')}).")
    print(f"Open {settings.base_url}/ and sign in with the password {result['password']!r} as:")
    for login in result["logins"]:
        print(f"  {login['username']:<14} {login['display_name']} ({login['role']}, {login['branch']})")
    if not result["logins"]:
        print("  (the demo accounts existed already and keep their own passwords)")
    return 0


# --- users ---------------------------------------------------------------------------------

def _read_password(from_stdin: bool, minimum: int) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise CliError("the two passwords differ")
    if len(password) < minimum:
        raise CliError(f"the password must have at least {minimum} characters")
    return password


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.auth.passwords import MIN_LENGTH, hash_password
    from models.enums import Role
    from models.tables import Branch, Staff

    username = args.username.strip().lower()
    if not USERNAME.match(username):
        raise CliError("a username is 2–80 characters: lowercase letters, digits and . _ @ -")
    display_name = args.name.strip()
    if not display_name:
        raise CliError("--name must not be empty")
    role = Role(args.role)
    if role == Role.LIBRARIAN and not args.branch:
        raise CliError("a librarian belongs to a branch: give --branch SLUG")
    settings = _settings()
    _use_database(settings.database_url)

    async def check() -> int | None:
        await _migrate()
        if await Staff.exists().where(Staff.username == username):
            raise CliError(f"a user named {username!r} exists already")
        if not args.branch:
            return None
        row = await Branch.select(Branch.id).where(Branch.slug == args.branch).first()
        if row is None:
            slugs = ", ".join(b["slug"] for b in await Branch.select(Branch.slug).order_by(Branch.slug)) or "none yet"
            raise CliError(f"no branch with the slug {args.branch!r} (known: {slugs})")
        return row["id"]

    branch_id = asyncio.run(check())
    # asked only after the checks, so a typo in the username does not cost a password round
    password = _read_password(args.password_stdin, MIN_LENGTH)

    async def insert() -> None:
        await Staff.insert(Staff(
            username=username, display_name=display_name, email=(args.email or "").strip(),
            password_hash=hash_password(password), role=role.value, branch=branch_id,
        ))

    asyncio.run(insert())
    print(f"User {username!r} added ({role.value}{', ' + args.branch if args.branch else ''}).")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from models.tables import Staff

    settings = _settings()
    _use_database(settings.database_url)

    async def rows() -> list[dict]:
        await _migrate()
        return await Staff.select(
            Staff.username, Staff.display_name, Staff.role, Staff.email, Staff.active, Staff.branch.slug,
        ).order_by(Staff.username)

    users = asyncio.run(rows())
    if not users:
        print("No users yet. Add one with `afisa user add`.")
        return 0
    print(f"{'USERNAME':<16} {'NAME':<28} {'ROLE':<12} {'BRANCH':<12} {'ACTIVE':<7} EMAIL")
    for u in users:
        print(f"{u['username']:<16} {u['display_name']:<28} {u['role']:<12} {u['branch.slug'] or '—':<12} "
              f"{'yes' if u['active'] else 'no':<7} {u['email']}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from models.tables import Staff

    settings = _settings()
    _use_database(settings.database_url)
    username = args.username.strip().lower()

    async def disable() -> bool:
        await _migrate()
        rows = await Staff.update({Staff.active: False}).where(Staff.username == username).returning(Staff.id)
        return bool(rows)

    if not asyncio.run(disable()):
        raise CliError(f"no user named {username!r}")
    print(f"User {username!r} disabled; they can no longer sign in.")
    return 0


# --- backup / restore ----------------------------------------------------------------------

def _open(path: Path, mode: str, compressed: bool | None = None):
    if path.suffix == ".gz" if compressed is None else compressed:
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def _to_json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _column_kinds(table) -> dict[str, str]:
    from piccolo.columns import JSON, Boolean, Date, Timestamp, Timestamptz

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
    return value


async def _dump() -> dict:
    from models.db import engine_name
    from models.tables import ALL_TABLES, Item

    tables = {}
    for table in ALL_TABLES:
        rows = await table.select().order_by(table._meta.primary_key)
        json_columns = {name for name, kind in _column_kinds(table).items() if kind == "json"}
        tables[table._meta.tablename] = [
            {k: json.loads(v) if k in json_columns and isinstance(v, str) else _to_json(v) for k, v in row.items()}
            for row in rows
        ]
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "engine": engine_name(Item._meta.db),
        "tables": tables,
    }


def cmd_backup(args: argparse.Namespace) -> int:
    settings = _settings()
    _use_database(settings.database_url)

    async def run() -> dict:
        await _migrate()
        return await _dump()

    dump = asyncio.run(run())
    path = Path(args.file)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with _open(tmp, "w", compressed=path.suffix == ".gz") as out:
        json.dump(dump, out, ensure_ascii=False, indent=1)
    tmp.replace(path)  # a crash mid-write never leaves a truncated backup under the real name
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
    return data


async def _row_counts() -> dict[str, int]:
    from models.tables import ALL_TABLES

    return {table._meta.tablename: await table.count() for table in ALL_TABLES}


async def _empty_all() -> None:
    from models.db import engine_name
    from models.tables import ALL_TABLES, Item

    # queries rather than run_ddl: run_ddl opens its own connection on SQLite, outside the
    # restore's transaction, and would wait for that transaction's lock
    if engine_name(Item._meta.db) == "postgresql":
        names = ", ".join(f'"{t._meta.tablename}"' for t in ALL_TABLES)
        await Item.raw(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        for table in reversed(ALL_TABLES):
            await table.delete(force=True)


async def _restore(data: dict, force: bool) -> dict[str, int]:
    from models.db import engine_name
    from models.tables import ALL_TABLES, Item

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
    async with engine.transaction():
        await _empty_all()
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
    settings = _settings()
    _use_database(settings.database_url)

    async def run() -> dict[str, int]:
        await _migrate()
        return await _restore(data, args.force)

    restored = asyncio.run(run())
    counts = ", ".join(f"{name} {n}" for name, n in restored.items() if n)
    print(f"Restored from {args.file} ({counts or 'empty backup'}).")
    return 0


# --- parsing -------------------------------------------------------------------------------

def _redacted(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afisa",
        description="Afiša: the programme planner of a public library network. "
                    "The database comes from AFISA_DATABASE_URL (default: sqlite:///data/afisa.sqlite3).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="migrate the database, then run the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="bring the database to the current schema")
    migrate.set_defaults(func=cmd_migrate)

    demo = sub.add_parser("demo", help="load the Rožupe demo (this month and next) into an empty database")
    demo.add_argument("--if-empty", action="store_true", help="do nothing, successfully, when the database has a programme")
    demo.set_defaults(func=cmd_demo)

    user = sub.add_parser("user", help="manage staff accounts")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser("add", help="add a staff account (asks for the password twice)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name, e.g. \"Maija Jasinska\"")
    add.add_argument("--role", required=True, choices=["librarian", "coordinator"])
    add.add_argument("--branch", help="branch slug, e.g. rozupe (required for a librarian)")
    add.add_argument("--email", default="")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    add.set_defaults(func=cmd_user_add)
    listing = user_sub.add_parser("list", help="list staff accounts")
    listing.set_defaults(func=cmd_user_list)
    disable = user_sub.add_parser("disable", help="stop an account from signing in (its history stays)")
    disable.add_argument("username")
    disable.set_defaults(func=cmd_user_disable)

    backup = sub.add_parser("backup", help="write every table to a JSON file (.gz compresses it)")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="load a backup into an empty database")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true", help="empty a non-empty database first")
    restore.set_defaults(func=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as error:
        print(f"afisa: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
