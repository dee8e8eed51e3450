"""Libraries: every staff member reads them; coordinators add, edit and close them."""
from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from app.network.common import coordinators_only, form_of, form_page, found, saved
from app.network.texts import error_texts as network_error_texts, history_rows, population_problem_texts
from app.kernel.i18n import error_texts, translate
from app.kernel.web import RowId, say
from models.kernel.clock import local_today
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.kernel.pictures import MAX_BYTES
from models.kernel.validation import ValidationFailed
from models.network.branches import (add_closure, all_branches, branch_detail, close_branch, logo_bytes, logo_of, remove_closure, remove_logo,
                                     reopen_branch, save_branch, save_logo, validate_branch, validate_closure)
from models.network.history import history_of
from models.network.hours import WEEKDAYS, day_text, week_rows
from models.network.places import places_for
from models.network.population import COLUMNS as POPULATION_COLUMNS, PopulationRejected, import_years, parse as parse_population, remove_year, save_year, validate_year, years_of

FIELDS = ("name", "short_name", "slug", "address", "phone", "email", "is_central", "population", "children_population",
          *(f"hours_{day}" for day in WEEKDAYS))


def _raw_of(branch: dict) -> dict:
    raw = {name: branch.get(name) for name in FIELDS if not name.startswith("hours_")}
    raw.update({f"hours_{day}": day_text(branch["weekly_hours"].get(str(day), [])) for day in WEEKDAYS})
    return raw


MAX_POPULATION_UPLOAD = 256 * 1024  # a century of years is a few kilobytes
MAX_PROBLEMS_SHOWN = 50


async def _page(request: Request, staff: dict, branch: dict, raw: dict, population_raw: dict | None = None, **extra) -> dict:
    """A library's page: its details, hours, closed days, population per year, places and history
    (`raw`: the closed days' form as typed; `population_raw`: the year's form as typed)."""
    years = await years_of(branch["id"])
    if population_raw is None:  # "Labot" on a year's row fills the form with it
        wanted = next((y for y in years if str(y["year"]) == request.query_params.get("year")), None)
        population_raw = {k: wanted[k] for k in ("year", "population", "children")} if wanted else {}
    return {"branch": branch, "hours": week_rows(branch["weekly_hours"]), "places": await places_for([branch["id"]]), "logo": await logo_of(branch["id"]),
            "history": history_rows(await history_of("branch", branch["id"]), request.state.lang),
            "can_manage": is_coordinator(staff), "can_edit_places": can_edit_branch(staff, branch["id"]), "raw": raw,
            "years": years, "population_headings": ";".join(lv for lv, _ in POPULATION_COLUMNS), "population_raw": population_raw, "population_errors": {}, "population_problems": [], "population_hidden": 0,
            "population_upload_error": "", "population_loaded": request.session.pop("population_loaded", None), **extra}


class LibraryController(Controller):
    path = "/libraries"
    include_in_schema = False

    @get("/")
    async def index(self, staff: NamedDependency[dict]) -> Template:
        return Template("network/libraries.html", context={"branches": await all_branches(), "can_add": is_coordinator(staff)})

    @get("/new")
    async def new(self, request: Request, staff: NamedDependency[dict]) -> Template:
        coordinators_only(staff)
        return form_page(request, "network/library_form.html", {"branch": None, "raw": {}, "weekdays": WEEKDAYS})

    @post("/", status_code=200)
    async def create(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        coordinators_only(staff)
        return await self._save(request, staff, None)

    @get("/{branch_id:int}")
    async def show(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template:
        branch = found(await branch_detail(branch_id))
        return form_page(request, "network/library.html", await _page(request, staff, branch, {}))

    @get("/{branch_id:int}/edit")
    async def edit(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template:
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        return form_page(request, "network/library_form.html", {"branch": branch, "raw": _raw_of(branch), "weekdays": WEEKDAYS})

    @post("/{branch_id:int}/edit", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        return await self._save(request, staff, found(await branch_detail(branch_id)))

    async def _save(self, request: Request, staff: dict, branch: dict | None) -> Template | Redirect:
        raw = await form_of(request, FIELDS)
        try:
            draft = await validate_branch(raw, branch["id"] if branch else None)
        except ValidationFailed as failed:
            return form_page(request, "network/library_form.html", {"branch": branch, "raw": raw, "weekdays": WEEKDAYS}, failed.errors)
        branch_id = await save_branch(draft, staff["id"], branch["id"] if branch else None)
        return saved(f"/libraries/{branch_id}")

    @post("/{branch_id:int}/close", status_code=200)
    async def close(self, staff: NamedDependency[dict], branch_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        await close_branch(branch_id, local_today(), staff["id"])
        return saved(f"/libraries/{branch_id}")

    @post("/{branch_id:int}/reopen", status_code=200)
    async def reopen(self, staff: NamedDependency[dict], branch_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        await reopen_branch(branch_id, staff["id"])
        return saved(f"/libraries/{branch_id}")

    @post("/{branch_id:int}/closures", status_code=200)
    async def add_closed_days(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        raw = await form_of(request, ("first_day", "last_day", "reason"))
        try:
            first, last, reason = validate_closure(raw)
        except ValidationFailed as failed:
            return form_page(request, "network/library.html", await _page(request, staff, branch, raw), failed.errors)
        await add_closure(branch_id, first, last, reason, staff["id"])
        return saved(f"/libraries/{branch_id}#closures")

    @post("/{branch_id:int}/closures/{closure_id:int}/delete", status_code=200)
    async def remove_closed_days(self, staff: NamedDependency[dict], branch_id: RowId, closure_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        if not await remove_closure(branch_id, closure_id, staff["id"]):
            found(None)
        return saved(f"/libraries/{branch_id}#closures")


    @post("/{branch_id:int}/population", status_code=200)
    async def save_population(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        raw = await form_of(request, ("year", "population", "children"))
        try:
            row = validate_year(raw)
        except ValidationFailed as failed:
            context = await _page(request, staff, branch, {}, raw, population_errors=network_error_texts(failed.errors, request.state.lang))
            return Template("network/library.html", context={**context, "errors": {}}, status_code=422)
        await save_year(branch_id, row, staff["id"])
        return saved(f"/libraries/{branch_id}#population")

    @post("/{branch_id:int}/population/{year:int}/delete", status_code=200)
    async def remove_population(self, staff: NamedDependency[dict], branch_id: RowId, year: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        await remove_year(branch_id, year, staff["id"])
        return saved(f"/libraries/{branch_id}#population")

    # the whole request may be a little larger than the file; beyond it Litestar refuses it (413)
    @post("/{branch_id:int}/population/import", status_code=200, request_max_body_size=4 * MAX_POPULATION_UPLOAD)
    async def import_population(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        """A CSV of the official table, one year a line: all of it or nothing, every problem with its line."""
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        upload = (await request.form()).get("file")
        data = await upload.read(MAX_POPULATION_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
        if not data or len(data) > MAX_POPULATION_UPLOAD:
            chosen = isinstance(upload, UploadFile) and bool(upload.filename)
            error = "too_large" if data else "empty_file" if chosen else "no_file"
            context = await _page(request, staff, branch, {}, population_upload_error=error)
            return Template("network/library.html", context={**context, "errors": {}}, status_code=422)
        try:
            rows = parse_population(data)
        except PopulationRejected as rejected:
            context = await _page(request, staff, branch, {}, population_problems=population_problem_texts(
                rejected.problems[:MAX_PROBLEMS_SHOWN], request.state.lang), population_hidden=max(0, len(rejected.problems) - MAX_PROBLEMS_SHOWN))
            return Template("network/library.html", context={**context, "errors": {}}, status_code=422)
        request.session["population_loaded"] = await import_years(branch_id, rows, staff["id"])
        return saved(f"/libraries/{branch_id}#population")


class LogoController(Controller):
    """A library's logo for its poster: coordinators upload it on the library's page; anyone may
    fetch it (the poster is public), at an address that changes with it."""

    include_in_schema = False

    @post("/libraries/{branch_id:int}/logo", status_code=200, request_max_body_size=MAX_BYTES + 64 * 1024)
    async def upload(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        branch = found(await branch_detail(branch_id))
        upload = (await request.form()).get("logo")
        try:
            await save_logo(branch_id, await upload.read() if isinstance(upload, UploadFile) else b"", staff["id"])
        except ValidationFailed as failed:
            context = await _page(request, staff, branch, {})
            context["logo_error"] = " ".join(error_texts(failed.errors, request.state.lang).values())
            return Template("network/library.html", context=context, status_code=422)
        say(request, translate("Logotips pievienots: tas ir bibliotēkas plakāta galvā.", request.state.lang))
        return Redirect(path=f"/libraries/{branch_id}#logo", status_code=303)

    @post("/libraries/{branch_id:int}/logo/delete", status_code=200)
    async def delete(self, request: Request, staff: NamedDependency[dict], branch_id: RowId) -> Redirect:
        coordinators_only(staff)
        found(await branch_detail(branch_id))
        await remove_logo(branch_id, staff["id"])
        return Redirect(path=f"/libraries/{branch_id}#logo", status_code=303)

    @get("/logos/{branch_id:int}/{name:str}")
    async def logo(self, branch_id: RowId, name: FromPath[str]) -> Response:
        data = await logo_bytes(branch_id, name.removesuffix(".jpg"))
        if data is None or not name.endswith(".jpg"):
            raise NotFoundException()
        return Response(content=data, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=31536000, immutable"})
