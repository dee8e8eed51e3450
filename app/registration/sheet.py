"""The sign-in sheet of one session (A4, to print): the registered with a box to tick and a column
to sign, blank rows for those who come unregistered, the waiting list below; as a page to print
from the browser, or (`&format=pdf`) printed by the server's Chromium (app/kernel/printing.py), which
without Chromium answers 503 with a page that says to print it from the browser. And the tick
"came" of one session on the librarian's list, in place (HTMX, the row and the session's counter of who came out of band).
The item's own library's staff and the coordinators only, as the list (staff.py)."""
from __future__ import annotations

import logging
from pathlib import Path

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest, HTMXTemplate
from litestar.response import Redirect, Template
from markupsafe import Markup

from app.kernel.i18n import translate
from app.kernel.printing import CHROMIUM_SETTING, PdfUnavailable, html_to_pdf
from app.registration.staff import NO_STORE, _item
from app.kernel.web import RowId, digits
from models.kernel.clock import utcnow
from models.kernel.i18n import N_
from models.registration import RegistrationNotFound, came_count, mark_came, sessions_of, setup_of, sign_in_sheet

log = logging.getLogger("afisa")
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "registration-sheet.css"
PDF_UNAVAILABLE = N_("PDF šobrīd nevar izveidot. Atveriet lapu un izdrukājiet to no pārlūka (Drukāt → Saglabāt kā PDF).")


async def _sheet(staff: dict, item_id: int, session: str | None) -> tuple[dict, dict]:
    item = await _item(staff, item_id)
    session_id = digits(session) if session else None
    if session and session_id is None:
        raise NotFoundException()  # a mistyped link never prints another session's sheet (the list answers the same)
    sheet = await sign_in_sheet(item_id, session_id, utcnow())
    if sheet is None:
        raise NotFoundException()
    return item, sheet


def print_html(request: Request, sheet: dict) -> str:
    """The sheet's HTML for Chromium: the same table, the stylesheet inlined (nothing is fetched)."""
    template = request.app.template_engine.get_template("registration/sheet_print.html")
    return template.render(sheet=sheet, lang=request.state.lang, stylesheet=Markup(STYLESHEET.read_text(encoding="utf-8")))


def _file_name(sheet: dict) -> str:
    return f"pieteikumi-{sheet['item_id']}-{sheet['session']['starts_at']:%Y-%m-%d}.pdf"


class SignInSheetController(Controller):
    path = "/items/{item_id:int}/registrations"
    include_in_schema = False

    @get("/sheet")
    async def sheet(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Template | Response:
        item, sheet = await _sheet(staff, item_id, request.query_params.get("session"))
        if request.query_params.get("format") != "pdf":
            return Template("registration/sheet.html", context={"item": item, "sheet": sheet}, headers=NO_STORE)
        try:
            body = await html_to_pdf(print_html(request, sheet), request.app.state.settings.chromium)
        except PdfUnavailable as why:
            log.warning("sign-in sheet PDF not made: %s", why)
            context = {"item": item, "sheet": sheet, "message": translate(PDF_UNAVAILABLE, request.state.lang), "setting": CHROMIUM_SETTING}
            return Template("registration/sheet_no_pdf.html", context=context, status_code=503, headers=NO_STORE)
        return Response(body, media_type="application/pdf", headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{_file_name(sheet)}"'})

    @post("/{registration_id:int}/came", status_code=200)
    async def came(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId, registration_id: RowId) -> Template | Redirect:
        """The tick of one registered party at one session (the form's `session`): 404 for a session
        that is not the item's own, is cancelled or is not named."""
        item = await _item(staff, item_id)
        form = await request.form()
        came = {"1": True, "0": False}.get(str(form.get("came") or ""))
        occurrence_id = digits(form.get("session"))
        if occurrence_id is None:
            raise NotFoundException()
        try:
            row = await mark_came(registration_id, item_id, occurrence_id, came, staff_id=staff["id"])
        except RegistrationNotFound:
            raise NotFoundException() from None
        if not request.htmx:
            return Redirect(path=f"/items/{item_id}/registrations?session={occurrence_id}#reg-{registration_id}", status_code=303)
        sessions = await sessions_of(item_id)
        context = {"item": item, "r": row, "state": "registered", "number": digits(form.get("n")) or "",
                   "setup": await setup_of(item_id), "came": await came_count(item_id, occurrence_id),
                   "sessions": sessions, "chosen": next((s for s in sessions if s["id"] == occurrence_id), None)}
        return HTMXTemplate(template_name="registration/_came_answer.html", context=context, headers=NO_STORE)


SHEET_HANDLERS: list = [SignInSheetController]
