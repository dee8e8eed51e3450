"""Saves made while the background tasks write too: nine writers through the pages (attendance rows,
the item dialog) and the API,
every background task at its shortest interval, on the test engine (CI runs it on SQLite and on
PostgreSQL). Every save the writer was told succeeded is in the database, and none answers 5xx.

On SQLite this once lost a librarian's attendance in 4 runs of 10: a deferred transaction that
had read could not become a writer while the core sender's reconcile wrote, and failed at once
whatever busy_timeout said (models/kernel/db.py now begins every transaction IMMEDIATE)."""
from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest

from app.kernel.settings import Settings
from models.kernel.clock import local_today
from models.kernel.db import PooledSQLiteEngine
from models.kernel.tables import Attendance, Item, Occurrence
from models.planning.programme import create_item
from tests.app.conftest import csrf_token
from tests.app.core_server import CoreServer
from tests.conftest import ENGINE, ENGINE_NAME, TEST_DATABASE_URL
from tests.models import make_draft

WRITERS, SAVES_EACH = 8, 6
SHORTEST = {"mail_interval": 0.005, "core_seconds": 0.005, "reminder_seconds": 0.005, "attendance_reminder_seconds": 0.005,
            "overlay_refresh_seconds": 0.005, "core_backoff_seconds": 0}


@pytest.fixture
def core_server():
    server = CoreServer(failure_rate=0.3, seed=11).start()
    yield server
    server.stop()


@pytest.fixture
def settings(core_server) -> Settings:
    return Settings(database_url=TEST_DATABASE_URL, secret_key="test-secret-" + "x" * 40, base_url="http://testserver.local",
                    core_url=core_server.url, core_token="kodola-atslega-7", attendance_reminder_hour=0, extra=dict(SHORTEST))


def day(offset: int) -> str:
    return (local_today() + timedelta(days=offset)).strftime("%d.%m.%Y.")


async def past_sessions(branch_id: int, librarian: dict, count: int) -> list[int]:
    """Events held in the last weeks, each waiting for its attendance."""
    sessions = []
    for n in range(count):
        draft = await make_draft(branch_id, librarian, title=f"Lasījumi Nr. {n}", start_date=day(-1 - n % 20), start_time=f"{8 + n % 10}:00",
                                 end_time=f"{8 + n % 10}:45")
        item_id = await create_item(draft, librarian["id"])
        sessions.append((await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"])
    return sessions


async def record_attendance(client, session_ids: list[int], token: str) -> tuple[list[int], list[int]]:
    """A librarian typing figures row by row, as the attendance page posts them."""
    saved, failed = [], []
    for session_id in session_ids:
        response = await client.post(f"/attendance/{session_id}", data={"context": "row", "version": "0", "total": "17", "children": "9"},
                                     headers={"x-csrftoken": token, "HX-Request": "true"})
        (saved if response.status_code == 200 else failed).append(response.status_code)
    return saved, failed


async def plan_exhibitions(client, branch_id: int, writer: int, token: str) -> tuple[list[int], list[int]]:
    """A script through the API: exhibitions that opened in the past, which the core sender's
    reconcile then queues on its own (a read followed by a write, in the background)."""
    saved, failed = [], []
    for n in range(SAVES_EACH):
        body = {"kind": "exhibition", "title": f"Izstāde {writer}-{n}", "branch_id": branch_id, "all_day": True,
                "start_date": (local_today() - timedelta(days=10 + n)).isoformat(), "end_date": (local_today() + timedelta(days=5)).isoformat(),
                "status": "published", "override_warnings": True}  # a holiday among the days warns; saving is what is tested
        response = await client.post("/api/v1/items", json=body, headers={"x-csrftoken": token})
        (saved if response.status_code == 201 else failed).append(response.json()["id"] if response.status_code == 201 else response.status_code)
    return saved, failed


async def plan_in_the_dialog(client, branch_id: int, writer: int, token: str) -> tuple[list[str], list[int]]:
    """The planner's item dialog: a new event saved, then opened again and its description
    changed, as a librarian does (each edit carries the version it was opened at)."""
    saved, failed = [], []
    headers = {"x-csrftoken": token, "HX-Request": "true"}
    for n in range(SAVES_EACH // 2):
        title = f"Darbnīca {writer}-{n}"
        form = {"kind": "event", "title": title, "branch_id": str(branch_id), "start_date": day(3 + n), "end_date": day(3 + n),
                "start_time": f"{10 + writer}:00", "end_time": f"{10 + writer}:45", "status": "planned", "is_public": "1",
                "repeat": "none", "override_warnings": "1"}
        created = await client.post("/items/", data=form, headers=headers)
        if created.status_code != 200:
            failed.append(created.status_code)
            continue
        item = await Item.select(Item.id, Item.version).where(Item.title == title).first()
        edited = await client.post(f"/items/{item['id']}", data={**form, "description": f"Labots {n}", "version": str(item["version"])},
                                   headers=headers)
        (saved.append(title) if edited.status_code == 200 else failed.append(edited.status_code))
    return saved, failed


async def test_nine_writers_beside_the_background_tasks_lose_nothing(librarian_client, librarian, branch, core_server):
    sessions = await past_sessions(branch["id"], librarian, (WRITERS // 2) * SAVES_EACH)
    token = await csrf_token(librarian_client)
    chunks = [sessions[i::WRITERS // 2] for i in range(WRITERS // 2)]

    results = await asyncio.gather(
        *[record_attendance(librarian_client, chunk, token) for chunk in chunks],
        *[plan_exhibitions(librarian_client, branch["id"], writer, token) for writer in range(WRITERS // 2)],
        plan_in_the_dialog(librarian_client, branch["id"], 0, token),
    )
    dialog_saved, dialog_failed = results[-1]
    results = results[:-1]

    attendance_failed = [code for _saved, failed in results[: WRITERS // 2] for code in failed]
    api_failed = [code for _saved, failed in results[WRITERS // 2:] for code in failed]
    acknowledged_items = {item_id for saved, _failed in results[WRITERS // 2:] for item_id in saved}
    recorded = {row["occurrence"] for row in await Attendance.select(Attendance.occurrence).where(Attendance.occurrence.is_in(sessions))}
    stored_items = {row["id"] for row in await Item.select(Item.id).where(Item.kind == "exhibition")}
    edited = {row["title"] for row in await Item.select(Item.title).where(Item.description.like("Labots %"))}
    assert (attendance_failed, api_failed, dialog_failed) == ([], [], [])
    assert edited == set(dialog_saved) and len(edited) == SAVES_EACH // 2
    assert (recorded, len(acknowledged_items)) == (set(sessions), WRITERS // 2 * SAVES_EACH)
    assert stored_items == acknowledged_items


@pytest.mark.skipif(ENGINE_NAME != "sqlite", reason="SQLite's lock: PostgreSQL writers wait on rows, not on the database")
async def test_save_that_cannot_get_the_lock_is_refused_with_a_message_not_a_500(librarian_client, librarian, branch, monkeypatch):
    session_id = (await past_sessions(branch["id"], librarian, 1))[0]
    await ENGINE.close_connections()  # pooled connections opened from now on wait only 100 ms
    monkeypatch.setattr(PooledSQLiteEngine, "BUSY_TIMEOUT_MS", 100)
    token = await csrf_token(librarian_client)
    blocker = sqlite3.connect(TEST_DATABASE_URL[len("sqlite:///"):], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock past busy_timeout
    try:
        row = await librarian_client.post(f"/attendance/{session_id}", data={"context": "row", "version": "0", "total": "17"},
                                          headers={"x-csrftoken": token, "HX-Request": "true"})
        page = await librarian_client.post(f"/attendance/{session_id}", data={"version": "0", "total": "17"}, headers={"x-csrftoken": token})
        librarian_client.cookies.set("afisa_lang", "en")
        english = await librarian_client.post(f"/attendance/{session_id}", data={"context": "row", "version": "0", "total": "17"},
                                              headers={"x-csrftoken": token, "HX-Request": "true"})
    finally:
        blocker.rollback()
        blocker.close()
        # the pooled connections opened meanwhile wait only 100 ms for a lock: none may outlive the test
        await ENGINE.close_connections()

    assert (row.status_code, row.headers["retry-after"], page.status_code, english.status_code) == (503, "2", 503, 503)
    assert "Serveris šobrīd ir aizņemts, tāpēc izmaiņas netika saglabātas. Ierakstītais palika formā" in row.text
    assert "ar pārlūka pogu „Atpakaļ”" in page.text
    assert "The server is busy right now, so the change was not saved." in english.text
    assert await Attendance.count() == 0
