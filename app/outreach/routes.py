"""Outreach: book sets and their rotation, home delivery readers, delivery rounds. One Router:
app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.api import api_router
from app.outreach.api import OUTREACH_API_HANDLERS
from app.outreach.overview import OVERVIEW_HANDLERS
from app.outreach.readers import READER_HANDLERS
from app.outreach.rounds import ROUND_HANDLERS
from app.outreach.sets import SET_HANDLERS

router = Router(path="/", route_handlers=[*OVERVIEW_HANDLERS, *SET_HANDLERS, *READER_HANDLERS, *ROUND_HANDLERS, api_router(*OUTREACH_API_HANDLERS)])
