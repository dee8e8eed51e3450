"""Who came is ticked per registration and session (RegistrationMark), no longer once per
registration (Registration.came): a series' sessions each have their own. A tick made before is
kept as the tick of the item's first session that is not cancelled (an item whose every session
is cancelled has nowhere to keep it), with the registration's last change as its time.

Piccolo runs a migration's raw steps before its new tables, and the copy needs the new table and
the old column at once, so the manager copies the ticks just before it drops the column, in the
migration's one transaction. Backwards, the table is dropped before the column comes back: the
ticks are not copied back."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import Boolean
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Serial
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.engine.finder import engine_finder
from piccolo.table import Table


class Occurrence(Table, tablename="occurrence", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class Registration(Table, tablename="registration", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class Staff(Table, tablename="staff", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-12-07T09:40:22:501992"
VERSION = "1.38.0"
DESCRIPTION = "Who came ticked per registration and session; a registration's tick moved onto its item's first session"


COPY_TICKS_SQL = """INSERT INTO registration_mark (registration, occurrence, came, "key", marked_at, marked_by)
SELECT f.id, f.occurrence, f.came, CAST(f.id AS VARCHAR(20)) || ':' || CAST(f.occurrence AS VARCHAR(20)), f.changed_at, NULL
FROM (SELECT r.id, r.came, r.changed_at,
             (SELECT o.id FROM occurrence o WHERE o.item = r.item AND NOT o.cancelled
              ORDER BY o.starts_at, o.id LIMIT 1) AS occurrence
      FROM registration r WHERE r.came IS NOT NULL) f
WHERE f.occurrence IS NOT NULL"""


class _CopyTicksBeforeDrop(MigrationManager):
    """Copies Registration.came into the new table after it is made and before the column goes."""

    async def _run_drop_columns(self, backwards: bool = False):
        if not backwards and not self.preview:
            await engine_finder().run_ddl(COPY_TICKS_SQL)
        await super()._run_drop_columns(backwards=backwards)


async def forwards():
    manager = _CopyTicksBeforeDrop(
        migration_id=ID, app_name="afisa", description=DESCRIPTION
    )

    manager.add_table(
        class_name="RegistrationMark",
        tablename="registration_mark",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="RegistrationMark",
        tablename="registration_mark",
        column_name="registration",
        db_column_name="registration",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Registration,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="RegistrationMark",
        tablename="registration_mark",
        column_name="occurrence",
        db_column_name="occurrence",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Occurrence,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="RegistrationMark",
        tablename="registration_mark",
        column_name="came",
        db_column_name="came",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="RegistrationMark",
        tablename="registration_mark",
        column_name="key",
        db_column_name="key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="RegistrationMark",
        tablename="registration_mark",
        column_name="marked_at",
        db_column_name="marked_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="RegistrationMark",
        tablename="registration_mark",
        column_name="marked_by",
        db_column_name="marked_by",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Staff,
            "on_delete": OnDelete.set_null,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.drop_column(
        table_class_name="Registration",
        tablename="registration",
        column_name="came",
        db_column_name="came",
        schema=None,
    )

    return manager
