"""The mail outbox as staff see it. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.mail.outbox import OutboxController

router = Router(path="/", route_handlers=[OutboxController])
