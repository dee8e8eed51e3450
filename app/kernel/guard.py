"""Requests no browser sends, refused before anything reads them: a control character (a NUL
above all: PostgreSQL refuses it in text, so it reached the database as a 500) in the path or the
query, or a Host header that names no host (its port beyond 65535 made the error page itself fail).
A pure ASGI middleware, the app's first, so that static files and every router are behind it."""
from __future__ import annotations

import json
import re
from urllib.parse import unquote_to_bytes

from models.kernel.i18n import N_, gettext, language_or_default

MALFORMED = N_("Pieprasījumā ir kļūda. Pārbaudiet ievadīto un mēģiniet vēlreiz.")
_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$")
_LANG_COOKIE = re.compile(r"(?:^|;\s*)afisa_lang=([a-z]{2})")


def malformed(scope) -> bool:
    if _CONTROL.search(scope.get("raw_path") and unquote_to_bytes(scope["raw_path"]) or scope["path"].encode()):
        return True
    if _CONTROL.search(unquote_to_bytes(scope.get("query_string", b""))):
        return True
    host = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), None)
    if host is not None:
        match = _HOST.match(host)
        if match is None or (match.group(1) is not None and int(match.group(1)) > 65535):
            return True
    return False


def _language(scope) -> str:
    cookie = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"cookie"), "")
    found = _LANG_COOKIE.search(cookie)
    return language_or_default(found.group(1) if found else None)


class RefuseMalformedRequests:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not malformed(scope):
            await self.app(scope, receive, send)
            return
        message = gettext(MALFORMED, _language(scope))
        if scope["path"].startswith("/api/"):
            body, kind = json.dumps({"status_code": 400, "detail": message}, ensure_ascii=False).encode(), b"application/json"
        else:
            body, kind = message.encode(), b"text/plain; charset=utf-8"
        await send({"type": "http.response.start", "status": 400, "headers": [
            (b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"x-content-type-options", b"nosniff"),
            (b"cache-control", b"no-store"),
        ]})
        await send({"type": "http.response.body", "body": body})


CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
                           "form-action 'self'")
# what anyone may see and any cache may keep; every other answer (staff pages, answer links, private
# feeds, errors) is stored nowhere
PUBLIC_PATHS = ("/programme", "/embed/", "/static/", "/healthz")
PUBLIC_FEEDS = "/feeds/"
PRIVATE_FEEDS = ("/feeds/private/", "/feeds/me")


def _public(path: str) -> bool:
    if path.startswith(PUBLIC_FEEDS):
        return not path.startswith(PRIVATE_FEEDS)
    return path == "/" or path.startswith(PUBLIC_PATHS)


class SecurityHeaders:
    """The security headers on every answer, errors and redirects included (a hook after the
    handler missed those): nosniff, the referrer policy, the content security policy and no
    framing unless the answer set its own (the embed), HSTS when the site is served over https,
    and Cache-Control: no-store on everything that is not public."""

    def __init__(self, app, hsts: bool = False):
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        public = _public(scope["path"])

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                csp = next((value for name, value in headers if name.lower() == b"content-security-policy"), b"")
                wanted = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                          (b"content-security-policy", CONTENT_SECURITY_POLICY.encode())]
                if b"frame-ancestors *" not in csp:
                    wanted.append((b"x-frame-options", b"DENY"))
                if self.hsts:
                    wanted.append((b"strict-transport-security", b"max-age=31536000"))
                if not public:
                    wanted.append((b"cache-control", b"no-store"))
                headers += [(name, value) for name, value in wanted if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
