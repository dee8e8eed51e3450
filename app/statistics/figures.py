"""The library system's monthly figures: the CSV upload (all months or none, every problem listed
with its line) and the table of what is imported; and the box that shows how the held-session
records travel to the statistics core, with a retry for the failed ones. A librarian works on her
own branch; a coordinator chooses the branch, and sees the whole network's core deliveries."""
from __future__ import annotations

from datetime import date

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.statistics.core_sender import configuration_problem
from app.kernel.i18n import format_day
from app.kernel.web import digits, page_or_fragment, require_branch
from models.statistics import core_delivery
from models.kernel.clock import local_today
from models.statistics.library_figures import HEADINGS, OPTIONAL_COLUMNS, FiguresRejected, delete_month, import_figures, months_of, parse, template_csv
from models.kernel.permissions import is_coordinator
from models.planning import branches

MAX_UPLOAD = 1024 * 1024  # a year of a branch's months is under a kilobyte
MAX_SHOWN = 100  # problems listed; the rest are counted


def _chosen_branch(staff: dict, all_branches: list[dict], wanted: object) -> int | None:
    if not is_coordinator(staff):
        return staff["branch"]
    ids = [b["id"] for b in all_branches]
    return digits(wanted) if digits(wanted) in ids else (ids[0] if ids else None)


def _year(value: object) -> int:
    year = digits(value)
    return year if year and 2000 <= year <= local_today().year else local_today().year


def _day(iso: object) -> str:
    try:
        return format_day(date.fromisoformat(str(iso)))
    except ValueError:
        return ""


async def _core_box(request: Request, staff: dict) -> dict:
    scope = None if is_coordinator(staff) else (staff["branch"] or 0)
    settings = request.app.state.settings
    failed = [{"title": r["payload"].get("title", r["record_id"]), "day": _day(r["payload"].get("date")), "error": r["last_error"]}
              for r in await core_delivery.recent(scope, 5, status="failed")]
    return {"configured": bool(settings.core_url), "problem": configuration_problem(settings), "network": scope is None,
            "counts": await core_delivery.counts(scope), "failed": failed}


async def _context(request: Request, staff: dict, branch_wanted: object, year: int, **extra) -> dict:
    all_branches = await branches()
    branch_id = _chosen_branch(staff, all_branches, branch_wanted)
    return {
        "branches": all_branches if is_coordinator(staff) else [], "branch_id": branch_id, "year": year,
        "branch_name": next((b["short_name"] for b in all_branches if b["id"] == branch_id), ""),
        "months": await months_of(branch_id, year) if branch_id else [], "headings": HEADINGS,
        "optional_headings": [lv for lv, _ in OPTIONAL_COLUMNS], "core": await _core_box(request, staff),
        "problems": [], "hidden_problems": 0, "upload_error": "", "loaded": request.session.pop("figures_loaded", None),
        "retried": request.session.pop("core_retried", None), "deleted": None, **extra,
    }


async def _page(request: Request, staff: dict, branch_wanted: object, year: int, **extra) -> Template:
    context = await _context(request, staff, branch_wanted, year, **extra)
    return Template("statistics/figures/page.html", context=context, status_code=422 if context["problems"] or context["upload_error"] else 200)


class FiguresController(Controller):
    path = "/figures"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, staff: NamedDependency[dict]) -> Template:
        return await _page(request, staff, request.query_params.get("branch"), _year(request.query_params.get("year")))

    @get("/template.csv")
    async def template(self, staff: NamedDependency[dict]) -> Response:
        return Response(template_csv().encode("utf-8-sig"), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="bibliotekas-dati.csv"'})

    # the whole request may be a little larger than the file; beyond 5 MB Litestar refuses it (413)
    @post("/", status_code=200, request_max_body_size=5 * MAX_UPLOAD)
    async def upload(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        form = await request.form()
        all_branches = await branches()
        branch_id = _chosen_branch(staff, all_branches, form.get("branch_id"))
        if branch_id is None:
            return await _page(request, staff, None, local_today().year, upload_error="no_branch")
        require_branch(staff, branch_id)
        upload = form.get("file")
        data = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
        year = local_today().year
        if not data or len(data) > MAX_UPLOAD:
            chosen = isinstance(upload, UploadFile) and bool(upload.filename)
            return await _page(request, staff, branch_id, year, upload_error="too_large" if data else "empty_file" if chosen else "no_file")
        try:
            parsed = parse(data)
        except FiguresRejected as rejected:
            return await _page(request, staff, branch_id, year, problems=rejected.problems[:MAX_SHOWN], encoding=rejected.encoding,
                               hidden_problems=max(0, len(rejected.problems) - MAX_SHOWN), filename=(upload.filename or "")[:200])
        count = await import_figures(branch_id, parsed.rows, staff["id"])
        years = sorted({r.year for r in parsed.rows})
        request.session["figures_loaded"] = {"count": count, "years": "–".join(map(str, sorted({years[0], years[-1]}))), "encoding": parsed.encoding}
        return Redirect(path=f"/figures?branch={branch_id}&year={years[-1]}", status_code=303)

    @post("/delete", status_code=200)
    async def delete(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        """A month imported by mistake goes; the months' table answers (the whole page without htmx)."""
        form = await request.form()
        branch_id, year, month = digits(form.get("branch_id")), digits(form.get("year")), digits(form.get("month"))
        if branch_id is None or year is None or month is None or not 1 <= month <= 12:
            raise ValidationException("branch_id, year and month are required")
        require_branch(staff, branch_id)
        deleted = f"{month:02d}.{year}." if await delete_month(branch_id, year, month) else None
        context = await _context(request, staff, branch_id, _year(year), deleted=deleted)
        return page_or_fragment(request, "statistics/figures/page.html", "statistics/figures/_months.html", context)

    @post("/core/retry", status_code=200)
    async def retry(self, request: Request, staff: NamedDependency[dict]) -> Redirect:
        scope = None if is_coordinator(staff) else (staff["branch"] or 0)
        request.session["core_retried"] = await core_delivery.requeue_failed(scope)
        return Redirect(path="/figures", status_code=303)


FIGURES_HANDLERS: list = [FiguresController]
