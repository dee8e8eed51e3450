"""Creating and editing programme items in the planner's dialog, and the item's own page."""
from __future__ import annotations

import json
from datetime import date, datetime, time
from urllib.parse import urlsplit

from litestar.di import NamedDependency
from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.response import Redirect, Template

from app.planning.forms import blank_fields, form_choices, form_to_fields, item_to_fields, warning_texts
from app.kernel.i18n import error_text, error_texts, format_day, label, translate
from app.kernel.web import RowId, digits, notice_trigger, page_or_fragment, require_branch, say
from models.attendance import FIELDS_BY_KIND, item_attendance
from models.kernel.clock import local_now
from models.planning.clashes import Warning, find_clashes, overridden_before
from models.kernel.enums import SeriesScope, Status
from models.planning.programme import StaleEdit, create_item, duplicate_item, edit_occurrence, move_item, record_and_tell, set_status, split_series, update_item
from models.partners import item_section
from models.planning.pictures import picture_of
from models.planning.queries import item_detail, item_history
from models.planning.status import StatusChangeRefused, allowed_statuses
from models.kernel.tables import Occurrence
from models.planning.fields import ItemFields
from models.planning.validation import validate_item
from models.kernel.validation import ValidationFailed, parse_date

FORM_PAGE, FORM = "planning/items/form_page.html", "planning/items/_form.html"


def _changed(request: HTMXRequest, location: str, notice: str = "", undo: str | None = None) -> Response:
    """After a save: an HTMX dialog closes and the planner refreshes itself, saying what was done;
    the item's own page is loaded again to show the change; without JS, go to the item."""
    if request.htmx and not urlsplit(request.htmx.current_url or "").path.startswith("/items/"):
        trigger = {"planner-changed": True, "dialog-close": True, **(notice_trigger(notice, undo=undo) if notice else {})}
        return Response(content="", status_code=200, headers={"HX-Trigger": json.dumps(trigger), "HX-Reswap": "none"})
    if notice:
        say(request, notice, undo=undo)
    if request.htmx:
        return Response(content="", status_code=200, headers={"HX-Redirect": location})
    return Redirect(path=location, status_code=303)


async def item_form(request: HTMXRequest, staff: dict, fields: ItemFields, *, item=None, occurrence=None, scope="all",
                    errors=None, warnings=None, message=None, status_code=200, headers=None) -> Template:
    """The item dialog's form: new, editing, or answering a save with its errors or warnings."""
    context = {  # "raw": the templates' name for the form's fields
        "raw": fields, "item": item, "occurrence": occurrence, "scope": scope, "staff": staff,
        "errors": error_texts(errors or {}, request.state.lang), "warnings": warnings or [], "message": message,
        **await form_choices(staff, fields, item["status"] if item else None),
    }
    return page_or_fragment(request, FORM_PAGE, FORM, context, status_code=status_code, headers=headers or {})


async def _warnings(request: HTMXRequest, item: dict | None, draft_sessions: list[tuple[datetime, datetime]], *, kind: str, place_id,
                    responsible_id, all_day: bool, branch_id: int, new: bool) -> list:
    """The dialog's warnings for these sessions, less those once saved past; "already past" for a new time."""
    warnings = await find_clashes(draft_sessions, kind=kind, place_id=place_id, responsible_id=responsible_id, all_day=all_day,
                                  exclude_item_id=item["id"] if item else None, language=request.state.lang, branch_id=branch_id)
    seen = await overridden_before(item["id"] if item else None)
    warnings = [w for w in warnings if w.key not in seen]  # once saved past, a warning is not put to her again
    first = min(start for start, _ in draft_sessions)
    if new and first < local_now():
        warnings.insert(0, Warning("in_the_past", first))
    return warnings


async def _load(item_id: int) -> dict:
    item = await item_detail(item_id)
    if item is None:
        raise NotFoundException()
    return item


async def _occurrence(item: dict, occurrence_id: int | None) -> dict | None:
    if occurrence_id is None:
        return None
    return next((o for o in item["occurrences"] if o["id"] == occurrence_id), None)


class ItemController(Controller):
    path = "/items"
    include_in_schema = False

    async def _form(self, request: HTMXRequest, staff: dict, fields: ItemFields, **kwargs) -> Template:
        return await item_form(request, staff, fields, **kwargs)

    @get("/new")
    async def new(self, request: HTMXRequest, staff: NamedDependency[dict], day: FromQuery[str | None] = None, branch: FromQuery[int | None] = None) -> Template:
        try:
            start = parse_date(day) if day else None
        except ValueError:
            start = None
        return await self._form(request, staff, blank_fields(staff, start, branch))

    async def _save(self, request: HTMXRequest, staff: dict, item: dict | None) -> Template | Response:
        form = await request.form()
        fields = form_to_fields(form)
        scope = form.get("scope") or SeriesScope.ALL.value
        occurrence = await _occurrence(item, digits(form.get("occurrence_id"))) if item and digits(form.get("occurrence_id")) else None
        render = dict(item=item, occurrence=occurrence, scope=scope)
        try:
            draft = await validate_item(fields, staff)
        except ValidationFailed as failed:
            return await self._form(request, staff, fields, errors=failed.errors, status_code=422, **render)
        sessions = [(s, s + draft.duration) for s in draft.occurrence_starts()]
        if occurrence is not None and scope == SeriesScope.THIS.value:
            sessions = [(draft.starts_at, draft.ends_at)]
        warnings = await _warnings(request, item, sessions, kind=draft.kind, place_id=draft.place_id, responsible_id=draft.responsible_id,
                                   all_day=draft.all_day, branch_id=draft.branch_id, new=item is None)
        texts = warning_texts(warnings, request.state.lang)
        if texts and form.get("override") != "1":
            return await self._form(request, staff, fields, warnings=texts, **render)
        try:
            item_id = await self._store(staff, draft, item, occurrence, scope)
        except StaleEdit:
            return await self._form(request, staff, fields, message=error_text("stale", request.state.lang), status_code=409, **render)
        except StatusChangeRefused as refused:
            return await self._form(request, staff, fields, errors={"status": refused.code}, status_code=422, **render)
        except ValidationFailed as failed:
            return await self._form(request, staff, fields, errors=failed.errors, status_code=422, **render)
        if texts:
            await record_and_tell(item_id, staff["id"], "warnings_overridden", {"warnings": texts, "seen": [w.key for w in warnings]})
        lang = request.state.lang
        if item is None:
            notice = translate("Ieraksts „{title}” izveidots.", lang)
        elif item_id != item["id"]:
            notice = translate("Sērija sadalīta: „{title}” no šīs reizes ir jauns ieraksts.", lang)
        else:
            notice = translate("Izmaiņas saglabātas: „{title}”.", lang)
        return _changed(request, f"/items/{item_id}", notice.format(title=draft.title))

    async def _store(self, staff, draft, item, occurrence, scope) -> int:
        if item is None:
            return await create_item(draft, staff["id"])
        if occurrence is not None and scope == SeriesScope.THIS.value and item["rrule"]:
            if draft.version is not None and draft.version != item["version"]:
                raise StaleEdit(item["id"])
            await edit_occurrence(occurrence["id"], starts_at=draft.starts_at, ends_at=draft.ends_at, place_id=draft.place_id,
                                  cancelled=occurrence["cancelled"], note=occurrence["note"], staff_id=staff["id"])
            return item["id"]
        if occurrence is not None and scope == SeriesScope.FOLLOWING.value and item["rrule"]:
            return await split_series(item["id"], occurrence["id"], draft, staff["id"])
        await update_item(item["id"], draft, staff["id"])
        return item["id"]

    @post("/")
    async def create(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Template | Response:
        return await self._save(request, staff, None)

    @get("/{item_id:int}")
    async def show(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId) -> Template:
        return await item_page(request, staff, item_id)

    @get("/{item_id:int}/edit")
    async def edit(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId, occurrence: FromQuery[int | None] = None) -> Template:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        chosen = await _occurrence(item, occurrence)
        scope = SeriesScope.THIS.value if chosen and item["rrule"] else SeriesScope.ALL.value
        return await self._form(request, staff, item_to_fields(item, chosen if scope == "this" else None), item=item, occurrence=chosen, scope=scope)

    @post("/{item_id:int}")
    async def update(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId) -> Template | Response:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        return await self._save(request, staff, item)

    @post("/{item_id:int}/status")
    async def change_status(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId) -> Template | Response:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        form = await request.form()
        try:
            status = Status(form.get("status"))
            version = digits(form.get("version"))
            await set_status(item_id, status, staff["id"], version=version)
        except ValueError:
            return _notice(request, error_text("choice", request.state.lang), 422)
        except StatusChangeRefused as refused:
            return _notice(request, error_text(refused.code, request.state.lang), 422)
        except StaleEdit:
            return _notice(request, error_text("stale", request.state.lang), 409)
        notice = translate("Statuss nomainīts: {status}.", request.state.lang).format(status=label(status.value, request.state.lang))
        return _changed(request, f"/items/{item_id}", notice)

    @post("/{item_id:int}/duplicate")
    async def duplicate(self, request: HTMXRequest, staff: NamedDependency[dict], item_id: RowId) -> Response | Template:
        item = await _load(item_id)
        require_branch(staff, item["branch"])
        form = await request.form()
        new_start = None
        if form.get("start_date"):
            try:
                day = parse_date(form.get("start_date"))
            except ValueError as error:
                return _notice(request, error_text(str(error), request.state.lang), 422)
            if not 2000 <= day.year <= 2100:
                return _notice(request, error_text("date_out_of_range", request.state.lang), 422)
            new_start = datetime.combine(day, item["starts_at"].time())
        new_id = await duplicate_item(item_id, staff["id"], new_start=new_start)
        say(request, translate("Kopija izveidota kā melnraksts. Pārbaudiet to un publicējiet, kad gatavs.", request.state.lang))
        if request.htmx:
            return ClientRedirect(redirect_to=f"/items/{new_id}")
        return Redirect(path=f"/items/{new_id}", status_code=303)


async def item_page(request: HTMXRequest, staff: dict, item_id: int, *, ask_error: str = "", picture_error: str = "",
                    status_code: int = 200) -> Template:
    """The item's page; asking partners and uploading a picture answer here too when they went wrong."""
    item = await _load(item_id)
    context = {"item": item, "history": await item_history(item_id), "staff": staff, "can_edit": _can_edit(staff, item),
               "picture": await picture_of(item_id), "picture_error": picture_error,
               "allowed": allowed_statuses(Status(item["status"])), "confirmations": await item_section(item_id),
               "attendance": await item_attendance(item_id) if item["status"] not in ("draft", "cancelled") else [],
               "attendance_fields": FIELDS_BY_KIND, "ask_error": ask_error}
    return Template("planning/items/page.html", context=context, status_code=status_code)


def _can_edit(staff: dict, item: dict) -> bool:
    from models.kernel.permissions import can_edit_branch

    return can_edit_branch(staff, item["branch"])


def _notice(request: HTMXRequest, message: str, status_code: int) -> Template:
    return page_or_fragment(request, "errors/page.html", "errors/_message.html", {"message": message, "status": status_code}, status_code=status_code)


class OccurrenceController(Controller):
    """One session of a series: cancel it or bring it back without touching the others."""

    path = "/occurrences"
    include_in_schema = False

    async def _set_cancelled(self, request: HTMXRequest, staff: dict, occurrence_id: int, cancelled: bool) -> Response | Template:
        row = await Occurrence.select(Occurrence.all_columns(), Occurrence.item.branch.as_alias("branch")).where(Occurrence.id == occurrence_id).first()
        if row is None:
            raise NotFoundException()
        require_branch(staff, row["branch"])
        try:
            await edit_occurrence(occurrence_id, starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=row["place"],
                                  cancelled=cancelled, note=row["note"], staff_id=staff["id"])
        except ValidationFailed as failed:  # a session with attendance is not cancelled (models/planning/recorded.py)
            return _notice(request, " ".join(error_texts(failed.errors, request.state.lang).values()), 422)
        day = row["starts_at"].strftime("%d.%m.%Y.")
        if cancelled:  # one click cancels; the message carries the way back
            notice = translate("Reize {day} atcelta.", request.state.lang).format(day=day)
            return _changed(request, f"/items/{row['item']}", notice, undo=f"/occurrences/{occurrence_id}/restore")
        return _changed(request, f"/items/{row['item']}", translate("Reize {day} atjaunota.", request.state.lang).format(day=day))

    @post("/{occurrence_id:int}/move")
    async def move(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Response | Template:
        """A session dragged (or moved with Alt+arrow) to another day, or hour in the week: moved at once
        when nothing warns, else the dialog opens at the new time with the warnings, as if she had typed it."""
        row = await Occurrence.select(Occurrence.all_columns(), Occurrence.item.branch.as_alias("branch")).where(Occurrence.id == occurrence_id).first()
        if row is None:
            raise NotFoundException()
        require_branch(staff, row["branch"])
        item = await _load(row["item"])
        values = {**request.query_params, **dict(await request.form())}
        try:
            day = date.fromisoformat(str(values.get("day") or ""))
        except ValueError:
            return _notice(request, error_text("date_format", request.state.lang), 422)
        hour = digits(values.get("hour"))
        start_time = time(hour, row["starts_at"].minute) if hour is not None and hour < 24 and not item["all_day"] else row["starts_at"].time()
        new_start = datetime.combine(day, start_time)
        new_end = new_start + (row["ends_at"] - row["starts_at"])
        if new_start == row["starts_at"]:
            return Response(content="", status_code=204)
        series = bool(item["rrule"])
        moved = {**row, "starts_at": new_start, "ends_at": new_end}
        warnings = await _warnings(request, item, [(new_start, new_end)], kind=item["kind"], place_id=row["place"] or item["place"],
                                   responsible_id=item["responsible"], all_day=item["all_day"], branch_id=item["branch"], new=True)
        if warnings and values.get("override") != "1":
            fields = item_to_fields(item, moved)
            headers = {"HX-Retarget": "#dialog-body", "HX-Reswap": "innerHTML"}
            return await item_form(request, staff, fields, item=item, occurrence=row if series else None, scope="this" if series else "all",
                                   warnings=warning_texts(warnings, request.state.lang), headers=headers)
        try:
            if series:
                await edit_occurrence(occurrence_id, starts_at=new_start, ends_at=new_end, place_id=row["place"], cancelled=row["cancelled"],
                                      note=row["note"], staff_id=staff["id"])
                moved_id = occurrence_id
            else:
                await move_item(item["id"], new_start, staff["id"])
                moved_id = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item["id"]).first())["id"]
        except ValidationFailed as failed:  # a session with attendance stays where it happened
            return _notice(request, " ".join(error_texts(failed.errors, request.state.lang).values()), 422)
        old = row["starts_at"]
        undo = f"/occurrences/{moved_id}/move?day={old.date().isoformat()}&hour={old.hour}&override=1"
        notice = translate("„{title}” pārcelts uz {day}", request.state.lang).format(title=item["title"], day=format_day(new_start))
        return _changed(request, f"/items/{item['id']}", notice, undo=undo)

    @post("/{occurrence_id:int}/cancel")
    async def cancel(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Response | Template:
        return await self._set_cancelled(request, staff, occurrence_id, True)

    @post("/{occurrence_id:int}/restore")
    async def restore(self, request: HTMXRequest, staff: NamedDependency[dict], occurrence_id: RowId) -> Response | Template:
        return await self._set_cancelled(request, staff, occurrence_id, False)
