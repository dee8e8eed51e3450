import os

from piccolo.conf.apps import AppConfig

from models.kernel.schema import ALL_TABLES

APP_CONFIG = AppConfig(
    app_name="afisa",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=ALL_TABLES,
    migration_dependencies=[],
    commands=[],
)
