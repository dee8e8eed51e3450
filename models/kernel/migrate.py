"""Bringing a database to the current schema: Piccolo's migrations, plus WAL on SQLite."""
from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.sqlite import SQLiteEngine

from models.kernel.tables import Item


async def migrate() -> None:
    engine = Item._meta.db
    if isinstance(engine, SQLiteEngine):
        # WAL lets the planner read while a save is being written; the setting lives in the file
        await engine.run_ddl("PRAGMA journal_mode=WAL;")
    result = await run_forwards(app_name="afisa", fake=False)
    if not result.success:
        raise RuntimeError(result.message)


async def reset_schema() -> None:
    """Drop everything (tests and `afisa restore` only)."""
    engine = Item._meta.db
    if isinstance(engine, SQLiteEngine):
        tables = await engine.run_ddl("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        # Piccolo turns foreign keys on for every connection, and then SQLite cannot drop a table
        # whose parent is already gone ("no such table: main.branch"): drop the referencing tables first.
        parents = {}
        for row in tables:
            keys = await engine.run_ddl(f'PRAGMA foreign_key_list("{row["name"]}")')
            parents[row["name"]] = {key["table"] for key in keys} - {row["name"]}
        dropped: set[str] = set()
        while len(dropped) < len(parents):
            leaves = [
                name for name in parents
                if name not in dropped and not any(name in refs for child, refs in parents.items() if child not in dropped)
            ]
            for name in leaves or [n for n in parents if n not in dropped]:  # a cycle: drop the rest as they come
                await engine.run_ddl(f'DROP TABLE IF EXISTS "{name}"')
                dropped.add(name)
    else:
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
