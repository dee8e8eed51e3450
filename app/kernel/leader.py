"""One process runs the background tasks (mailer, core sender, reminders, external calendars,
purge), however many workers serve the pages: `afisa serve --workers 4` starts four processes,
and each would otherwise send the same reminders and refresh the same calendars (the outboxes'
one-statement claims keep a mail from going twice, but not the work and the lock contention).

The leader holds a lock the operating system or the database releases when the process ends:
on PostgreSQL a session advisory lock on a connection of its own, on SQLite an flock on a file
beside the database. The others try again every half minute, so a new leader takes over when
one dies. Within one process every app shares the leadership (the tests start several apps)."""
from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

log = logging.getLogger("afisa.leader")
ADVISORY_KEY = 0x0AF15A  # "Afiša": the key of the session advisory lock on PostgreSQL

# this process's leadership, shared by its apps: lock key -> [handle, how many apps hold it]
_HELD: dict[str, list] = {}


def _sqlite_lock_path(engine: Engine) -> Path:
    database = Path(engine.connection_kwargs["database"])
    return database.with_name(database.name + ".tasks.lock")


async def acquire(engine: Engine) -> bool:
    """True when this process runs the background tasks (already, or from now on)."""
    key = repr(getattr(engine, "config", None) or getattr(engine, "connection_kwargs", None))
    if key in _HELD:
        _HELD[key][1] += 1
        return True
    handle = await (_acquire_postgres(engine) if isinstance(engine, PostgresEngine) else _acquire_sqlite(engine))
    if handle is None:
        return False
    _HELD[key] = [handle, 1]
    log.info("the background tasks run in this process (pid %s)", os.getpid())
    return True


async def release(engine: Engine) -> None:
    key = repr(getattr(engine, "config", None) or getattr(engine, "connection_kwargs", None))
    held = _HELD.get(key)
    if held is None:
        return
    held[1] -= 1
    if held[1] > 0:
        return
    del _HELD[key]
    handle = held[0]
    if isinstance(handle, int):
        os.close(handle)  # the flock goes with the file descriptor
    else:
        handle.terminate()  # the advisory lock goes with the connection; terminate needs no event loop


async def _acquire_postgres(engine: PostgresEngine):
    import asyncpg

    connection = await asyncpg.connect(**engine.config)
    if await connection.fetchval("SELECT pg_try_advisory_lock($1)", ADVISORY_KEY):
        return connection
    connection.terminate()
    return None


async def _acquire_sqlite(engine: Engine):
    descriptor = os.open(_sqlite_lock_path(engine), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor
