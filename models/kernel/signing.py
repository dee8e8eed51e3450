"""Links signed with the server's secret key, and the site's base URL they are written with.

A signed token is an HMAC-SHA256 of "<purpose>:<part>:<part>…" under AFISA_SECRET_KEY, in
base64url without padding: 43 characters, the shape every personal link has
(models/publishing TOKEN_SHAPE). Only its SHA-256 is kept in the database, so a copy of the
database opens nothing without the key, while any later mail can repeat the link the first one
gave. A partner's answer link (models/partners/confirmations.token_for) and a resident's
registration link (models/registration/links.py) are made here.

The app calls `configure` at start (app/__init__.py); a mail written inside a programme change
or a background pass needs the base URL as much as the key. Without it the key is random for
the process's lifetime: links then last only as long as the process."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

DEFAULT_BASE_URL = "http://127.0.0.1:8000"

_KEY = {"key": secrets.token_bytes(32)}
_SITE = {"base_url": DEFAULT_BASE_URL}


def configure(secret_key: str, base_url: str | None = None) -> None:
    """The server's secret key (its UTF-8 bytes are the HMAC key) and, when given, the address
    users reach the site at. The app sets both at start (app/__init__.py), the CLI's demo too
    (app/commands/instance.py)."""
    _KEY["key"] = secret_key.encode("utf-8")
    if base_url is not None:
        _SITE["base_url"] = base_url.rstrip("/")


def base_url() -> str:
    """The site's address without a trailing slash ("https://programma.biblioteka.lv")."""
    return _SITE["base_url"]


def signed_token(purpose: str, *parts: object) -> str:
    """The token of `purpose` for these parts: the same inputs under the same key always give the
    same 43 characters; a purpose names what the token opens, so one kind never opens another."""
    message = ":".join([purpose, *(str(part) for part in parts)]).encode("utf-8")
    digest = hmac.new(_KEY["key"], message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
