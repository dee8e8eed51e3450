"""/healthz for a monitor or a load balancer: liveness and the database engine in use, answered in
front of the app (a monitor polling hard pays neither routing nor hooks, and a stalled app still
shows here as a stalled health check). A query at most once a second proves the database answers;
when it fails the answer is 503, so the monitor sees it."""
from __future__ import annotations

import json
import logging
import time

from models.kernel.db import engine_name

PATH = "/healthz"
CHECKED_FOR = 1.0  # seconds a database check answers for: a monitor polling hard does not load the database
log = logging.getLogger("afisa.health")


class HealthCheck:
    def __init__(self, asgi, app):
        self.asgi, self.app = asgi, app
        self.checked_at = float("-inf")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in ("GET", "HEAD"):
            await self.asgi(scope, receive, send)
            return
        engine = self.app.state.engine
        status, answer = 200, {"status": "ok", "database": engine_name(engine)}
        if time.monotonic() - self.checked_at > CHECKED_FOR:
            try:
                await engine.run_ddl("SELECT 1", in_pool=True)
                self.checked_at = time.monotonic()
            except Exception:  # any failure of the database is what this route reports
                log.exception("the database did not answer the health check")
                status, answer = 503, {"status": "error", "database": engine_name(engine)}
        body = json.dumps(answer).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
