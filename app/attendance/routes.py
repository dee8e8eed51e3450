"""Attendance of held sessions. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.api import api_router
from app.attendance.api import ATTENDANCE_API_HANDLERS
from app.attendance.controllers import ATTENDANCE_HANDLERS

router = Router(path="/", route_handlers=[*ATTENDANCE_HANDLERS, api_router(*ATTENDANCE_API_HANDLERS)])
