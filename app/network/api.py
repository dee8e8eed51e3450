"""The network's set-up through the API: libraries and staff (coordinators), places (a library's
own librarians too). The same validation, permissions and history as the pages (models/network);
a mistake answers 422 with each field's message in the request's language."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, QueryParameter

from app.api.common import R404, READ, WRITE, ApiRefusal
from app.api.schemas import INT32_MAX, BranchOut, PathId, PlaceOut
from app.network.staff import hand_over_link
from app.network.texts import error_texts as network_error_texts
from models.kernel.clock import local_today
from models.planning import branches as list_branches, places_of
from models.kernel.metadata import doc
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.kernel.validation import ValidationFailed
from models.network import (branch_detail, close_branch, invite, place_detail, save_branch, save_place,
                            set_place_active, set_staff_active, staff_detail, staff_list, update_staff, validate_branch, validate_place,
                            validate_staff)

Text = str | None  # lengths are the validation's to judge, with a message
Count = Annotated[int, msgspec.Meta(ge=0, le=INT32_MAX)] | None
RowRef = Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)] | None


class BranchBody(msgspec.Struct, forbid_unknown_fields=True):
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    name: Annotated[Text, doc("Required.", "Līvānu novada Centrālās bibliotēkas Jersikas bibliotēka")] = None
    short_name: Annotated[Text, doc("Required: how lists name it.", "Jersika")] = None
    slug: Annotated[Text, doc("The web address part (/programme/<slug>); fixed once the library exists.", "jersika")] = None
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    address: Annotated[Text, doc("", "Jersika, Līvānu novads")] = None
    phone: Annotated[Text, doc("", "+371 65300000")] = None
    email: Annotated[Text, doc("", "jersika@livani.lv")] = None
    is_central: bool = False
    population: Annotated[Count, doc("Residents of its territory (the report's coverage).", 812)] = None
    children_population: Annotated[Count, doc("Of them under 18.", 140)] = None
    hours: Annotated[list[Annotated[str, msgspec.Meta(max_length=100)]], msgspec.Meta(max_length=7),
                     doc("Monday first, as typed: \"9:00–18:00\", \"10:00–13:00, 14:00–18:00\", \"\" for closed.",
                         ["9:00–18:00", "9:00–18:00", "10:00–13:00, 14:00–18:00", "9:00–18:00", "9:00–15:00", "", ""])] = []


class BranchFull(msgspec.Struct):
    id: int
    name: str
    short_name: str
    slug: str
    address: str
    phone: str
    email: str
    is_central: bool
    population: int | None
    children_population: int | None
    weekly_hours: Annotated[dict[str, list[list[str]]], doc("Weekday (0 = Monday) -> [[opens, closes], …]; a missing day is closed.")]
    closed_on: date | None


class PlaceBody(msgspec.Struct, forbid_unknown_fields=True):
    branch_id: RowRef = None
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    name: Annotated[Text, doc("Required.", "Rožupes estrāde")] = None
    kind: Annotated[Text, doc("room, venue or service_point", "venue")] = None
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    address: Annotated[Text, doc("", "Parka iela, Rožupe")] = None
    capacity: Annotated[Count, doc("Seats or places.", 300)] = None
    accessibility: Text = None
    equipment: Text = None
    contact: Text = None
    host_partner: RowRef = None
    point_type: Annotated[Text, doc("A service point's: care_home, settlement, school, preschool, other")] = None
    opened_on: date | None = None
    closed_on: date | None = None


class PlaceFull(msgspec.Struct):
    id: int
    branch_id: int
    name: str
    kind: str
    address: str
    capacity: int | None
    accessibility: str
    equipment: str
    contact: str
    host_partner: int | None
    point_type: str
    opened_on: date | None
    closed_on: date | None
    active: bool


class StaffBody(msgspec.Struct, forbid_unknown_fields=True):
    username: Annotated[Text, doc("Only when inviting; fixed afterwards.", "ilze")] = None
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    display_name: Annotated[Text, doc("Required.", "Ilze Kalniņa")] = None
    email: Annotated[Text, doc("Required when inviting: the link goes there.", "ilze@livani.lv")] = None
    role: Annotated[Text, doc("coordinator or librarian", "librarian")] = None
    branch_id: RowRef = None
    language: Annotated[Text, doc("lv or en")] = None


class StaffOut(msgspec.Struct):
    id: int
    username: str
    display_name: str
    email: str
    role: str
    branch_id: int | None
    language: str
    active: bool
    waiting_for_password: bool


class InvitationOut(msgspec.Struct):
    staff: StaffOut
    link: Annotated[str | None, doc("The one-time link to pass on when no mail server is set up; null when it was mailed.")]


def _refused(request: Request, failed: ValidationFailed) -> ApiRefusal:
    return ApiRefusal(422, {"errors": network_error_texts(failed.errors, request.state.lang)})


def _coordinator(staff: dict) -> None:
    if not is_coordinator(staff):
        raise PermissionDeniedException(detail="coordinators_only")


def _found(row: dict | None) -> dict:
    if row is None:
        raise NotFoundException()
    return row


def _branch_out(b: dict) -> BranchFull:
    return BranchFull(id=b["id"], name=b["name"], short_name=b["short_name"], slug=b["slug"], address=b["address"], phone=b["phone"],
                      email=b["email"], is_central=b["is_central"], population=b["population"], children_population=b["children_population"],
                      weekly_hours=b["weekly_hours"], closed_on=b["closed_on"])


def _place_out(p: dict) -> PlaceFull:
    return PlaceFull(id=p["id"], branch_id=p["branch"], name=p["name"], kind=p["kind"], address=p["address"], capacity=p["capacity"],
                     accessibility=p["accessibility"], equipment=p["equipment"], contact=p["contact"], host_partner=p["host_partner"],
                     point_type=p["point_type"], opened_on=p["opened_on"], closed_on=p["closed_on"], active=p["active"])


def _staff_out(s: dict) -> StaffOut:
    return StaffOut(id=s["id"], username=s["username"], display_name=s["display_name"], email=s["email"], role=s["role"],
                    branch_id=s["branch"], language=s["language"], active=s["active"], waiting_for_password=s["waiting"])


def _branch_raw(data: BranchBody) -> dict:
    raw = {name: getattr(data, name) for name in ("name", "short_name", "slug", "address", "phone", "email", "is_central",
                                                  "population", "children_population")}
    raw.update({f"hours_{day}": text for day, text in enumerate(data.hours)})
    return raw


def _date_text(value: date | None) -> str:
    return value.strftime("%d.%m.%Y.") if value else ""


class NetworkListsController(Controller):
    """The lists an item refers to, in short: the network's branches and its active places."""

    path = "/"
    tags = ["reference"]

    @get("/branches", summary="Branches of the library network", responses=READ)
    async def branches(self, staff: NamedDependency[dict]) -> list[BranchOut]:
        return [BranchOut(id=b["id"], name=b["name"], short_name=b["short_name"], slug=b["slug"], address=b["address"],
                          opening_hours=b["opening_hours"], is_central=b["is_central"]) for b in await list_branches()]

    @get("/places", summary="Active places (rooms, venues, service points)", responses=READ)
    async def places(self, staff: NamedDependency[dict],
                          branch: Annotated[int | None, QueryParameter(description="Only this branch's places.", ge=1, le=INT32_MAX)] = None) -> list[PlaceOut]:
        return [PlaceOut(id=p["id"], branch_id=p["branch"], name=p["name"], kind=p["kind"], address=p["address"])
                for p in await places_of(branch)]


class LibraryApiController(Controller):
    """Libraries in full; GET /branches lists them in short."""

    path = "/branches"
    tags = ["network"]

    @get("/{branch_id:int}", summary="One library in full: contacts, hours, population, closing", responses={404: R404, **READ})
    async def show(self, staff: NamedDependency[dict], branch_id: PathId) -> BranchFull:
        return _branch_out(_found(await branch_detail(branch_id)))

    @post("/", summary="Add a library (coordinators)", status_code=201, responses=WRITE)
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[BranchBody]) -> BranchFull:
        _coordinator(staff)
        try:
            draft = await validate_branch(_branch_raw(data))
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        return _branch_out(await branch_detail(await save_branch(draft, staff["id"])))

    @put("/{branch_id:int}", summary="Replace a library's details (coordinators)", responses=WRITE)
    async def replace(self, request: Request, staff: NamedDependency[dict], branch_id: PathId, data: JSONBody[BranchBody]) -> BranchFull:
        _coordinator(staff)
        _found(await branch_detail(branch_id))
        try:
            draft = await validate_branch(_branch_raw(data), branch_id)
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        return _branch_out(await branch_detail(await save_branch(draft, staff["id"], branch_id)))

    @post("/{branch_id:int}/close", summary="Close a library today; it keeps its history (coordinators)", status_code=200, responses=WRITE)
    async def close(self, staff: NamedDependency[dict], branch_id: PathId) -> BranchFull:
        _coordinator(staff)
        _found(await branch_detail(branch_id))
        await close_branch(branch_id, local_today(), staff["id"])
        return _branch_out(await branch_detail(branch_id))


class PlaceApiController(Controller):
    """Places in full; GET /places lists the active ones in short."""

    path = "/places"
    tags = ["network"]

    @get("/{place_id:int}", summary="One place in full, active or not", responses={404: R404, **READ})
    async def show(self, staff: NamedDependency[dict], place_id: PathId) -> PlaceFull:
        return _place_out(_found(await place_detail(place_id)))

    @post("/", summary="Add a place (the library's librarians, coordinators)", status_code=201, responses=WRITE)
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[PlaceBody]) -> PlaceFull:
        return await self._save(request, staff, data, None)

    @put("/{place_id:int}", summary="Replace a place's details", responses=WRITE)
    async def replace(self, request: Request, staff: NamedDependency[dict], place_id: PathId, data: JSONBody[PlaceBody]) -> PlaceFull:
        place = _found(await place_detail(place_id))
        if not can_edit_branch(staff, place["branch"]):
            raise PermissionDeniedException(detail="branch_forbidden")
        return await self._save(request, staff, data, place_id)

    async def _save(self, request: Request, staff: dict, data: PlaceBody, place_id: int | None) -> PlaceFull:
        raw = msgspec.structs.asdict(data) | {"opened_on": _date_text(data.opened_on), "closed_on": _date_text(data.closed_on)}
        try:
            draft = await validate_place(raw, staff)
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        return _place_out(await place_detail(await save_place(draft, staff["id"], place_id)))

    @post("/{place_id:int}/deactivate", summary="Take a place out of the lists; its programme keeps it", status_code=200, responses=WRITE)
    async def deactivate(self, staff: NamedDependency[dict], place_id: PathId) -> PlaceFull:
        place = _found(await place_detail(place_id))
        if not can_edit_branch(staff, place["branch"]):
            raise PermissionDeniedException(detail="branch_forbidden")
        await set_place_active(place_id, False, staff["id"])
        return _place_out(await place_detail(place_id))


class StaffApiController(Controller):
    path = "/staff"
    tags = ["network"]

    @get("/", summary="Staff accounts (coordinators)", responses=WRITE)
    async def index(self, staff: NamedDependency[dict]) -> list[StaffOut]:
        _coordinator(staff)
        return [_staff_out(s) for s in await staff_list()]

    @post("/", summary="Invite a colleague: the account and its one-time link (coordinators)", status_code=201, responses=WRITE)
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[StaffBody]) -> InvitationOut:
        _coordinator(staff)
        try:
            draft = await validate_staff(msgspec.structs.asdict(data))
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        staff_id, token = await invite(draft, staff["id"])
        colleague = await staff_detail(staff_id)
        link = await hand_over_link(request.app.state.settings, staff, colleague, "invitation", token)
        return InvitationOut(staff=_staff_out(colleague), link=link)

    @put("/{staff_id:int}", summary="Change a colleague's name, email, role and library (coordinators)", responses=WRITE)
    async def replace(self, request: Request, staff: NamedDependency[dict], staff_id: PathId, data: JSONBody[StaffBody]) -> StaffOut:
        _coordinator(staff)
        _found(await staff_detail(staff_id))
        try:
            draft = await validate_staff(msgspec.structs.asdict(data), staff_id)
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        await update_staff(staff_id, draft, staff["id"])
        return _staff_out(await staff_detail(staff_id))

    @post("/{staff_id:int}/disable", summary="Disable an account; its history stays (coordinators)", status_code=200,
          responses={**WRITE, 409: ResponseSpec(data_container=dict, description="The last coordinator, or oneself.")})
    async def disable(self, request: Request, staff: NamedDependency[dict], staff_id: PathId) -> StaffOut:
        _coordinator(staff)
        _found(await staff_detail(staff_id))
        refused = await set_staff_active(staff_id, False, staff["id"])
        if refused:
            raise ApiRefusal(409, {"status_code": 409, "detail": network_error_texts({"x": refused}, request.state.lang)["x"]})
        return _staff_out(await staff_detail(staff_id))


NETWORK_API_HANDLERS = [NetworkListsController, LibraryApiController, PlaceApiController, StaffApiController]
