"""The one shape of Afiša's background tasks (mailer, core sender, reminders): sleep, do a pass,
log a failure and carry on. A task never ends the app; the app's lifespan cancels it. A cancel
that comes during a pass lets the pass finish first: cut off inside a transaction, it left a
PostgreSQL connection holding its locks, and whatever came next waited on them."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable


async def every(seconds: float, run_pass: Callable[[], Awaitable[object]], log: logging.Logger, what: str) -> None:
    while True:
        await asyncio.sleep(seconds)
        work = asyncio.ensure_future(run_pass())
        try:
            await asyncio.shield(work)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await work  # the pass ends its transaction; then the task stops
            raise
        except Exception:
            log.exception("%s failed; it tries again in %s s", what, seconds)
