"""Sending the outbox: one pass takes the due messages, claims each, sends it over SMTP and marks
it sent or failed (with backoff). The SMTP URL names the server:
smtp://user:password@host:587 (STARTTLS when the server offers it), smtps://…:465 (implicit TLS).
With no URL the messages are kept for the outbox page. Nothing here loses a message: a failure
leaves it queued for a later try, and only a librarian's page ends its life."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import unquote, urlparse

from app.kernel.background import every
from app.kernel.settings import Settings
from models.kernel import outbox

log = logging.getLogger("afisa.mail")
TIMEOUT = 20  # seconds for connecting and for each SMTP reply


def sender_address(settings: Settings) -> str:
    return settings.mail_from or f"programma@{urlparse(settings.base_url).hostname or 'localhost'}"


def message_id(key: str, settings: Settings) -> str:
    """The same outbox key gives the same Message-ID, so a resend after a crash is recognisably
    the same message (mail programs and list servers drop the duplicate)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{urlparse(settings.base_url).hostname or 'localhost'}>"


def build(row: dict, settings: Settings) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender_address(settings)
    mail["To"] = formataddr((row["to_name"], row["to_address"])) if row["to_name"] else row["to_address"]
    mail["Subject"] = row["subject"]
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = message_id(row["key"], settings)
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(row["body"], charset="utf-8")
    if row.get("calendar"):
        # bytes keep iCalendar's CRLF line ends (a str part would be re-wrapped); the charset named,
        # or readers take it as ASCII; method PUBLISH: a date to keep, not an invitation to answer
        mail.add_attachment(row["calendar"].encode("utf-8"), maintype="text", subtype="calendar", filename="piegade.ics",
                            params={"charset": "utf-8", "method": "PUBLISH"})
    # after the content: set_content() drops the Content-* headers set before it
    mail["Content-Language"] = row["language"] or "lv"
    return mail


class Connection:
    """One SMTP session for a pass, opened on the first message; used only from worker threads."""

    def __init__(self, url: str):
        self.url = urlparse(url)
        if self.url.scheme not in ("smtp", "smtps"):
            raise ValueError(f"unsupported SMTP URL scheme: {self.url.scheme!r} (use smtp:// or smtps://)")
        self.client: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        host, context = self.url.hostname or "localhost", ssl.create_default_context()
        if self.url.scheme == "smtps":
            client = smtplib.SMTP_SSL(host, self.url.port or 465, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(host, self.url.port or 25, timeout=TIMEOUT)
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
        if self.url.username:
            _login(client, unquote(self.url.username), unquote(self.url.password or ""))
        return client

    def send(self, mail: EmailMessage) -> None:
        if self.client is None:
            self.client = self._open()
        self.client.send_message(mail)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()
            self.client = None


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib encodes credentials as ASCII; a Latvian password ("slepens-vārds") goes as UTF-8
    AUTH PLAIN (RFC 4616) instead, which servers accept."""
    if (user + password).isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
    code, reply = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _permanent(error: Exception) -> bool:
    """A 5xx answer about this message (no such mailbox, refused) will not change with waiting."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) and error.smtp_code >= 500


def _broken(error: Exception) -> bool:
    """The server itself is unreachable or gone: the other messages would fail the same way."""
    return isinstance(error, (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError,
                              smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError))


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


async def send_due(settings: Settings, *, limit: int = 20) -> int:
    """One pass over the due messages; returns how many were handed to the SMTP server."""
    await outbox.release_stale()
    if not settings.smtp_url:
        kept = await outbox.keep_queued()
        if kept:
            log.info("no SMTP configured: %s message(s) kept in the outbox page", kept)
        return 0
    sent = 0
    try:
        connection = Connection(settings.smtp_url)
    except ValueError as error:
        connection, broken = None, _describe(error)
    else:
        broken = ""
    try:
        for row in await outbox.due(limit):
            if not await outbox.claim(row["id"]):
                continue  # another sender took it
            attempts = row["attempts"] + 1
            if broken:
                await outbox.mark_failed(row["id"], attempts, broken)
                continue
            try:
                message = build(row, settings)
            except ValueError as error:  # a header the email package refuses: this message only, for good
                await outbox.mark_failed(row["id"], attempts, _describe(error), final=True)
                continue
            try:
                await asyncio.to_thread(connection.send, message)
            except Exception as error:  # every failure is the message's last_error, never a crash
                log.warning("mail %s to %s failed: %s", row["key"], row["to_address"], _describe(error))
                await outbox.mark_failed(row["id"], attempts, _describe(error), final=_permanent(error))
                if _broken(error):
                    broken = _describe(error)
                continue
            await outbox.mark_sent(row["id"])
            sent += 1
    finally:
        if connection is not None:
            await asyncio.to_thread(connection.close)
    return sent


async def run_mailer(settings: Settings) -> None:
    """The lifespan's background task: a pass every mail_interval seconds; never stop on an error."""
    await every(float(settings.extra.get("mail_interval", 15)), lambda: send_due(settings), log, "the mailer")
