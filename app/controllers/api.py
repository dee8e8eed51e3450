"""The JSON API under /api/v1: the same programme the planner shows, for other programs.

It signs in with the planner's session cookie, and unsafe methods carry the CSRF token in the
`x-csrftoken` header (the app-wide CSRF middleware checks it). It adds no item rules of its own:
item bodies go through `models.validation.validate_item`, clashes through `models.clashes.find_clashes`,
and the changes through `models.programme`, exactly as app/controllers/items.py does for the pages.
A one-session PATCH is validated as the item at the new time and place, like the dialog's "only
this session".

Request bodies are typed with their JSON types only, so a wrong JSON type is a 400 from the
decoder; what the values mean (required, allowed choices, lengths, dates) is validate_item's
to judge, and its per-field errors come back as 422 {"errors": {field: message}} in the
request's language. Times are wall-clock times of the library (Europe/Riga), without offset.
"""
from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, Router, get, patch, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery, JSONBody, PathParameter, QueryParameter

from app.forms import item_to_raw, warning_texts
from app.i18n import error_text, error_texts
from app.web import require_branch
from models.clashes import find_clashes
from models.enums import Audience, Kind, PartnerRole, Status
from models.programme import (
    StaleEdit,
    create_item,
    duplicate_item,
    edit_occurrence,
    record,
    set_status,
    split_series,
    update_item,
)
from models.recurrence import parse_rrule
from models.queries import PlannerFilter, audiences_of, branches, item_detail, occurrences_between, partners_list, places_of
from models.status import StatusChangeRefused
from models.tables import Item, ItemPartner, Occurrence
from models.validation import EARLIEST_YEAR, LATEST_YEAR, ItemDraft, ValidationFailed, clean_text, parse_date, validate_item

MAX_RANGE_DAYS = 400
INT32_MAX = 2**31 - 1
NOTE_MAX = Occurrence.note.length

# The raw keys validate_item reads; the body structs below carry exactly these (plus the API's own).
RAW_KEYS = (
    "kind", "title", "description", "branch_id", "place_id", "all_day", "start_date", "start_time", "end_date",
    "end_time", "repeat", "interval", "weekdays", "monthly_mode", "until", "count", "audiences", "partners",
    "responsible_id", "is_public", "status", "lesson_class", "lesson_teacher", "literacy_area", "book_start_group",
    "age_band", "exhibition_form", "delivery_kind", "version",
)

# Texts the API says itself (the rest come from app/i18n).
RANGE_TEXTS = {
    "lv": {
        "range_order": "Perioda beigām (to) jābūt ne agrāk par sākumu (from).",
        "range_too_long": f"Periods ir pārāk garš: ne vairāk kā {MAX_RANGE_DAYS} dienas.",
    },
    "en": {
        "range_order": "The end of the range (to) must not be before its start (from).",
        "range_too_long": f"The range is too long: at most {MAX_RANGE_DAYS} days.",
    },
}


def _doc(description: str) -> msgspec.Meta:
    """Field documentation for the OpenAPI schema (never a constraint the decoder enforces)."""
    return msgspec.Meta(description=description)


def _choices(enum_type) -> str:
    return ", ".join(member.value for member in enum_type)


def _id(description: str = "") -> msgspec.Meta:
    """Ids are PostgreSQL integers: a larger number can only be a wrong one (400, not a database error)."""
    return msgspec.Meta(ge=1, le=INT32_MAX, description=description or None)


# a path id, bounded like the body's ids (FromPath[int] would let 99999999999 reach PostgreSQL)
PathId = Annotated[int, PathParameter(ge=1, le=INT32_MAX)]


# --- bodies ---------------------------------------------------------------------------------

class PartnerLinkIn(msgspec.Struct):
    partner_id: Annotated[int, _id()]
    role: Annotated[str | None, _doc(f"One of: {_choices(PartnerRole)}. Default: participant.")] = None


class ItemBody(msgspec.Struct, kw_only=True):
    """A programme item as validate_item reads it. Only the JSON types are checked on decoding;
    whether a value is required or allowed is answered by a 422 with per-field messages."""

    kind: Annotated[str | None, _doc(f"Required. One of: {_choices(Kind)}.")] = None
    title: Annotated[str | None, _doc("Required, at most 200 characters.")] = None
    description: Annotated[str | None, _doc("At most 5000 characters.")] = None
    branch_id: Annotated[int, _id("Required: the branch that plans the item (your own, unless you are a coordinator).")] | None = None
    place_id: Annotated[int, _id("A place of the same branch (a room, a venue, a service point).")] | None = None
    all_day: Annotated[bool, _doc("A date range without times (exhibitions).")] = False
    start_date: Annotated[str | None, _doc("Required. YYYY-MM-DD or dd.mm.yyyy.")] = None
    start_time: Annotated[str | None, _doc("HH:MM; required unless all_day.")] = None
    end_date: Annotated[str | None, _doc("YYYY-MM-DD or dd.mm.yyyy.; the last day (inclusive). Default: start_date.")] = None
    end_time: Annotated[str | None, _doc("HH:MM; required unless all_day.")] = None
    repeat: Annotated[str | None, _doc("One of: none, daily, weekly, monthly. Default: none.")] = None
    interval: Annotated[int | None, _doc("Every n-th day/week/month, 1-12. Default: 1.")] = None
    weekdays: Annotated[list[int], _doc("For weekly series: 0 = Monday ... 6 = Sunday.")] = msgspec.field(default_factory=list)
    monthly_mode: Annotated[str | None, _doc("For monthly series: day (same day of month), nth (e.g. 2nd Thursday), last (last Thursday).")] = None
    until: Annotated[str | None, _doc("The last day of a series (YYYY-MM-DD); a series needs until or count.")] = None
    count: Annotated[int | None, _doc("The number of sessions of a series.")] = None
    audiences: Annotated[list[str], _doc(f"Any of: {_choices(Audience)}.")] = msgspec.field(default_factory=list)
    partners: list[PartnerLinkIn] = msgspec.field(default_factory=list)
    responsible_id: Annotated[int, _id("The staff member responsible.")] | None = None
    is_public: Annotated[bool, _doc("Shown in the public programme once published. Default: true.")] = True
    status: Annotated[str | None, _doc(f"One of: {_choices(Status)}. Default: planned.")] = None
    lesson_class: Annotated[str | None, _doc("Lessons: the class (required for a lesson).")] = None
    lesson_teacher: Annotated[str | None, _doc("Lessons: the teacher.")] = None
    literacy_area: Annotated[str | None, _doc("Lessons: social_civic, digital, language_reading, cultural, science.")] = None
    book_start_group: Annotated[str | None, _doc("Book Start: the group.")] = None
    age_band: Annotated[str | None, _doc("Book Start: the age band.")] = None
    exhibition_form: Annotated[str | None, _doc("Exhibitions: physical or virtual. Default: physical.")] = None
    delivery_kind: Annotated[str | None, _doc("Deliveries: service_point (needs a service point as place) or home.")] = None
    version: Annotated[int | None, _doc("The version the client last read (ignored on create).")] = None
    override_warnings: Annotated[bool, _doc("Save despite clash warnings (they are written to the item's history).")] = False


class ItemUpdate(ItemBody, kw_only=True):
    """The whole item, as on create, plus the version read and which sessions the edit touches."""

    version: Annotated[int, _doc("Required: the version the client last read; another save in between answers 409.")]
    scope: Annotated[Literal["all", "following"], _doc("all: the whole item; following: this session and the ones after it (splits a series).")] = "all"
    occurrence_id: Annotated[int, _id("With scope=following: the first session of the new series.")] | None = None


class StatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: Annotated[str, _doc(f"One of: {_choices(Status)}.")]
    version: Annotated[int, _doc("The version the client last read.")]


class DuplicateBody(msgspec.Struct, forbid_unknown_fields=True):
    start_date: Annotated[str | None, _doc("The copy's first day (YYYY-MM-DD or dd.mm.yyyy.); default: the original's.")] = None


class OccurrencePatch(msgspec.Struct, forbid_unknown_fields=True):
    """Omitted (or null) fields stay as they are. Moving only starts_at keeps the session's length."""

    starts_at: Annotated[datetime | None, _doc("New start, local wall-clock time (YYYY-MM-DDTHH:MM); an offset is converted to Europe/Riga.")] = None
    ends_at: Annotated[datetime | None, _doc("New end; for all-day items exclusive (midnight after the last day).")] = None
    place_id: Annotated[int, _id("Another place of the item's branch for this session.")] | None = None
    cancelled: Annotated[bool | None, _doc("Cancel (true) or restore (false) this session.")] = None
    note: Annotated[str | None, _doc(f"A note on this session, at most {NOTE_MAX} characters.")] = None
    override_warnings: Annotated[bool, _doc("Save despite clash warnings.")] = False


# --- answers --------------------------------------------------------------------------------

class Me(msgspec.Struct):
    id: int
    username: str
    display_name: str
    role: str
    branch: int | None
    language: str


class BranchOut(msgspec.Struct):
    id: int
    name: str
    short_name: str
    slug: str
    address: str
    opening_hours: str
    is_central: bool


class PlaceOut(msgspec.Struct):
    id: int
    branch_id: int
    name: str
    kind: str
    address: str


class PartnerOut(msgspec.Struct):
    id: int
    name: str
    type: str
    branch_id: int | None


class PartnerLinkOut(msgspec.Struct):
    partner_id: int
    name: str
    role: str
    confirmation: str


class OccurrenceOut(msgspec.Struct):
    id: int
    item_id: int
    recurrence_id: Annotated[datetime, _doc("The start the series rule gave this session.")]
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    moved: Annotated[bool, _doc("starts_at differs from recurrence_id.")]
    place_id: Annotated[int | None, _doc("Set when this session is somewhere else than the item.")]
    note: str
    sequence: int


class ItemOut(msgspec.Struct):
    """An item with the same keys a create or update body takes (so it can be edited and sent
    back), and its sessions."""

    id: int
    uid: str
    kind: str
    title: str
    description: str
    branch_id: int
    place_id: int | None
    all_day: bool
    starts_at: datetime
    ends_at: datetime
    start_date: str
    start_time: str
    end_date: str
    end_time: str
    repeat: str
    interval: int
    weekdays: list[int]
    monthly_mode: str
    until: str | None
    count: int | None
    rrule: str
    audiences: list[str]
    partners: list[PartnerLinkOut]
    responsible_id: int | None
    is_public: bool
    status: str
    lesson_class: str
    lesson_teacher: str
    literacy_area: str
    book_start_group: str
    age_band: str
    exhibition_form: str
    delivery_kind: str
    version: int
    sequence: int
    updated_at: datetime
    occurrences: list[OccurrenceOut]


class ItemList(msgspec.Struct):
    from_: Annotated[date, _doc("The first day of the range answered.")] = msgspec.field(name="from")
    to: Annotated[date, _doc("The last day of the range answered (inclusive).")]
    items: list[ItemOut]


class ErrorOut(msgspec.Struct):
    status_code: int
    detail: str


class FieldErrorsOut(msgspec.Struct):
    errors: Annotated[dict[str, str], _doc("Field name -> message in the request's language.")]


class WarningsOut(msgspec.Struct):
    warnings: Annotated[list[str], _doc("Clash warnings; send override_warnings: true to save anyway.")]


class ConflictOut(msgspec.Struct, omit_defaults=True):
    warnings: Annotated[list[str] | None, _doc("Clash warnings; nothing was saved. Send override_warnings: true to save anyway.")] = None
    detail: Annotated[str | None, _doc("Set instead when someone else saved the item since the client read it.")] = None


class StaleOut(msgspec.Struct):
    detail: Annotated[str, _doc("Someone else saved the item since the client read it.")]


# --- refusals: raised by the handlers, rendered by the router ------------------------------

class ApiRefusal(Exception):
    def __init__(self, status_code: int, content: dict):
        super().__init__(status_code, content)
        self.status_code = status_code
        self.content = content


def _refusal_response(request: Request, exc: ApiRefusal) -> Response:
    return Response(exc.content, status_code=exc.status_code, media_type=MediaType.JSON)


def _field_errors(request: Request, errors: dict[str, str]) -> ApiRefusal:
    return ApiRefusal(422, {"errors": error_texts(errors, request.state.lang)})


def _stale(request: Request) -> ApiRefusal:
    return ApiRefusal(409, {"detail": error_text("stale", request.state.lang)})


def _range_error(request: Request, code: str) -> ApiRefusal:
    texts = RANGE_TEXTS.get(request.state.lang, RANGE_TEXTS["lv"])
    return ApiRefusal(400, {"status_code": 400, "detail": texts[code]})


R401 = ResponseSpec(data_container=ErrorOut, description="Not signed in.")
R403 = ResponseSpec(data_container=ErrorOut, description="Another branch's item, or a missing CSRF header.")
R404 = ResponseSpec(data_container=ErrorOut, description="No such record.")
R400 = ResponseSpec(data_container=ErrorOut, description="The body or a parameter has the wrong JSON type.")
R422 = ResponseSpec(data_container=FieldErrorsOut, description="Per-field errors, in the request's language.")
R409_WRITE = ResponseSpec(data_container=ConflictOut, description="Clash warnings (nothing saved), or a stale version.")
R409_STALE = ResponseSpec(data_container=StaleOut, description="Someone else saved the item in between.")
READ = {401: R401}
WRITE = {400: R400, 401: R401, 403: R403, 404: R404, 422: R422}


# --- shared steps -------------------------------------------------------------------------------

def _raw(body: ItemBody) -> dict[str, Any]:
    values = msgspec.to_builtins(body)
    return {name: values.get(name) for name in RAW_KEYS}


async def _validated(request: Request, raw: dict[str, Any], staff: dict) -> ItemDraft:
    try:
        return await validate_item(raw, staff)
    except ValidationFailed as failed:
        raise _field_errors(request, failed.errors) from None


async def _check_clashes(
    request: Request, sessions: list[tuple[datetime, datetime]], draft_like: dict[str, Any],
    *, exclude_item_id: int | None, override: bool,
) -> list[str]:
    """The clash warnings as texts; refuses with 409 unless the client overrides them."""
    warnings = await find_clashes(sessions, exclude_item_id=exclude_item_id, language=request.state.lang, **draft_like)
    texts = warning_texts(warnings, request.state.lang)
    if texts and not override:
        raise ApiRefusal(409, {"warnings": texts})
    return texts


def _clash_subject(draft: ItemDraft) -> dict[str, Any]:
    return {"kind": draft.kind, "place_id": draft.place_id, "responsible_id": draft.responsible_id, "all_day": draft.all_day}


async def _load(item_id: int) -> dict:
    item = await item_detail(item_id)
    if item is None:
        raise NotFoundException()
    return item


def _occurrence_out(row: dict) -> OccurrenceOut:
    return OccurrenceOut(
        id=row["id"], item_id=row["item"], recurrence_id=row["recurrence_id"], starts_at=row["starts_at"],
        ends_at=row["ends_at"], cancelled=row["cancelled"], moved=row["starts_at"] != row["recurrence_id"],
        place_id=row["place"], note=row["note"], sequence=row["sequence"],
    )


def _item_out(item: dict, occurrences: list[dict]) -> ItemOut:
    start, end = item["starts_at"], item["ends_at"]
    last_day = (end - timedelta(days=1)).date() if item["all_day"] else end.date()
    rule = parse_rrule(item["rrule"]) if item["rrule"] else None
    return ItemOut(
        id=item["id"], uid=item["uid"], kind=item["kind"], title=item["title"], description=item["description"],
        branch_id=item["branch"], place_id=item["place"], all_day=item["all_day"], starts_at=start, ends_at=end,
        start_date=start.date().isoformat(), start_time=start.strftime("%H:%M"), end_date=last_day.isoformat(),
        end_time=end.strftime("%H:%M"), repeat=rule.freq if rule else "none", interval=rule.interval if rule else 1,
        weekdays=list(rule.weekdays) if rule else [], monthly_mode=rule.monthly_mode if rule else "day",
        until=rule.until.isoformat() if rule and rule.until else None, count=rule.count if rule else None,
        rrule=item["rrule"], audiences=list(item["audiences"]),
        partners=[PartnerLinkOut(partner_id=p["partner_id"], name=p["name"], role=p["role"], confirmation=p["confirmation"]) for p in item["partners"]],
        responsible_id=item["responsible"], is_public=item["is_public"], status=item["status"],
        lesson_class=item["lesson_class"], lesson_teacher=item["lesson_teacher"], literacy_area=item["literacy_area"],
        book_start_group=item["book_start_group"], age_band=item["age_band"], exhibition_form=item["exhibition_form"],
        delivery_kind=item["delivery_kind"], version=item["version"], sequence=item["sequence"], updated_at=item["updated_at"],
        occurrences=[_occurrence_out(row) for row in occurrences],
    )


async def _item_answer(item_id: int) -> ItemOut:
    item = await _load(item_id)
    return _item_out(item, item["occurrences"])


async def _items_with(occurrences_by_item: dict[int, list[dict]]) -> list[ItemOut]:
    """Items with the given sessions, loaded in a few queries (not one item_detail per item)."""
    ids = list(occurrences_by_item)
    if not ids:
        return []
    items = {row["id"]: row for row in await Item.select().where(Item.id.is_in(ids))}
    audiences = await audiences_of(ids)
    partners: dict[int, list[dict]] = {}
    for row in await ItemPartner.select(
        ItemPartner.item, ItemPartner.partner.as_alias("partner_id"), ItemPartner.partner.name.as_alias("name"),
        ItemPartner.role, ItemPartner.confirmation,
    ).where(ItemPartner.item.is_in(ids)).order_by(ItemPartner.id):
        partners.setdefault(row["item"], []).append(row)
    answer = []
    for item_id in ids:
        item = items[item_id]
        item["audiences"] = audiences.get(item_id, [])
        item["partners"] = partners.get(item_id, [])
        answer.append(_item_out(item, occurrences_by_item[item_id]))
    return answer


def _wall_clock(request: Request, value: datetime | None) -> datetime | None:
    """A datetime with an offset becomes the library's wall-clock time, as items are stored."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(request.app.state.settings.timezone)).replace(tzinfo=None)


# --- controllers --------------------------------------------------------------------------------

class MeController(Controller):
    path = "/me"
    tags = ["staff"]

    @get("/", summary="The signed-in staff member", responses=READ)
    async def me(self, staff: NamedDependency[dict]) -> Me:
        return Me(id=staff["id"], username=staff["username"], display_name=staff["display_name"], role=staff["role"],
                  branch=staff["branch"], language=staff["language"])


class ReferenceController(Controller):
    """The lists an item refers to: branches, places and partners."""

    path = "/"
    tags = ["reference"]

    @get("/branches", summary="Branches of the library network", responses=READ)
    async def branches(self, staff: NamedDependency[dict]) -> list[BranchOut]:
        return [BranchOut(id=b["id"], name=b["name"], short_name=b["short_name"], slug=b["slug"], address=b["address"],
                          opening_hours=b["opening_hours"], is_central=b["is_central"]) for b in await branches()]

    @get("/places", summary="Active places (rooms, venues, service points)", responses=READ)
    async def places(self, staff: NamedDependency[dict], branch: Annotated[int | None, QueryParameter(description="Only this branch's places.", le=INT32_MAX)] = None) -> list[PlaceOut]:
        return [PlaceOut(id=p["id"], branch_id=p["branch"], name=p["name"], kind=p["kind"], address=p["address"])
                for p in await places_of(branch)]

    @get("/partners", summary="Active partners", responses=READ)
    async def partners(self, staff: NamedDependency[dict], branch: Annotated[int | None, QueryParameter(description="Only partners of this branch and the shared ones.", le=INT32_MAX)] = None) -> list[PartnerOut]:
        return [PartnerOut(id=p["id"], name=p["name"], type=p["type"], branch_id=p["branch"]) for p in await partners_list(branch)]


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
        branch: Annotated[int | None, QueryParameter(description="Only this branch. Default: every branch.", le=INT32_MAX)] = None,
        kind: FromQuery[list[Kind] | None] = None,
        status: FromQuery[list[Status] | None] = None,
        audience: FromQuery[list[Audience] | None] = None,
        partner: Annotated[list[int] | None, QueryParameter(description="Items with any of these partners.")] = None,
    ) -> ItemList:
        first = from_ or date.today().replace(day=1)
        last = to or first.replace(day=monthrange(first.year, first.month)[1])
        if not (EARLIEST_YEAR <= first.year <= LATEST_YEAR and EARLIEST_YEAR <= last.year <= LATEST_YEAR):
            raise ApiRefusal(400, {"status_code": 400, "detail": error_text("date_out_of_range", request.state.lang)})
        if last < first:
            raise _range_error(request, "range_order")
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise _range_error(request, "range_too_long")
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
        return ItemList(from_=first, to=last, items=await _items_with(by_item))

    @get("/{item_id:int}", summary="One item with all its sessions", responses={404: R404, **READ})
    async def show(self, staff: NamedDependency[dict], item_id: PathId) -> ItemOut:
        return await _item_answer(item_id)

    @post("/", summary="Create an item", status_code=201, responses={409: ResponseSpec(data_container=WarningsOut, description="Clash warnings; nothing saved."), **WRITE})
    async def create(self, request: Request, staff: NamedDependency[dict], data: JSONBody[ItemBody]) -> ItemOut:
        draft = await _validated(request, _raw(data), staff)
        sessions = [(start, start + draft.duration) for start in draft.occurrence_starts()]
        texts = await _check_clashes(request, sessions, _clash_subject(draft), exclude_item_id=None, override=data.override_warnings)
        item_id = await create_item(draft, staff["id"])
        if texts:
            await record(item_id, staff["id"], "warnings_overridden", {"warnings": texts})
        return await _item_answer(item_id)

    @put(
        "/{item_id:int}", summary="Replace an item (or a series from one session on)",
        description="The whole item, as on create, with the version read. scope=following with occurrence_id ends the "
                    "series before that session and starts a new series from the body; the answer is then the new series.",
        responses={409: R409_WRITE, **WRITE},
    )
    async def replace(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[ItemUpdate]) -> ItemOut:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        occurrence = None
        if data.scope == "following":
            if data.occurrence_id is None:
                raise _field_errors(request, {"occurrence_id": "required"})
            occurrence = next((o for o in item["occurrences"] if o["id"] == data.occurrence_id), None)
            if occurrence is None:
                raise _field_errors(request, {"occurrence_id": "unknown"})
        if data.version != item["version"]:  # before the clash check: a stale form's warnings help nobody
            raise _stale(request)
        draft = await _validated(request, _raw(data), staff)
        sessions = [(start, start + draft.duration) for start in draft.occurrence_starts()]
        texts = await _check_clashes(request, sessions, _clash_subject(draft), exclude_item_id=item_id, override=data.override_warnings)
        try:
            if occurrence is not None and item["rrule"]:
                saved_id = await split_series(item_id, occurrence["id"], draft, staff["id"])
            else:
                await update_item(item_id, draft, staff["id"])
                saved_id = item_id
        except StaleEdit:
            raise _stale(request) from None
        except StatusChangeRefused as refused:
            raise _field_errors(request, {"status": refused.code}) from None
        if texts:
            await record(saved_id, staff["id"], "warnings_overridden", {"warnings": texts})
        return await _item_answer(saved_id)

    @post("/{item_id:int}/status", summary="Change an item's status", status_code=200, responses={409: R409_STALE, **WRITE})
    async def change_status(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[StatusChange]) -> ItemOut:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        try:
            status = Status(data.status)
        except ValueError:
            raise _field_errors(request, {"status": "choice"}) from None
        try:
            await set_status(item_id, status, staff["id"], version=data.version)
        except StatusChangeRefused as refused:
            raise _field_errors(request, {"status": refused.code}) from None
        except StaleEdit:
            raise _stale(request) from None
        return await _item_answer(item_id)

    @post("/{item_id:int}/duplicate", summary="Copy an item as a draft", status_code=201, responses=WRITE)
    async def duplicate(self, request: Request, staff: NamedDependency[dict], item_id: PathId, data: JSONBody[DuplicateBody | None] = None) -> ItemOut:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        new_start = None
        if data is not None and data.start_date:
            try:
                day = parse_date(data.start_date)
            except ValueError as error:
                raise _field_errors(request, {"start_date": str(error)}) from None
            if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                raise _field_errors(request, {"start_date": "date_out_of_range"})
            new_start = datetime.combine(day, item["starts_at"].time())
        new_id = await duplicate_item(item_id, staff["id"], new_start=new_start)
        return await _item_answer(new_id)


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
        item = await _load(row["item"])
        starts_at, ends_at, place_id = row["starts_at"], row["ends_at"], row["place"]
        cancelled = row["cancelled"] if data.cancelled is None else data.cancelled
        try:  # a session's note is no item field: the same text rule as validate_item, on its own
            note = row["note"] if data.note is None else clean_text(data.note, NOTE_MAX)
        except ValueError as error:
            raise _field_errors(request, {"note": str(error)}) from None
        if data.starts_at is not None or data.ends_at is not None or data.place_id is not None:
            start, end = self._new_times(request, row, data)
            draft = await self._validated_session(request, staff, item, row, start, end, data.place_id)
            starts_at, ends_at = draft.starts_at, draft.ends_at
            place_id = draft.place_id if data.place_id is not None else row["place"]
            if not cancelled:
                subject = {**_clash_subject(draft), "place_id": place_id or item["place"]}
                await _check_clashes(request, [(starts_at, ends_at)], subject, exclude_item_id=item["id"], override=data.override_warnings)
        await edit_occurrence(occurrence_id, starts_at=starts_at, ends_at=ends_at, place_id=place_id, cancelled=cancelled,
                              note=note, staff_id=staff["id"])
        return _occurrence_out(await Occurrence.select().where(Occurrence.id == occurrence_id).first())

    @staticmethod
    def _new_times(request: Request, row: dict, data: OccurrencePatch) -> tuple[datetime, datetime]:
        """The session's new start and end; a new start alone keeps the session's length."""
        try:
            start = _wall_clock(request, data.starts_at) or row["starts_at"]
        except OverflowError:  # year 1 or 9999 with an offset
            raise _field_errors(request, {"starts_at": "date_out_of_range"}) from None
        try:
            end = _wall_clock(request, data.ends_at) or (start + (row["ends_at"] - row["starts_at"]))
        except OverflowError:
            raise _field_errors(request, {"starts_at" if data.ends_at is None else "ends_at": "date_out_of_range"}) from None
        return start, end

    @staticmethod
    async def _validated_session(request: Request, staff: dict, item: dict, row: dict, start: datetime, end: datetime, place_id: int | None) -> ItemDraft:
        """The item as one session at the new time and place, through validate_item (as the item
        dialog does for "only this session")."""
        raw = item_to_raw(item, row)
        raw.update(repeat="none", start_date=start.date().isoformat(), start_time=start.strftime("%H:%M"))
        if item["all_day"]:  # an all-day end is exclusive: the midnight after the last day
            raw["end_date"] = (end - timedelta(microseconds=1)).date().isoformat() if end > datetime.min else end.date().isoformat()
        else:
            raw.update(end_date=end.date().isoformat(), end_time=end.strftime("%H:%M"))
        if place_id is not None:
            raw["place_id"] = place_id
        try:
            return await validate_item(raw, staff)
        except ValidationFailed as failed:
            errors: dict[str, str] = {}
            for name, code in failed.errors.items():
                errors.setdefault(_PATCH_FIELDS.get(name, name), code)
            raise _field_errors(request, errors) from None


API_ROUTER = Router(
    path="/api/v1",
    route_handlers=[MeController, ReferenceController, ItemApiController, OccurrenceApiController],
    exception_handlers={ApiRefusal: _refusal_response},
)

API_HANDLERS: list = [API_ROUTER]
