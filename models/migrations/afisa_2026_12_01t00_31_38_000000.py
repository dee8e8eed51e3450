"""The statistics facts of the sessions already held (models/statistics_facts.py), and the index a
branch's statistics read them by. Its own migration: Piccolo runs a migration's raw steps before
its new columns, and these need the columns of the migration before."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T00:31:38:000000"
VERSION = "1.38.0"
DESCRIPTION = "Statistics facts of held sessions filled in, indexed by branch and start"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="afisa", description=DESCRIPTION)

    async def backfill():
        # the same SQL as models/statistics_facts.REFRESH_SQL, kept here as it stood, so that this
        # migration does not change with that module
        engine = engine_finder()
        await engine.run_ddl("CREATE INDEX attendance_branch_start ON attendance (session_branch, session_start)")
        await engine.run_ddl(BACKFILL_SQL)

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS attendance_branch_start")

    manager.add_raw(backfill)
    manager.add_raw_backwards(drop_index)

    return manager


BACKFILL_SQL = """UPDATE attendance SET
  session_start = (SELECT o.starts_at FROM occurrence o WHERE o.id = attendance.occurrence),
  session_branch = (SELECT i.branch FROM item i WHERE i.id = attendance.item),
  session_kind = (SELECT i.kind FROM item i WHERE i.id = attendance.item),
  session_place = (SELECT COALESCE(o.place, i.place) FROM occurrence o JOIN item i ON i.id = o.item
                   WHERE o.id = attendance.occurrence),
  home_delivery = (SELECT i.delivery_kind = 'home' FROM item i WHERE i.id = attendance.item),
  for_young = EXISTS (SELECT 1 FROM item_audience ia WHERE ia.item = attendance.item
                      AND ia.audience IN ('preschool', 'children', 'teens')),
  session_literacy_area = (SELECT i.literacy_area FROM item i WHERE i.id = attendance.item),
  counted = (SELECT NOT o.cancelled AND i.status NOT IN ('draft', 'cancelled')
             FROM occurrence o JOIN item i ON i.id = o.item WHERE o.id = attendance.occurrence)"""
