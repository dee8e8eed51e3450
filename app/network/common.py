"""What the set-up pages share: who may manage what, the form's fields, the redirect after a save."""
from __future__ import annotations

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template

from app.network.texts import error_texts
from models.kernel.permissions import is_coordinator


def coordinators_only(staff: dict) -> None:
    if not is_coordinator(staff):
        raise PermissionDeniedException(detail="coordinators_only")


def found(row: dict | None) -> dict:
    if row is None:
        raise NotFoundException()
    return row


async def form_of(request: Request, names: tuple[str, ...]) -> dict:
    form = await request.form()
    return {name: form.get(name) for name in names}


def saved(location: str) -> Redirect:
    return Redirect(path=location, status_code=303)


def form_page(request: Request, template: str, context: dict, errors: dict | None = None) -> Template:
    """The form again with each error beside its field (422), or fresh (200)."""
    texts = error_texts(errors or {}, request.state.lang)
    return Template(template, context={**context, "errors": texts}, status_code=422 if errors else 200)
