"""Staff accounts kept by the coordinators: invited by a one-time link to set a password, given a
role and a branch, disabled (never deleted: the history names who did what). Everyone keeps her own
name, email, language and password on "My account". Passwords arrive here already hashed (the web
layer hashes them); a link's token is kept only as its SHA-256."""
from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from models.kernel.clock import utcnow
from models.kernel.db import transaction
from models.kernel.enums import Role
from models.kernel.network_tables import Branch, Staff, StaffToken
from models.kernel.validation import EMAIL, Collector, ValidationFailed, as_int, clean_text, enum_value
from models.network import history

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
LANGUAGES = ("lv", "en")
LINK_HOURS = {"invitation": 7 * 24, "reset": 24}  # an invitation waits a week, a reset a day


@dataclass
class StaffDraft:
    username: str
    display_name: str
    email: str
    role: str
    branch: int | None
    language: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _username(value: Any) -> str:
    text = str(value or "").strip().lower()
    if not text:
        raise ValueError("required")
    if not USERNAME.match(text):
        raise ValueError("username_format")
    return text


def _email(value: Any, required: bool) -> str:
    text = clean_text(value, 254, required)
    if text and not EMAIL.match(text):
        raise ValueError("email_format")
    return text.lower()


def _language(value: Any) -> str:
    text = str(value or "lv")
    if text not in LANGUAGES:
        raise ValueError("choice")
    return text


async def _email_in_use(email: str, staff_id: int | None) -> bool:
    query = Staff.exists().where(Staff.email == email)
    if staff_id is not None:
        query = query.where(Staff.id != staff_id)
    return bool(email) and await query


async def validate_staff(raw: Mapping[str, Any], staff_id: int | None = None) -> StaffDraft:
    """A new colleague's fields (username, name, email, role, branch, language), or an existing
    account's role, branch and name when `staff_id` is given (its username stays)."""
    fields = Collector()
    existing = await Staff.select().where(Staff.id == staff_id).first() if staff_id is not None else None
    username = existing["username"] if existing else fields.check("username", _username, raw.get("username"))
    display_name = fields.check("display_name", clean_text, raw.get("display_name"), 200, True)
    email = fields.check("email", _email, raw.get("email"), existing is None)
    role = fields.check("role", enum_value, Role, raw.get("role"))
    branch = fields.check("branch_id", as_int, raw.get("branch_id"))
    language = fields.check("language", _language, raw.get("language") or (existing or {}).get("language"))
    if branch is not None and "branch_id" not in fields.errors:
        if not await Branch.exists().where((Branch.id == branch) & Branch.closed_on.is_null()):
            fields.errors["branch_id"] = "unknown"
    if role == Role.LIBRARIAN and branch is None:
        fields.errors.setdefault("branch_id", "librarian_needs_branch")
    if existing is None and username and "username" not in fields.errors and await Staff.exists().where(Staff.username == username):
        fields.errors["username"] = "username_taken"
    if email and "email" not in fields.errors and await _email_in_use(email, staff_id):
        fields.errors["email"] = "email_taken"
    if existing is not None and role is not None and role != Role.COORDINATOR and existing["role"] == Role.COORDINATOR.value:
        if await _last_coordinator(staff_id):
            fields.errors["role"] = "last_coordinator"
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return StaffDraft(username=username, display_name=display_name, email=email, role=role.value, branch=branch, language=language)


async def _last_coordinator(staff_id: int) -> bool:
    others = await Staff.count().where((Staff.role == Role.COORDINATOR.value) & (Staff.active == True) & (Staff.id != staff_id))  # noqa: E712
    return others == 0


async def invite(draft: StaffDraft, by_id: int | None) -> tuple[int, str]:
    """The account (no password yet: it cannot sign in) and its invitation link's token."""
    async with transaction():
        rows = await Staff.insert(Staff(username=draft.username, display_name=draft.display_name, email=draft.email, password_hash="",
                                        role=draft.role, branch=draft.branch, language=draft.language)).returning(Staff.id)
        staff_id = rows[0]["id"]
        fields = {"username": draft.username, "display_name": draft.display_name, "email": draft.email, "role": draft.role,
                  "branch": draft.branch}
        await history.record("staff", staff_id, by_id, "invited", history.changed_fields(None, fields))
        token = await _issue(staff_id, "invitation", by_id)
    return staff_id, token


async def _issue(staff_id: int, purpose: str, by_id: int | None) -> str:
    now = utcnow()
    # a new link replaces any earlier one still waiting: only the newest works
    await StaffToken.update({StaffToken.used_at: now}).where((StaffToken.staff == staff_id) & StaffToken.used_at.is_null())
    token = secrets.token_urlsafe(32)
    await StaffToken.insert(StaffToken(staff=staff_id, purpose=purpose, token_hash=token_hash(token), created_at=now,
                                       expires_at=now + timedelta(hours=LINK_HOURS[purpose]), created_by=by_id))
    return token


async def issue_reset(staff_id: int, by_id: int | None) -> str:
    async with transaction():
        token = await _issue(staff_id, "reset", by_id)
        await history.record("staff", staff_id, by_id, "reset_sent", {})
    return token


async def link_holder(token: str) -> dict | None:
    """The active account a link is for, while the link is unused and unexpired."""
    row = await StaffToken.select(StaffToken.id, StaffToken.staff, StaffToken.purpose).where(
        (StaffToken.token_hash == token_hash(token)) & StaffToken.used_at.is_null() & (StaffToken.expires_at > utcnow())).first()
    if row is None:
        return None
    staff = await Staff.select(Staff.id, Staff.username, Staff.display_name, Staff.language, Staff.active).where(Staff.id == row["staff"]).first()
    if staff is None or not staff["active"]:
        return None
    return {**staff, "purpose": row["purpose"], "token_id": row["id"]}


async def use_link(token: str, password_hash: str) -> dict | None:
    """Sets the password once; a second use, an expired link or a disabled account gets None."""
    async with transaction():
        holder = await link_holder(token)
        if holder is None:
            return None
        used = await StaffToken.update({StaffToken.used_at: utcnow()}).where(
            (StaffToken.id == holder["token_id"]) & StaffToken.used_at.is_null()).returning(StaffToken.id)
        if not used:
            return None
        await Staff.update({Staff.password_hash: password_hash}).where(Staff.id == holder["id"])
        await history.record("staff", holder["id"], holder["id"], "password_set", {})
    return holder


async def update_staff(staff_id: int, draft: StaffDraft, by_id: int | None) -> None:
    values = {"display_name": draft.display_name, "role": draft.role, "branch": draft.branch}
    if draft.email:
        values["email"] = draft.email
    async with transaction():
        before = await Staff.select(*[getattr(Staff, name) for name in values]).where(Staff.id == staff_id).first()
        changes = history.changed_fields(before, values)
        if changes:
            await Staff.update({getattr(Staff, name): value for name, value in values.items()}).where(Staff.id == staff_id)
            await history.record("staff", staff_id, by_id, "edited", changes)


async def set_staff_active(staff_id: int, active: bool, by_id: int | None) -> str | None:
    """None when done; an error code when it may not be (the last coordinator, oneself)."""
    async with transaction():
        staff = await Staff.select(Staff.role, Staff.active).where(Staff.id == staff_id).first()
        if not active and staff_id == by_id:
            return "disable_self"
        if not active and staff["role"] == Role.COORDINATOR.value and await _last_coordinator(staff_id):
            return "last_coordinator"
        await Staff.update({Staff.active: active}).where(Staff.id == staff_id)
        if not active:
            await StaffToken.update({StaffToken.used_at: utcnow()}).where((StaffToken.staff == staff_id) & StaffToken.used_at.is_null())
        await history.record("staff", staff_id, by_id, "enabled" if active else "disabled", {"active": [not active, active]})
    return None


async def validate_account(raw: Mapping[str, Any], staff_id: int) -> dict[str, str]:
    fields = Collector()
    display_name = fields.check("display_name", clean_text, raw.get("display_name"), 200, True)
    email = fields.check("email", _email, raw.get("email"), False)
    language = fields.check("language", _language, raw.get("language"))
    if email and "email" not in fields.errors and await _email_in_use(email, staff_id):
        fields.errors["email"] = "email_taken"
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return {"display_name": display_name, "email": email, "language": language}


async def update_account(staff_id: int, values: dict[str, str]) -> None:
    async with transaction():
        before = await Staff.select(*[getattr(Staff, name) for name in values]).where(Staff.id == staff_id).first()
        changes = history.changed_fields(before, values)
        if changes:
            await Staff.update({getattr(Staff, name): value for name, value in values.items()}).where(Staff.id == staff_id)
            await history.record("staff", staff_id, staff_id, "account_edited", changes)


async def change_password(staff_id: int, password_hash: str) -> None:
    async with transaction():
        await Staff.update({Staff.password_hash: password_hash}).where(Staff.id == staff_id)
        await history.record("staff", staff_id, staff_id, "password_changed", {})


async def staff_list() -> list[dict]:
    rows = await Staff.select(Staff.id, Staff.username, Staff.display_name, Staff.email, Staff.role, Staff.active, Staff.language,
                              Staff.branch, Staff.branch.short_name.as_alias("branch_name"), Staff.password_hash)
    for row in rows:
        row["waiting"] = not row.pop("password_hash")  # invited, no password set yet
    return sorted(rows, key=lambda row: (not row["active"], row["display_name"].lower()))


async def staff_detail(staff_id: int) -> dict | None:
    row = await Staff.select(Staff.id, Staff.username, Staff.display_name, Staff.email, Staff.role, Staff.active, Staff.language,
                             Staff.branch, Staff.branch.short_name.as_alias("branch_name"), Staff.password_hash).where(Staff.id == staff_id).first()
    if row is not None:
        row["waiting"] = not row.pop("password_hash")
    return row
