"""The administrative history: who changed a library, a place or a staff account, when, and each
field from what to what. Written in the same transaction as the change it describes."""
from __future__ import annotations

from typing import Any

from models.kernel.network_tables import AdminChange, Staff

SUBJECTS = ("branch", "place", "staff", "home_reader")


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list]:
    """{field: [from, to]} for what differs; every field of a new object is a change from None."""
    before = before or {}
    return {name: [_plain(before.get(name)), _plain(value)] for name, value in after.items() if _plain(before.get(name)) != _plain(value)}


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


async def record(subject: str, subject_id: int, staff_id: int | None, action: str, details: dict | None = None) -> None:
    assert subject in SUBJECTS, subject
    await AdminChange.insert(AdminChange(subject=subject, subject_id=subject_id, staff=staff_id, action=action, details=details or {}))


async def history_of(subject: str, subject_id: int) -> list[dict]:
    """Newest first, with the name of who did it."""
    return await AdminChange.select(
        AdminChange.at, AdminChange.action, AdminChange.details, AdminChange.staff.display_name.as_alias("staff_name"),
    ).where((AdminChange.subject == subject) & (AdminChange.subject_id == subject_id)).order_by(AdminChange.id, ascending=False).output(load_json=True)


async def staff_names() -> dict[int, str]:
    return {row["id"]: row["display_name"] for row in await Staff.select(Staff.id, Staff.display_name)}
