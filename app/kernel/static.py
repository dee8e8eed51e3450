"""The static files (CSS, JS, htmx and Pico from npm, the icon): 200 KB that change only when the
app is deployed, read into memory at start and answered before the app's machinery, with an ETag
and a day of caching. Litestar's static router read the disk through a thread on every request,
at a sixteenth of a bare route's rate. In debug the files are read again on every request."""
from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

PREFIX = "/static/"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}


def _load(folder: Path) -> dict[str, tuple[bytes, bytes, bytes]]:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        body = path.read_bytes()
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        files[PREFIX + path.relative_to(folder).as_posix()] = (body, kind.encode(), f'"{hashlib.sha256(body).hexdigest()[:32]}"'.encode())
    return files


class StaticFiles:
    def __init__(self, app, folder: Path, reload: bool = False):
        self.app, self.folder, self.reload = app, folder, reload
        self.files = _load(folder)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX) or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        files = _load(self.folder) if self.reload else self.files
        found = files.get(scope["path"])
        if found is None:
            await self.app(scope, receive, send)  # the app's own 404 page
            return
        body, kind, etag = found
        fresh = any(name == b"if-none-match" and etag in value for name, value in scope["headers"])
        headers = [(b"content-type", kind), (b"etag", etag), (b"cache-control", b"public, max-age=86400")]
        if fresh:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
