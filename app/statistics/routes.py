"""Statistics, the library system's monthly figures and the statistics core. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.statistics.controllers import STATISTICS_HANDLERS
from app.statistics.figures import FIGURES_HANDLERS

router = Router(path="/", route_handlers=[*STATISTICS_HANDLERS, *FIGURES_HANDLERS])
