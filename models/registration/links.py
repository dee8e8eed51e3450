"""A registration's personal link (/r/<token>).

The token is signed with the server's secret key (models/kernel/signing.py) from the
registration's id and the second it was made, so every later mail or SMS (the promotion, the
reminder, a change, a cancellation by the library) can carry the same link the first one gave,
while the database keeps only the token's SHA-256: a copy of it without the key opens nothing.

Registrations made before the tokens were signed have a random token whose hash matches no
derived one: they get no link (their mails say to use the first mail's), and so does an
anonymised registration, whose hash is blanked."""
from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from models.kernel.signing import base_url, signed_token
from models.publishing import hash_token
from models.registration.common import stored_moment

PURPOSE = "registration"


def personal_link(site: str, token: str) -> str:
    return f"{site.rstrip('/')}/r/{token}"


def registration_token(registration_id: int, created_at: datetime) -> str:
    """The token of the registration with this id, made at `created_at` (whole seconds, UTC)."""
    return signed_token(PURPOSE, registration_id, int(stored_moment(created_at).timestamp()))


def registration_link(row: Mapping[str, Any]) -> str | None:
    """The personal link of a registration row (its id, created_at, token_hash and anonymised_at
    as stored), or None when its stored hash is not the derived token's: made before the tokens
    were signed, anonymised, or signed under another key."""
    if row.get("anonymised_at") is not None or not row.get("token_hash") or row.get("created_at") is None:
        return None
    token = registration_token(row["id"], row["created_at"])
    if not hmac.compare_digest(hash_token(token), row["token_hash"]):
        return None
    return personal_link(base_url(), token)
