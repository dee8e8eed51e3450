"""Staff accounts (coordinators): invite a colleague, change her role and branch, disable her
account, send a password link. Everyone's own account is app/network/account.py."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from app.kernel.i18n import translate
from app.network.common import coordinators_only, form_of, form_page, found, saved
from app.network.texts import ROLES, error_texts, history_rows
from app.kernel.web import RowId
from models.kernel.i18n import N_
from models.kernel.outbox import enqueue
from models.kernel.network_tables import Branch
from models.kernel.validation import ValidationFailed
from models.network.branches import all_branches
from models.network.history import history_of
from models.network.staff import invite, issue_reset, set_staff_active, staff_detail, staff_list, update_staff, validate_staff

FIELDS = ("username", "display_name", "email", "role", "branch_id", "language")
MAIL_SUBJECT = {"invitation": N_("Uzaicinājums uz Afišu"), "reset": N_("Paroles maiņa Afišā")}
MAIL_BODY = {
    "invitation": N_("Labdien, {name}!\n\n{by} jūs uzaicināja pieteikties Afišā, bibliotēkas programmas plānotājā. "
                     "Jūsu lietotājvārds: {username}.\n\nIestatiet savu paroli šeit (saite derīga 7 dienas un tikai vienu reizi):\n{link}\n"),
    "reset": N_("Labdien, {name}!\n\n{by} nosūtīja jums saiti jaunas paroles iestatīšanai Afišā. "
                "Jūsu lietotājvārds: {username}.\n\nIestatiet jaunu paroli šeit (saite derīga 24 stundas un tikai vienu reizi):\n{link}\n"),
}


async def _choices() -> dict:
    return {"branches": [b for b in await all_branches() if b["closed_on"] is None], "roles": ROLES}


async def hand_over_link(settings, staff: dict, colleague: dict, purpose: str, token: str) -> str | None:
    """Mails a colleague's one-time link when mail is set up and she has an address, and answers
    None; otherwise answers the link, for the coordinator to pass on (shown this once, never kept)."""
    link = f"{settings.base_url.rstrip('/')}/welcome/{token}"
    if not (settings.smtp_url and colleague["email"]):
        return link
    language = colleague.get("language") or "lv"
    body = translate(MAIL_BODY[purpose], language).format(name=colleague["display_name"], by=staff["display_name"],
                                                          username=colleague["username"], link=link)
    await enqueue(key=f"{purpose}:{token[:12]}", to_address=colleague["email"], to_name=colleague["display_name"],
                  subject=translate(MAIL_SUBJECT[purpose], language), body=body, language=language)
    return None


async def _hand_over(request: Request, staff: dict, colleague: dict, purpose: str, token: str) -> Template:
    link = await hand_over_link(request.app.state.settings, staff, colleague, purpose, token)
    return Template("network/link_once.html", context={"colleague": colleague, "purpose": purpose, "link": link},
                    headers={"Cache-Control": "no-store"})


class StaffController(Controller):
    path = "/staff"
    include_in_schema = False

    @get("/")
    async def index(self, staff: NamedDependency[dict]) -> Template:
        coordinators_only(staff)
        return Template("network/staff.html", context={"people": await staff_list(), "roles": ROLES})

    @get("/new")
    async def new(self, request: Request, staff: NamedDependency[dict]) -> Template:
        coordinators_only(staff)
        return form_page(request, "network/staff_form.html", {"colleague": None, "raw": {"role": "librarian", "language": "lv"}, **await _choices()})

    @post("/", status_code=200)
    async def create(self, request: Request, staff: NamedDependency[dict]) -> Template:
        coordinators_only(staff)
        raw = await form_of(request, FIELDS)
        try:
            draft = await validate_staff(raw)
        except ValidationFailed as failed:
            return form_page(request, "network/staff_form.html", {"colleague": None, "raw": raw, **await _choices()}, failed.errors)
        staff_id, token = await invite(draft, staff["id"])
        return await _hand_over(request, staff, found(await staff_detail(staff_id)), "invitation", token)

    @get("/{staff_id:int}")
    async def show(self, request: Request, staff: NamedDependency[dict], staff_id: RowId) -> Template:
        coordinators_only(staff)
        colleague = found(await staff_detail(staff_id))
        names = {"branch": {b["id"]: b["short_name"] for b in await Branch.select(Branch.id, Branch.short_name)}}
        error = request.query_params.get("error")
        context = {"colleague": colleague, "roles": ROLES, "history": history_rows(await history_of("staff", staff_id), request.state.lang, names),
                   "error": error_texts({"x": error}, request.state.lang)["x"] if error in ("last_coordinator", "disable_self") else None}
        return Template("network/staff_member.html", context=context)

    @get("/{staff_id:int}/edit")
    async def edit(self, request: Request, staff: NamedDependency[dict], staff_id: RowId) -> Template:
        coordinators_only(staff)
        colleague = found(await staff_detail(staff_id))
        raw = {name: colleague.get(name) for name in FIELDS} | {"branch_id": colleague["branch"]}
        return form_page(request, "network/staff_form.html", {"colleague": colleague, "raw": raw, **await _choices()})

    @post("/{staff_id:int}/edit", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict], staff_id: RowId) -> Template | Redirect:
        coordinators_only(staff)
        colleague = found(await staff_detail(staff_id))
        raw = await form_of(request, FIELDS)
        try:
            draft = await validate_staff(raw, staff_id)
        except ValidationFailed as failed:
            return form_page(request, "network/staff_form.html", {"colleague": colleague, "raw": raw, **await _choices()}, failed.errors)
        await update_staff(staff_id, draft, staff["id"])
        return saved(f"/staff/{staff_id}")

    @post("/{staff_id:int}/disable", status_code=200)
    async def disable(self, staff: NamedDependency[dict], staff_id: RowId) -> Redirect:
        return await self._set_active(staff, staff_id, False)

    @post("/{staff_id:int}/enable", status_code=200)
    async def enable(self, staff: NamedDependency[dict], staff_id: RowId) -> Redirect:
        return await self._set_active(staff, staff_id, True)

    async def _set_active(self, staff: dict, staff_id: int, active: bool) -> Redirect:
        coordinators_only(staff)
        found(await staff_detail(staff_id))
        refused = await set_staff_active(staff_id, active, staff["id"])
        return saved(f"/staff/{staff_id}" + (f"?error={refused}" if refused else ""))

    @post("/{staff_id:int}/reset", status_code=200)
    async def reset(self, request: Request, staff: NamedDependency[dict], staff_id: RowId) -> Template:
        coordinators_only(staff)
        colleague = found(await staff_detail(staff_id))
        token = await issue_reset(staff_id, staff["id"])
        return await _hand_over(request, staff, colleague, "reset", token)
