"""Partners and their contacts through the API: add, change, deactivate, with the directory's
validation and permissions (a branch's partner is its librarians', a network-wide one the
coordinators'). GET /partners lists the active ones in short."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import JSONBody, QueryParameter

from app.api.common import R404, R409_STALE, READ, WRITE, ApiRefusal, field_errors, stale
from app.kernel.i18n import N_, translate
from app.kernel.web import require_branch
from app.api.schemas import INT32_MAX, PartnerOut, PathId
from app.partners.texts import partner_error_texts
from models.kernel.clock import aware_local
from models.kernel.enums import SeriesScope
from models.kernel.metadata import doc
from models.kernel.validation import ValidationFailed
from models.partners import (AnswerRefused, accept_proposal, ask, can_edit_partner, contact_of, deactivate_contact, partner_detail, request_item,
                             requests_of, revoke, save_contact, save_partner, set_partner_active, validate_contact, validate_partner)
from models.planning import StaleEdit, StatusChangeRefused, item_detail, partners_list


class PartnerBody(msgspec.Struct, forbid_unknown_fields=True):
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    name: Annotated[str | None, doc("Required.", "Rožupes pamatskola")] = None
    type: Annotated[str | None, doc("school, preschool, culture_house, ngo, seniors, care_centre, university, municipality, library, other")] = None
    branch_id: Annotated[Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)] | None, doc("Null: a partner of the whole network (coordinators).")] = None
    notes: str | None = None


class ContactBody(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str | None, doc("Required.", "Inese Ozola")] = None
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    role: Annotated[str | None, doc("", "klases audzinātāja")] = None
    email: Annotated[str | None, doc("Needed to ask her to confirm.", "inese@rozupe.lv")] = None
    phone: str | None = None
    language: Annotated[str | None, doc("lv or en: the language of the mail the contact gets.")] = None


class ContactOut(msgspec.Struct):
    id: int
    name: str
    role: str
    email: str
    phone: str
    language: str
    active: bool


class PartnerFull(msgspec.Struct):
    id: int
    name: str
    type: str
    branch_id: int | None
    notes: str
    active: bool
    contacts: list[ContactOut]


def _refused(request: Request, failed: ValidationFailed) -> ApiRefusal:
    return ApiRefusal(422, {"errors": partner_error_texts(failed.errors, request.state.lang)})


def _out(partner: dict) -> PartnerFull:
    return PartnerFull(id=partner["id"], name=partner["name"], type=partner["type"], branch_id=partner["branch"], notes=partner["notes"],
                       active=partner["active"], contacts=[ContactOut(id=c["id"], name=c["name"], role=c["role"], email=c["email"],
                                                                      phone=c["phone"], language=c["language"], active=c["active"])
                                                           for c in partner["contacts"]])


async def _editable(staff: dict, partner_id: int) -> dict:
    partner = await partner_detail(partner_id)
    if partner is None:
        raise NotFoundException()
    if not can_edit_partner(staff, partner["branch"]):
        raise PermissionDeniedException(detail="branch_forbidden")
    return partner


class PartnerListController(Controller):
    """The partners an item may name, in short."""

    path = "/"
    tags = ["reference"]

    @get("/partners", summary="Active partners", responses=READ)
    async def partners(self, staff: NamedDependency[dict],
                            branch: Annotated[int | None, QueryParameter(description="Only partners of this branch and the shared ones.", ge=1, le=INT32_MAX)] = None) -> list[PartnerOut]:
        return [PartnerOut(id=p["id"], name=p["name"], type=p["type"], branch_id=p["branch"]) for p in await partners_list(branch)]


class PartnerApiController(Controller):
    path = "/partners"
    tags = ["partners"]

    @get("/{partner_id:int}", summary="One partner with its contacts", responses={404: R404, **READ})
    async def show(self, staff: NamedDependency[dict], partner_id: PathId) -> PartnerFull:
        partner = await partner_detail(partner_id)
        if partner is None:
            raise NotFoundException()
        return _out(partner)

    @post("/", summary="Add a partner", status_code=201, responses=WRITE)
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[PartnerBody]) -> PartnerFull:
        return await self._save(request, staff, data, None)

    @put("/{partner_id:int}", summary="Replace a partner's details", responses=WRITE)
    async def replace(self, request: Request, staff: NamedDependency[dict], partner_id: PathId, data: JSONBody[PartnerBody]) -> PartnerFull:
        await _editable(staff, partner_id)
        return await self._save(request, staff, data, partner_id)

    async def _save(self, request: Request, staff: dict, data: PartnerBody, partner_id: int | None) -> PartnerFull:
        try:
            draft = await validate_partner(msgspec.structs.asdict(data), staff)
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        return _out(await partner_detail(await save_partner(draft, partner_id)))

    @post("/{partner_id:int}/deactivate", summary="Take a partner out of the lists; its history stays", status_code=200, responses=WRITE)
    async def deactivate(self, staff: NamedDependency[dict], partner_id: PathId) -> PartnerFull:
        await _editable(staff, partner_id)
        await set_partner_active(partner_id, False)
        return _out(await partner_detail(partner_id))

    @post("/{partner_id:int}/contacts", summary="Add a contact person", status_code=201, responses=WRITE)
    async def add_contact(self, request: Request, staff: NamedDependency[dict], partner_id: PathId, data: JSONBody[ContactBody]) -> PartnerFull:
        await _editable(staff, partner_id)
        return await self._save_contact(request, partner_id, data, None)

    @put("/{partner_id:int}/contacts/{contact_id:int}", summary="Replace a contact's details", responses=WRITE)
    async def replace_contact(self, request: Request, staff: NamedDependency[dict], partner_id: PathId, contact_id: PathId,
                              data: JSONBody[ContactBody]) -> PartnerFull:
        await _editable(staff, partner_id)
        if await contact_of(partner_id, contact_id) is None:
            raise NotFoundException()
        return await self._save_contact(request, partner_id, data, contact_id)

    async def _save_contact(self, request: Request, partner_id: int, data: ContactBody, contact_id: int | None) -> PartnerFull:
        try:
            draft = validate_contact(msgspec.structs.asdict(data))
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        await save_contact(partner_id, draft, contact_id)
        return _out(await partner_detail(partner_id))

    @post("/{partner_id:int}/contacts/{contact_id:int}/deactivate", summary="Stop asking a contact; requests and history keep her",
          status_code=200, responses=WRITE)
    async def deactivate_contact(self, staff: NamedDependency[dict], partner_id: PathId, contact_id: PathId) -> PartnerFull:
        await _editable(staff, partner_id)
        if await contact_of(partner_id, contact_id) is None:
            raise NotFoundException()
        await deactivate_contact(partner_id, contact_id)
        return _out(await partner_detail(partner_id))



# --- confirmation requests -------------------------------------------------------------------

class AskBody(msgspec.Struct, forbid_unknown_fields=True):
    contact_ids: Annotated[list[Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)]], msgspec.Meta(max_length=50),
                           doc("Contacts of the item's partners to ask; each gets a mail with a personal link.")]


class RequestOut(msgspec.Struct):
    id: int
    contact_id: int
    contact_name: str
    partner_id: int
    partner_name: str
    state: Annotated[str, doc("asked, confirmed, declined or proposed")]
    asked_at: datetime
    answered_at: datetime | None
    expires_at: datetime
    revoked: bool
    proposed_start: datetime | None
    proposed_end: datetime | None
    note: str


def _request_out(row: dict) -> RequestOut:
    local = lambda value: aware_local(value) if value is not None else None  # noqa: E731 - wall times of the proposal
    return RequestOut(id=row["id"], contact_id=row["contact"], contact_name=row["contact_name"], partner_id=row["partner"],
                      partner_name=row["partner_name"], state=row["state"], asked_at=row["asked_at"], answered_at=row["answered_at"],
                      expires_at=row["expires_at"], revoked=row["revoked_at"] is not None, proposed_start=local(row["proposed_start"]),
                      proposed_end=local(row["proposed_end"]), note=row["note"])


async def _item_of_branch(staff: dict, item_id: int) -> None:
    item = await item_detail(item_id)
    if item is None:
        raise NotFoundException()
    require_branch(staff, item["branch"])


async def _request_of_branch(staff: dict, request_id: int) -> dict:
    row = await request_item(request_id)
    if row is None:
        raise NotFoundException()
    require_branch(staff, row["branch"])
    return row


class ConfirmationApiController(Controller):
    path = "/"
    tags = ["partners"]

    @get("/items/{item_id:int}/requests", summary="An item's confirmation requests, newest first", responses={404: R404, **READ})
    async def item_requests(self, staff: NamedDependency[dict], item_id: PathId) -> list[RequestOut]:
        if await item_detail(item_id) is None:
            raise NotFoundException()
        return [_request_out(row) for row in await requests_of(item_id)]

    @post("/items/{item_id:int}/requests", summary="Ask partner contacts to confirm an item", status_code=201, responses=WRITE)
    async def ask_contacts(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[AskBody]) -> list[RequestOut]:
        await _item_of_branch(staff, item_id)
        try:
            made = await ask(item_id, data.contact_ids, staff, request.app.state.settings.base_url)
        except AnswerRefused:
            raise ApiRefusal(422, {"errors": {"item": translate(ITEM_OVER, request.state.lang)}}) from None
        if not made:
            raise ApiRefusal(422, {"errors": {"contact_ids": translate(NOBODY_TO_ASK, request.state.lang)}})
        return [_request_out(row) for row in await requests_of(item_id) if row["id"] in made]

    @post("/requests/{request_id:int}/revoke", summary="Make a request's link stop working", status_code=200, responses=WRITE)
    async def revoke_request(self, staff: NamedDependency[dict], request_id: PathId) -> RequestOut:
        row = await _request_of_branch(staff, request_id)
        await revoke(request_id, staff["id"])
        return next(_request_out(r) for r in await requests_of(row["item"]) if r["id"] == request_id)

    @post("/requests/{request_id:int}/accept", summary="Move the item, or sessions of a series, to the time the partner proposed",
          description="In a series the proposal is read against the session nearest to it; `scope` takes it for that session "
                      "(this), that one and the following (following), or every session still to come (all), each moved alike.",
          status_code=200, responses={409: R409_STALE, **WRITE})
    async def accept_request(self, request: Request, staff: NamedDependency[dict], request_id: PathId,
                             sessions: Annotated[SeriesScope, QueryParameter(name="scope", description="Which sessions of a series move.")] = SeriesScope.THIS) -> RequestOut:
        row = await _request_of_branch(staff, request_id)
        try:
            await accept_proposal(request_id, staff, sessions)
        except AnswerRefused:
            raise ApiRefusal(409, {"detail": translate(NOT_PROPOSED, request.state.lang)}) from None
        except (StaleEdit, StatusChangeRefused):
            raise stale(request) from None
        except ValidationFailed as failed:
            raise field_errors(request, failed.errors) from None
        return next(_request_out(r) for r in await requests_of(row["item"]) if r["id"] == request_id)


# the same words as the item page's (app/partners/confirmations.py)
ITEM_OVER = N_("Ieraksts ir atcelts vai jau beidzies: partneriem vairs nav ko apstiprināt.")
NOBODY_TO_ASK = N_("Izvēlieties vismaz vienu kontaktpersonu.")
NOT_PROPOSED = N_("Šim partnerim nav piedāvāta cita laika.")

PARTNER_API_HANDLERS = [PartnerListController, PartnerApiController, ConfirmationApiController]
