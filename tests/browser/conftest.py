"""Debian's Chromium for the browser tests, driving the real server of tests/live_server.py."""
from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from tests.live_server import live_server  # noqa: F401 - the browser tests' server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def chromium_path() -> str:
    """Debian's Chromium; without it the browser tests skip, except in CI where they fail."""
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture
async def browser(chromium_path) -> AsyncIterator:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()
