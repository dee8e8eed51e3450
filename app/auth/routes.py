"""Signing in and out. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.auth.controllers import AuthController

router = Router(path="/", route_handlers=[AuthController])
