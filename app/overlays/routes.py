"""External calendars shown over the planner. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.overlays.controllers import OverlayController

router = Router(path="/", route_handlers=[OverlayController])
