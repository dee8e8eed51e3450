"""The one shape of Afiša's background tasks (mailer, core sender, reminders): sleep, do a pass,
log a failure and carry on. A task never ends the app; the app's lifespan cancels it."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable


async def every(seconds: float, run_pass: Callable[[], Awaitable[object]], log: logging.Logger, what: str) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await run_pass()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; it tries again in %s s", what, seconds)
