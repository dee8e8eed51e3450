"""The partner directory: organisations, their contacts, and what the library did with them.
Partners and contacts are deactivated, never deleted: items, requests and feeds refer to them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.kernel.enums import PartnerType
from models.partners.history import partner_directory, partner_history  # noqa: F401 - the directory's read side
from models.kernel.permissions import can_edit_branch
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner, PartnerContact
from models.kernel.validation import EMAIL, PHONE, ValidationFailed, as_int, clean_text

NAME_MAX = 200
NOTES_MAX = 5000
ROLE_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 40
CONTACT_LANGUAGES = ("lv", "en")


@dataclass
class PartnerDraft:
    name: str
    type: PartnerType
    branch_id: int | None
    notes: str


@dataclass
class ContactDraft:
    name: str
    role: str
    email: str
    phone: str
    language: str


def can_edit_partner(staff: Mapping[str, Any], partner_branch: int | None) -> bool:
    """A branch's partner is its librarians' to edit; a network-wide one (no branch) the coordinators'."""
    return can_edit_branch(staff, partner_branch)


def _check(errors: dict[str, str], name: str, fn, *args):
    try:
        return fn(*args)
    except ValueError as error:
        errors.setdefault(name, str(error))
        return None


def _type(value: Any) -> PartnerType:
    if value in (None, ""):
        raise ValueError("required")
    try:
        return PartnerType(str(value.value if isinstance(value, PartnerType) else value))
    except ValueError:
        raise ValueError("choice") from None


async def validate_partner(raw: Mapping[str, Any], staff: Mapping[str, Any]) -> PartnerDraft:
    errors: dict[str, str] = {}
    name = _check(errors, "name", clean_text, raw.get("name"), NAME_MAX, True)
    type_ = _check(errors, "type", _type, raw.get("type"))
    notes = _check(errors, "notes", lambda v, limit: clean_text(v, limit, multiline=True), raw.get("notes"), NOTES_MAX)
    branch_id = _check(errors, "branch_id", as_int, raw.get("branch_id"))
    if "branch_id" not in errors:
        if branch_id is not None and not await Branch.exists().where(Branch.id == branch_id):
            errors["branch_id"] = "unknown"
        elif not can_edit_partner(staff, branch_id):
            errors["branch_id"] = "network_partner_forbidden" if branch_id is None else "branch_forbidden"
    if errors:
        raise ValidationFailed(errors)
    return PartnerDraft(name=name, type=type_, branch_id=branch_id, notes=notes)


def _email(value: Any) -> str:
    text = clean_text(value, EMAIL_MAX)
    if text and not EMAIL.match(text):
        raise ValueError("email_format")
    return text


def _phone(value: Any) -> str:
    text = clean_text(value, PHONE_MAX)
    if text and (not PHONE.match(text) or not any(c.isdigit() for c in text)):
        raise ValueError("phone_format")
    return text


def _language(value: Any) -> str:
    text = str(value or "lv").strip()
    if text not in CONTACT_LANGUAGES:
        raise ValueError("choice")
    return text


def validate_contact(raw: Mapping[str, Any]) -> ContactDraft:
    errors: dict[str, str] = {}
    draft = ContactDraft(
        name=_check(errors, "name", clean_text, raw.get("name"), NAME_MAX, True),
        role=_check(errors, "role", clean_text, raw.get("role"), ROLE_MAX),
        email=_check(errors, "email", _email, raw.get("email")),
        phone=_check(errors, "phone", _phone, raw.get("phone")),
        language=_check(errors, "language", _language, raw.get("language")),
    )
    if errors:
        raise ValidationFailed(errors)
    return draft


async def save_partner(draft: PartnerDraft, partner_id: int | None = None) -> int:
    values = {Partner.name: draft.name, Partner.type: draft.type.value, Partner.branch: draft.branch_id, Partner.notes: draft.notes}
    if partner_id is None:
        rows = await Partner.insert(Partner(**{column._meta.name: value for column, value in values.items()})).returning(Partner.id)
        return rows[0]["id"]
    await Partner.update(values).where(Partner.id == partner_id)
    return partner_id


async def set_partner_active(partner_id: int, active: bool) -> None:
    await Partner.update({Partner.active: active}).where(Partner.id == partner_id)


async def save_contact(partner_id: int, draft: ContactDraft, contact_id: int | None = None) -> int:
    values = {"name": draft.name, "role": draft.role, "email": draft.email, "phone": draft.phone, "language": draft.language}
    if contact_id is None:
        rows = await PartnerContact.insert(PartnerContact(partner=partner_id, **values)).returning(PartnerContact.id)
        return rows[0]["id"]
    await PartnerContact.update({getattr(PartnerContact, k): v for k, v in values.items()}).where(
        (PartnerContact.id == contact_id) & (PartnerContact.partner == partner_id))
    return contact_id


async def deactivate_contact(partner_id: int, contact_id: int) -> None:
    await PartnerContact.update({PartnerContact.active: False}).where(
        (PartnerContact.id == contact_id) & (PartnerContact.partner == partner_id))


async def partner_detail(partner_id: int) -> dict | None:
    partner = await Partner.select(Partner.all_columns(), Partner.branch.short_name.as_alias("branch_name")).where(
        Partner.id == partner_id).first()
    if partner is None:
        return None
    partner["contacts"] = await PartnerContact.select().where(PartnerContact.partner == partner_id).order_by(
        PartnerContact.active, ascending=False).order_by(PartnerContact.name)
    return partner


async def contact_of(partner_id: int, contact_id: int) -> dict | None:
    return await PartnerContact.select().where(
        (PartnerContact.id == contact_id) & (PartnerContact.partner == partner_id)).first()
