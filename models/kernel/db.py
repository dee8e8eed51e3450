"""Choosing the database engine from a URL, the one switch between SQLite and PostgreSQL."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

DEFAULT_DATABASE_URL = "sqlite:///data/afisa.sqlite3"


def database_url() -> str:
    return os.environ.get("AFISA_DATABASE_URL") or DEFAULT_DATABASE_URL


class PooledSQLiteEngine(SQLiteEngine):
    """SQLite with a few long-lived connections for single statements.

    Piccolo opens a new connection (and a new thread) for every query; a planner page makes
    six queries, so that cost dominated. Transactions still get a connection of their own.
    WAL with synchronous=NORMAL is durable against crashes of the app and loses at most the
    last commit on a power cut, which a planner can afford."""

    POOL_SIZE = 4
    # how long a writer waits for another one's lock before SQLite gives up ("database is locked")
    BUSY_TIMEOUT_MS = 5000

    def __init__(self, path: str, **kwargs):
        super().__init__(path=path, **kwargs)
        self._idle: list = []

    async def _open(self):
        import aiosqlite

        connection = aiosqlite.connect(**self.connection_kwargs)
        # an idle pooled connection must not keep a CLI command or a test run from exiting
        connection._thread.daemon = True
        await connection
        await connection.execute("PRAGMA foreign_keys = 1")
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute(f"PRAGMA busy_timeout = {int(self.BUSY_TIMEOUT_MS)}")
        return connection

    async def get_connection(self):
        connection = await super().get_connection()
        await connection.execute(f"PRAGMA busy_timeout = {int(self.BUSY_TIMEOUT_MS)}")
        return connection

    def transaction(self, transaction_type: TransactionType = TransactionType.immediate, allow_nested: bool = True):
        """IMMEDIATE: the transaction takes the write lock at its first statement, waiting up to
        busy_timeout for it. A deferred one that has read and then writes while another writer
        (a background task) holds the lock fails at once, whatever busy_timeout says, and a
        librarian's save was lost that way."""
        return super().transaction(transaction_type=transaction_type, allow_nested=allow_nested)

    def atomic(self, transaction_type: TransactionType = TransactionType.immediate):
        return super().atomic(transaction_type=transaction_type)

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        from piccolo.engine.sqlite import dict_factory

        connection = self._idle.pop() if self._idle else await self._open()
        try:
            connection.row_factory = dict_factory
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
            await connection.commit()
        except BaseException:
            await connection.close()
            raise
        if len(self._idle) < self.POOL_SIZE:
            self._idle.append(connection)
        else:
            await connection.close()
        return rows

    async def close_connections(self) -> None:
        while self._idle:
            await self._idle.pop().close()


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
        return PooledSQLiteEngine(path=path)
    raise ValueError(f"unsupported database URL: {url!r} (use sqlite:///… or postgresql://…)")


def transaction():
    """One transaction on the tables' engine, for a change and its consequences together: on
    SQLite it begins IMMEDIATE, so it holds the write lock from its first statement."""
    from models.kernel.tables import Item

    return Item._meta.db.transaction()


def engine_name(engine: Engine) -> str:
    return "postgresql" if isinstance(engine, PostgresEngine) else "sqlite"


def use_engine(engine: Engine) -> None:
    """Point every table at `engine` (the app and the tests choose it at run time)."""
    from models.kernel.schema import ALL_TABLES

    for table in ALL_TABLES:
        table._meta.db = engine
