"""The programme's version: what a built feed (app/publishing/feed_http.py) is checked against.

Every change of an item, its sessions, audiences or partners writes a history row in the same
transaction (models/planning/programme.record_and_tell), so the newest history id versions the
whole programme; with the newest place and branch it is one index lookup on both engines. A
cached feed asked this once per request, and that query was nearly all of a cached feed's cost,
so the answer is kept for a second; a change in this process forgets it at once (a listener in
models/consequences.py), one made in another worker is seen within the second."""
from __future__ import annotations

import time

from models.kernel.changes import ItemChanged, SessionsDropping
from models.kernel.network_tables import Branch
from models.kernel.tables import ItemChange, Place

KEPT_FOR = 1.0  # seconds

_SQL = "SELECT " + ", ".join(f'(SELECT max(id) FROM "{table._meta.tablename}") AS v{i}' for i, table in enumerate((ItemChange, Place, Branch)))
_known: dict[str, object] = {"version": None, "at": float("-inf")}


async def programme_version() -> tuple:
    if _known["version"] is not None and time.monotonic() - float(_known["at"]) < KEPT_FOR:
        return _known["version"]  # type: ignore[return-value]
    rows = await ItemChange.raw(_SQL)
    version = tuple(str(value) for value in rows[0].values())
    _known.update(version=version, at=time.monotonic())
    return version


def forget_version() -> None:
    _known.update(version=None, at=float("-inf"))


async def forget_after(event: ItemChanged | SessionsDropping) -> None:
    """Listener (models/consequences.py): the programme changed in this process."""
    forget_version()
