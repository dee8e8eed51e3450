"""Partners and their contacts through the API: add, change, deactivate, with the directory's
validation and permissions (a branch's partner is its librarians', a network-wide one the
coordinators'). GET /partners lists the active ones in short."""
from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import JSONBody

from app.api.common import R404, READ, WRITE, ApiRefusal
from app.api.schemas import INT32_MAX, PathId
from app.partners import partner_error_texts
from models.kernel.metadata import doc
from models.kernel.validation import ValidationFailed
from models.partners import (can_edit_partner, contact_of, deactivate_contact, partner_detail, save_contact, save_partner, set_partner_active,
                             validate_contact, validate_partner)


class PartnerBody(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    type: Annotated[str | None, doc("school, preschool, culture_house, ngo, seniors, care_centre, university, municipality, library, other")] = None
    branch_id: Annotated[Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)] | None, doc("Null: a partner of the whole network (coordinators).")] = None
    notes: str | None = None


class ContactBody(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    role: str | None = None
    email: str | None = None
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


PARTNER_API_HANDLERS = [PartnerApiController]
