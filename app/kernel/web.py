"""What every controller shares: who is asking, in which language, and the one helper that
answers a full page or, to an HTMX request, just the fragment the page includes."""
from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.params import PathParameter
from litestar.plugins.htmx import HTMXRequest, HTMXTemplate
from litestar.response import Template

from app.kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from models.kernel.permissions import can_edit_branch
from models.kernel.network_tables import Staff

LANG_COOKIE = "afisa_lang"

# a row id in a URL: beyond a 32-bit id the database would overflow (a 500), so Litestar answers 400
RowId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


def digits(value: object) -> int | None:
    """A form or query value as a row id, or None: only ASCII digits ("²".isdigit() is true, but
    int("²") fails) and at most nine of them (the database's integers end at 2**31)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def language_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE)
    if lang in LANGUAGES:
        return lang
    staff = getattr(request.state, "staff", None)
    if staff and staff.get("language") in LANGUAGES:
        return staff["language"]
    return DEFAULT_LANGUAGE


CSRF_COOKIE = "csrftoken"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_fingerprint(password_hash: str) -> str:
    """What a session remembers of the password it was opened with: a new password (changed by
    its owner, or set from a reset link) ends every session opened with the old one."""
    return hashlib.sha256(("afisa-session:" + password_hash).encode()).hexdigest()[:32]


async def load_staff(request: Request) -> None:
    """before_request hook: the logged-in staff row, or None. A change made in a signed-in session
    must carry the CSRF token the login issued to that session (the middleware has checked the
    token against the cookie; this checks the cookie against the session), so a token planted
    before the login, or taken from another session, changes nothing."""
    request.state.staff = None
    session = request.session if "session" in request.scope else {}
    staff_id = session.get("staff_id")
    if staff_id and request.method in UNSAFE_METHODS and session.get("csrf"):
        if not hmac.compare_digest(csrf_fingerprint(request.cookies.get(CSRF_COOKIE, "")), session["csrf"]):
            raise PermissionDeniedException(detail="CSRF token verification failed: not this session's")
    if staff_id:
        staff = await Staff.select(
            Staff.id, Staff.username, Staff.display_name, Staff.role, Staff.branch, Staff.language, Staff.active,
            Staff.branch.short_name.as_alias("branch_name"), Staff.password_hash,
        ).where((Staff.id == staff_id) & (Staff.active == True)).first()  # noqa: E712
        if staff is not None and not hmac.compare_digest(password_fingerprint(staff.pop("password_hash")), session.get("pw", "")):
            staff = None  # the password changed since this session began
        request.state.staff = staff
    request.state.lang = language_of(request)


async def provide_staff(request: Request) -> dict:
    """Dependency for staff-only handlers: the staff row, or 401 (the login page)."""
    staff = getattr(request.state, "staff", None)
    if staff is None:
        raise NotAuthorizedException()
    return staff


def require_branch(staff: dict, branch_id: int | None) -> None:
    if not can_edit_branch(staff, branch_id):
        raise PermissionDeniedException(detail="branch_forbidden")


def t(request: Request, text: str) -> str:
    return translate(text, request.state.lang)


def page_or_fragment(request: HTMXRequest, page: str, fragment: str, context: dict[str, Any], **kwargs: Any) -> Template:
    """A full page for a browser navigation and for htmx restoring a page its history cache has
    lost (HX-History-Restore-Request); only the swapped fragment for any other HTMX request. The
    two answers share a URL, so `Vary: HX-Request` keeps caches (the browser's back button
    included) from handing one out for the other."""
    headers = {**kwargs.pop("headers", {}), "Vary": "HX-Request"}
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        return HTMXTemplate(template_name=fragment, context=context, headers=headers, **kwargs)
    return Template(template_name=page, context=context, headers=headers, **kwargs)


NOTICES = "notices"


def say(request: Request, text: str, *, undo: str | None = None, level: str = "ok") -> None:
    """A short message for the next page this person sees ("Saglabāts."), kept in her session
    until shown; `undo` is the address that takes the action back (a POST)."""
    if "session" not in request.scope or not isinstance(request.scope.get("session"), dict):
        return
    kept = list(request.session.get(NOTICES) or [])[-4:]
    request.session[NOTICES] = [*kept, {"text": text, "undo": undo or "", "level": level}]


def take_notices(request: Request) -> list[dict]:
    """The messages waiting for this page, shown once (base.html)."""
    session = request.scope.get("session")
    if not isinstance(session, dict) or not session.get(NOTICES):
        return []
    return session.pop(NOTICES)


def notice_trigger(text: str, *, undo: str | None = None, level: str = "ok") -> dict:
    """The same message for a page that stays (htmx): static/js/afisa.js shows it in the notices region."""
    return {"afisa-notice": {"text": text, "undo": undo or "", "level": level}}
