"""The life of an item: draft -> planned -> confirmed -> published -> held, or cancelled."""
from __future__ import annotations

import pytest

from models.kernel.enums import Status
from models.planning.status import NEXT, StatusChangeRefused, allowed_statuses, check_transition
from tests.conftest import at

ENDS = at("10.09.2026 18:30")
AFTER = at("11.09.2026 09:00")
BEFORE = at("10.09.2026 12:00")

ALLOWED = [
    (Status.DRAFT, Status.PLANNED),
    (Status.DRAFT, Status.CONFIRMED),
    (Status.DRAFT, Status.PUBLISHED),
    (Status.DRAFT, Status.CANCELLED),
    (Status.PLANNED, Status.DRAFT),
    (Status.PLANNED, Status.CONFIRMED),
    (Status.PLANNED, Status.PUBLISHED),
    (Status.PLANNED, Status.HELD),
    (Status.PLANNED, Status.CANCELLED),
    (Status.CONFIRMED, Status.PLANNED),
    (Status.CONFIRMED, Status.PUBLISHED),
    (Status.CONFIRMED, Status.HELD),
    (Status.CONFIRMED, Status.CANCELLED),
    (Status.PUBLISHED, Status.PLANNED),
    (Status.PUBLISHED, Status.CONFIRMED),
    (Status.PUBLISHED, Status.HELD),
    (Status.PUBLISHED, Status.CANCELLED),
    (Status.HELD, Status.PUBLISHED),
    (Status.HELD, Status.CONFIRMED),
    (Status.HELD, Status.PLANNED),
    (Status.CANCELLED, Status.DRAFT),
    (Status.CANCELLED, Status.PLANNED),
]
REFUSED = [
    (current, wanted)
    for current in Status
    for wanted in Status
    if current != wanted and (current, wanted) not in ALLOWED
]


@pytest.mark.parametrize("current, wanted", ALLOWED, ids=[f"{a.value}->{b.value}" for a, b in ALLOWED])
def test_check_transition_allowed_passes(current, wanted):
    assert check_transition(current, wanted, ENDS, AFTER) is None


@pytest.mark.parametrize("current, wanted", REFUSED, ids=[f"{a.value}->{b.value}" for a, b in REFUSED])
def test_check_transition_refused_raises_status_transition(current, wanted):
    with pytest.raises(StatusChangeRefused) as refused:
        check_transition(current, wanted, ENDS, AFTER)

    assert refused.value.code == "status_transition"


def test_refused_list_covers_the_rest_of_the_pairs():
    assert len(ALLOWED) + len(REFUSED) == 6 * 5
    assert ("draft", "held") in {(a.value, b.value) for a, b in REFUSED}
    assert ("cancelled", "published") in {(a.value, b.value) for a, b in REFUSED}
    assert ("held", "cancelled") in {(a.value, b.value) for a, b in REFUSED}


@pytest.mark.parametrize("status", list(Status), ids=[s.value for s in Status])
def test_check_transition_same_status_passes(status):
    assert check_transition(status, status, ENDS, BEFORE) is None


def test_check_transition_held_in_future_refused():
    with pytest.raises(StatusChangeRefused) as refused:
        check_transition(Status.PUBLISHED, Status.HELD, ENDS, BEFORE)

    assert refused.value.code == "held_in_future"


def test_check_transition_held_while_running_refused():
    with pytest.raises(StatusChangeRefused) as refused:
        check_transition(Status.PUBLISHED, Status.HELD, ENDS, at("10.09.2026 18:00"))

    assert refused.value.code == "held_in_future"


def test_check_transition_held_right_at_the_end_passes():
    assert check_transition(Status.PUBLISHED, Status.HELD, ENDS, ENDS) is None


def test_check_transition_cancel_in_future_passes():
    assert check_transition(Status.PUBLISHED, Status.CANCELLED, ENDS, BEFORE) is None


def test_allowed_statuses_starts_with_current_and_keeps_enum_order():
    assert allowed_statuses(Status.PUBLISHED) == [Status.PUBLISHED, Status.PLANNED, Status.CONFIRMED, Status.HELD, Status.CANCELLED]
    assert allowed_statuses(Status.HELD) == [Status.HELD, Status.PLANNED, Status.CONFIRMED, Status.PUBLISHED]


def test_next_never_offers_the_current_status():
    assert all(status not in NEXT[status] for status in Status)
