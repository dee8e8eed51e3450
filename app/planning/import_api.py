"""Bringing a past programme in through the API, as the import page does it: the file's text (an
.ics export or the CSV template's columns) is previewed with each row's guessed kind and place and
whether the library has it already; then the rows chosen are created in one transaction, or none."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from app.api.common import WRITE, ApiRefusal
from app.api.schemas import INT32_MAX
from app.kernel.i18n import translate
from app.planning.importing import KINDS as IMPORT_KINDS, NOTES as IMPORT_NOTES, guesses, planned_items, read_rows, refusal_text
from models.kernel.clock import aware_local
from models.kernel.enums import Status
from models.kernel.metadata import doc
from models.planning import create_imported

MAX_FILE = 2 * 1024 * 1024
# i18n: an example for the OpenAPI document, written as a Latvian library writes it
ICS_EXAMPLE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:klubs@example.lv\r\nDTSTART;TZID=Europe/Riga:20260304T170000\r\n"
               "DTEND;TZID=Europe/Riga:20260304T180000\r\nRRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6\r\nSUMMARY:Lasītāju klubs\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class ImportFile(msgspec.Struct, forbid_unknown_fields=True):
    branch_id: Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)]
    file: Annotated[str, msgspec.Meta(max_length=MAX_FILE), doc("The text of an .ics export or of a CSV in the template's columns.", ICS_EXAMPLE)]


class RowChoice(msgspec.Struct, forbid_unknown_fields=True):
    index: Annotated[int, msgspec.Meta(ge=0, le=10_000), doc("The row's index in the preview.", 0)]
    kind: Annotated[str, doc("event, exhibition, lesson or book_start", "event")] = "event"
    place_id: Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)] | None = None


class ImportChoice(ImportFile, forbid_unknown_fields=True):
    rows: Annotated[list[RowChoice], msgspec.Meta(max_length=5000), doc("The rows to create; the others are left out.")] = []
    status: Annotated[str, doc("draft or planned", "draft")] = "draft"


class PreviewRow(msgspec.Struct):
    index: int
    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    location: str
    repeat: Annotated[dict, doc("The series' repeat fields as the item API takes them; {} for a single event.")]
    cancelled_sessions: int
    moved_sessions: int
    notes: list[str]
    kind: Annotated[str, doc("The guessed kind.")]
    place_id: Annotated[int | None, doc("The guessed place of the library.")]
    already_there: bool
    include: Annotated[bool, doc("What the page would tick: not already there, not cancelled.")]


class Created(msgspec.Struct):
    item_ids: list[int]


async def _read(request: Request, staff: dict, data: ImportFile):
    read = await read_rows(staff, data.file.encode("utf-8"), data.branch_id)
    if isinstance(read, str):
        raise ApiRefusal(422, {"errors": {"file" if read != "no_branch" else "branch_id": refusal_text(read, request.state.lang)}})
    return read


class ImportApiController(Controller):
    path = "/import"
    tags = ["items"]

    @post("/preview", summary="What an import would create (nothing is written)", status_code=200, responses=WRITE)
    async def preview(self, request: Request, staff: NamedDependency[dict], data: JSONBody[ImportFile]) -> list[PreviewRow]:
        rows, branch = await _read(request, staff, data)
        _places, duplicates, choices = await guesses(rows, branch)
        notes = {code: translate(text, request.state.lang) for code, text in IMPORT_NOTES.items()}
        return [PreviewRow(index=i, title=row.title, starts_at=aware_local(row.starts_at), ends_at=aware_local(row.ends_at), all_day=row.all_day,
                           location=row.location, repeat=row.repeat, cancelled_sessions=len(row.cancelled), moved_sessions=len(row.moved),
                           notes=[notes[code] for code in row.notes], kind=choice["kind"], place_id=choice["place"],
                           already_there=i in duplicates, include=choice["include"]) for i, (row, choice) in enumerate(zip(rows, choices))]

    @post("/", summary="Create the chosen rows of a file, all of them or none", status_code=201, responses=WRITE)
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[ImportChoice]) -> Created:
        rows, branch = await _read(request, staff, data)
        wanted = {choice.index: choice for choice in data.rows}
        if not wanted or max(wanted) >= len(rows) or any(choice.kind not in IMPORT_KINDS for choice in wanted.values()):
            raise ApiRefusal(422, {"errors": {"rows": translate("Izvēlieties no priekšskatījuma rindām un veidiem.", request.state.lang)}})
        choices = [{"kind": wanted[i].kind, "place": wanted[i].place_id, "include": True} if i in wanted else {"include": False}
                   for i in range(len(rows))]
        status = Status.PLANNED.value if data.status == Status.PLANNED.value else Status.DRAFT.value
        chosen, errors = await planned_items(rows, choices, branch, status, staff, request.state.lang)
        if errors:
            raise ApiRefusal(422, {"errors": {f"rows[{i}]": message for i, message in errors.items()}})
        return Created(item_ids=await create_imported(chosen, staff["id"]))


IMPORT_API_HANDLERS = [ImportApiController]
