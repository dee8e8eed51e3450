"""The kind of the notifications written before they had one. Until then the reminder to record
attendance was told apart by its first words, so this one time they decide; every other
notification was a partner's answer. Its own migration: Piccolo runs a migration's raw steps
before its new columns."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T15:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "The kind of earlier notifications filled in"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="afisa", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        await engine.run_ddl("UPDATE notification SET kind = 'attendance_missing' WHERE kind = '' AND "
                             "(text LIKE 'Trūkst apmeklējuma%' OR text LIKE 'Attendance missing%')")
        await engine.run_ddl("UPDATE notification SET kind = 'partner_answered' WHERE kind = ''")

    manager.add_raw(backfill)
    return manager
