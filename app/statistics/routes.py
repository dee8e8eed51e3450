"""Statistics, the library system's monthly figures and the statistics core. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.api import api_router
from app.statistics.annual_report_pages import ANNUAL_REPORT_HANDLERS
from app.statistics.api import STATISTICS_API_HANDLERS
from app.statistics.core_api import CORE_API_HANDLERS
from app.statistics.figures_api import FIGURES_API_HANDLERS
from app.statistics.controllers import STATISTICS_HANDLERS
from app.statistics.figures import FIGURES_HANDLERS
from app.statistics.state_form import STATE_FORM_HANDLERS

router = Router(path="/", route_handlers=[*STATISTICS_HANDLERS, *FIGURES_HANDLERS, *STATE_FORM_HANDLERS, *ANNUAL_REPORT_HANDLERS,
                                            api_router(*STATISTICS_API_HANDLERS, *CORE_API_HANDLERS, *FIGURES_API_HANDLERS)])
