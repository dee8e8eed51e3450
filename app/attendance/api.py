"""Attendance through the API: read, record or correct, and remove a session's figures, with the
attendance page's validation, version check and consequences (models/attendance)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, Request, delete, get, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, QueryParameter

from app.api.common import R404, READ, WRITE, field_errors, stale
from app.api.schemas import INT32_MAX, PathId, StaleOut
from models.attendance import FIELDS_BY_KIND, FIGURES, get_session, record_attendance, remove_attendance
from models.kernel.clock import aware_local
from models.kernel.metadata import doc
from models.kernel.permissions import can_edit_branch
from models.kernel.validation import ValidationFailed
from models.planning import StaleEdit

Figure = Annotated[int, msgspec.Meta(ge=0, le=100_000)] | None


class AttendanceBody(msgspec.Struct, forbid_unknown_fields=True):
    version: Annotated[int, msgspec.Meta(ge=0, le=INT32_MAX), doc("The version read: 0 when the session has no attendance yet.", 0)]
    total: Annotated[Figure, doc("Everyone in the room (events, exhibitions, lessons).", 17)] = None
    children: Annotated[Figure, doc("Of them children.", 9)] = None
    adults: Figure = None
    online: Figure = None
    kits: Figure = None
    items_out: Figure = None
    items_back: Figure = None
    readers_served: Figure = None


class AttendanceOut(msgspec.Struct):
    occurrence_id: int
    item_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    figures_of_kind: Annotated[list[str], doc("The figures this kind of item records.")]
    version: Annotated[int, doc("0 when nothing is recorded.")]
    figures: Annotated[dict[str, int] | None, doc("The recorded figures; null when nothing is recorded.")]


async def _session(staff: dict, occurrence_id: int) -> dict:
    """A session of the staff member's own branch (a coordinator's: any); others are not found."""
    session = await get_session(occurrence_id)
    if session is None or not can_edit_branch(staff, session["branch"]):
        raise NotFoundException()
    return session


def _answer(session: dict) -> AttendanceOut:
    saved = session["attendance"]
    return AttendanceOut(occurrence_id=session["id"], item_id=session["item"], title=session["title"], kind=session["kind"],
                         starts_at=aware_local(session["starts_at"]), ends_at=aware_local(session["ends_at"]),
                         figures_of_kind=list(FIELDS_BY_KIND[session["kind"]]), version=saved["version"] if saved else 0,
                         figures={name: saved[name] for name in FIGURES} if saved else None)


STALE = {409: ResponseSpec(data_container=StaleOut, description="Someone else recorded or changed it in between.")}


class AttendanceApiController(Controller):
    path = "/attendance"
    tags = ["attendance"]

    @get("/{occurrence_id:int}", summary="A session's attendance", responses={404: R404, **READ})
    async def show(self, staff: NamedDependency[dict], occurrence_id: PathId) -> AttendanceOut:
        return _answer(await _session(staff, occurrence_id))

    @put("/{occurrence_id:int}", summary="Record or correct a held session's attendance", responses={**STALE, **WRITE})
    async def record(self, request: Request, staff: NamedDependency[dict], occurrence_id: PathId, data: JSONBody[AttendanceBody]) -> AttendanceOut:
        await _session(staff, occurrence_id)
        figures = {name: getattr(data, name) for name in FIGURES if getattr(data, name) is not None}
        try:
            await record_attendance(occurrence_id, figures, staff["id"], expected_version=data.version)
        except StaleEdit:
            raise stale(request) from None
        except ValidationFailed as failed:
            raise field_errors(request, failed.errors) from None
        return _answer(await _session(staff, occurrence_id))

    @delete("/{occurrence_id:int}", summary="Remove attendance recorded by mistake", status_code=200, responses={**STALE, **WRITE})
    async def remove(self, request: Request, staff: NamedDependency[dict], occurrence_id: PathId,
                     version: Annotated[int, QueryParameter(description="The version read.", ge=1, le=INT32_MAX)]) -> AttendanceOut:
        await _session(staff, occurrence_id)
        try:
            await remove_attendance(occurrence_id, staff["id"], expected_version=version)
        except StaleEdit:
            raise stale(request) from None
        return _answer(await _session(staff, occurrence_id))


ATTENDANCE_API_HANDLERS = [AttendanceApiController]
