"""Who may do what. Coordinators plan the whole network; a librarian plans her own branch."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.kernel.enums import Role


def is_coordinator(staff: Mapping[str, Any]) -> bool:
    return staff.get("role") == Role.COORDINATOR


def can_edit_branch(staff: Mapping[str, Any], branch_id: int | None) -> bool:
    if not staff or not staff.get("active", True):
        return False
    return is_coordinator(staff) or (branch_id is not None and staff.get("branch") == branch_id)


def can_view_internal(staff: Mapping[str, Any] | None) -> bool:
    """Every staff member sees drafts and internal items of every branch (read-only elsewhere)."""
    return bool(staff and staff.get("active", True))
