"""The SMS outbox, as the mail outbox (models/kernel/outbox.py) is for mail: a text is queued in
the transaction of the change that causes it, under an idempotency key, and sent later by a
background pass (app/registration/sms.py) through the HTTP gateway configured with AFISA_SMS_URL.

Off by default: until the app says a gateway is configured (`configure(enabled=True)`, from
app/__init__.py) nothing is queued at all, so no phone number is copied anywhere for nothing.

States: queued → sending (claimed by one sender, in one statement) → sent; a failed try goes back
to queued after a backoff (30 s doubling up to an hour), and after MAX_ATTEMPTS, or at once when
the gateway refuses the text for good (a 4xx), stays `failed`. A text whose `send_before` has
passed (a reminder once the session has started) is `expired` instead of sent late. Once sent,
a personal link in the stored copy is masked: the link is a key. A phone number never goes to
the log: a row is named by its key, and what the gateway answers is logged and stored with the
numbers in it masked (`mask_numbers`)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from models.kernel.clock import utcnow
from models.kernel.outbox import mask_personal_links
from models.kernel.sms_tables import SmsMessage

MAX_ATTEMPTS = 12  # about six hours of failing answers, with the backoff at its hour
BACKOFF_START = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
# a claimed text whose sender died (crash, restart) is queued again after this long; next_attempt_at
# doubles as the claim's deadline
CLAIM_TIMEOUT = timedelta(minutes=2)
STATUSES = ("queued", "sending", "sent", "failed", "expired")
SMS_LENGTH = 160  # one SMS of GSM-7 characters

_GATEWAY = {"enabled": False}

# GSM 03.38: the basic set is one septet a character, the extension table two; anything else
# (Latvian ā, č, ē … included) makes the whole text UCS-2, 70 characters an SMS
GSM7_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
                 "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = set("^{}\\[~]|€\f")

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
LATVIAN_NUMBER = re.compile(r"[0-9]{8}")  # a number written without its country code is Latvia's
_NUMBER_IN_TEXT = re.compile(r"\+?[0-9][0-9 \-]{5,}[0-9]")


def configure(*, enabled: bool) -> None:
    """The app says whether a gateway is configured (AFISA_SMS_URL); without one nothing is queued."""
    _GATEWAY["enabled"] = enabled


def is_enabled() -> bool:
    return _GATEWAY["enabled"]


def phone_number(text: str) -> str | None:
    """The E.164 form of a phone number as the registration form takes it ("+371 26 000 001",
    "26000001", "00371 26000001"): "+37126000001"; None when it cannot be one."""
    digits = re.sub(r"[ \-()]", "", text or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif LATVIAN_NUMBER.fullmatch(digits):
        digits = "+371" + digits
    return digits if E164.fullmatch(digits) else None


def mask_numbers(text: str) -> str:
    """Every run of digits that may be a phone number, as "…01" (its last two digits): what a
    gateway answers may repeat the number, and logs and stored errors must not hold it."""
    return _NUMBER_IN_TEXT.sub(lambda found: "…" + found.group()[-2:], text or "")


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def sms_length(text: str) -> int:
    """The text's length as a phone counts it: septets for GSM-7 (an extended character takes
    two), else UTF-16 code units."""
    if is_gsm7(text):
        return sum(2 if char in GSM7_EXTENDED else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


async def enqueue_sms(*, key: str, to_number: str, text: str, language: str = "lv", item_id: int | None = None,
                      branch_id: int | None = None, send_before: datetime | None = None) -> bool:
    """Queue one text, inside the caller's transaction. False when nothing was queued: no gateway
    is configured, the number is not one a text can go to, or `key` was queued before (a retried
    request or pass never texts twice)."""
    number = phone_number(to_number)
    if not is_enabled() or number is None:
        return False
    now = utcnow()
    # ON CONFLICT rather than catching the violation, which would abort the caller's transaction on PostgreSQL
    rows = await SmsMessage.insert(SmsMessage(
        key=key, to_number=number, text=text, language=language, item=item_id, branch=branch_id, status="queued",
        next_attempt_at=now, send_before=send_before, created_at=now,
    )).on_conflict(target=SmsMessage.key, action="DO NOTHING").returning(SmsMessage.id)
    return bool(rows)


def backoff(attempts: int, start: timedelta = BACKOFF_START) -> timedelta:
    """The wait after the n-th failed try: start, 2 × start, 4 × start … at most an hour."""
    return min(BACKOFF_MAX, start * 2 ** max(0, min(attempts, 30) - 1))


async def expire_stale(now: datetime | None = None) -> int:
    """Texts still waiting when their moment has passed are not sent late: `expired`."""
    rows = await SmsMessage.update({SmsMessage.status: "expired"}).where(
        SmsMessage.status.is_in(["queued"]) & SmsMessage.send_before.is_not_null() & (SmsMessage.send_before <= (now or utcnow()))
    ).returning(SmsMessage.id)
    return len(rows)


async def due(limit: int = 50, now: datetime | None = None) -> list[dict]:
    """What may be sent now, oldest first."""
    return await SmsMessage.select().where(
        (SmsMessage.status == "queued") & (SmsMessage.next_attempt_at <= (now or utcnow()))).order_by(SmsMessage.id).limit(limit)


async def claim(row_id: int, now: datetime | None = None) -> bool:
    """Take a queued text for sending. Only one of several senders gets True: the status check and
    the change are one statement."""
    deadline = max(now or utcnow(), utcnow()) + CLAIM_TIMEOUT
    rows = await SmsMessage.update({SmsMessage.status: "sending", SmsMessage.next_attempt_at: deadline}).where(
        (SmsMessage.id == row_id) & (SmsMessage.status == "queued")).returning(SmsMessage.id)
    return bool(rows)


async def release_stale(now: datetime | None = None) -> int:
    """Queue again what a dead sender claimed and never finished. The gateway may already have the
    text (the crash came between its answer and mark_sent); it goes again under the same
    Idempotency-Key, by which the gateway knows it."""
    rows = await SmsMessage.update({SmsMessage.status: "queued"}).where(
        (SmsMessage.status == "sending") & (SmsMessage.next_attempt_at < (now or utcnow()))).returning(SmsMessage.id)
    return len(rows)


async def mark_sent(row_id: int, now: datetime | None = None) -> None:
    """Sent; the personal link in the stored copy is masked, as a sent mail's is."""
    row = await SmsMessage.select(SmsMessage.text).where(SmsMessage.id == row_id).first()
    if row is None:  # deleted while it was being sent (the person deleted their data): nothing to keep
        return
    await SmsMessage.update({SmsMessage.status: "sent", SmsMessage.sent_at: now or utcnow(), SmsMessage.last_error: "",
                             SmsMessage.text: mask_personal_links(row["text"])}).where(
        (SmsMessage.id == row_id) & SmsMessage.status.is_in(["queued", "sending"]))


async def mark_failed(row_id: int, attempts: int, error: str, *, final: bool = False, now: datetime | None = None,
                      start: timedelta = BACKOFF_START) -> str:
    """Another try after the backoff; after MAX_ATTEMPTS, or at once when `final`, it stays
    `failed` with its error (numbers and personal links masked). Returns the new status."""
    status = "failed" if final or attempts >= MAX_ATTEMPTS else "queued"
    await SmsMessage.update({
        SmsMessage.status: status, SmsMessage.attempts: attempts, SmsMessage.last_error: mask_personal_links(mask_numbers(error))[:2000],  # a gateway may echo the text
        SmsMessage.next_attempt_at: (now or utcnow()) + backoff(attempts, start),
    }).where((SmsMessage.id == row_id) & SmsMessage.status.is_in(["queued", "sending"]))  # never undo another sender's `sent`
    return status


async def forget(key_prefix: str) -> int:
    """Delete the texts whose key begins with `key_prefix` (a registration's, when its data goes)."""
    rows = await SmsMessage.delete().where(SmsMessage.key.like(f"{key_prefix}%")).returning(SmsMessage.id)
    return len(rows)
