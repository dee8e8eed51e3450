"""External calendars (overlays) of a branch: the list with each one's state, adding one (it is
fetched at once, so the librarian sees whether the address works), refreshing and deleting.
Every staff member may look; only the branch's librarians and coordinators may change."""
from __future__ import annotations

from models.kernel.i18n import N_

from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.kernel.i18n import error_text, translate
from app.overlays.fetch import check_address, normalise_url
from app.overlays.refresh import Refreshed, refresh_calendar
from app.overlays.texts import format_moment, overlay_error
from app.kernel.web import RowId, digits, page_or_fragment, require_branch
from models.overlays.calendars import add_calendar, calendars_of, delete_calendar, get_calendar
from models.kernel.permissions import can_edit_branch
from models.planning import branches
from models.kernel.validation import clean_text

PAGE, REGION = "overlays/page.html", "overlays/_region.html"
REFRESH_CHOICES = ((60, N_("Ik stundu")), (180, N_("Ik pēc 3 stundām")), (360, N_("Ik pēc 6 stundām")), (720, N_("Divreiz dienā")), (1440, N_("Reizi dienā")))
NAME_LIMIT, URL_LIMIT = 200, 1000


def _choose_branch(staff: dict, all_branches: list[dict], wanted: int | None) -> dict | None:
    by_id = {b["id"]: b for b in all_branches}
    if wanted is not None:
        return by_id.get(wanted)
    return by_id.get(staff["branch"]) or (all_branches[0] if all_branches else None)


def _state(calendar: dict, language: str) -> dict:
    calendar["last_success_label"] = format_moment(calendar["last_success_at"])
    calendar["last_checked_label"] = format_moment(calendar["last_checked_at"])
    calendar["error_text"] = overlay_error(calendar["last_error"], language) if calendar["last_error"] else ""
    return calendar


def _result_message(name: str, result: Refreshed, language: str, added: bool = False) -> tuple[str, bool]:
    if result.error:
        key = N_("Kalendārs „{name}” pievienots, bet to neizdevās ielādēt: {error}") if added else N_("Kalendāru „{name}” neizdevās atjaunot: {error}")
        return translate(key, language).format(name=name, error=overlay_error(result.error, language)), False
    if result.unchanged:
        return translate("Kalendārs „{name}” nav mainījies kopš iepriekšējās ielādes.", language).format(name=name), True
    key = N_("Kalendārs „{name}” pievienots. Notikumi: {count}.") if added else N_("Kalendārs „{name}” atjaunots. Notikumi: {count}.")
    return translate(key, language).format(name=name, count=result.events), True


async def _validate(form: Any, staff: dict, allow_private: bool) -> tuple[dict, dict[str, str]]:
    raw = {"name": form.get("name") or "", "url": normalise_url(form.get("url") or ""), "refresh_minutes": form.get("refresh_minutes") or "360"}
    errors: dict[str, str] = {}
    for field, limit in (("name", NAME_LIMIT), ("url", URL_LIMIT)):
        try:
            raw[field] = clean_text(raw[field], limit, required=True)
        except ValueError as error:
            errors[field] = str(error)
    if "url" not in errors:
        problem = await check_address(raw["url"], allow_private)
        # a name that does not resolve may be a passing DNS failure: the calendar is added and shows it
        if problem and problem != "dns":
            errors["url"] = "overlay:" + problem
    if digits(raw["refresh_minutes"]) not in dict(REFRESH_CHOICES):
        errors["refresh_minutes"] = "choice"
    return raw, errors


def _error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    return {name: overlay_error(code.removeprefix("overlay:"), language) if code.startswith("overlay:") else error_text(code, language)
            for name, code in errors.items()}


class OverlayController(Controller):
    path = "/overlays"
    include_in_schema = False

    async def _render(self, request: HTMXRequest, staff: dict, branch: dict | None, *, raw: dict | None = None,
                      errors: dict | None = None, message: str = "", ok: bool = True, status_code: int = 200) -> Template:
        language = request.state.lang
        calendars = [_state(c, language) for c in await calendars_of(branch["id"])] if branch else []
        context = {
            "staff": staff, "branch": branch, "branches": await branches(), "calendars": calendars,
            "can_edit": bool(branch) and can_edit_branch(staff, branch["id"]), "refresh_choices": REFRESH_CHOICES,
            "raw": raw or {"name": "", "url": "", "refresh_minutes": "360"}, "errors": _error_texts(errors or {}, language),
            "message": message, "ok": ok,
        }
        return page_or_fragment(request, PAGE, REGION, context, status_code=status_code)

    @get("/")
    async def index(self, request: HTMXRequest, staff: NamedDependency[dict], branch: FromQuery[int | None] = None) -> Template:
        chosen = _choose_branch(staff, await branches(), branch)
        if branch is not None and chosen is None:
            raise NotFoundException()
        return await self._render(request, staff, chosen)

    @post("/")
    async def add(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        form = await request.form()
        branch_id = digits(form.get("branch")) or staff["branch"]
        branch = _choose_branch(staff, await branches(), branch_id) if branch_id is not None else None
        if branch is None:
            raise NotFoundException()
        require_branch(staff, branch["id"])
        settings = request.app.state.settings
        raw, errors = await _validate(form, staff, settings.allow_private_overlays)
        if errors:
            return await self._render(request, staff, branch, raw=raw, errors=errors, status_code=422)
        calendar_id = await add_calendar(branch["id"], raw["name"], raw["url"], int(raw["refresh_minutes"]), staff["id"])
        result = await refresh_calendar(calendar_id, settings)
        message, ok = _result_message(raw["name"], result, request.state.lang, added=True)
        return await self._render(request, staff, branch, message=message, ok=ok)

    async def _own(self, staff: dict, calendar_id: int) -> tuple[dict, dict]:
        calendar = await get_calendar(calendar_id)
        if calendar is None:
            raise NotFoundException()
        require_branch(staff, calendar["branch"])
        branch = _choose_branch(staff, await branches(), calendar["branch"])
        return calendar, branch

    @post("/{calendar_id:int}/refresh")
    async def refresh(self, request: HTMXRequest, staff: NamedDependency[dict], calendar_id: RowId) -> Template:
        calendar, branch = await self._own(staff, calendar_id)
        result = await refresh_calendar(calendar_id, request.app.state.settings)
        message, ok = _result_message(calendar["name"], result, request.state.lang)
        return await self._render(request, staff, branch, message=message, ok=ok)

    @post("/{calendar_id:int}/delete")
    async def delete(self, request: HTMXRequest, staff: NamedDependency[dict], calendar_id: RowId) -> Template:
        calendar, branch = await self._own(staff, calendar_id)
        await delete_calendar(calendar_id)
        message = translate("Kalendārs „{name}” dzēsts.", request.state.lang).format(name=calendar["name"])
        return await self._render(request, staff, branch, message=message)
