"""The planner and the item dialog. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.planning.bulk import BulkController
from app.planning.importing import ImportController
from app.planning.items import ItemController, OccurrenceController
from app.api import api_router
from app.planning.api import ItemApiController, OccurrenceApiController
from app.planning.import_api import IMPORT_API_HANDLERS
from app.planning.pictures import PictureController
from app.planning.planner import PlannerController

router = Router(path="/", route_handlers=[BulkController, PlannerController, ItemController, OccurrenceController, ImportController, PictureController,
                                            api_router(ItemApiController, OccurrenceApiController, *IMPORT_API_HANDLERS)])
