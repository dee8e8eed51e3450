from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.middleware.csrf import generate_csrf_token
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from app.auth.login import TooManyAttempts, authenticate
from app.auth.sessions import rotate_session_id
from app.kernel.i18n import LANGUAGES
from app.kernel.web import CSRF_COOKIE, LANG_COOKIE, csrf_fingerprint, password_fingerprint, t
from models.kernel.network_tables import Staff


def _safe_next(target: str | None) -> str:
    # only paths on this site, never "//other.host"
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/planner"


async def sign_in(request: Request, staff_id: int, then: str) -> Redirect:
    """A new session for this staff member (the login, a colleague's first password), then `then`."""
    settings = request.app.state.settings
    old_id = request.cookies.get("session")
    if old_id:
        await request.app.stores.get("sessions").delete(old_id)
    rotate_session_id(request)
    # a new CSRF token for the new session, and the session knows it: the token the login form
    # carried (perhaps planted by someone else) is worth nothing from now on
    token = generate_csrf_token(settings.secret_key)
    row = await Staff.select(Staff.password_hash).where(Staff.id == staff_id).first()
    request.set_session({"staff_id": staff_id, "csrf": csrf_fingerprint(token), "pw": password_fingerprint(row["password_hash"])})
    response = Redirect(path=then, status_code=303)
    response.set_cookie(CSRF_COOKIE, token, path="/", secure=settings.secure_cookies, httponly=False, samesite="lax")
    return response


class AuthController(Controller):
    @get("/login", include_in_schema=False)
    async def login_form(self, request: Request, next: FromQuery[str | None] = None) -> Template:
        return Template("auth/login.html", context={"next": _safe_next(next), "error": None, "username": ""})

    @post("/login", include_in_schema=False)
    async def login(self, request: Request, data: Annotated[dict, Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Template | Redirect:
        settings = request.app.state.settings
        username = str(data.get("username", ""))[:80]
        address = request.client.host if request.client else "unknown"
        try:
            staff = await authenticate(username, str(data.get("password", "")), address, limit=settings.login_attempts,
                                       window_minutes=settings.login_window_minutes, address_delay=float(settings.extra.get("login_address_delay", 1.0)))
        except TooManyAttempts:
            error = t(request, "Pārāk daudz neveiksmīgu mēģinājumu. Mēģiniet vēlreiz pēc 15 minūtēm.")
            return Template("auth/login.html", context={"next": _safe_next(data.get("next")), "error": error, "username": username}, status_code=429)
        if staff is None:
            error = t(request, "Nepareizs lietotājvārds vai parole.")
            return Template("auth/login.html", context={"next": _safe_next(data.get("next")), "error": error, "username": username}, status_code=401)
        return await sign_in(request, staff["id"], _safe_next(data.get("next")))

    @post("/logout", include_in_schema=False)
    async def logout(self, request: Request) -> Redirect:
        request.clear_session()
        response = Redirect(path="/login", status_code=303)
        response.delete_cookie(CSRF_COOKIE, path="/")  # the next page gets a fresh one
        return response

    @post("/language", include_in_schema=False)
    async def language(self, request: Request, data: Annotated[dict, Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Redirect:
        lang = data.get("lang") if data.get("lang") in LANGUAGES else "lv"
        response = Redirect(path=_safe_next(data.get("next")), status_code=303)
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        return response
