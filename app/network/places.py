"""Places: every staff member reads them; a branch's librarians and the coordinators keep them."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.network.common import form_of, form_page, found, saved
from app.network.texts import PLACE_KINDS, POINT_TYPES, error_texts, history_rows
from app.kernel.web import RowId
from models.kernel.permissions import can_edit_branch
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner
from models.kernel.validation import ValidationFailed, as_int
from models.network.branches import all_branches
from models.network.history import history_of
from models.network.places import delete_unused_place, place_detail, places_for, save_place, set_place_active, validate_place

FIELDS = ("branch_id", "name", "kind", "address", "capacity", "accessibility", "equipment", "contact", "host_partner", "point_type",
          "opened_on", "closed_on")


def _may_edit(staff: dict, place: dict) -> None:
    if not can_edit_branch(staff, place["branch"]):
        raise PermissionDeniedException(detail="branch_forbidden")


async def _choices(staff: dict) -> dict:
    branches = [b for b in await all_branches() if b["closed_on"] is None and can_edit_branch(staff, b["id"])]
    partners = await Partner.select(Partner.id, Partner.name, Partner.branch).where(Partner.active == True).order_by(Partner.name)  # noqa: E712
    return {"branches": branches, "partners": partners, "kinds": PLACE_KINDS, "point_types": POINT_TYPES}


def _raw_of(place: dict) -> dict:
    raw = {name: place.get(name) for name in FIELDS}
    raw["branch_id"] = place["branch"]
    return raw


class PlaceController(Controller):
    path = "/places"
    include_in_schema = False

    @get("/")
    async def index(self, staff: NamedDependency[dict]) -> Template:
        places = await places_for(None)
        for place in places:
            place["editable"] = can_edit_branch(staff, place["branch"])
        return Template("network/places.html", context={"places": places, "kinds": PLACE_KINDS, "point_types": POINT_TYPES,
                                                        "can_add": bool(staff.get("branch")) or staff.get("role") == "coordinator"})

    @get("/new")
    async def new(self, request: Request, staff: NamedDependency[dict], kind: FromQuery[str | None] = None,
                  branch: FromQuery[str | None] = None) -> Template:
        raw = {"kind": kind if kind in PLACE_KINDS else "room", "branch_id": _number(branch) or staff.get("branch")}
        return form_page(request, "network/place_form.html", {"place": None, "raw": raw, **await _choices(staff)})

    @post("/", status_code=200)
    async def create(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        return await self._save(request, staff, None)

    @get("/{place_id:int}")
    async def show(self, request: Request, staff: NamedDependency[dict], place_id: RowId) -> Template:
        place = found(await place_detail(place_id))
        names = {"branch": {b["id"]: b["short_name"] for b in await Branch.select(Branch.id, Branch.short_name)},
                 "host_partner": {p["id"]: p["name"] for p in await Partner.select(Partner.id, Partner.name)}}
        in_use = request.query_params.get("error") == "place_in_use"
        context = {"place": place, "kinds": PLACE_KINDS, "point_types": POINT_TYPES, "can_edit": can_edit_branch(staff, place["branch"]),
                   "error": error_texts({"x": "place_in_use"}, request.state.lang)["x"] if in_use else None,
                   "history": history_rows(await history_of("place", place_id), request.state.lang, names)}
        return Template("network/place.html", context=context)

    @get("/{place_id:int}/edit")
    async def edit(self, request: Request, staff: NamedDependency[dict], place_id: RowId) -> Template:
        place = found(await place_detail(place_id))
        _may_edit(staff, place)
        return form_page(request, "network/place_form.html", {"place": place, "raw": _raw_of(place), **await _choices(staff)})

    @post("/{place_id:int}/edit", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict], place_id: RowId) -> Template | Redirect:
        place = found(await place_detail(place_id))
        _may_edit(staff, place)
        return await self._save(request, staff, place)

    async def _save(self, request: Request, staff: dict, place: dict | None) -> Template | Redirect:
        raw = await form_of(request, FIELDS)
        try:
            draft = await validate_place(raw, staff)
        except ValidationFailed as failed:
            return form_page(request, "network/place_form.html", {"place": place, "raw": raw, **await _choices(staff)}, failed.errors)
        place_id = await save_place(draft, staff["id"], place["id"] if place else None)
        return saved(f"/places/{place_id}")

    @post("/{place_id:int}/deactivate", status_code=200)
    async def deactivate(self, staff: NamedDependency[dict], place_id: RowId) -> Redirect:
        return await self._set_active(staff, place_id, False)

    @post("/{place_id:int}/activate", status_code=200)
    async def activate(self, staff: NamedDependency[dict], place_id: RowId) -> Redirect:
        return await self._set_active(staff, place_id, True)

    async def _set_active(self, staff: dict, place_id: int, active: bool) -> Redirect:
        _may_edit(staff, found(await place_detail(place_id)))
        await set_place_active(place_id, active, staff["id"])
        return saved(f"/places/{place_id}")

    @post("/{place_id:int}/delete", status_code=200)
    async def delete(self, staff: NamedDependency[dict], place_id: RowId) -> Redirect:
        place = found(await place_detail(place_id))
        _may_edit(staff, place)
        if await delete_unused_place(place_id, staff["id"]):
            return saved("/places")
        return saved(f"/places/{place_id}?error=place_in_use")  # the page says so and offers deactivation


def _number(value: str | None) -> int | None:
    try:
        return as_int(value)
    except ValueError:
        return None
