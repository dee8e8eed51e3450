"""Registration over HTTP (app/registration/): the librarian's pages, the public registration
and the personal link. Shared builders: a published workshop, its registration turned on."""
from __future__ import annotations

import re
from typing import Any

from models.kernel.clock import utcnow
from models.planning import create_item
from models.registration import parse_setup, save_setup
from tests.models import make_draft

BASE = "http://testserver.local"
LINK = re.compile(r"/r/([A-Za-z0-9_-]{43})")


async def workshop(branch: dict, librarian: dict, **overrides: Any) -> int:
    """„Aušana stellēs”, published, on Thursday 03.12.2026 17:00–18:30 (the modules' clock is 25.11.2026)."""
    fields = {"title": "Aušana stellēs", "start_date": "03.12.2026.", "status": "published", **overrides}
    return await create_item(await make_draft(branch["id"], librarian, **fields), librarian["id"])


async def turn_on(item_id: int, librarian: dict, **form: str) -> None:
    values = {"capacity": "4", "party_max": "3", "waiting_list": "on", "active": "on", **form}
    await save_setup(item_id, parse_setup(values), version=None, staff_id=librarian["id"], base_url=BASE, now=utcnow())


async def register_form(client, item_id: int, **values: str):
    """Register as a browser does: the item page first (its CSRF cookie), then the form's POST."""
    await client.get(f"/programme/rozupe/{item_id}")
    data = {"name": "Anna Liepa", "phone": "+371 26000001", "email": "", "party": "1", "website": "", **values}
    return await client.post(f"/programme/rozupe/{item_id}/register", data={**data, "_csrf_token": client.cookies.get("csrftoken", "")},
                             follow_redirects=False)


def token_of(response) -> str:
    """The personal link's token from the redirect to the confirmation page."""
    return LINK.search(response.headers["location"]).group(1)


async def post_link(client, token: str, action: str, **values: str):
    return await client.post(f"/r/{token}/{action}", data={**values, "_csrf_token": client.cookies.get("csrftoken", "")},
                             follow_redirects=False)
