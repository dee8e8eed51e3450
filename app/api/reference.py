"""Who is signed in, and the lists an item refers to: branches, places and partners."""
from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from app.api.common import READ
from app.api.schemas import INT32_MAX, BranchOut, Me, PartnerOut, PlaceOut
from models.planning import branches, partners_list, places_of


class MeController(Controller):
    path = "/me"
    tags = ["staff"]

    @get("/", summary="The signed-in staff member", responses=READ)
    async def me(self, staff: NamedDependency[dict]) -> Me:
        return Me(id=staff["id"], username=staff["username"], display_name=staff["display_name"], role=staff["role"],
                  branch=staff["branch"], language=staff["language"])


class ReferenceController(Controller):
    """The lists an item refers to: branches, places and partners."""

    path = "/"
    tags = ["reference"]

    @get("/branches", summary="Branches of the library network", responses=READ)
    async def branches(self, staff: NamedDependency[dict]) -> list[BranchOut]:
        return [BranchOut(id=b["id"], name=b["name"], short_name=b["short_name"], slug=b["slug"], address=b["address"],
                          opening_hours=b["opening_hours"], is_central=b["is_central"]) for b in await branches()]

    @get("/places", summary="Active places (rooms, venues, service points)", responses=READ)
    async def places(self, staff: NamedDependency[dict], branch: Annotated[int | None, QueryParameter(description="Only this branch's places.", ge=1, le=INT32_MAX)] = None) -> list[PlaceOut]:
        return [PlaceOut(id=p["id"], branch_id=p["branch"], name=p["name"], kind=p["kind"], address=p["address"])
                for p in await places_of(branch)]

    @get("/partners", summary="Active partners", responses=READ)
    async def partners(self, staff: NamedDependency[dict], branch: Annotated[int | None, QueryParameter(description="Only partners of this branch and the shared ones.", ge=1, le=INT32_MAX)] = None) -> list[PartnerOut]:
        return [PartnerOut(id=p["id"], name=p["name"], type=p["type"], branch_id=p["branch"]) for p in await partners_list(branch)]
