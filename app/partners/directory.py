"""The partner directory: the list, a partner's page with contacts and history, and the dialogs
that add and edit partners and contacts. Every staff member reads; a branch's partner is edited
by that branch's librarians, a network-wide one by the coordinators (models.partners.directory)."""
from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, QueryParameter
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.response import Redirect, Template

from app.partners.texts import CONTACT_LANGUAGE_LV, TYPE_LABELS_LV, partner_error_texts, refusal
from app.kernel.web import RowId, page_or_fragment
from models.kernel.enums import PartnerType
from models.partners.directory import (
    CONTACT_LANGUAGES,
    can_edit_partner,
    contact_of,
    deactivate_contact,
    partner_detail,
    partner_directory,
    partner_history,
    save_contact,
    save_partner,
    set_partner_active,
    validate_contact,
    validate_partner,
)
from models.kernel.clock import local_today
from models.planning import branches
from models.kernel.validation import ValidationFailed, as_bool

TYPES = [t.value for t in PartnerType]
PARTNER_FIELDS = ("name", "type", "branch_id", "notes")
CONTACT_FIELDS = ("name", "role", "email", "phone", "language")


def _done(request: HTMXRequest, location: str) -> Response:
    """After a save the partner page is reloaded whole: its contacts and history both may change."""
    if request.htmx:
        return ClientRedirect(redirect_to=location)
    return Redirect(path=location, status_code=303)


def _refused(request: HTMXRequest, partner: dict) -> Template:
    context = {"status": 403, "message": refusal(partner, request.state.lang)}
    return page_or_fragment(request, "errors/page.html", "errors/_message.html", context, status_code=403)


async def _load(partner_id: int) -> dict:
    partner = await partner_detail(partner_id)
    if partner is None:
        raise NotFoundException()
    return partner


def _common(staff: dict) -> dict:
    return {"staff": staff, "types": TYPES, "type_labels": TYPE_LABELS_LV, "languages": CONTACT_LANGUAGES,
            "language_labels": CONTACT_LANGUAGE_LV}


class PartnerController(Controller):
    path = "/partners"
    include_in_schema = False

    @get("/")
    async def directory(self, request: HTMXRequest, staff: NamedDependency[dict],
                        type_: Annotated[str | None, QueryParameter(name="type")] = None,
                        q: FromQuery[str | None] = None,
                        inactive: FromQuery[str | None] = None) -> Template:
        # an unknown type in a hand-edited address filters nothing rather than failing
        chosen = type_ if type_ in TYPES else ""
        text = (q or "")[:200]
        partners = await partner_directory(chosen or None, text, include_inactive=as_bool(inactive))
        context = {**_common(staff), "partners": partners, "chosen_type": chosen, "q": text, "inactive": as_bool(inactive),
                   "can_add": bool(staff.get("branch")) or can_edit_partner(staff, None)}
        return page_or_fragment(request, "partners/directory.html", "partners/_list.html", context)

    async def _partner_form(self, request: HTMXRequest, staff: dict, raw: dict, partner: dict | None = None,
                            errors: dict | None = None, status_code: int = 200) -> Template:
        allowed = [b for b in await branches() if can_edit_partner(staff, b["id"])]
        context = {**_common(staff), "raw": raw, "partner": partner, "branches": allowed,
                   "network_allowed": can_edit_partner(staff, None),
                   "errors": partner_error_texts(errors or {}, request.state.lang)}
        return page_or_fragment(request, "partners/form_page.html", "partners/_form.html", context, status_code=status_code)

    @get("/new")
    async def new(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        raw = {"type": PartnerType.OTHER.value, "branch_id": staff.get("branch") or ""}
        return await self._partner_form(request, staff, raw)

    async def _save_partner(self, request: HTMXRequest, staff: dict, partner: dict | None) -> Template | Response:
        form = await request.form()
        raw = {name: form.get(name) for name in PARTNER_FIELDS}
        try:
            draft = await validate_partner(raw, staff)
        except ValidationFailed as failed:
            return await self._partner_form(request, staff, raw, partner, failed.errors, 422)
        partner_id = await save_partner(draft, partner["id"] if partner else None)
        return _done(request, f"/partners/{partner_id}")

    @post("/", status_code=200)
    async def create(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template | Response:
        return await self._save_partner(request, staff, None)

    @get("/{partner_id:int}")
    async def show(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template:
        partner = await _load(partner_id)
        context = {**_common(staff), "partner": partner, "history": await partner_history(partner_id),
                   "can_edit": can_edit_partner(staff, partner["branch"]), "raw": {"language": "lv"}, "errors": {},
                   # a library writes its cooperation with its own partners and the network's
                   "cooperation_year": local_today().year if partner["branch"] is None or can_edit_partner(staff, partner["branch"]) else None}
        return Template("partners/page.html", context=context)

    @get("/{partner_id:int}/edit")
    async def edit(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template:
        partner = await _load(partner_id)
        if not can_edit_partner(staff, partner["branch"]):
            return _refused(request, partner)
        raw = {"name": partner["name"], "type": partner["type"], "branch_id": partner["branch"] or "", "notes": partner["notes"]}
        return await self._partner_form(request, staff, raw, partner)

    @post("/{partner_id:int}/edit", status_code=200)
    async def update(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template | Response:
        partner = await _load(partner_id)
        if not can_edit_partner(staff, partner["branch"]):
            return _refused(request, partner)
        return await self._save_partner(request, staff, partner)

    async def _set_active(self, request: HTMXRequest, staff: dict, partner_id: int, active: bool) -> Template | Response:
        partner = await _load(partner_id)
        if not can_edit_partner(staff, partner["branch"]):
            return _refused(request, partner)
        await set_partner_active(partner_id, active)
        return _done(request, f"/partners/{partner_id}")

    @post("/{partner_id:int}/deactivate", status_code=200)
    async def deactivate(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template | Response:
        return await self._set_active(request, staff, partner_id, False)

    @post("/{partner_id:int}/activate", status_code=200)
    async def activate(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template | Response:
        return await self._set_active(request, staff, partner_id, True)

    async def _contact_form(self, request: HTMXRequest, staff: dict, partner: dict, raw: dict, contact: dict | None = None,
                            errors: dict | None = None, status_code: int = 200) -> Template:
        context = {**_common(staff), "partner": partner, "contact": contact, "raw": raw,
                   "errors": partner_error_texts(errors or {}, request.state.lang)}
        return page_or_fragment(request, "partners/contact_page.html", "partners/_contact_form.html", context, status_code=status_code)

    async def _save_contact(self, request: HTMXRequest, staff: dict, partner_id: int, contact_id: int | None) -> Template | Response:
        partner = await _load(partner_id)
        if not can_edit_partner(staff, partner["branch"]):
            return _refused(request, partner)
        contact = await contact_of(partner_id, contact_id) if contact_id is not None else None
        if contact_id is not None and contact is None:
            raise NotFoundException()
        form = await request.form()
        raw = {name: form.get(name) for name in CONTACT_FIELDS}
        try:
            draft = validate_contact(raw)
        except ValidationFailed as failed:
            return await self._contact_form(request, staff, partner, raw, contact, failed.errors, 422)
        await save_contact(partner_id, draft, contact_id)
        return _done(request, f"/partners/{partner_id}#contacts")

    @post("/{partner_id:int}/contacts", status_code=200)
    async def add_contact(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template | Response:
        return await self._save_contact(request, staff, partner_id, None)

    @get("/{partner_id:int}/contacts/{contact_id:int}/edit")
    async def edit_contact(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId,
                           contact_id: RowId) -> Template:
        partner = await _load(partner_id)
        if not can_edit_partner(staff, partner["branch"]):
            return _refused(request, partner)
        contact = await contact_of(partner_id, contact_id)
        if contact is None:
            raise NotFoundException()
        return await self._contact_form(request, staff, partner, {name: contact[name] for name in CONTACT_FIELDS}, contact)

    @post("/{partner_id:int}/contacts/{contact_id:int}/edit", status_code=200)
    async def update_contact(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId,
                             contact_id: RowId) -> Template | Response:
        return await self._save_contact(request, staff, partner_id, contact_id)

    @post("/{partner_id:int}/contacts/{contact_id:int}/deactivate", status_code=200)
    async def deactivate_contact(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId,
                                 contact_id: RowId) -> Template | Response:
        partner = await _load(partner_id)
        if not can_edit_partner(staff, partner["branch"]):
            return _refused(request, partner)
        if await contact_of(partner_id, contact_id) is None:
            raise NotFoundException()
        await deactivate_contact(partner_id, contact_id)
        return _done(request, f"/partners/{partner_id}#contacts")
