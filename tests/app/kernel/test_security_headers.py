"""The security headers on every answer: pages, errors, redirects, static files and the router's
own 404; HSTS when the site is served over https; staff answers stored nowhere."""
from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from app import create_app
from tests.conftest import ENGINE

ALWAYS = ("x-content-type-options", "referrer-policy", "content-security-policy", "x-frame-options")


@pytest.mark.parametrize("path, status", [
    ("/programme/rozupe", 200), ("/nav/tadas/lapas", 404), ("/planner", 302), ("/static/css/afisa.css", 200),
    ("/programme/roz%00upe", 400), ("/items/1", 302), ("/api/v1/items", 401),
])
async def test_every_answer_has_the_security_headers(client, branch, path, status):
    response = await client.get(path, follow_redirects=False)

    assert (response.status_code, [name for name in ALWAYS if name not in response.headers]) == (status, [])
    assert response.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_staff_pages_are_stored_nowhere_public_ones_may_be(librarian_client, branch):
    planner = await librarian_client.get("/planner")
    programme = await librarian_client.get("/programme/rozupe")
    redirect = await librarian_client.post("/logout", headers={"x-csrftoken": librarian_client.cookies["csrftoken"]}, follow_redirects=False)

    assert (planner.headers["cache-control"], redirect.headers["cache-control"]) == ("no-store", "no-store")
    assert programme.headers.get("cache-control") != "no-store"


async def test_https_site_sends_hsts_an_http_one_does_not(db, settings, branch):
    async with AsyncTestClient(app=create_app(replace(settings, base_url="https://biblioteka.example"), engine=ENGINE),
                               base_url="http://testserver.local") as https_client:
        secured = await https_client.get("/programme/rozupe")
        missing = await https_client.get("/nav-tadas")
    async with AsyncTestClient(app=create_app(settings, engine=ENGINE), base_url="http://testserver.local") as http_client:
        plain = await http_client.get("/programme/rozupe")

    assert (secured.headers["strict-transport-security"], missing.headers["strict-transport-security"]) == ("max-age=31536000",) * 2
    assert "strict-transport-security" not in plain.headers


async def test_embed_may_still_be_framed(client, branch):
    response = await client.get("/embed/rozupe")

    assert ("x-frame-options" in response.headers, "frame-ancestors *" in response.headers["content-security-policy"]) == (False, True)
