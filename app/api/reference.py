"""Who is signed in. (The lists an item refers to are their areas': /branches and /places the
network's, app/network/api.py; /partners the partners', app/partners/api.py.)"""
from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from app.api.common import READ
from app.api.schemas import Me


class MeController(Controller):
    path = "/me"
    tags = ["staff"]

    @get("/", summary="The signed-in staff member", responses=READ)
    async def me(self, staff: NamedDependency[dict]) -> Me:
        return Me(id=staff["id"], username=staff["username"], display_name=staff["display_name"], role=staff["role"],
                  branch=staff["branch"], language=staff["language"])
