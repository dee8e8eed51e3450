"""Texts to people registered with a phone and no email, through an HTTP SMS gateway (AFISA_SMS_URL,
off by default; README "Configuration" and "Registration").

Each text waiting in the SMS outbox (models/kernel/sms_outbox.py) is claimed and POSTed as JSON,
{"to": "+37126000001", "text": "…"}, with the headers Content-Type: application/json,
Idempotency-Key: <the text's key> and, when AFISA_SMS_TOKEN is set, Authorization: Bearer <token>.
A 2xx answer, or 409 (the gateway already has the key), is sent; 408, 425, 429, 5xx, a timeout or
a broken connection is tried again after a backoff under the same key, so a gateway that keeps its
keys never texts twice; any other answer is a refusal for good (failed, with the answer kept). The
log names a text by its key, never by its number."""
from __future__ import annotations

import json
import logging
from datetime import datetime
from urllib.parse import urlparse

import httpx

from app.kernel.background import every
from app.kernel.settings import Settings
from models.kernel import sms_outbox
from models.kernel.clock import utcnow

log = logging.getLogger("afisa.sms")
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
RETRY_STATUSES = {408, 425, 429}


def configuration_problem(settings: Settings) -> str:
    """Why the configured gateway cannot be used ("" when it can, or when none is configured)."""
    parsed = urlparse(settings.sms_url)
    if settings.sms_url and (parsed.scheme not in ("http", "https") or not parsed.hostname):
        return "AFISA_SMS_URL must be an http:// or https:// address"
    if not settings.sms_token.isascii() or not settings.sms_token.isprintable():
        return "AFISA_SMS_TOKEN may hold only printable ASCII characters"
    return ""


def configure_gateway(settings: Settings) -> None:
    """Texts are queued only while a usable gateway is configured (app/__init__.py calls this at start)."""
    problem = configuration_problem(settings)
    if settings.sms_url and problem:
        log.error("%s; no SMS is queued", problem)
    sms_outbox.configure(enabled=bool(settings.sms_url) and not problem)


def _headers(settings: Settings, row: dict) -> dict[str, str]:
    headers = {"Idempotency-Key": row["key"], "Content-Type": "application/json", "User-Agent": "Afisa-sms-sender/1"}
    if settings.sms_token:
        headers["Authorization"] = f"Bearer {settings.sms_token}"
    return headers


async def _send(settings: Settings, client: httpx.AsyncClient, row: dict, now: datetime) -> bool:
    """One try of one claimed text; True when the gateway took it."""
    attempts = row["attempts"] + 1
    body = json.dumps({"to": row["to_number"], "text": row["text"]}, ensure_ascii=False).encode()
    try:
        response = await client.post(settings.sms_url, content=body, headers=_headers(settings, row))
    except Exception as error:  # timeouts, refused or dropped connections: the text waits, never a crash
        problem = sms_outbox.mask_numbers(f"{type(error).__name__}: {error}")
        status = await sms_outbox.mark_failed(row["id"], attempts, problem, now=now)
        log.warning("SMS %s (try %s): %s; %s", row["key"], attempts, problem, status)
        return False
    if response.is_success or response.status_code == 409:
        await sms_outbox.mark_sent(row["id"], now)
        return True
    final = response.status_code < 500 and response.status_code not in RETRY_STATUSES
    problem = sms_outbox.mask_numbers(f"HTTP {response.status_code}: {response.text[:500]}".strip())
    status = await sms_outbox.mark_failed(row["id"], attempts, problem, final=final, now=now)
    log.warning("SMS %s (try %s): %s; %s", row["key"], attempts, problem, status)
    return False


async def deliver_due(settings: Settings, client: httpx.AsyncClient, now: datetime | None = None, *, limit: int = 50) -> int:
    """One pass; returns how many texts the gateway took. `now` is the outbox's clock."""
    if not settings.sms_url or configuration_problem(settings):
        return 0  # texts queued under an earlier configuration wait for a gateway; no write while off
    now = now or utcnow()
    await sms_outbox.release_stale(now)
    await sms_outbox.expire_stale(now)
    sent = 0
    for row in await sms_outbox.due(limit, now):
        if not await sms_outbox.claim(row["id"], now):
            continue  # another sender took it
        sent += await _send(settings, client, row, now)
    return sent


async def run_sms_sender(settings: Settings) -> None:
    """The background task: a pass every sms_seconds seconds (15); never stops on an error. Without a
    usable gateway (the default) it does nothing at all: no pass, no write to the database."""
    if not settings.sms_url or configuration_problem(settings):
        return
    async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
        await every(float(settings.extra.get("sms_seconds", 15)), lambda: deliver_due(settings, client), log, "the SMS sender")
