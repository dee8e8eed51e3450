"""The web app under Litestar's async test client, on the test database."""
from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app import create_app
from app.kernel.settings import Settings
from tests.conftest import ENGINE, PASSWORD, TEST_DATABASE_URL


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url="http://testserver.local")


_APPS: dict[str, Litestar] = {}


def app_for(settings: Settings) -> Litestar:
    """One app for each distinct settings, built once per run: building one took 0.1 s of every
    test. Each test still starts it (lifespan) on its own clean database."""
    key = repr(settings)
    if key not in _APPS:
        # the app and the fixtures share the test engine (tests/conftest: a pool for each loop)
        _APPS[key] = create_app(settings, engine=ENGINE)
    return _APPS[key]


@pytest.fixture
async def client(db, settings):
    app = app_for(settings)
    # each test starts the shared app afresh: its settings (a test may have swapped them) and
    # nothing a previous test left in its state (the answer limiter's counts, the feed cache)
    for key in [key for key in app.state.dict() if key not in ("settings", "engine")]:
        del app.state[key]
    app.state.settings = settings
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield test_client


async def csrf_token(client) -> str:
    if "csrftoken" not in client.cookies:
        await client.get("/login")
    return client.cookies["csrftoken"]


async def login(client, staff: dict, password: str = PASSWORD):
    token = await csrf_token(client)
    return await client.post("/login", data={"username": staff["username"], "password": password, "_csrf_token": token})


async def post_form(client, url: str, data, *, htmx: bool = True):
    """POST a form as the planner's HTMX dialog does (CSRF header included)."""
    headers = {"x-csrftoken": await csrf_token(client)}
    if htmx:
        headers["HX-Request"] = "true"
    return await client.post(url, data=data, headers=headers)


@pytest.fixture
async def librarian_client(client, librarian):
    response = await login(client, librarian)
    assert response.url.path == "/planner"
    return client
