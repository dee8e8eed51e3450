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

    def start(workers: str = "1", **env) -> str:
        port = free_port()
        log = (tmp_path / f"serve-{port}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", workers], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "AFISA_DATABASE_URL": TEST_DATABASE_URL, "AFISA_DATA_DIR": str(tmp_path), **env})
        servers.append((process, log))
        url = f"http://127.0.0.1:{port}"
        # a deadline, not a count of tries: on a loaded 2-core machine two workers importing the app took over 15 s
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    return url
            except httpx.HTTPError:
                time.sleep(0.1)
        log.flush()
        raise RuntimeError(f"afisa serve did not answer: {(tmp_path / f'serve-{port}.log').read_text()[-2000:]}")

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

    httpx.get(untrusted + "/login?nobody", headers={"X-Forwarded-For": "203.0.113.9"})
    httpx.get(trusted + "/login?proxy", headers={"X-Forwarded-For": "203.0.113.7"})
    time.sleep(0.3)

    lines = logged(tmp_path).splitlines()
    assert [line.split()[1].rsplit(":", 1)[0] for line in lines if "/login?nobody" in line] == ["127.0.0.1"]
    assert [line.split()[1].rsplit(":", 1)[0] for line in lines if "/login?proxy" in line] == ["203.0.113.7"]


def test_two_workers_run_the_background_tasks_once_and_send_each_mail_and_record_once(serve, tmp_path, db, branch, reading_room):
    from tests.app.core_server import CoreServer
    from tests.app.smtp_server import SmtpServer

    smtp, core = SmtpServer(), CoreServer(failure_rate=0.0).start()
    smtp.start()
    try:
        run(queue_mail_and_records(branch["id"], reading_room["id"], 12))
        serve(AFISA_SMTP_URL=smtp.url, AFISA_CORE_URL=core.url, AFISA_CORE_TOKEN="kodola-atslega-7", AFISA_MAIL_SECONDS="0.1",
              AFISA_CORE_SECONDS="0.1", AFISA_LEADER_RETRY_SECONDS="0.2", workers="2")
        for _ in range(100):
            if len(smtp.messages) >= 12 and len(core.applied) >= 12:
                break
            time.sleep(0.1)
        time.sleep(0.5)  # a second sender would have sent again by now
    finally:
        smtp.stop()
        core.stop()

    assert sorted(message["To"] for message in smtp.messages) == sorted(f"lasitajs{n}@rozupe.lv" for n in range(12))
    assert (len(core.applied), set(core.applied.values())) == (12, {1})
    assert logged(tmp_path).count("the background tasks run in this process") == 1
    assert "HTTP Request:" not in logged(tmp_path)  # httpx would log every URL it fetched, a calendar's private one too


def run(awaitable):
    import asyncio

    return asyncio.run(awaitable)


async def queue_mail_and_records(branch_id: int, place_id: int, count: int) -> None:
    from models.kernel import outbox
    from models.statistics.core_records import queue_record
    from tests.app.statistics.test_core_delivery import held_session

    from datetime import datetime, timezone

    from models.kernel.tables import CoreDelivery, MailMessage

    for n in range(count):
        await outbox.enqueue(key=f"test:{n}", to_address=f"lasitajs{n}@rozupe.lv", subject="Sveiki", body="Labdien!\n", branch_id=branch_id)
        await queue_record(await held_session(branch_id, place_id, n))
    # the server runs on the machine's real clock, the test perhaps on a set one (AFISA_TEST_CLOCK):
    # due since long ago, whatever either clock says
    long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
    await MailMessage.update({MailMessage.next_attempt_at: long_ago}, force=True)
    await CoreDelivery.update({CoreDelivery.next_attempt_at: long_ago}, force=True)


def test_json_log_lines_with_the_token_masked(serve, tmp_path, db):
    import json

    url = serve(AFISA_LOG_FORMAT="json")

    httpx.get(url + "/answer/Sl3penaAtbildesSaite")
    time.sleep(0.3)

    entries = [json.loads(line) for line in logged(tmp_path).splitlines() if line.startswith("{")]
    access = [entry for entry in entries if entry["logger"] == "uvicorn.access" and entry["path"].startswith("/answer/")]
    assert [(entry["method"], entry["path"], entry["status"]) for entry in access] == [("GET", "/answer/…", 404)]
    assert "Sl3penaAtbildesSaite" not in logged(tmp_path)


def test_routine_access_lines_are_dropped_and_failures_kept():
    import logging

    from app.kernel.logs import QuietRoutine

    def line(path: str, status: int) -> logging.LogRecord:
        return logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', ("192.0.2.1", "GET", path, "1.1", status), None)

    kept = [QuietRoutine().filter(line(path, status)) for path, status in
            [("/static/css/afisa.css", 200), ("/static/css/afisa.css", 304), ("/healthz", 200), ("/healthz", 503), ("/planner", 200),
             ("/feeds/rozupe.ics", 200), ("/feeds/rozupe.ics", 304), ("/feeds/nav.ics", 404), ("/feeds/private/….ics", 200),
             ("/feeds/partner/….ics", 304)]]

    assert kept == [False, False, False, True, True, False, False, True, True, True]
