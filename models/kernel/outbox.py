"""The outbox. A message is enqueued inside the transaction of the change that causes it, so a
change and its mail are committed together or not at all; app/mail/sender.py sends them later.

States: queued → sending (claimed by one sender) → sent; a failed try goes back to queued with a
backoff, and after MAX_ATTEMPTS stays `failed` until a librarian retries it. Without SMTP a
message is `kept`: the librarian reads it on the outbox page and passes it on herself."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from models.kernel.tables import MailMessage
from models.kernel.clock import utcnow

MAX_ATTEMPTS = 8
# A claimed message whose sender died (crash, restart) is queued again after this long. The
# column next_attempt_at doubles as the claim's deadline, so no schema change was needed.
CLAIM_TIMEOUT = timedelta(minutes=5)
STATUSES = ("queued", "sending", "sent", "failed", "kept")


def _now() -> datetime:
    return utcnow()


async def enqueue(*, key: str, to_address: str, subject: str, body: str, to_name: str = "", language: str = "lv",
                  item_id: int | None = None, branch_id: int | None = None, calendar: str = "") -> bool:
    """Queue one message. `key` names the event (e.g. "ask:request:17"): a second call with the same
    key queues nothing and returns False, so a retried request never mails twice."""
    # ON CONFLICT rather than catching the unique violation: on PostgreSQL a violation would abort
    # the caller's transaction, and two requests racing past an exists() check would both insert
    rows = await MailMessage.insert(MailMessage(
        key=key, to_address=to_address, to_name=to_name, subject=subject[:300], body=body, language=language, calendar=calendar,
        item=item_id, branch=branch_id, status="queued", next_attempt_at=_now(), created_at=_now(),
    )).on_conflict(target=MailMessage.key, action="DO NOTHING").returning(MailMessage.id)
    return bool(rows)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour between tries."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


async def due(limit: int = 20) -> list[dict]:
    return await MailMessage.select().where(
        (MailMessage.status == "queued") & (MailMessage.next_attempt_at <= _now())
    ).order_by(MailMessage.id).limit(limit)


async def claim(message_id: int) -> bool:
    """Take a queued message for sending. Only one of several senders gets True, because the
    status check and the change are one statement."""
    rows = await MailMessage.update({MailMessage.status: "sending", MailMessage.next_attempt_at: _now() + CLAIM_TIMEOUT}).where(
        (MailMessage.id == message_id) & (MailMessage.status == "queued")).returning(MailMessage.id)
    return bool(rows)


async def release_stale() -> int:
    """Queue again what a dead sender claimed and never finished. Such a message may already have
    reached the server (the crash came between SMTP's answer and mark_sent), so it can arrive twice;
    it keeps its Message-ID, so the partner's mail program can tell it is the same message.
    Losing it instead would be worse: a partner who never hears of a change cannot act on it."""
    rows = await MailMessage.update({MailMessage.status: "queued"}).where(
        (MailMessage.status == "sending") & (MailMessage.next_attempt_at < _now())).returning(MailMessage.id)
    return len(rows)


_PERSONAL_LINK = re.compile(r"/(answer|welcome|r)/[^\s/?#\"'<>]+")


def mask_personal_links(text: str) -> str:
    """A partner's answer link, a colleague's invitation or password link and a resident's
    registration link are keys: "/answer/…", "/welcome/…" and "/r/…" wherever a copy of a mail need not hold them (a sent mail, the outbox page, a
    backup)."""
    return _PERSONAL_LINK.sub(r"/\1/…", text or "")


async def mark_sent(message_id: int) -> None:
    """Sent, and a partner's personal link blanked from the stored copy: the link is a key (only
    its hash is kept elsewhere), and once delivered the outbox need not hold it."""
    row = await MailMessage.select(MailMessage.body).where(MailMessage.id == message_id).first()
    body = mask_personal_links(row["body"]) if row else ""
    await MailMessage.update({MailMessage.status: "sent", MailMessage.sent_at: _now(), MailMessage.last_error: "", MailMessage.body: body}).where(
        (MailMessage.id == message_id) & MailMessage.status.is_in(["queued", "sending"]))


async def mark_failed(message_id: int, attempts: int, error: str, *, final: bool = False) -> None:
    """Another try later; after MAX_ATTEMPTS (or at once, when `final`: the server refused the
    message for good) the message stays in the outbox marked failed."""
    status = "failed" if final or attempts >= MAX_ATTEMPTS else "queued"
    await MailMessage.update({
        MailMessage.status: status, MailMessage.attempts: attempts, MailMessage.last_error: error[:2000],
        MailMessage.next_attempt_at: _now() + backoff(attempts),
    }).where(MailMessage.id == message_id)


async def keep_queued() -> int:
    """No SMTP configured: what is queued is kept for the librarian to read; nothing is dropped."""
    rows = await MailMessage.update({MailMessage.status: "kept"}).where(MailMessage.status == "queued").returning(MailMessage.id)
    return len(rows)


async def requeue(message_id: int) -> bool:
    """A librarian's retry of a failed (or kept) message: a fresh round of attempts, starting now."""
    rows = await MailMessage.update({MailMessage.status: "queued", MailMessage.attempts: 0, MailMessage.next_attempt_at: _now()}).where(
        (MailMessage.id == message_id) & MailMessage.status.is_in(["failed", "kept"])).returning(MailMessage.id)
    return bool(rows)


async def get_message(message_id: int) -> dict | None:
    return await MailMessage.select().where(MailMessage.id == message_id).first()


async def messages_of(branch_id: int | None, *, everyone: bool = False, limit: int = 200) -> list[dict]:
    """The outbox page: newest first; a branch's own mail, or the whole network's for a coordinator."""
    query = MailMessage.select().order_by(MailMessage.created_at, ascending=False).order_by(MailMessage.id, ascending=False).limit(limit)
    if not everyone:
        query = query.where(MailMessage.branch == branch_id)
    return await query
