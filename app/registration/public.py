"""A resident registers on the public item page, without an account: the section the item page
includes (`public_section`), the same partial at /programme/<branch>/<item>/register, and its POST.
A honeypot field and a per-address limit keep robots out; a registration taken goes to the
personal link's page (app/registration/personal.py), which is the confirmation to keep."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.kernel.i18n import translate
from app.registration.limits import WINDOW_SECONDS, may_register
from app.registration.texts import BUSY, BUSY_ERRORS, closed_text, error_texts, is_busy, places_words, state_class
from app.kernel.web import RowId, page_or_fragment
from models.kernel.clock import local_wall_time, utcnow
from models.kernel.validation import ValidationFailed
from models.publishing import Scope, items_in_scope
from models.registration import RegistrationClosed, availability, parse_registration, register

FIELDS = ("name", "phone", "email", "party", "age_band")
HONEYPOT = "website"  # a field a person never sees; a robot filling every field fills it too
NO_STORE = {"Cache-Control": "no-store"}  # the places left change, and the form holds the visitor's CSRF token


def _base_url(request: Request) -> str:
    return request.app.state.settings.base_url.rstrip("/")


async def public_item(branch_slug: str, item_id: int) -> dict:
    """The item as the public may see it on this branch's pages, or 404."""
    found = await items_in_scope(Scope(item_ids=(item_id,)))
    if not found or found[0]["branch_slug"] != branch_slug:
        raise NotFoundException()
    return found[0]


async def public_section(request: Request, item: dict, *, raw: dict | None = None, errors: dict | None = None,
                         refused: str = "") -> dict | None:
    """What the registration section shows, or None when the item takes no registrations."""
    found = await availability(item["id"], utcnow())
    if found is None or (found["reason"] == "off" and not refused):
        return None
    lang = request.state.lang
    return {
        "item": item, "availability": found, "words": places_words(found, lang), "look": state_class(found),
        "open": found["reason"] is None, "action": f"/programme/{item['branch_slug']}/{item['id']}/register",
        "raw": raw or {"party": "1"}, "errors": error_texts(errors or {}, lang), "refused": refused,
        "parties": range(1, found["party_max"] + 1), "honeypot": HONEYPOT,
    }


def next_session(item: dict) -> dict | None:
    """The date line's session: the first still to come (a series that has begun names its next one),
    else the first; None when every session is cancelled."""
    sessions = sorted((o for o in item.get("occurrences") or () if not o["cancelled"]), key=lambda o: o["starts_at"])
    wall = local_wall_time(utcnow())
    return next((o for o in sessions if o["starts_at"] > wall), sessions[0] if sessions else None)


class PublicRegistrationController(Controller):
    path = "/programme/{branch_slug:str}/{item_id:int}/register"
    include_in_schema = False

    async def _form(self, request: HTMXRequest, item: dict, status_code: int = 200, **kwargs) -> Template:
        section = await public_section(request, item, **kwargs)
        if section is None:
            raise NotFoundException()
        return page_or_fragment(request, "registration/register_page.html", "registration/_public_section.html",
                                {"registration": section, "item": item, "next": next_session(item)}, status_code=status_code, headers=NO_STORE)

    @get("/")
    async def show(self, request: HTMXRequest, branch_slug: FromPath[str], item_id: RowId) -> Template:
        return await self._form(request, await public_item(branch_slug, item_id))

    @post("/", status_code=200)
    async def submit(self, request: HTMXRequest, branch_slug: FromPath[str], item_id: RowId) -> Template | Redirect:
        item = await public_item(branch_slug, item_id)
        form = await request.form()
        raw = {name: str(form.get(name) or "") for name in FIELDS}
        if form.get(HONEYPOT):  # a robot: nothing is registered, and it is told no more than a person would be
            return await self._form(request, item, 422, errors={"form": "honeypot"})  # nothing typed is echoed back
        found = await availability(item_id, utcnow())
        try:
            draft = parse_registration({**raw, "language": request.state.lang}, found or {"party_max": 1, "ask_age_band": False})
            if not may_register(request, item_id):
                return Template("registration/limited.html", context={"item": item, "links": False}, status_code=429,
                                headers={"Retry-After": str(WINDOW_SECONDS), **NO_STORE})
            _, token = await register(item_id, draft, base_url=_base_url(request), now=utcnow())
        except ValidationFailed as failed:
            return await self._form(request, item, 422, raw=raw, errors=failed.errors)
        except RegistrationClosed as closed:
            return await self._form(request, item, 409, raw=raw, refused=closed_text(closed.reason, request.state.lang))
        except BUSY_ERRORS as error:
            if not is_busy(error):
                raise
            return await self._form(request, item, 503, raw=raw, refused=translate(BUSY, request.state.lang))
        return Redirect(path=f"/r/{token}?done=new", status_code=303)


PUBLIC_HANDLERS: list = [PublicRegistrationController]
