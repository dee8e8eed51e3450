"""The JSON API under /api/v1: the same programme the planner shows, for other programs.

Each area serves its own part of it from its folder (app/<area>/api.py, included in the area's Router
through `api_router`); this package holds what they share (refusals, errors, the JSON-only guard) and
the API's own "me".

It signs in with the planner's session cookie, and unsafe methods carry the CSRF token in the
`x-csrftoken` header (the app-wide CSRF middleware checks it). It adds no item rules of its own:
item bodies go through `models.planning.validation.validate_item`, clashes through `models.planning.clashes.find_clashes`,
and the changes through `models.planning.programme`, exactly as app/planning/items.py does for the pages
(app/planning/api.py).
A one-session PATCH is validated as the item at the new time and place, like the dialog's "only
this session".

Request bodies are typed with their JSON types only, so a wrong JSON type is a 400 from the
decoder; what the values mean (required, allowed choices, lengths, dates) is validate_item's
to judge, and its per-field errors come back as 422 {"errors": {field: message}} in the
request's language. Times are the library's wall-clock times (Europe/Riga) with their offset
(+02:00, +03:00 in summer); a time sent without an offset is read as the library's.
"""
from __future__ import annotations

from litestar import Router
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.exceptions import HTTPException

from app.api.common import ApiRefusal, refusal_response
from app.api.reference import MeController


async def require_json(request: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """A body the API reads is JSON and says so: a form or text/plain post (which a browser may
    send cross-site without asking first) is refused before anything reads it."""
    if request.scope["method"] in ("POST", "PUT", "PATCH") and request.headers.get("content-length", "0") != "0":
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise HTTPException(status_code=415, detail="unsupported_media_type")


def api_router(*handlers) -> Router:
    """An area's JSON API under /api/v1 (the area's Router includes it, app/<area>/routes.py): JSON
    bodies only, refusals in the API's one error shape."""
    return Router(path="/api/v1", guards=[require_json], route_handlers=list(handlers), exception_handlers={ApiRefusal: refusal_response})


# the API's own: who is signed in; every area's handlers are the area's
router = api_router(MeController)
