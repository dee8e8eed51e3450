"""Libraries: every staff member reads them; coordinators add, edit and close them."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from app.network.common import coordinators_only, form_of, form_page, found, saved
from app.network.texts import history_rows
from app.web import RowId
from models.kernel.clock import local_today
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.kernel.validation import ValidationFailed
from models.network.branches import (add_closure, all_branches, branch_detail, close_branch, remove_closure, reopen_branch, save_branch,
                                     validate_branch, validate_closure)
from models.network.history import history_of
from models.network.hours import WEEKDAYS, day_text, week_rows
from models.network.places import places_for

FIELDS = ("name", "short_name", "slug", "address", "phone", "email", "is_central", "population", "children_population",
          *(f"hours_{day}" for day in WEEKDAYS))


def _raw_of(branch: dict) -> dict:
    raw = {name: branch.get(name) for name in FIELDS if not name.startswith("hours_")}
    raw.update({f"hours_{day}": day_text(branch["weekly_hours"].get(str(day), [])) for day in WEEKDAYS})
    return raw


async def _page(request: Request, staff: dict, branch: dict, raw: dict) -> dict:
    """A library's page: its details, hours, closed days, places and history (`raw`: the closed
    days' form as typed)."""
    return {"branch": branch, "hours": week_rows(branch["weekly_hours"]), "places": await places_for([branch["id"]]),
            "history": history_rows(await history_of("branch", branch["id"]), request.state.lang),
            "can_manage": is_coordinator(staff), "can_edit_places": can_edit_branch(staff, branch["id"]), "raw": raw}


class LibraryController(Controller):
    path = "/libraries"
    include_in_schema = False

    @get("/")
    async def index(self, staff: NamedDependency[dict]) -> Template:
        return Template("network/libraries.html", context={"branches": await all_branches(), "can_add": is_coordinator(staff)})

    @get("/new")
    async def new(self, request: Request, staff: NamedDependency[dict]) -> Template:
        coordinators_only(staff)
        return form_page(request, "network/library_form.html", {"branch": None, "raw": {}, "weekdays": WEEKDAYS})

    @post("/", status_code=200)
    async def create(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        coordinators_only(staff)
        return await self._save(request, staff, None)

    @get("/{branch_id:int}")
    async def show(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template:
        branch = found(await branch_detail(branch_id))
        return form_page(request, "network/library.html", await _page(request, staff, branch, {}))

    @get("/{branch_id:int}/edit")
    async def edit(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template:
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        return form_page(request, "network/library_form.html", {"branch": branch, "raw": _raw_of(branch), "weekdays": WEEKDAYS})

    @post("/{branch_id:int}/edit", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        return await self._save(request, staff, found(await branch_detail(branch_id)))

    async def _save(self, request: Request, staff: dict, branch: dict | None) -> Template | Redirect:
        raw = await form_of(request, FIELDS)
        try:
            draft = await validate_branch(raw, branch["id"] if branch else None)
        except ValidationFailed as failed:
            return form_page(request, "network/library_form.html", {"branch": branch, "raw": raw, "weekdays": WEEKDAYS}, failed.errors)
        branch_id = await save_branch(draft, staff["id"], branch["id"] if branch else None)
        return saved(f"/libraries/{branch_id}")

    @post("/{branch_id:int}/close", status_code=200)
    async def close(self, staff: NamedDependency[dict], branch_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        await close_branch(branch_id, local_today(), staff["id"])
        return saved(f"/libraries/{branch_id}")

    @post("/{branch_id:int}/reopen", status_code=200)
    async def reopen(self, staff: NamedDependency[dict], branch_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        await reopen_branch(branch_id, staff["id"])
        return saved(f"/libraries/{branch_id}")

    @post("/{branch_id:int}/closures", status_code=200)
    async def add_closed_days(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        raw = await form_of(request, ("first_day", "last_day", "reason"))
        try:
            first, last, reason = validate_closure(raw)
        except ValidationFailed as failed:
            return form_page(request, "network/library.html", await _page(request, staff, branch, raw), failed.errors)
        await add_closure(branch_id, first, last, reason, staff["id"])
        return saved(f"/libraries/{branch_id}#closures")

    @post("/{branch_id:int}/closures/{closure_id:int}/delete", status_code=200)
    async def remove_closed_days(self, staff: NamedDependency[dict], branch_id: RowId, closure_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        if not await remove_closure(branch_id, closure_id, staff["id"]):
            found(None)
        return saved(f"/libraries/{branch_id}#closures")
