"""Choosing the database engine from a URL, the one switch between SQLite and PostgreSQL."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

DEFAULT_DATABASE_URL = "sqlite:///data/afisa.sqlite3"


def database_url() -> str:
    return os.environ.get("AFISA_DATABASE_URL") or DEFAULT_DATABASE_URL


def engine_from_url(url: str) -> Engine:
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresEngine(
            config={
                "host": parsed.hostname or "127.0.0.1",
                "port": parsed.port or 5432,
                "user": unquote(parsed.username or "postgres"),
                "password": unquote(parsed.password or ""),
                "database": (parsed.path or "/afisa").lstrip("/"),
            },
            log_queries=False,
        )
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy writes them
        path = url[len("sqlite:///") :]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SQLiteEngine(path=path)
    raise ValueError(f"unsupported database URL: {url!r} (use sqlite:///… or postgresql://…)")


def engine_name(engine: Engine) -> str:
    return "postgresql" if isinstance(engine, PostgresEngine) else "sqlite"


def use_engine(engine: Engine) -> None:
    """Point every table at `engine` (the app and the tests choose it at run time)."""
    from models.tables import ALL_TABLES

    for table in ALL_TABLES:
        table._meta.db = engine
