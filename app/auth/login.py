"""Checking a login, with a limit on failed attempts per username and per address."""
from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from app.auth.passwords import verify_password
from models.kernel.network_tables import Staff
from models.kernel.tables import LoginFailure
from models.kernel.clock import utcnow


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


slow_down = asyncio.sleep  # the tests count the waits instead of sleeping them


class TooManyAttempts(Exception):
    pass


async def authenticate(username: str, password: str, address: str, *, limit: int, window_minutes: int,
                       address_delay: float = 1.0) -> dict | None:
    if _CONTROL.search(username) or _CONTROL.search(password):
        # no account has such a name, and the database must not keep it (PostgreSQL refuses a NUL,
        # and a failure row holding one made a later restore fail)
        return None
    now = utcnow()
    since = now - timedelta(minutes=window_minutes)
    # failures count per username from one address: a stranger guessing from elsewhere cannot lock a
    # librarian out. Past a looser ceiling per address, every try from it waits longer (at most
    # five times address_delay) instead of being refused: the library's staff share one address,
    # and a guesser among them must not lock every colleague out
    keys = [f"user:{username.strip().lower()}|addr:{address}", f"addr:{address}"]
    failures = await LoginFailure.count().where(LoginFailure.key.is_in(keys[:1]) & (LoginFailure.at > since))
    if failures >= limit:
        raise TooManyAttempts()
    by_address = await LoginFailure.count().where(LoginFailure.key.is_in(keys[1:]) & (LoginFailure.at > since))
    if by_address >= limit * 4:
        await slow_down(address_delay * min(5, by_address - limit * 4 + 1))
    staff = await Staff.select().where((Staff.username == username.strip().lower()) & (Staff.active == True)).first()  # noqa: E712
    # argon2 takes a fifth of a second on purpose; in a thread (it releases the GIL) the other
    # requests go on meanwhile
    if not await asyncio.to_thread(verify_password, staff["password_hash"] if staff else None, password):
        await LoginFailure.insert(*[LoginFailure(key=key, at=now) for key in keys])
        return None
    await LoginFailure.delete().where(LoginFailure.key == keys[0])
    return staff
