"""The static files, answered from memory: the bytes on disk, their type, an ETag that a browser's
If-None-Match turns into a 304, a day of caching, and the app's 404 for what is not there."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


async def test_static_file_is_the_file_with_its_type_and_etag(client):
    response = await client.get("/static/css/afisa.css")
    again = await client.get("/static/css/afisa.css", headers={"If-None-Match": response.headers["etag"]})
    head = await client.head("/static/js/afisa.js")

    assert (response.status_code, response.content) == (200, (ROOT / "static" / "css" / "afisa.css").read_bytes())
    assert (response.headers["content-type"], response.headers["cache-control"]) == ("text/css; charset=utf-8", "public, max-age=86400")
    assert (again.status_code, again.content, head.status_code, head.content) == (304, b"", 200, b"")


async def test_missing_static_file_is_the_apps_404(client):
    response = await client.get("/static/css/nav-tada.css")

    assert (response.status_code, response.headers["x-content-type-options"]) == (404, "nosniff")
