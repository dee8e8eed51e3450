"""The migration that ticks who came per session (models/migrations/afisa_2026_12_07t09_40_22_501992.py):
from a database where a registration's tick was one column, each tick becomes the tick of its item's
first session that is not cancelled, and the column is gone; on SQLite and on PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from piccolo.apps.migrations.commands.forwards import run_forwards

from models.kernel.migrate import migrate, reset_schema
from models.kernel.registration_tables import RegistrationMark
from models.kernel.tables import Item
from tests.conftest import ENGINE, ENGINE_NAME, at

BEFORE_MARKS = "2026-12-07T06:47:26:449758"  # the last migration before the ticks per session
CHANGED = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)


async def columns_of(tablename: str) -> set[str]:
    if ENGINE_NAME == "postgresql":
        rows = await ENGINE.run_ddl(
            f"SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{tablename}'"
        )
    else:
        rows = await ENGINE.run_ddl(f'PRAGMA table_info("{tablename}")')
    return {row["name"] for row in rows}


@pytest.fixture
async def before_marks(db):
    """A database as it stood before the ticks per session; afterwards the schema as the session fixture built it."""
    await reset_schema()
    result = await run_forwards(app_name="afisa", migration_id=BEFORE_MARKS)
    assert result.success
    yield
    await reset_schema()
    await migrate()


async def _item(item_id: int, sessions: list[tuple[int, str, bool]]) -> None:
    """An item with registration and its sessions (id, start, cancelled)."""
    start = at(sessions[0][1])
    await Item.raw("INSERT INTO item (id, uid, branch, kind, title, status, starts_at, ends_at, delivery_kind, literacy_area)"
                   " VALUES ({}, {}, 1, 'book_start', 'Grāmatu starts', 'published', {}, {}, '', '')", item_id, f"u{item_id}", start, start)
    for occurrence_id, when, cancelled in sessions:
        await Item.raw("INSERT INTO occurrence (id, item, recurrence_id, starts_at, ends_at, cancelled) VALUES ({}, {}, {}, {}, {}, {})",
                       occurrence_id, item_id, at(when), at(when), at(when), cancelled)
    await Item.raw("INSERT INTO registration_setup (item, capacity) VALUES ({}, 10)", item_id)


async def _registration(registration_id: int, item_id: int, came: bool | None, state: str = "registered") -> None:
    await Item.raw("INSERT INTO registration (id, item, name, party, state, changed_at, came) VALUES ({}, {}, 'Anna', 2, {}, {}, {})",
                   registration_id, item_id, state, CHANGED, came)


async def test_migration_moves_each_tick_onto_the_items_first_session_not_cancelled(before_marks):
    await ENGINE.run_ddl("INSERT INTO branch (id, name, short_name, slug, address) VALUES (1, 'Rožupes bibliotēka', 'Rožupe', 'rozupe', '')")
    # a cycle whose first session (by time, not by id) was cancelled: its ticks go to the second
    await _item(1, [(13, "17.12.2026 10:00", False), (11, "03.12.2026 10:00", True), (12, "10.12.2026 10:00", False)])
    await _registration(1, 1, True)
    await _registration(2, 1, False)
    await _registration(3, 1, None)
    await _registration(4, 1, True, state="cancelled")
    # one workshop
    await _item(2, [(21, "05.12.2026 17:00", False)])
    await _registration(5, 2, True)
    # every session cancelled: the tick has no session to go to
    await _item(3, [(31, "06.12.2026 17:00", True)])
    await _registration(6, 3, True)

    await migrate()

    rows = await RegistrationMark.select(RegistrationMark.registration, RegistrationMark.occurrence, RegistrationMark.came,
                                         RegistrationMark.key, RegistrationMark.marked_at, RegistrationMark.marked_by).order_by(
        RegistrationMark.registration)
    assert [(r["registration"], r["occurrence"], bool(r["came"]), r["key"], r["marked_by"]) for r in rows] == [
        (1, 12, True, "1:12", None), (2, 12, False, "2:12", None), (4, 12, True, "4:12", None), (5, 21, True, "5:21", None)]
    assert {r["marked_at"] for r in rows} == {CHANGED}
    assert "came" not in await columns_of("registration")
    assert await columns_of("registration_mark") == {"id", "registration", "occurrence", "came", "key", "marked_at", "marked_by"}


async def test_migration_on_an_empty_database_makes_the_table(before_marks):
    await migrate()

    assert await RegistrationMark.count() == 0
    assert "came" not in await columns_of("registration")
