"""What happened to an item, told to the areas that care.

The planning area changes items and their sessions; other areas keep things that follow from
them (the held sessions' copied facts, the partners' mail, the statistics core's records). The
planning area does not import them: it tells an event here, and `models/consequences.py` lists,
in one place and in order, who listens to which event. Every listener runs inside the change's
transaction, so a change and its consequences are saved together or not at all."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ItemChanged:
    """An item, its sessions or their attendance changed (one history entry was written).
    `changes`: field -> [before, after] as the history keeps them; `occurrence_ids`: the sessions
    the change was made to alone (empty when it concerns the whole item)."""

    item_id: int
    action: str
    changes: Mapping[str, Any]
    at: datetime
    occurrence_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SessionsDropping:
    """These sessions are about to be deleted (the series' rule no longer has them)."""

    item_id: int
    occurrence_ids: tuple[int, ...]


Event = ItemChanged | SessionsDropping
Listener = Callable[[Any], Awaitable[None]]


@dataclass
class _Listeners:
    by_event: dict[type, tuple[Listener, ...]] = field(default_factory=dict)
    installed: bool = False


_LISTENERS = _Listeners()


def install(listeners: Mapping[type, tuple[Listener, ...]]) -> None:
    """Called once, by models/consequences.py, with its whole list."""
    _LISTENERS.by_event = dict(listeners)
    _LISTENERS.installed = True


def listeners_of(event_type: type) -> tuple[Listener, ...]:
    return _LISTENERS.by_event.get(event_type, ())


async def tell(event: Event) -> None:
    if not _LISTENERS.installed:
        # a change without its consequences would leave wrong statistics and unsent mail behind:
        # every entry point (the app, the CLI, the tests) imports models.consequences first
        raise RuntimeError("models.consequences is not imported: nobody would hear of this change")
    for listener in _LISTENERS.by_event.get(type(event), ()):
        await listener(event)
