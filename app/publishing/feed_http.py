"""Serving feeds over HTTP: a per-process cache of built feeds and the conditional-GET rules.

A feed is rebuilt only when the programme changed: the built bytes are reused while the
programme's version (models/publishing/version.py: the newest history entry, place and branch)
is unchanged; a change made in this process is visible on the next request, one made in
another worker within a second. The version is global rather than per feed: recomputing a scope's
own version would mean a second copy of the visibility rule (models/publishing/publication.py), and a
rebuild caused by another branch's change gives the same bytes and the same ETag anyway.
Place and branch renames carry no timestamp, so an entry is also rebuilt after MAX_AGE.

A public feed already built and still current is answered by `PublicFeedLane`, in front of the
app: a subscriber's poll then costs what a static file costs, not Litestar's routing, hooks and
response machinery. Token feeds (a partner's, a colleague's) and single items are never answered
there: their token or item is checked on every request, so a revoked token stops working at once."""
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
PUBLIC = "public, max-age=300"
PRIVATE = "private, max-age=300"
MAX_AGE = 600.0  # seconds a built feed is trusted without a rebuild, whatever the version says
MAX_ENTRIES = 1024


@dataclass(frozen=True)
class BuiltFeed:
    version: tuple
    body: bytes
    etag: str
    last_modified: datetime
    built_at: float
    public: bool = False  # may be answered by PublicFeedLane without asking who reads it


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

    async def get(self, key: str, build: Callable[[], Awaitable[tuple[bytes, datetime]]], *, public: bool = False) -> BuiltFeed:
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
        fresh = BuiltFeed(version, body, etag, last_modified, time.monotonic(), public)
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


def conditional_answer(feed: BuiltFeed, method: str, if_none_match: str | None, if_modified_since: str | None, *,
                       cache_control: str, filename: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """200 with the bytes (none for HEAD, with the same headers), or 304 when the client has them."""
    headers = {
        "ETag": feed.etag,
        "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
        "Cache-Control": cache_control,
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Last-Modified",
        "Vary": "Accept-Encoding",
    }
    # If-Modified-Since counts only when there is no If-None-Match (RFC 9110 13.1.3)
    if (if_none_match is not None and _etag_matches(if_none_match, feed.etag)) or (
        if_none_match is None and if_modified_since and _not_modified_since(if_modified_since, feed.last_modified)
    ):
        return 304, headers, b""
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    headers["Content-Type"] = f"{MEDIA_TYPE}; charset=utf-8"
    headers["Content-Length"] = str(len(feed.body))
    return 200, headers, b"" if method == "HEAD" else feed.body


def feed_response(request: Request, feed: BuiltFeed, *, cache_control: str, filename: str | None = None) -> Response:
    status, headers, body = conditional_answer(feed, request.method, request.headers.get("if-none-match"),
                                               request.headers.get("if-modified-since"), cache_control=cache_control, filename=filename)
    content_type = headers.pop("Content-Type", None)  # Litestar adds the charset itself
    return Response(content=body, status_code=status, headers=headers, **({"media_type": MEDIA_TYPE} if content_type else {}))


class PublicFeedLane:
    """ASGI middleware: a GET or HEAD of a public feed found current in the app's FeedCache is
    answered here; anything else (a miss, a token feed, another path) goes on to the app."""

    def __init__(self, asgi, app):
        self.asgi, self.app = asgi, app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"].startswith("/feeds/"):
            cache = self.app.state.get("feed_cache")
            hit = await cache.lookup(scope["path"]) if cache is not None else None
            if hit is not None and hit.public:
                headers = {name: value for name, value in scope["headers"] if name in (b"if-none-match", b"if-modified-since")}
                status, answer_headers, body = conditional_answer(
                    hit, scope["method"], _latin(headers.get(b"if-none-match")), _latin(headers.get(b"if-modified-since")),
                    cache_control=PUBLIC)
                await send({"type": "http.response.start", "status": status,
                            "headers": [(name.lower().encode(), value.encode("latin-1")) for name, value in answer_headers.items()]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.asgi(scope, receive, send)


def _latin(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None
