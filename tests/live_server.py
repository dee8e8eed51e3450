"""A real Afiša server on loopback for tests that talk HTTP to it (the browser tests, the API's
schema fuzzing).

`live_server` starts uvicorn in a background thread with its own event loop, on a free port
of 127.0.0.1, waits until /healthz answers and stops it after the test. The test keeps its
own event loop (pytest-asyncio) for the database fixtures.

The server and the test's fixtures share the tests' engine (tests/conftest.ENGINE): on
PostgreSQL it keeps a pool for each event loop, and the app's lifespan opens the server loop's
own; on SQLite aiosqlite connections answer any loop.
"""
from __future__ import annotations

import asyncio
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import ENGINE, TEST_DATABASE_URL

STARTUP_SECONDS = 30


class LiveServer:
    def __init__(self, app, sock: socket.socket):
        import uvicorn

        host, port = sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        self._sock = sock
        self._server = uvicorn.Server(uvicorn.Config(app=app, log_level="warning", lifespan="on"))
        self._thread = threading.Thread(target=self._run, name="afisa-live-server", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._server.serve(sockets=[self._sock]))
        except BaseException as error:  # reported by start()
            self._error = error
        finally:
            loop.close()

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        last: object = None
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                raise RuntimeError(f"the test server stopped while starting: {self._error!r}")
            if self._server.started:
                try:
                    with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                        if response.status == 200:
                            return
                        last = response.status
                except OSError as error:
                    last = error
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the test server did not answer /healthz within {STARTUP_SECONDS}s (last: {last!r})")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()
        if self._thread.is_alive():
            raise RuntimeError("the test server did not stop within 15s")


@pytest.fixture
def live_server(db) -> Iterator[LiveServer]:
    """Afiša served by uvicorn on the test database; yields an object with `.url`."""
    from app import create_app
    from app.kernel.settings import Settings

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    settings = Settings(
        database_url=TEST_DATABASE_URL, secret_key="browser-test-secret-" + "x" * 40, base_url=f"http://127.0.0.1:{port}",
    )
    app = create_app(settings, engine=ENGINE)  # see the module docstring
    server = LiveServer(app, sock)
    server.start()
    try:
        yield server
    finally:
        server.stop()
