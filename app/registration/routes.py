"""Registration: the librarian's setup and list, the public registration and the personal link.
One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.registration.personal import PERSONAL_HANDLERS
from app.registration.public import PUBLIC_HANDLERS
from app.registration.sheet import SHEET_HANDLERS
from app.registration.staff import STAFF_HANDLERS

router = Router(path="/", route_handlers=[*STAFF_HANDLERS, *SHEET_HANDLERS, *PUBLIC_HANDLERS, *PERSONAL_HANDLERS])
