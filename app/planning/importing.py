"""Bringing a past programme in from an .ics export or a spreadsheet saved as CSV: upload, a
preview of every row with its kind and place guessed and editable and duplicates left out, then all
of it created in one go. Nothing
is written before the librarian confirms; the file travels with the preview form, so the server
keeps nothing between the two steps."""
from __future__ import annotations

import base64
import binascii
import re
from datetime import timedelta

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.kernel.i18n import N_, error_texts, translate
from calendars.importer import MAX_BYTES, ImportFailed
from calendars.programme_import import read_programme
from models.kernel.enums import Kind, Status
from models.kernel.permissions import can_edit_branch
from models.kernel.validation import ValidationFailed, as_bool, as_int
from models.planning import (CSV_TEMPLATE, ImportedItem, ImportRow, SpreadsheetRefused, already_planned, branches, create_imported, guess_kind,
                             guess_place, places_of, read_spreadsheet, validate_item)

FAILURES = {
    "empty": N_("Fails ir tukšs."),
    "too_large": N_("Fails ir pārāk liels: ne vairāk kā 2 MB."),
    "not_calendar": N_("Tas nav kalendāra fails (.ics). Eksportējiet kalendāru no Google, Outlook vai Thunderbird un augšupielādējiet to."),
    "unreadable": N_("Kalendāra failu nevar nolasīt: tas ir bojāts vai nepilnīgs."),
    "no_events": N_("Kalendārā nav neviena notikuma."),
    "too_many_events": N_("Kalendārā ir pārāk daudz notikumu (vairāk nekā 5000): eksportējiet to pa gadiem."),
    "unknown_timezone": N_("Kalendārā ir laika josla, ko Afiša nepazīst. Eksportējiet to ar laika joslu Europe/Riga."),
    "no_branch": N_("Izvēlieties bibliotēku, kurai programmu ievest."),
    "headings": N_("Tas nav ne kalendāra fails (.ics), ne tabula ar slejām „Nosaukums” un „Sākuma datums”. Lejupielādējiet paraugu un aizpildiet to."),
    "row": N_("Tabulas {0}. rindā nevar nolasīt datumu vai laiku (datums dd.mm.gggg., laiks hh:mm)."),
}
NOTES = {
    "open_series": N_("sērijai nav beigu: ievesta gadu uz priekšu"),
    "rule_expanded": N_("atkārtošanās likumu Afiša nepazīst: ievestas atsevišķas reizes"),
    "cancelled_event": N_("kalendārā atcelts"),
}
NOTHING_TICKED = N_("Atzīmējiet vismaz vienu rindu, ko ievest.")
KINDS = (Kind.EVENT.value, Kind.EXHIBITION.value, Kind.LESSON.value, Kind.BOOK_START.value)


def _decoded(text: str | None) -> bytes:
    try:
        return base64.b64decode((text or "").encode(), validate=True)
    except (binascii.Error, ValueError):
        return b""


def _fields(row: ImportRow, kind: str, place_id: int | None, branch_id: int, status: str) -> dict:
    last_day = (row.ends_at - timedelta(days=1)).date() if row.all_day else row.ends_at.date()
    description = row.description
    if row.location and place_id is None:
        description = f"{description}\n\n{row.location}".strip()  # a place the library has not added: kept in words
    fields = {"kind": kind, "title": row.title[:200] or "—", "description": description[:5000], "branch_id": branch_id,
              "place_id": place_id, "all_day": row.all_day, "start_date": row.starts_at.date().isoformat(),
              "end_date": last_day.isoformat(), "status": status, "is_public": True, "repeat": "none", "override_warnings": True}
    if not row.all_day:
        fields.update(start_time=row.starts_at.strftime("%H:%M"), end_time=row.ends_at.strftime("%H:%M"), end_date=row.starts_at.date().isoformat())
    if kind == Kind.EXHIBITION.value and not row.all_day:
        fields.update(all_day=True, start_time=None, end_time=None, end_date=last_day.isoformat())
    fields.update(row.repeat)
    return fields


async def importable_branches(staff: dict) -> list[dict]:
    """The open libraries this staff member plans for."""
    return [b for b in await branches() if can_edit_branch(staff, b["id"]) and b["closed_on"] is None]


async def read_rows(staff: dict, data: bytes, branch_value) -> tuple[list[ImportRow], dict] | str:
    """The file's rows and the library they go to, or a refusal's code (FAILURES)."""
    branch_id = _number(branch_value)
    allowed = {b["id"]: b for b in await importable_branches(staff)}
    if branch_id not in allowed:
        return "no_branch"
    calendar = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper() == b"BEGIN:VCALENDAR"
    try:
        rows = read_programme(data) if calendar or not data.strip() else read_spreadsheet(data)
    except (ImportFailed, SpreadsheetRefused) as failed:
        return failed.code
    return rows, allowed[branch_id]


def refusal_text(code: str, language: str) -> str:
    name, _, row = code.partition(":")
    return translate(FAILURES[name], language).format(row)


async def guesses(rows: list[ImportRow], branch: dict) -> tuple[list[dict], set[int], list[dict]]:
    """The library's places, the rows it has already, and each row's guessed kind, place and tick."""
    places = await places_of(branch["id"])
    duplicates = await already_planned(branch["id"], [(row.title, row.starts_at) for row in rows])
    choices = [{"kind": guess_kind(row.title, row.all_day, (row.ends_at - row.starts_at).days, row.kind),
                "place": guess_place(row.location, places), "include": i not in duplicates and "cancelled_event" not in row.notes}
               for i, row in enumerate(rows)]
    return places, duplicates, choices


async def planned_items(rows: list[ImportRow], choices: list[dict], branch: dict, status: str, staff: dict,
                        language: str) -> tuple[list[ImportedItem], dict[int, str]]:
    """The ticked rows validated as items, or each refused row's message (then nothing is created)."""
    places = {place["id"] for place in await places_of(branch["id"])}
    chosen, errors = [], {}
    for i, (row, choice) in enumerate(zip(rows, choices)):
        if not choice["include"]:
            continue
        kind = choice["kind"] if choice["kind"] in KINDS else Kind.EVENT.value
        place_id = choice["place"] if choice["place"] in places else None
        try:
            draft = await validate_item(_fields(row, kind, place_id, branch["id"], status), staff)
        except ValidationFailed as failed:
            errors[i] = "; ".join(error_texts(failed.errors, language).values())
            continue
        chosen.append(ImportedItem(draft=draft, cancelled=row.cancelled, moved=row.moved))
    return chosen, errors


class ImportController(Controller):
    path = "/import"
    include_in_schema = False

    @get("/")
    async def form(self, staff: NamedDependency[dict]) -> Template:
        return Template("planning/import.html", context={"branches": await importable_branches(staff), "error": None, "max_mb": MAX_BYTES // 2**20})

    async def _refused(self, request: Request, staff: dict, code: str) -> Template:
        context = {"branches": await importable_branches(staff), "error": refusal_text(code, request.state.lang), "max_mb": MAX_BYTES // 2**20}
        return Template("planning/import.html", context=context, status_code=422)

    @post("/preview", status_code=200)
    async def preview(self, request: Request, staff: NamedDependency[dict]) -> Template:
        form = await request.form()
        upload = form.get("file")
        data = await upload.read(MAX_BYTES + 1) if hasattr(upload, "read") else b""
        read = await read_rows(staff, data, form.get("branch_id"))
        if isinstance(read, str):
            return await self._refused(request, staff, read)
        rows, branch = read
        places, duplicates, choices = await guesses(rows, branch)
        return self._preview(request, rows, branch, places, choices, duplicates, base64.b64encode(data).decode(), {}, Status.DRAFT.value)

    def _preview(self, request, rows, branch, places, choices, duplicates, file_text, errors, status) -> Template:
        lang = request.state.lang
        context = {"rows": rows, "branch": branch, "places": places, "choices": choices, "duplicates": duplicates, "file": file_text,
                   "errors": errors, "status": status, "kinds": KINDS, "notes": {code: translate(text, lang) for code, text in NOTES.items()}}
        return Template("planning/import_preview.html", context=context, status_code=422 if errors else 200)

    @post("/", status_code=200)
    async def confirm(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        form = await request.form()
        file_text = form.get("file") or ""
        read = await read_rows(staff, _decoded(file_text), form.get("branch_id"))
        if isinstance(read, str):
            return await self._refused(request, staff, read)
        rows, branch = read
        status = Status.PLANNED.value if form.get("status") == Status.PLANNED.value else Status.DRAFT.value
        choices = [{"kind": form.get(f"kind_{i}"), "place": _number(form.get(f"place_{i}")), "include": as_bool(form.get(f"include_{i}"))}
                   for i in range(len(rows))]
        chosen, errors = await planned_items(rows, choices, branch, status, staff, request.state.lang)
        if errors or not chosen:
            places, duplicates, _ = await guesses(rows, branch)
            errors = errors or {-1: translate(NOTHING_TICKED, request.state.lang)}
            return self._preview(request, rows, branch, places, choices, duplicates, file_text, errors, status)
        await create_imported(chosen, staff["id"])
        first = min(entry.draft.starts_at for entry in chosen)
        return Redirect(path=f"/import/done?count={len(chosen)}&day={first.date().isoformat()}", status_code=303)

    @get("/template.csv")
    async def template(self) -> Response:
        """The spreadsheet's columns with two example rows, as Excel opens it (UTF-8 with its mark, ;)."""
        return Response(content=("\ufeff" + CSV_TEMPLATE).encode(), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="afisa-programma.csv"'})

    @get("/done")
    async def done(self, count: FromQuery[int] = 0, day: FromQuery[str] = "") -> Template:
        shown = day if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else ""
        return Template("planning/import_done.html", context={"count": max(count, 0), "day": shown})


def _number(value) -> int | None:
    try:
        return as_int(value)
    except ValueError:
        return None
