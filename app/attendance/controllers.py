"""Attendance: the dashboard of sessions that lack it and the form that records it (issue 5).

On the dashboard each row turns into a form in place (HTMX, hx-target="closest tr") and back
into a row with the saved figures; /attendance/{id} is the same form as a page, for phones
without JavaScript and for the item page's links. Another branch's session answers 404."""
from __future__ import annotations

from urllib.parse import quote

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import ClientRedirect, HTMXRequest, HTMXTemplate
from litestar.response import Redirect, Template

from app.kernel.i18n import error_text, error_texts
from app.kernel.web import RowId, digits, page_or_fragment
from models.attendance.recording import FIELDS_BY_KIND, FIGURES, get_session, record_attendance, refusal, remove_attendance
from models.attendance.reminders import count_lacking_attendance, sessions_lacking_attendance
from models.kernel.clock import utcnow
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.planning import StaleEdit
from models.kernel.validation import ValidationFailed
from models.registration import came_count

PAGE, FORM, ROW, ROW_FORM, SAVED_ROW = (
    "attendance/form_page.html", "attendance/_form.html", "attendance/_row.html", "attendance/_row_form.html", "attendance/_saved_row.html")
REMOVE_PAGE, REMOVE = "attendance/remove_page.html", "attendance/_remove.html"
SHOWN = 200  # rows on the dashboard; the heading counts them all


def _branches(staff: dict) -> list[int] | None:
    if is_coordinator(staff):
        return None
    return [staff["branch"]] if staff.get("branch") else []


def _next(value: object) -> str:
    """Where the page form goes back to: a path of this site only."""
    text = str(value or "")
    # browsers drop tabs and newlines inside a URL: "/\t/evil.example" would become "//evil.example"
    safe = text.startswith("/") and not text.startswith("//") and "\\" not in text and len(text) <= 200 and text.isprintable() and " " not in text
    return text if safe else "/attendance"


async def _session(staff: dict, occurrence_id: int) -> dict:
    session = await get_session(occurrence_id)
    if session is None or not can_edit_branch(staff, session["branch"]):
        raise NotFoundException()
    return session


def _raw(session: dict) -> dict:
    saved = session["attendance"]
    if saved is None:
        return {"version": "0"}
    return {**{name: str(saved[name]) for name in FIGURES}, "version": str(saved["version"])}


async def _prefilled(session: dict) -> tuple[dict, dict | None]:
    """The form's figures: what is saved; with nothing saved, for an item with registration whose
    registered were ticked at this session (models.registration: a series' sessions are ticked
    apart), the total of the people who came, shown in the form with a note and recorded only when
    the librarian saves it."""
    raw = _raw(session)
    if session["attendance"] is not None:
        return raw, None
    came = await came_count(session["item_id"], session["id"])
    if not came["came_people"] and not came["no_show_people"]:
        return raw, None
    if "total" in FIELDS_BY_KIND[session["kind"]]:
        raw["total"] = str(came["came_people"])
    return raw, came


def _context(request: HTMXRequest, staff: dict, session: dict, raw: dict, errors: dict | None = None, **extra) -> dict:
    code = refusal(session, utcnow())
    return {"s": session, "raw": raw, "errors": error_texts(errors or {}, request.state.lang), "fields": FIELDS_BY_KIND,
            "refused": error_text(code, request.state.lang) if code else "", "network": is_coordinator(staff), **extra}


def _expected_version(form) -> int:
    """The version the form showed; without a readable one the form is treated as stale (-1 matches
    no version), so a crafted request cannot overwrite figures it never saw."""
    version = digits(form.get("version"))
    return -1 if version is None else version


class AttendanceController(Controller):
    path = "/attendance"
    include_in_schema = False

    @get("/")
    async def dashboard(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        now, branches = utcnow(), _branches(staff)
        rows = await sessions_lacking_attendance(branches, now, limit=SHOWN)
        return Template("attendance/page.html", context={
            "rows": rows, "count": await count_lacking_attendance(branches, now), "network": branches is None,
            "fields": FIELDS_BY_KIND, "just_saved": request.query_params.get("saved") == "1"})

    @get("/{occurrence_id:int}")
    async def form(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Template:
        session = await _session(staff, occurrence_id)
        raw, came = await _prefilled(session)
        context = _context(request, staff, session, raw, next=_next(request.query_params.get("next")),
                           just_removed=request.query_params.get("removed") == "1", prefilled=came)
        return page_or_fragment(request, PAGE, FORM, context)

    @get("/{occurrence_id:int}/row-form")
    async def row_form(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Template:
        session = await _session(staff, occurrence_id)
        raw, came = await _prefilled(session)
        return page_or_fragment(request, PAGE, ROW_FORM, _context(request, staff, session, raw, next="/attendance", prefilled=came))

    @get("/{occurrence_id:int}/row")
    async def row(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Template:
        session = await _session(staff, occurrence_id)
        context = {"r": session, "saved": session["attendance"], "network": is_coordinator(staff), "fields": FIELDS_BY_KIND}
        return HTMXTemplate(template_name=ROW, context=context)

    @post("/{occurrence_id:int}")
    async def save(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Template | Response:
        session = await _session(staff, occurrence_id)
        form = await request.form()
        raw = {name: str(form.get(name) or "") for name in FIGURES} | {"version": str(form.get("version") or "")}
        in_row, back = bool(request.htmx) and form.get("context") == "row", _next(form.get("next"))

        def again(status_code: int, **extra) -> Template:
            context = _context(request, staff, session, raw, next=back, **extra)
            return HTMXTemplate(template_name=ROW_FORM, context=context, status_code=status_code) if in_row else \
                page_or_fragment(request, PAGE, FORM, context, status_code=status_code)

        try:
            saved = await record_attendance(occurrence_id, raw, staff["id"], expected_version=_expected_version(form))
        except ValidationFailed as failed:
            return again(422, errors=failed.errors)
        except StaleEdit:
            session = await _session(staff, occurrence_id)  # the figures somebody else saved, and their version to overwrite
            raw["version"] = str(session["attendance"]["version"]) if session["attendance"] else "0"
            return again(409, message=error_text("stale", request.state.lang), current=session["attendance"])
        if in_row:
            count = await count_lacking_attendance(_branches(staff), utcnow())
            return HTMXTemplate(template_name=SAVED_ROW, context={
                "r": session, "saved": saved, "network": is_coordinator(staff), "fields": FIELDS_BY_KIND, "count": count})
        target = "/attendance?saved=1" if back == "/attendance" else back
        return ClientRedirect(redirect_to=target) if request.htmx else Redirect(path=target, status_code=303)

    @get("/{occurrence_id:int}/remove")
    async def confirm_remove(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Template | Response:
        """The question before removing (works without JavaScript): a session's attendance recorded by mistake."""
        session = await _session(staff, occurrence_id)
        back = _next(request.query_params.get("next"))
        if session["attendance"] is None:
            return Redirect(path=f"/attendance/{occurrence_id}?next={quote(back)}", status_code=303)
        return page_or_fragment(request, REMOVE_PAGE, REMOVE, {"s": session, "fields": FIELDS_BY_KIND, "next": back})

    @post("/{occurrence_id:int}/remove", status_code=200)
    async def remove(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Template | Response:
        session = await _session(staff, occurrence_id)
        form = await request.form()
        back = _next(form.get("next"))
        try:
            await remove_attendance(occurrence_id, staff["id"], utcnow(), expected_version=_expected_version(form))
        except StaleEdit:
            session = await _session(staff, occurrence_id)
            context = {"s": session, "fields": FIELDS_BY_KIND, "next": back, "message": error_text("stale", request.state.lang)}
            return page_or_fragment(request, REMOVE_PAGE, REMOVE, context, status_code=409)
        target = f"/attendance/{occurrence_id}?removed=1&next={quote(back)}"
        return ClientRedirect(redirect_to=target) if request.htmx else Redirect(path=target, status_code=303)


ATTENDANCE_HANDLERS: list = [AttendanceController]
