"""Delivery rounds (issue 14): the recent and coming rounds with a form to plan a day's, the
round as a checklist for a phone (a card per stop, each finished in place by HTMX with the
progress counter out of band, or by a plain POST that comes back to the page), the A4 run sheet,
and finishing the round, which records the stops' figures as the sessions' attendance.

Who may: the staff who can edit the round's branch (others get 404). On a home stop the reader's
name, address and titles are shown only to the staff of the reader's branch (`can_see`); anyone
else sees "a reader at home" and the counts. URLs name rounds and stops by id only."""
from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.kernel.i18n import ngettext, translate
from app.outreach.texts import error_texts, problem_texts
from app.kernel.web import RowId, digits, page_or_fragment, say
from models.kernel.clock import local_today
from models.kernel.outreach_tables import RoundStop
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.kernel.validation import ValidationFailed, optional_date
from models.network import all_branches
from models.outreach import (
    TitlesRejected,
    can_see,
    finish_round,
    finish_stop,
    move_stop,
    plan_round,
    reopen_stop,
    round_detail,
    rounds_of,
    set_bring,
)

PAGE, STOP, STOP_ANSWER, SHEET, INDEX = ("outreach/rounds/round.html", "outreach/rounds/_stop.html", "outreach/rounds/_stop_answer.html",
                                         "outreach/rounds/sheet.html", "outreach/rounds/index.html")
FIGURES = ("items_out", "items_back", "readers_served")
RECENT_DAYS = 31


def _branches(staff: dict) -> list[int] | None:
    if is_coordinator(staff):
        return None
    return [staff["branch"]] if staff.get("branch") else []


async def _round(staff: dict, round_id: int) -> dict:
    found = await round_detail(round_id)
    if found is None or not can_edit_branch(staff, found["branch"]):
        raise NotFoundException()
    shown = can_see(staff, found["branch"])
    for stop in found["stops"]:
        stop["shown"] = stop["kind"] == "point" or shown
        if stop["kind"] == "home":
            stop["out_default"] = len(stop["bring"])
            stop["back_default"] = len(stop["collect"])
        else:
            stop["out_default"] = sum(len(p["titles"]) for p in stop["bring_sets"])
            stop["back_default"] = sum(len(p["titles"]) for p in stop["collect_sets"])
    return found


async def _round_of_stop(staff: dict, stop_id: int) -> dict:
    row = await RoundStop.select(RoundStop.round).where(RoundStop.id == stop_id).first()
    if row is None:
        raise NotFoundException()
    return await _round(staff, row["round"])


def _stop_in(found: dict, stop_id: int) -> dict:
    return next(stop for stop in found["stops"] if stop["id"] == stop_id)


def progress(found: dict, language: str) -> str:
    """The counter ("Paveiktas pieturas: 3 no 5"): no noun after a number, so no case to agree with it."""
    return translate("Paveiktas pieturas: %(done)d no %(num)d", language) % {"done": found["done"], "num": len(found["stops"])}


def _context(request: Request, found: dict, **extra) -> dict:
    return {"r": found, "progress": progress(found, request.state.lang), "stop_errors": {}, "stop_raw": {}, "stop_problems": {},
            "today": local_today(), **extra}


def _back(found: dict, stop_id: int | None = None) -> Redirect:
    anchor = f"#stop-{stop_id}" if stop_id else ""
    return Redirect(path=f"/outreach/rounds/{found['id']}{anchor}", status_code=303)


class RoundController(Controller):
    path = "/outreach/rounds"
    include_in_schema = False

    async def _index(self, request: Request, staff: dict, raw: dict | None = None, errors: dict | None = None) -> Template:
        today = local_today()
        rounds = await rounds_of(_branches(staff), since=today - timedelta(days=RECENT_DAYS), limit=40)
        branches = [b for b in await all_branches() if b["closed_on"] is None and can_edit_branch(staff, b["id"])]
        context = {"coming": sorted((r for r in rounds if r["day"] >= today), key=lambda r: r["day"]),
                   "recent": [r for r in rounds if r["day"] < today], "branches": branches, "network": is_coordinator(staff),
                   "raw": raw or {"day": today.isoformat(), "branch_id": str(staff.get("branch") or "")},
                   "errors": error_texts(errors or {}, request.state.lang), "today": today}
        return Template(INDEX, context=context, status_code=422 if errors else 200)

    @get("/")
    async def index(self, request: Request, staff: NamedDependency[dict]) -> Template:
        return await self._index(request, staff)

    @post("/", status_code=200)
    async def plan(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        form = await request.form()
        raw = {"day": str(form.get("day") or ""), "branch_id": str(form.get("branch_id") or staff.get("branch") or "")}
        errors: dict[str, str] = {}
        try:
            day = optional_date(raw["day"]) or local_today()
        except ValueError as error:
            errors["day"] = str(error)
        branch_id = digits(raw["branch_id"])
        if branch_id is None or not can_edit_branch(staff, branch_id):
            errors["branch_id"] = "required" if branch_id is None else "place_branch_forbidden"
        if errors:
            return await self._index(request, staff, raw, errors)
        title = translate("Grāmatu piegāde mājās", "lv")  # the home-delivery item's title, in the library's language
        try:
            round_id = await plan_round(branch_id, day, staff, title=title)
        except ValidationFailed as failed:
            return await self._index(request, staff, raw, {"day" if name != "branch_id" else name: code for name, code in failed.errors.items()})
        return Redirect(path=f"/outreach/rounds/{round_id}", status_code=303)

    @get("/{round_id:int}")
    async def show(self, request: HTMXRequest, staff: NamedDependency[dict], round_id: RowId) -> Template:
        found = await _round(staff, round_id)
        return Template(PAGE, context=_context(request, found), headers={"Cache-Control": "no-store"})

    @get("/{round_id:int}/sheet")
    async def sheet(self, request: Request, staff: NamedDependency[dict], round_id: RowId) -> Template:
        found = await _round(staff, round_id)
        return Template(SHEET, context={"r": found}, headers={"Cache-Control": "no-store"})

    @post("/{round_id:int}/finish", status_code=200)
    async def finish(self, request: Request, staff: NamedDependency[dict], round_id: RowId) -> Redirect:
        found = await _round(staff, round_id)
        lang = request.state.lang
        try:
            recorded = await finish_round(round_id, staff)
        except ValidationFailed as failed:
            for code in failed.errors.values():
                say(request, error_texts({"x": code}, lang)["x"], level="error")
            return _back(found)
        totals = {name: sum(figures[name] for figures in recorded.values()) for name in FIGURES}
        text = ngettext("Maršruts pabeigts: apmeklējums ierakstīts %(num)d piegādei.", "Maršruts pabeigts: apmeklējums ierakstīts %(num)d piegādēm.",
                        len(recorded), lang)
        figures = translate("Izsniegtie izdevumi: %(out)d, atgrieztie izdevumi: %(back)d, apkalpotie lasītāji: %(readers)d.", lang) % {
            "out": totals["items_out"], "back": totals["items_back"], "readers": totals["readers_served"]}
        say(request, f"{text} {figures}")
        if recorded.kept:
            say(request, ngettext("%(num)d piegādei apmeklējums jau bija ierakstīts apmeklējuma lapā; tas atstāts, kā bija — ja vajag, labojiet to tur.",
                                  "%(num)d piegādēm apmeklējums jau bija ierakstīts apmeklējuma lapā; tas atstāts, kā bija — ja vajag, labojiet to tur.",
                                  len(recorded.kept), lang), level="warning")
        return _back(found)


class StopController(Controller):
    """One stop of a round: its titles, done (with its figures), reopened, moved."""

    path = "/outreach/stops"
    include_in_schema = False

    def _answer(self, request: HTMXRequest, found: dict, stop_id: int, status_code: int = 200, **extra) -> Template:
        """To htmx: the stop's card again and the progress counter out of band; a plain POST with a
        problem gets the whole page (a good one goes back to it)."""
        context = _context(request, found, stop=_stop_in(found, stop_id), **extra)
        return page_or_fragment(request, PAGE, STOP_ANSWER, context, status_code=status_code)

    @post("/{stop_id:int}/bring", status_code=200)
    async def bring(self, request: HTMXRequest, staff: NamedDependency[dict], stop_id: RowId) -> Template | Redirect:
        found = await _round_of_stop(staff, stop_id)
        stop = _stop_in(found, stop_id)
        if not stop["shown"]:
            raise NotFoundException()
        text = str((await request.form()).get("titles") or "")
        try:
            await set_bring(stop_id, text, staff)
        except TitlesRejected as rejected:
            return self._answer(request, found, stop_id, 422, stop_problems={stop_id: problem_texts(rejected.problems, request.state.lang)},
                                stop_raw={stop_id: {"titles": text}})
        except ValidationFailed as failed:
            return self._answer(request, found, stop_id, 422, stop_errors={stop_id: error_texts(failed.errors, request.state.lang)},
                                stop_raw={stop_id: {"titles": text}})
        if request.htmx:
            return self._answer(request, await _round(staff, found["id"]), stop_id)
        return _back(found, stop_id)

    @post("/{stop_id:int}/done", status_code=200)
    async def done(self, request: HTMXRequest, staff: NamedDependency[dict], stop_id: RowId) -> Template | Redirect:
        found = await _round_of_stop(staff, stop_id)
        form = await request.form()
        raw = {name: str(form.get(name) or "") for name in FIGURES}
        try:
            await finish_stop(stop_id, raw, staff)
        except ValidationFailed as failed:
            return self._answer(request, found, stop_id, 422, stop_errors={stop_id: error_texts(failed.errors, request.state.lang)},
                                stop_raw={stop_id: raw})
        if request.htmx:
            return self._answer(request, await _round(staff, found["id"]), stop_id)
        return _back(found, stop_id)

    @post("/{stop_id:int}/reopen", status_code=200)
    async def reopen(self, request: HTMXRequest, staff: NamedDependency[dict], stop_id: RowId) -> Template | Redirect:
        found = await _round_of_stop(staff, stop_id)
        try:
            await reopen_stop(stop_id, staff)
        except ValidationFailed as failed:
            return self._answer(request, found, stop_id, 422, stop_errors={stop_id: error_texts(failed.errors, request.state.lang)})
        if request.htmx:
            return self._answer(request, await _round(staff, found["id"]), stop_id)
        return _back(found, stop_id)

    @post("/{stop_id:int}/move", status_code=200)
    async def move(self, request: Request, staff: NamedDependency[dict], stop_id: RowId) -> Redirect:
        found = await _round_of_stop(staff, stop_id)
        step = -1 if (await request.form()).get("step") == "up" else 1
        if found["finished_at"] is None:
            await move_stop(stop_id, step, staff)
        return _back(found, stop_id)


ROUND_HANDLERS: list = [RoundController, StopController]
