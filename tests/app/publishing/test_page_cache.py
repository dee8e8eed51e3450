"""The public programme answered from memory for visitors (app/publishing/page_cache.py): each
visitor's own CSRF token, a change to the programme seen at once, staff never served a kept page."""
from __future__ import annotations

import re

import pytest

from app.publishing import page_cache
from models.kernel.network_tables import Branch
from models.planning.programme import create_item
from tests.app.conftest import login
from tests.models import make_draft

pytestmark = pytest.mark.clock("01.12.2026 09:00")


def page_token(html: str) -> str:
    return re.search(r'name="_csrf_token" value="([0-9a-f]+)"', html).group(1)


async def visit(client, path: str = "/programme/rozupe?month=2026-12"):
    client.cookies.clear()
    return await client.get(path)


async def test_each_visitor_gets_her_own_token_matching_her_cookie(client, branch):
    first = await visit(client)
    second = await visit(client)

    assert (first.status_code, second.status_code) == (200, 200)
    assert page_token(first.text) == first.cookies["csrftoken"]
    assert page_token(second.text) == second.cookies["csrftoken"] != page_token(first.text)


async def test_language_switch_works_from_a_kept_page(client, branch):
    await visit(client)
    kept = await visit(client)

    switched = await client.post("/language", data={"lang": "en", "next": "/programme/rozupe", "_csrf_token": page_token(kept.text)},
                                 follow_redirects=False)

    assert (switched.status_code, switched.headers["location"]) == (303, "/programme/rozupe")


async def test_a_published_item_shows_to_the_next_visitor_at_once(client, branch, librarian, reading_room):
    await visit(client)
    await create_item(await make_draft(branch["id"], librarian, title="Ziemas pasakas", start_date="10.12.2026.", start_time="17:00",
                                       end_time="18:00", status="published"), librarian["id"])

    assert "Ziemas pasakas" in (await visit(client)).text


async def test_a_kept_page_lasts_at_most_its_minute(client, branch, monkeypatch):
    await visit(client)
    await Branch.update({Branch.address: "Parka iela 1, Rožupe"}).where(Branch.id == branch["id"])  # a change no version tells

    kept = await visit(client)
    monkeypatch.setattr(page_cache, "MAX_AGE", 0.0)
    fresh = await visit(client)

    assert ("Parka iela 1" in kept.text, "Parka iela 1" in fresh.text) == (False, True)


async def test_signed_in_staff_get_the_app_not_a_kept_page(client, branch, librarian):
    visitor = await visit(client)
    await login(client, librarian)

    staff_page = await client.get("/programme/rozupe?month=2026-12")

    assert staff_page.status_code == 200
    assert page_token(staff_page.text) == client.cookies["csrftoken"] != page_token(visitor.text)
