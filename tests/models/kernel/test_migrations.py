"""The real migrations build the schema on an empty database, on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest
from piccolo.apps.migrations.commands.forwards import run_forwards

from models.kernel.migrate import migrate, reset_schema
from models.planning.programme import create_item
from models.kernel.schema import ALL_TABLES
from models.kernel.network_tables import Branch
from models.kernel.tables import Attendance, Item
from tests.conftest import ENGINE, ENGINE_NAME, at
from tests.models import make_draft

BEFORE_FACTS = "2026-11-25T11:46:34:132297"  # the last migration before the statistics facts


async def columns_of(tablename: str) -> set[str]:
    if ENGINE_NAME == "postgresql":
        rows = await ENGINE.run_ddl(
            f"SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{tablename}'"
        )
    else:
        rows = await ENGINE.run_ddl(f'PRAGMA table_info("{tablename}")')
    return {row["name"] for row in rows}


@pytest.fixture
async def fresh_schema(db):
    await reset_schema()
    await migrate()
    yield
    # leave the schema as the session fixture built it: migrated and empty
    await reset_schema()
    await migrate()


async def test_reset_schema_drops_every_table(db):
    await reset_schema()

    try:
        assert [await table.table_exists() for table in ALL_TABLES] == [False] * len(ALL_TABLES)
    finally:
        await migrate()


async def test_reset_schema_drops_tables_holding_linked_rows(reading_room, librarian, school):
    await create_item(await make_draft(reading_room["branch"], librarian, place_id=reading_room["id"], partners=[school["id"]]), librarian["id"])
    assert await Item.count() == 1

    await reset_schema()

    try:
        assert [await table.table_exists() for table in ALL_TABLES] == [False] * len(ALL_TABLES)
    finally:
        await migrate()


async def test_migrate_on_fresh_schema_creates_every_table(fresh_schema):
    missing = [table._meta.tablename for table in ALL_TABLES if not await table.table_exists()]

    assert missing == []


@pytest.mark.parametrize("table", ALL_TABLES, ids=[t._meta.tablename for t in ALL_TABLES])
async def test_migrate_on_fresh_schema_has_every_column_of_the_table(fresh_schema, table):
    expected = {column._meta.db_column_name for column in table._meta.columns}

    assert await columns_of(table._meta.tablename) == expected


async def test_migrate_twice_is_harmless(fresh_schema):
    await migrate()

    assert await Item.table_exists() is True
    assert await Item.count() == 0


async def test_migrated_schema_enforces_unique_slug(fresh_schema):
    await Branch.insert(Branch(name="Rožupes bibliotēka", short_name="Rožupe", slug="rozupe"))

    with pytest.raises(Exception):
        await Branch.insert(Branch(name="Rožupes bibliotēkas filiāle", short_name="Rožupe 2", slug="rozupe"))

    assert await Branch.count() == 1


async def test_migration_fills_the_statistics_facts_of_sessions_held_before_it(fresh_schema):
    # a database as it stood before the facts: one held session of an event for children
    await reset_schema()
    result = await run_forwards(app_name="afisa", migration_id=BEFORE_FACTS)
    assert result.success
    await ENGINE.run_ddl("INSERT INTO branch (id, name, short_name, slug, address) VALUES (1, 'Rožupes bibliotēka', 'Rožupe', 'rozupe', '')")
    await Item.raw("INSERT INTO item (id, uid, branch, kind, title, status, starts_at, ends_at, delivery_kind, literacy_area)"
                   " VALUES (1, 'u1', 1, 'lesson', 'Esi informēts', 'held', {}, {}, '', 'digital')", at("03.03.2026 12:30"), at("03.03.2026 13:15"))
    await Item.raw("INSERT INTO occurrence (id, item, recurrence_id, starts_at, ends_at) VALUES (1, 1, {}, {}, {})",
                   at("03.03.2026 12:30"), at("03.03.2026 12:30"), at("03.03.2026 13:15"))
    await ENGINE.run_ddl("INSERT INTO item_audience (item, audience) VALUES (1, 'children')")
    await ENGINE.run_ddl("INSERT INTO attendance (occurrence, item, total, children) VALUES (1, 1, 18, 18)")

    await migrate()

    rows = await Attendance.select(Attendance.session_start, Attendance.session_branch, Attendance.session_kind, Attendance.for_young,
                                   Attendance.session_literacy_area, Attendance.counted)
    assert [{**r, "for_young": bool(r["for_young"]), "counted": bool(r["counted"])} for r in rows] == [{
        "session_start": at("03.03.2026 12:30"), "session_branch": 1, "session_kind": "lesson", "for_young": True,
        "session_literacy_area": "digital", "counted": True}]
