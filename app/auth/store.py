"""A Litestar session store in the database, so sessions survive restarts and are shared by
every worker. The table keeps a hash of the session id, never the id the cookie carries."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import logging

from litestar.stores.base import Store

from app.kernel.background import every
from models.kernel.tables import LoginFailure, WebSession
from models.kernel.clock import utcnow


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> datetime:
    return utcnow()


class DatabaseSessionStore(Store):
    """Litestar stores the session after every response; an unchanged session whose expiry
    was pushed forward less than RENEW_AFTER ago is not written again (a write per page
    view was most of a page's cost on SQLite)."""

    RENEW_AFTER = timedelta(minutes=5)

    def __init__(self, default_max_age: int) -> None:
        self.default_max_age = default_max_age
        self._known: dict[str, tuple[str, datetime]] = {}

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        seconds = expires_in.total_seconds() if isinstance(expires_in, timedelta) else (expires_in or self.default_max_age)
        data = value.decode() if isinstance(value, bytes) else value
        expires_at = _now() + timedelta(seconds=seconds)
        key_hash = _hash(key)
        known = self._known.get(key_hash)
        if known and known[0] == data and expires_at - known[1] < self.RENEW_AFTER:
            return
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[key_hash] = (data, expires_at)
        updated = await WebSession.update({WebSession.data: data, WebSession.expires_at: expires_at}).where(WebSession.key_hash == key_hash).returning(WebSession.id)
        if not updated:
            await WebSession.insert(WebSession(key_hash=key_hash, data=data, expires_at=expires_at))

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        key_hash = _hash(key)
        row = await WebSession.select(WebSession.data, WebSession.expires_at).where(WebSession.key_hash == key_hash).first()
        if row is None or row["expires_at"] <= _now():
            self._known.pop(key_hash, None)
            return None
        self._known[key_hash] = (row["data"], row["expires_at"])
        return row["data"].encode()

    async def delete(self, key: str) -> None:
        self._known.pop(_hash(key), None)
        await WebSession.delete().where(WebSession.key_hash == _hash(key))

    async def delete_all(self) -> None:
        self._known.clear()
        await WebSession.delete(force=True)

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        row = await WebSession.select(WebSession.expires_at).where(WebSession.key_hash == _hash(key)).first()
        return None if row is None else max(0, int((row["expires_at"] - _now()).total_seconds()))

    async def delete_expired(self) -> None:
        await WebSession.delete().where(WebSession.expires_at <= _now())


log = logging.getLogger("afisa.sessions")


async def purge_expired(login_window_minutes: int) -> None:
    """Expired sessions and login failures older than their window: nothing reads them again."""
    now = _now()
    await WebSession.delete().where(WebSession.expires_at <= now)
    await LoginFailure.delete().where(LoginFailure.at <= now - timedelta(minutes=login_window_minutes))


async def run_purge(settings) -> None:
    """The lifespan's background task: an hourly pass."""
    await every(float(settings.extra.get("purge_seconds", 3600)), lambda: purge_expired(settings.login_window_minutes), log, "purging expired sessions")
