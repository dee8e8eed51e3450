"""The personal link /r/<token>: the resident's registration (the item, the party, a place or the
place in the queue), changing the party, cancelling, deleting one's data. No account: the link is
the key, so any wrong, erased or malformed link answers the same plain 404, and a run of wrong
links from one address is slowed down (app/registration/limits.py). The page is nobody's cache's
business and sends no Referer that would carry the token elsewhere."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.kernel.i18n import translate
from app.registration.limits import WINDOW_SECONDS, may_look_up
from app.registration.texts import BUSY, BUSY_ERRORS, closed_text, error_texts, is_busy
from app.kernel.web import LANG_COOKIE
from models.kernel.clock import local_wall_time, utcnow
from models.kernel.i18n import LANGUAGES
from models.kernel.validation import ValidationFailed
from models.planning import item_detail
from models.publishing import shown_publicly
from models.registration import (
    RegistrationClosed, RegistrationNotFound, availability, cancel, change_party, erase, personal_link, registration_by_token, setup_of,
)

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}
DONE = ("new", "party", "cancelled")


def _base_url(request: Request) -> str:
    return request.app.state.settings.base_url.rstrip("/")


def gone(request: Request) -> Template:
    """The one answer to any link that opens nothing, or too many of them from one address."""
    if not may_look_up(request):
        return Template("registration/limited.html", context={"item": None, "links": True}, status_code=429,
                        headers={"Retry-After": str(WINDOW_SECONDS), **PRIVATE})
    return Template("registration/gone.html", context={}, status_code=404, headers=PRIVATE)


def _speak(request: Request, registration: dict) -> None:
    """The mail's link opens in the language the person registered in, unless they chose one here."""
    if request.cookies.get(LANG_COOKIE) not in LANGUAGES and registration["language"] in LANGUAGES:
        request.state.lang = registration["language"]


async def _page(request: Request, token: str, registration: dict, *, done: str = "", errors: dict | None = None,
                refused: str = "", status_code: int = 200) -> Template:
    _speak(request, registration)
    item = await item_detail(registration["item_id"])
    setup = await setup_of(registration["item_id"])
    sessions = sorted((o for o in item["occurrences"] if not o["cancelled"]), key=lambda o: o["starts_at"])
    found = await availability(registration["item_id"], utcnow())
    # "the next in the queue gets the place" only while a promotion can happen: a waiting list, registration still open
    promotable = bool(setup and setup["waiting_list"] and found and found["reason"] not in ("closed", "off"))
    ended = bool(sessions) and max(o["ends_at"] for o in sessions) <= local_wall_time(utcnow())  # no cancelling after that
    context = {
        "r": registration, "item": item, "sessions": sessions, "setup": setup, "token": token, "done": done if done in DONE else "",
        "lang_next": f"/r/{token}",  # the language switch comes back here
        "link": personal_link(_base_url(request), token), "public": shown_publicly(item),
        "errors": error_texts(errors or {}, request.state.lang), "refused": refused,
        # a party_max lowered below this party still offers the party as it is (selected), never 1 silently
        "parties": range(1, max(setup["party_max"] if setup else 0, registration["party"]) + 1),
        "promotable": promotable, "ended": ended,
    }
    return Template("registration/personal.html", context=context, status_code=status_code, headers=PRIVATE)


async def _busy(request: Request, token: str, error: Exception) -> Template:
    """The write waited too long for the database's lock (a rush): nothing changed, try again."""
    if not is_busy(error):
        raise error
    registration = await registration_by_token(token)
    if registration is None:
        return gone(request)
    return await _page(request, token, registration, refused=translate(BUSY, request.state.lang), status_code=503)


class PersonalLinkController(Controller):
    path = "/r/{token:str}"
    include_in_schema = False

    @get("/")
    async def show(self, request: Request, token: FromPath[str], done: FromQuery[str | None] = None) -> Template:
        registration = await registration_by_token(token)
        if registration is None:
            return gone(request)
        return await _page(request, token, registration, done=done or "")

    @get(["/{rest:path}", "/party/{rest:path}", "/cancel/{rest:path}", "/erase/{rest:path}"])
    async def unknown(self, request: Request, token: FromPath[str], rest: FromPath[str]) -> Template:
        """Any other path under a link opens nothing: the same answer as a wrong token."""
        return gone(request)

    @post("/party", status_code=200)
    async def party(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        form = await request.form()
        try:
            await change_party(token, str(form.get("party") or ""), base_url=_base_url(request), now=utcnow())
        except RegistrationNotFound:
            return gone(request)
        except (ValidationFailed, RegistrationClosed) as refused:
            registration = await registration_by_token(token)
            if registration is None:
                return gone(request)
            if isinstance(refused, ValidationFailed):
                return await _page(request, token, registration, errors=refused.errors, status_code=422)
            return await _page(request, token, registration, refused=closed_text(refused.reason, request.state.lang), status_code=409)
        except BUSY_ERRORS as error:
            return await _busy(request, token, error)
        return Redirect(path=f"/r/{token}?done=party", status_code=303)

    @post("/cancel", status_code=200)
    async def cancel(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        try:
            await cancel(token, base_url=_base_url(request), now=utcnow())
        except RegistrationNotFound:
            return gone(request)
        except RegistrationClosed as refused:
            registration = await registration_by_token(token)
            if registration is None:
                return gone(request)
            return await _page(request, token, registration, refused=closed_text(refused.reason, request.state.lang), status_code=409)
        except BUSY_ERRORS as error:
            return await _busy(request, token, error)
        return Redirect(path=f"/r/{token}?done=cancelled", status_code=303)

    @post("/erase", status_code=200)
    async def erase(self, request: Request, token: FromPath[str]) -> Template:
        registration = await registration_by_token(token)
        if registration is None:
            return gone(request)
        try:
            await erase(token, now=utcnow())
        except RegistrationNotFound:
            return gone(request)
        except BUSY_ERRORS as error:
            return await _busy(request, token, error)
        _speak(request, registration)
        item = await item_detail(registration["item_id"])
        return Template("registration/erased.html", context={"item": item, "public": shown_publicly(item)}, headers=PRIVATE)


PERSONAL_HANDLERS: list = [PersonalLinkController]
