"""A new installation: the network's name and its first coordinator (`afisa init`)."""
from __future__ import annotations

from models.kernel.db import transaction
from models.kernel.enums import Role
from models.kernel.network_tables import Network, Staff
from models.network import history


async def is_set_up() -> bool:
    """A network exists once it has a name or anyone who can sign in (the demo has both)."""
    return bool(await Network.exists() or await Staff.exists())


async def network_name() -> str | None:
    row = await Network.select(Network.name).first()
    return row["name"] if row else None


async def set_up(name: str, username: str, display_name: str, email: str, password_hash: str) -> int:
    async with transaction():
        await Network.insert(Network(name=name))
        rows = await Staff.insert(Staff(username=username, display_name=display_name, email=email, password_hash=password_hash,
                                        role=Role.COORDINATOR.value, branch=None)).returning(Staff.id)
        staff_id = rows[0]["id"]
        await history.record("staff", staff_id, None, "created", {"username": [None, username], "role": [None, Role.COORDINATOR.value]})
    return staff_id
