"""Errors a user can cause get a page (or fragment, or JSON) in their language, never a 500."""
from __future__ import annotations

from models.kernel.i18n import N_

import logging
import sqlite3
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException, ValidationException
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from app.kernel.i18n import error_text, error_texts, translate
from app.kernel.web import language_of
from models.kernel.validation import NotFound, ValidationFailed

log = logging.getLogger("afisa")

MESSAGES = {
    400: N_("Pieprasījumā ir kļūda. Pārbaudiet ievadīto un mēģiniet vēlreiz."),
    401: N_("Lūdzu, piesakieties."),
    403: N_("Jums nav tiesību to darīt."),
    404: N_("Šāda lapa vai ieraksts nav atrasts."),
    405: N_("Šāda darbība šeit nav iespējama."),
    409: error_text("stale", "lv"),
    413: N_("Fails vai pieprasījums ir pārāk liels."),
    415: N_("Sūtiet datus kā JSON (Content-Type: application/json)."),
    429: N_("Pārāk daudz pieprasījumu. Mēģiniet vēlreiz pēc brīža."),
    500: N_("Radās kļūda mūsu pusē. Jūsu dati nav zaudēti; mēģiniet vēlreiz vai sazinieties ar koordinatoru."),
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _lang(request: Request) -> str:
    # a guard or a middleware may refuse before the before-request hook has set the language
    return getattr(request.state, "lang", None) or language_of(request)


def _message(request: Request, status: int, detail: str | None) -> str:
    lang = _lang(request)
    if detail in ("branch_forbidden", "coordinators_only"):
        return error_text(detail, lang)
    if status == 403 and detail and "csrf" in detail.lower():
        return translate("Drošības pārbaude neizdevās (iespējams, lapa bija atvērta pārāk ilgi). Pārlādējiet lapu un mēģiniet vēlreiz.", lang)
    return translate(MESSAGES.get(status, MESSAGES[400]), lang)


def http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if isinstance(exc, NotAuthorizedException) and not _is_api(request):
        target = "/login?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if request.headers.get("hx-request"):
            return ClientRedirect(redirect_to=target)
        return Redirect(path=target)
    message = _message(request, status, exc.detail)
    if _is_api(request):
        body = {"status_code": status, "detail": message}
        if isinstance(exc, ValidationException) and exc.extra:
            body["extra"] = exc.extra
        return Response(body, status_code=status, media_type=MediaType.JSON)
    template = "errors/_message.html" if request.headers.get("hx-request") else "errors/page.html"
    return Template(template_name=template, context={"status": status, "message": message}, status_code=status)


def not_found(request: Request, exc: NotFound) -> Response:
    return http_error(request, NotFoundException())


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message = translate(MESSAGES[500], _lang(request))
    if _is_api(request):
        return Response({"status_code": 500, "detail": message}, status_code=500, media_type=MediaType.JSON)
    return Template(template_name="errors/page.html", context={"status": 500, "message": message}, status_code=HTTP_500_INTERNAL_SERVER_ERROR)


BUSY = N_("Serveris šobrīd ir aizņemts, tāpēc izmaiņas netika saglabātas. Ierakstītais palika formā: mēģiniet saglabāt vēlreiz pēc brīža.")
# a whole page replaced the form: the browser's Back button brings it back as it was typed
BUSY_PAGE = N_("Serveris šobrīd ir aizņemts, tāpēc izmaiņas netika saglabātas. Atgriezieties iepriekšējā lapā ar pārlūka pogu „Atpakaļ” un saglabājiet vēlreiz pēc brīža.")


def database_busy(request: Request, exc: sqlite3.OperationalError) -> Response:
    """SQLite could not give this request the write lock within busy_timeout (models/kernel/db.py):
    a 503 that says so and keeps what was typed (htmx swaps nothing; the page answer asks to go
    back and save again). Any other OperationalError is the server's own error."""
    if "locked" not in str(exc) and "busy" not in str(exc):
        return server_error(request, exc)
    log.warning("%s %s: the database stayed locked; the request was refused with 503", request.method, request.url.path)
    message = translate(BUSY, _lang(request))
    headers = {"Retry-After": "2"}
    if _is_api(request):
        return Response({"status_code": 503, "detail": message}, status_code=503, media_type=MediaType.JSON, headers=headers)
    if request.headers.get("hx-request"):
        return Template(template_name="errors/_message.html", context={"status": 503, "message": message}, status_code=503, headers=headers)
    message = translate(BUSY_PAGE, _lang(request))
    return Template(template_name="errors/page.html", context={"status": 503, "message": message}, status_code=503, headers=headers)


def too_deep(request: Request, exc: RecursionError) -> Response:
    """A JSON body nested deeper than Python recurses: a malformed request, not the server's error."""
    return http_error(request, HTTPException(status_code=400))


def refused(request: Request, exc: ValidationFailed) -> Response:
    """A domain rule refused the change on a path whose handler did not show it by its field (each
    form does): a 422 with the rule's sentences, never a 500."""
    lang = _lang(request)
    messages = error_texts(exc.errors, lang)
    if _is_api(request):
        return Response({"errors": messages}, status_code=422, media_type=MediaType.JSON)
    template = "errors/_message.html" if request.headers.get("hx-request") else "errors/page.html"
    return Template(template_name=template, context={"status": 422, "message": " ".join(messages.values())}, status_code=422)


EXCEPTION_HANDLERS = {
    HTTPException: http_error,
    NotFound: not_found,
    ValidationFailed: refused,
    sqlite3.OperationalError: database_busy,
    RecursionError: too_deep,
    HTTP_500_INTERNAL_SERVER_ERROR: server_error,
}
