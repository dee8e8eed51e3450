"""Book sets, their rotation at service points and their return (issue 14): the list of sets and
where each is now, a set's page (its titles, typed, pasted or the library system's CSV, checked
whole; lending; history), the rotation proposals with their acceptance, and the return checklist.

Staff only. A librarian sees and keeps her branch's sets; another branch's set or placement
answers 404. Coordinators see and keep every branch's."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.kernel.i18n import N_, ngettext, translate
from app.outreach.texts import RECEIVERS, error_texts, label, problem_texts
from app.kernel.web import RowId, digits, say
from models.kernel.calendar_facts import holiday_name
from models.kernel.clock import local_today
from models.kernel.enums import PlaceKind
from models.kernel.permissions import can_edit_branch, is_coordinator
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner, Place
from models.kernel.validation import ValidationFailed, in_range, parse_date, parse_time
from models.outreach import (
    TitlesRejected, accept_proposal, add_titles, lend_set, open_days, parse_csv, parse_pasted, placement_detail, planned_deliveries,
    proposals, remove_title, replace_titles, return_set, save_set, set_active, set_detail, sets_of, validate_set,
)

FIELDS = ("branch_id", "name", "theme", "receiver", "place_id", "partner_id", "group_name", "target_size", "rotation_days")
MAX_UPLOAD = 1024 * 1024  # a set's CSV is a few kilobytes; the library system's figures are limited the same way
SHOWN_PROBLEMS = 50

# the sentences the shared tables lack (app/outreach/texts.py is another's to keep)
_ERRORS = {
    "no_list": N_("Ielīmējiet grāmatu sarakstu vai izvēlieties CSV failu."),
    "file_too_large": N_("Fails ir pārāk liels: ne vairāk kā 1 MB."),
}
WHY_CLOSED = {"weekday": N_("bibliotēka šajā nedēļas dienā nestrādā"), "closed": N_("bibliotēka slēgta")}


def _texts(errors: dict[str, str], language: str) -> dict[str, str]:
    own = {name: translate(_ERRORS[code], language) for name, code in errors.items() if code in _ERRORS}
    return {**error_texts({name: code for name, code in errors.items() if code not in _ERRORS}, language), **own}


def _branches(staff: dict) -> list[int] | None:
    if is_coordinator(staff):
        return None
    return [staff["branch"]] if staff.get("branch") else []


def where(row: dict | None) -> str:
    """Where a placement is: the service point, the partner or the group."""
    if not row:
        return ""
    return row.get("place_name") or row.get("partner_name") or row.get("group_name") or ""


async def _set(staff: dict, set_id: int) -> dict:
    book_set = await set_detail(set_id)
    if book_set is None or not can_edit_branch(staff, book_set["branch"]):
        raise NotFoundException()
    return book_set


async def _placement(staff: dict, placement_id: int) -> dict:
    placement = await placement_detail(placement_id)
    if placement is None or not can_edit_branch(staff, placement["branch"]):
        raise NotFoundException()
    return placement


def _day(value: object, default: date | None = None) -> date:
    if value is None or str(value).strip() == "":
        if default is None:
            raise ValueError("required")
        return default
    return in_range(parse_date(value))


def _back(location: str) -> Redirect:
    return Redirect(path=location, status_code=303)


# --- the sets ---------------------------------------------------------------------------------

async def _choices(staff: dict) -> dict:
    """The libraries, service points and partners a set's form offers this person."""
    branches = [b for b in await Branch.select(Branch.id, Branch.short_name, Branch.closed_on).order_by(Branch.short_name)
                if b["closed_on"] is None and can_edit_branch(staff, b["id"])]
    ids = [b["id"] for b in branches] or [-1]
    points = await Place.select(Place.id, Place.name, Place.branch, Place.branch.short_name.as_alias("branch_name")).where(
        (Place.kind == PlaceKind.SERVICE_POINT.value) & (Place.active == True) & Place.branch.is_in(ids)).order_by(Place.name)  # noqa: E712
    partners = await Partner.select(Partner.id, Partner.name, Partner.branch).where(Partner.active == True).order_by(Partner.name)  # noqa: E712
    partners = [p for p in partners if p["branch"] is None or p["branch"] in ids]
    return {"branches": branches, "points": points, "partners": partners, "receivers": RECEIVERS, "network": is_coordinator(staff)}


def _raw_of(book_set: dict) -> dict:
    raw = {name: book_set.get(name) for name in FIELDS}
    raw.update(branch_id=book_set["branch"], place_id=book_set["place"], partner_id=book_set["partner"])
    return raw


def _form_page(request: Request, context: dict, errors: dict | None = None) -> Template:
    texts = _texts(errors or {}, request.state.lang)
    return Template("outreach/sets/form.html", context={**context, "errors": texts}, status_code=422 if errors else 200)


class SetController(Controller):
    path = "/outreach/sets"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, staff: NamedDependency[dict]) -> Template:
        today = local_today()
        rows = await sets_of(_branches(staff), today=today)
        for row in rows:
            row["where"] = where(row["out"]) or label(RECEIVERS, row["receiver"], request.state.lang)
        return Template("outreach/sets/index.html", context={
            "sets": rows, "network": is_coordinator(staff), "receivers": RECEIVERS, "today": today,
            "can_add": bool(staff.get("branch")) or is_coordinator(staff)})

    @get("/new")
    async def new(self, request: Request, staff: NamedDependency[dict]) -> Template:
        raw = {"branch_id": staff.get("branch"), "receiver": "service_point", "rotation_days": 60, "target_size": ""}
        return _form_page(request, {"book_set": None, "raw": raw, **await _choices(staff)})

    @post("/new", status_code=200)
    async def create(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        return await self._save(request, staff, None)

    @get("/{set_id:int}/edit")
    async def edit(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Template:
        book_set = await _set(staff, set_id)
        return _form_page(request, {"book_set": book_set, "raw": _raw_of(book_set), **await _choices(staff)})

    @post("/{set_id:int}/edit", status_code=200)
    async def update(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Template | Redirect:
        return await self._save(request, staff, await _set(staff, set_id))

    async def _save(self, request: Request, staff: dict, book_set: dict | None) -> Template | Redirect:
        form = await request.form()
        raw = {name: form.get(name) for name in FIELDS}
        if not is_coordinator(staff):
            raw["branch_id"] = staff.get("branch")  # a librarian keeps her own library's sets
        raw["version"] = form.get("version")
        try:
            draft = await validate_set(raw, staff)
            set_id = await save_set(draft, book_set["id"] if book_set else None, version=digits(raw["version"]) if book_set else None)
        except ValidationFailed as failed:
            return _form_page(request, {"book_set": book_set, "raw": raw, **await _choices(staff)}, failed.errors)
        say(request, translate("Kopa saglabāta.", request.state.lang))
        return _back(f"/outreach/sets/{set_id}")

    @get("/{set_id:int}")
    async def show(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Template:
        return await self._page(request, await _set(staff, set_id))

    async def _page(self, request: Request, book_set: dict, *, status_code: int = 200, **extra) -> Template:
        today = local_today()
        for placement in book_set["placements"]:
            placement["where"] = where(placement) or label(RECEIVERS, book_set["receiver"], request.state.lang)
        if book_set["receiver"] == "service_point":
            receiver_name = book_set["place_name"] or ""
        else:
            receiver_name = book_set["partner_name"] if book_set["receiver"] == "partner" else book_set["group_name"]
        context = {
            "s": book_set, "receiver": label(RECEIVERS, book_set["receiver"], request.state.lang), "receiver_name": receiver_name or "",
            "today": today, "due_default": today + timedelta(days=book_set["rotation_days"]),
            "paste": "", "mode": "add", "problems": [], "hidden_problems": 0, "lend_errors": {}, "lend_raw": {}, **extra,
        }
        return Template("outreach/sets/show.html", context=context, status_code=status_code)

    @post("/{set_id:int}/titles", status_code=200, request_max_body_size=2 * MAX_UPLOAD)
    async def titles(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Template | Redirect:
        book_set = await _set(staff, set_id)
        form = await request.form()
        pasted = str(form.get("text") or "")
        mode = "replace" if form.get("mode") == "replace" else "add"
        upload = form.get("file")
        data = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
        lang = request.state.lang

        async def refused(messages: list[str]) -> Template:
            return await self._page(request, book_set, status_code=422, paste=pasted[:200_000], mode=mode, problems=messages[:SHOWN_PROBLEMS],
                              hidden_problems=max(0, len(messages) - SHOWN_PROBLEMS))

        if len(data) > MAX_UPLOAD:
            return await refused([translate(_ERRORS["file_too_large"], lang)])
        if not data and not pasted.strip():
            return await refused([translate(_ERRORS["no_list"], lang)])
        try:
            titles = parse_csv(data) if data else parse_pasted(pasted)
            count = await (replace_titles if mode == "replace" else add_titles)(set_id, titles)
        except TitlesRejected as rejected:
            return await refused(problem_texts(rejected.problems, lang))
        if mode == "replace":
            say(request, ngettext("Saraksts aizstāts: %(num)d grāmata.", "Saraksts aizstāts: %(num)d grāmatas.", count, lang))
        else:
            say(request, ngettext("Pievienota %(num)d grāmata.", "Pievienotas %(num)d grāmatas.", count, lang))
        return _back(f"/outreach/sets/{set_id}")

    @post("/{set_id:int}/titles/{title_id:int}/remove", status_code=200)
    async def remove(self, request: Request, staff: NamedDependency[dict], set_id: RowId, title_id: RowId) -> Redirect:
        await _set(staff, set_id)
        if not await remove_title(set_id, title_id):
            raise NotFoundException()
        say(request, translate("Grāmata izņemta no kopas.", request.state.lang))
        return _back(f"/outreach/sets/{set_id}")

    @post("/{set_id:int}/lend", status_code=200)
    async def lend(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Template | Redirect:
        book_set = await _set(staff, set_id)
        form = await request.form()
        raw = {"placed_on": str(form.get("placed_on") or ""), "due_on": str(form.get("due_on") or "")}
        errors: dict[str, str] = {}
        placed_on = due_on = None
        try:
            placed_on = _day(raw["placed_on"])
        except ValueError as error:
            errors["placed_on"] = str(error)
        try:
            due_on = _day(raw["due_on"]) if raw["due_on"].strip() else None
        except ValueError as error:
            errors["due_on"] = str(error)
        if not errors:
            try:
                await lend_set(set_id, placed_on, due_on, staff)
            except ValidationFailed as failed:
                errors = failed.errors
        if errors:
            return await self._page(request, book_set, status_code=422, lend_errors=_texts(errors, request.state.lang), lend_raw=raw)
        say(request, translate("Kopa izsniegta.", request.state.lang))
        return _back(f"/outreach/sets/{set_id}")

    @post("/{set_id:int}/deactivate", status_code=200)
    async def deactivate(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Redirect:
        await _set(staff, set_id)
        await set_active(set_id, False)
        say(request, translate("Kopa vairs netiek piedāvāta maiņai.", request.state.lang))
        return _back(f"/outreach/sets/{set_id}")

    @post("/{set_id:int}/activate", status_code=200)
    async def activate(self, request: Request, staff: NamedDependency[dict], set_id: RowId) -> Redirect:
        await _set(staff, set_id)
        await set_active(set_id, True)
        say(request, translate("Kopa atkal tiek piedāvāta maiņai.", request.state.lang))
        return _back(f"/outreach/sets/{set_id}")


# --- rotation and return ------------------------------------------------------------------

def _spans(days: list[tuple[date, str]]) -> list[tuple[date, date, str]]:
    """Consecutive days with the same reason as one span."""
    spans: list[tuple[date, date, str]] = []
    for day, why in days:
        if spans and spans[-1][2] == why and spans[-1][1] + timedelta(days=1) == day:
            spans[-1] = (spans[-1][0], day, why)
        else:
            spans.append((day, day, why))
    return spans


async def _moved(proposal, closed_days: dict, language: str) -> list[dict]:
    """Why the delivery is not on its due day: each closed day (or run of days) with its reason, a
    public holiday by its name in the reader's language."""
    branch = proposal.place["branch"]
    if branch not in closed_days:
        closed_days[branch] = await open_days(branch, proposal.due_on)
    days = []
    day = proposal.due_on
    while day < proposal.day:
        why = closed_days[branch].why_closed(day)
        if why is not None:
            if why in WHY_CLOSED:
                text = translate(WHY_CLOSED[why], language)
            else:
                text = holiday_name(day, language) if holiday_name(day) == why else why
            days.append((day, text))
        day += timedelta(days=1)
    return [{"first": first, "last": last, "why": why} for first, last, why in _spans(days)]


async def _sets_in(branch_id: int, cache: dict) -> list[dict]:
    """The branch's sets in the library, ready to go out: active, with titles."""
    if branch_id not in cache:
        cache[branch_id] = [row for row in await sets_of([branch_id]) if row["active"] and row["out"] is None and row["titles"]]
    return cache[branch_id]


async def _rotation_page(request: Request, staff: dict, *, failed: dict | None = None) -> Template:
    settings = request.app.state.settings
    today, lang, branches = local_today(), request.state.lang, _branches(staff)
    found = await proposals(branches, today=today, repeat_months=settings.set_repeat_months)
    closed_days: dict = {}
    in_library: dict = {}
    rows = []
    for proposal in found:
        raw = {"day": proposal.day.isoformat(), "start_time": "10:00", "end_time": "11:00",
               "set_id": str(proposal.going_out["id"]) if proposal.going_out else "", "repeat_allowed": False,
               "session_id": str(proposal.session["id"]) if proposal.session else ""}
        errors = {}
        if failed and failed["place_id"] == proposal.place["id"]:
            raw, errors = failed["raw"], failed["errors"]
        rows.append({"p": proposal, "moved": await _moved(proposal, closed_days, lang), "sets": await _sets_in(proposal.place["branch"], in_library),
                     "raw": raw, "errors": errors})
    unmatched = bool(failed) and not any(row["errors"] for row in rows)
    deliveries = await planned_deliveries(branches, datetime.combine(today, time.min))
    return Template("outreach/rotation/index.html", status_code=422 if failed else 200, context={
        "rows": rows, "deliveries": deliveries, "network": is_coordinator(staff), "today": today,
        "repeat_months": settings.set_repeat_months, "failed_errors": failed["errors"] if unmatched else {}})


class RotationController(Controller):
    path = "/outreach"
    include_in_schema = False

    @get("/rotation")
    async def rotation(self, request: Request, staff: NamedDependency[dict]) -> Template:
        return await _rotation_page(request, staff)

    @post("/rotation", status_code=200)
    async def accept(self, request: Request, staff: NamedDependency[dict]) -> Template | Redirect:
        form = await request.form()
        settings, lang = request.app.state.settings, request.state.lang
        raw = {name: str(form.get(name) or "") for name in ("place_id", "returning_id", "day", "start_time", "end_time", "set_id", "session_id")}
        raw["repeat_allowed"] = bool(form.get("repeat_allowed"))
        place_id = digits(raw["place_id"])
        place = await Place.select(Place.id, Place.name, Place.branch).where(Place.id == place_id).first() if place_id else None
        if place is None or not can_edit_branch(staff, place["branch"]):
            raise NotFoundException()
        errors: dict[str, str] = {}
        values: dict = {}
        session_id = digits(raw["session_id"])
        for name, parse in (("day", _day), ("start_time", parse_time), ("end_time", parse_time)):
            if session_id is not None:
                values = {"day": local_today(), "start_time": time(10, 0), "end_time": time(11, 0)}  # the planned delivery's stand
                break
            try:
                values[name] = parse(raw[name])
            except ValueError as error:
                errors[name] = str(error)
        if not errors:
            try:
                item_id = await accept_proposal(
                    place_id=place["id"], day=values["day"], start=values["start_time"], end=values["end_time"],
                    set_id=digits(raw["set_id"]), returning_id=digits(raw["returning_id"]), staff=staff,
                    title=translate("Grāmatu kopas maiņa", "lv") + ": " + place["name"],
                    repeat_allowed=raw["repeat_allowed"], repeat_months=settings.set_repeat_months, session_id=session_id)
            except ValidationFailed as failed:
                errors = failed.errors
        if errors:
            return await _rotation_page(request, staff, failed={"place_id": place["id"], "raw": raw, "errors": _texts(errors, lang)})
        say(request, translate("Piegāde ieplānota un publicēta programmā.", lang))
        return _back(f"/items/{item_id}")

    @get("/placements/{placement_id:int}/return")
    async def return_form(self, request: Request, staff: NamedDependency[dict], placement_id: RowId) -> Template:
        placement = await _placement(staff, placement_id)
        return self._return_page(placement, {"returned_on": local_today().isoformat()})

    def _return_page(self, placement: dict, raw: dict, *, back: set[int] | None = None, errors: dict | None = None,
                     status_code: int = 200) -> Template:
        placement["where"] = where(placement)
        ticked = set(range(len(placement["titles"]))) if back is None else back
        return Template("outreach/rotation/return.html", status_code=status_code, context={
            "pl": placement, "raw": raw, "ticked": ticked, "errors": errors or {}})

    @post("/placements/{placement_id:int}/return", status_code=200)
    async def return_save(self, request: Request, staff: NamedDependency[dict], placement_id: RowId) -> Template | Redirect:
        placement = await _placement(staff, placement_id)
        form = await request.form()
        lang = request.state.lang
        back = {n for n in map(digits, form.getall("back") if "back" in form else []) if n is not None}
        raw = {"returned_on": str(form.get("returned_on") or "")}
        try:
            day = _day(raw["returned_on"], local_today())
            missing = await return_set(placement_id, back, day, staff)
        except ValueError as error:
            return self._return_page(placement, raw, back=back, errors=_texts({"returned_on": str(error)}, lang), status_code=422)
        except ValidationFailed as failed:
            again = failed.errors.get("placement") == "already_returned"
            placement = await _placement(staff, placement_id) if again else placement
            return self._return_page(placement, raw, back=back, errors=_texts(failed.errors, lang), status_code=409 if again else 422)
        if missing:
            say(request, ngettext("Kopa atgriezta; trūkst %(num)d grāmatas.", "Kopa atgriezta; trūkst %(num)d grāmatu.", len(missing), lang),
                level="warning")
        else:
            say(request, translate("Kopa atgriezta pilnā sastāvā.", lang))
        return _back(f"/outreach/sets/{placement['book_set']}")


SET_HANDLERS: list = [SetController, RotationController]
