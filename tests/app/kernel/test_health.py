"""/healthz, answered in front of the app for monitors and load balancers (app/kernel/health.py)."""
from __future__ import annotations

from app.kernel import health
from models.kernel.db import engine_from_url
from tests.conftest import ENGINE_NAME


async def test_healthz_names_the_database_engine(client):
    response = await client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": ENGINE_NAME})
    assert response.headers["cache-control"] == "no-store"


async def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    # a real engine whose server is not there: nothing listens on port 9 of loopback
    unreachable = engine_from_url("postgresql://postgres@127.0.0.1:9/afisa")
    monkeypatch.setattr(client.app.state, "engine", unreachable)  # read on each request
    monkeypatch.setattr(health, "CHECKED_FOR", 0.0)  # not the answer of a check a moment ago

    response = await client.get("/healthz")

    assert (response.status_code, response.json()) == (503, {"status": "error", "database": "postgresql"})
