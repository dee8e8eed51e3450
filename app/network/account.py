"""My account (every staff member: her name, email, language and password) and the page a
one-time link opens to set a password (an invitation or a reset: no session needed)."""
from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.auth import MIN_LENGTH, hash_password, sign_in, verify_password
from app.network.common import form_of, form_page, saved
from app.kernel.web import password_fingerprint
from models.kernel.network_tables import Staff
from models.kernel.validation import ValidationFailed
from models.network.staff import change_password, link_holder, update_account, use_link, validate_account

LINK_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}  # the link is a key


def password_errors(password: str, again: str) -> dict[str, str]:
    if len(password) < MIN_LENGTH:
        return {"password": f"password_short:{MIN_LENGTH}"}
    if password != again:
        return {"password_again": "password_mismatch"}
    return {}


class AccountController(Controller):
    path = "/account"
    include_in_schema = False

    async def _page(self, request: Request, staff: dict, raw: dict | None = None, errors: dict | None = None, done: str = "") -> Template:
        row = await Staff.select(Staff.display_name, Staff.email, Staff.language, Staff.username).where(Staff.id == staff["id"]).first()
        return form_page(request, "network/account.html", {"account": row, "raw": raw or row, "done": done, "min_length": MIN_LENGTH}, errors)

    @get("/")
    async def show(self, request: Request, staff: NamedDependency[dict], done: FromQuery[str] = "") -> Template:
        return await self._page(request, staff, done=done if done in ("saved", "password") else "")

    @post("/", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        raw = await form_of(request, ("display_name", "email", "language"))
        try:
            values = await validate_account(raw, staff["id"])
        except ValidationFailed as failed:
            return await self._page(request, staff, raw, failed.errors)
        await update_account(staff["id"], values)
        return saved("/account?done=saved")

    @post("/password", status_code=200)
    async def password(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        raw = await form_of(request, ("current", "password", "password_again"))
        row = await Staff.select(Staff.password_hash).where(Staff.id == staff["id"]).first()
        errors = {} if verify_password(row["password_hash"], str(raw["current"] or "")) else {"current": "password_wrong"}
        errors = errors or password_errors(str(raw["password"] or ""), str(raw["password_again"] or ""))
        if errors:
            return await self._page(request, staff, None, errors)
        new_hash = hash_password(str(raw["password"]))
        await change_password(staff["id"], new_hash)
        # every other session of hers ends (app/web.load_staff); this one goes on with the new password
        request.set_session({**request.session, "pw": password_fingerprint(new_hash)})
        return saved("/account?done=password")


class WelcomeController(Controller):
    path = "/welcome"
    include_in_schema = False

    @get("/{token:str}")
    async def form(self, request: Request, token: FromPath[str]) -> Template:
        holder = await link_holder(token[:100])
        return form_page(request, "network/welcome.html", {"holder": holder, "min_length": MIN_LENGTH}) if holder else self._gone()

    @post("/{token:str}", status_code=200)
    async def set_password(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        holder = await link_holder(token[:100])
        if holder is None:
            return self._gone()
        raw = await form_of(request, ("password", "password_again"))
        errors = password_errors(str(raw["password"] or ""), str(raw["password_again"] or ""))
        if errors:
            return form_page(request, "network/welcome.html", {"holder": holder, "min_length": MIN_LENGTH}, errors)
        if await use_link(token[:100], hash_password(str(raw["password"]))) is None:
            return self._gone()
        return await sign_in(request, holder["id"], "/planner")

    @staticmethod
    def _gone() -> Template:
        return Template("network/welcome_gone.html", status_code=410, headers=LINK_HEADERS)
