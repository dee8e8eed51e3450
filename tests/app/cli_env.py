"""What a test of the `afisa` console script needs: the environment a server would have, and the
tables handed back to the test engine afterwards (the CLI points them at an engine of its own)."""
from __future__ import annotations

import asyncio

import pytest

from models import piccolo_conf
from models.kernel.db import use_engine
from tests.conftest import ENGINE


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("AFISA_SECRET_KEY", "cli-test-" + "x" * 40)
    monkeypatch.setenv("AFISA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AFISA_BASE_URL", "http://bibliotēka.test")
    conf_db = piccolo_conf.DB
    yield
    use_engine(ENGINE)
    piccolo_conf.DB = conf_db


def run(awaitable):
    """A query run to its end outside any test loop, as the CLI runs its own."""
    async def wait():
        return await awaitable

    return asyncio.run(wait())
