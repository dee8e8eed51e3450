"""Shared fixtures. The database engine comes from AFISA_TEST_DATABASE_URL (SQLite in a
temporary folder by default; `make test-postgres` points it at PostgreSQL). The schema is
built once per run by the real migrations; every test starts from empty tables.

AFISA_TEST_CLOCK (a Europe/Riga wall-clock time, "2027-03-28T03:30") moves the whole process's
clock there before anything is imported and lets it tick on: the suite must pass at any hour and
date, and CI runs it at the hours that once broke it (an evening, the DST change, after February)."""
from __future__ import annotations

import asyncio
import os
import tempfile
from urllib.parse import urlsplit, urlunsplit
from datetime import datetime

import pytest
import time_machine

from models.kernel.clock import LIBRARY_TZ

TEST_CLOCK = os.environ.get("AFISA_TEST_CLOCK", "").strip()
if TEST_CLOCK:
    # started at import, not in a fixture: module-level code and session fixtures read the clock too
    time_machine.travel(datetime.fromisoformat(TEST_CLOCK).replace(tzinfo=LIBRARY_TZ), tick=True).start()


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    """`pytestmark = pytest.mark.clock("01.12.2026 09:00")` (or the mark on one test) sets the
    clock to that Riga wall-clock time for the test, ticking on from there: a test that names its
    dates ("the lesson on 03.12.2026") names them against the clock it set, so they never pass."""
    mark = request.node.get_closest_marker("clock")
    if mark is None:
        yield None
        return
    moment = datetime.strptime(mark.args[0], "%d.%m.%Y %H:%M").replace(tzinfo=LIBRARY_TZ)
    with time_machine.travel(moment, tick=mark.kwargs.get("tick", True)) as traveller:
        yield traveller


def pytest_sessionfinish(session, exitstatus):
    if _WORKER_DATABASE:
        _drop_database_of_this_worker(TEST_DATABASE_URL)


def pytest_report_header(config):
    return f"clock: {TEST_CLOCK + ' Europe/Riga (AFISA_TEST_CLOCK)' if TEST_CLOCK else 'the real one'}"


def _database_of_this_worker(url: str, worker: str) -> str:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own, made beside the
    configured one and named after the run ("test_gw0_3f2a9c1b"): two runs on one server (a
    developer's and CI's) never empty each other's tables or wait on each other's locks. A
    finished worker drops its database (`pytest_sessionfinish`); one a killed run left behind is
    dropped by the next run once nothing is connected to it."""
    import asyncpg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "test"
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "run")[:8]
    name = f"{base}_{worker}_{run}"

    async def create() -> None:
        connection = await asyncpg.connect(dsn=urlunsplit(parts._replace(path="/postgres")))
        try:
            leftovers = await connection.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname NOT LIKE $2",
                f"{base}\\_gw%\\_%", f"%\\_{run}",
            )
            for row in leftovers:
                try:  # without FORCE: a database some run still uses stays
                    await connection.execute(f'DROP DATABASE "{row["datname"]}"')
                except asyncpg.PostgresError:
                    pass
            if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(create())
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_database_of_this_worker(url: str) -> None:
    import asyncpg

    parts = urlsplit(url)

    async def drop() -> None:
        connection = await asyncpg.connect(dsn=urlunsplit(parts._replace(path="/postgres")))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
        finally:
            await connection.close()

    asyncio.run(drop())


_TMP = tempfile.mkdtemp(prefix="afisa-test-")
TEST_DATABASE_URL = os.environ.get("AFISA_TEST_DATABASE_URL") or f"sqlite:///{_TMP}/test.sqlite3"
_WORKER_DATABASE = bool(os.environ.get("PYTEST_XDIST_WORKER")) and TEST_DATABASE_URL.startswith("postgres")
if _WORKER_DATABASE:
    TEST_DATABASE_URL = _database_of_this_worker(TEST_DATABASE_URL, os.environ["PYTEST_XDIST_WORKER"])
os.environ["AFISA_DATABASE_URL"] = TEST_DATABASE_URL
os.environ.setdefault("PICCOLO_CONF", "models.piccolo_conf")

from piccolo.engine.postgres import PostgresEngine  # noqa: E402

import models.consequences  # noqa: E402,F401 - the domain's listeners, as the app installs them
from models.publishing.version import forget_version  # noqa: E402
from models.kernel.db import engine_from_url, engine_name, use_engine  # noqa: E402
from models.kernel.enums import PlaceKind, Role  # noqa: E402
from models.kernel.migrate import migrate, reset_schema  # noqa: E402
from models.kernel.schema import ALL_TABLES  # noqa: E402
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner, Place, Staff  # noqa: E402


class LoopPooledPostgresEngine(PostgresEngine):
    """PostgreSQL with one connection pool per event loop. The test's fixtures run in
    pytest-asyncio's loop while the app answers in the test client's thread (or uvicorn's, for the
    browser tests), and an asyncpg pool serves only the loop it was made in. Without pools every
    query opened a connection of its own: a page took 100 ms instead of 20 and the suite tripled.
    A loop without a pool of its own (asyncio.run in a CLI test) still opens one per query."""

    def __init__(self, *args, **kwargs):
        self._pools: dict = {}
        super().__init__(*args, **kwargs)

    @staticmethod
    def _loop():
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    @property
    def pool(self):
        return self._pools.get(self._loop())

    @pool.setter
    def pool(self, value) -> None:
        loop = self._loop()
        if value is None:
            self._pools.pop(loop, None)
        else:
            self._pools[loop] = value


def _test_engine(url: str):
    engine = engine_from_url(url)
    if isinstance(engine, PostgresEngine):
        return LoopPooledPostgresEngine(config=engine.config, log_queries=False)
    return engine


ENGINE = _test_engine(TEST_DATABASE_URL)
use_engine(ENGINE)
ENGINE_NAME = engine_name(ENGINE)


@pytest.fixture(scope="session", autouse=True)
def _schema():
    async def build():
        await reset_schema()
        await migrate()

    asyncio.run(build())
    yield


async def _empty_tables() -> None:
    if ENGINE_NAME == "postgresql":
        # DELETE and setval in one round trip: 3 ms, where TRUNCATE … RESTART IDENTITY took 85
        names = [t._meta.tablename for t in reversed(ALL_TABLES)]
        statements = [f'DELETE FROM "{name}"' for name in names]
        statements += [f"""SELECT setval(pg_get_serial_sequence('"{name}"', 'id'), 1, false)""" for name in names]
        async with ENGINE.pool.acquire() as connection:
            await connection.execute("; ".join(statements))
    else:
        for table in reversed(ALL_TABLES):
            await ENGINE.run_ddl(f'DELETE FROM "{table._meta.tablename}"')


@pytest.fixture
async def db():
    forget_version()  # the programme's version is kept for a second: not from the test before
    if ENGINE_NAME == "postgresql":
        await ENGINE.start_connection_pool(min_size=1, max_size=10)
    await _empty_tables()
    yield ENGINE
    if ENGINE_NAME == "postgresql":
        await ENGINE.close_connection_pool()


# --- a small library network that reads like the annual report ---------------------------

@pytest.fixture
async def branch(db) -> dict:
    rows = await Branch.insert(Branch(name="Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka", short_name="Rožupe", slug="rozupe", address="Skolas iela 7, Rožupe")).returning(*Branch.all_columns())
    return rows[0]


@pytest.fixture
async def other_branch(db) -> dict:
    rows = await Branch.insert(Branch(name="Līvānu novada Centrālās bibliotēkas Rudzātu bibliotēka", short_name="Rudzāti", slug="rudzati")).returning(*Branch.all_columns())
    return rows[0]


async def make_place(branch_id: int, name: str, kind: PlaceKind = PlaceKind.ROOM) -> dict:
    rows = await Place.insert(Place(branch=branch_id, name=name, kind=kind.value)).returning(*Place.all_columns())
    return rows[0]


@pytest.fixture
async def reading_room(branch) -> dict:
    return await make_place(branch["id"], "Lasītava")


@pytest.fixture
async def care_centre(branch) -> dict:
    return await make_place(branch["id"], "Sociālās aprūpes centrs „Rožlejas”", PlaceKind.SERVICE_POINT)


@pytest.fixture
async def school(db) -> dict:
    rows = await Partner.insert(Partner(name="Rožupes pamatskola", type="school")).returning(*Partner.all_columns())
    return rows[0]


PASSWORD = "lasītava-2026"


_password_hash: list[str] = []


def password_hash() -> str:
    """The shared test password as an argon2id hash with the smallest cost: a login verifies with
    the hash's own parameters, and the app's (64 MiB, 3 passes) took 0.2 s in each of ~800 logins."""
    if not _password_hash:
        from argon2 import PasswordHasher

        _password_hash.append(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(PASSWORD))
    return _password_hash[0]


async def make_staff(username: str, role: Role, branch_id: int | None, display_name: str | None = None) -> dict:
    rows = await Staff.insert(Staff(
        username=username, display_name=display_name or username.title(), password_hash=password_hash(),
        role=role.value, branch=branch_id,
    )).returning(*Staff.all_columns())
    return rows[0]


@pytest.fixture
async def librarian(branch) -> dict:
    return await make_staff("maija", Role.LIBRARIAN, branch["id"], "Maija Jasinska")


@pytest.fixture
async def coordinator(db) -> dict:
    return await make_staff("koordinatore", Role.COORDINATOR, None, "Anna Koordinatore")


@pytest.fixture
async def other_librarian(other_branch) -> dict:
    return await make_staff("ilze", Role.LIBRARIAN, other_branch["id"], "Ilze Rudzāte")


def at(text: str) -> datetime:
    """at("01.12.2026 10:00") -> a local wall-clock datetime, as the planner stores it."""
    return datetime.strptime(text, "%d.%m.%Y %H:%M")
