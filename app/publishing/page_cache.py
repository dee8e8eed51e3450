"""The public programme as a visitor gets it, answered from memory in front of the app.

Reading and rendering a month took the public page to under 1 % of a bare route's rate, and it is
the page a school's link and the municipality's website send everyone to. A visitor's page (no
session cookie, not an htmx swap) is kept by its address, language and day while the programme's
version (models/publishing/version.py) is unchanged, for at most MAX_AGE seconds (a library's
name or hours carry no version). The page holds a CSRF token for its one form (the language
switch); it is kept with a placeholder and each visitor gets her own: the token her cookie holds,
or a new one with its cookie, exactly as the CSRF middleware would have made it. Staff, whose
pages show their name and menu, always get the app."""
from __future__ import annotations

import re
import time
from collections import OrderedDict

from litestar.middleware.csrf import generate_csrf_token

from app.kernel.web import CSRF_COOKIE, LANG_COOKIE
from models.kernel.clock import local_today
from models.publishing import programme_version

MAX_AGE = 60.0  # seconds
MAX_ENTRIES = 256
PLACEHOLDER = b"\x00afisa-csrf\x00"  # no page can hold a NUL byte, so it never meets a real one
_PATHS = re.compile(r"^/(?:programme(?:/[a-z0-9-]{1,80})?|embed/[a-z0-9-]{1,80})$")
_TOKEN = re.compile(r"^[0-9a-f]{32,256}$")
_SKIPPED_HEADERS = {b"set-cookie", b"content-length"}


def _cookies(scope) -> dict[str, str]:
    found = {}
    for name, value in scope["headers"]:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, text = part.strip().partition("=")
                found.setdefault(key, text)
    return found


class PublicPageLane:
    def __init__(self, asgi, app):
        self.asgi, self.app = asgi, app

    @property
    def pages(self) -> OrderedDict:
        """Kept in the app's state, beside the feed cache, so a new state starts empty."""
        state = self.app.state
        if state.get("page_cache") is None:
            state["page_cache"] = OrderedDict()
        return state["page_cache"]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not _PATHS.match(scope["path"]):
            await self.asgi(scope, receive, send)
            return
        cookies = _cookies(scope)
        token = cookies.get(CSRF_COOKIE)
        if "session" in cookies or any(name == b"hx-request" for name, _ in scope["headers"]) or (token is not None and not _TOKEN.match(token)):
            await self.asgi(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), cookies.get(LANG_COOKIE, ""), local_today())
        version = await programme_version()
        entry = self.pages.get(key)
        if entry is not None and entry[0] == version and time.monotonic() - entry[1] < MAX_AGE:
            self.pages.move_to_end(key)
            await self._answer(send, entry, token)
            return
        await self._render_and_keep(scope, receive, send, key, version, token)

    async def _answer(self, send, entry: tuple, token: str | None) -> None:
        _version, _at, status, headers, body = entry
        headers = list(headers)
        if PLACEHOLDER not in body:  # the embed: no form, no token
            headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if token is None:
            settings = self.app.state.settings
            token = generate_csrf_token(settings.secret_key)
            # the cookie the CSRF middleware sets (path /, SameSite lax, readable by htmx), written out by hand:
            # Litestar's Cookie took a tenth of this answer's time
            secure = "; Secure" if settings.secure_cookies else ""
            headers.append((b"set-cookie", f"{CSRF_COOKIE}={token}; Path=/; SameSite=lax{secure}".encode()))
        page = body.replace(PLACEHOLDER, token.encode())
        headers.append((b"content-length", str(len(page)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": page})

    async def _render_and_keep(self, scope, receive, send, key: tuple, version: tuple, token: str | None) -> None:
        start: dict = {}
        chunks: list[bytes] = []

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self._store(key, version, start, b"".join(chunks), token)
            await send(message)

        await self.asgi(scope, receive, keep)

    def _store(self, key: tuple, version: tuple, start: dict, body: bytes, token: str | None) -> None:
        headers = start.get("headers", [])
        given = token
        for name, value in headers:
            if name.lower() == b"set-cookie" and value.startswith(CSRF_COOKIE.encode() + b"="):
                given = value.split(b";", 1)[0].split(b"=", 1)[1].decode("latin-1")
        if start.get("status") != 200 or (given is not None and not _TOKEN.match(given)):
            return
        kept = [(name, value) for name, value in headers if name.lower() not in _SKIPPED_HEADERS]
        self.pages[key] = (version, time.monotonic(), 200, kept, body.replace(given.encode(), PLACEHOLDER) if given else body)
        self.pages.move_to_end(key)
        while len(self.pages) > MAX_ENTRIES:
            self.pages.popitem(last=False)
