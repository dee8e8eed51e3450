"""The planner and the item dialog. One Router: app/__init__.py lists it."""
from __future__ import annotations

from litestar import Router

from app.planning.bulk import BulkController
from app.planning.importing import ImportController
from app.planning.items import ItemController, OccurrenceController
from app.planning.pictures import PictureController
from app.planning.planner import PlannerController

router = Router(path="/", route_handlers=[BulkController, PlannerController, ItemController, OccurrenceController, ImportController, PictureController])
