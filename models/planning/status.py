"""The life of an item: draft -> planned -> confirmed -> published -> held, or cancelled."""
from __future__ import annotations

from datetime import datetime

from models.kernel.enums import Status

NEXT: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PLANNED, Status.CONFIRMED, Status.PUBLISHED, Status.CANCELLED}),
    # internal items (a lesson for one class) are never published, yet they take place
    Status.PLANNED: frozenset({Status.DRAFT, Status.CONFIRMED, Status.PUBLISHED, Status.HELD, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.PLANNED, Status.PUBLISHED, Status.HELD, Status.CANCELLED}),
    Status.PUBLISHED: frozenset({Status.PLANNED, Status.CONFIRMED, Status.HELD, Status.CANCELLED}),
    Status.HELD: frozenset({Status.PUBLISHED, Status.CONFIRMED, Status.PLANNED}),
    Status.CANCELLED: frozenset({Status.DRAFT, Status.PLANNED}),
}


class StatusChangeRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_transition(current: Status, wanted: Status, ends_at: datetime, now: datetime) -> None:
    """Raise StatusChangeRefused with a reason code when `current` may not become `wanted`."""
    if current == wanted:
        return
    if wanted not in NEXT[current]:
        raise StatusChangeRefused("status_transition")
    if wanted == Status.HELD and ends_at > now:
        raise StatusChangeRefused("held_in_future")


def allowed_statuses(current: Status) -> list[Status]:
    return [current] + [s for s in Status if s in NEXT[current]]
