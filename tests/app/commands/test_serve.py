"""`afisa serve` as an IT person runs it: a real uvicorn on loopback. Its log never shows an
answer link's or a private feed's token, and a forwarded address is believed only from a proxy
named in AFISA_TRUSTED_PROXIES."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(**env) -> str:
        port = free_port()
        log = (tmp_path / f"serve-{port}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "AFISA_DATABASE_URL": TEST_DATABASE_URL, "AFISA_DATA_DIR": str(tmp_path), **env})
        servers.append((process, log))
        url = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    return url
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("afisa serve did not answer")

    yield start
    for process, log in servers:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def logged(tmp_path) -> str:
    return "".join(path.read_text() for path in tmp_path.glob("serve-*.log"))


def test_log_masks_answer_and_private_feed_tokens(serve, tmp_path, db):
    url = serve()

    httpx.get(url + "/answer/Sl3penaAtbildesSaite")
    httpx.get(url + "/feeds/private/Sl3penaKalendaraAtslega.ics")
    time.sleep(0.3)

    text = logged(tmp_path)
    assert ("/answer/…" in text, "/feeds/private/….ics" in text) == (True, True)
    assert ("Sl3penaAtbildesSaite" in text, "Sl3penaKalendaraAtslega" in text) == (False, False)


def test_forwarded_address_is_believed_only_from_a_trusted_proxy(serve, tmp_path, db):
    untrusted = serve()
    trusted = serve(AFISA_TRUSTED_PROXIES="127.0.0.1")

    httpx.get(untrusted + "/healthz?nobody", headers={"X-Forwarded-For": "203.0.113.9"})
    httpx.get(trusted + "/healthz?proxy", headers={"X-Forwarded-For": "203.0.113.7"})
    time.sleep(0.3)

    lines = logged(tmp_path).splitlines()
    assert [line.split()[1].rsplit(":", 1)[0] for line in lines if "/healthz?nobody" in line] == ["127.0.0.1"]
    assert [line.split()[1].rsplit(":", 1)[0] for line in lines if "/healthz?proxy" in line] == ["203.0.113.7"]
