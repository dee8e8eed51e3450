"""What the API's handlers share, whatever their area: refusals and the responses that document them,
and the router an area's API handlers are served by (app/api/__init__.py, api_router)."""
from __future__ import annotations

from litestar import MediaType, Request, Response
from litestar.openapi.datastructures import ResponseSpec

from app.api.schemas import ErrorOut, FieldErrorsOut, StaleOut
from app.kernel.i18n import error_text, error_texts


# --- refusals: raised by the handlers, rendered by the router ------------------------------

class ApiRefusal(Exception):
    def __init__(self, status_code: int, content: dict):
        super().__init__(status_code, content)
        self.status_code = status_code
        self.content = content


def refusal_response(request: Request, exc: ApiRefusal) -> Response:
    return Response(exc.content, status_code=exc.status_code, media_type=MediaType.JSON)


def field_errors(request: Request, errors: dict[str, str]) -> ApiRefusal:
    return ApiRefusal(422, {"errors": error_texts(errors, request.state.lang)})


def stale(request: Request) -> ApiRefusal:
    return ApiRefusal(409, {"detail": error_text("stale", request.state.lang)})


R401 = ResponseSpec(data_container=ErrorOut, description="Not signed in.")
R403 = ResponseSpec(data_container=ErrorOut, description="Another branch's item, or a missing CSRF header.")
R404 = ResponseSpec(data_container=ErrorOut, description="No such record.")
R400 = ResponseSpec(data_container=ErrorOut, description="The body or a parameter has the wrong JSON type.")
R422 = ResponseSpec(data_container=FieldErrorsOut, description="Per-field errors, in the request's language.")
R409_STALE = ResponseSpec(data_container=StaleOut, description="Someone else saved the item in between.")
READ = {401: R401}
WRITE = {400: R400, 401: R401, 403: R403, 404: R404, 422: R422}
