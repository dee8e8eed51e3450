"""Serving feeds over HTTP: a per-process cache of built feeds and the conditional-GET rules.

A feed is rebuilt only when the programme changed: the built bytes are reused while the
programme's version (models/publishing/version.py: the newest history entry, place and branch)
is unchanged; a change made in this process is visible on the next request, one made in
another worker within a second. The version is global rather than per feed: recomputing a scope's
own version would mean a second copy of the visibility rule (models/publishing/publication.py), and a
rebuild caused by another branch's change gives the same bytes and the same ETag anyway.
Place and branch renames carry no timestamp, so an entry is also rebuilt after MAX_AGE."""
from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from litestar import Request, Response

from models.publishing import programme_version

MEDIA_TYPE = "text/calendar"
MAX_AGE = 600.0  # seconds a built feed is trusted without a rebuild, whatever the version says
MAX_ENTRIES = 1024


@dataclass(frozen=True)
class BuiltFeed:
    version: tuple
    body: bytes
    etag: str
    last_modified: datetime
    built_at: float


class FeedCache:
    """Built feeds by path. Last-Modified of a path never goes back while the process runs: when
    the bytes change but what is left in the feed is older (an item was deleted or left the
    scope), the date moves one second past the last one served."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, BuiltFeed] = OrderedDict()

    async def lookup(self, key: str) -> BuiltFeed | None:
        """The built feed for `key` if the programme has not changed since it was built."""
        version = await programme_version()
        entry = self._entries.get(key)
        if entry is not None and entry.version == version and time.monotonic() - entry.built_at < MAX_AGE:
            self._entries.move_to_end(key)
            return entry
        return None

    async def get(self, key: str, build: Callable[[], Awaitable[tuple[bytes, datetime]]]) -> BuiltFeed:
        if (hit := await self.lookup(key)) is not None:
            return hit
        # read before building: a change made during the build makes the next request rebuild
        version = await programme_version()
        entry = self._entries.get(key)
        body, last_modified = await build()
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
        if entry is not None:
            if etag == entry.etag:
                last_modified = max(last_modified, entry.last_modified)
            elif last_modified <= entry.last_modified:
                last_modified = entry.last_modified + timedelta(seconds=1)
        fresh = BuiltFeed(version, body, etag, last_modified, time.monotonic())
        self._entries[key] = fresh
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)
        return fresh


def cache_of(request: Request) -> FeedCache:
    state = request.app.state
    cache = state.get("feed_cache")
    if cache is None:
        cache = state["feed_cache"] = FeedCache()
    return cache


def _etag_matches(header: str, etag: str) -> bool:
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2)
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return last_modified <= since


def feed_response(request: Request, feed: BuiltFeed, *, cache_control: str, filename: str | None = None) -> Response:
    """200 with the bytes (none for HEAD, with the same headers), or 304 when the client has them."""
    headers = {
        "ETag": feed.etag,
        "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
        "Cache-Control": cache_control,
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Last-Modified",
        "Vary": "Accept-Encoding",
    }
    if_none_match = request.headers.get("if-none-match")
    if_modified_since = request.headers.get("if-modified-since")
    # If-Modified-Since counts only when there is no If-None-Match (RFC 9110 13.1.3)
    if (if_none_match is not None and _etag_matches(if_none_match, feed.etag)) or (
        if_none_match is None and if_modified_since and _not_modified_since(if_modified_since, feed.last_modified)
    ):
        return Response(content=b"", status_code=304, headers=headers)
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    headers["Content-Length"] = str(len(feed.body))
    body = b"" if request.method == "HEAD" else feed.body
    return Response(content=body, media_type=MEDIA_TYPE, headers=headers)
