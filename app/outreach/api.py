"""Outreach through the API: the book sets and where they are, a set's list of titles, the
rotation's proposals and accepting one, and a round's stops and its finish, with the pages'
validation and permissions (models/outreach). Home readers' cards are not in the API: personal
data stays on the pages of the reader's own library."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody

from app.api.common import R404, READ, WRITE, ApiRefusal, field_errors
from app.api.schemas import PathId
from app.kernel.i18n import translate
from app.outreach.texts import error_texts as outreach_error_texts, problem_texts
from models.kernel.clock import local_today
from models.kernel.metadata import doc
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.kernel.validation import ValidationFailed, optional_date, parse_time
from models.outreach import (TitlesRejected, accept_proposal, add_titles, finish_round, finish_stop, parse_csv, parse_pasted, proposals,
                             replace_titles, round_detail, set_detail, sets_of, titles_of)

Figure = Annotated[int, msgspec.Meta(ge=0, le=10_000)] | None


class PlacementOut(msgspec.Struct):
    placement_id: int
    place_id: int | None
    partner_id: int | None
    group_name: str
    placed_on: date
    due_on: date


class SetOut(msgspec.Struct):
    id: int
    branch_id: int
    name: str
    theme: str
    receiver: Annotated[str, doc("service_point, group or partner")]
    place_id: int | None
    partner_id: int | None
    group_name: str
    titles: int
    target_size: int
    rotation_days: int
    active: bool
    out: Annotated[PlacementOut | None, doc("Where the set is now; null when it is in the library.")]
    overdue: bool


class TitlesBody(msgspec.Struct, forbid_unknown_fields=True):
    # i18n: an example for the OpenAPI document, written as a Latvian librarian types it
    lines: Annotated[str | None, doc("One book a line: \"Author — Title\" or \"barcode;author;title\".", "Rūdolfs Blaumanis — Zagļi")] = None
    csv: Annotated[str | None, doc("The library system's CSV export (barcode, author, title), as text.")] = None
    mode: Annotated[str, doc("replace (the default) or add.")] = "replace"


class TitlesOut(msgspec.Struct):
    set_id: int
    titles: int


class ProposalOut(msgspec.Struct):
    place_id: int
    place_name: str
    day: date
    due_on: date
    moved_because: list[str]
    coming_back_placement_id: int | None
    going_out_set_id: int | None
    refused_sets: Annotated[list[dict], doc("Sets left out: {id, name, repeats}, the titles of each that were there recently.")]
    session_id: Annotated[int | None, doc("A delivery to the place already planned that the exchange rides on (send it back to accept).")] = None


class AcceptBody(msgspec.Struct, forbid_unknown_fields=True):
    place_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
    day: Annotated[str | None, doc("YYYY-MM-DD or dd.mm.yyyy.; required unless session_id is given.")] = None
    start_time: Annotated[str, doc("HH:MM")] = "10:00"
    end_time: Annotated[str, doc("HH:MM")] = "11:00"
    set_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None
    returning_placement_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None
    repeat_allowed: Annotated[bool, doc("The place asked for titles it had within the repeat months.")] = False
    session_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1), doc("Ride on this planned delivery: its day and time stand.")] | None = None


class AcceptOut(msgspec.Struct):
    item_id: int


class StopBody(msgspec.Struct, forbid_unknown_fields=True):
    items_out: Annotated[Figure, doc("Blank: the titles brought, as the run sheet lists them.")] = None
    items_back: Figure = None
    readers_served: Annotated[Figure, doc("At a service point; a home stop is one reader.")] = None


class StopOut(msgspec.Struct):
    stop_id: int
    items_out: int
    items_back: int
    readers_served: int


class RoundOut(msgspec.Struct):
    round_id: int
    day: date
    finished: bool
    stops: Annotated[list[dict], doc("In order: {stop_id, kind (point|home), place_id, session_id, done, items_out, items_back, readers_served}.")]


class FinishOut(msgspec.Struct):
    round_id: int
    sessions: Annotated[dict[str, dict[str, int]], doc("Each delivery session's recorded attendance.")]
    kept: Annotated[list[int], doc("Sessions whose attendance was already recorded otherwise, left as it was.")] = []


def _branches(staff: dict) -> list[int] | None:
    if is_coordinator(staff):
        return None
    return [staff["branch"]] if staff.get("branch") else []


def _refused(request: Request, failed: ValidationFailed) -> ApiRefusal:
    return ApiRefusal(422, {"errors": outreach_error_texts(failed.errors, request.state.lang)})


async def _round(staff: dict, round_id: int) -> dict:
    found = await round_detail(round_id)
    if found is None or not can_edit_branch(staff, found["branch"]):
        raise NotFoundException()
    return found


def _round_out(found: dict) -> RoundOut:
    return RoundOut(round_id=found["id"], day=found["day"], finished=found["finished_at"] is not None, stops=[
        {"stop_id": s["id"], "kind": s["kind"], "place_id": s["place"], "session_id": s["session"], "done": s["done"],
         "items_out": s["items_out"], "items_back": s["items_back"], "readers_served": s["readers_served"]} for s in found["stops"]])


class OutreachApiController(Controller):
    path = "/outreach"
    tags = ["outreach"]

    @get("/sets", summary="Book sets and where each is now", responses=READ)
    async def sets(self, staff: NamedDependency[dict]) -> list[SetOut]:
        rows = await sets_of(_branches(staff), today=local_today())
        return [SetOut(id=r["id"], branch_id=r["branch"], name=r["name"], theme=r["theme"], receiver=r["receiver"], place_id=r["place"],
                       partner_id=r["partner"], group_name=r["group_name"], titles=r["titles"], target_size=r["target_size"],
                       rotation_days=r["rotation_days"], active=r["active"], overdue=r["overdue"],
                       out=PlacementOut(placement_id=r["out"]["id"], place_id=r["out"]["place"], partner_id=r["out"]["partner"],
                                        group_name=r["out"]["group_name"], placed_on=r["out"]["placed_on"], due_on=r["out"]["due_on"])
                       if r["out"] else None) for r in rows]

    @put("/sets/{set_id:int}/titles", summary="A set's list of titles, checked whole", responses=WRITE)
    async def titles(self, request: Request, staff: NamedDependency[dict], set_id: PathId, data: JSONBody[TitlesBody]) -> TitlesOut:
        found = await set_detail(set_id)
        if found is None or not can_edit_branch(staff, found["branch"]):
            raise NotFoundException()
        if data.mode not in ("replace", "add"):
            raise field_errors(request, {"mode": "choice"})
        try:
            titles = parse_csv(data.csv.encode("utf-8")) if data.csv else parse_pasted(data.lines or "")
            await (replace_titles if data.mode == "replace" else add_titles)(set_id, titles)
        except TitlesRejected as rejected:
            raise ApiRefusal(422, {"errors": {"titles": " ".join(problem_texts(rejected.problems, request.state.lang))}}) from None
        return TitlesOut(set_id=set_id, titles=len(await titles_of(set_id)))

    @get("/rotation", summary="The deliveries due at service points, with the sets to bring and to take", responses=READ)
    async def rotation(self, request: Request, staff: NamedDependency[dict]) -> list[ProposalOut]:
        found = await proposals(_branches(staff), today=local_today(), repeat_months=request.app.state.settings.set_repeat_months)
        return [ProposalOut(place_id=p.place["id"], place_name=p.place["name"], day=p.day, due_on=p.due_on, moved_because=p.moved_because,
                            coming_back_placement_id=p.coming_back["id"] if p.coming_back else None,
                            going_out_set_id=p.going_out["id"] if p.going_out else None, refused_sets=p.refused,
                            session_id=p.session["id"] if p.session else None) for p in found]

    @post("/rotation", summary="Plan a delivery: the set goes out, the old one comes back", status_code=201, responses=WRITE)
    async def accept(self, request: Request, staff: NamedDependency[dict], data: JSONBody[AcceptBody]) -> AcceptOut:
        errors, day, times = {}, local_today(), {"start_time": None, "end_time": None}
        if data.session_id is None:  # a planned delivery's day and time stand
            try:
                day = optional_date(data.day)
                if day is None:
                    errors["day"] = "required"
            except ValueError as error:
                errors["day"] = str(error)
            for name in ("start_time", "end_time"):
                try:
                    times[name] = parse_time(getattr(data, name))
                except ValueError as error:
                    errors[name] = str(error)
        if errors:
            raise _refused(request, ValidationFailed(errors))
        try:
            # i18n: the item's title is the library's data, written in its language
            item_id = await accept_proposal(place_id=data.place_id, day=day, start=times["start_time"], end=times["end_time"], set_id=data.set_id,
                                            returning_id=data.returning_placement_id, staff=staff, repeat_allowed=data.repeat_allowed,
                                            title=translate("Grāmatu kopas maiņa", "lv"), repeat_months=request.app.state.settings.set_repeat_months,
                                            session_id=data.session_id)
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        return AcceptOut(item_id=item_id)

    @get("/rounds/{round_id:int}", summary="A delivery round's stops (no reader's personal data)", responses={404: R404, **READ})
    async def round(self, staff: NamedDependency[dict], round_id: PathId) -> RoundOut:
        return _round_out(await _round(staff, round_id))

    @post("/stops/{stop_id:int}/done", summary="A stop done, with its figures", status_code=200, responses=WRITE)
    async def stop_done(self, request: Request, staff: NamedDependency[dict], stop_id: PathId, data: JSONBody[StopBody]) -> StopOut:
        try:
            figures = await finish_stop(stop_id, {name: getattr(data, name) for name in ("items_out", "items_back", "readers_served")}, staff)
        except ValidationFailed as failed:
            if failed.errors.get("stop") == "unknown":
                raise NotFoundException() from None
            raise _refused(request, failed) from None
        return StopOut(stop_id=stop_id, **figures)

    @post("/rounds/{round_id:int}/finish", summary="Finish a round: the stops' figures become the sessions' attendance", status_code=200,
          responses=WRITE)
    async def finish(self, request: Request, staff: NamedDependency[dict], round_id: PathId) -> FinishOut:
        await _round(staff, round_id)
        try:
            recorded = await finish_round(round_id, staff)
        except ValidationFailed as failed:
            raise _refused(request, failed) from None
        return FinishOut(round_id=round_id, sessions={str(k): v for k, v in recorded.items()}, kept=recorded.kept)


OUTREACH_API_HANDLERS = [OutreachApiController]
