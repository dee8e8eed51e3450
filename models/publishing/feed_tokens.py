"""Secret feed addresses: a staff member's private feed and a partner's feed.

A token is 256 random bits (secrets.token_urlsafe(32)); the table keeps only its SHA-256, so a
copy of the database does not open anybody's feed, and the link can be shown only when it is
made. Each owner has at most one live token: renewing revokes the old one in the same
transaction, revoking makes the address answer 404."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta, timezone

from models.kernel.tables import FeedToken
from models.kernel.clock import utcnow

STAFF = "staff"
PARTNER = "partner"
SCOPES = (STAFF, PARTNER)
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # what token_urlsafe(32) gives
TOUCH_EVERY = timedelta(hours=1)  # last_used_at is a hint for the librarian, not a write per poll


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _owner(scope: str, owner_id: int):
    if scope not in SCOPES:
        raise ValueError(scope)
    column = FeedToken.staff if scope == STAFF else FeedToken.partner
    return (FeedToken.scope == scope) & (column == owner_id) & (FeedToken.revoked_at.is_null())


def _now() -> datetime:
    return utcnow()


async def active_token(scope: str, owner_id: int) -> dict | None:
    """The owner's live token row (its hash and dates, never the token itself), or None."""
    return await FeedToken.select().where(_owner(scope, owner_id)).order_by(FeedToken.id, ascending=False).first()


async def revoke(scope: str, owner_id: int) -> int:
    """Revoke the owner's live tokens; returns how many there were."""
    rows = await FeedToken.select(FeedToken.id).where(_owner(scope, owner_id))
    if rows:
        await FeedToken.update({FeedToken.revoked_at: _now()}).where(FeedToken.id.is_in([row["id"] for row in rows]))
    return len(rows)


async def renew(scope: str, owner_id: int) -> str:
    """A new token for the owner (the old one stops working); the only moment the token is known."""
    token = secrets.token_urlsafe(32)
    async with FeedToken._meta.db.transaction():
        await revoke(scope, owner_id)
        await FeedToken.insert(FeedToken(
            token_hash=hash_token(token), scope=scope, created_at=_now(),
            staff=owner_id if scope == STAFF else None, partner=owner_id if scope == PARTNER else None,
        ))
    return token


async def resolve(token: str, scope: str) -> dict | None:
    """The live token row for a token from a URL, or None for anything unknown, revoked or malformed."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    digest = hash_token(token)
    row = await FeedToken.select().where(FeedToken.token_hash == digest).first()
    # the lookup is by an indexed hash; compare_digest keeps the final check constant-time
    if row is None or not hmac.compare_digest(row["token_hash"], digest):
        return None
    if row["revoked_at"] is not None or row["scope"] != scope:
        return None
    last = row["last_used_at"]
    now = _now()
    if last is None or now - _aware(last) > TOUCH_EVERY:
        await FeedToken.update({FeedToken.last_used_at: now}).where(FeedToken.id == row["id"])
    return row


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
