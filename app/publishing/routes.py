"""The public programme, the poster, the embed and the iCalendar feeds. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.publishing.feeds import FEED_HANDLERS
from app.publishing.public import PublicController

router = Router(path="/", route_handlers=[PublicController, *FEED_HANDLERS])
