"""Piccolo's configuration: the engine comes from AFISA_DATABASE_URL, so `afisa migrate`
and the migration tests reach the same database the app uses."""
from piccolo.conf.apps import AppRegistry

from models.kernel.db import database_url, engine_from_url

DB = engine_from_url(database_url())

APP_REGISTRY = AppRegistry(apps=["models.piccolo_app"])
