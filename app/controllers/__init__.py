from app.controllers.answers import AnswerController
from app.controllers.attendance import ATTENDANCE_HANDLERS
from app.controllers.auth import AuthController
from app.controllers.confirmations import ConfirmationController
from app.controllers.feeds import FEED_HANDLERS
from app.controllers.figures import FIGURES_HANDLERS
from app.controllers.health import health
from app.controllers.items import ItemController, OccurrenceController
from app.controllers.outbox import OutboxController
from app.controllers.overlays import OverlayController
from app.controllers.partners import PartnerController
from app.controllers.planner import PlannerController
from app.controllers.public import PublicController
from app.controllers.statistics import STATISTICS_HANDLERS

ROUTE_HANDLERS: list = [health, AuthController, PlannerController, ItemController, OccurrenceController, OverlayController, OutboxController, PartnerController, PublicController, AnswerController, ConfirmationController, *FEED_HANDLERS, *ATTENDANCE_HANDLERS, *STATISTICS_HANDLERS, *FIGURES_HANDLERS]

try:  # the JSON API lives in its own module
    from app.controllers.api import API_HANDLERS

    ROUTE_HANDLERS.extend(API_HANDLERS)
except ImportError:  # pragma: no cover - only while the API module is being written
    pass
