"""The librarian's side of partner confirmations: asking from the item page, accepting a
proposed time, revoking a link, the "waiting for an answer" list and the notifications."""
from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.exceptions import NotFoundException

from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.kernel.i18n import error_texts, ngettext, translate
from app.planning import item_page
from app.kernel.web import RowId, digits, page_or_fragment, require_branch, say
from models.partners.notifications import mark_read, notifications, unread_count
from models.kernel.enums import SeriesScope
from models.partners.confirmations import AnswerRefused, accept_proposal, ask, item_facts, proposal_plan, revoke
from models.partners.followups import waiting
from models.kernel.permissions import is_coordinator
from models.planning import StaleEdit
from models.planning import StatusChangeRefused
from models.kernel.tables import Item, PartnerRequest
from models.kernel.validation import ValidationFailed


def _notice(request: HTMXRequest, message: str, status_code: int) -> Template:
    return page_or_fragment(request, "errors/page.html", "errors/_message.html", {"message": message, "status": status_code}, status_code=status_code)


async def _item_branch(item_id: int) -> int:
    row = await Item.select(Item.branch).where(Item.id == item_id).first()
    if row is None:
        raise NotFoundException()
    return row["branch"]


async def _request_item(request_id: int) -> dict:
    row = await PartnerRequest.select(PartnerRequest.id, PartnerRequest.item, PartnerRequest.item.branch.as_alias("branch")).where(
        PartnerRequest.id == request_id).first()
    if row is None:
        raise NotFoundException()
    return row


class ConfirmationController(Controller):
    path = "/"
    include_in_schema = False

    @post("/items/{item_id:int}/ask")
    async def ask_partners(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId) -> Redirect | Template:
        require_branch(staff, await _item_branch(item_id))
        form = await request.form()
        contact_ids = [n for n in map(digits, form.getall("contact")) if n is not None] if "contact" in form else []
        lang = request.state.lang
        if not contact_ids:  # back on the item, beside the list she ticks from
            return await item_page(request, staff, item_id, ask_error=translate("Izvēlieties vismaz vienu kontaktpersonu.", lang), status_code=422)
        try:
            made = await ask(item_id, contact_ids, staff, request.app.state.settings.base_url)
        except AnswerRefused:
            return await item_page(request, staff, item_id, status_code=422,
                                   ask_error=translate("Ieraksts ir atcelts vai jau beidzies: partneriem vairs nav ko apstiprināt.", lang))
        say(request, ngettext("Lūgums apstiprināt nosūtīts %(num)d kontaktpersonai.", "Lūgums apstiprināt nosūtīts %(num)d kontaktpersonām.", len(made), lang))
        return Redirect(path=f"/items/{item_id}#partners", status_code=303)

    @get("/requests/{request_id:int}/accept")
    async def accept_preview(self, request: HTMXRequest, staff: NamedDependency[dict], request_id: RowId,
                             sessions: Annotated[str, QueryParameter(name="scope")] = "this") -> Template:
        """What accepting a series' proposal would move, for one session, this and the following, or all."""
        row = await _request_item(request_id)
        require_branch(staff, row["branch"])
        chosen = SeriesScope(sessions) if sessions in {s.value for s in SeriesScope} else SeriesScope.THIS
        try:
            plan = await proposal_plan(request_id, chosen)
        except AnswerRefused:
            return _notice(request, translate("Šim partnerim nav piedāvāta cita laika.", request.state.lang), 409)
        context = {"plan": plan, "item": await item_facts(row["item"]), "staff": staff}
        return page_or_fragment(request, "partners/answers/accept.html", "partners/answers/_accept_plan.html", context)

    @post("/requests/{request_id:int}/accept")
    async def accept(self, request: HTMXRequest, staff: NamedDependency[dict], request_id: RowId) -> Redirect | Template:
        row = await _request_item(request_id)
        require_branch(staff, row["branch"])
        form = await request.form()
        scope = str(form.get("scope") or "this")
        lang = request.state.lang
        try:
            plan = await accept_proposal(request_id, staff, SeriesScope(scope) if scope in {s.value for s in SeriesScope} else SeriesScope.THIS)
        except AnswerRefused:
            return _notice(request, translate("Šim partnerim nav piedāvāta cita laika.", lang), 409)
        except (StaleEdit, StatusChangeRefused):
            return _notice(request, translate("Laiku neizdevās mainīt. Atveriet ierakstu no jauna.", lang), 409)
        except ValidationFailed as failed:  # the session already has attendance (models/planning/recorded.py)
            return _notice(request, " ".join(error_texts(failed.errors, lang).values()), 422)
        say(request, ngettext("Piedāvātais laiks pieņemts: pārcelta %(num)d reize; partnerim nosūtīts apstiprinājums.",
                              "Piedāvātais laiks pieņemts: pārceltas %(num)d reizes; partnerim nosūtīts apstiprinājums.", len(plan.moves), lang))
        return Redirect(path=f"/items/{row['item']}", status_code=303)

    @post("/requests/{request_id:int}/revoke")
    async def revoke_link(self, request: HTMXRequest, staff: NamedDependency[dict], request_id: RowId) -> Redirect:
        row = await _request_item(request_id)
        require_branch(staff, row["branch"])
        if await revoke(request_id, staff["id"]):
            say(request, translate("Saite atsaukta: tā vairs nedarbojas.", request.state.lang))
        return Redirect(path=f"/items/{row['item']}#partners", status_code=303)

    @get("/waiting")
    async def waiting_list(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        branch_ids = None if is_coordinator(staff) or staff["branch"] is None else [staff["branch"]]
        return Template("partners/answers/waiting.html", context={"rows": await waiting(branch_ids), "staff": staff})

    @get("/notifications")
    async def notification_list(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        return Template("partners/answers/notifications.html", context={"rows": await notifications(staff), "staff": staff})

    @get("/notifications/count")
    async def notification_count(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
        # loaded by the header after the page: the planner's own render pays nothing for it
        return Template("partners/answers/_count.html", context={"count": await unread_count(staff)})

    @post("/notifications/read")
    async def read(self, request: Request, staff: NamedDependency[dict]) -> Redirect:
        form = await request.form()
        value = str(form.get("id") or "")
        await mark_read(staff, digits(value))
        return Redirect(path="/notifications", status_code=303)
