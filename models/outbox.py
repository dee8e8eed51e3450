"""The outbox. A message is enqueued inside the transaction of the change that causes it, so a
change and its mail are committed together or not at all; app/mail.py sends them later."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from models.tables import MailMessage

MAX_ATTEMPTS = 8


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def enqueue(*, key: str, to_address: str, subject: str, body: str, to_name: str = "", language: str = "lv",
                  item_id: int | None = None, branch_id: int | None = None) -> bool:
    """Queue one message. `key` names the event (e.g. "ask:request:17"): a second call with the same
    key queues nothing and returns False, so a retried request never mails twice."""
    if await MailMessage.exists().where(MailMessage.key == key):
        return False
    await MailMessage.insert(MailMessage(
        key=key, to_address=to_address, to_name=to_name, subject=subject[:300], body=body, language=language,
        item=item_id, branch=branch_id, status="queued", next_attempt_at=_now(), created_at=_now(),
    ))
    return True


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour between tries."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


async def due(limit: int = 20) -> list[dict]:
    return await MailMessage.select().where(
        (MailMessage.status == "queued") & (MailMessage.next_attempt_at <= _now())
    ).order_by(MailMessage.id).limit(limit)


async def mark_sent(message_id: int) -> None:
    await MailMessage.update({MailMessage.status: "sent", MailMessage.sent_at: _now(), MailMessage.last_error: ""}).where(
        (MailMessage.id == message_id) & (MailMessage.status == "queued"))


async def mark_failed(message_id: int, attempts: int, error: str) -> None:
    """Another try later; after MAX_ATTEMPTS the message stays in the outbox marked failed."""
    status = "failed" if attempts >= MAX_ATTEMPTS else "queued"
    await MailMessage.update({
        MailMessage.status: status, MailMessage.attempts: attempts, MailMessage.last_error: error[:2000],
        MailMessage.next_attempt_at: _now() + backoff(attempts),
    }).where(MailMessage.id == message_id)
