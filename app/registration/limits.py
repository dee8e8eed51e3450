"""The per-address limits of the public registration: up to 20 registrations for one item from one
address in 10 minutes (families behind one mobile network's address, a library's public computers), and few wrong personal links. In memory, as the
partners' answer links keep theirs (app/partners/answers.py): a restart forgetting the counts
costs nothing but a fresh window."""
from __future__ import annotations

import time as clock
from collections import deque

from litestar import Request

REGISTRATIONS, LOOKUPS, WINDOW_SECONDS = 20, 20, 600


class Limiter:
    """A sliding window per key. Past MAX_KEYS keys, those whose window has passed are dropped,
    and if that is not enough, the least recently used."""

    MAX_KEYS = 10_000

    def __init__(self, limit: int, window: float = WINDOW_SECONDS, max_keys: int = MAX_KEYS):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self.hits: dict[str, deque] = {}

    def allow(self, key: str) -> bool:
        now = clock.monotonic()
        hits = self.hits.pop(key, None) or deque()  # put back at the end: the most recently used
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        self.hits[key] = hits
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self.hits) > self.max_keys:
            self.hits = {k: v for k, v in self.hits.items() if v and v[-1] > now - self.window}
            while len(self.hits) > self.max_keys:
                del self.hits[next(iter(self.hits))]
        return True


def _limiter(request: Request, name: str, limit: int) -> Limiter:
    state = request.app.state
    if name not in state:
        state[name] = Limiter(limit)
    return state[name]


def client_address(request: Request) -> str:
    """uvicorn has already taken X-Forwarded-For from the trusted proxies only (AFISA_TRUSTED_PROXIES)."""
    return request.client.host if request.client else "unknown"


def may_register(request: Request, item_id: int) -> bool:
    """Per address and item: a family on one mobile network's address, a library's public computers."""
    return _limiter(request, "registration_limiter", REGISTRATIONS).allow(f"{client_address(request)} {item_id}")


def may_look_up(request: Request) -> bool:
    """A wrong personal link counts against the address: nobody needs many of them."""
    return _limiter(request, "registration_link_limiter", LOOKUPS).allow(client_address(request))
