"""Home delivery readers' cards (issue 14): the branch's list, the card with the titles brought,
its form, the download of everything held and the deletion at the reader's request.

A card is personal data: only the staff of the reader's own branch see it (`can_see`); anyone
else gets 404 on the card, its form, its download and its deletion, and the list shows only the
staff member's own branch. A reader is named by id in every URL, never by name, and the pages'
titles (what a browser's history or a proxy's log keeps) say "the reader's card" only."""
from __future__ import annotations

import json
from datetime import date, timedelta

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.kernel.i18n import format_day, translate, weekday_name
from app.outreach.texts import CARRIERS, PARTS_OF_DAY, error_texts, label
from app.kernel.web import RowId, say
from models.kernel.clock import local_today
from models.kernel.validation import ValidationFailed
from models.outreach import (
    can_see,
    erase_reader,
    export_reader,
    is_due,
    reader_detail,
    readers_of,
    save_reader,
    validate_reader,
)

FIELDS = ("reader_number", "name", "address", "phone", "carrier", "carrier_name", "carrier_phone", "weekday", "part_of_day", "every_weeks",
          "books_per_visit", "skips", "kinds", "subjects", "authors", "large_print", "language", "notes", "consent_on", "consent_note", "active")
CHECKBOXES = ("large_print", "active")
NO_STORE = {"Cache-Control": "no-store"}  # a card is nobody's cache's business
LOOK_AHEAD_DAYS = 26 * 7 + 7  # the longest frequency and a week: beyond it a reader is not due at all
MONDAY = date(2024, 1, 1)


def _card(staff: dict, reader: dict | None) -> dict:
    """The card, for the staff of its branch; 404 for anyone else, as for a card that is not there."""
    if reader is None or not can_see(staff, reader["branch"]):
        raise NotFoundException()
    return reader


def _own_branch(staff: dict) -> int:
    """New cards are made in the staff member's own branch; without one there is none to keep them in."""
    if not staff.get("branch"):
        raise NotFoundException()
    return staff["branch"]


def next_due(reader: dict, today: date) -> date | None:
    if not reader["active"] or reader["consent_on"] is None:
        return None
    return next((day for day in (today + timedelta(days=n) for n in range(LOOK_AHEAD_DAYS)) if is_due(reader, day)), None)


def skips_text(skips) -> str:
    """The skip periods as the form takes them, one a line."""
    lines = []
    for first, last in (json.loads(skips) if isinstance(skips, str) else skips) or []:
        first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
        lines.append(first_day.strftime("%d.%m.%Y") if first == last else f"{first_day:%d.%m.%Y} - {last_day:%d.%m.%Y}")
    return "\n".join(lines)


def _raw_of(reader: dict) -> dict:
    raw = {name: reader.get(name) for name in FIELDS}
    raw.update(weekday="" if reader["weekday"] is None else str(reader["weekday"]), skips=skips_text(reader["skips"]),
               consent_on=format_day(reader["consent_on"]) if reader["consent_on"] else "",
               large_print="1" if reader["large_print"] else "", active="1" if reader["active"] else "",
               every_weeks=str(reader["every_weeks"]), books_per_visit=str(reader["books_per_visit"]), version=str(reader["version"]))
    return raw


def _choices(request: Request) -> dict:
    lang = request.state.lang
    return {"weekdays": [(str(n), weekday_name(MONDAY + timedelta(days=n), lang)) for n in range(7)],
            "carriers": [(code, label(CARRIERS, code, lang)) for code in CARRIERS],
            "parts_of_day": [(code, label(PARTS_OF_DAY, code, lang)) for code in PARTS_OF_DAY],
            "retention_months": request.app.state.settings.home_reader_months}


def _form(request: Request, reader: dict | None, raw: dict, errors: dict | None = None, status_code: int | None = None) -> Template:
    texts = error_texts(errors or {}, request.state.lang)
    return Template("outreach/readers/form.html", context={"reader": reader, "raw": raw, "errors": texts, **_choices(request)},
                    status_code=status_code or (422 if errors else 200), headers=NO_STORE)


def _described(request: Request, reader: dict) -> dict:
    """The list's and the card's words for how and when a reader gets books."""
    lang = request.state.lang
    reader["carrier_label"] = label(CARRIERS, reader["carrier"], lang)
    reader["weekday_label"] = weekday_name(MONDAY + timedelta(days=reader["weekday"]), lang) if reader["weekday"] is not None else ""
    reader["part_label"] = label(PARTS_OF_DAY, reader["part_of_day"], lang) if reader["part_of_day"] else ""
    return reader


class ReaderController(Controller):
    path = "/outreach/readers"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, staff: NamedDependency[dict]) -> Template:
        today, readers = local_today(), []
        if staff.get("branch"):
            for reader in await readers_of(staff["branch"]):
                reader["next_due"] = next_due(reader, today)
                readers.append(_described(request, reader))
        return Template("outreach/readers/index.html", headers=NO_STORE, context={
            "has_branch": bool(staff.get("branch")), "active": [r for r in readers if r["active"]],
            "inactive": [r for r in readers if not r["active"]]})

    @get("/new")
    async def new(self, request: Request, staff: NamedDependency[dict]) -> Template:
        _own_branch(staff)
        raw = {"carrier": "librarian", "every_weeks": "2", "books_per_visit": "5", "active": "1", "consent_on": "", "version": ""}
        return _form(request, None, raw)

    @post("/new", status_code=200)
    async def create(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        return await self._save(request, staff, None, _own_branch(staff))

    @get("/{reader_id:int}")
    async def show(self, request: Request, staff: NamedDependency[dict], reader_id: RowId) -> Template:
        reader = _described(request, _card(staff, await reader_detail(reader_id)))
        reader["next_due"] = next_due(reader, local_today())
        return Template("outreach/readers/card.html", context={"reader": reader, "skips": skips_text(reader["skips"]).splitlines()},
                        headers=NO_STORE)

    @get("/{reader_id:int}/edit")
    async def edit(self, request: Request, staff: NamedDependency[dict], reader_id: RowId) -> Template:
        reader = _card(staff, await reader_detail(reader_id))
        return _form(request, reader, _raw_of(reader))

    @post("/{reader_id:int}/edit", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict], reader_id: RowId) -> Template | Redirect:
        reader = _card(staff, await reader_detail(reader_id))
        return await self._save(request, staff, reader, reader["branch"])

    async def _save(self, request: Request, staff: dict, reader: dict | None, branch_id: int) -> Template | Redirect:
        form = await request.form()
        raw = {name: form.get(name) or "" for name in FIELDS} | {"version": form.get("version") or ""}
        for name in CHECKBOXES:  # an unticked box is not sent at all
            raw[name] = "1" if raw[name] else "0"
        try:
            draft = validate_reader(raw, branch_id)
            version = int(raw["version"]) if str(raw["version"]).isdigit() and len(str(raw["version"])) < 10 else None
            if reader is not None and version is None:
                raise ValidationFailed({"reader": "stale"})  # a form that does not say which card it read is not trusted
            reader_id = await save_reader(draft, staff["id"], reader["id"] if reader else None, version=version)
        except ValidationFailed as failed:
            if failed.errors.get("skips") == "date_format":  # a line that is not a period: say how one is written
                failed.errors["skips"] = "skip_format"
            if failed.errors.get("reader") == "unknown":
                raise NotFoundException() from None
            stale = failed.errors.get("reader") == "stale"
            return _form(request, reader, raw, failed.errors, status_code=409 if stale else 422)
        say(request, translate("Lasītāja karte saglabāta.", request.state.lang))
        return Redirect(path=f"/outreach/readers/{reader_id}", status_code=303)

    @get("/{reader_id:int}/export.json")
    async def export(self, request: Request, staff: NamedDependency[dict], reader_id: RowId) -> Response:
        _card(staff, await reader_detail(reader_id))
        data = await export_reader(reader_id, months=request.app.state.settings.home_reader_months)
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        return Response(body.encode("utf-8"), media_type="application/json", headers={
            **NO_STORE, "Content-Disposition": f'attachment; filename="lasitajs-{reader_id}.json"'})

    @get("/{reader_id:int}/erase")
    async def confirm_erase(self, staff: NamedDependency[dict], reader_id: RowId) -> Template:
        reader = _card(staff, await reader_detail(reader_id))
        return Template("outreach/readers/erase.html", context={"reader": reader}, headers=NO_STORE)

    @post("/{reader_id:int}/erase", status_code=200)
    async def erase(self, request: Request, staff: NamedDependency[dict], reader_id: RowId) -> Redirect:
        _card(staff, await reader_detail(reader_id))
        await erase_reader(reader_id, staff["id"])
        say(request, translate("Lasītāja personas dati un atvesto grāmatu saraksts izdzēsti. Piegāžu skaits statistikā paliek.", request.state.lang))
        return Redirect(path="/outreach/readers", status_code=303)


READER_HANDLERS: list = [ReaderController]
