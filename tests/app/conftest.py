"""The web app under Litestar's async test client, on the test database."""
from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from app import create_app
from app.settings import Settings
from tests.conftest import ENGINE, PASSWORD, TEST_DATABASE_URL


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url="http://testserver.local")


@pytest.fixture
async def client(db, settings):
    # the app and the fixtures share the test engine (tests/conftest: a pool for each loop)
    app = create_app(settings, engine=ENGINE)
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
