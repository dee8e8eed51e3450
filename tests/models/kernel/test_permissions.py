"""Who may plan what: coordinators the whole network, a librarian her own branch."""
from __future__ import annotations

import pytest

from models.kernel.permissions import can_edit_branch, can_view_internal, is_coordinator

ROZUPE, RUDZATI = 1, 2
MAIJA = {"id": 10, "role": "librarian", "branch": ROZUPE, "active": True}
ILZE = {"id": 11, "role": "librarian", "branch": RUDZATI, "active": True}
ANNA = {"id": 12, "role": "coordinator", "branch": None, "active": True}
FORMER = {"id": 13, "role": "librarian", "branch": ROZUPE, "active": False}
FORMER_COORDINATOR = {"id": 14, "role": "coordinator", "branch": None, "active": False}
NO_BRANCH_LIBRARIAN = {"id": 15, "role": "librarian", "branch": None, "active": True}


@pytest.mark.parametrize(
    "staff, branch_id, allowed",
    [
        (MAIJA, ROZUPE, True),
        (MAIJA, RUDZATI, False),
        (MAIJA, None, False),
        (ILZE, RUDZATI, True),
        (ILZE, ROZUPE, False),
        (ANNA, ROZUPE, True),
        (ANNA, RUDZATI, True),
        (FORMER, ROZUPE, False),
        (FORMER_COORDINATOR, ROZUPE, False),
        (NO_BRANCH_LIBRARIAN, ROZUPE, False),
        (NO_BRANCH_LIBRARIAN, None, False),
        ({}, ROZUPE, False),
        (None, ROZUPE, False),
    ],
    ids=[
        "librarian-own", "librarian-other", "librarian-none", "other-librarian-own", "other-librarian-other",
        "coordinator-rozupe", "coordinator-rudzati", "inactive-librarian", "inactive-coordinator",
        "librarian-without-branch", "librarian-without-branch-none", "empty-staff", "no-staff",
    ],
)
def test_can_edit_branch_by_role_and_branch(staff, branch_id, allowed):
    assert can_edit_branch(staff, branch_id) is allowed


def test_can_edit_branch_staff_row_without_active_key_counts_as_active():
    assert can_edit_branch({"role": "librarian", "branch": ROZUPE}, ROZUPE) is True


@pytest.mark.parametrize(
    "staff, expected",
    [(ANNA, True), (MAIJA, False), (FORMER_COORDINATOR, True), ({}, False)],
    ids=["coordinator", "librarian", "inactive-coordinator", "empty"],
)
def test_is_coordinator_by_role(staff, expected):
    assert is_coordinator(staff) is expected


@pytest.mark.parametrize(
    "staff, expected",
    [(MAIJA, True), (ILZE, True), (ANNA, True), (FORMER, False), (None, False), ({}, False)],
    ids=["librarian", "other-librarian", "coordinator", "inactive", "anonymous", "empty"],
)
def test_can_view_internal_any_active_staff(staff, expected):
    assert can_view_internal(staff) is expected


async def test_can_edit_branch_with_database_rows(librarian, coordinator, other_librarian, branch, other_branch):
    assert can_edit_branch(librarian, branch["id"]) is True
    assert can_edit_branch(librarian, other_branch["id"]) is False
    assert can_edit_branch(other_librarian, other_branch["id"]) is True
    assert can_edit_branch(coordinator, other_branch["id"]) is True
