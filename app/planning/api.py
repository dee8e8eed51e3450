"""Items and their sessions: list, read, create, replace, change status, duplicate, and move or
cancel one session."""
from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, patch, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery, JSONBody, QueryParameter

from app.api.common import R404, R409_STALE, READ, WRITE, ApiRefusal, field_errors, stale
from app.api.schemas import INT32_MAX, ErrorOut, PathId
from app.planning.api_common import (
    MAX_RANGE_DAYS, R409_WRITE, check_clashes, clash_subject, item_answer, items_with, load_item, occurrence_out, range_error, validated, wall_clock,
)
from app.planning.api_schemas import (
    NOTE_MAX, DuplicateBody, ItemBody, ItemList, ItemOut, ItemUpdate, OccurrenceOut, OccurrencePatch, StatusChange, WarningsOut,
)
from app.planning.forms import item_to_fields
from app.kernel.i18n import error_text
from app.kernel.web import require_branch
from models.kernel.clock import local_today
from models.kernel.enums import Audience, Kind, Status
from models.planning import (
    StaleEdit,
    create_item,
    duplicate_item,
    edit_occurrence,
    record_and_tell,
    set_status,
    split_series,
    update_item,
)
from models.planning import PlannerFilter, occurrences_between
from models.planning import StatusChangeRefused
from models.kernel.tables import Occurrence
from models.planning import ItemDraft, validate_item
from models.kernel.validation import EARLIEST_YEAR, LATEST_YEAR, ValidationFailed, clean_text, parse_date


class ItemApiController(Controller):
    path = "/items"
    tags = ["items"]

    @get(
        "/", summary="Items with sessions in a date range",
        description=f"Items that have a session overlapping from..to (both inclusive; default: this month), each with "
                    f"its sessions in the range. Filters combine; a list filter matches any of its values. The range is at "
                    f"most {MAX_RANGE_DAYS} days.",
        responses={400: ResponseSpec(data_container=ErrorOut, description="A bad date, or a range in the wrong order or too long."), **READ},
    )
    async def list_items(
        self, request: Request, staff: NamedDependency[dict],
        from_: Annotated[date | None, QueryParameter(name="from", description="The first day, YYYY-MM-DD. Default: the first day of this month.")] = None,
        to: Annotated[date | None, QueryParameter(description="The last day, YYYY-MM-DD. Default: the last day of the month of `from`.")] = None,
        branch: Annotated[int | None, QueryParameter(description="Only this branch. Default: every branch.", ge=1, le=INT32_MAX)] = None,
        kind: FromQuery[list[Kind] | None] = None,
        status: FromQuery[list[Status] | None] = None,
        audience: FromQuery[list[Audience] | None] = None,
        partner: Annotated[list[int] | None, QueryParameter(description="Items with any of these partners.")] = None,
    ) -> ItemList:
        first = from_ or local_today().replace(day=1)
        last = to or first.replace(day=monthrange(first.year, first.month)[1])
        if not (EARLIEST_YEAR <= first.year <= LATEST_YEAR and EARLIEST_YEAR <= last.year <= LATEST_YEAR):
            raise ApiRefusal(400, {"status_code": 400, "detail": error_text("date_out_of_range", request.state.lang)})
        if last < first:
            raise range_error(request, "range_order")
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise range_error(request, "range_too_long")
        flt = PlannerFilter(
            branch_ids=[branch] if branch is not None else None, kinds=[k.value for k in kind or []],
            statuses=[s.value for s in status or []], audiences=[a.value for a in audience or []], partner_ids=list(partner or []),
        )
        sessions = await occurrences_between(datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time()), flt)
        # occurrences_between answers what a planner cell shows; the API answers whole session rows
        rows = {row["id"]: row for row in await Occurrence.select().where(Occurrence.id.is_in([s["id"] for s in sessions]))} if sessions else {}
        by_item: dict[int, list[dict]] = {}
        for session in sessions:
            by_item.setdefault(session["item_id"], []).append(rows[session["id"]])
        return ItemList(from_=first, to=last, items=await items_with(by_item))

    @get("/{item_id:int}", summary="One item with all its sessions", responses={404: R404, **READ})
    async def show(self, staff: NamedDependency[dict], item_id: PathId) -> ItemOut:
        return await item_answer(item_id)

    @post("/", summary="Create an item", status_code=201, responses={409: ResponseSpec(data_container=WarningsOut, description="Clash warnings; nothing saved."), **WRITE})
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[ItemBody]) -> ItemOut:
        draft = await validated(request, data, staff)
        sessions = [(start, start + draft.duration) for start in draft.occurrence_starts()]
        texts = await check_clashes(request, sessions, clash_subject(draft), exclude_item_id=None, override=data.override_warnings)
        item_id = await create_item(draft, staff["id"])
        if texts:
            await record_and_tell(item_id, staff["id"], "warnings_overridden", {"warnings": texts})
        return await item_answer(item_id)

    @put(
        "/{item_id:int}", summary="Replace an item (or a series from one session on)",
        description="The whole item, as on create, with the version read. scope=following with occurrence_id ends the "
                    "series before that session and starts a new series from the body; the answer is then the new series.",
        responses={409: R409_WRITE, **WRITE},
    )
    async def replace(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[ItemUpdate]) -> ItemOut:
        item = await load_item(item_id)
        require_branch(staff, item["branch"])
        occurrence = None
        if data.scope == "following":
            if data.occurrence_id is None:
                raise field_errors(request, {"occurrence_id": "required"})
            occurrence = next((o for o in item["occurrences"] if o["id"] == data.occurrence_id), None)
            if occurrence is None:
                raise field_errors(request, {"occurrence_id": "unknown"})
        if data.version != item["version"]:  # before the clash check: a stale form's warnings help nobody
            raise stale(request)
        draft = await validated(request, data, staff)
        sessions = [(start, start + draft.duration) for start in draft.occurrence_starts()]
        texts = await check_clashes(request, sessions, clash_subject(draft), exclude_item_id=item_id, override=data.override_warnings)
        try:
            if occurrence is not None and item["rrule"]:
                saved_id = await split_series(item_id, occurrence["id"], draft, staff["id"])
            else:
                await update_item(item_id, draft, staff["id"])
                saved_id = item_id
        except StaleEdit:
            raise stale(request) from None
        except StatusChangeRefused as refused:
            raise field_errors(request, {"status": refused.code}) from None
        except ValidationFailed as failed:  # e.g. it would drop a session with attendance (models/planning/recorded.py)
            raise field_errors(request, failed.errors) from None
        if texts:
            await record_and_tell(saved_id, staff["id"], "warnings_overridden", {"warnings": texts})
        return await item_answer(saved_id)

    @post("/{item_id:int}/status", summary="Change an item's status", status_code=200, responses={409: R409_STALE, **WRITE})
    async def change_status(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[StatusChange]) -> ItemOut:
        item = await load_item(item_id)
        require_branch(staff, item["branch"])
        try:
            status = Status(data.status)
        except ValueError:
            raise field_errors(request, {"status": "choice"}) from None
        try:
            await set_status(item_id, status, staff["id"], version=data.version)
        except StatusChangeRefused as refused:
            raise field_errors(request, {"status": refused.code}) from None
        except StaleEdit:
            raise stale(request) from None
        return await item_answer(item_id)

    @post("/{item_id:int}/duplicate", summary="Copy an item as a draft", status_code=201, responses=WRITE)
    async def duplicate(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[DuplicateBody | None] = None) -> ItemOut:
        item = await load_item(item_id)
        require_branch(staff, item["branch"])
        new_start = None
        if data is not None and data.start_date:
            try:
                day = parse_date(data.start_date)
            except ValueError as error:
                raise field_errors(request, {"start_date": str(error)}) from None
            if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                raise field_errors(request, {"start_date": "date_out_of_range"})
            new_start = datetime.combine(day, item["starts_at"].time())
        new_id = await duplicate_item(item_id, staff["id"], new_start=new_start)
        return await item_answer(new_id)


# validate_item names the date and time fields; a session's patch has starts_at and ends_at
_PATCH_FIELDS = {"start_date": "starts_at", "start_time": "starts_at", "end_date": "ends_at", "end_time": "ends_at"}


class OccurrenceApiController(Controller):
    path = "/occurrences"
    tags = ["items"]

    @patch(
        "/{occurrence_id:int}", summary="Move, re-place, cancel or restore one session",
        description="Touches only this session of a series. The new time and place go through the same validation "
                    "and clash check as a whole item.",
        responses={409: ResponseSpec(data_container=WarningsOut, description="Clash warnings; nothing saved."), **WRITE},
    )
    async def change(self, request: Request, staff: NamedDependency[dict], occurrence_id: PathId, data: JSONBody[OccurrencePatch]) -> OccurrenceOut:
        row = await Occurrence.select(Occurrence.all_columns(), Occurrence.item.branch.as_alias("branch")).where(Occurrence.id == occurrence_id).first()
        if row is None:
            raise NotFoundException()
        require_branch(staff, row["branch"])
        item = await load_item(row["item"])
        starts_at, ends_at, place_id = row["starts_at"], row["ends_at"], row["place"]
        cancelled = row["cancelled"] if data.cancelled is None else data.cancelled
        try:  # a session's note is no item field: the same text rule as validate_item, on its own
            note = row["note"] if data.note is None else clean_text(data.note, NOTE_MAX)
        except ValueError as error:
            raise field_errors(request, {"note": str(error)}) from None
        if data.starts_at is not None or data.ends_at is not None or data.place_id is not None:
            start, end = self._new_times(request, row, data)
            draft = await self._validated_session(request, staff, item, row, start, end, data.place_id)
            starts_at, ends_at = draft.starts_at, draft.ends_at
            place_id = draft.place_id if data.place_id is not None else row["place"]
            if not cancelled:
                subject = {**clash_subject(draft), "place_id": place_id or item["place"]}
                await check_clashes(request, [(starts_at, ends_at)], subject, exclude_item_id=item["id"], override=data.override_warnings)
        try:
            await edit_occurrence(occurrence_id, starts_at=starts_at, ends_at=ends_at, place_id=place_id, cancelled=cancelled,
                                  note=note, staff_id=staff["id"])
        except ValidationFailed as failed:  # a session with attendance is neither cancelled nor moved ahead
            raise field_errors(request, {_PATCH_FIELDS.get(name, name): code for name, code in failed.errors.items()}) from None
        return occurrence_out(await Occurrence.select().where(Occurrence.id == occurrence_id).first())

    @staticmethod
    def _new_times(request: Request, row: dict, data: OccurrencePatch) -> tuple[datetime, datetime]:
        """The session's new start and end; a new start alone keeps the session's length."""
        try:
            start = wall_clock(request, data.starts_at) or row["starts_at"]
        except OverflowError:  # year 1 or 9999 with an offset
            raise field_errors(request, {"starts_at": "date_out_of_range"}) from None
        try:
            end = wall_clock(request, data.ends_at) or (start + (row["ends_at"] - row["starts_at"]))
        except OverflowError:
            raise field_errors(request, {"starts_at" if data.ends_at is None else "ends_at": "date_out_of_range"}) from None
        return start, end

    @staticmethod
    async def _validated_session(request: Request, staff: dict, item: dict, row: dict, start: datetime, end: datetime, place_id: int | None) -> ItemDraft:
        """The item as one session at the new time and place, through validate_item (as the item
        dialog does for "only this session")."""
        changes = dict(repeat="none", start_date=start.date().isoformat(), start_time=start.strftime("%H:%M"))
        if item["all_day"]:  # an all-day end is exclusive: the midnight after the last day
            changes["end_date"] = (end - timedelta(microseconds=1)).date().isoformat() if end > datetime.min else end.date().isoformat()
        else:
            changes.update(end_date=end.date().isoformat(), end_time=end.strftime("%H:%M"))
        if place_id is not None:
            changes["place_id"] = place_id
        try:
            return await validate_item(msgspec.structs.replace(item_to_fields(item, row), **changes), staff)
        except ValidationFailed as failed:
            errors: dict[str, str] = {}
            for name, code in failed.errors.items():
                errors.setdefault(_PATCH_FIELDS.get(name, name), code)
            raise field_errors(request, errors) from None
