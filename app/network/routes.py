"""The network's set-up: libraries, places, staff, my account and the one-time password links.
One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.api import api_router
from app.network.api import NETWORK_API_HANDLERS
from app.network.account import AccountController, WelcomeController
from app.network.libraries import LibraryController, LogoController
from app.network.places import PlaceController
from app.network.staff import StaffController

router = Router(path="/", route_handlers=[LibraryController, LogoController, PlaceController, StaffController, AccountController, WelcomeController,
                                            api_router(*NETWORK_API_HANDLERS)])
