"""Downloading an external calendar: http(s) only, a few redirects, a size cap while streaming,
a conditional GET, and no requests into the library's own network.

The address a name resolves to is checked and then connected to directly (the name goes in
the Host header and TLS SNI), so a DNS answer that changes between the check and the
connection cannot point the server at 127.0.0.1 or the router's admin page."""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from app.kernel.settings import Settings
from calendars.importer import MAX_BYTES

MAX_REDIRECTS = 3
DEFAULT_TIMEOUT = 10.0
REDIRECTS = {301, 302, 303, 307, 308}


class FetchFailed(Exception):
    """`code`: bad_url, bad_scheme, private_address, dns, unreachable, timeout, too_many_redirects,
    too_large, or http_status:NNN."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Fetched:
    body: bytes | None  # None: 304, what is stored is current
    etag: str = ""
    last_modified: str = ""


def normalise_url(text: str) -> str:
    """webcal:// is what calendar sites offer for subscribing; it means https."""
    url = (text or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://"):]
    return url


def url_problem(url: str) -> str | None:
    """A syntactic check of a URL a librarian typed; None when it can be tried."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "bad_url"
    if parts.scheme.lower() not in ("http", "https"):
        return "bad_scheme" if parts.scheme else "bad_url"
    if not parts.hostname or (port is not None and not 0 < port < 65536) or parts.username or parts.password:
        return "bad_url"
    return None


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def resolve(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to; every address the name has must be public unless allowed."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed("dns") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchFailed("dns")
    if not allow_private and not all(_public(a) for a in addresses):
        raise FetchFailed("private_address")
    return addresses[0]


async def check_address(url: str, allow_private: bool) -> str | None:
    """For the add form: the error code of a URL whose host is private or unknown, else None."""
    problem = url_problem(url)
    if problem:
        return problem
    parts = urlsplit(url)
    try:
        await resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), allow_private)
    except FetchFailed as failed:
        return failed.code
    return None


async def fetch(url: str, settings: Settings, *, etag: str = "", last_modified: str = "") -> Fetched:
    timeout = float(settings.extra.get("overlay_timeout", DEFAULT_TIMEOUT))
    try:
        async with asyncio.timeout(timeout * 3):  # a server that drips a byte a second hits no read timeout
            return await _fetch(url, settings, timeout, etag, last_modified)
    except TimeoutError as exc:
        raise FetchFailed("timeout") from exc
    except httpx.TimeoutException as exc:
        raise FetchFailed("timeout") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed("unreachable") from exc
    except OSError as exc:
        raise FetchFailed("unreachable") from exc


async def _fetch(url: str, settings: Settings, timeout: float, etag: str, last_modified: str) -> Fetched:
    max_bytes = int(settings.extra.get("overlay_max_bytes", MAX_BYTES))
    headers = {"User-Agent": "Afisa/0.1 (+" + settings.base_url + ")", "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            problem = url_problem(url)
            if problem:
                raise FetchFailed(problem)
            parts = urlsplit(url)
            address = await resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), settings.allow_private_overlays)
            target = httpx.URL(url).copy_with(host=address)
            extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
            request = client.build_request("GET", target, headers={**headers, "Host": parts.netloc}, extensions=extensions)
            response = await client.send(request, stream=True)
            try:
                if response.status_code in REDIRECTS and response.headers.get("location"):
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code == 304:
                    return Fetched(None, etag, last_modified)
                if response.status_code >= 400 or response.status_code < 200:
                    raise FetchFailed(f"http_status:{response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchFailed("too_large")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchFailed("too_large")
                return Fetched(bytes(body), response.headers.get("etag", ""), response.headers.get("last-modified", ""))
            finally:
                await response.aclose()
    raise FetchFailed("too_many_redirects")
