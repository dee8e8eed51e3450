"""Delivering held-session records to the lending and statistics core (AFISA_CORE_URL).

One pass takes the due rows of the outbox (models/statistics/core_delivery.py) in id order, claims each and
POSTs its JSON with the header Idempotency-Key. 2xx, and 409 (the receiver already has the key), is
sent; 408, 425, 429, 5xx, a timeout or a broken connection is tried again after a backoff; any other
answer is refused for good (failed, kept with its error, retried from the /figures page). The
receiver may see a record more than once (an answer lost on the way back), never under two keys:
it stores each key once, so each record is delivered exactly once as it sees it. Without a core URL
nothing is sent and nothing is lost: the records wait."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from urllib.parse import urlparse

import httpx

from app.kernel.background import every
from app.kernel.settings import Settings
from models.statistics import core_delivery
from models.statistics import core_exhibitions

log = logging.getLogger("afisa.core")
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
RETRY_STATUSES = {408, 425, 429}


def configuration_problem(settings: Settings) -> str:
    """Why the configured core cannot be used ("" when it can, or when none is configured)."""
    parsed = urlparse(settings.core_url)
    if settings.core_url and (parsed.scheme not in ("http", "https") or not parsed.hostname):
        return "AFISA_CORE_URL must be an http:// or https:// address"
    if not settings.core_token.isascii() or not settings.core_token.isprintable():
        return "AFISA_CORE_TOKEN may hold only printable ASCII characters"
    return ""


def _headers(settings: Settings, row: dict) -> dict[str, str]:
    headers = {"Idempotency-Key": row["key"], "Content-Type": "application/json", "User-Agent": "Afisa-core-sender/1"}
    if settings.core_token:
        headers["Authorization"] = f"Bearer {settings.core_token}"
    return headers


def _answer_error(response: httpx.Response) -> str:
    return f"HTTP {response.status_code}: {response.text[:500]}".strip()


async def _send(settings: Settings, client: httpx.AsyncClient, row: dict, now: datetime, start: timedelta) -> tuple[bool, bool]:
    """One try of one claimed row: (sent, the core is unreachable)."""
    attempts = row["attempts"] + 1
    body = json.dumps(row["payload"], ensure_ascii=False).encode()
    try:
        response = await client.post(settings.core_url, content=body, headers=_headers(settings, row))
    except Exception as error:  # timeouts, refused or dropped connections: the record waits, never a crash
        unreachable = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
        log.warning("core record %s: %s", row["key"], f"{type(error).__name__}: {error}")
        await core_delivery.mark_failed(row["id"], attempts, f"{type(error).__name__}: {error}", unreachable=unreachable, now=now, start=start)
        return False, unreachable
    if response.is_success or response.status_code == 409:
        await core_delivery.mark_sent(row["id"], now)
        return True, False
    final = response.status_code < 500 and response.status_code not in RETRY_STATUSES
    await core_delivery.mark_failed(row["id"], attempts, _answer_error(response), final=final, now=now, start=start)
    return False, False


async def deliver_due(settings: Settings, client: httpx.AsyncClient, now: datetime | None = None, *, limit: int = 50) -> int:
    """One pass; returns how many records the core accepted. `now` is the outbox's clock."""
    now = now or core_delivery.utcnow()
    await core_delivery.release_stale(now)
    # exhibitions count without attendance, so nothing else queues their records (models/statistics/core_exhibitions.py)
    await core_exhibitions.reconcile(now)
    if not settings.core_url:
        return 0
    problem = configuration_problem(settings)
    if problem:
        log.error("%s; nothing is sent to the statistics core", problem)
        return 0
    start = timedelta(seconds=float(settings.extra.get("core_backoff_seconds", core_delivery.BACKOFF_START.total_seconds())))
    sent = 0
    for row in await core_delivery.due(limit, now):
        if not await core_delivery.claim(row["id"], now):
            continue  # another sender took it
        if await core_delivery.newer_sent(row):
            await core_delivery.supersede(row["id"])
            continue
        delivered, unreachable = await _send(settings, client, row, now, start)
        sent += delivered
        if unreachable:
            break  # the rest would fail the same way; they stay queued without spending a try
    return sent


async def run_core_sender(settings: Settings) -> None:
    """The lifespan's background task: a pass every core_seconds seconds; never stops on an error."""
    async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
        await every(float(settings.extra.get("core_seconds", 15)), lambda: deliver_due(settings, client), log, "the core sender")
