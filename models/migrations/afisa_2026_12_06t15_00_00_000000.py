from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T15:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Notifications get a kind and the details to write them in the reader's language"


def _params(default) -> dict:
    return {
        "default": default, "null": False, "primary_key": False, "unique": False, "index": False,
        "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="afisa", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Notification", tablename="notification", column_name="kind", db_column_name="kind",
        column_class_name="Varchar", column_class=Varchar, params={**_params(""), "length": 40}, schema=None,
    )
    manager.add_column(
        table_class_name="Notification", tablename="notification", column_name="details", db_column_name="details",
        column_class_name="JSON", column_class=JSON, params=_params("{}"), schema=None,
    )
    return manager
