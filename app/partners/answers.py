"""A partner's answer through the personal link in their mail: no account, one item, in the
contact's language. The page shows nothing but this item and this contact's answer; a wrong,
expired or revoked link gets the same plain 404 page, so a link cannot be probed."""
from __future__ import annotations

import time as clock
from collections import deque
from datetime import datetime

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES, error_text, translate
from models.partners.notifications import request_view
from models.partners.confirmations import AnswerRefused, answer, find_request
from models.kernel.validation import parse_date, parse_time

LIMIT, WINDOW_SECONDS = 20, 600
FIELDS = ("state", "proposed_date", "proposed_start", "proposed_end", "note")


class Limiter:
    """A sliding window per key, in memory: answers come from a handful of partners, and a
    restart forgetting the counts costs nothing but a fresh window. Every token ever tried is a
    key, so the keys are bounded: past MAX_KEYS, those whose window has passed are dropped, and if
    that is not enough, the least recently used."""

    MAX_KEYS = 10_000

    def __init__(self, limit: int = LIMIT, window: float = WINDOW_SECONDS, max_keys: int = MAX_KEYS):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self.hits: dict[str, deque] = {}

    def allow(self, *keys: str) -> bool:
        now = clock.monotonic()
        for key in keys:
            hits = self.hits.get(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if hits is not None and len(hits) >= self.limit:
                return False
        for key in keys:
            self.hits[key] = self.hits.pop(key, None) or deque()  # moved to the end: the most recently used
            self.hits[key].append(now)
        if len(self.hits) > self.max_keys:
            self._forget(now)
        return True

    def _forget(self, now: float) -> None:
        self.hits = {key: hits for key, hits in self.hits.items() if hits and hits[-1] > now - self.window}
        while len(self.hits) > self.max_keys:
            del self.hits[next(iter(self.hits))]


def _limiter(request: Request) -> Limiter:
    state = request.app.state
    if "answer_limiter" not in state:
        state["answer_limiter"] = Limiter()
    return state["answer_limiter"]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def gone(request: Request) -> Template:
    return Template("partners/answers/gone.html", context={}, status_code=404)


def too_many(request: Request) -> Template:
    return Template("partners/answers/limited.html", context={}, status_code=429, headers={"Retry-After": str(WINDOW_SECONDS)})


def _proposal(raw: dict) -> tuple[datetime | None, datetime | None, dict[str, str]]:
    """Date and times as the partner typed them; each bad field gets its own error code."""
    errors: dict[str, str] = {}
    day = start = end = None
    try:
        day = parse_date(raw["proposed_date"].strip()) if raw["proposed_date"].strip() else None
        if day is None:
            errors["proposed_date"] = "required"
    except ValueError as error:
        errors["proposed_date"] = str(error)
    for name in ("proposed_start", "proposed_end"):
        if not raw[name].strip():
            errors[name] = "required"
            continue
        try:
            value = parse_time(raw[name].strip())
            start, end = (value, end) if name == "proposed_start" else (start, value)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        return None, None, errors
    return datetime.combine(day, start), datetime.combine(day, end), {}


def _message(code: str, lang: str) -> str:
    if code == "in_the_past":
        return translate("Piedāvātajam laikam jābūt nākotnē.", lang)
    if code == "started":
        return translate("Pasākums jau ir sācies, tāpēc atbildi vairs nevar mainīt.", lang)
    return error_text(code, lang)


class AnswerController(Controller):
    path = "/answer"
    include_in_schema = False

    async def _page(self, request: Request, found: dict, *, raw: dict | None = None, errors: dict | None = None,
                    saved: bool = False, status_code: int = 200) -> Template:
        view = await request_view(found)
        lang = view["contact"]["language"] if view["contact"]["language"] in LANGUAGES else DEFAULT_LANGUAGE
        request.state.lang = lang  # the page speaks the partner's language, whatever the browser sent
        stored = view["answer"]
        raw = raw or {
            "state": stored["state"] if stored["state"] != "asked" else "", "note": stored["note"],
            "proposed_date": stored["proposed_start"].strftime("%d.%m.%Y.") if stored["proposed_start"] else "",
            "proposed_start": stored["proposed_start"].strftime("%H:%M") if stored["proposed_start"] else "",
            "proposed_end": stored["proposed_end"].strftime("%H:%M") if stored["proposed_end"] else "",
        }
        context = {**view, "raw": raw, "saved": saved, "errors": {k: _message(v, lang) for k, v in (errors or {}).items()}}
        return Template("partners/answers/page.html", context=context, status_code=status_code)

    @get("/{token:str}")
    async def show(self, request: Request, token: FromPath[str], saved: FromQuery[str | None] = None) -> Template:
        found = await find_request(token)
        if found is None:
            # a failed look-up counts against the address: nobody needs many wrong links
            return too_many(request) if not _limiter(request).allow(f"ip:{_client(request)}") else gone(request)
        return await self._page(request, found, saved=saved == "1")

    @post("/{token:str}")
    async def submit(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        if not _limiter(request).allow(f"token:{token[:64]}", f"ip:{_client(request)}"):
            return too_many(request)
        found = await find_request(token)
        if found is None:
            return gone(request)
        form = await request.form()
        raw = {name: str(form.get(name) or "") for name in FIELDS}
        start = end = None
        if raw["state"] == "proposed":
            start, end, errors = _proposal(raw)
            if errors:
                return await self._page(request, found, raw=raw, errors=errors, status_code=422)
        try:
            await answer(token, raw["state"], raw["note"], start, end, base_url=request.app.state.settings.base_url)
        except AnswerRefused as refused:
            if refused.code == "gone":
                return gone(request)
            return await self._page(request, found, raw=raw, errors={refused.field or "state": refused.code},
                                    status_code=409 if refused.code == "started" else 422)
        return Redirect(path=f"/answer/{token}?saved=1", status_code=303)
