"""The partner directory, confirmation requests and the partners' answers. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.api import api_router
from app.partners.answers import AnswerController
from app.partners.api import PARTNER_API_HANDLERS
from app.partners.confirmations import ConfirmationController
from app.partners.cooperation import CooperationController
from app.partners.directory import PartnerController

router = Router(path="/", route_handlers=[PartnerController, CooperationController, AnswerController, ConfirmationController,
                                            api_router(*PARTNER_API_HANDLERS)])
