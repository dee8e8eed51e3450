"""Tests of registration (models/registration/). Shared builders: an item with registration
turned on, and residents registering for it."""
from __future__ import annotations

from typing import Any

from models.kernel.clock import utc_of_wall
from models.kernel.tables import MailMessage
from models.planning import create_item
from models.registration import parse_registration, parse_setup, register, save_setup, setup_of
from tests.conftest import at
from tests.models import make_draft

BASE_URL = "https://afisa.rozupe.lv"
SECRET_KEY = "registration-tests-" + "k" * 40  # signs the personal links (conftest.py)
NOW = utc_of_wall(at("25.11.2026 12:00"))  # the modules' clock


async def make_workshop(place: dict, staff: dict, **overrides: Any) -> int:
    """„Aušana stellēs” on 03.12.2026 at 17:00 in the reading room (a series with repeat=…)."""
    fields = {"title": "Aušana stellēs", "start_date": "03.12.2026.", "place_id": place["id"], **overrides}
    return await create_item(await make_draft(place["branch"], staff, **fields), staff["id"])


def setup_form(**overrides: Any) -> dict[str, str]:
    return {"capacity": "4", "party_max": "3", "waiting_list": "on", "active": "on", **overrides}


async def open_registration(item_id: int, staff: dict, **overrides: Any) -> dict:
    await save_setup(item_id, parse_setup(setup_form(**overrides)), version=None, staff_id=staff["id"], base_url=BASE_URL, now=NOW)
    return await setup_of(item_id)


async def sign_up(item_id: int, name: str, party: int = 1, *, email: str = "", phone: str = "+371 26000000", now=NOW, **fields) -> tuple[dict, str]:
    setup = await setup_of(item_id)
    draft = parse_registration({"name": name, "phone": phone, "email": email, "party": str(party), **fields}, setup)
    return await register(item_id, draft, base_url=BASE_URL, now=now)


async def mail_keys() -> list[str]:
    return [row["key"] for row in await MailMessage.select(MailMessage.key).order_by(MailMessage.id)]
