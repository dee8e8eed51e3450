"""The librarian's side: turning registration on for an item and setting it up, the list of who
registered (with the waiting list in its order and the cancelled), cancelling one, and the
section the item's page loads. The item's own library's staff and the coordinators only: the
list holds residents' names and phones, so anyone else gets 403, as for the item's other changes."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.kernel.i18n import ngettext, translate
from app.registration.texts import error_texts, moment_text, places_words, state_class
from app.kernel.web import RowId, digits, require_branch, say
from models.kernel.clock import utcnow
from models.kernel.validation import ValidationFailed
from models.planning import item_detail
from models.publishing import shown_publicly
from models.registration import (
    RegistrationNotFound, StaleVersion, availability, came_count, cancel_by_staff, parse_setup, registrations_of, save_setup, sessions_of,
    setup_of, ticking_session, with_marks,
)

FIELDS = ("capacity", "party_max", "opens_at", "closes_at", "waiting_limit", "retention_days")
CHECKBOXES = ("waiting_list", "ask_age_band", "active")
NO_STORE = {"Cache-Control": "no-store"}  # residents' names and phones


def _base_url(request: Request) -> str:
    return request.app.state.settings.base_url.rstrip("/")


async def _item(staff: dict, item_id: int) -> dict:
    item = await item_detail(item_id)
    if item is None:
        raise NotFoundException()
    require_branch(staff, item["branch"])
    return item


def _raw_of(setup: dict | None) -> dict:
    if setup is None:  # a new setup: a waiting list and on, as the form suggests
        return {"capacity": "", "party_max": "1", "opens_at": "", "closes_at": "", "waiting_limit": "", "retention_days": "30",
                "waiting_list": True, "ask_age_band": False, "active": True, "version": ""}
    return {"capacity": str(setup["capacity"]), "party_max": str(setup["party_max"]), "opens_at": moment_text(setup["opens_at"]),
            "closes_at": moment_text(setup["closes_at"]), "waiting_limit": "" if setup["waiting_limit"] is None else str(setup["waiting_limit"]),
            "retention_days": str(setup["retention_days"]), "waiting_list": setup["waiting_list"], "ask_age_band": setup["ask_age_band"],
            "active": setup["active"], "version": str(setup["version"])}


def _form(request: Request, item: dict, setup: dict | None, raw: dict, errors: dict | None = None, status_code: int = 200) -> Template:
    context = {"item": item, "setup": setup, "raw": raw, "errors": error_texts(errors or {}, request.state.lang)}
    return Template("registration/setup.html", context=context, status_code=status_code, headers=NO_STORE)


class RegistrationStaffController(Controller):
    path = "/items/{item_id:int}"
    include_in_schema = False

    @get("/registration")
    async def setup_form(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Template:
        item = await _item(staff, item_id)
        setup = await setup_of(item_id)
        return _form(request, item, setup, _raw_of(setup))

    @post("/registration", status_code=200)
    async def save(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Template | Redirect:
        item = await _item(staff, item_id)
        form = await request.form()
        raw = {name: str(form.get(name) or "") for name in FIELDS} | {name: bool(form.get(name)) for name in CHECKBOXES}
        version = str(form.get("version") or "")
        raw["version"] = version
        try:
            draft = parse_setup({**raw, **{name: "1" if raw[name] else "" for name in CHECKBOXES}})
            promoted = await save_setup(item_id, draft, version=int(version) if version.isascii() and version.isdigit() and len(version) < 10 else None,
                                        staff_id=staff["id"], base_url=_base_url(request), now=utcnow())
        except ValidationFailed as failed:
            return _form(request, item, await setup_of(item_id), raw, failed.errors, 422)
        except StaleVersion:
            return _form(request, item, await setup_of(item_id), raw, {"form": "stale"}, 409)
        lang = request.state.lang
        note = translate("Pieteikšanās iestatījumi saglabāti.", lang)
        if promoted:
            note += " " + ngettext("No rindas uzņemts %(num)d pieteikums.", "No rindas uzņemti %(num)d pieteikumi.", len(promoted), lang)
        say(request, note)
        return Redirect(path=f"/items/{item_id}/registrations", status_code=303)

    @get("/registrations")
    async def roster(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Template:
        """The list; each registered row's tick „atnāca” is for one session (`?session=`, by default
        today's, else the last that started, else the first): a series' sessions are ticked apart."""
        item = await _item(staff, item_id)
        now = utcnow()
        found = await availability(item_id, now)
        rows = await registrations_of(item_id)
        sessions = await sessions_of(item_id)
        asked = request.query_params.get("session")
        chosen = ticking_session(sessions, digits(asked) if asked else None, now)
        if asked and (digits(asked) is None or chosen is None):
            raise NotFoundException()  # not a session of this item's, or a cancelled one
        registered = await with_marks([r for r in rows if r["state"] == "registered"], chosen["id"] if chosen else None)
        context = {"item": item, "availability": found, "words": places_words(found, request.state.lang), "look": state_class(found),
                   "setup": await setup_of(item_id), "public": shown_publicly(item), "sessions": sessions, "chosen": chosen,
                   "came": await came_count(item_id, chosen["id"]) if chosen else None,
                   "groups": [("registered", registered)] + [(state, [r for r in rows if r["state"] == state]) for state in ("waiting", "cancelled")]}
        return Template("registration/roster.html", context=context, headers=NO_STORE)

    @post("/registrations/{registration_id:int}/cancel", status_code=200)
    async def cancel(self, request: Request, staff: NamedDependency[dict], item_id: RowId, registration_id: RowId) -> Redirect:
        await _item(staff, item_id)
        try:
            await cancel_by_staff(registration_id, item_id, staff_id=staff["id"], base_url=_base_url(request), now=utcnow())
        except RegistrationNotFound:
            raise NotFoundException() from None
        say(request, translate("Pieteikums atsaukts. Ja rindā kāds gaidīja un vieta viņam pietiek, viņš ir uzņemts.", request.state.lang))
        return Redirect(path=f"/items/{item_id}/registrations", status_code=303)

    @get("/registration/summary")
    async def summary(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Template:
        """The item page's section (loaded by htmx): places left and the links."""
        item = await _item(staff, item_id)
        found = await availability(item_id, utcnow())
        context = {"item": item, "availability": found, "words": places_words(found, request.state.lang) if found else ""}
        return Template("registration/_summary.html", context=context, headers=NO_STORE)


STAFF_HANDLERS: list = [RegistrationStaffController]
